use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::iban_national::national_check_ok;
use super::mask::mask_keep_last;
use super::normalize;
use crate::error::ErrorCode;

/// An International Bank Account Number with a valid ISO 7064 MOD 97-10 check and the
/// length and BBAN structure its country registers (SWIFT IBAN registry).
///
/// Held in the electronic form: upper case, no spaces. `Debug` and `Display` keep the
/// country code and the last four characters; [`Iban::as_str`] is the one way to the
/// number. Serialises as the electronic form and deserialises through [`iban`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Iban(String);

impl Iban {
    /// "DE89370400440532013000": upper case, no spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ISO 3166 alpha-2 code of the account's country ("DE", "EG").
    pub fn country_code(&self) -> &str {
        &self.0[..2]
    }

    pub fn check_digits(&self) -> &str {
        &self.0[2..4]
    }

    /// The country-specific Basic Bank Account Number after the check digits.
    pub fn bban(&self) -> &str {
        &self.0[4..]
    }

    /// "DE89 3704 0044 0532 0130 00": groups of four, the print form.
    pub fn formatted(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + self.0.len() / 4);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }

    /// "DE** **** **** **** **30 00": the country and the last four characters.
    pub fn masked(&self) -> String {
        let formatted = self.formatted();
        let (country, rest) = formatted.split_at(2);
        format!("{country}{}", mask_keep_last(rest, 4))
    }
}

/// Parses an IBAN, ignoring spaces and `-` (any Unicode ones: [`normalize`]), in either
/// case.
///
/// `Required` when empty; `InvalidFormat` for characters other than ASCII letters and
/// digits, a malformed start (two letters, two digits), a length or BBAN structure that
/// differs from the country's registry entry; `UnsupportedCountry` for a country without
/// IBANs in the registry (the UEMOA and CEMAC "IBANs" are not registered, fact sheet 6);
/// `InvalidCheckDigit` when the MOD 97-10 remainder is not 1, the check digits are
/// outside 02–98, or the BBAN's own national check digits are wrong (the countries
/// `iban_national` lists).
pub fn iban(input: &str) -> Result<Iban, ErrorCode> {
    let compact: String = normalize(input)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.is_empty() {
        return Err(ErrorCode::Required);
    }
    let b = compact.as_bytes();
    if !b.iter().all(u8::is_ascii_alphanumeric)
        || b.len() < 5
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
    {
        return Err(ErrorCode::InvalidFormat);
    }
    let spec = bban_spec(&compact[..2]).ok_or(ErrorCode::UnsupportedCountry)?;
    if b.len() != 4 + spec_length(spec) || !bban_matches(spec, &b[4..]) {
        return Err(ErrorCode::InvalidFormat);
    }
    if matches!(&compact[2..4], "00" | "01" | "99")
        || mod97(&compact) != 1
        || !national_check_ok(&compact[..2], &compact[4..])
    {
        return Err(ErrorCode::InvalidCheckDigit);
    }
    Ok(Iban(compact))
}

/// The IBAN's length for a country, or `None` where the registry has no IBAN: lets the
/// page size its input and say "22 characters" before the payer finishes.
pub fn iban_length(country_code: &str) -> Option<usize> {
    bban_spec(country_code).map(|spec| 4 + spec_length(spec))
}

/// ISO 7064 MOD 97-10 of the IBAN with its first four characters moved to the end.
fn mod97(iban: &str) -> u32 {
    let (head, tail) = iban.split_at(4);
    mod97_10(tail.bytes().chain(head.bytes()))
}

/// ISO 7064 MOD 97-10 of digits and upper-case letters (read as 10..=35), computed digit
/// by digit so no big integer is needed: IBANs and ISO 11649 creditor references.
pub fn mod97_10(chars: impl IntoIterator<Item = u8>) -> u32 {
    chars.into_iter().fold(0u32, |acc, b| {
        if b.is_ascii_digit() {
            (acc * 10 + u32::from(b - b'0')) % 97
        } else {
            (acc * 100 + u32::from(b - b'A') + 10) % 97
        }
    })
}

/// The registry's BBAN structure, e.g. "8!n10!n" = 8 digits then 10 digits. `n` digits,
/// `a` upper-case letters, `c` letters or digits; every entry uses fixed lengths (`!`).
fn bban_spec(country_code: &str) -> Option<&'static str> {
    REGISTRY
        .iter()
        .find(|(code, _)| *code == country_code)
        .map(|(_, spec)| *spec)
}

/// (count, kind) pairs of a spec.
fn spec_parts(spec: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    spec.split_inclusive(|c: char| c.is_ascii_lowercase())
        .filter_map(|part| {
            let (count, kind) = part.split_once('!')?;
            Some((count.parse().ok()?, *kind.as_bytes().first()?))
        })
}

fn spec_length(spec: &str) -> usize {
    spec_parts(spec).map(|(count, _)| count).sum()
}

fn bban_matches(spec: &str, bban: &[u8]) -> bool {
    let mut rest = bban;
    for (count, kind) in spec_parts(spec) {
        if rest.len() < count {
            return false;
        }
        let (part, tail) = rest.split_at(count);
        let ok = match kind {
            b'n' => part.iter().all(u8::is_ascii_digit),
            b'a' => part.iter().all(u8::is_ascii_uppercase),
            _ => part.iter().all(u8::is_ascii_alphanumeric),
        };
        if !ok {
            return false;
        }
        rest = tail;
    }
    rest.is_empty()
}

/// The SWIFT IBAN registry (release 101) as shipped in python-stdnum 2.2's `iban.dat`,
/// the reference the fact sheet cites (sections 4.11, 4.12). SEPA payers may bank in any
/// SEPA country, not only the Eurozone, so the whole registry is kept.
const REGISTRY: [(&str, &str); 89] = [
    ("AD", "4!n4!n12!c"),
    ("AE", "3!n16!n"),
    ("AL", "8!n16!c"),
    ("AT", "5!n11!n"),
    ("AZ", "4!a20!c"),
    ("BA", "3!n3!n8!n2!n"),
    ("BE", "3!n7!n2!n"),
    ("BG", "4!a4!n2!n8!c"),
    ("BH", "4!a14!c"),
    ("BI", "5!n5!n11!n2!n"),
    ("BR", "8!n5!n10!n1!a1!c"),
    ("BY", "4!c4!n16!c"),
    ("CH", "5!n12!c"),
    ("CR", "4!n14!n"),
    ("CY", "3!n5!n16!c"),
    ("CZ", "4!n16!n"),
    ("DE", "8!n10!n"),
    ("DJ", "5!n5!n11!n2!n"),
    ("DK", "4!n9!n1!n"),
    ("DO", "4!c20!n"),
    ("EE", "2!n14!n"),
    ("EG", "4!n4!n17!n"),
    ("ES", "4!n4!n1!n1!n10!n"),
    ("FI", "3!n11!n"),
    ("FK", "2!a12!n"),
    ("FO", "4!n9!n1!n"),
    ("FR", "5!n5!n11!c2!n"),
    ("GB", "4!a6!n8!n"),
    ("GE", "2!a16!n"),
    ("GI", "4!a15!c"),
    ("GL", "4!n9!n1!n"),
    ("GR", "3!n4!n16!c"),
    ("GT", "4!c20!c"),
    ("HN", "4!a20!n"),
    ("HR", "7!n10!n"),
    ("HU", "3!n4!n1!n15!n1!n"),
    ("IE", "4!a6!n8!n"),
    ("IL", "3!n3!n13!n"),
    ("IQ", "4!a3!n12!n"),
    ("IS", "4!n2!n6!n10!n"),
    ("IT", "1!a5!n5!n12!c"),
    ("JO", "4!a4!n18!c"),
    ("KW", "4!a22!c"),
    ("KZ", "3!n13!c"),
    ("LB", "4!n20!c"),
    ("LC", "4!a24!c"),
    ("LI", "5!n12!c"),
    ("LT", "5!n11!n"),
    ("LU", "3!n13!c"),
    ("LV", "4!a13!c"),
    ("LY", "3!n3!n15!n"),
    ("MC", "5!n5!n11!c2!n"),
    ("MD", "2!c18!c"),
    ("ME", "3!n13!n2!n"),
    ("MK", "3!n10!c2!n"),
    ("MN", "4!n12!n"),
    ("MR", "5!n5!n11!n2!n"),
    ("MT", "4!a5!n18!c"),
    ("MU", "4!a2!n2!n12!n3!n3!a"),
    ("NI", "4!a20!n"),
    ("NL", "4!a10!n"),
    ("NO", "4!n6!n1!n"),
    ("OM", "3!n16!c"),
    ("PK", "4!a16!c"),
    ("PL", "8!n16!n"),
    ("PS", "4!a21!c"),
    ("PT", "4!n4!n11!n2!n"),
    ("QA", "4!a21!c"),
    ("RO", "4!a16!c"),
    ("RS", "3!n13!n2!n"),
    ("RU", "9!n5!n15!c"),
    ("SA", "2!n18!c"),
    ("SC", "4!a2!n2!n16!n3!a"),
    ("SD", "2!n12!n"),
    ("SE", "3!n16!n1!n"),
    ("SI", "5!n8!n2!n"),
    ("SK", "4!n6!n10!n"),
    ("SM", "1!a5!n5!n12!c"),
    ("SO", "4!n3!n12!n"),
    ("ST", "4!n4!n11!n2!n"),
    ("SV", "4!a20!n"),
    ("TL", "3!n14!n2!n"),
    ("TN", "2!n3!n13!n2!n"),
    ("TR", "5!n1!n16!c"),
    ("UA", "6!n19!c"),
    ("VA", "3!n15!n"),
    ("VG", "4!a16!n"),
    ("XK", "4!n10!n2!n"),
    ("YE", "4!a4!n18!c"),
];

impl fmt::Debug for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Iban").field(&self.masked()).finish()
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Iban {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Iban {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        iban(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    /// The registry's example IBAN of every Eurozone country (Bulgaria joined in 2026),
    /// the euro's micro-states, Egypt, and the fact sheet's SEPA examples.
    const VALID: [&str; 27] = [
        "AT611904300234573201",
        "BE68539007547034",
        "BG80BNBG96611020345678",
        "CY17002001280000001200527600",
        "DE89 3704 0044 0532 0130 00",
        "EE382200221020145685",
        "ES91 2100 0418 4502 0005 1332",
        "FI2112345600000785",
        "FR14 2004 1010 0505 0001 3M02 606",
        "GR1601101250000000012300695",
        "HR1210010051863000160",
        "IE29AIBK93115212345678",
        "IT60X0542811101000000123456",
        "LT121000011101001000",
        "LU280019400644750000",
        "LV80BANK0000435195001",
        "MT84MALT011000012345MTLCAST001S",
        "NL91 ABNA 0417 1643 00",
        "PT50000201231234567890154",
        "SI56263300012039086",
        "SK3112000000198742637541",
        "AD1200012030200359100100",
        "MC5811222000010123456789030",
        "SM86U0322509800000000270100",
        "VA59001123000012345678",
        "EG380019000500000000263180002",
        "EG800002000156789012345180002",
    ];

    #[test]
    fn the_registry_examples_of_the_eurozone_and_egypt_parse() {
        for input in VALID {
            let i = iban(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(i.as_str(), input.replace(' ', ""));
        }
    }

    #[test]
    fn lengths_follow_the_registry_for_the_eurozone_and_egypt() {
        let expected = [
            ("AT", 20),
            ("BE", 16),
            ("BG", 22),
            ("CY", 28),
            ("DE", 22),
            ("EE", 20),
            ("ES", 24),
            ("FI", 18),
            ("FR", 27),
            ("GR", 27),
            ("HR", 21),
            ("IE", 22),
            ("IT", 27),
            ("LT", 20),
            ("LU", 20),
            ("LV", 21),
            ("MT", 31),
            ("NL", 18),
            ("PT", 25),
            ("SI", 19),
            ("SK", 24),
            ("EG", 29),
        ];
        for (country, length) in expected {
            assert_eq!(iban_length(country), Some(length), "{country}");
        }
        assert_eq!(iban_length("SN"), None);
        assert_eq!(iban_length("de"), None);
    }

    #[test]
    fn every_registry_entry_accepts_an_iban_built_to_its_structure() {
        // Filled with 7s and Bs: the countries with national check digits refuse most such
        // numbers, the others take every one.
        let mut national = 0;
        for (country, spec) in REGISTRY {
            let mut bban = String::new();
            for (count, kind) in spec_parts(spec) {
                let fill = if kind == b'a' { 'B' } else { '7' };
                bban.extend(std::iter::repeat_n(fill, count));
            }
            let check = 98 - mod97(&format!("{country}00{bban}"));
            let input = format!("{country}{check:02}{bban}");
            if national_check_ok(country, &bban) {
                assert_eq!(iban(&input).map(|i| i.0), Ok(input.clone()), "{input}");
            } else {
                assert_eq!(iban(&input), Err(InvalidCheckDigit), "{input}");
                national += 1;
            }
        }
        assert!((15..=21).contains(&national), "{national}");
    }

    #[test]
    fn the_registry_is_sorted_and_every_spec_is_well_formed() {
        assert!(REGISTRY.windows(2).all(|w| w[0].0 < w[1].0));
        for (country, spec) in REGISTRY {
            let rebuilt: String = spec_parts(spec)
                .map(|(n, k)| format!("{n}!{}", k as char))
                .collect();
            assert_eq!(rebuilt, spec, "{country}");
            assert!(spec_parts(spec).all(|(_, k)| matches!(k, b'n' | b'a' | b'c')));
        }
    }

    #[test]
    fn lower_case_and_print_spacing_are_normalised() {
        let i = iban("de89 3704 0044 0532 0130 00").unwrap();
        assert_eq!(i.as_str(), "DE89370400440532013000");
        assert_eq!(i.formatted(), "DE89 3704 0044 0532 0130 00");
        assert_eq!(
            (i.country_code(), i.check_digits(), i.bban()),
            ("DE", "89", "370400440532013000")
        );
    }

    #[test]
    fn a_changed_character_fails_the_mod_97_check() {
        for input in [
            "DE89370400440532013001",
            "DE88370400440532013000",
            "DE89370400440532031000",
            "FR1420041010050500013M02607",
            "NL91ABNA0417164301",
            "EG380019000500000000263180003",
        ] {
            assert_eq!(iban(input), Err(InvalidCheckDigit), "{input}");
        }
    }

    #[test]
    fn check_digits_outside_02_to_98_are_rejected_even_if_the_remainder_works() {
        // 00 ≡ 97, 01 ≡ 98 and 99 ≡ 02 (mod 97): the same remainder, but ISO 13616 never
        // issues them. Find German BBANs whose real check digits are 97, 98 and 02.
        for (real, alias) in [(97, 0), (98, 1), (2, 99)] {
            let bban = (0u64..)
                .map(|account| format!("37040044{account:010}"))
                .find(|bban| 98 - mod97(&format!("DE00{bban}")) == real)
                .unwrap();
            assert!(iban(&format!("DE{real:02}{bban}")).is_ok());
            assert_eq!(
                iban(&format!("DE{alias:02}{bban}")),
                Err(InvalidCheckDigit),
                "{alias:02}"
            );
        }
    }

    #[test]
    fn a_wrong_length_or_structure_for_the_country_is_a_format_error() {
        for input in [
            "DE8937040044053201300",
            "DE893704004405320130000",
            // NL's BBAN starts with four letters.
            "NL91123404171643001",
            // Egypt's is all digits.
            "EG38001900050000000026318000A",
            "D",
            "1E89370400440532013000",
            "DEX9370400440532013000",
            "DE89_370400440532013000",
            "DE89 3704 0044 0532 0130 0ß",
        ] {
            assert_eq!(iban(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(iban(""), Err(Required));
        assert_eq!(iban("  "), Err(Required));
    }

    #[test]
    fn a_country_without_registered_ibans_is_unsupported() {
        // UEMOA RIB-style numbers look like IBANs but are not in the registry.
        assert_eq!(
            iban("SN08SN0100152000048500003035"),
            Err(UnsupportedCountry)
        );
        assert_eq!(iban("US12345678901234567"), Err(UnsupportedCountry));
    }

    #[test]
    fn debug_and_display_keep_only_the_country_and_the_last_four() {
        let i = iban("DE89370400440532013000").unwrap();
        assert_eq!(i.to_string(), "DE** **** **** **** **30 00");
        assert_eq!(format!("{i:?}"), "Iban(\"DE** **** **** **** **30 00\")");
    }

    #[test]
    fn serde_writes_the_electronic_form_and_reads_only_valid_ibans() {
        let i = iban("NL91 ABNA 0417 1643 00").unwrap();
        assert_eq!(serde_json::to_string(&i).unwrap(), "\"NL91ABNA0417164300\"");
        assert_eq!(
            serde_json::from_str::<Iban>("\"nl91abna0417164300\"").unwrap(),
            i
        );
        assert!(serde_json::from_str::<Iban>("\"NL91ABNA0417164301\"").is_err());
    }
}
