//! Numbers and times for people: money through the browser's `Intl`, countdowns as text.

use js_sys::{Array, Intl, Object, Reflect};
use orkestra_core::api::locale::Locale;
use orkestra_core::money::{Currency, Money};
use wasm_bindgen::JsValue;

/// `amount` (a decimal string in major units, as the server sends it) in `locale`'s way:
/// `R$ 150,00` in pt-BR. The decimal string goes to `Intl` as a string, so no float ever
/// holds the amount. Falls back to `BRL 150.00` if `Intl` cannot help.
pub fn money(locale: Locale, amount: &str, currency: Currency) -> String {
    let decimal = Money::parse_exact(amount, currency)
        .map(|m| m.to_decimal_string())
        .unwrap_or_else(|_| amount.to_owned());
    intl_currency(locale, &decimal, currency)
        .unwrap_or_else(|| format!("{} {decimal}", currency.code()))
}

fn intl_currency(locale: Locale, decimal: &str, currency: Currency) -> Option<String> {
    let options = Object::new();
    Reflect::set(&options, &"style".into(), &"currency".into()).ok()?;
    Reflect::set(&options, &"currency".into(), &currency.code().into()).ok()?;
    let locales = Array::of1(&locale.tag().into());
    let format = Intl::NumberFormat::new(&locales, &options).format();
    format
        .call1(&JsValue::UNDEFINED, &decimal.into())
        .ok()?
        .as_string()
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
