//! SPEI (fact sheet §4.4): Mexico's interbank transfers, pushed by the payer to a CLABE.

use super::contract::{
    MethodName, PageTexts,
    in_countries, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind,
    WireNames,
};
use crate::market::{document_types, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "SPEI",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("SPEI"),
    kind: InstructionKind::Transfer,
    details: DetailsKind::None,
    options: OptionsKind::None,
    markets: &in_countries([Country::MX]),
    payer_fields,
    optional_fields: no_fields,
    document_types,
    // The sheet states no limits.
    amount_limits: no_limits,
    // §4.4 shows an expiry but gives no value. Our choice: 24 hours; SPEI settles in
    // seconds, 24/7, so a day is plenty for the payer to send it.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(24 * 60),
    // Every SPEI message carries the ordering account's CLABE, so the refund is a SPEI
    // transfer back to it.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::Original,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: true,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Brand("SPEI"),
        intro: "IntroSpei",
        pay: "PayTransfer",
    },
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    use PayerField::*;
    match country {
        // The master table asks for no document, but Orkestra requires an RFC or CURP for
        // SPEI (orkestra-api.md 4.4).
        Country::MX => &[FullName, Document, Email],
        _ => &[],
    }
}
