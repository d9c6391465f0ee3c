//! The national check digits inside a BBAN, for the countries whose rule is public and
//! the same for every bank: those python-stdnum (BE, ES, ME, NO; CZ through its
//! `cz.bankaccount`) or schwifty checks. The IBAN's own MOD 97-10 cannot catch what these
//! catch: a number mistyped and then given fresh IBAN check digits by a converter.
//!
//! Left out: Germany (each bank has its own method), Iceland (the BBAN carries the
//! holder's kennitala, not an account check), and Albania, Hungary, Sweden, the Faroes
//! and Greenland, whose digits no reference here checks.

use super::card::luhn_check_digit;
use super::mod97_10;

/// Whether the BBAN's national check digits are right; `true` for countries without a
/// rule here. `bban` has the registry's structure for `country` (checked before).
pub(super) fn national_check_ok(country: &str, bban: &str) -> bool {
    let b = bban.as_bytes();
    match country {
        "BE" => {
            // Bank and account as one number, mod 97 (0 written as 97).
            let r = mod97_10(b[..10].iter().copied());
            digits_value(&b[10..]) == if r == 0 { 97 } else { r }
        }
        "ES" => {
            const W: [u32; 10] = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
            let digit = |part: &[u8]| {
                let r = weighted(part, &W) % 11;
                if r < 2 {
                    r
                } else {
                    11 - r
                }
            };
            // The first digit covers bank and branch, padded to ten digits with 00.
            let first = digit(&[b"00", &b[..8]].concat());
            b[8] == digit_char(first) && b[9] == digit_char(digit(&b[10..]))
        }
        // ISO 7064 MOD 97-10 over the BBAN, the last two digits its check.
        "BA" | "ME" | "MK" | "PT" | "RS" | "SI" | "TL" => check_97(b, 98),
        // The same remainder, subtracted from 97 (Mauritania's and Tunisia's RIB key).
        "MR" | "TN" => check_97(b, 97),
        "FR" | "MC" => {
            // The RIB key: bank (5), branch (5), account (11, letters by the French table).
            let n = |part: &[u8]| -> u64 {
                part.iter()
                    .fold(0, |acc, &c| (acc * 10 + u64::from(french_digit(c))) % 97)
            };
            let r = (89 * n(&b[..5]) + 15 * n(&b[5..10]) + 3 * n(&b[10..21])) % 97;
            digits_value(&b[21..23]) == (97 - r) as u32
        }
        "IT" | "SM" => b[0] == cin(&b[1..]),
        // Luhn over the whole BBAN.
        "FI" => luhn_check_digit(&b[..13]) == u32::from(b[13] - b'0'),
        "EE" => {
            // 7-3-1 from the right over branch and account, before the check digit.
            let sum: u32 = b[2..15]
                .iter()
                .rev()
                .zip([7, 3, 1].into_iter().cycle())
                .map(|(&c, w)| u32::from(c - b'0') * w)
                .sum();
            b[15] == digit_char((10 - sum % 10) % 10)
        }
        // The sort code's last digit checks bank and branch.
        "PL" => b[7] == digit_char((10 - weighted(&b[..7], &[3, 9, 7, 1, 3, 9, 7]) % 10) % 10),
        "NO" => {
            let r = weighted(&b[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
            // A remainder of 1 would need a check digit of 10: such numbers are not issued.
            r != 1 && b[10] == digit_char((11 - r) % 11)
        }
        // Prefix (6) and account (10) each weigh to 0 mod 11; the bank code (4) is not
        // checked.
        "CZ" | "SK" => {
            const W: [u32; 10] = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1];
            weighted(&b[4..10], &W[4..]).is_multiple_of(11)
                && weighted(&b[10..20], &W).is_multiple_of(11)
        }
        _ => true,
    }
}

/// ISO 7064 MOD 97-10: the last two digits are `base` minus the rest × 100 mod 97.
fn check_97(bban: &[u8], base: u32) -> bool {
    let (rest, check) = bban.split_at(bban.len() - 2);
    let r = mod97_10(rest.iter().copied().chain(*b"00"));
    digits_value(check) == base - r
}

/// Σ digit × weight, the weights from the left.
fn weighted(digits: &[u8], weights: &[u32]) -> u32 {
    digits
        .iter()
        .zip(weights)
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum()
}

fn digits_value(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |acc, &c| acc * 10 + u32::from(c - b'0'))
}

fn digit_char(d: u32) -> u8 {
    b'0' + d as u8
}

/// A letter of a French account number as the RIB key reads it: A–I 1–9, J–R 1–9,
/// S–Z 2–9.
fn french_digit(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'I' => c - b'A' + 1,
        b'J'..=b'R' => c - b'J' + 1,
        b'S'..=b'Z' => c - b'S' + 2,
        _ => 0,
    }
}

/// Italy's CIN: the letter for bank (5), branch (5) and account (12). Characters in odd
/// places (1st, 3rd, …) are read through a table, the others by value (digits 0–9,
/// letters A–Z 0–25).
fn cin(rest: &[u8]) -> u8 {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let sum: u32 = rest
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let v = if c.is_ascii_digit() {
                c - b'0'
            } else {
                c - b'A'
            };
            if i % 2 == 0 {
                ODD[usize::from(v)]
            } else {
                u32::from(v)
            }
        })
        .sum();
    b'A' + (sum % 26) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples of python-stdnum's country modules and of the SWIFT registry, and the
    /// same numbers with one national check digit changed (IBAN digits recomputed).
    #[test]
    fn stdnums_and_the_registrys_examples_pass_and_a_changed_national_digit_fails() {
        for (country, good, bad) in [
            ("BE", "123456789002", "091811735141"),
            ("ES", "12341234161234567890", "12341234171234567890"),
            ("ME", "510000000006234133", "510000000006234132"),
            ("NO", "86011117947", "86011117946"),
            ("FR", "20041010050500013M02606", "20041010050500013M02607"),
            ("IT", "X0542811101000000123456", "Y0542811101000000123456"),
            ("FI", "12345600000785", "12345600000786"),
            ("PT", "000201231234567890154", "000201231234567890155"),
        ] {
            assert!(national_check_ok(country, good), "{country} {good}");
            assert!(!national_check_ok(country, bad), "{country} {bad}");
        }
    }

    #[test]
    fn countries_without_a_rule_here_pass() {
        assert!(national_check_ok("DE", "370400440532013000"));
        assert!(national_check_ok("EG", "0019000500000000263180002"));
    }
}
