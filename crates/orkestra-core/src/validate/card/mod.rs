//! Card fields: the number (brand, length, Luhn), the security code and the expiry date.
//!
//! The number and the security code are secrets: their types mask themselves in `Debug`
//! and `Display`, do not implement `Serialize`, and hand out the digits only through
//! `expose_digits()`, so sending them anywhere is a deliberate, greppable act.

mod brand;
mod cvv;
mod expiry;
pub(crate) mod luhn;

use std::fmt;

use serde::{Deserialize, Deserializer};

pub use brand::{brand_of_prefix, CardBrand};
pub use cvv::{cvv, Cvv};
pub use expiry::{expiry, Expiry};
pub use luhn::luhn_check_digit;

use crate::error::ErrorCode;
use crate::validate::normalize;

/// The most digits any card number has (ISO/IEC 7812).
const MAX_DIGITS: usize = 19;

/// A card number (PAN) that passed Luhn, whose first digits name a brand we know, and whose
/// length is one that brand issues.
///
/// `Debug` and `Display` show only the last four digits ("•••• 4242").
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CardNumber {
    digits: String,
    brand: CardBrand,
}

impl CardNumber {
    pub fn brand(&self) -> CardBrand {
        self.brand
    }

    /// The last four digits, which receipts and the payer may see.
    pub fn last4(&self) -> &str {
        &self.digits[self.digits.len() - 4..]
    }

    /// "•••• 4242".
    pub fn masked(&self) -> String {
        format!("•••• {}", self.last4())
    }

    /// The whole number. The one way to it: call it only where the number leaves for the
    /// orchestrator.
    pub fn expose_digits(&self) -> &str {
        &self.digits
    }
}

/// Parses a card number, ignoring spaces and dashes.
///
/// `Required` when empty; `InvalidFormat` for anything but digits; `InvalidLength` above 19
/// digits or for a length the brand does not issue (the number is incomplete or has a
/// digit too many); `UnsupportedBrand` when the first digits match no brand we know;
/// `InvalidCheckDigit` when Luhn fails.
pub fn card_number(input: &str) -> Result<CardNumber, ErrorCode> {
    let digits = strip_card_separators(input);
    if digits.is_empty() {
        return Err(ErrorCode::Required);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    if digits.len() > MAX_DIGITS {
        return Err(ErrorCode::InvalidLength);
    }
    let brand = brand::detect(digits.as_bytes(), true).ok_or(ErrorCode::UnsupportedBrand)?;
    if !brand.valid_lengths().contains(&digits.len()) {
        return Err(ErrorCode::InvalidLength);
    }
    if !luhn::is_valid(digits.as_bytes()) {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(CardNumber { digits, brand })
}

/// Drops the spaces and dashes (any Unicode ones) payers type or paste between the groups
/// of a card number; Arabic-Indic digits are read as digits ([`normalize`]).
fn strip_card_separators(input: &str) -> String {
    normalize(input)
        .chars()
        .filter(|&c| c != '-' && !c.is_whitespace())
        .collect()
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardNumber")
            .field("brand", &self.brand)
            .field("number", &self.masked())
            .finish()
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Deserialising goes through [`card_number`]. There is no `Serialize`: the number leaves
/// only through [`CardNumber::expose_digits`].
impl<'de> Deserialize<'de> for CardNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        card_number(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use CardBrand::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_test_pans_parse_to_their_brands() {
        // payment-methods.md 3.1, "Test PANs (Luhn-valid, synthetic)".
        for (pan, brand) in [
            ("4111111111111111", Visa),
            ("5555555555554444", Mastercard),
            ("378282246310005", Amex),
            ("6062825624254001", Hipercard),
            ("5067000000000009", Elo),
            ("5895620000000002", Naranja),
            ("6042010000000006", Cabal),
        ] {
            assert_eq!(card_number(pan).unwrap().brand(), brand, "{pan}");
        }
    }

    #[test]
    fn one_luhn_valid_number_per_brand_parses() {
        // Bodies chosen inside each brand's range; check digits from python-stdnum 2.2
        // `luhn.calc_check_digit`.
        for (pan, brand) in [
            ("4222222222222", Visa),          // 13 digits
            ("4000000000000000006", Visa),    // 19 digits
            ("2223000048400011", Mastercard), // 2-series
            ("30569309025904", Diners),       // 14 digits
            ("3095000000000000", Diners),
            ("6011111111111117", Discover),
            ("6445000000000000", Discover),
            ("4011780000000006", Elo),
            ("6504050000000003", Elo),
            ("5096000000000004", Elo),
            ("3841000000000007", Hipercard),
            ("6370950000000005", Hiper),
            ("6373742300000000", Hiper),
            ("6034880000000002", TarjetaShopping),
            ("2799500000000000", TarjetaShopping),
            ("5011050000000001", Argencard),
            ("5323620000000004", Argencard),
            ("6034930000000005", Cencosud),
            ("5907120000000009", Codensa),
            ("2869000000000006", Carnet),
            ("5062000000000004", Carnet),
        ] {
            assert_eq!(card_number(pan).map(|c| c.brand()), Ok(brand), "{pan}");
        }
    }

    #[test]
    fn spaces_and_dashes_between_groups_are_ignored() {
        let c = card_number(" 4111 1111-1111 1111 ").unwrap();
        assert_eq!(c.expose_digits(), "4111111111111111");
        assert_eq!(
            card_number("3782 822463 10005").unwrap().expose_digits(),
            "378282246310005"
        );
    }

    #[test]
    fn a_changed_last_digit_fails_luhn() {
        for pan in [
            "4111111111111112",
            "5555555555554443",
            "378282246310006",
            "6062825624254000",
            "5067000000000008",
        ] {
            assert_eq!(card_number(pan), Err(InvalidCheckDigit), "{pan}");
        }
    }

    #[test]
    fn a_length_the_brand_does_not_issue_is_an_invalid_length() {
        // Amex is 15 digits, Mastercard 16, Visa at least 13, and no card has 20.
        assert_eq!(card_number("3782822463100005"), Err(InvalidLength));
        assert_eq!(card_number("555555555555444"), Err(InvalidLength));
        assert_eq!(card_number("411111111111"), Err(InvalidLength));
        assert_eq!(card_number("41111111111111111111"), Err(InvalidLength));
    }

    #[test]
    fn unknown_prefixes_are_an_unsupported_brand() {
        // 1…: airlines; 35…: JCB, not taken.
        assert_eq!(card_number("1111111111111117"), Err(UnsupportedBrand));
        assert_eq!(card_number("3530111333300000"), Err(UnsupportedBrand));
    }

    #[test]
    fn arabic_indic_digits_and_unicode_separators_are_read() {
        for input in [
            "٤١١١ ١١١١ ١١١١ ١١١١",
            "۴۱۱۱۱۱۱۱۱۱۱۱۱۱۱۱",
            "4111\u{a0}1111\u{2013}1111\u{200b}1111",
        ] {
            let c = card_number(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!((c.brand(), c.expose_digits()), (Visa, "4111111111111111"));
        }
    }

    #[test]
    fn anything_but_digits_is_a_format_error_and_empty_is_required() {
        for input in [
            "4111.1111.1111.1111",
            "4111x",
            "４１１１１１１１１１１１１１１１",
        ] {
            assert_eq!(card_number(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(card_number(""), Err(Required));
        assert_eq!(card_number(" - "), Err(Required));
    }

    #[test]
    fn debug_and_display_show_only_the_last_four_digits() {
        let c = card_number("4242 4242 4242 4242").unwrap();
        assert_eq!(c.to_string(), "•••• 4242");
        assert_eq!(c.last4(), "4242");
        let debug = format!("{c:?}");
        assert_eq!(debug, "CardNumber { brand: Visa, number: \"•••• 4242\" }");
        assert!(!format!("{c:#?}").contains("42424242"));
    }

    #[test]
    fn deserialising_goes_through_the_parser() {
        let c: CardNumber = serde_json::from_str("\"5555 5555 5555 4444\"").unwrap();
        assert_eq!(c.brand(), Mastercard);
        let err = serde_json::from_str::<CardNumber>("\"5555555555554443\"").unwrap_err();
        assert!(err.to_string().contains("invalid_check_digit"));
    }

    proptest! {
        #[test]
        fn a_visa_body_completed_with_its_luhn_digit_parses_and_any_other_digit_fails(
            body in "4[0-9]{14}",
            other in 0u8..10,
        ) {
            let check = luhn::check_digit(body.as_bytes());
            let good = format!("{body}{}", char::from(check));
            prop_assume!(brand::detect(good.as_bytes(), true) == Some(Visa));
            prop_assert_eq!(card_number(&good).map(|c| c.brand()), Ok(Visa));
            let wrong = b'0' + other;
            prop_assume!(wrong != check);
            let bad = format!("{body}{}", char::from(wrong));
            prop_assert_eq!(card_number(&bad), Err(InvalidCheckDigit));
        }

        #[test]
        fn parsing_never_panics_and_a_parsed_number_is_digits_of_a_valid_length(
            input in "[0-9 -]{0,25}|\\PC{0,25}",
        ) {
            if let Ok(c) = card_number(&input) {
                prop_assert!(c.brand().valid_lengths().contains(&c.expose_digits().len()));
                prop_assert!(luhn::is_valid(c.expose_digits().as_bytes()));
            }
        }

        #[test]
        fn the_brand_shown_after_eight_digits_is_the_brand_of_the_whole_number(
            body in "[2-6][0-9]{14}",
        ) {
            // The longest IIN range has 8 digits, so the badge of a 16-digit number cannot
            // change after that.
            let pan = format!("{body}{}", char::from(luhn::check_digit(body.as_bytes())));
            if let Ok(c) = card_number(&pan) {
                prop_assert_eq!(brand_of_prefix(&pan[..8]), Some(c.brand()));
            }
        }
    }
}
