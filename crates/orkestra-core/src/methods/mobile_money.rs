//! Mobile money (fact sheet §5): a push to the payer's phone on their operator (MTN, Orange,
//! M-Pesa…), approved with a PIN.

use std::sync::OnceLock;

use super::contract::{
    MethodName, PageTexts,
    in_countries, no_documents, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec,
    OptionsKind, WireNames,
};
use crate::market::{Country, Market, PayerField, RefundRoute};
use crate::validate::phone::{self, Operator};

/// Our choice for pushes where the sheet gives no provider-specific window: Flutterwave's
/// aggregated 10 minutes (§5.3), the upper end of the "5–10 min" hard window the sheet
/// recommends waiting for; it covers MTN MoMo's 5 minutes and M-Pesa's ~90 s.
pub const PUSH_MINUTES: u32 = 10;

/// The countries that offer it (§8).
const COUNTRIES: [Country; 12] = [
    Country::BJ,
    Country::CM,
    Country::ET,
    Country::GH,
    Country::CI,
    Country::KE,
    Country::NG,
    Country::RW,
    Country::SN,
    Country::TZ,
    Country::UG,
    Country::ZM,
];

pub const SPEC: MethodSpec = MethodSpec {
    code: "MOBILE_MONEY",
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames::one("MOBILE_MONEY"),
    kind: InstructionKind::Push,
    details: DetailsKind::MobileMoney,
    options: OptionsKind::Wallet,
    markets: &in_countries(COUNTRIES),
    // The phone the push goes to, in every country that offers it.
    payer_fields: |_: Country| &[PayerField::Phone],
    optional_fields: no_fields,
    document_types: no_documents,
    // The sheet states no limits.
    amount_limits: no_limits,
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes,
    // The payer's MSISDN is known from the collection; the refund is credited back to that
    // wallet on the same operator.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::Original,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: false,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Text("MethodMobileMoney"),
        intro: "IntroMobileMoney",
        pay: "PayPhone",
    },
};

#[cfg(not(target_arch = "wasm32"))]
fn default_expiry_minutes(market: Market) -> Option<u32> {
    Some(match market {
        // §5.3: telebirr H5 `timeoutExpress` usually 30 min (telebirr is Ethiopia's main
        // wallet, §5.1).
        Market::Country(Country::ET) => 30,
        _ => PUSH_MINUTES,
    })
}

/// The operators a payer of `country` picks from, in the fact sheet's order (§5.1, via
/// [`phone::operators`]); empty where the country offers no mobile money (e.g. Egypt,
/// whose phones still have operators).
pub fn operators(country: Country) -> &'static [Operator] {
    static OPERATORS: OnceLock<Vec<Vec<Operator>>> = OnceLock::new();
    if !COUNTRIES.contains(&country) {
        return &[];
    }
    let all = OPERATORS.get_or_init(|| Country::ALL.into_iter().map(phone::operators).collect());
    Country::ALL
        .iter()
        .position(|c| *c == country)
        .map_or(&[], |i| all[i].as_slice())
}
