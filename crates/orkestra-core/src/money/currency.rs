use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

/// The currencies a payer can be charged in: one per market, plus EUR (SEPA) and two
/// stablecoins.
///
/// Serialised as the ISO 4217 code (`"BRL"`); any other string fails to deserialise, so an
/// unknown currency cannot get past the boundary.
///
/// Sierra Leone is modelled as **SLE** only. The leone was redenominated on 1 July 2022
/// (1 SLE = 1,000 SLL) and SLL stopped being legal tender at the end of 2023, so an amount
/// labelled "SLL" is ambiguous by a factor of 1,000. Rather than guess, `from_code("SLL")` is
/// `None` (and deserialising `"SLL"` fails): a caller still sending SLL gets an
/// `unsupported_currency` error instead of a charge off by three orders of magnitude. The
/// catalog's Sierra Leone uses SLE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Currency {
    ARS,
    BRL,
    CLP,
    COP,
    USD,
    MXN,
    PEN,
    XOF,
    XAF,
    EGP,
    ETB,
    GHS,
    KES,
    MWK,
    NGN,
    RWF,
    SLE,
    ZAR,
    TZS,
    UGX,
    ZMW,
    EUR,
    USDT,
    USDC,
}

read_by_text! { Currency => Currency::from_code }

impl Currency {
    /// Every currency, in declaration order.
    pub const ALL: [Currency; 24] = [
        Currency::ARS,
        Currency::BRL,
        Currency::CLP,
        Currency::COP,
        Currency::USD,
        Currency::MXN,
        Currency::PEN,
        Currency::XOF,
        Currency::XAF,
        Currency::EGP,
        Currency::ETB,
        Currency::GHS,
        Currency::KES,
        Currency::MWK,
        Currency::NGN,
        Currency::RWF,
        Currency::SLE,
        Currency::ZAR,
        Currency::TZS,
        Currency::UGX,
        Currency::ZMW,
        Currency::EUR,
        Currency::USDT,
        Currency::USDC,
    ];

    /// The ISO 4217 code (the token's ticker for stablecoins).
    pub fn code(self) -> &'static str {
        match self {
            Currency::ARS => "ARS",
            Currency::BRL => "BRL",
            Currency::CLP => "CLP",
            Currency::COP => "COP",
            Currency::USD => "USD",
            Currency::MXN => "MXN",
            Currency::PEN => "PEN",
            Currency::XOF => "XOF",
            Currency::XAF => "XAF",
            Currency::EGP => "EGP",
            Currency::ETB => "ETB",
            Currency::GHS => "GHS",
            Currency::KES => "KES",
            Currency::MWK => "MWK",
            Currency::NGN => "NGN",
            Currency::RWF => "RWF",
            Currency::SLE => "SLE",
            Currency::ZAR => "ZAR",
            Currency::TZS => "TZS",
            Currency::UGX => "UGX",
            Currency::ZMW => "ZMW",
            Currency::EUR => "EUR",
            Currency::USDT => "USDT",
            Currency::USDC => "USDC",
        }
    }

    /// Exact, upper-case match only: the wire never sends "brl", and accepting it here would
    /// make two spellings of one value.
    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Digits after the decimal point in the minor unit.
    ///
    /// ISO 4217 values, not any one PSP's: Adyen sends CLP with 2, dLocal XOF/XAF with 2 and
    /// COP with 0. Converting to a provider's unit is the job of that provider's adapter.
    /// Stablecoins use 6, their on-chain decimals on every network we offer (BEP-20's 18 is
    /// a bridged token we do not take). No `_` arm: a new currency must be classified here.
    pub fn exponent(self) -> u8 {
        match self {
            Currency::CLP | Currency::XOF | Currency::XAF | Currency::RWF | Currency::UGX => 0,
            Currency::ARS
            | Currency::BRL
            | Currency::COP
            | Currency::USD
            | Currency::MXN
            | Currency::PEN
            | Currency::EGP
            | Currency::ETB
            | Currency::GHS
            | Currency::KES
            | Currency::MWK
            | Currency::NGN
            | Currency::SLE
            | Currency::ZAR
            | Currency::TZS
            | Currency::ZMW
            | Currency::EUR => 2,
            Currency::USDT | Currency::USDC => 6,
        }
    }

    /// 10^exponent: minor units in one major unit.
    pub(crate) fn scale(self) -> u64 {
        10u64.pow(u32::from(self.exponent()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = ErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s).ok_or(ErrorCode::UnsupportedCurrency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_currency_round_trips_through_its_code() {
        for c in Currency::ALL {
            assert_eq!(Currency::from_code(c.code()), Some(c));
            assert_eq!(c.code().parse::<Currency>(), Ok(c));
            assert_eq!(c.to_string(), c.code());
        }
    }

    #[test]
    fn all_lists_every_currency_once_in_declaration_order() {
        for (i, c) in Currency::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i);
        }
    }

    #[test]
    fn serde_uses_the_iso_code() {
        for c in Currency::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.code()));
            assert_eq!(serde_json::from_str::<Currency>(&json).unwrap(), c);
        }
    }

    #[test]
    fn unknown_or_lower_case_codes_are_rejected() {
        for code in ["brl", "Brl", " BRL", "BRL ", "XYZ", "", "SLL"] {
            assert_eq!(Currency::from_code(code), None, "{code:?}");
            assert_eq!(
                code.parse::<Currency>(),
                Err(ErrorCode::UnsupportedCurrency)
            );
            let json = format!("\"{code}\"");
            assert!(serde_json::from_str::<Currency>(&json).is_err(), "{code:?}");
        }
    }

    #[test]
    fn legacy_sll_is_not_a_currency_so_sierra_leone_amounts_are_in_sle() {
        assert_eq!(Currency::from_code("SLL"), None);
        assert_eq!(Currency::from_code("SLE"), Some(Currency::SLE));
        assert_eq!(Currency::SLE.exponent(), 2);
    }

    #[test]
    fn exponents_follow_iso_4217() {
        let zero = [
            Currency::CLP,
            Currency::XOF,
            Currency::XAF,
            Currency::RWF,
            Currency::UGX,
        ];
        for c in Currency::ALL {
            let expected = if zero.contains(&c) {
                0
            } else if matches!(c, Currency::USDT | Currency::USDC) {
                6
            } else {
                2
            };
            assert_eq!(c.exponent(), expected, "{c}");
        }
        assert_eq!(Currency::COP.exponent(), 2);
        assert_eq!(Currency::TZS.exponent(), 2);
    }

    #[test]
    fn scale_is_ten_to_the_exponent() {
        assert_eq!(Currency::CLP.scale(), 1);
        assert_eq!(Currency::BRL.scale(), 100);
        assert_eq!(Currency::USDT.scale(), 1_000_000);
    }
}
