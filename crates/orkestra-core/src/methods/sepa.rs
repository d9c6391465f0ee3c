//! SEPA (fact sheet §4.12): a credit transfer in euros the payer pushes from their bank.
//! The Eurozone is a market of its own rather than a method bolted onto some country.

use super::contract::{
    MethodName, PageTexts,
    no_documents, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind,
    WireNames,
};
use crate::market::{Market, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "SEPA",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("SEPA"),
    kind: InstructionKind::Transfer,
    details: DetailsKind::None,
    options: OptionsKind::None,
    markets: &[Market::Eurozone],
    // A credit transfer the payer pushes: nothing to enter (a direct debit would need an
    // IBAN, which is not a payer field yet).
    payer_fields: no_fields,
    optional_fields: no_fields,
    document_types: no_documents,
    // §4.12 states no limits.
    amount_limits: no_limits,
    // §4.12 gives no value for SEPA Credit Transfer. Our choice: 3 days, as for bank
    // transfers: a non-instant SCT takes up to one business day, more over a weekend.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(3 * 24 * 60),
    // A Credit Transfer carries the payer's IBAN and a Direct Debit was pulled from one,
    // so the refund goes back to that IBAN.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::Original,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: false,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Text("MethodSepa"),
        intro: "IntroSepa",
        pay: "PayTransfer",
    },
};
