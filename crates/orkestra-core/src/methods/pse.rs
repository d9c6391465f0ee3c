//! PSE (fact sheet §4.5): Colombia's bank debit, approved on the payer's bank's own page.

use super::contract::{
    MethodName, PageTexts,
    in_countries, no_fields, DetailsKind, InstructionKind, MethodSpec, OptionsKind, WireNames,
};
use crate::market::{AmountLimits, Country, DocumentType, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "PSE",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("PSE"),
    kind: InstructionKind::Redirect,
    details: DetailsKind::Pse,
    options: OptionsKind::Pse,
    markets: &in_countries([Country::CO]),
    payer_fields,
    optional_fields: no_fields,
    document_types,
    amount_limits,
    // §4.5 gives no session validity; confirmation takes 35–100 min, or T+1 for smaller
    // banks. Our choice: 24 hours, so a slow bank's approval still lands in time.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(24 * 60),
    // PSE is a one-time debit approved in the bank's portal; it has no refund message, so
    // PSPs send the money back by transfer to an account the payer gives.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::AlternativePayout,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: true,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Brand("PSE"),
        intro: "IntroPse",
        pay: "PayBank",
    },
};

/// The PSE person types, as PSE's bank pages name them.
pub const PERSON_TYPES: [&str; 2] = ["NATURAL", "JURIDICA"];

fn payer_fields(country: Country) -> &'static [PayerField] {
    use PayerField::*;
    match country {
        Country::CO => &[FullName, Document, Email, Phone],
        _ => &[],
    }
}

/// Orkestra's PSE takes CC, NIT, TI and CE (orkestra-api.md 4.5), so no passport.
fn document_types(_: Country) -> &'static [DocumentType] {
    &[DocumentType::Cc, DocumentType::Ce, DocumentType::Nit, DocumentType::Ti]
}

fn amount_limits(market: Market) -> AmountLimits {
    match market {
        // §4.5: "minimum ~COP 1,500–1,600 (Yuno/Solidgate)". We take the higher figure so
        // that no PSP of the sheet rejects an amount we let through.
        Market::Country(country @ Country::CO) => AmountLimits::major(country, Some(1_600), None),
        _ => AmountLimits::NONE,
    }
}
