use super::compact_document;
use super::document_parts::{mask_document, masked_document_impls};
use crate::error::ErrorCode;

/// A Chilean RUT/RUN (people and companies): a body of 7 or 8 digits and a valid check
/// character, `0`–`9` or `K`.
///
/// Masked in `Debug` and `Display` ("**.***.*78-5"); serialises as the bare characters
/// ("123456785"); [`Rut::digits`] is the number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rut(String);

impl Rut {
    /// Body and check character, unformatted: "123456785", "10000013K".
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "12.345.678-5".
    pub fn formatted(&self) -> String {
        let (body, dv) = self.0.split_at(self.0.len() - 1);
        format!("{}-{dv}", super::document_parts::group_thousands(body))
    }

    pub fn masked(&self) -> String {
        mask_document(&self.formatted())
    }
}

/// Parses a RUT, ignoring `.`, `-` and spaces and accepting a lower-case `k`.
///
/// `Required` when empty; `InvalidFormat` unless 7–8 digits then a digit or `K`;
/// `InvalidCheckDigit` when the check character is wrong.
pub fn rut(input: &str) -> Result<Rut, ErrorCode> {
    let value = compact_document(input)?;
    let bytes = value.as_bytes();
    let well_formed = matches!(bytes.len(), 8 | 9) && {
        let (body, dv) = bytes.split_at(bytes.len() - 1);
        body.iter().all(u8::is_ascii_digit) && (dv[0] == b'K' || dv[0].is_ascii_digit())
    };
    if !well_formed {
        return Err(ErrorCode::InvalidFormat);
    }
    // All ASCII now, so byte positions are character positions.
    let (body, dv) = value.split_at(value.len() - 1);
    if check_character(body) != dv.as_bytes()[0] {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Rut(value))
}

/// Mod 11 over the body read right to left with weights 2, 3, 4, 5, 6, 7, 2, …;
/// `'0123456789K'[(−Σ) mod 11]` (python-stdnum `cl/rut.py`, fact sheet 2.4).
fn check_character(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .zip((2..=7).cycle())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    b"0123456789K"[((11 - sum % 11) % 11) as usize]
}

masked_document_impls!(Rut, rut);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_valid_ruts_parse() {
        // payment-methods.md 2.4, checked with python-stdnum 2.2 `cl.rut.is_valid`.
        for (input, digits) in [
            ("12.345.678-5", "123456785"),
            ("11.111.111-1", "111111111"),
            ("76.086.428-5", "760864285"),
            ("10.000.013-K", "10000013K"),
            ("10000013k", "10000013K"),
            // Computed with python-stdnum 2.2 `cl.rut.calc_check_digit`.
            ("6.061.658-2", "60616582"),
            ("22.841.736-K", "22841736K"),
            ("11866024-2", "118660242"),
        ] {
            assert_eq!(rut(input).unwrap().digits(), digits, "{input}");
        }
    }

    #[test]
    fn a_changed_check_character_is_reported_as_such() {
        for input in [
            "12.345.678-4",
            "12.345.678-K",
            "10.000.013-0",
            "76.086.428-6",
        ] {
            assert_eq!(rut(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn other_shapes_are_format_errors_and_empty_is_required() {
        for input in [
            "123456-7",
            "123.456.789-0",
            "12.345.678-X",
            "1234567K5",
            "1234567Ñ", // 9 bytes, 8 characters
        ] {
            assert_eq!(rut(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(rut(" .- "), Err(Required));
    }

    #[test]
    fn debug_display_and_serde() {
        let r = rut("10.000.013-K").unwrap();
        assert_eq!(r.formatted(), "10.000.013-K");
        assert_eq!(format!("{r:?}"), "Rut(\"**.***.013-K\")");
        assert_eq!(r.to_string(), "**.***.013-K");
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"10000013K\"");
        assert_eq!(serde_json::from_str::<Rut>("\"10.000.013-k\"").unwrap(), r);
        assert!(serde_json::from_str::<Rut>("\"10.000.013-1\"").is_err());
    }

    proptest! {
        #[test]
        fn a_body_with_its_check_character_parses_and_any_other_fails(
            body in "[1-9][0-9]{6,7}",
            other in prop::sample::select(b"0123456789K".to_vec()),
        ) {
            let dv = check_character(&body);
            let good = format!("{body}-{}", char::from(dv));
            prop_assert!(rut(&good).is_ok());
            prop_assume!(other != dv);
            let bad = format!("{body}-{}", char::from(other));
            prop_assert_eq!(rut(&bad), Err(InvalidCheckDigit));
        }
    }
}
