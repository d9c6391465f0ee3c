//! Bank transfers (fact sheet §4.8–4.11, §6): account details and a reference the payer
//! pushes a transfer to, in each country's own format (CBU, CLABE, NUBAN…).

use super::contract::{
    MethodName, PageTexts,
    in_countries, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind, WireNames,
};
use crate::market::{document_types, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "BANK_TRANSFER",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("BANK_TRANSFER"),
    kind: InstructionKind::Transfer,
    details: DetailsKind::None,
    options: OptionsKind::None,
    markets: &in_countries([
        Country::AR,
        Country::CL,
        Country::CO,
        Country::MX,
        Country::PE,
        Country::BF,
        Country::CM,
        Country::EG,
        Country::ET,
        Country::GH,
        Country::CI,
        Country::KE,
        Country::MW,
        Country::NG,
        Country::RW,
        Country::SN,
        Country::SL,
        Country::TZ,
        Country::UG,
    ]),
    payer_fields,
    optional_fields,
    document_types,
    // The sheet states no limits.
    amount_limits: no_limits,
    // The sheet shows an expiry countdown for transfers (§6, §8) but gives no value. Our
    // choice: 3 days. Several rails are not instant (RTGS/EFT in Africa, ACH in Colombia),
    // so a transfer sent on a Friday must still arrive before expiry.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| Some(3 * 24 * 60),
    // Transfers are pushed by the payer and cannot be reversed. Some rails identify the
    // sender, others (reference-matched deposits, PagoEfectivo's CIP paid at a bank,
    // African RTGS/EFT collections) do not, so the payer must give an account.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::AlternativePayout,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: false,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Text("MethodBankTransfer"),
        intro: "IntroTransfer",
        pay: "PayTransfer",
    },
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    use Country::*;
    use PayerField::*;
    match country {
        AR => &[FullName, Document, Email],
        CL => &[Document, Email],
        // Bancolombia button or Bre-B: the PSP's own page asks. Unconfirmed.
        CO => &[],
        // Unconfirmed whether this differs from SPEI; the same CLABE flow is assumed (and
        // Orkestra requires an RFC or CURP for it, orkestra-api.md 4.4).
        MX => &[FullName, Document, Email],
        // Yape: the phone the approval push goes to.
        PE => &[Phone],
        BF | CM | GH | CI => &[FullName, Email],
        NG => &[FullName, Email, Phone],
        EG | ET | KE | MW | RW | SN | SL | TZ | UG => &[FullName],
        _ => &[],
    }
}

/// Bracketed in the master table.
fn optional_fields(country: Country) -> &'static [PayerField] {
    match country {
        Country::CL => &[PayerField::Document],
        Country::NG => &[PayerField::Phone],
        _ => &[],
    }
}
