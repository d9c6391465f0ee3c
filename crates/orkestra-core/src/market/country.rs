use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::money::Currency;

/// A country where payers can be charged, serialised as its ISO 3166 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    AR,
    BR,
    CL,
    CO,
    EC,
    MX,
    PE,
    BJ,
    BF,
    CM,
    EG,
    ET,
    GH,
    CI,
    KE,
    MW,
    NG,
    RW,
    SN,
    SL,
    ZA,
    TZ,
    UG,
    ZM,
}

read_by_text! { Country => Country::from_alpha2 }

impl Country {
    /// Every country, in declaration order (Latin America, then Africa).
    pub const ALL: [Country; 24] = [
        Country::AR,
        Country::BR,
        Country::CL,
        Country::CO,
        Country::EC,
        Country::MX,
        Country::PE,
        Country::BJ,
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
        Country::ZA,
        Country::TZ,
        Country::UG,
        Country::ZM,
    ];

    pub fn alpha2(self) -> &'static str {
        match self {
            Country::AR => "AR",
            Country::BR => "BR",
            Country::CL => "CL",
            Country::CO => "CO",
            Country::EC => "EC",
            Country::MX => "MX",
            Country::PE => "PE",
            Country::BJ => "BJ",
            Country::BF => "BF",
            Country::CM => "CM",
            Country::EG => "EG",
            Country::ET => "ET",
            Country::GH => "GH",
            Country::CI => "CI",
            Country::KE => "KE",
            Country::MW => "MW",
            Country::NG => "NG",
            Country::RW => "RW",
            Country::SN => "SN",
            Country::SL => "SL",
            Country::ZA => "ZA",
            Country::TZ => "TZ",
            Country::UG => "UG",
            Country::ZM => "ZM",
        }
    }

    /// Orkestra's card `issuingCountry` is alpha-3.
    pub fn alpha3(self) -> &'static str {
        match self {
            Country::AR => "ARG",
            Country::BR => "BRA",
            Country::CL => "CHL",
            Country::CO => "COL",
            Country::EC => "ECU",
            Country::MX => "MEX",
            Country::PE => "PER",
            Country::BJ => "BEN",
            Country::BF => "BFA",
            Country::CM => "CMR",
            Country::EG => "EGY",
            Country::ET => "ETH",
            Country::GH => "GHA",
            Country::CI => "CIV",
            Country::KE => "KEN",
            Country::MW => "MWI",
            Country::NG => "NGA",
            Country::RW => "RWA",
            Country::SN => "SEN",
            Country::SL => "SLE",
            Country::ZA => "ZAF",
            Country::TZ => "TZA",
            Country::UG => "UGA",
            Country::ZM => "ZMB",
        }
    }

    /// Exact upper-case match, like [`Currency::from_code`].
    pub fn from_alpha2(s: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.alpha2() == s)
    }

    pub fn from_alpha3(s: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.alpha3() == s)
    }

    /// The one currency payers are charged in.
    ///
    /// Ecuador is dollarised; the four UEMOA countries share XOF and Cameroon (CEMAC) uses
    /// XAF. Sierra Leone is SLE, never the pre-2022 SLL (see [`Currency`]).
    pub fn currency(self) -> Currency {
        match self {
            Country::AR => Currency::ARS,
            Country::BR => Currency::BRL,
            Country::CL => Currency::CLP,
            Country::CO => Currency::COP,
            Country::EC => Currency::USD,
            Country::MX => Currency::MXN,
            Country::PE => Currency::PEN,
            Country::BJ | Country::BF | Country::CI | Country::SN => Currency::XOF,
            Country::CM => Currency::XAF,
            Country::EG => Currency::EGP,
            Country::ET => Currency::ETB,
            Country::GH => Currency::GHS,
            Country::KE => Currency::KES,
            Country::MW => Currency::MWK,
            Country::NG => Currency::NGN,
            Country::RW => Currency::RWF,
            Country::SL => Currency::SLE,
            Country::ZA => Currency::ZAR,
            Country::TZ => Currency::TZS,
            Country::UG => Currency::UGX,
            Country::ZM => Currency::ZMW,
        }
    }

    /// The page's language when the merchant does not choose one: the first of
    /// [`Country::locales`].
    pub fn default_locale(self) -> &'static str {
        self.locales()[0]
    }

    /// The checkout languages worth offering, default first (fact sheet sections 1.1 and 7).
    ///
    /// Ethiopia and Rwanda default to English because that is what payers read at checkout
    /// there; Tanzania puts Swahili first. Egypt's Arabic page is right-to-left.
    pub fn locales(self) -> &'static [&'static str] {
        match self {
            Country::AR => &["es-AR"],
            Country::BR => &["pt-BR"],
            Country::CL => &["es-CL"],
            Country::CO => &["es-CO"],
            Country::EC => &["es-EC"],
            Country::MX => &["es-MX"],
            Country::PE => &["es-PE"],
            Country::BJ => &["fr-BJ"],
            Country::BF => &["fr-BF"],
            Country::CM => &["fr-CM", "en-CM"],
            Country::EG => &["ar-EG", "en-EG"],
            Country::ET => &["en-ET", "am-ET"],
            Country::GH => &["en-GH"],
            Country::CI => &["fr-CI"],
            Country::KE => &["en-KE", "sw-KE"],
            Country::MW => &["en-MW"],
            Country::NG => &["en-NG"],
            Country::RW => &["en-RW", "rw-RW", "fr-RW"],
            Country::SN => &["fr-SN"],
            Country::SL => &["en-SL"],
            Country::ZA => &["en-ZA"],
            Country::TZ => &["sw-TZ", "en-TZ"],
            Country::UG => &["en-UG", "sw-UG"],
            Country::ZM => &["en-ZM"],
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha2())
    }
}

impl FromStr for Country {
    type Err = ErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Country::from_alpha2(s).ok_or(ErrorCode::UnsupportedCountry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_round_trips_through_alpha2_alpha3_and_serde() {
        for c in Country::ALL {
            assert_eq!(Country::from_alpha2(c.alpha2()), Some(c));
            assert_eq!(Country::from_alpha3(c.alpha3()), Some(c));
            assert_eq!(c.alpha2().parse::<Country>(), Ok(c));
            assert_eq!(c.to_string(), c.alpha2());
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.alpha2()));
            assert_eq!(serde_json::from_str::<Country>(&json).unwrap(), c);
        }
    }

    #[test]
    fn codes_outside_the_catalog_are_unsupported() {
        for s in ["US", "br", "EU", "", "BRA"] {
            assert_eq!(Country::from_alpha2(s), None, "{s}");
            assert_eq!(s.parse::<Country>(), Err(ErrorCode::UnsupportedCountry));
        }
        assert!(serde_json::from_str::<Country>("\"US\"").is_err());
    }

    #[test]
    fn all_lists_every_country_once() {
        for (i, c) in Country::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i);
        }
    }

    #[test]
    fn alpha3_codes_are_iso_3166() {
        let expected = [
            (Country::AR, "ARG"),
            (Country::BR, "BRA"),
            (Country::CI, "CIV"),
            (Country::CM, "CMR"),
            (Country::SL, "SLE"),
            (Country::ZA, "ZAF"),
            (Country::BF, "BFA"),
            (Country::BJ, "BEN"),
        ];
        for (c, a3) in expected {
            assert_eq!(c.alpha3(), a3);
        }
    }

    #[test]
    fn each_country_charges_in_its_own_currency() {
        let expected = [
            (Country::AR, Currency::ARS),
            (Country::BR, Currency::BRL),
            (Country::CL, Currency::CLP),
            (Country::CO, Currency::COP),
            (Country::EC, Currency::USD),
            (Country::MX, Currency::MXN),
            (Country::PE, Currency::PEN),
            (Country::BJ, Currency::XOF),
            (Country::BF, Currency::XOF),
            (Country::CM, Currency::XAF),
            (Country::EG, Currency::EGP),
            (Country::ET, Currency::ETB),
            (Country::GH, Currency::GHS),
            (Country::CI, Currency::XOF),
            (Country::KE, Currency::KES),
            (Country::MW, Currency::MWK),
            (Country::NG, Currency::NGN),
            (Country::RW, Currency::RWF),
            (Country::SN, Currency::XOF),
            (Country::SL, Currency::SLE),
            (Country::ZA, Currency::ZAR),
            (Country::TZ, Currency::TZS),
            (Country::UG, Currency::UGX),
            (Country::ZM, Currency::ZMW),
        ];
        assert_eq!(expected.len(), Country::ALL.len());
        for (c, cur) in expected {
            assert_eq!(c.currency(), cur, "{c}");
        }
    }

    #[test]
    fn default_locales_follow_the_fact_sheet() {
        let expected = [
            (Country::AR, "es-AR"),
            (Country::BR, "pt-BR"),
            (Country::CL, "es-CL"),
            (Country::CO, "es-CO"),
            (Country::EC, "es-EC"),
            (Country::MX, "es-MX"),
            (Country::PE, "es-PE"),
            (Country::BJ, "fr-BJ"),
            (Country::BF, "fr-BF"),
            (Country::CM, "fr-CM"),
            (Country::EG, "ar-EG"),
            (Country::ET, "en-ET"),
            (Country::GH, "en-GH"),
            (Country::CI, "fr-CI"),
            (Country::KE, "en-KE"),
            (Country::MW, "en-MW"),
            (Country::NG, "en-NG"),
            (Country::RW, "en-RW"),
            (Country::SN, "fr-SN"),
            (Country::SL, "en-SL"),
            (Country::ZA, "en-ZA"),
            (Country::TZ, "sw-TZ"),
            (Country::UG, "en-UG"),
            (Country::ZM, "en-ZM"),
        ];
        assert_eq!(expected.len(), Country::ALL.len());
        for (c, locale) in expected {
            assert_eq!(c.default_locale(), locale, "{c}");
        }
    }

    #[test]
    fn every_locale_is_a_language_tagged_with_its_own_country() {
        for c in Country::ALL {
            for locale in c.locales() {
                let (lang, region) = locale.split_once('-').unwrap();
                assert!(lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()));
                assert_eq!(region, c.alpha2(), "{locale}");
            }
        }
    }
}
