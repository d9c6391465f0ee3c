//! Numbers and times for people: money through the browser's `Intl`, countdowns as text.

use js_sys::{Array, Intl, Object, Reflect};
use orkestra_core::api::locale::Locale;
use orkestra_core::money::Currency;
use wasm_bindgen::JsValue;

/// `amount` (a decimal string in major units, as the server sends it) in `locale`'s way:
/// `R$ 150,00` in pt-BR. The decimal string goes to `Intl` as a string, so no float ever
/// holds the amount. Falls back to `BRL 150.00` if `Intl` cannot help.
pub fn money(locale: Locale, amount: &str, currency: Currency) -> String {
    money_in(locale.tag(), amount, currency)
}

/// [`money`] with an explicit `Intl` tag (orkestra-core's `Locale::intl_tag`).
pub fn money_in(tag: &str, amount: &str, currency: Currency) -> String {
    let written = WRITTEN.with_borrow(|written| {
        written
            .iter()
            .find(|(t, c, a, _)| t == tag && *c == currency && a == amount)
            .map(|(_, _, _, text)| text.clone())
    });
    written
        .or_else(|| intl_currency(tag, amount, currency))
        .unwrap_or_else(|| format!("{} {amount}", currency.code()))
}

fn intl_currency(tag: &str, decimal: &str, currency: Currency) -> Option<String> {
    // Intl knows ISO 4217 codes only: a stablecoin (USDT) is a number and its code.
    let iso = currency.code().len() == 3;
    let format = number_format(tag, currency)?;
    let text = format
        .call1(&JsValue::UNDEFINED, &decimal.into())
        .ok()?
        .as_string()?;
    Some(if iso {
        text
    } else {
        [&text, " ", currency.code()].concat()
    })
}

/// Takes `text` as `amount` (a decimal string, as the server sends it) written for `tag`: the
/// hosted page's HTML brings the session's amounts written so (src/boot.rs), from the same
/// rules as Chromium's `Intl` (crates/orkestra-proxy's `routes/hosted/intl.rs`), and the
/// first screen then makes no `Intl.NumberFormat` (the costly part, below).
pub fn take_written(tag: &str, currency: Currency, amount: String, text: String) {
    WRITTEN.with_borrow_mut(|written| written.push((tag.to_owned(), currency, amount, text)));
}

thread_local! {
    /// Amounts the server wrote (see [`take_written`]), by tag, currency and amount.
    static WRITTEN: std::cell::RefCell<Vec<(String, Currency, String, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
    /// The `Intl.NumberFormat`s made so far (their bound `format`), by tag and currency.
    /// Making one is the costly part of formatting: a trace of the hosted page's first
    /// screen at 4x CPU slowdown spent about 60 of its 210 ms in the constructor, and the
    /// page formats the same one or two again and again. A page shows a few at most.
    static NUMBER_FORMATS: std::cell::RefCell<Vec<(String, Currency, js_sys::Function)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The `format` of an `Intl.NumberFormat` for `tag` and `currency`, made the first time.
fn number_format(tag: &str, currency: Currency) -> Option<js_sys::Function> {
    let made = NUMBER_FORMATS.with_borrow(|made| {
        made.iter()
            .find(|(t, c, _)| t == tag && *c == currency)
            .map(|(_, _, format)| format.clone())
    });
    if made.is_some() {
        return made;
    }
    let options = Object::new();
    let code = currency.code();
    if code.len() == 3 {
        Reflect::set(&options, &"style".into(), &"currency".into()).ok()?;
        Reflect::set(&options, &"currency".into(), &code.into()).ok()?;
    } else {
        let digits = JsValue::from(currency.exponent());
        Reflect::set(&options, &"minimumFractionDigits".into(), &JsValue::from(2)).ok()?;
        Reflect::set(&options, &"maximumFractionDigits".into(), &digits).ok()?;
    }
    let locales = Array::of1(&tag.into());
    let format = Intl::NumberFormat::new(&locales, &options).format();
    NUMBER_FORMATS.with_borrow_mut(|made| made.push((tag.to_owned(), currency, format.clone())));
    Some(format)
}

/// A date and time from the server (RFC 3339) in `locale`'s way, in the payer's time
/// zone: "31 de mar. de 2026, 14:00". `None` if the browser cannot read it.
pub fn date_time(tag: &str, rfc3339: &str) -> Option<String> {
    intl_date(
        tag,
        rfc3339,
        &[("dateStyle", "medium"), ("timeStyle", "short")],
    )
}

/// A calendar day (`2026-03-31`, a boleto's due date) in `locale`'s way. Read as UTC so
/// no time zone moves it to the day before.
pub fn day(tag: &str, iso_date: &str) -> Option<String> {
    intl_date(tag, iso_date, &[("dateStyle", "long"), ("timeZone", "UTC")])
}

fn intl_date(tag: &str, text: &str, options: &[(&str, &str)]) -> Option<String> {
    let ms = timestamp_ms(text)?;
    let object = Object::new();
    for (name, value) in options {
        Reflect::set(&object, &(*name).into(), &(*value).into()).ok()?;
    }
    let date = js_sys::Date::new(&JsValue::from(ms));
    date.to_locale_string(tag, &object).as_string()
}

/// Milliseconds since the epoch of an RFC 3339 timestamp, if the browser can read it.
pub fn timestamp_ms(rfc3339: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(rfc3339);
    (!ms.is_nan()).then_some(ms)
}

/// Whole seconds left until `deadline_ms` at `now_ms`; zero once passed.
pub fn seconds_left(deadline_ms: f64, now_ms: f64) -> u64 {
    let left = ((deadline_ms - now_ms) / 1000.0).ceil();
    if left > 0.0 {
        left as u64
    } else {
        0
    }
}

/// `mm:ss`, or `h:mm:ss` from an hour up (Pix codes may live for a day).
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_countrys_variant_of_the_payers_language() {
        use orkestra_core::catalog::Country;
        assert_eq!(Locale::Es.intl_tag(Some(Country::MX)), "es-MX");
        assert_eq!(Locale::Fr.intl_tag(Some(Country::SN)), "fr-SN");
        assert_eq!(Locale::En.intl_tag(Some(Country::CM)), "en-CM");
        assert_eq!(Locale::Ar.intl_tag(Some(Country::EG)), "ar-EG");
        assert_eq!(Locale::PtBr.intl_tag(Some(Country::BR)), "pt-BR");
        // A language the country does not speak keeps its own conventions.
        assert_eq!(Locale::En.intl_tag(Some(Country::MX)), "en");
        assert_eq!(Locale::Fr.intl_tag(None), "fr");
    }

    #[test]
    fn the_clock_reads_minutes_and_seconds() {
        assert_eq!(clock(899), "14:59");
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(59), "00:59");
        assert_eq!(clock(3600), "1:00:00");
        assert_eq!(clock(86_399), "23:59:59");
    }

    #[test]
    fn seconds_left_rounds_up_and_stops_at_zero() {
        assert_eq!(seconds_left(900_000.0, 0.0), 900);
        assert_eq!(seconds_left(900_000.0, 1.0), 900);
        assert_eq!(seconds_left(900_000.0, 1_000.0), 899);
        assert_eq!(seconds_left(0.0, 5_000.0), 0);
    }
}
