use std::fmt;

use super::CardBrand;
use crate::error::ErrorCode;
use crate::validate::normalize;

/// A card security code (CVV, CVC, CID, CVE) of the length its brand uses.
///
/// `Debug` and `Display` print only bullets; [`Cvv::expose_digits`] is the one way to the
/// code. PCI DSS forbids storing it after authorisation, so it has no `Serialize` either.
#[derive(Clone, PartialEq, Eq)]
pub struct Cvv(String);

impl Cvv {
    /// The code. Call it only where the code leaves for the orchestrator.
    pub fn expose_digits(&self) -> &str {
        &self.0
    }
}

/// Parses the security code of a card of `brand`, trimming surrounding whitespace and
/// reading Arabic-Indic digits as digits ([`normalize`]).
///
/// `Required` when empty, `InvalidFormat` for anything but digits, `InvalidLength`
/// unless exactly [`CardBrand::cvv_length`] digits (4 for American Express, 3 otherwise).
pub fn cvv(input: &str, brand: CardBrand) -> Result<Cvv, ErrorCode> {
    let code = normalize(input);
    let code = code.trim();
    if code.is_empty() {
        return Err(ErrorCode::Required);
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    if code.len() != brand.cvv_length() {
        return Err(ErrorCode::InvalidLength);
    }
    Ok(Cvv(code.to_owned()))
}

impl fmt::Debug for Cvv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cvv(•••)")
    }
}

impl fmt::Display for Cvv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("•••")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn amex_takes_four_digits_and_every_other_brand_three() {
        assert_eq!(
            cvv("1234", CardBrand::Amex).unwrap().expose_digits(),
            "1234"
        );
        assert_eq!(cvv("123", CardBrand::Amex), Err(InvalidLength));
        for brand in CardBrand::ALL {
            if brand != CardBrand::Amex {
                assert_eq!(cvv(" 012 ", brand).unwrap().expose_digits(), "012");
                assert_eq!(cvv("1234", brand), Err(InvalidLength), "{brand}");
                assert_eq!(cvv("12", brand), Err(InvalidLength), "{brand}");
            }
        }
    }

    #[test]
    fn arabic_indic_digits_are_read_as_digits() {
        assert_eq!(cvv("١٢٣", CardBrand::Visa).unwrap().expose_digits(), "123");
        assert_eq!(
            cvv("۱۲۳۴", CardBrand::Amex).unwrap().expose_digits(),
            "1234"
        );
    }

    #[test]
    fn letters_and_other_digits_are_a_format_error_and_empty_is_required() {
        assert_eq!(cvv("12a", CardBrand::Visa), Err(InvalidFormat));
        assert_eq!(cvv("1 23", CardBrand::Visa), Err(InvalidFormat));
        assert_eq!(cvv("１２３", CardBrand::Visa), Err(InvalidFormat));
        assert_eq!(cvv("", CardBrand::Visa), Err(Required));
        assert_eq!(cvv("   ", CardBrand::Visa), Err(Required));
    }

    #[test]
    fn the_code_never_shows_in_debug_or_display() {
        let c = cvv("987", CardBrand::Elo).unwrap();
        assert_eq!(format!("{c:?}"), "Cvv(•••)");
        assert_eq!(c.to_string(), "•••");
    }
}
