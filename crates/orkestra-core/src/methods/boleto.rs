//! Boleto (fact sheet §4.2): Brazil's "Cash" row. A boleto is paid at banks and lotéricas
//! but needs the payer's address, so it is not the same contract as the other countries'
//! cash vouchers.

use super::contract::{
    MethodName, PageTexts,
    in_countries, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind,
    WireNames,
};
use crate::market::{document_types, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "BOLETO",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("BOLETO"),
    kind: InstructionKind::Voucher,
    details: DetailsKind::None,
    options: OptionsKind::Boleto,
    markets: &in_countries([Country::BR]),
    payer_fields,
    optional_fields: no_fields,
    document_types,
    // The sheet states no limits.
    amount_limits: no_limits,
    // orkestra-api.md: `boleto.expiresAt` "usually 3 days" (§4.2: calendar days).
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(3 * 24 * 60),
    // A boleto is paid in cash or from any bank and cannot be reversed: orkestra-api.md
    // names it as the case for an alternative payout.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::AlternativePayout,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: true,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Brand("Boleto"),
        intro: "IntroBoleto",
        pay: "PayBoleto",
    },
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    use PayerField::*;
    match country {
        // A registered boleto needs the payer's address (CEP included).
        Country::BR => &[FullName, Document, Email, Address],
        _ => &[],
    }
}
