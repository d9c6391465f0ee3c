//! Deterministic generators for instructions: every number a method hands out is derived
//! from the transaction id (so the same transaction always shows the same CLABE, IBAN or
//! address) and carries the check digits of its format, computed with orkestra-core's own
//! rules, so what the sandbox hands out is what the validators accept.

use orkestra_core::validate;

/// SplitMix64 of the id and a salt: a well-mixed, deterministic 64-bit value.
pub fn mix(id: i64, salt: u64) -> u64 {
    let mut z = (id as u64)
        .wrapping_add(salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `n` decimal digits derived from the id.
pub fn digits(id: i64, salt: u64, n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut round = 0u64;
    while out.len() < n {
        let chunk = format!(
            "{:018}",
            mix(id, salt.wrapping_add(round)) % 1_000_000_000_000_000_000
        );
        out.push_str(&chunk);
        round += 1;
    }
    out.truncate(n);
    out
}

/// `n` bytes derived from the id.
pub fn bytes(id: i64, salt: u64, n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| (mix(id, salt.wrapping_add(i as u64 / 8)) >> ((i % 8) * 8)) as u8)
        .collect()
}

/// The id in the last `n` digits, zero-padded: unique per transaction up to 10ⁿ.
pub fn padded(id: i64, n: usize) -> String {
    let s = format!("{:0n$}", id.unsigned_abs());
    s[s.len() - n..].to_owned()
}

fn digit_values(s: &str) -> impl DoubleEndedIterator<Item = u32> + '_ {
    s.bytes().map(|b| u32::from(b - b'0'))
}

/// Banxico's CLABE: bank (3) + plaza (3) + account (11) + its check digit (core's rule).
pub fn clabe(bank: &str, plaza: &str, account: &str) -> String {
    let body = format!("{bank}{plaza}{account}");
    format!("{body}{}", validate::clabe_check_digit(&body))
}

/// BCRA's CBU: bank (3) + branch (4) + digit, account (13) + digit (core's rule).
pub fn cbu(bank: &str, branch: &str, account: &str) -> String {
    let block1 = format!("{bank}{branch}");
    format!(
        "{block1}{}{account}{}",
        validate::cbu_check_digit(&block1),
        validate::cbu_check_digit(account)
    )
}

/// Peru's CCI: bank (3) + branch (3) + account (12) + one check digit per group, each
/// with weights 1, 2, 1, 2… from the left and the digits of each product summed (as
/// public CCI converters compute it; no bank's own specification was at hand).
pub fn cci(bank: &str, branch: &str, account: &str) -> String {
    let dv = |data: &str| {
        let sum: u32 = digit_values(data)
            .zip([1, 2].iter().cycle())
            .map(|(d, w)| {
                let p = d * w;
                p / 10 + p % 10
            })
            .sum();
        (10 - sum % 10) % 10
    };
    let group1 = format!("{bank}{branch}");
    format!("{group1}{account}{}{}", dv(&group1), dv(account))
}

/// A NUBAN at a deposit money bank (3-digit CBN code, institution "000" + bank): the
/// serial and its check digit (core's rule).
pub fn nuban(bank: &str, serial: &str) -> String {
    format!(
        "{serial}{}",
        validate::nuban_check_digit(&format!("000{bank}"), serial)
    )
}

/// ISO 7064 MOD 97-10 of a string of digits and upper-case letters (A = 10 … Z = 35).
pub fn mod97(s: &str) -> u32 {
    validate::mod97_10(s.bytes())
}

/// The IBAN of a BBAN: country + the two check digits that make its MOD 97-10 equal 1.
pub fn iban(country: &str, bban: &str) -> String {
    let check = 98 - mod97(&format!("{bban}{country}00"));
    format!("{country}{check:02}{bban}")
}

/// An ISO 11649 creditor reference ("RF" + two check digits + the reference), as SEPA
/// remittance information carries it.
pub fn rf_reference(body: &str) -> String {
    let check = 98 - mod97(&format!("{body}RF00"));
    format!("RF{check:02}{body}")
}

/// The French-style RIB key that UEMOA (BCEAO) account numbers end with: 97 minus the
/// bank, branch and account read as one number (letters A–I, J–R, S–Z as 1–9, 1–9,
/// 2–9) times 100, mod 97.
pub fn rib_key(bank: &str, branch: &str, account: &str) -> String {
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'I' => u32::from(c - b'A') + 1,
            b'J'..=b'R' => u32::from(c - b'J') + 1,
            b'S'..=b'Z' => u32::from(c - b'S') + 2,
            _ => 0,
        }
    };
    let rest = format!("{bank}{branch}{account}")
        .bytes()
        .fold(0u32, |acc, c| (acc * 10 + value(c)) % 97);
    format!("{:02}", 97 - rest * 100 % 97)
}

/// The (year, month, day) of a count of days since 1970-01-01 (H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The local date of an instant (ms since the epoch) at a fixed UTC offset in hours.
pub fn local_date(ms: i64, offset_hours: i64) -> (i32, u32, u32) {
    civil_from_days((ms + offset_hours * 3_600_000).div_euclid(86_400_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_digits_are_deterministic_and_differ_per_id() {
        assert_eq!(digits(7, 1, 30), digits(7, 1, 30));
        assert_eq!(digits(7, 1, 30).len(), 30);
        assert_ne!(digits(7, 1, 12), digits(8, 1, 12));
        assert_ne!(digits(7, 1, 12), digits(7, 2, 12));
        assert!(digits(7, 1, 40).bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(bytes(3, 9, 32), bytes(3, 9, 32));
        assert_ne!(bytes(3, 9, 20), bytes(4, 9, 20));
        assert_eq!(padded(42, 7), "0000042");
        assert_eq!(padded(123_456_789, 7), "3456789");
    }

    #[test]
    fn luhn_digits_make_published_numbers_valid() {
        assert_eq!(validate::luhn_check_digit("411111111111111"), 1);
        assert_eq!(validate::luhn_check_digit("800101500908"), 7);
        assert_eq!(validate::luhn_check_digit("7992739871"), 3);
    }

    #[test]
    fn clabes_cbus_and_nubans_pass_the_core_validators() {
        // The fact sheet's examples are rebuilt from their bodies.
        assert_eq!(clabe("002", "180", "00012345678"), "002180000123456789");
        assert_eq!(clabe("646", "180", "00000000001"), "646180000000000012");
        assert_eq!(
            cbu("285", "0590", "4009041813520"),
            "2850590940090418135201"
        );
        assert_eq!(nuban("058", "012345678"), "0123456785");
        for id in [1, 42, 99_999, 123_456_789] {
            let c = clabe("646", "180", &padded(id, 11));
            assert!(validate::clabe(&c).is_ok(), "{c}");
            let c = cbu("285", "0590", &padded(id, 13));
            assert!(validate::cbu(&c).is_ok(), "{c}");
            let n = nuban("035", &padded(id, 9));
            assert!(validate::nuban("035", &n).is_ok(), "{n}");
        }
    }

    #[test]
    fn ibans_pass_the_core_validator_and_rf_references_mod_97() {
        // Published examples, rebuilt from their BBANs.
        assert_eq!(iban("DE", "370400440532013000"), "DE89370400440532013000");
        assert_eq!(iban("NL", "ABNA0417164300"), "NL91ABNA0417164300");
        assert_eq!(
            iban("EG", "0019000500000000263180002"),
            "EG380019000500000000263180002"
        );
        for id in [1, 77, 987_654] {
            let de = iban("DE", &format!("37040044{}", padded(id, 10)));
            assert!(validate::iban(&de).is_ok(), "{de}");
        }
        // ISO 11649's own example.
        assert_eq!(rf_reference("539007547034"), "RF18539007547034");
    }

    #[test]
    fn rib_keys_match_published_uemoa_ibans() {
        // Example IBANs of Senegal, Côte d'Ivoire and Burkina Faso: bank, branch,
        // account, key; each also passes MOD 97-10.
        for example in [
            "SN08SN0100152000048500003035",
            "CI93CI0080111301134291200589",
            "BF42BF0840101300463574000390",
        ] {
            let bban = &example[4..];
            assert_eq!(
                rib_key(&bban[..5], &bban[5..10], &bban[10..22]),
                &bban[22..],
                "{example}"
            );
            assert_eq!(iban(&example[..2], bban), example);
        }
    }

    #[test]
    fn ccis_carry_one_digit_per_group() {
        let c = cci("002", "193", "001234567890");
        assert_eq!(c.len(), 20);
        // 0·1 0·2 2·1 1·2 9·1 3·2 → 0+0+2+2+9+6 = 19 → 1.
        assert_eq!(&c[18..19], "1");
        assert_eq!(&c[..18], "002193001234567890");
    }

    #[test]
    fn days_convert_to_civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        // 2025-11-25T01:00:00Z is still the 24th in São Paulo (UTC−3).
        assert_eq!(local_date(1_764_032_400_000, -3), (2025, 11, 24));
        assert_eq!(local_date(1_764_032_400_000, 0), (2025, 11, 25));
    }
}
