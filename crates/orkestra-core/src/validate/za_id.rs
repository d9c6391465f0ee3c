use super::card::luhn;
use super::compact_document;
use super::document_parts::{digit_values, is_valid_date, mask_document, masked_document_impls};
use crate::error::ErrorCode;

/// A South African identity number: 13 digits `YYMMDD SSSS C A Z`, a real birth date,
/// citizenship `C` of 0 (citizen) or 1 (permanent resident), and a valid Luhn digit `Z`
/// (fact sheet 2.10, python-stdnum `za/idnr.py`).
///
/// The catalog has no document type for it (no South African method asks for one); dLocal
/// asks for it "with full validation", so the rule is here for when one does.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ZaIdNumber(String);

impl ZaIdNumber {
    /// The 13 digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "800101 5009 08 7".
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("{} {} {} {}", &d[..6], &d[6..10], &d[10..12], &d[12..])
    }

    pub fn masked(&self) -> String {
        mask_document(&self.formatted())
    }

    /// Whether `C` is 0: a South African citizen (1 is a permanent resident).
    pub fn is_citizen(&self) -> bool {
        self.0.as_bytes()[10] == b'0'
    }
}

/// Parses an ID number, ignoring spaces, `.`, `-` and `/`.
///
/// `Required` when empty; `InvalidFormat` unless 13 digits with a possible YYMMDD and a
/// citizenship digit of 0 or 1; `InvalidCheckDigit` when Luhn fails.
///
/// The century is not in the number and this crate has no clock, so 29 February passes in
/// every year divisible by 4 (00 stands for 2000, a leap year, as well as 1900).
pub fn za_id(input: &str) -> Result<ZaIdNumber, ErrorCode> {
    let value = compact_document(input)?;
    let d = digit_values(&value).ok_or(ErrorCode::InvalidFormat)?;
    if d.len() != 13 {
        return Err(ErrorCode::InvalidFormat);
    }
    let (yy, mm, dd) = (d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5]);
    if !is_valid_date(2000 + yy, mm, dd) || d[10] > 1 {
        return Err(ErrorCode::InvalidFormat);
    }
    if !luhn::is_valid(value.as_bytes()) {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(ZaIdNumber(value))
}

masked_document_impls!(ZaIdNumber, za_id);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_and_stdnums_ids_parse() {
        // payment-methods.md 2.10 (8001015009087) and python-stdnum's example
        // (7503305044089), checked with python-stdnum 2.2 `za.idnr.is_valid`.
        for input in ["8001015009087", "7503305044089", "750330 5044 08 9"] {
            assert!(za_id(input).is_ok(), "{input}");
        }
        assert!(za_id("8001015009087").unwrap().is_citizen());
    }

    #[test]
    fn a_changed_luhn_digit_is_reported_as_such() {
        for input in ["8001015009088", "7503305044088"] {
            assert_eq!(za_id(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn an_impossible_date_a_bad_citizenship_digit_or_length_is_a_format_error() {
        for input in [
            "8013015009087", // month 13
            "8002305009087", // 30 February
            "8001015009287", // citizenship 2
            "800101500908",
            "80010150090871",
            "800101500908A",
        ] {
            assert_eq!(za_id(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(za_id(""), Err(Required));
    }

    #[test]
    fn debug_display_and_serde() {
        let z = za_id("8001015009087").unwrap();
        assert_eq!(z.formatted(), "800101 5009 08 7");
        assert_eq!(format!("{z:?}"), "ZaIdNumber(\"****** ***9 08 7\")");
        assert_eq!(serde_json::to_string(&z).unwrap(), "\"8001015009087\"");
        assert_eq!(
            serde_json::from_str::<ZaIdNumber>("\"800101 5009 08 7\"").unwrap(),
            z
        );
    }

    proptest! {
        #[test]
        fn a_body_with_its_luhn_digit_parses_and_any_other_digit_fails(
            yy in 0u32..100, mm in 1u32..=12, dd in 1u32..=28,
            serial in "[0-9]{4}", citizen in "[01]", race in "[0-9]",
            other in 0u8..10,
        ) {
            let body = format!("{yy:02}{mm:02}{dd:02}{serial}{citizen}{race}");
            let dv = luhn::check_digit(body.as_bytes());
            let good = format!("{body}{}", char::from(dv));
            prop_assert!(za_id(&good).is_ok(), "{}", good);
            prop_assume!(b'0' + other != dv);
            prop_assert_eq!(za_id(&format!("{body}{other}")), Err(InvalidCheckDigit));
        }
    }
}
