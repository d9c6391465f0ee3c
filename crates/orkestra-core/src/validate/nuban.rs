use std::fmt;

use serde::{Serialize, Serializer};

use super::account_digits;
use super::mask::mask_keep_last;
use crate::error::ErrorCode;

/// A Nigerian Uniform Bank Account Number (NUBAN) whose check digit is valid for its bank:
/// a 9-digit serial and a check digit.
///
/// The check digit depends on the bank, so a NUBAN is only valid together with the bank's
/// code; [`Nuban::institution_code`] keeps the six-digit form it was checked with.
/// `Debug` and `Display` mask all but the last four digits; [`Nuban::digits`] is the one
/// way to the number. Serialises as the ten digits; there is no `Deserialize`, because a
/// NUBAN alone cannot be checked.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nuban {
    institution: String,
    account: String,
}

impl Nuban {
    /// The 10-digit account number.
    pub fn digits(&self) -> &str {
        &self.account
    }

    /// The CBN 2020 six-digit institution code: a bank's 3-digit code left-padded with
    /// "000", or "9" and an other financial institution's 5-digit code.
    pub fn institution_code(&self) -> &str {
        &self.institution
    }

    /// "******6785": safe for logs.
    pub fn masked(&self) -> String {
        mask_keep_last(&self.account, 4)
    }
}

/// Parses a NUBAN held at the bank with `bank_code`, ignoring spaces, `-` and `.` in the
/// account number.
///
/// `bank_code` is a deposit money bank's 3-digit CBN code ("058"), an other financial
/// institution's 5-digit code ("50211") or an already expanded 6-digit institution code
/// ("000058", "950211"); anything else is `InvalidFormat`. For the account: `Required`
/// when empty, `InvalidFormat` unless 10 ASCII digits, `InvalidCheckDigit` when the last
/// digit is not (10 − Σ mod 10) mod 10 of institution code + serial with weights
/// 3, 7, 3 repeated (CBN revised NUBAN standard, March 2020; fact sheet 6). For 3-digit
/// bank codes this is the original 3,7,3,3,7,3,3,7,3,3,7,3 scheme.
pub fn nuban(bank_code: &str, input: &str) -> Result<Nuban, ErrorCode> {
    let institution = institution_code(bank_code)?;
    let account = account_digits(input, 10)?;
    if u32::from(account.as_bytes()[9] - b'0') != nuban_check_digit(&institution, &account[..9]) {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Nuban {
        institution,
        account,
    })
}

/// The check digit of a NUBAN serial (9 ASCII digits) at a 6-digit institution code:
/// weights 3, 7, 3 repeated over institution + serial, (10 − sum mod 10) mod 10.
pub fn nuban_check_digit(institution: &str, serial: &str) -> u32 {
    let sum: u32 = institution
        .bytes()
        .chain(serial.bytes())
        .map(|b| u32::from(b - b'0'))
        .zip([3, 7, 3].iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    (10 - sum % 10) % 10
}

fn institution_code(bank_code: &str) -> Result<String, ErrorCode> {
    if !bank_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    match bank_code.len() {
        3 => Ok(format!("000{bank_code}")),
        5 => Ok(format!("9{bank_code}")),
        6 => Ok(bank_code.to_owned()),
        _ => Err(ErrorCode::InvalidFormat),
    }
}

impl fmt::Debug for Nuban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Nuban")
            .field("institution", &self.institution)
            .field("account", &self.masked())
            .finish()
    }
}

impl fmt::Display for Nuban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Nuban {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_example_parses_for_its_bank() {
        // Bank 058 + serial 012345678 → 0123456785.
        let n = nuban("058", "0123456785").unwrap();
        assert_eq!(n.digits(), "0123456785");
        assert_eq!(n.institution_code(), "000058");
        assert_eq!(nuban("000058", "012 345 6785").unwrap(), n);
    }

    #[test]
    fn check_digits_follow_the_revised_standard_for_banks_and_other_institutions() {
        for (bank, account, institution) in [
            ("044", "1234567895", "000044"),
            ("011", "0000000017", "000011"),
            ("057", "0000000004", "000057"),
            ("50211", "1234567897", "950211"),
            ("090267", "2000000019", "090267"),
        ] {
            let n = nuban(bank, account).unwrap_or_else(|e| panic!("{bank} {account}: {e}"));
            assert_eq!(n.institution_code(), institution);
        }
    }

    #[test]
    fn the_same_account_number_fails_at_another_bank() {
        assert_eq!(nuban("044", "0123456785"), Err(InvalidCheckDigit));
        assert_eq!(nuban("058", "0123456784"), Err(InvalidCheckDigit));
        assert_eq!(nuban("58", "0123456785"), Err(InvalidFormat));
    }

    #[test]
    fn every_other_check_digit_is_wrong() {
        for d in '0'..='9' {
            let input = format!("012345678{d}");
            let expected = if d == '5' {
                Ok(())
            } else {
                Err(InvalidCheckDigit)
            };
            assert_eq!(nuban("058", &input).map(|_| ()), expected, "{input}");
        }
    }

    #[test]
    fn a_malformed_bank_code_or_account_is_a_format_error() {
        for bank in ["", "5", "0580", "0580000", "05A", "٠٥٨"] {
            assert_eq!(nuban(bank, "0123456785"), Err(InvalidFormat), "{bank:?}");
        }
        for account in ["012345678", "01234567855", "012345678O"] {
            assert_eq!(nuban("058", account), Err(InvalidFormat), "{account}");
        }
        assert_eq!(nuban("058", ""), Err(Required));
    }

    #[test]
    fn debug_and_display_show_only_the_last_four_digits() {
        let n = nuban("058", "0123456785").unwrap();
        assert_eq!(n.to_string(), "******6785");
        assert_eq!(
            format!("{n:?}"),
            "Nuban { institution: \"000058\", account: \"******6785\" }"
        );
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"0123456785\"");
    }
}
