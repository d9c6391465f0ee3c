//! What the parsers of identity documents share: the shapes of a number without a check
//! digit, masking, grouping, digits, dates, and the `Debug`/`Display`/serde impls of a
//! masked document newtype. Below `document` and every country's parser, so each imports
//! it and none imports another's.

use super::compact_document;
use crate::error::ErrorCode;

/// Masks a formatted document number down to its last four characters.
pub(super) fn mask_document(formatted: &str) -> String {
    super::mask::mask_keep_last(formatted, 4)
}

/// "1004922993" → "1.004.922.993": the way Argentina and Colombia print document numbers.
pub(super) fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The ASCII digits of `s` as numbers; `None` if any byte is not an ASCII digit.
pub(super) fn digit_values(s: &str) -> Option<Vec<u32>> {
    s.bytes()
        .map(|b| b.is_ascii_digit().then(|| u32::from(b - b'0')))
        .collect()
}

/// Whether (year, month, day) is a real calendar date (proleptic Gregorian).
pub(super) fn is_valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `Debug` (the type name and the masked number), `Display` (the masked number),
/// `Serialize` (the bare number, which upstream APIs take) and `Deserialize` (through the
/// parser, so invalid numbers cannot enter through JSON) for a document newtype with
/// `digits()` and `masked()` methods, the way [`super::Cpf`] has them.
macro_rules! masked_document_impls {
    ($ty:ident, $parse:path) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($ty))
                    .field(&self.masked())
                    .finish()
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.masked())
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.digits())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(deserializer)?;
                $parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(super) use masked_document_impls;

/// `min..=max` ASCII digits once separators are removed.
pub(super) fn digits_between(input: &str, min: usize, max: usize) -> Result<String, ErrorCode> {
    let value = compact_document(input)?;
    if !(min..=max).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(value)
}

/// `min..=max` ASCII letters (upper-cased) and digits once separators are removed.
pub(super) fn alphanumeric_between(
    input: &str,
    min: usize,
    max: usize,
) -> Result<String, ErrorCode> {
    let value = compact_document(input)?;
    if !(min..=max).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_group_mask_and_check_dates() {
        assert_eq!(group_thousands("1004922993"), "1.004.922.993");
        assert_eq!(group_thousands("123"), "123");
        assert_eq!(group_thousands("1234"), "1.234");
        assert_eq!(mask_document("A&C010101AB1"), "********1AB1");
        assert!(is_valid_date(2000, 2, 29));
        assert!(!is_valid_date(1900, 2, 29));
        assert!(!is_valid_date(2024, 13, 1));
        assert!(!is_valid_date(2024, 4, 31));
        assert_eq!(digit_values("09"), Some(vec![0, 9]));
        assert_eq!(digit_values("0K"), None);
    }

    #[test]
    fn lengths_and_alphabets_are_checked_after_separators_go() {
        assert_eq!(digits_between("1.004.922", 6, 10), Ok("1004922".to_owned()));
        assert_eq!(
            digits_between("12345", 6, 10),
            Err(ErrorCode::InvalidFormat)
        );
        assert_eq!(
            digits_between("12345A", 6, 10),
            Err(ErrorCode::InvalidFormat)
        );
        assert_eq!(
            alphanumeric_between("ab-1234", 4, 12),
            Ok("AB1234".to_owned())
        );
        assert_eq!(
            alphanumeric_between("AB1", 4, 12),
            Err(ErrorCode::InvalidFormat)
        );
        assert_eq!(alphanumeric_between("", 4, 12), Err(ErrorCode::Required));
    }
}
