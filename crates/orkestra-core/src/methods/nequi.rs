//! Nequi (fact sheet §4.6): Colombia's wallet reached by the payer's phone, which approves
//! a push in the app.

use super::mobile_money::PUSH_MINUTES;
use super::contract::{
    MethodName, PageTexts,
    in_countries, no_fields, DetailsKind, InstructionKind, MethodSpec, OptionsKind, WireNames,
};
use crate::market::{document_types, AmountLimits, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "NEQUI",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("NEQUI"),
    kind: InstructionKind::Push,
    details: DetailsKind::None,
    options: OptionsKind::Wallet,
    markets: &in_countries([Country::CO]),
    payer_fields,
    optional_fields: no_fields,
    document_types,
    amount_limits,
    // §4.6: the push "expires after a limited time ❓". Our choice: the same 10 minutes as
    // mobile-money pushes.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(PUSH_MINUTES),
    // The wallet is known by its phone number and can be credited back.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::Original,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: false,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Brand("Nequi"),
        intro: "IntroNequi",
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

fn amount_limits(market: Market) -> AmountLimits {
    match market {
        // §4.6 (88pay ⚠️): Nequi COP 1,000 to 3,000,000 per transaction.
        Market::Country(country @ Country::CO) => {
            AmountLimits::major(country, Some(1_000), Some(3_000_000))
        }
        _ => AmountLimits::NONE,
    }
}
