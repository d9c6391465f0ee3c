//! Argentina: CUIT and CUIL (check digit) and DNI (structure only), fact sheet 2.6.

use super::compact_document;
use super::document_parts::{digit_values, digits_between, mask_document, masked_document_impls};
use crate::error::ErrorCode;

/// An Argentine tax or labour number (CUIT or CUIL): 11 digits `PP-NNNNNNNN-D` with a known
/// prefix and a valid check digit. Both share this format; [`cuil`] only takes the
/// individuals' prefixes.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cuit(String);

impl Cuit {
    /// The 11 digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "20-12345678-6".
    pub fn formatted(&self) -> String {
        format!("{}-{}-{}", &self.0[..2], &self.0[2..10], &self.0[10..])
    }

    pub fn masked(&self) -> String {
        mask_document(&self.formatted())
    }

    /// The 8 middle digits, which are the DNI for individuals.
    pub fn middle(&self) -> &str {
        &self.0[2..10]
    }
}

/// Individuals (20 men, 27 women, 23 and 24 when the check digit would be 10 or taken).
const INDIVIDUAL_PREFIXES: [&str; 4] = ["20", "23", "24", "27"];
/// Companies (30, 33, 34) and international (50, 51, 55).
const OTHER_PREFIXES: [&str; 6] = ["30", "33", "34", "50", "51", "55"];

/// Parses a CUIT, ignoring `.`, `-`, `/` and spaces.
///
/// `Required` when empty; `InvalidFormat` unless 11 digits with prefix 20, 23, 24, 27, 30,
/// 33, 34, 50, 51 or 55; `InvalidCheckDigit` when the last digit is wrong.
pub fn cuit(input: &str) -> Result<Cuit, ErrorCode> {
    parse(input, true)
}

/// Parses a CUIL: like [`cuit`], but only individuals' prefixes (20, 23, 24, 27), as a CUIL
/// belongs to a worker.
pub fn cuil(input: &str) -> Result<Cuit, ErrorCode> {
    parse(input, false)
}

fn parse(input: &str, companies_too: bool) -> Result<Cuit, ErrorCode> {
    let value = compact_document(input)?;
    let digits = digit_values(&value).ok_or(ErrorCode::InvalidFormat)?;
    if digits.len() != 11 {
        return Err(ErrorCode::InvalidFormat);
    }
    let prefix = &value[..2];
    let known = INDIVIDUAL_PREFIXES.contains(&prefix)
        || (companies_too && OTHER_PREFIXES.contains(&prefix));
    if !known {
        return Err(ErrorCode::InvalidFormat);
    }
    if check_digit(&digits[..10]) != digits[10] {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Cuit(value))
}

/// Weights 5, 4, 3, 2, 7, 6, 5, 4, 3, 2; r = Σ mod 11; the digit is 11 − r, with 11 → 0.
///
/// When 11 − r is 10, AFIP issues the number with prefix 23 or 33 instead; python-stdnum
/// (`ar/cuit.py`) accepts 9 as the digit in that case, and so do we rather than turn a
/// payer away over a rule the fact sheet marks uncertain.
fn check_digit(first10: &[u32]) -> u32 {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let r = first10.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum::<u32>() % 11;
    match 11 - r {
        11 => 0,
        10 => 9,
        d => d,
    }
}

masked_document_impls!(Cuit, cuit);

/// DNI: 7 or 8 digits, no check digit (python-stdnum `ar/dni.py`). Returns the digits.
pub(super) fn ar_dni(input: &str) -> Result<String, ErrorCode> {
    digits_between(input, 7, 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_valid_cuits_parse() {
        // payment-methods.md 2.6; the others computed with python-stdnum 2.2
        // `ar.cuit.calc_check_digit`.
        for (input, digits) in [
            ("20-12345678-6", "20123456786"),
            ("27-30111222-5", "27301112225"),
            ("30-71234567-1", "30712345671"),
            ("23-20111222-2", "23201112222"),
            ("20781068714", "20781068714"),
            ("33 19375836 9", "33193758369"),
            ("27221752940", "27221752940"),
        ] {
            let c = cuit(input).unwrap();
            assert_eq!(c.digits(), digits, "{input}");
        }
        assert_eq!(cuit("20123456786").unwrap().middle(), "12345678");
    }

    #[test]
    fn a_cuil_takes_only_individuals() {
        assert!(cuil("20-12345678-6").is_ok());
        assert!(cuil("27-30111222-5").is_ok());
        assert_eq!(cuil("30-71234567-1"), Err(InvalidFormat));
    }

    #[test]
    fn a_changed_check_digit_is_reported_as_such() {
        for input in [
            "20-12345678-7",
            "27-30111222-4",
            "30-71234567-0",
            "23-20111222-3",
        ] {
            assert_eq!(cuit(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn a_remainder_of_one_takes_nine_and_of_zero_takes_zero_as_python_stdnum_does() {
        // python-stdnum 2.2: calc_check_digit("2010000005") == "9" (Σ mod 11 = 1) and
        // calc_check_digit("2310000004") == "0" (Σ mod 11 = 0).
        assert!(cuit("20-10000005-9").is_ok());
        assert_eq!(cuit("20-10000005-0"), Err(InvalidCheckDigit));
        assert!(cuit("23-10000004-0").is_ok());
    }

    #[test]
    fn other_prefixes_and_shapes_are_format_errors() {
        for input in [
            "21-12345678-6",
            "20-1234567-6",
            "20-123456789-6",
            "2O-12345678-6",
        ] {
            assert_eq!(cuit(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(cuit("--"), Err(Required));
    }

    #[test]
    fn a_dni_is_seven_or_eight_digits() {
        assert_eq!(ar_dni("20.123.456").unwrap(), "20123456");
        assert_eq!(ar_dni("1.234.567").unwrap(), "1234567");
        for input in ["123456", "123456789", "20.123.45A"] {
            assert_eq!(ar_dni(input), Err(InvalidFormat), "{input}");
        }
    }

    #[test]
    fn debug_display_and_serde() {
        let c = cuit("20-12345678-6").unwrap();
        assert_eq!(c.formatted(), "20-12345678-6");
        assert_eq!(format!("{c:?}"), "Cuit(\"**-*****678-6\")");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"20123456786\"");
        assert_eq!(
            serde_json::from_str::<Cuit>("\"20-12345678-6\"").unwrap(),
            c
        );
    }

    proptest! {
        #[test]
        fn a_body_with_its_check_digit_parses_and_any_other_digit_fails(
            prefix in prop::sample::select([&INDIVIDUAL_PREFIXES[..], &OTHER_PREFIXES].concat()),
            middle in "[0-9]{8}",
            other in 0u32..10,
        ) {
            let body = format!("{prefix}{middle}");
            let dv = check_digit(&digit_values(&body).unwrap());
            let good = format!("{body}{dv}");
            prop_assert!(cuit(&good).is_ok(), "{}", good);
            prop_assume!(other != dv);
            prop_assert_eq!(cuit(&format!("{body}{other}")), Err(InvalidCheckDigit));
        }
    }
}
