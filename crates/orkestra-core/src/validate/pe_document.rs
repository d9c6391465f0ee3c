//! Peru: DNI (CUI) with its optional check character, RUC, and the structural rule for CE
//! (fact sheet 2.8).

use super::compact_document;
use super::document_parts::{
    alphanumeric_between, digit_values, mask_document, masked_document_impls,
};
use crate::error::ErrorCode;

/// A Peruvian national identity number (DNI/CUI): 8 digits.
///
/// A 9th check character, printed on the card, may be typed; it is verified and then
/// dropped, because PSPs take the 8 digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PeDni(String);

impl PeDni {
    /// The 8 digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask_document(&self.0)
    }
}

/// Parses a DNI, ignoring `.`, `-`, `/` and spaces.
///
/// `Required` when empty; `InvalidFormat` unless 8 digits, optionally followed by one
/// digit or letter; `InvalidCheckDigit` when that 9th character is neither of the two
/// valid ones.
pub fn pe_dni(input: &str) -> Result<PeDni, ErrorCode> {
    let value = compact_document(input)?;
    if !value.is_ascii() || !matches!(value.len(), 8 | 9) {
        return Err(ErrorCode::InvalidFormat);
    }
    let (number, check) = value.split_at(8);
    let digits = digit_values(number).ok_or(ErrorCode::InvalidFormat)?;
    if let Some(&c) = check.as_bytes().first() {
        if !c.is_ascii_alphanumeric() {
            return Err(ErrorCode::InvalidFormat);
        }
        let (digit, letter) = dni_check_characters(&digits);
        if c != digit && c != letter {
            return Err(ErrorCode::InvalidCheckDigit);
        }
    }
    Ok(PeDni(number.to_owned()))
}

/// Weights 3, 2, 7, 6, 5, 4, 3, 2; c = Σ mod 11; the check is the digit
/// `'65432110987'[c]` or the letter `'KJIHGFEDCBA'[c]` (python-stdnum `pe/cui.py`).
fn dni_check_characters(digits: &[u32]) -> (u8, u8) {
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    let c = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum::<u32>() as usize % 11;
    (b"65432110987"[c], b"KJIHGFEDCBA"[c])
}

masked_document_impls!(PeDni, pe_dni);

/// A Peruvian taxpayer number (RUC): 11 digits starting 10 (person; the DNI follows),
/// 15 or 17 (special cases) or 20 (company), with a valid check digit.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PeRuc(String);

impl PeRuc {
    /// The 11 digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask_document(&self.0)
    }

    /// Prefix 20: a company.
    pub fn is_company(&self) -> bool {
        self.0.starts_with("20")
    }
}

/// Parses a RUC, ignoring `.`, `-`, `/` and spaces.
///
/// `Required` when empty; `InvalidFormat` unless 11 digits with prefix 10, 15, 17 or 20;
/// `InvalidCheckDigit` when the last digit is wrong.
pub fn pe_ruc(input: &str) -> Result<PeRuc, ErrorCode> {
    let value = compact_document(input)?;
    let digits = digit_values(&value).ok_or(ErrorCode::InvalidFormat)?;
    if digits.len() != 11 || !["10", "15", "17", "20"].contains(&&value[..2]) {
        return Err(ErrorCode::InvalidFormat);
    }
    if ruc_check_digit(&digits[..10]) != digits[10] {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(PeRuc(value))
}

/// Weights 5, 4, 3, 2, 7, 6, 5, 4, 3, 2; the digit is (11 − Σ mod 11) mod 10
/// (python-stdnum `pe/ruc.py`).
fn ruc_check_digit(first10: &[u32]) -> u32 {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first10.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    (11 - sum % 11) % 10
}

masked_document_impls!(PeRuc, pe_ruc);

/// Carné de extranjería: 9 digits in practice (PayerMax), but dLocal takes 4 to 12 letters
/// and digits, so that is the rule. No public check digit.
pub(super) fn pe_ce(input: &str) -> Result<String, ErrorCode> {
    alphanumeric_between(input, 4, 12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_dni_parses_with_either_check_character_or_none() {
        // payment-methods.md 2.8: DNI 10117410, check 2 or G; the others computed with
        // python-stdnum 2.2 `pe.cui.calc_check_digits`.
        for input in [
            "10117410",
            "101174102",
            "10117410-G",
            "10117410g",
            "84714297-4",
            "84714297-I",
            "48870700K",
            "66255890-2",
        ] {
            let d = pe_dni(input).unwrap();
            assert_eq!(d.digits().len(), 8, "{input}");
        }
        assert_eq!(pe_dni("10117410-G").unwrap().digits(), "10117410");
    }

    #[test]
    fn a_wrong_dni_check_character_is_reported_as_such() {
        for input in ["101174103", "10117410-H", "84714297-5", "48870700-J"] {
            assert_eq!(pe_dni(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn a_dni_of_another_shape_is_a_format_error() {
        for input in [
            "1011741",
            "1011741023",
            "1011741A",
            "10117410Ñ",
            "10117410#",
        ] {
            assert_eq!(pe_dni(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(pe_dni(""), Err(Required));
    }

    #[test]
    fn the_fact_sheets_valid_rucs_parse() {
        // payment-methods.md 2.8 and python-stdnum 2.2 `pe.ruc.calc_check_digit`.
        for (input, company) in [
            ("20512333797", true),
            ("20600000005", true),
            ("10101174102", false),
            ("17179336774", false),
            ("10399626264", false),
            ("20162522214", true),
        ] {
            assert_eq!(pe_ruc(input).unwrap().is_company(), company, "{input}");
        }
    }

    #[test]
    fn a_changed_ruc_check_digit_is_reported_as_such() {
        for input in ["20512333798", "20600000006", "10101174101"] {
            assert_eq!(pe_ruc(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn a_ruc_with_another_prefix_or_length_is_a_format_error() {
        for input in ["30512333797", "2051233379", "205123337970", "2051233379A"] {
            assert_eq!(pe_ruc(input), Err(InvalidFormat), "{input}");
        }
    }

    #[test]
    fn ce_is_four_to_twelve_letters_and_digits() {
        assert_eq!(pe_ce("001234567").unwrap(), "001234567");
        assert_eq!(pe_ce("ab12").unwrap(), "AB12");
        assert_eq!(pe_ce("123"), Err(InvalidFormat));
        assert_eq!(pe_ce("1234567890123"), Err(InvalidFormat));
    }

    #[test]
    fn debug_and_serde() {
        let r = pe_ruc("20512333797").unwrap();
        assert_eq!(format!("{r:?}"), "PeRuc(\"*******3797\")");
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"20512333797\"");
        let d = pe_dni("101174102").unwrap();
        assert_eq!(d.to_string(), "****7410");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"10117410\"");
    }

    proptest! {
        #[test]
        fn a_ruc_body_with_its_check_digit_parses_and_any_other_digit_fails(
            prefix in prop::sample::select(vec!["10", "15", "17", "20"]),
            rest in "[0-9]{8}",
            other in 0u32..10,
        ) {
            let body = format!("{prefix}{rest}");
            let dv = ruc_check_digit(&digit_values(&body).unwrap());
            let good = format!("{body}{dv}");
            prop_assert!(pe_ruc(&good).is_ok(), "{}", good);
            prop_assume!(other != dv);
            prop_assert_eq!(pe_ruc(&format!("{body}{other}")), Err(InvalidCheckDigit));
        }

        #[test]
        fn a_dni_with_either_check_character_parses_and_any_other_fails(
            number in "[0-9]{8}",
            other in "[0-9A-Z]",
        ) {
            let (digit, letter) = dni_check_characters(&digit_values(&number).unwrap());
            let good = format!("{number}{}", char::from(digit));
            prop_assert!(pe_dni(&good).is_ok(), "{}", good);
            let good = format!("{number}{}", char::from(letter));
            prop_assert!(pe_dni(&good).is_ok(), "{}", good);
            let o = other.as_bytes()[0];
            prop_assume!(o != digit && o != letter);
            prop_assert_eq!(pe_dni(&format!("{number}{other}")), Err(InvalidCheckDigit));
        }
    }
}
