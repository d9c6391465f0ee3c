//! Every payment method, registered in one exhaustive map ([`method`]).
//!
//! Each method gives the same contract:
//! - its **kind** (orkestra-core's `InstructionKind`, from the method's spec): how the
//!   payer pays once the request is made;
//! - its **form state**: a [`crate::state::PaymentForm`] built from the catalog's
//!   `form_fields(market, method)`, with `is_valid()` and the same rules as the proxy;
//! - the **exact request** it sends: `PaymentForm::submit()`'s `SubmitTransaction`;
//! - its **views**: the form ([`form::PaymentFormView`], one input component per
//!   `FormField`) and the instructions that follow ([`instructions`], one view per
//!   `NextAction`).
//!
//! Adding a `PaymentMethod`, a `FormField` or a `NextAction` does not compile until it is
//! handled here ([`method`] gives each method its texts, one line each).

mod boleto;
pub mod card;
mod card_page;
mod crypto;
pub mod fields;
pub mod form;
pub mod later;
mod pix;
mod pse;
mod redirect;
pub mod sheet;
pub mod split;
mod transfer;
mod voucher;
mod wallet;

use leptos::prelude::*;
use orkestra_core::api::browser::NextAction;
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::methods::{spec, InstructionKind};

use crate::context::{Lang, Session};
use crate::i18n::Key;
use crate::kit::fresh::fresh;

/// How a method is named in the picker: a brand (Pix, PSE, Nequi…) is the same in every
/// language; a family of methods (cards, cash, bank transfers) is translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    Brand(&'static str),
    Key(Key),
}

/// What the page needs to know of a method to offer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method {
    /// How the payer completes the payment: the method's spec in orkestra-core says.
    pub kind: InstructionKind,
    pub name: Name,
    /// One line under the form's title.
    pub intro: Key,
    /// The submit button.
    pub pay: Key,
}

/// The map: every method's texts, one line each.
pub fn method(method: PaymentMethod) -> Method {
    use Name::{Brand, Key as Text};
    use PaymentMethod::*;
    let (name, intro, pay) = match method {
        Card => (Text(Key::MethodCard), Key::IntroCard, Key::PayCard),
        Pix => (Brand("Pix"), Key::IntroPix, Key::PayPix),
        Boleto => (Brand("Boleto"), Key::IntroBoleto, Key::PayBoleto),
        Spei => (Brand("SPEI"), Key::IntroSpei, Key::PayTransfer),
        Pse => (Brand("PSE"), Key::IntroPse, Key::PayBank),
        Cash => (Text(Key::MethodCash), Key::IntroCash, Key::PayCash),
        BankTransfer => (
            Text(Key::MethodBankTransfer),
            Key::IntroTransfer,
            Key::PayTransfer,
        ),
        Daviplata => (Brand("Daviplata"), Key::IntroDaviplata, Key::PayPhone),
        Nequi => (Brand("Nequi"), Key::IntroNequi, Key::PayPhone),
        MobileMoney => (
            Text(Key::MethodMobileMoney),
            Key::IntroMobileMoney,
            Key::PayPhone,
        ),
        Sepa => (Text(Key::MethodSepa), Key::IntroSepa, Key::PayTransfer),
        Crypto => (Text(Key::MethodCrypto), Key::IntroCrypto, Key::PayCrypto),
    };
    Method {
        kind: spec(method).kind,
        name,
        intro,
        pay,
    }
}

/// The method's name as payers know it.
pub fn method_name(lang: Lang, m: PaymentMethod) -> &'static str {
    match method(m).name {
        Name::Brand(brand) => brand,
        Name::Key(key) => lang.t(key),
    }
}

pub use wallet::focus;

/// What the payer does next, for every kind of instructions the server may send.
pub fn instructions(action: NextAction) -> AnyView {
    let lang = expect_context::<Lang>();
    let Session(session) = crate::context::page().session;
    // What this leg asks for: the leg's own amount (part of the charge when it is split),
    // the charge's for a session from before legs had one.
    let total = session.with_untracked(|s| {
        let leg = s.current_transaction().map(|t| t.amount.clone());
        (leg.unwrap_or_else(|| s.amount.clone()), s.currency)
    });
    let sheet = match action {
        NextAction::PixQrCode { emv, expires_at } => pix::sheet(lang, emv, expires_at),
        NextAction::Boleto {
            digitable_line,
            barcode,
            due_date,
            url,
        } => boleto::sheet(lang, total, digitable_line, barcode, due_date, url),
        NextAction::BankTransfer {
            bank_name,
            beneficiary,
            account_type,
            account_number,
            bic,
            reference,
            expires_at,
        } => transfer::sheet(
            lang,
            total,
            bank_name,
            beneficiary,
            &account_type,
            account_number,
            bic,
            reference,
            expires_at,
        ),
        NextAction::CashVoucher {
            reference,
            barcode,
            networks,
            expires_at,
        } => voucher::sheet(lang, total, reference, barcode, networks, expires_at),
        NextAction::CryptoTransfer {
            token,
            network,
            address,
            amount,
            expires_at,
        } => crypto::sheet(lang, token, network, address, amount, expires_at),
        NextAction::ThreeDsChallenge { url } => {
            return view! { <redirect::Redirect url text=Key::Redirect3ds button=Key::Continue3ds/> }
                .into_any()
        }
        NextAction::BankRedirect { url } => {
            return view! { <redirect::Redirect url text=Key::RedirectBank button=Key::PayBank/> }
                .into_any()
        }
        NextAction::CardPage { url } => return fresh(card_page::card_page(url)),
        NextAction::ApproveOnPhone {
            phone,
            operator,
            expires_at,
        } => return fresh(view! { <wallet::ApproveOnPhone phone operator expires_at/> }),
        NextAction::EnterOtp {
            phone,
            operator: _,
            expires_at,
        } => return fresh(view! { <wallet::EnterOtp phone expires_at/> }),
    };
    fresh(view! { <sheet::SheetView sheet/> })
}

/// Whether the payer may withdraw a leg waiting on these instructions and pay its part
/// another way: codes, vouchers and transfers the payer has not acted on in our page, and
/// Orkestra's card page (a payer who will not type a card there is not held by it; one who
/// did, races the withdrawal at Orkestra, which decides). A card's 3-D Secure, a bank's
/// page and a wallet's prompt are decided elsewhere.
pub fn withdrawable(action: &NextAction) -> bool {
    matches!(
        action,
        NextAction::PixQrCode { .. }
            | NextAction::Boleto { .. }
            | NextAction::BankTransfer { .. }
            | NextAction::CashVoucher { .. }
            | NextAction::CryptoTransfer { .. }
            | NextAction::CardPage { .. }
    )
}

/// The status line while instructions are out.
pub fn waiting_heading(action: &NextAction) -> Key {
    match action {
        NextAction::ThreeDsChallenge { .. } | NextAction::BankRedirect { .. } => Key::WaitingBank,
        NextAction::CardPage { .. } => Key::MethodCard,
        NextAction::ApproveOnPhone { .. } => Key::ApprovePhone,
        NextAction::EnterOtp { .. } => Key::OtpTitle,
        NextAction::PixQrCode { .. }
        | NextAction::Boleto { .. }
        | NextAction::BankTransfer { .. }
        | NextAction::CashVoucher { .. }
        | NextAction::CryptoTransfer { .. } => Key::Waiting,
    }
}

// The specs' page texts are not in the wasm build (they would be bytes the page never
// reads), so this runs under `cargo test` on the host only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::i18n::KEY_NAMES;
    use orkestra_core::methods::MethodName;

    /// The proxy draws the first form from the texts in each method's spec (orkestra-core);
    /// the page names them as `Key`s here: the same keys, or the drawn form would change
    /// when the page takes it over.
    #[test]
    fn the_pages_texts_of_each_method_are_its_specs() {
        for m in PaymentMethod::ALL {
            let page = method(m);
            let core = spec(m).texts;
            let name = |key: Key| KEY_NAMES[key as usize];
            match (page.name, core.name) {
                (Name::Brand(a), MethodName::Brand(b)) => assert_eq!(a, b, "{m:?}"),
                (Name::Key(key), MethodName::Text(b)) => assert_eq!(name(key), b, "{m:?}"),
                (page, core) => panic!("{m:?}: the page names it {page:?}, its spec {core:?}"),
            }
            assert_eq!(name(page.intro), core.intro, "{m:?}");
            assert_eq!(name(page.pay), core.pay, "{m:?}");
        }
    }
}
