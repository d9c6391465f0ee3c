use super::compact_document;
use super::document_parts::{is_valid_date, mask_document, masked_document_impls};
use crate::error::ErrorCode;

/// A Mexican population registry key (CURP) whose structure is valid: 18 characters,
/// `^[A-Z]{4}\d{6}[HM][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$`, a real birth date, a known
/// state code and no blacklisted first four letters (fact sheet 2.7, python-stdnum
/// `mx/curp.py`).
///
/// The check digit is not enforced: [`Curp::check_digit_ok`] reports it so the page can
/// warn without blocking a payer whose registry record is odd.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Curp {
    value: String,
    check_digit_ok: bool,
}

impl Curp {
    /// The 18 characters, upper-case.
    pub fn digits(&self) -> &str {
        &self.value
    }

    pub fn masked(&self) -> String {
        mask_document(&self.value)
    }

    /// Whether the last digit matches the other 17 characters.
    pub fn check_digit_ok(&self) -> bool {
        self.check_digit_ok
    }

    /// (year, month, day). The century comes from the 17th character: a digit for people
    /// born before 2000, a letter from 2000 on.
    pub fn birth_date(&self) -> (u16, u8, u8) {
        let b = self.value.as_bytes();
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        let century: u16 = if b[16].is_ascii_digit() { 1900 } else { 2000 };
        (century + u16::from(two(4)), two(6), two(8))
    }
}

/// The state codes of the 12th–13th characters; NE is "born abroad".
const STATES: [&str; 33] = [
    "AS", "BC", "BS", "CC", "CH", "CL", "CM", "CS", "DF", "DG", "GR", "GT", "HG", "JC", "MC", "MN",
    "MS", "NE", "NL", "NT", "OC", "PL", "QR", "QT", "SL", "SP", "SR", "TC", "TL", "TS", "VZ", "YN",
    "ZS",
];

/// First four letters the registry never issues (it replaces their second letter with
/// `X`); python-stdnum `mx/curp.py`.
const BLACKLIST: [&str; 81] = [
    "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COGI",
    "COJA", "COJE", "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA",
    "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI", "KOJA", "KOJE", "KOJI",
    "KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO", "LOKA", "LOKO", "MAME", "MAMO", "MEAR", "MEAS",
    "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO", "NACA", "NACO", "PEDA", "PEDO", "PENE",
    "PIPI", "PITO", "POPO", "PUTA", "PUTO", "QULO", "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO",
    "TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI", "VUEY", "WUEI", "WUEY",
];

/// Parses a CURP, ignoring `.`, `-`, `/` and spaces and accepting lower case.
///
/// `Required` when empty; `InvalidFormat` for any structural fault (length, character
/// classes, impossible birth date, unknown state, blacklisted name letters). A wrong check
/// digit is not an error: see [`Curp::check_digit_ok`].
pub fn curp(input: &str) -> Result<Curp, ErrorCode> {
    let value = compact_document(input)?;
    let b = value.as_bytes();
    let consonant = |c: u8| c.is_ascii_uppercase() && !b"AEIOU".contains(&c);
    // ASCII first, so the slices below fall on character boundaries.
    let well_formed = value.is_ascii()
        && b.len() == 18
        && b[..4].iter().all(u8::is_ascii_uppercase)
        && b[4..10].iter().all(u8::is_ascii_digit)
        && matches!(b[10], b'H' | b'M')
        && STATES.contains(&&value[11..13])
        && b[13..16].iter().all(|&c| consonant(c))
        && (b[16].is_ascii_digit() || b[16].is_ascii_uppercase())
        && b[17].is_ascii_digit()
        && !BLACKLIST.contains(&&value[..4]);
    if !well_formed {
        return Err(ErrorCode::InvalidFormat);
    }
    let parsed = Curp {
        check_digit_ok: check_digit(&b[..17]) == b[17],
        value,
    };
    let (year, month, day) = parsed.birth_date();
    if !is_valid_date(year.into(), month.into(), day.into()) {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(parsed)
}

/// Σ value(cᵢ)·(18 − i) over the first 17 characters, with values from
/// `0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ`; the digit is (10 − Σ mod 10) mod 10.
fn check_digit(first17: &[u8]) -> u8 {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ";
    let sum: usize = first17
        .iter()
        .zip((2..=18).rev())
        .map(|(c, w)| ALPHABET.iter().position(|a| a == c).unwrap_or(0) * w)
        .sum();
    b'0' + ((10 - sum % 10) % 10) as u8
}

masked_document_impls!(Curp, curp);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_valid_curps_parse_with_a_good_check_digit() {
        // payment-methods.md 2.7 and python-stdnum's own example, checked with
        // python-stdnum 2.2 `mx.curp.is_valid`.
        for (input, birth) in [
            ("GOMC850315HDFRRR07", (1985, 3, 15)),
            ("PEGA900101MJCRRN00", (1990, 1, 1)),
            ("BOXW310820HNERXN09", (1931, 8, 20)),
            ("gomc-850315-hdfrrr07", (1985, 3, 15)),
        ] {
            let c = curp(input).unwrap();
            assert!(c.check_digit_ok(), "{input}");
            assert_eq!(c.birth_date(), birth, "{input}");
        }
    }

    #[test]
    fn a_changed_check_digit_is_only_a_warning() {
        for input in [
            "GOMC850315HDFRRR08",
            "PEGA900101MJCRRN01",
            "BOXW310820HNERXN00",
        ] {
            let c = curp(input).unwrap();
            assert!(!c.check_digit_ok(), "{input}");
            assert_eq!(c.digits(), input);
        }
    }

    #[test]
    fn a_homoclave_letter_means_born_in_or_after_2000() {
        let body = "GOMC050315HDFRRRA";
        let c = curp(&format!(
            "{body}{}",
            char::from(check_digit(body.as_bytes()))
        ))
        .unwrap();
        assert_eq!(c.birth_date(), (2005, 3, 15));
        assert!(c.check_digit_ok());
    }

    #[test]
    fn structural_faults_are_format_errors() {
        for input in [
            "GOMC850315HDFRRR0",   // 17 characters
            "GOMC850315HDFRRR071", // 19
            "G0MC850315HDFRRR07",  // digit among the name letters
            "GOMC851315HDFRRR07",  // month 13
            "GOMC850230HDFRRR07",  // 30 February
            "GOMC850315XDFRRR07",  // sex X
            "GOMC850315HXXRRR07",  // unknown state
            "GOMC850315HDFRAR07",  // vowel among the consonants
            "GOMC850315HDFRRR0A",  // letter as the check digit
            "CACA850315HDFRRR07",  // blacklisted
            "GOMC850315HDFRRR-0Ñ",
            "GOMC850315HÑFRRR7", // 18 bytes, not 18 characters
        ] {
            assert_eq!(curp(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(curp(""), Err(Required));
    }

    #[test]
    fn debug_display_and_serde() {
        let c = curp("GOMC850315HDFRRR07").unwrap();
        assert_eq!(format!("{c:?}"), "Curp(\"**************RR07\")");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"GOMC850315HDFRRR07\"");
        assert_eq!(
            serde_json::from_str::<Curp>("\"gomc850315hdfrrr07\"").unwrap(),
            c
        );
    }

    proptest! {
        #[test]
        fn a_structurally_valid_body_with_its_check_digit_is_ok_and_any_other_digit_warns(
            name in "[B-Z][A-Z]{3}",
            yy in 0u8..100, month in 1u8..=12, day in 1u8..=28,
            sex in "[HM]",
            state in prop::sample::select(STATES.to_vec()),
            consonants in "[B-DF-HJ-NP-TV-Z]{3}",
            homoclave in "[0-9A-Z]",
            other in 0u8..10,
        ) {
            prop_assume!(!BLACKLIST.contains(&name.as_str()));
            let date = format!("{yy:02}{month:02}{day:02}");
            let body = format!("{name}{date}{sex}{state}{consonants}{homoclave}");
            let dv = check_digit(body.as_bytes());
            let c = curp(&format!("{body}{}", char::from(dv))).unwrap();
            prop_assert!(c.check_digit_ok());
            prop_assume!(b'0' + other != dv);
            let c = curp(&format!("{body}{other}")).unwrap();
            prop_assert!(!c.check_digit_ok());
        }
    }
}
