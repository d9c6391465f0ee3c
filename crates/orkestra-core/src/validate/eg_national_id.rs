use super::compact_document;
use super::document_parts::{digit_values, is_valid_date, mask_document, masked_document_impls};
use crate::error::ErrorCode;

/// An Egyptian national ID number, checked for structure only: 14 digits, a century digit
/// (2 = 1900s, 3 = 2000s), a real birth date YYMMDD, then governorate, sequence and check
/// digit (fact sheet 2.11).
///
/// The check-digit algorithm is not public (fact sheet 9, item 7), so the last digit is
/// not verified. Arabic-Indic digits (٠–٩, and the Persian ۰–۹) are accepted and
/// normalised to ASCII, as in every document ([`super::normalize`]). The catalog has no document type for it: Fawry and the wallets
/// need none, so this is here for when a method does.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EgNationalId(String);

impl EgNationalId {
    /// The 14 ASCII digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask_document(&self.0)
    }

    /// (year, month, day) of birth.
    pub fn birth_date(&self) -> (u16, u8, u8) {
        let b = self.0.as_bytes();
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        let century: u16 = if b[0] == b'2' { 1900 } else { 2000 };
        (century + u16::from(two(1)), two(3), two(5))
    }
}

/// Parses a national ID, ignoring spaces, `.`, `-` and `/`.
///
/// `Required` when empty; `InvalidFormat` unless 14 digits starting with 2 or 3 followed
/// by a possible date.
pub fn eg_national_id(input: &str) -> Result<EgNationalId, ErrorCode> {
    let value = compact_document(input)?;
    let d = digit_values(&value).ok_or(ErrorCode::InvalidFormat)?;
    if d.len() != 14 || !matches!(d[0], 2 | 3) {
        return Err(ErrorCode::InvalidFormat);
    }
    let year = if d[0] == 2 { 1900 } else { 2000 } + d[1] * 10 + d[2];
    if !is_valid_date(year, d[3] * 10 + d[4], d[5] * 10 + d[6]) {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(EgNationalId(value))
}

masked_document_impls!(EgNationalId, eg_national_id);

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn a_well_formed_id_parses_and_reads_its_birth_date() {
        // Synthetic: century 2, born 1985-03-15, governorate 01 (Cairo), sequence 2345,
        // last digit unchecked (fact sheet 2.11).
        let id = eg_national_id("28503150123456").unwrap();
        assert_eq!(id.birth_date(), (1985, 3, 15));
        assert_eq!(
            eg_national_id("30002290212345").unwrap().birth_date(),
            (2000, 2, 29)
        );
    }

    #[test]
    fn arabic_indic_digits_are_normalised() {
        assert_eq!(
            eg_national_id("٢٨٥٠٣١٥٠١٢٣٤٥٦").unwrap().digits(),
            "28503150123456"
        );
        assert_eq!(
            eg_national_id("۲۸۵۰۳۱۵۰۱۲۳۴۵۶").unwrap().digits(),
            "28503150123456"
        );
        assert_eq!(
            eg_national_id("2 850315 01 2345 6").unwrap().digits(),
            "28503150123456"
        );
    }

    #[test]
    fn a_bad_century_date_or_length_is_a_format_error() {
        for input in [
            "18503150123456", // century 1
            "48503150123456", // century 4
            "28513150123456", // month 13
            "29002290123456", // 29 February 1900
            "2850315012345",
            "285031501234567",
            "2850315012345A",
        ] {
            assert_eq!(eg_national_id(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(eg_national_id(" "), Err(Required));
    }

    #[test]
    fn debug_and_serde() {
        let id = eg_national_id("28503150123456").unwrap();
        assert_eq!(format!("{id:?}"), "EgNationalId(\"**********3456\")");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"28503150123456\"");
    }
}
