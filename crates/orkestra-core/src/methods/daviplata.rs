//! Daviplata (fact sheet §4.6): Colombia's wallet reached by the payer's document, which
//! confirms the payment with a one-time code it sends.

use super::mobile_money::PUSH_MINUTES;
use super::contract::{
    MethodName, PageTexts,in_countries, DetailsKind, InstructionKind, MethodSpec, OptionsKind, WireNames};
use crate::market::{AmountLimits, Country, DocumentType, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "DAVIPLATA",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("DAVIPLATA"),
    kind: InstructionKind::Otp,
    details: DetailsKind::None,
    options: OptionsKind::Wallet,
    markets: &in_countries([Country::CO]),
    payer_fields,
    optional_fields,
    document_types,
    amount_limits,
    // §4.6: Daviplata's code has no stated lifetime. Our choice: the same 10 minutes as
    // mobile-money pushes.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(PUSH_MINUTES),
    // The wallet is known by its document and can be credited back.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::Original,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: false,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Brand("Daviplata"),
        intro: "IntroDaviplata",
        pay: "PayPhone",
    },
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    use PayerField::*;
    match country {
        Country::CO => &[Document, Email, Phone],
        _ => &[],
    }
}

/// Bracketed in the master table: the document reaches the wallet.
fn optional_fields(country: Country) -> &'static [PayerField] {
    match country {
        Country::CO => &[PayerField::Email, PayerField::Phone],
        _ => &[],
    }
}

/// Daviplata takes only CC, CE and TI (fact sheet 4.6).
fn document_types(_: Country) -> &'static [DocumentType] {
    &[DocumentType::Cc, DocumentType::Ce, DocumentType::Ti]
}

fn amount_limits(market: Market) -> AmountLimits {
    match market {
        // §4.6 (88pay ⚠️): Daviplata COP 1,000 to 2,000,000.
        Market::Country(country @ Country::CO) => {
            AmountLimits::major(country, Some(1_000), Some(2_000_000))
        }
        _ => AmountLimits::NONE,
    }
}
