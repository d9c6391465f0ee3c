//! Monedero: a made-up Colombian wallet, added to check the steps of
//! docs/adding-a-method.md (its payer approves a push in the app, like Nequi's).

use super::mobile_money::PUSH_MINUTES;
use super::spec::{
    in_countries, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind,
    WireNames,
};
use crate::catalog::{document_types, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "MONEDERO",
    wire: WireNames::one("MONEDERO"),
    kind: InstructionKind::Push,
    details: DetailsKind::None,
    options: OptionsKind::Wallet,
    markets: &in_countries([Country::CO]),
    payer_fields,
    optional_fields: no_fields,
    document_types,
    amount_limits: no_limits,
    default_expiry_minutes: |_: Market| Some(PUSH_MINUTES),
    refund_route: RefundRoute::Original,
    orkestra_needs_name: false,
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    match country {
        Country::CO => &[PayerField::Email, PayerField::Phone],
        _ => &[],
    }
}
