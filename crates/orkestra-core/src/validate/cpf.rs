use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::compact_document;
use super::mask::mask_keep_last;
use crate::error::ErrorCode;

/// A Brazilian individual taxpayer number (CPF) with valid check digits: 11 ASCII digits.
///
/// `Debug` and `Display` mask it ("***.***.*89-09"); [`Cpf::digits`] is the one way to the
/// number. Serialises as the bare digits, which is what upstream APIs take; deserialising
/// goes through [`cpf`], so an invalid CPF cannot enter through JSON either.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpf(String);

impl Cpf {
    /// The 11 digits, unformatted.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "123.456.789-09", for showing the payer what they typed.
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("{}.{}.{}-{}", &d[0..3], &d[3..6], &d[6..9], &d[9..11])
    }

    /// "***.***.*89-09": safe for logs and receipts.
    pub fn masked(&self) -> String {
        mask_keep_last(&self.formatted(), 4)
    }
}

/// Parses a CPF, ignoring `.`, `-`, `/` and spaces.
///
/// `Required` when empty, `InvalidFormat` unless 11 digits, `RepeatedDigits` for numbers
/// such as 111.111.111-11 (they pass the arithmetic but are never issued), otherwise
/// `InvalidCheckDigit` when either check digit is wrong.
pub fn cpf(input: &str) -> Result<Cpf, ErrorCode> {
    let digits = compact_document(input)?;
    if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    let n: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    if n.iter().all(|&d| d == n[0]) {
        return Err(ErrorCode::RepeatedDigits);
    }
    let d1 = check_digit(&n[..9], 10);
    let d2 = check_digit(&n[..10], 11);
    if n[9] != d1 || n[10] != d2 {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Cpf(digits))
}

/// Mod 11 with weights falling from `first_weight` to 2; a remainder of 0 or 1 gives 0.
fn check_digit(digits: &[u32], first_weight: u32) -> u32 {
    let sum: u32 = digits
        .iter()
        .zip((2..=first_weight).rev())
        .map(|(d, w)| d * w)
        .sum();
    (11 - sum % 11) % 11 % 10
}

impl fmt::Debug for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cpf").field(&self.masked()).finish()
    }
}

impl fmt::Display for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Cpf {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Cpf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        cpf(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_valid_cpfs_parse_with_or_without_punctuation() {
        for (input, digits) in [
            ("123.456.789-09", "12345678909"),
            ("12345678909", "12345678909"),
            ("529.982.247-25", "52998224725"),
            (" 529 982 247 25 ", "52998224725"),
            // Orkestra's PIX example customer.
            ("535.134.060-70", "53513406070"),
        ] {
            assert_eq!(cpf(input).unwrap().digits(), digits, "{input}");
        }
    }

    #[test]
    fn repeated_digits_are_rejected_even_though_their_arithmetic_works() {
        for d in '0'..='9' {
            let input: String = std::iter::repeat_n(d, 11).collect();
            assert_eq!(cpf(&input), Err(RepeatedDigits), "{input}");
        }
        assert_eq!(cpf("111.111.111-11"), Err(RepeatedDigits));
    }

    #[test]
    fn a_wrong_check_digit_is_reported_as_such() {
        assert_eq!(cpf("123.456.789-00"), Err(InvalidCheckDigit));
        assert_eq!(cpf("123.456.789-08"), Err(InvalidCheckDigit));
        assert_eq!(cpf("123.456.789-19"), Err(InvalidCheckDigit));
        assert_eq!(cpf("529.982.247-26"), Err(InvalidCheckDigit));
    }

    #[test]
    fn anything_but_eleven_digits_is_a_format_error() {
        for input in ["123", "123.456.789-0", "123.456.789-091", "1234567890A"] {
            assert_eq!(cpf(input), Err(InvalidFormat), "{input}");
        }
    }

    #[test]
    fn an_empty_cpf_is_required() {
        assert_eq!(cpf(""), Err(Required));
        assert_eq!(cpf("  "), Err(Required));
    }

    #[test]
    fn debug_and_display_never_show_more_than_the_last_four_digits() {
        let c = cpf("123.456.789-09").unwrap();
        assert_eq!(c.masked(), "***.***.*89-09");
        assert_eq!(c.to_string(), "***.***.*89-09");
        assert_eq!(format!("{c:?}"), "Cpf(\"***.***.*89-09\")");
        assert!(!format!("{c:?}").contains("123"));
        assert_eq!(c.formatted(), "123.456.789-09");
    }

    #[test]
    fn serde_writes_the_digits_and_reads_only_valid_cpfs() {
        let c = cpf("123.456.789-09").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"12345678909\"");
        assert_eq!(
            serde_json::from_str::<Cpf>("\"123.456.789-09\"").unwrap(),
            c
        );
        let err = serde_json::from_str::<Cpf>("\"123.456.789-00\"").unwrap_err();
        assert!(err.to_string().contains("invalid_check_digit"));
    }
}
