use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::account_digits;
use super::mask::mask_keep_last;
use crate::error::ErrorCode;

/// An Argentine account number, CBU (bank accounts) or CVU (fintech wallets), with valid
/// check digits: 22 ASCII digits in two blocks.
///
/// Block 1 (8) is bank (3) + branch (4) + check digit; block 2 (14) is account (13) + check
/// digit. A CVU has the same layout and algorithm, with "000" where a CBU has its bank.
/// `Debug` and `Display` mask all but the last four digits; [`Cbu::digits`] is the one way
/// to the number. Serialises as the bare digits and deserialises through [`cbu`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cbu(String);

impl Cbu {
    /// The 22 digits, unformatted.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// A CVU (a virtual account at a payment service provider) rather than a bank's CBU.
    pub fn is_cvu(&self) -> bool {
        self.0.starts_with("000")
    }

    /// The bank's three-digit code; "000" for a CVU.
    pub fn bank_code(&self) -> &str {
        &self.0[0..3]
    }

    /// "28505909 40090418135201": the two blocks, as banks print them.
    pub fn formatted(&self) -> String {
        format!("{} {}", &self.0[..8], &self.0[8..])
    }

    /// "******** **********5201": safe for logs.
    pub fn masked(&self) -> String {
        mask_keep_last(&self.formatted(), 4)
    }
}

/// Parses a CBU or CVU, ignoring spaces, `-` and `.`.
///
/// `Required` when empty, `InvalidFormat` unless 22 ASCII digits, `InvalidCheckDigit` when
/// either block's check digit is wrong. Each block's check digit is (10 − Σ mod 10) mod 10
/// over its data digits with weights 3, 1, 7, 9 cycling from the rightmost one (BCRA's rule
/// as implemented by python-stdnum `ar.cbu`, fact sheet 4.8).
pub fn cbu(input: &str) -> Result<Cbu, ErrorCode> {
    let digits = account_digits(input, 22)?;
    let digit = |i: usize| u32::from(digits.as_bytes()[i] - b'0');
    if digit(7) != cbu_check_digit(&digits[..7]) || digit(21) != cbu_check_digit(&digits[8..21]) {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Cbu(digits))
}

/// The check digit of one CBU block's data digits (ASCII: bank + branch, or the account):
/// weights 3, 1, 7, 9 cycling from the rightmost digit, (10 − sum mod 10) mod 10.
pub fn cbu_check_digit(block: &str) -> u32 {
    let sum: u32 = block
        .bytes()
        .rev()
        .map(|b| u32::from(b - b'0'))
        .zip([3, 1, 7, 9].iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    (10 - sum % 10) % 10
}

impl fmt::Debug for Cbu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cbu").field(&self.masked()).finish()
    }
}

impl fmt::Display for Cbu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Cbu {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Cbu {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        cbu(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    const CBU: &str = "2850590940090418135201";
    const CVU: &str = "0000003100000123456784";

    #[test]
    fn the_fact_sheets_cbu_and_cvu_parse() {
        let c = cbu(CBU).unwrap();
        assert!(!c.is_cvu());
        assert_eq!(c.bank_code(), "285");
        let v = cbu(CVU).unwrap();
        assert!(v.is_cvu());
        assert_eq!(v.bank_code(), "000");
        assert_eq!(cbu("28505909 40090418135201").unwrap(), c);
        assert_eq!(cbu("2850590-9400904181352-01").unwrap(), c);
    }

    #[test]
    fn a_wrong_check_digit_in_either_block_is_caught() {
        for valid in [CBU, CVU] {
            for position in [7, 21] {
                for d in b'0'..=b'9' {
                    let mut bytes = valid.as_bytes().to_vec();
                    if bytes[position] == d {
                        continue;
                    }
                    bytes[position] = d;
                    let input = String::from_utf8(bytes).unwrap();
                    assert_eq!(cbu(&input), Err(InvalidCheckDigit), "{input}");
                }
            }
        }
    }

    #[test]
    fn a_changed_data_digit_is_caught() {
        assert_eq!(cbu("2850590940090418135211"), Err(InvalidCheckDigit));
        assert_eq!(cbu("3850590940090418135201"), Err(InvalidCheckDigit));
    }

    #[test]
    fn anything_but_twenty_two_digits_is_a_format_error() {
        for input in [
            "285059094009041813520",
            "28505909400904181352011",
            "285059094009041813520A",
            "CUARTO.CENTRO.NAIPE",
        ] {
            assert_eq!(cbu(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(cbu(""), Err(Required));
    }

    #[test]
    fn debug_and_display_show_only_the_last_four_digits() {
        let c = cbu(CBU).unwrap();
        assert_eq!(c.formatted(), "28505909 40090418135201");
        assert_eq!(c.to_string(), "******** **********5201");
        assert_eq!(format!("{c:?}"), "Cbu(\"******** **********5201\")");
    }

    #[test]
    fn serde_writes_the_digits_and_reads_only_valid_numbers() {
        let c = cbu(CVU).unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{CVU}\""));
        assert_eq!(
            serde_json::from_str::<Cbu>(&format!("\"{CVU}\"")).unwrap(),
            c
        );
        assert!(serde_json::from_str::<Cbu>("\"0000003100000123456785\"").is_err());
    }
}
