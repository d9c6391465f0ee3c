use std::fmt;

use super::{account_digits, luhn_check_digit};
use crate::error::ErrorCode;

/// A Brazilian bank boleto ("bloqueto de cobrança") whose check digits are all valid,
/// held as its 44-digit barcode (fact sheet 4.2, FEBRABAN layout):
///
/// | positions | content |
/// | --- | --- |
/// | 1–3 | bank code |
/// | 4 | currency code (`9` = BRL) |
/// | 5 | general check digit: mod 11 over the other 43 digits |
/// | 6–9 | due-date factor |
/// | 10–19 | amount in cents |
/// | 20–44 | free field ("campo livre"), the bank's own |
///
/// The 47-digit digitable line ("linha digitável") the payer types is the same data
/// reordered into five fields, the first three each with a mod-10 check digit.
/// A boleto holds no personal data, so `Debug` shows it whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BoletoCode {
    barcode: String,
}

impl BoletoCode {
    /// Builds the barcode from its parts, computing the general check digit.
    ///
    /// `InvalidFormat` unless `bank` is 3 ASCII digits and `free_field` 25, or when the
    /// factor is over 9999; `AmountOverflow` for more than 10 digits of cents
    /// (R$ 99,999,999.99).
    pub fn build(
        bank: &str,
        due_factor: u16,
        amount_cents: u64,
        free_field: &str,
    ) -> Result<BoletoCode, ErrorCode> {
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(bank, 3) || !digits(free_field, 25) || due_factor > 9999 {
            return Err(ErrorCode::InvalidFormat);
        }
        if amount_cents > 9_999_999_999 {
            return Err(ErrorCode::AmountOverflow);
        }
        let without_dv = format!("{bank}9{due_factor:04}{amount_cents:010}{free_field}");
        let dv = general_check_digit(&without_dv);
        Ok(BoletoCode {
            barcode: format!("{}{dv}{}", &without_dv[..4], &without_dv[4..]),
        })
    }

    /// The 44 digits the barcode encodes (Interleaved 2 of 5).
    pub fn barcode(&self) -> &str {
        &self.barcode
    }

    /// The 47 digits of the digitable line, unformatted.
    pub fn digitable_line(&self) -> String {
        let b = &self.barcode;
        let field1 = format!("{}{}", &b[0..4], &b[19..24]);
        let field2 = &b[24..34];
        let field3 = &b[34..44];
        format!(
            "{field1}{}{field2}{}{field3}{}{}{}",
            luhn_check_digit(&field1),
            luhn_check_digit(field2),
            luhn_check_digit(field3),
            &b[4..5],
            &b[5..19]
        )
    }

    /// "34191.09008 00012.345674 89012.345677 1 14020000012345": the print form.
    pub fn formatted_line(&self) -> String {
        let l = self.digitable_line();
        format!(
            "{}.{} {}.{} {}.{} {} {}",
            &l[0..5],
            &l[5..10],
            &l[10..15],
            &l[15..21],
            &l[21..26],
            &l[26..32],
            &l[32..33],
            &l[33..47]
        )
    }

    /// The issuing bank's three-digit code ("001" Banco do Brasil, "341" Itaú).
    pub fn bank_code(&self) -> &str {
        &self.barcode[0..3]
    }

    /// Days since 07/10/1997, restarting at 1000 after 9999 (see [`due_date_factor`]);
    /// 0 for a boleto without due date.
    pub fn due_factor(&self) -> u16 {
        self.barcode[5..9].parse().unwrap_or(0)
    }

    /// The amount in cents; 0 when the payer types it.
    pub fn amount_cents(&self) -> u64 {
        self.barcode[9..19].parse().unwrap_or(0)
    }

    /// The bank's 25-digit free field.
    pub fn free_field(&self) -> &str {
        &self.barcode[19..44]
    }
}

impl fmt::Display for BoletoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted_line())
    }
}

/// Parses a digitable line as payers type or paste it: 47 digits, ignoring spaces, dots
/// and `-`.
///
/// `Required` when empty; `InvalidFormat` for other characters or another number of
/// digits (48 digits is a utility bill, "arrecadação", not a bank boleto);
/// `InvalidCheckDigit` when a field's mod-10 digit or the general mod-11 digit is wrong.
pub fn boleto_line(input: &str) -> Result<BoletoCode, ErrorCode> {
    let l = account_digits(input, 47)?;
    let fields = [
        (&l[0..9], &l[9..10]),
        (&l[10..20], &l[20..21]),
        (&l[21..31], &l[31..32]),
    ];
    for (data, dv) in fields {
        if luhn_check_digit(data).to_string() != dv {
            return Err(ErrorCode::InvalidCheckDigit);
        }
    }
    let barcode = format!(
        "{}{}{}{}{}{}",
        &l[0..4],
        &l[32..33],
        &l[33..47],
        &l[4..9],
        &l[10..20],
        &l[21..31]
    );
    checked_barcode(barcode)
}

/// Parses the 44 digits a barcode reader returns, ignoring spaces.
///
/// `Required` when empty; `InvalidFormat` unless 44 ASCII digits; `InvalidCheckDigit`
/// when the general check digit (position 5) is wrong.
pub fn boleto_barcode(input: &str) -> Result<BoletoCode, ErrorCode> {
    checked_barcode(account_digits(input, 44)?)
}

/// The due-date factor of a date: days since 07/10/1997, so 03/07/2000 is 1000 and
/// 21/02/2025 is 9999; FEBRABAN then restarts the count at 1000 (22/02/2025 is 1000
/// again), a cycle of 9000 days (fact sheet 4.2 ⚠️ for the restart rule).
///
/// `InvalidFormat` for an impossible date or one before 03/07/2000, which the current
/// cycle cannot express.
pub fn due_date_factor(year: i32, month: u32, day: u32) -> Result<u16, ErrorCode> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(ErrorCode::InvalidFormat);
    }
    let days = days_from_civil(year, month, day) - days_from_civil(1997, 10, 7);
    if days < 1000 {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(((days - 1000) % 9000 + 1000) as u16)
}

fn checked_barcode(barcode: String) -> Result<BoletoCode, ErrorCode> {
    let without_dv = format!("{}{}", &barcode[..4], &barcode[5..]);
    if general_check_digit(&without_dv).to_string() != barcode[4..5] {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(BoletoCode { barcode })
}

/// The barcode's general check digit over its other 43 digits: weights 2..=9 repeating
/// from the rightmost digit, r = 11 − (sum mod 11), and 1 when r is 0, 1, 10 or 11.
fn general_check_digit(without_dv: &str) -> u32 {
    let sum: u32 = without_dv
        .bytes()
        .rev()
        .zip((2u32..=9).cycle())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        0 | 1 | 10 | 11 => 1,
        r => r,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published pairs of barcode and digitable line: the fact sheet's computed Itaú
    /// example (4.2) and two from public boleto libraries' test suites
    /// (adrianoluis BarcodeUtilTest, a Bradesco boleto; gabgro's codificador test, a
    /// Banco do Brasil one).
    const PAIRS: [(&str, &str); 3] = [
        (
            "34191140200000123451090000012345678901234567",
            "34191.09008 00012.345674 89012.345677 1 14020000012345",
        ),
        (
            "23791620800000586754150094900407757300003200",
            "23794.15009 94900.407753 73000.032000 1 62080000058675",
        ),
        (
            "00193373700000001000500940144816060680935031",
            "00190500954014481606906809350314337370000000100",
        ),
    ];

    #[test]
    fn published_lines_convert_to_their_barcodes_and_back() {
        for (barcode, line) in PAIRS {
            let from_line = boleto_line(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert_eq!(from_line.barcode(), barcode);
            let from_barcode = boleto_barcode(barcode).unwrap();
            assert_eq!(from_barcode, from_line);
            let digits: String = line.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(from_barcode.digitable_line(), digits);
        }
        assert_eq!(
            boleto_barcode(PAIRS[0].0).unwrap().formatted_line(),
            PAIRS[0].1
        );
    }

    #[test]
    fn the_parts_of_the_fact_sheets_example_are_read_back() {
        let b = boleto_barcode(PAIRS[0].0).unwrap();
        assert_eq!(b.bank_code(), "341");
        assert_eq!(b.due_factor(), 1402);
        assert_eq!(b.amount_cents(), 12345);
        assert_eq!(b.free_field(), "1090000012345678901234567");
        let built = BoletoCode::build("341", 1402, 12345, "1090000012345678901234567").unwrap();
        assert_eq!(built, b);
    }

    #[test]
    fn general_check_digits_match_caelum_stellas_published_cases() {
        // caelum-stella GeradorDeDigitoDeBoletoTest: 43 digits → the general digit.
        assert_eq!(
            general_check_digit("0019386000000040000000001207113000900020618"),
            5
        );
        assert_eq!(
            general_check_digit("2379316800000001002949060000000000300065800"),
            6
        );
    }

    fn bump(line: &str, i: usize) -> String {
        let mut bytes: Vec<u8> = line.bytes().filter(u8::is_ascii_digit).collect();
        bytes[i] = if bytes[i] == b'9' { b'0' } else { bytes[i] + 1 };
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_wrong_digit_in_the_first_three_fields_is_always_caught() {
        // Each field's mod-10 digit catches any single changed digit of the field.
        for (_, line) in PAIRS {
            for i in 0..32 {
                assert_eq!(
                    boleto_line(&bump(line, i)),
                    Err(ErrorCode::InvalidCheckDigit),
                    "{line} position {i}"
                );
            }
        }
    }

    #[test]
    fn the_general_digit_catches_a_changed_amount_or_due_date() {
        // Not every change: mod 11 collapses 0, 1, 10 and 11 to 1, so some slip through.
        let line = PAIRS[0].1;
        for i in [32, 33, 36, 41, 46] {
            assert_eq!(
                boleto_line(&bump(line, i)),
                Err(ErrorCode::InvalidCheckDigit),
                "position {i}"
            );
        }
    }

    #[test]
    fn shapes_other_than_47_or_44_digits_are_refused() {
        assert_eq!(boleto_line(""), Err(ErrorCode::Required));
        assert_eq!(boleto_line(" . "), Err(ErrorCode::Required));
        assert_eq!(boleto_line(PAIRS[0].0), Err(ErrorCode::InvalidFormat));
        // A 48-digit utility bill (arrecadação) is not a bank boleto.
        assert_eq!(
            boleto_line("846700000009109910422020312310000000000543215"),
            Err(ErrorCode::InvalidFormat)
        );
        assert_eq!(
            boleto_barcode("3419114020000012345109000001234567890123456a"),
            Err(ErrorCode::InvalidFormat)
        );
        assert_eq!(
            BoletoCode::build("34", 1000, 1, "0000000000000000000000000"),
            Err(ErrorCode::InvalidFormat)
        );
        assert_eq!(
            BoletoCode::build("341", 1000, 10_000_000_000, "0000000000000000000000000"),
            Err(ErrorCode::AmountOverflow)
        );
    }

    #[test]
    fn due_date_factors_follow_febrabans_cycle() {
        // Public test suites (MoisesMsa/boleto, gabgro codificador) and the fact sheet.
        assert_eq!(due_date_factor(2000, 7, 3), Ok(1000));
        assert_eq!(due_date_factor(2000, 7, 4), Ok(1001));
        assert_eq!(due_date_factor(2002, 5, 1), Ok(1667));
        assert_eq!(due_date_factor(2025, 2, 21), Ok(9999));
        assert_eq!(due_date_factor(2025, 2, 22), Ok(1000));
        assert_eq!(due_date_factor(2025, 2, 23), Ok(1001));
        assert_eq!(due_date_factor(2026, 3, 31), Ok(1402));
        assert_eq!(due_date_factor(2000, 7, 2), Err(ErrorCode::InvalidFormat));
        assert_eq!(due_date_factor(2025, 2, 29), Err(ErrorCode::InvalidFormat));
        assert_eq!(due_date_factor(2024, 2, 29), Ok(9641));
    }
}
