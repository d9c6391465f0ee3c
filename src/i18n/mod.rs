//! Every string the page shows, in every language it speaks.
//!
//! The texts are in `locales/<tag>.txt`, one `Key = text` per line; `en.txt` defines the
//! keys, and `build.rs` turns it into [`Key`] and fails the build when another language
//! misses one. English is compiled into the page; another language comes once, carried by
//! the hosted page's HTML or fetched from `/assets/locales/<tag>.txt` (`app::load_texts`),
//! and is [`add`]ed, so a payer downloads only their own (the other
//! four were 7.7 KB of the page's gzip size); `cargo xtask build` serves it as its texts
//! alone, without the key names, which [`parse`] reads too. Host builds (tests) compile
//! every language in.
//! Brand and product names (Pix, PSE, Visa, MTN…) are the same everywhere and are not keys.

use std::cell::RefCell;

use orkestra_core::api::browser::FormField;
use orkestra_core::api::locale::Locale;
use orkestra_core::error::ErrorCode;

include!(concat!(env!("OUT_DIR"), "/keys.rs"));

/// A hash of the language files, in the URL a language is fetched from: `/assets` is
/// served as immutable, so a changed file must have a new address.
pub const LOCALES_VERSION: &str = env!("LOCALES_VERSION");

/// The texts compiled into this build: English everywhere, every language on the host
/// (the page fetches the others: `app::load_texts`).
#[cfg(target_arch = "wasm32")]
fn built_in(locale: Locale) -> Option<&'static str> {
    match locale {
        Locale::En => Some(include_str!(concat!(env!("OUT_DIR"), "/en.txt"))),
        Locale::Es | Locale::PtBr | Locale::Fr | Locale::Ar => None,
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn built_in(locale: Locale) -> Option<&'static str> {
    Some(match locale {
        Locale::En => include_str!(concat!(env!("OUT_DIR"), "/en.txt")),
        Locale::Es => include_str!(concat!(env!("OUT_DIR"), "/es.txt")),
        Locale::PtBr => include_str!(concat!(env!("OUT_DIR"), "/pt-BR.txt")),
        Locale::Fr => include_str!(concat!(env!("OUT_DIR"), "/fr.txt")),
        Locale::Ar => include_str!(concat!(env!("OUT_DIR"), "/ar.txt")),
    })
}

thread_local! {
    /// Each language's texts in [`Key`] order, once read.
    static TABLES: RefCell<Vec<(Locale, Vec<&'static str>)>> = const { RefCell::new(Vec::new()) };
}

/// The texts of a file: the part after ` = ` of every `Key = text` line (build.rs's output
/// has the texts alone), or `None` when the file does not have one per key.
fn parse(text: &'static str) -> Option<Vec<&'static str>> {
    let texts: Vec<&'static str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once(" = ").map_or(l, |(_, v)| v))
        .collect();
    (texts.len() == KEY_NAMES.len()).then_some(texts)
}

fn lookup(locale: Locale, key: Key) -> Option<&'static str> {
    TABLES.with(|tables| {
        let mut tables = tables.borrow_mut();
        if !tables.iter().any(|(l, _)| *l == locale) {
            let texts = parse(built_in(locale)?)?;
            tables.push((locale, texts));
        }
        let (_, texts) = tables.iter().find(|(l, _)| *l == locale)?;
        texts.get(key as usize).copied()
    })
}

/// The text of `key` in `locale`; English while (or if) that language is not loaded.
pub fn t(locale: Locale, key: Key) -> &'static str {
    lookup(locale, key)
        .or_else(|| lookup(Locale::En, key))
        .unwrap_or_default()
}

/// Whether `locale`'s texts are here (built in or fetched).
pub fn is_loaded(locale: Locale) -> bool {
    lookup(locale, Key::Loading).is_some()
}

/// Adds `locale`'s texts (a file as `/assets/locales/<tag>.txt` serves it, fetched by the
/// app or carried by the hosted page's HTML), unless they are here already or do not fit.
/// This module only holds texts: it fetches nothing, so it depends on no other module.
pub fn add(locale: Locale, text: String) {
    if is_loaded(locale) {
        return;
    }
    // Kept for the page's lifetime, like the built-in texts: one language, a few KB.
    let text: &'static str = Box::leak(text.into_boxed_str());
    if let Some(texts) = parse(text) {
        TABLES.with(|tables| tables.borrow_mut().push((locale, texts)));
    }
}

/// The message for a failed rule on a form field. Codes a payer cannot cause by typing
/// (amounts, currencies, countries) read as a generic "check this field".
pub fn field_error(field: FormField, code: ErrorCode) -> Key {
    let choice = matches!(
        field,
        FormField::Method
            | FormField::DocumentType
            | FormField::Installments
            | FormField::Bank
            | FormField::PersonType
            | FormField::Operator
            | FormField::Network
    );
    match code {
        ErrorCode::Required if choice => Key::ErrChoose,
        ErrorCode::Required => Key::ErrRequired,
        ErrorCode::TooLong => Key::ErrTooLong,
        ErrorCode::InvalidFormat | ErrorCode::InvalidLength => match field {
            FormField::Name => Key::ErrNameFormat,
            FormField::Document => Key::ErrDocumentFormat,
            FormField::Email => Key::ErrEmailFormat,
            FormField::Phone => Key::ErrPhone,
            FormField::CardNumber => Key::ErrCardNumber,
            FormField::CardExpiry => Key::ErrExpiryFormat,
            FormField::CardCvv => Key::ErrCvv,
            FormField::PostalCode => Key::ErrPostalCode,
            FormField::State => Key::ErrState,
            FormField::Method
            | FormField::DocumentType
            | FormField::Installments
            | FormField::Bank
            | FormField::PersonType
            | FormField::Operator
            | FormField::Network => Key::ErrChoose,
            FormField::Street | FormField::Number | FormField::District | FormField::City => {
                Key::ErrInvalid
            }
        },
        ErrorCode::InvalidEmail => Key::ErrEmailFormat,
        ErrorCode::InvalidCheckDigit if field == FormField::CardNumber => Key::ErrCardCheck,
        ErrorCode::InvalidCheckDigit => Key::ErrCheckDigit,
        ErrorCode::RepeatedDigits => Key::ErrRepeatedDigits,
        ErrorCode::UnsupportedDocumentType => Key::ErrDocumentType,
        ErrorCode::UnsupportedBrand => Key::ErrBrand,
        ErrorCode::Expired => Key::ErrCardExpired,
        ErrorCode::ExpiryTooFar => Key::ErrExpiryFar,
        ErrorCode::NotMobile => Key::ErrNotMobile,
        ErrorCode::WrongCountryCode => Key::ErrWrongCountry,
        ErrorCode::UnsupportedMethod => Key::ErrChoose,
        ErrorCode::WrongCode => Key::ErrWrongCode,
        // The page sends only the chosen method's inputs.
        ErrorCode::NotForMethod | ErrorCode::CardOnOrkestraPage => Key::ErrInvalid,
        ErrorCode::WrongNetwork
        | ErrorCode::AmountFormat
        | ErrorCode::AmountTooManyDecimals
        | ErrorCode::AmountNegative
        | ErrorCode::AmountZero
        | ErrorCode::AmountOverflow
        | ErrorCode::AmountBelowMinimum
        | ErrorCode::AmountAboveMaximum
        | ErrorCode::CurrencyMismatch
        | ErrorCode::UnsupportedCountry
        | ErrorCode::UnsupportedCurrency => Key::ErrInvalid,
    }
}

/// The message for a split amount the rules refused (the page's check, or the proxy's).
pub fn amount_error(code: ErrorCode) -> Key {
    match code {
        ErrorCode::Required => Key::ErrRequired,
        ErrorCode::AmountZero => Key::ErrAmountZero,
        ErrorCode::AmountBelowMinimum => Key::ErrAmountLow,
        ErrorCode::AmountAboveMaximum | ErrorCode::AmountOverflow => Key::ErrAmountHigh,
        ErrorCode::AmountFormat
        | ErrorCode::AmountTooManyDecimals
        | ErrorCode::AmountNegative
        | ErrorCode::InvalidFormat => Key::ErrAmountFormat,
        _ => Key::ErrInvalid,
    }
}

/// The language to show while no session says which: `?locale=` on the page's address,
/// else the browser's, else English.
pub fn browser_locale() -> Locale {
    requested_locale()
        .or_else(|| {
            web_sys::window()
                .and_then(|w| w.navigator().language())
                .and_then(|tag| Locale::from_tag(&tag))
        })
        .unwrap_or(Locale::En)
}

/// The language the payer (or the merchant's link) asked for with `?locale=xx`.
pub fn requested_locale() -> Option<Locale> {
    let search = web_sys::window()?.location().search().ok()?;
    locale_in_query(&search)
}

/// `?locale=fr&x=1` → French. Unknown languages are ignored.
pub fn locale_in_query(search: &str) -> Option<Locale> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("locale="))
        .and_then(Locale::from_tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_error_has_a_message_in_every_language() {
        for locale in Locale::ALL {
            for field in FormField::ALL {
                for code in ErrorCode::ALL {
                    assert!(!t(locale, field_error(field, code)).is_empty());
                }
            }
        }
    }

    #[test]
    fn a_split_amount_says_what_is_wrong_with_it() {
        assert_eq!(amount_error(ErrorCode::AmountFormat), Key::ErrAmountFormat);
        assert_eq!(
            amount_error(ErrorCode::AmountTooManyDecimals),
            Key::ErrAmountFormat
        );
        assert_eq!(amount_error(ErrorCode::AmountZero), Key::ErrAmountZero);
        assert_eq!(
            amount_error(ErrorCode::AmountBelowMinimum),
            Key::ErrAmountLow
        );
        assert_eq!(
            amount_error(ErrorCode::AmountAboveMaximum),
            Key::ErrAmountHigh
        );
        for locale in Locale::ALL {
            for code in ErrorCode::ALL {
                assert!(!t(locale, amount_error(code)).is_empty());
            }
        }
    }

    #[test]
    fn choices_ask_to_choose_and_cards_say_what_is_wrong() {
        assert_eq!(
            field_error(FormField::Bank, ErrorCode::Required),
            Key::ErrChoose
        );
        assert_eq!(
            field_error(FormField::Name, ErrorCode::Required),
            Key::ErrRequired
        );
        assert_eq!(
            field_error(FormField::CardNumber, ErrorCode::InvalidCheckDigit),
            Key::ErrCardCheck
        );
        assert_eq!(
            field_error(FormField::CardExpiry, ErrorCode::Expired),
            Key::ErrCardExpired
        );
    }

    #[test]
    fn languages_do_not_fall_back_to_english() {
        for locale in [Locale::Es, Locale::PtBr, Locale::Fr, Locale::Ar] {
            for key in [Key::Paid, Key::FieldName, Key::ExactAmount, Key::CryptoLost] {
                assert_ne!(t(locale, key), t(Locale::En, key), "{locale:?} {key:?}");
            }
        }
    }

    /// The build checks the files; this says the same as a test: every language has every
    /// key, with a text of its own.
    #[test]
    fn every_language_has_every_key() {
        for locale in Locale::ALL {
            let texts = parse(built_in(locale).expect("host builds have every language"))
                .unwrap_or_else(|| panic!("{locale:?} does not have one text per key"));
            assert!(texts.iter().all(|t| !t.trim().is_empty()), "{locale:?}");
        }
        let en = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en.txt"))
            .expect("en.txt");
        let names: Vec<&str> = en
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .collect();
        assert_eq!(names, KEY_NAMES);
        assert_eq!(t(Locale::Fr, Key::Loading), "Chargement de votre paiement…");
    }

    /// What the page fetches is the file as written, names included.
    #[test]
    fn a_fetched_file_reads_like_a_built_in_one() {
        let es = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/es.txt"))
            .expect("es.txt");
        let es: &'static str = Box::leak(es.into_boxed_str());
        assert_eq!(parse(es), parse(built_in(Locale::Es).expect("es")));
        assert_eq!(parse("Loading = x\n"), None);
    }

    #[test]
    fn the_address_may_ask_for_a_language() {
        assert_eq!(locale_in_query("?locale=ar"), Some(Locale::Ar));
        assert_eq!(locale_in_query("?x=1&locale=pt-BR"), Some(Locale::PtBr));
        assert_eq!(locale_in_query("?locale=de"), None);
        assert_eq!(locale_in_query(""), None);
    }
}
