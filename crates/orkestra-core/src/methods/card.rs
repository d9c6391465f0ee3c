//! Cards, credit and debit (fact sheet §3): authorised at once, sometimes after a 3-D
//! Secure step.

use super::contract::{
    MethodName, PageTexts,
    in_countries, no_fields, no_limits, DetailsKind, InstructionKind, MethodSpec, OptionsKind,
    WireNames,
};
use crate::market::{document_types, Country, Market, PayerField, RefundRoute};

pub const SPEC: MethodSpec = MethodSpec {
    code: "CARD",
    // One method of ours, two names on the wire: in Brazil the payer says whether the card
    // is credit or debit (the number cannot tell).
    #[cfg(not(target_arch = "wasm32"))]
    wire: WireNames {
        name: "CREDIT_CARD",
        debit: Some("DEBIT_CARD"),
    },
    kind: InstructionKind::Card,
    details: DetailsKind::Card,
    options: OptionsKind::Card,
    // §8: cards are offered in BR, CL, CO, MX and PE.
    markets: &in_countries([Country::BR, Country::CL, Country::CO, Country::MX, Country::PE]),
    payer_fields,
    optional_fields: no_fields,
    document_types,
    amount_limits: no_limits,
    // Synchronous: nothing to wait for.
    #[cfg(not(target_arch = "wasm32"))]
    default_expiry_minutes: |_: Market| None,
    // Card schemes refund to the card that paid.
    #[cfg(not(target_arch = "wasm32"))]
    refund_route: RefundRoute::Original,
    #[cfg(not(target_arch = "wasm32"))]
    orkestra_needs_name: true,
    #[cfg(not(target_arch = "wasm32"))]
    texts: PageTexts {
        name: MethodName::Text("MethodCard"),
        intro: "IntroCard",
        pay: "PayCard",
    },
};

fn payer_fields(country: Country) -> &'static [PayerField] {
    use PayerField::*;
    match country {
        Country::BR | Country::CL | Country::CO | Country::PE => &[FullName, Document],
        // CURP/RFC are optional for Mexican cards, so not asked.
        Country::MX => &[FullName],
        _ => &[],
    }
}

/// How a country's card payers pay in instalments (fact sheet 3.2), which says both what
/// they may choose and what the form calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstalmentPlan {
    /// Brazil: parcelas, 1 to 12.
    Parcelas,
    /// Mexico: meses sin intereses, 3, 6, 9 or 12.
    MesesSinIntereses,
    /// Chile, Colombia, Peru: cuotas, up to 36.
    Cuotas,
    /// Cards take none: a single payment.
    Single,
}

impl InstalmentPlan {
    pub fn of(country: Country) -> InstalmentPlan {
        match country {
            Country::BR => InstalmentPlan::Parcelas,
            Country::MX => InstalmentPlan::MesesSinIntereses,
            Country::CL | Country::CO | Country::PE => InstalmentPlan::Cuotas,
            Country::AR
            | Country::EC
            | Country::BJ
            | Country::BF
            | Country::CM
            | Country::EG
            | Country::ET
            | Country::GH
            | Country::CI
            | Country::KE
            | Country::MW
            | Country::NG
            | Country::RW
            | Country::SN
            | Country::SL
            | Country::ZA
            | Country::TZ
            | Country::UG
            | Country::ZM => InstalmentPlan::Single,
        }
    }

    /// The numbers of instalments a payer may choose, `1` (a single payment) first.
    pub fn options(self) -> &'static [u8] {
        const TO_12: [u8; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        const TO_36: [u8; 36] = {
            let mut all = [0u8; 36];
            let mut i = 0;
            while i < 36 {
                all[i] = i as u8 + 1;
                i += 1;
            }
            all
        };
        match self {
            InstalmentPlan::Parcelas => &TO_12,
            InstalmentPlan::MesesSinIntereses => &[1, 3, 6, 9, 12],
            InstalmentPlan::Cuotas => &TO_36,
            InstalmentPlan::Single => &[1],
        }
    }
}

/// The numbers of instalments a card payer may choose in `country` (see [`InstalmentPlan`]).
pub fn installment_options(country: Country) -> &'static [u8] {
    InstalmentPlan::of(country).options()
}

/// Where the payer types a card: the session's `cardCapture`.
///
/// `Orkestra`, the default: the card leg is created at Orkestra without card data and the
/// payer types the card on Orkestra's payment page (a frame inside ours, or a redirect), so
/// the number and the security code never reach the merchant's proxy or page (the
/// merchant's PCI DSS scope stays small, `docs/security.md`). `Direct`: our page's own
/// card form, posted through the merchant's proxy (SAQ D), for merchants validated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardCapture {
    #[default]
    Orkestra,
    Direct,
}

read_by_text! { CardCapture => CardCapture::parse }

impl CardCapture {
    pub const ALL: [CardCapture; 2] = [CardCapture::Orkestra, CardCapture::Direct];

    pub fn as_str(self) -> &'static str {
        match self {
            CardCapture::Orkestra => "orkestra",
            CardCapture::Direct => "direct",
        }
    }

    pub fn parse(text: &str) -> Option<CardCapture> {
        match text {
            "orkestra" => Some(CardCapture::Orkestra),
            "direct" => Some(CardCapture::Direct),
            _ => None,
        }
    }
}
