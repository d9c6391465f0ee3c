//! The contract every payment method fills in: [`MethodSpec`].

use crate::market::{AmountLimits, Country, DocumentType, Market, PayerField, RefundRoute};

// The fields only the servers read (Orkestra's wire names, the default expiry, the refund
// route, whether Orkestra needs the payer's name) are left out of the page's build
// (`cfg(not(target_arch = "wasm32"))`): a spec is a static, so every field of it and every
// function a field points to would otherwise be in the payer's download, about 1 KB gzip
// that the page's size budget does not have.
/// Everything the product knows about one payment method, in one value per method
/// (`methods/<method>.rs`), reached through the exhaustive [`super::spec`].
///
/// Per-country facts are functions of the country (a `match` in the method's own file).
/// They are only asked about markets the method lists in `markets`: the dispatchers in
/// [`super::rules`] answer "nothing" for the others, so a method's tables may end in a
/// `_` arm for "the rest".
#[derive(Debug, Clone, Copy)]
pub struct MethodSpec {
    /// The method's code in our APIs (the serde string): `"NEQUI"`.
    pub code: &'static str,
    /// Its `paymentMethod` on Orkestra's wire.
    #[cfg(not(target_arch = "wasm32"))]
    pub wire: WireNames,
    /// How the payer completes the payment once it is requested.
    pub kind: InstructionKind,
    /// What the method's own form asks for, besides the payer's data.
    pub details: DetailsKind,
    /// The options object it carries in an Orkestra transaction request.
    pub options: OptionsKind,
    /// Where it is offered.
    pub markets: &'static [Market],
    /// What the payer enters in a country, in the fixed order name, document, email,
    /// phone, address.
    pub payer_fields: fn(Country) -> &'static [PayerField],
    /// Which of those the payer may leave empty.
    pub optional_fields: fn(Country) -> &'static [PayerField],
    /// The document types it takes in a country, when it asks for a document.
    pub document_types: fn(Country) -> &'static [DocumentType],
    /// The smallest and largest charge, where a source states them.
    pub amount_limits: fn(Market) -> AmountLimits,
    /// How long an unpaid charge stays payable when the merchant sets no expiry; `None`
    /// for a method decided at once.
    #[cfg(not(target_arch = "wasm32"))]
    pub default_expiry_minutes: fn(Market) -> Option<u32>,
    /// How a refund reaches the payer (the same in every market).
    #[cfg(not(target_arch = "wasm32"))]
    pub refund_route: RefundRoute,
    /// Whether Orkestra's docs require the payer's `firstName`/`lastName` on the charge.
    #[cfg(not(target_arch = "wasm32"))]
    pub orkestra_needs_name: bool,
    /// How the payment page names, introduces and asks to pay by the method, as key names
    /// of locales/en.txt: the proxy draws the page's first form with them. The page names
    /// the same keys as `i18n::Key`s (src/methods/mod.rs), held to these by a unit test
    /// there; out of the wasm, where they would be bytes the page never reads.
    #[cfg(not(target_arch = "wasm32"))]
    pub texts: PageTexts,
}

/// A method's texts on the payment page ([`MethodSpec::texts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageTexts {
    pub name: MethodName,
    /// The line under the form's title.
    pub intro: &'static str,
    /// The submit button.
    pub pay: &'static str,
}

/// How a method is named in the page's picker: a brand (Pix, PSE, Nequi…) is the same in
/// every language; a family of methods (cards, cash, bank transfers) is a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodName {
    Brand(&'static str),
    Text(&'static str),
}

impl MethodSpec {
    /// Whether the outcome is known when the create call answers: only a card's
    /// authorisation is real time; every other kind answers `PENDING` with instructions
    /// and settles later by webhook, so the page waits and polls for them.
    pub const fn is_synchronous(&self) -> bool {
        match self.kind {
            InstructionKind::Card => true,
            InstructionKind::Qr
            | InstructionKind::Voucher
            | InstructionKind::Transfer
            | InstructionKind::Redirect
            | InstructionKind::Push
            | InstructionKind::Otp
            | InstructionKind::Crypto => false,
        }
    }
}

/// A method's `paymentMethod` names on Orkestra's wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireNames {
    /// The name Orkestra knows it by (for a card: a credit card).
    pub name: &'static str,
    /// For a card: the name of a debit card, which in Brazil the payer chooses.
    pub debit: Option<&'static str>,
}

impl WireNames {
    /// A method with one name on the wire.
    pub const fn one(name: &'static str) -> WireNames {
        WireNames { name, debit: None }
    }
}

/// How the payer completes a payment after the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InstructionKind {
    /// Authorised at once, sometimes after a 3-D Secure step.
    Card,
    /// A code to scan or paste in a banking app (Pix).
    Qr,
    /// A document to pay at a bank or a counter (boleto, cash vouchers).
    Voucher,
    /// Account details to push a transfer to (SPEI, bank transfers, SEPA).
    Transfer,
    /// The bank's own page (PSE).
    Redirect,
    /// A request approved in a wallet app or with a PIN (Nequi, mobile money).
    Push,
    /// A one-time code sent by the wallet (Daviplata).
    Otp,
    /// A stablecoin transfer to an address.
    Crypto,
}

/// The inputs of a method's own form, besides the payer's data: what
/// [`crate::api::browser::MethodInput`] carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DetailsKind {
    /// Nothing of its own.
    None,
    /// Number, expiry, security code, instalments, credit or debit.
    Card,
    /// The PSE bank and the person type (natural or juridical).
    Pse,
    /// The mobile-money operator.
    MobileMoney,
    /// The network the stablecoin is sent on.
    Crypto,
    /// Optionally, the cash network the payer prefers.
    Cash,
}

/// The options object a method's transaction carries on Orkestra's wire
/// ([`crate::api::orkestra::TransactionRequest`]): the proxy maps a submission by this, so
/// a new method of an existing kind (another wallet) needs no proxy change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptionsKind {
    /// No options object: the instructions come back (SPEI, bank transfers, SEPA).
    None,
    Pix,
    Boleto,
    /// `creditCard`, for credit and debit cards alike.
    Card,
    Pse,
    Cash,
    /// `wallet`: wallets and mobile money (the phone is the customer's).
    Wallet,
    Crypto,
}

/// The same markets for every country a method is offered in, as [`Market`]s.
pub const fn in_countries<const N: usize>(countries: [Country; N]) -> [Market; N] {
    let mut markets = [Market::World; N];
    let mut i = 0;
    while i < N {
        markets[i] = Market::Country(countries[i]);
        i += 1;
    }
    markets
}

/// For a method with no optional payer field, or none at all.
pub fn no_fields(_: Country) -> &'static [PayerField] {
    &[]
}

/// For a method that asks for no document.
pub fn no_documents(_: Country) -> &'static [DocumentType] {
    &[]
}

/// For methods no source gives amount limits.
pub fn no_limits(_: Market) -> AmountLimits {
    AmountLimits::NONE
}
