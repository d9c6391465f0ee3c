//! Every payment method, registered in one exhaustive map ([`method`]).
//!
//! Each method gives the same contract:
//! - its **kind** ([`Kind`]): how the payer pays once the request is made;
//! - its **form state**: a [`crate::state::PaymentForm`] built from the catalog's
//!   `form_fields(market, method)`, with `is_valid()` and the same rules as the proxy;
//! - the **exact request** it sends: `PaymentForm::submit()`'s `SubmitTransaction`;
//! - its **views**: the form ([`form::PaymentFormView`], one input component per
//!   `FormField`) and the instructions that follow ([`instructions`], one view per
//!   `NextAction`).
//!
//! Adding a `PaymentMethod`, a `FormField` or a `NextAction` does not compile until it is
//! handled here.

mod boleto;
pub mod card;
mod crypto;
pub mod fields;
pub mod form;
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

use crate::context::{Lang, Session};
use crate::i18n::Key;
use crate::kit::fresh::fresh;

/// How the payer completes a payment after the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
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

/// What the page needs to know of a method to offer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method {
    pub kind: Kind,
    /// Its name in the picker, unless it is a brand (see [`method_name`]).
    pub name: Option<Key>,
    /// One line under the form's title.
    pub intro: Key,
    /// The submit button.
    pub pay: Key,
}

/// The map: every method's contract.
pub fn method(method: PaymentMethod) -> Method {
    let (kind, name, intro, pay) = match method {
        PaymentMethod::Card => (
            Kind::Card,
            Some(Key::MethodCard),
            Key::IntroCard,
            Key::PayCard,
        ),
        PaymentMethod::Pix => (Kind::Qr, None, Key::IntroPix, Key::PayPix),
        PaymentMethod::Boleto => (Kind::Voucher, None, Key::IntroBoleto, Key::PayBoleto),
        PaymentMethod::Spei => (Kind::Transfer, None, Key::IntroSpei, Key::PayTransfer),
        PaymentMethod::Pse => (Kind::Redirect, None, Key::IntroPse, Key::PayBank),
        PaymentMethod::Cash => (
            Kind::Voucher,
            Some(Key::MethodCash),
            Key::IntroCash,
            Key::PayCash,
        ),
        PaymentMethod::BankTransfer => (
            Kind::Transfer,
            Some(Key::MethodBankTransfer),
            Key::IntroTransfer,
            Key::PayTransfer,
        ),
        PaymentMethod::Nequi => (Kind::Push, None, Key::IntroNequi, Key::PayPhone),
        PaymentMethod::Daviplata => (Kind::Otp, None, Key::IntroDaviplata, Key::PayPhone),
        PaymentMethod::MobileMoney => (
            Kind::Push,
            Some(Key::MethodMobileMoney),
            Key::IntroMobileMoney,
            Key::PayPhone,
        ),
        PaymentMethod::Sepa => (
            Kind::Transfer,
            Some(Key::MethodSepa),
            Key::IntroSepa,
            Key::PayTransfer,
        ),
        PaymentMethod::Crypto => (
            Kind::Crypto,
            Some(Key::MethodCrypto),
            Key::IntroCrypto,
            Key::PayCrypto,
        ),
    };
    Method {
        kind,
        name,
        intro,
        pay,
    }
}

/// The method's name as payers know it: a brand (Pix, PSE, Nequi…) is the same in every
/// language.
pub fn method_name(lang: Lang, m: PaymentMethod) -> &'static str {
    match (method(m).name, m) {
        (Some(key), _) => lang.t(key),
        (None, PaymentMethod::Pix) => "Pix",
        (None, PaymentMethod::Boleto) => "Boleto",
        (None, PaymentMethod::Spei) => "SPEI",
        (None, PaymentMethod::Pse) => "PSE",
        (None, PaymentMethod::Nequi) => "Nequi",
        (None, PaymentMethod::Daviplata) => "Daviplata",
        (None, _) => m.as_str(),
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
/// another way: codes, vouchers and transfers the payer has not acted on in our page. A
/// card's 3-D Secure, a bank's page and a wallet's prompt are decided elsewhere.
pub fn withdrawable(action: &NextAction) -> bool {
    matches!(
        action,
        NextAction::PixQrCode { .. }
            | NextAction::Boleto { .. }
            | NextAction::BankTransfer { .. }
            | NextAction::CashVoucher { .. }
            | NextAction::CryptoTransfer { .. }
    )
}

/// The status line while instructions are out.
pub fn waiting_heading(action: &NextAction) -> Key {
    match action {
        NextAction::ThreeDsChallenge { .. } | NextAction::BankRedirect { .. } => Key::WaitingBank,
        NextAction::ApproveOnPhone { .. } => Key::ApprovePhone,
        NextAction::EnterOtp { .. } => Key::OtpTitle,
        NextAction::PixQrCode { .. }
        | NextAction::Boleto { .. }
        | NextAction::BankTransfer { .. }
        | NextAction::CashVoucher { .. }
        | NextAction::CryptoTransfer { .. } => Key::Waiting,
    }
}
