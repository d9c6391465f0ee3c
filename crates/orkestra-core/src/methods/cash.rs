//! Cash vouchers (fact sheet §4.3, §4.7): a reference or barcode paid over the counter
//! (OXXO, Efecty, PagoEfectivo, Fawry…). What the networks are is the country's business,
//! not the method's. Brazil's "Cash" row is [`super::boleto`].

use super::contract::{
    MethodName, PageTexts,in_countries, DetailsKind, InstructionKind, MethodSpec, OptionsKind, WireNames};
use crate::market::{document_types, AmountLimits, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "CASH",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("CASH"),
    kind: InstructionKind::Voucher,
    details: DetailsKind::Cash,
    options: OptionsKind::Cash,
    markets: &in_countries([
        Country::CL,
        Country::CO,
        Country::EC,
        Country::MX,
        Country::PE,
        Country::EG,
        Country::ZA,
    ]),
    payer_fields,
    optional_fields,
    document_types,
    amount_limits,
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes,
    // Cash vouchers are paid over the counter: there is no account to return the money to.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::AlternativePayout,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: false,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Text("MethodCash"),
        intro: "IntroCash",
        pay: "PayCash",
    },
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    use PayerField::*;
    match country {
        Country::CL | Country::CO => &[FullName, Document, Email],
        Country::EC => &[Email],
        Country::MX => &[FullName, Email],
        Country::PE => &[FullName, Document, Email, Phone],
        Country::EG => &[Email, Phone],
        // The phone receives change vouchers.
        Country::ZA => &[Phone],
        _ => &[],
    }
}

/// Bracketed in the master table.
fn optional_fields(country: Country) -> &'static [PayerField] {
    match country {
        Country::EC => &[PayerField::Email],
        Country::ZA => &[PayerField::Phone],
        _ => &[],
    }
}

fn amount_limits(market: Market) -> AmountLimits {
    let Market::Country(country) = market else {
        return AmountLimits::NONE;
    };
    match country {
        // §4.3 and §8 "MX · Cash (OXXO)": MXN 10.00 to MXN 10,000.00 per voucher (Worldpay).
        Country::MX => AmountLimits::major(country, Some(10), Some(10_000)),
        // §4.7 and §8 "CO · Cash (Efecty)": min COP 1,000; no maximum stated.
        Country::CO => AmountLimits::major(country, Some(1_000), None),
        // §4.7 "Ecuador": Pichincha, Guayaquil and Banco del Barrio take up to USD 10,000,
        // the other networks (Facilito, Farmacias 911, Mi Comisariato, Tía, Western Union)
        // up to USD 500. The charge's cap is the largest network's; the page greys out the
        // networks whose cap is below the amount.
        Country::EC => AmountLimits::major(country, None, Some(10_000)),
        // §4.7 "Egypt" (Fawry at EBANX): EGP 1 to EGP 100,000.
        Country::EG => AmountLimits::major(country, Some(1), Some(100_000)),
        // Servipag/Sencillito (CL), PagoEfectivo (PE), South African retailer cash: the
        // sheet states no limits.
        _ => AmountLimits::NONE,
    }
}

/// Our choice where the sheet gives no validity: Orkestra's own voucher default, the
/// boleto's "usually 3 days" (orkestra-api.md), which also leaves room for the 1–2
/// business days cash networks take to confirm (§4.7 Efecty).
const VOUCHER_DEFAULT: u32 = 3 * 24 * 60;

#[cfg(not(target_arch = "wasm32"))]
fn default_expiry_minutes(market: Market) -> Option<u32> {
    Some(match market {
        // §4.3 and §8: Stripe's default is 5 days (1–7 configurable).
        Market::Country(Country::MX) => 5 * 24 * 60,
        // §4.7 and §8: SafetyPay's session timeout is 36 h by default.
        Market::Country(Country::EC) => 36 * 60,
        // §4.7 and §8: Fawry at EBANX expires after 7 days.
        Market::Country(Country::EG) => 7 * 24 * 60,
        // Efecty (CO), Servipag/Sencillito (CL), PagoEfectivo (PE, "validity set by the
        // merchant") and South African retailer cash: the sheet gives no value.
        _ => VOUCHER_DEFAULT,
    })
}

/// Where a cash voucher of `country` can be paid, as network codes (fact sheet 4.7). The
/// page lists them; a payer may pick one, or leave it to the voucher (valid at all).
/// Empty where the country has no cash method (Brazil's is the boleto).
pub fn networks(country: Country) -> &'static [&'static str] {
    match country {
        Country::MX => &["OXXO", "PAYNET"],
        Country::CO => &["EFECTY", "BALOTO", "SU_RED"],
        Country::PE => &["PAGOEFECTIVO"],
        Country::CL => &["SERVIPAG", "SENCILLITO"],
        Country::EC => &[
            "BANCO_PICHINCHA",
            "BANCO_GUAYAQUIL",
            "BANCO_DEL_BARRIO",
            "FACILITO",
            "WESTERN_UNION",
        ],
        Country::ZA => &["RETAIL_CASH"],
        Country::EG => &["FAWRY"],
        _ => &[],
    }
}

/// A cash network's code as its customers know it (the page's picker and voucher, and the
/// proxy's drawn picker).
pub fn network_name(code: &str) -> String {
    let name = match code {
        "OXXO" => "OXXO",
        "PAYNET" => "Paynet",
        "EFECTY" => "Efecty",
        "BALOTO" => "Baloto",
        "SU_RED" => "SuRed",
        "PAGOEFECTIVO" => "PagoEfectivo",
        "SERVIPAG" => "Servipag",
        "SENCILLITO" => "Sencillito",
        "BANCO_PICHINCHA" => "Banco Pichincha",
        "BANCO_GUAYAQUIL" => "Banco Guayaquil",
        "BANCO_DEL_BARRIO" => "Banco del Barrio",
        "FACILITO" => "Facilito",
        "WESTERN_UNION" => "Western Union",
        "FAWRY" => "Fawry",
        other => return other.replace('_', " "),
    };
    name.to_owned()
}
