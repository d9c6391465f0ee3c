//! The languages the payment page speaks.

use serde::{Deserialize, Serialize};

use crate::catalog::Country;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[serde(rename = "en")]
    En,
    /// Latin American Spanish.
    #[serde(rename = "es")]
    Es,
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "fr")]
    Fr,
    /// Arabic: the page lays itself out right to left.
    #[serde(rename = "ar")]
    Ar,
}

// Exactly a tag: `from_tag` also takes a bare language (`pt`), which serde does not.
read_by_text! { Locale => |t: &str| Locale::ALL.into_iter().find(|l| l.tag() == t) }

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::Es, Locale::PtBr, Locale::Fr, Locale::Ar];

    /// The BCP 47 tag, as the page puts it in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::PtBr => "pt-BR",
            Locale::Fr => "fr",
            Locale::Ar => "ar",
        }
    }

    /// Reads a tag as browsers and merchants write it (`pt`, `pt-BR`, `es-CO`, `EN-us`):
    /// the language decides; regional variants share one translation.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let language = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Locale::En),
            "es" => Some(Locale::Es),
            "pt" => Some(Locale::PtBr),
            "fr" => Some(Locale::Fr),
            "ar" => Some(Locale::Ar),
            _ => None,
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Locale::Ar)
    }

    /// The `Intl` tag for numbers and dates: the language in `country`'s variant when the
    /// country speaks it (`es` in Mexico is `es-MX`: "$500.00", not "500,00 MXN"), else the
    /// language alone. The page formats with it, and the proxy draws the hosted page's
    /// summary with it, so both write an amount the same way.
    pub fn intl_tag(self, country: Option<Country>) -> &'static str {
        let language = self.tag().split('-').next().unwrap_or_default();
        country
            .and_then(|c| {
                c.locales()
                    .iter()
                    .find(|tag| tag.split('-').next() == Some(language))
                    .copied()
            })
            .filter(|_| self != Locale::PtBr || country == Some(Country::BR))
            .unwrap_or(self.tag())
    }

    /// The language a payer in `country` most likely reads; English where we have no better.
    pub fn for_country(country: Country) -> Locale {
        Locale::from_tag(country.default_locale()).unwrap_or(Locale::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_tags_map_to_their_language() {
        assert_eq!(Locale::from_tag("pt-BR"), Some(Locale::PtBr));
        assert_eq!(Locale::from_tag("pt"), Some(Locale::PtBr));
        assert_eq!(Locale::from_tag("es-CO"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("EN-us"), Some(Locale::En));
        assert_eq!(Locale::from_tag("de-DE"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn brazil_reads_portuguese() {
        assert_eq!(Locale::for_country(Country::BR), Locale::PtBr);
    }

    #[test]
    fn tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }
}
