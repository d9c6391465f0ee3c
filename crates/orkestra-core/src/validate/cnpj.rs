use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::compact_document;
use super::mask::mask_keep_last;
use crate::error::ErrorCode;

/// A Brazilian company number (CNPJ) with valid check digits: 12 upper-case letters or
/// digits, then 2 digits.
///
/// Letters are allowed from July 2026 (IN RFB 2.229/2024); existing numeric CNPJs are the
/// special case where every character is a digit, with the same algorithm. Masked in
/// `Debug` and `Display` like [`super::Cpf`]; serialises as the bare 14 characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cnpj(String);

impl Cnpj {
    /// The 14 characters, unformatted and upper-case. Named like [`super::Cpf::digits`]
    /// although, since 2026, some are letters.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "12.ABC.345/01DE-35".
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!(
            "{}.{}.{}/{}-{}",
            &d[0..2],
            &d[2..5],
            &d[5..8],
            &d[8..12],
            &d[12..14]
        )
    }

    /// "**.***.***/**DE-35".
    pub fn masked(&self) -> String {
        mask_keep_last(&self.formatted(), 4)
    }
}

/// Parses a CNPJ, ignoring `.`, `-`, `/` and spaces and accepting lower-case letters.
///
/// `Required` when empty; `InvalidFormat` unless it matches `[0-9A-Z]{12}[0-9]{2}`;
/// `RepeatedDigits` for an all-zero root and branch or one character repeated 14 times;
/// `InvalidCheckDigit` when either check digit is wrong.
pub fn cnpj(input: &str) -> Result<Cnpj, ErrorCode> {
    let chars = compact_document(input)?;
    let bytes = chars.as_bytes();
    let well_formed = bytes.len() == 14
        && bytes[..12]
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        && bytes[12..].iter().all(u8::is_ascii_digit);
    if !well_formed {
        return Err(ErrorCode::InvalidFormat);
    }
    if bytes[..12].iter().all(|&b| b == b'0') || bytes.iter().all(|&b| b == bytes[0]) {
        return Err(ErrorCode::RepeatedDigits);
    }
    // The value of a character is its ASCII code minus 48: digits keep their value and
    // letters run from A = 17 to Z = 42.
    let values: Vec<u32> = bytes.iter().map(|&b| u32::from(b - b'0')).collect();
    let d1 = check_digit(&values[..12]);
    let d2 = check_digit(&values[..13]);
    if values[12] != d1 || values[13] != d2 {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Cnpj(chars))
}

/// Mod 11 with weights 2..=9 repeating from the right; a remainder of 0 or 1 gives 0.
fn check_digit(values: &[u32]) -> u32 {
    let sum: u32 = values
        .iter()
        .rev()
        .zip((2..=9).cycle())
        .map(|(v, w)| v * w)
        .sum();
    (11 - sum % 11) % 11 % 10
}

impl fmt::Debug for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cnpj").field(&self.masked()).finish()
    }
}

impl fmt::Display for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Cnpj {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Cnpj {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        cnpj(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_numeric_and_alphanumeric_cnpjs_parse() {
        for (input, chars) in [
            ("11.222.333/0001-81", "11222333000181"),
            ("11222333000181", "11222333000181"),
            ("12.ABC.345/01DE-35", "12ABC34501DE35"),
            ("A1.B2C.3D4/E5F6-68", "A1B2C3D4E5F668"),
        ] {
            assert_eq!(cnpj(input).unwrap().digits(), chars, "{input}");
        }
    }

    #[test]
    fn lower_case_letters_are_upper_cased() {
        assert_eq!(
            cnpj("12.abc.345/01de-35").unwrap().digits(),
            "12ABC34501DE35"
        );
        assert_eq!(cnpj("a1b2c3d4e5f668").unwrap().digits(), "A1B2C3D4E5F668");
    }

    #[test]
    fn a_wrong_check_digit_is_reported_as_such() {
        for input in [
            "11.222.333/0001-82",
            "11.222.333/0001-91",
            "12.ABC.345/01DE-36",
            "A1.B2C.3D4/E5F6-86",
        ] {
            assert_eq!(cnpj(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn an_all_zero_root_is_rejected_although_its_arithmetic_works() {
        assert_eq!(cnpj("00.000.000/0000-00"), Err(RepeatedDigits));
        assert_eq!(cnpj("000000000000-91"), Err(RepeatedDigits));
        assert_eq!(cnpj("11111111111111"), Err(RepeatedDigits));
        assert_eq!(cnpj("22222222222222"), Err(RepeatedDigits));
    }

    #[test]
    fn check_digits_must_be_digits_and_the_rest_ascii_alphanumerics() {
        for input in [
            "12.ABC.345/01DE-3A",
            "12.ABC.345/01DÉ-35",
            "12.ABC.345/01D_-35",
            "11.222.333/0001-8",
            "11.222.333/0001-811",
            "123.456.789-09",
        ] {
            assert_eq!(cnpj(input), Err(InvalidFormat), "{input}");
        }
    }

    #[test]
    fn an_empty_cnpj_is_required() {
        assert_eq!(cnpj(""), Err(Required));
        assert_eq!(cnpj(" ./- "), Err(Required));
    }

    #[test]
    fn debug_and_display_show_only_the_last_four_characters() {
        let c = cnpj("11.222.333/0001-81").unwrap();
        assert_eq!(c.masked(), "**.***.***/**01-81");
        assert_eq!(format!("{c:?}"), "Cnpj(\"**.***.***/**01-81\")");
        assert_eq!(c.to_string(), "**.***.***/**01-81");
        assert_eq!(
            cnpj("12.ABC.345/01DE-35").unwrap().formatted(),
            "12.ABC.345/01DE-35"
        );
    }

    #[test]
    fn serde_writes_the_characters_and_reads_only_valid_cnpjs() {
        let c = cnpj("12.abc.345/01de-35").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"12ABC34501DE35\"");
        assert_eq!(
            serde_json::from_str::<Cnpj>("\"12ABC34501DE35\"").unwrap(),
            c
        );
        assert!(serde_json::from_str::<Cnpj>("\"12ABC34501DE36\"").is_err());
    }
}
