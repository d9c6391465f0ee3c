use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::account_digits;
use super::mask::mask_keep_last;
use crate::error::ErrorCode;

/// A Mexican interbank account number (CLABE) with a valid check digit: 18 ASCII digits,
/// bank (3) + plaza (3) + account (11) + check digit (1).
///
/// SPEI pays into it. `Debug` and `Display` mask all but the last four digits;
/// [`Clabe::digits`] is the one way to the number. Serialises as the bare digits and
/// deserialises through [`clabe`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Clabe(String);

impl Clabe {
    /// The 18 digits, unformatted.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The bank's three-digit code (e.g. "002" Banamex, "012" BBVA, "646" STP): the page
    /// derives the bank name shown next to the CLABE from it.
    pub fn bank_code(&self) -> &str {
        &self.0[0..3]
    }

    /// The three-digit plaza (city) code.
    pub fn plaza(&self) -> &str {
        &self.0[3..6]
    }

    /// The eleven-digit account number inside the bank.
    pub fn account(&self) -> &str {
        &self.0[6..17]
    }

    /// "002 180 00012345678 9": bank, plaza, account and check digit.
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("{} {} {} {}", &d[0..3], &d[3..6], &d[6..17], &d[17..18])
    }

    /// "*** *** ********678 9": safe for logs.
    pub fn masked(&self) -> String {
        mask_keep_last(&self.formatted(), 4)
    }
}

/// Parses a CLABE, ignoring spaces, `-` and `.`.
///
/// `Required` when empty, `InvalidFormat` unless 18 ASCII digits, `InvalidCheckDigit` when
/// the last digit is not the weighted sum's: weights 3, 7, 1 repeated over the first 17
/// digits, each product taken mod 10, check = (10 − sum mod 10) mod 10 (Banxico's rule,
/// fact sheet 4.4).
pub fn clabe(input: &str) -> Result<Clabe, ErrorCode> {
    let digits = account_digits(input, 18)?;
    if u32::from(digits.as_bytes()[17] - b'0') != clabe_check_digit(&digits[..17]) {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Clabe(digits))
}

/// The check digit of a CLABE's first 17 digits (ASCII): weights 3, 7, 1 repeated, each
/// product mod 10, (10 − sum mod 10) mod 10.
pub fn clabe_check_digit(first17: &str) -> u32 {
    let sum: u32 = first17
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .zip([3, 7, 1].iter().cycle())
        .map(|(d, w)| d * w % 10)
        .sum();
    (10 - sum % 10) % 10
}

impl fmt::Debug for Clabe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Clabe").field(&self.masked()).finish()
    }
}

impl fmt::Display for Clabe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Clabe {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Clabe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        clabe(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_clabes_parse() {
        for (input, bank) in [
            ("002180000123456789", "002"),
            // Matches the public CLABE calculator.
            ("012180026050783858", "012"),
            // STP, the usual SPEI collection bank.
            ("646180000000000012", "646"),
            ("002 180 00012345678 9", "002"),
            ("002-180-00012345678-9", "002"),
        ] {
            let c = clabe(input).unwrap();
            assert_eq!(c.bank_code(), bank, "{input}");
            assert_eq!(c.digits().len(), 18);
        }
    }

    #[test]
    fn a_clabe_splits_into_bank_plaza_account_and_check_digit() {
        let c = clabe("012180026050783858").unwrap();
        assert_eq!(
            (c.bank_code(), c.plaza(), c.account()),
            ("012", "180", "02605078385")
        );
        assert_eq!(c.formatted(), "012 180 02605078385 8");
    }

    #[test]
    fn every_other_last_digit_is_a_wrong_check_digit() {
        for valid in [
            "002180000123456789",
            "012180026050783858",
            "646180000000000012",
        ] {
            let (body, check) = valid.split_at(17);
            for d in '0'..='9' {
                let input = format!("{body}{d}");
                if d.to_string() != check {
                    assert_eq!(clabe(&input), Err(InvalidCheckDigit), "{input}");
                }
            }
        }
    }

    #[test]
    fn swapping_two_digits_is_caught() {
        assert_eq!(clabe("021180026050783858"), Err(InvalidCheckDigit));
        assert_eq!(clabe("002180000123456798"), Err(InvalidCheckDigit));
    }

    #[test]
    fn anything_but_eighteen_digits_is_a_format_error() {
        for input in [
            "00218000012345678",
            "0021800001234567890",
            "00218000012345678X",
            "００２180000123456789",
            "002180000123456789/",
        ] {
            assert_eq!(clabe(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(clabe(""), Err(Required));
        assert_eq!(clabe(" - "), Err(Required));
    }

    #[test]
    fn debug_and_display_show_only_the_last_four_digits() {
        let c = clabe("002180000123456789").unwrap();
        assert_eq!(c.to_string(), "*** *** ********678 9");
        assert_eq!(format!("{c:?}"), "Clabe(\"*** *** ********678 9\")");
        assert!(!format!("{c:?}").contains("0001234"));
    }

    #[test]
    fn serde_writes_the_digits_and_reads_only_valid_clabes() {
        let c = clabe("646180000000000012").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"646180000000000012\"");
        assert_eq!(
            serde_json::from_str::<Clabe>("\"646 180 00000000001 2\"").unwrap(),
            c
        );
        assert!(serde_json::from_str::<Clabe>("\"646180000000000013\"").is_err());
    }
}
