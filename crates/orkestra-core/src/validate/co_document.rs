//! Colombia: NIT (check digit), and the structural rules for CC, CE, TI and passports
//! (fact sheet 2.5).

use super::compact_document;
use super::document_parts::{
    alphanumeric_between, digit_values, digits_between, group_thousands, mask_document,
    masked_document_impls,
};
use crate::error::ErrorCode;

/// A Colombian tax number (NIT): base digits and a valid check digit, 8 to 16 digits in all
/// (python-stdnum `co/nit.py`). Companies have a 9-digit base; a person's NIT is their
/// cédula plus a check digit.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nit(String);

impl Nit {
    /// Base and check digit, unformatted: "9001234568".
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "900.123.456-8".
    pub fn formatted(&self) -> String {
        let (base, dv) = self.0.split_at(self.0.len() - 1);
        format!("{}-{dv}", group_thousands(base))
    }

    pub fn masked(&self) -> String {
        mask_document(&self.formatted())
    }
}

/// Parses a NIT, ignoring `.`, `-`, `,` and spaces.
///
/// `Required` when empty; `InvalidFormat` unless 8 to 16 digits; `InvalidCheckDigit` when
/// the last digit is wrong.
pub fn nit(input: &str) -> Result<Nit, ErrorCode> {
    let value = compact_document(&input.replace(',', ""))?;
    let digits = digit_values(&value).ok_or(ErrorCode::InvalidFormat)?;
    if !(8..=16).contains(&digits.len()) {
        return Err(ErrorCode::InvalidFormat);
    }
    let (base, dv) = digits.split_at(digits.len() - 1);
    if nit_check_digit(base) != dv[0] {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Nit(value))
}

/// Weights 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71 on the base read right
/// to left; r = Σ mod 11; the digit is r for r < 2, else 11 − r (DIAN; python-stdnum).
fn nit_check_digit(base: &[u32]) -> u32 {
    const WEIGHTS: [u32; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
    let r = base
        .iter()
        .rev()
        .zip(WEIGHTS)
        .map(|(d, w)| d * w)
        .sum::<u32>()
        % 11;
    if r < 2 {
        r
    } else {
        11 - r
    }
}

masked_document_impls!(Nit, nit);

/// Cédula de ciudadanía: 6 to 10 digits, no check digit (dLocal). Returns the digits.
pub(super) fn co_cc(input: &str) -> Result<String, ErrorCode> {
    digits_between(input, 6, 10)
}

/// Tarjeta de identidad (minors): the fact sheet gives no format. Its number is a NUIP of
/// 10 digits, or 11 on older cards, so this takes 6 to 11 digits like a CC with room.
pub(super) fn co_ti(input: &str) -> Result<String, ErrorCode> {
    digits_between(input, 6, 11)
}

/// Cédula de extranjería: up to 12 letters and digits (dLocal, PayerMax); at least 4, as
/// dLocal requires for Peru's CE.
pub(super) fn co_ce(input: &str) -> Result<String, ErrorCode> {
    alphanumeric_between(input, 4, 12)
}

/// Passport: up to 12 letters and digits (dLocal); at least 4.
pub(super) fn co_pp(input: &str) -> Result<String, ErrorCode> {
    alphanumeric_between(input, 4, 12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_valid_nits_parse() {
        // payment-methods.md 2.5, checked with python-stdnum 2.2 `co.nit.is_valid`.
        for (input, digits) in [
            ("900123456-8", "9001234568"),
            ("800197268-4", "8001972684"),
            ("860002964-4", "8600029644"),
            ("900.123.456-8", "9001234568"),
            // Computed with python-stdnum 2.2 `co.nit.calc_check_digit`.
            ("812961789-0", "8129617890"),
            ("825267841-7", "8252678417"),
            ("50081935-1", "500819351"),
            ("79.220.482-8", "792204828"),
            ("79,220,482-8", "792204828"),
        ] {
            assert_eq!(nit(input).unwrap().digits(), digits, "{input}");
        }
    }

    #[test]
    fn a_changed_nit_check_digit_is_reported_as_such() {
        for input in ["900123456-7", "800197268-5", "860002964-0", "812961789-1"] {
            assert_eq!(nit(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn a_nit_of_the_wrong_length_or_with_letters_is_a_format_error() {
        for input in ["1234567", "12345678901234567", "900123456-K", "90012345A-8"] {
            assert_eq!(nit(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(nit(""), Err(Required));
    }

    #[test]
    fn a_nit_masks_itself_and_round_trips_through_serde() {
        let n = nit("900123456-8").unwrap();
        assert_eq!(n.formatted(), "900.123.456-8");
        assert_eq!(format!("{n:?}"), "Nit(\"***.***.456-8\")");
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"9001234568\"");
        assert_eq!(serde_json::from_str::<Nit>("\"900.123.456-8\"").unwrap(), n);
    }

    #[test]
    fn cc_and_ti_are_digits_of_the_documented_lengths() {
        assert_eq!(co_cc("1.004.922.993").unwrap(), "1004922993");
        assert_eq!(co_cc("123456").unwrap(), "123456");
        assert_eq!(co_cc("12345"), Err(InvalidFormat));
        assert_eq!(co_cc("12345678901"), Err(InvalidFormat));
        assert_eq!(co_cc("12345A"), Err(InvalidFormat));
        assert_eq!(co_ti("10049229931").unwrap(), "10049229931");
        assert_eq!(co_ti("100492299312"), Err(InvalidFormat));
    }

    #[test]
    fn ce_and_passport_are_up_to_twelve_letters_and_digits() {
        assert_eq!(co_ce("e-123 456").unwrap(), "E123456");
        assert_eq!(co_pp("ab1234567").unwrap(), "AB1234567");
        assert_eq!(co_pp("AB12345678901"), Err(InvalidFormat));
        assert_eq!(co_ce("123"), Err(InvalidFormat));
        assert_eq!(co_ce("ÑA1234"), Err(InvalidFormat));
        assert_eq!(co_pp("  "), Err(Required));
    }

    proptest! {
        #[test]
        fn a_base_with_its_check_digit_parses_and_any_other_digit_fails(
            base in "[1-9][0-9]{6,14}",
            other in 0u32..10,
        ) {
            let values = digit_values(&base).unwrap();
            let dv = nit_check_digit(&values);
            let good = format!("{base}-{dv}");
            prop_assert!(nit(&good).is_ok(), "{}", good);
            prop_assume!(other != dv);
            prop_assert_eq!(nit(&format!("{base}-{other}")), Err(InvalidCheckDigit));
        }
    }
}
