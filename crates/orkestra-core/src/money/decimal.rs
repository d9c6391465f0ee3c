//! Decimal strings in major units to integer minor units, without floats.

use crate::error::ErrorCode;

/// How strictly the number of fractional digits must match the currency's exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decimals {
    /// Exactly `exponent` digits: our own API always writes them, so anything else is a bug
    /// on the caller's side worth reporting.
    Exact,
    /// Fewer digits are fine and extra ones only when they are zeros: a JSON number's text
    /// ("150", "150.5", "150.500") from an upstream that does not pad.
    Lenient,
    /// Fewer digits are fine ("85000" COP, "25.5" BRL), more are not, zeros included: what
    /// a merchant writes, where "25.500" for BRL is likelier a mistake than a convenience.
    AtMost,
}

/// Parses `s` into minor units of a currency with `exponent` decimals.
///
/// Returns at most `i64::MAX`, so the result fits any database's signed 64-bit column.
pub(super) fn parse_minor(s: &str, exponent: u8, decimals: Decimals) -> Result<u64, ErrorCode> {
    if s.is_empty() {
        return Err(ErrorCode::Required);
    }
    if let Some(rest) = s.strip_prefix('-') {
        // Name the sign when what follows is an amount, so "-10.00" says "negative" rather
        // than "bad format"; otherwise the format error is the more useful one.
        return Err(match parse_unsigned(rest, exponent, decimals) {
            Ok(_) => ErrorCode::AmountNegative,
            Err(e) => e,
        });
    }
    parse_unsigned(s, exponent, decimals)
}

/// Whether `s` is written as a decimal amount ("150", "150.5", "0.50"), whatever its
/// currency: what [`parse_minor`] refuses before the currency's exponent matters.
pub(super) fn check_syntax(s: &str) -> Result<(), ErrorCode> {
    if s.is_empty() {
        return Err(ErrorCode::Required);
    }
    if let Some(rest) = s.strip_prefix('-') {
        return Err(match split_digits(rest) {
            Ok(_) => ErrorCode::AmountNegative,
            Err(e) => e,
        });
    }
    split_digits(s).map(drop)
}

/// The integer and fraction digits of an unsigned decimal ("150.5" → "150", "5").
fn split_digits(s: &str) -> Result<(&str, &str), ErrorCode> {
    let (int, frac) = match s.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    // One check covers '+', exponents, whitespace, non-ASCII digits and a leading '.'.
    if !is_ascii_digits(int) {
        return Err(ErrorCode::AmountFormat);
    }
    if int.len() > 1 && int.starts_with('0') {
        return Err(ErrorCode::AmountFormat);
    }
    let frac = match frac {
        // "150." and "1.2.3" land here.
        Some(f) if !is_ascii_digits(f) => return Err(ErrorCode::AmountFormat),
        Some(f) => f,
        None => "",
    };
    Ok((int, frac))
}

fn parse_unsigned(s: &str, exponent: u8, decimals: Decimals) -> Result<u64, ErrorCode> {
    let (int, frac) = split_digits(s)?;

    let exponent = usize::from(exponent);
    let kept = if frac.len() > exponent {
        let (kept, extra) = frac.split_at(exponent);
        if decimals != Decimals::Lenient || extra.bytes().any(|b| b != b'0') {
            return Err(ErrorCode::AmountTooManyDecimals);
        }
        kept
    } else {
        if decimals == Decimals::Exact && frac.len() < exponent {
            return Err(ErrorCode::AmountFormat);
        }
        frac
    };

    let major = digits_value(int)?;
    let mut minor = major;
    for _ in 0..exponent {
        minor = minor.checked_mul(10).ok_or(ErrorCode::AmountOverflow)?;
    }
    // Right-pad the kept fraction to `exponent` digits: "5" of BRL is 50 centavos.
    let mut fraction = digits_value(kept)?;
    for _ in kept.len()..exponent {
        fraction *= 10;
    }
    let minor = minor
        .checked_add(fraction)
        .ok_or(ErrorCode::AmountOverflow)?;
    if minor > i64::MAX as u64 {
        return Err(ErrorCode::AmountOverflow);
    }
    Ok(minor)
}

fn is_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a string of ASCII digits (the empty string is 0).
fn digits_value(digits: &str) -> Result<u64, ErrorCode> {
    digits.bytes().try_fold(0u64, |acc, b| {
        acc.checked_mul(10)
            .and_then(|acc| acc.checked_add(u64::from(b - b'0')))
            .ok_or(ErrorCode::AmountOverflow)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_shorter_than_the_exponent_is_right_padded_when_lenient() {
        assert_eq!(parse_minor("1.5", 6, Decimals::Lenient), Ok(1_500_000));
        assert_eq!(parse_minor("0.000001", 6, Decimals::Lenient), Ok(1));
    }

    #[test]
    fn the_largest_amount_is_i64_max_minor_units() {
        assert_eq!(
            parse_minor("92233720368547758.07", 2, Decimals::Exact),
            Ok(i64::MAX as u64)
        );
        assert_eq!(
            parse_minor("92233720368547758.08", 2, Decimals::Exact),
            Err(ErrorCode::AmountOverflow)
        );
        assert_eq!(
            parse_minor("9223372036854775807", 0, Decimals::Exact),
            Ok(i64::MAX as u64)
        );
        assert_eq!(
            parse_minor("9223372036854775808", 0, Decimals::Exact),
            Err(ErrorCode::AmountOverflow)
        );
    }

    #[test]
    fn more_digits_than_u64_holds_is_an_overflow_not_a_panic() {
        let huge = "9".repeat(40);
        assert_eq!(
            parse_minor(&huge, 0, Decimals::Exact),
            Err(ErrorCode::AmountOverflow)
        );
        assert_eq!(
            parse_minor(&format!("{huge}.00"), 2, Decimals::Lenient),
            Err(ErrorCode::AmountOverflow)
        );
    }
}
