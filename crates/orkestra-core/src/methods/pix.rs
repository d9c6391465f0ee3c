//! PIX (fact sheet §4.1): Brazil's instant payments, paid by scanning or pasting a code.

use super::contract::{
    MethodName, PageTexts,
    in_countries, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind,
    WireNames,
};
use crate::market::{document_types, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "PIX",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("PIX"),
    kind: InstructionKind::Qr,
    details: DetailsKind::None,
    options: OptionsKind::Pix,
    markets: &in_countries([Country::BR]),
    payer_fields,
    optional_fields: no_fields,
    document_types,
    // The sheet states no limits.
    amount_limits: no_limits,
    // orkestra-api.md: `pix.expiresAt` defaults to the account's setting, "usually 1
    // hour" (§4.1 of the sheet: PSP defaults vary from 1 h to 24 h).
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(60),
    // PIX has a refund ("devolução") of a received payment built into the scheme: it goes
    // back to the paying account.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::Original,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: true,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Brand("Pix"),
        intro: "IntroPix",
        pay: "PayPix",
    },
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    use PayerField::*;
    match country {
        Country::BR => &[FullName, Document, Email],
        _ => &[],
    }
}
