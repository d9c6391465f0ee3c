//! Money as the payer's browser writes it, for the summary the hosted page draws before its
//! wasm runs. The page formats amounts with the browser's `Intl` (src/format.rs); this
//! writes the same text from Chromium's own rules for every `Intl` tag and currency the page
//! can meet (`intl/formats.json`, written by `intl/gen.mjs`), so the page takes the summary
//! over without its text changing. `intl/vectors.json` holds amounts Chromium formatted
//! itself; the tests below draw each one from the rules.

use std::collections::HashMap;
use std::sync::OnceLock;

use orkestra_core::money::Currency;
use serde::Deserialize;

/// One `Intl` tag's way with numbers.
#[derive(Debug, Deserialize)]
struct Format {
    group: String,
    decimal: String,
    /// The digit zero (`٠` in Egyptian Arabic); the other nine follow it in Unicode.
    zero: char,
    /// Whether 1234 is grouped (`1,234`) or not (`1234` in Spanish: groups from 10 000).
    group_four: bool,
    /// ISO currencies: the text before and after the number, and the fraction digits.
    currencies: HashMap<String, (String, String, u8)>,
    /// A plain number's text before and after it (stablecoins: a number and their code).
    number: (String, String),
}

#[derive(Debug, Deserialize)]
struct Formats {
    formats: HashMap<String, Format>,
}

fn formats() -> &'static HashMap<String, Format> {
    static FORMATS: OnceLock<HashMap<String, Format>> = OnceLock::new();
    FORMATS.get_or_init(|| {
        serde_json::from_str::<Formats>(include_str!("intl/formats.json"))
            .map(|f| f.formats)
            .unwrap_or_default()
    })
}

/// `amount` (a decimal string in major units, as the page session carries it) as the page's
/// `format::money_in(tag, amount, currency)` shows it in Chromium; `None` for a tag or
/// currency the rules do not know (then the page draws it).
pub fn money(tag: &str, amount: &str, currency: Currency) -> Option<String> {
    let format = formats().get(tag)?;
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) {
        return None;
    }
    let code = currency.code();
    // As src/format.rs: Intl knows ISO 4217 codes only; a stablecoin is a number (2 to its
    // exponent's fraction digits) and its code.
    let (before, after, min, max) = match format.currencies.get(code) {
        Some((before, after, digits)) if code.len() == 3 => {
            (before.as_str(), after.clone(), *digits, *digits)
        }
        Some(_) => return None,
        None if code.len() == 3 => return None,
        None => (
            format.number.0.as_str(),
            [format.number.1.as_str(), " ", code].concat(),
            2,
            currency.exponent(),
        ),
    };
    let (int, mut frac) = round(int, frac, usize::from(max));
    while frac.len() > usize::from(min) && frac.ends_with('0') {
        frac.pop();
    }
    let mut text = String::from(before);
    let grouped = int.len() > 4 || (int.len() == 4 && format.group_four);
    for (i, digit) in int.chars().enumerate() {
        if grouped && i > 0 && (int.len() - i) % 3 == 0 {
            text.push_str(&format.group);
        }
        text.push(local_digit(format.zero, digit));
    }
    if !frac.is_empty() {
        text.push_str(&format.decimal);
        text.extend(frac.chars().map(|d| local_digit(format.zero, d)));
    }
    text.push_str(&after);
    Some(text)
}

/// `int.frac` rounded to `digits` fraction digits, half away from zero (Intl's default),
/// and padded with zeros to them.
fn round(int: &str, frac: &str, digits: usize) -> (String, String) {
    let mut all: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let mut kept = int.len() + digits;
    let up = frac.as_bytes().get(digits).is_some_and(|d| *d >= b'5');
    all.resize(kept.max(all.len()), 0);
    all.truncate(kept);
    if up {
        let mut i = kept;
        loop {
            if i == 0 {
                all.insert(0, 1);
                kept += 1;
                break;
            }
            i -= 1;
            if all[i] == 9 {
                all[i] = 0;
            } else {
                all[i] += 1;
                break;
            }
        }
    }
    let text: String = all.iter().map(|d| char::from(b'0' + d)).collect();
    let (int, frac) = text.split_at(kept - digits);
    (int.to_owned(), frac.to_owned())
}

fn local_digit(zero: char, digit: char) -> char {
    let offset = digit.to_digit(10).unwrap_or(0);
    char::from_u32(zero as u32 + offset).unwrap_or(digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use orkestra_core::api::locale::Locale;
    use orkestra_core::catalog::Country;

    #[derive(Deserialize)]
    struct Vectors {
        vectors: Vec<(String, String, String, String)>,
    }

    #[test]
    fn every_amount_reads_as_chromium_wrote_it() {
        let vectors: Vectors = serde_json::from_str(include_str!("intl/vectors.json")).unwrap();
        assert!(vectors.vectors.len() > 1000);
        for (tag, code, amount, expected) in &vectors.vectors {
            let currency = Currency::ALL
                .into_iter()
                .find(|c| c.code() == code)
                .unwrap();
            assert_eq!(
                money(tag, amount, currency).as_deref(),
                Some(expected.as_str()),
                "{tag} {code} {amount}"
            );
        }
    }

    #[test]
    fn every_language_and_country_the_page_meets_has_its_rules() {
        for locale in Locale::ALL {
            for country in Country::ALL {
                let tag = locale.intl_tag(Some(country));
                assert!(
                    money(tag, "150", country.currency()).is_some(),
                    "{tag} {:?}",
                    country.currency()
                );
            }
            for currency in Currency::ALL {
                assert!(
                    money(locale.tag(), "1", currency).is_some(),
                    "{locale:?} {currency:?}"
                );
            }
        }
    }

    #[test]
    fn rounding_carries_into_the_integer() {
        assert_eq!(round("99", "995", 2), ("100".into(), "00".into()));
        assert_eq!(round("99", "5", 0), ("100".into(), String::new()));
        assert_eq!(round("0", "5", 2), ("0".into(), "50".into()));
        assert_eq!(round("1", "994", 2), ("1".into(), "99".into()));
    }
}
