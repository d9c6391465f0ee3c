use super::compact_document;
use super::document_parts::{is_valid_date, mask_document, masked_document_impls};
use crate::error::ErrorCode;

/// A Mexican taxpayer number (RFC) whose structure is valid (fact sheet 2.7, python-stdnum
/// `mx/rfc.py`):
/// - people: 4 letters (`A`–`Z`, `&`, `Ñ`), YYMMDD, and a 3-character homoclave (13 in
///   all) or none (10);
/// - companies: 3 letters, YYMMDD and the homoclave (12 in all).
///
/// About 1.5% of real RFCs fail their check digit, so it is not enforced:
/// [`Rfc::check_digit_ok`] reports it for the page to warn.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rfc {
    value: String,
    check_digit_ok: bool,
}

impl Rfc {
    /// The 10, 12 or 13 characters, upper-case (may contain `&` and `Ñ`).
    pub fn digits(&self) -> &str {
        &self.value
    }

    pub fn masked(&self) -> String {
        mask_document(&self.value)
    }

    /// Whether the homoclave has the shape SAT issues and its last character matches the
    /// rest. `true` for a 10-character RFC, which has no homoclave to check.
    pub fn check_digit_ok(&self) -> bool {
        self.check_digit_ok
    }

    /// 12 characters: a company (persona moral).
    pub fn is_company(&self) -> bool {
        self.value.chars().count() == 12
    }
}

/// First four letters SAT never issues; python-stdnum `mx/rfc.py`.
const BLACKLIST: [&str; 41] = [
    "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COJA", "COJE", "COJI",
    "COJO", "CULO", "FETO", "GUEY", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KOGE", "KOJO",
    "KULO", "MAME", "MAMO", "MEAR", "MEAS", "MEON", "MION", "MOCO", "MULA", "PEDA", "PEDO", "PENE",
    "PUTA", "PUTO", "QULO", "RATA", "RUIN",
];

/// The check-digit alphabet; a character's value is its index.
const ALPHABET: [char; 39] = [
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I',
    'J', 'K', 'L', 'M', 'N', '&', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', ' ',
    'Ñ',
];

/// Parses an RFC, ignoring `.`, `-`, `/` and spaces and accepting lower case (`ñ` too).
///
/// `Required` when empty; `InvalidFormat` for a length other than 10, 12 or 13, a wrong
/// character class, an impossible date or blacklisted name letters. A wrong check digit is
/// not an error: see [`Rfc::check_digit_ok`].
pub fn rfc(input: &str) -> Result<Rfc, ErrorCode> {
    let value: String = compact_document(input)?
        .chars()
        .map(|c| if c == 'ñ' { 'Ñ' } else { c })
        .collect();
    let chars: Vec<char> = value.chars().collect();
    let name_letters = match chars.len() {
        10 | 13 => 4,
        12 => 3,
        _ => return Err(ErrorCode::InvalidFormat),
    };
    let (name, rest) = chars.split_at(name_letters);
    let (date, homoclave) = rest.split_at(6);
    let well_formed = name
        .iter()
        .all(|&c| c.is_ascii_uppercase() || c == '&' || c == 'Ñ')
        && date.iter().all(char::is_ascii_digit)
        && homoclave
            .iter()
            .all(|&c| c.is_ascii_digit() || c.is_ascii_uppercase());
    if !well_formed {
        return Err(ErrorCode::InvalidFormat);
    }
    if name_letters == 4 && BLACKLIST.contains(&String::from_iter(name).as_str()) {
        return Err(ErrorCode::InvalidFormat);
    }
    let n =
        |i: usize| date[i].to_digit(10).unwrap_or(0) * 10 + date[i + 1].to_digit(10).unwrap_or(0);
    // The century is not in the number; 2000 + YY has the same leap years as 1900 + YY
    // except 00, where it accepts 29 February, as python-stdnum does.
    if !is_valid_date(2000 + n(0), n(2), n(4)) {
        return Err(ErrorCode::InvalidFormat);
    }
    let check_digit_ok = match homoclave {
        [] => true,
        [a, b, c] => {
            let shape_ok = matches!(a, '1'..='9' | 'A'..='V')
                && matches!(b, '1'..='9' | 'A'..='Z')
                && matches!(c, '0'..='9' | 'A');
            shape_ok && check_digit(&chars[..chars.len() - 1]) == *c
        }
        _ => false,
    };
    Ok(Rfc {
        value,
        check_digit_ok,
    })
}

/// The first 11 or 12 characters left-padded with spaces to 12; Σ value(cᵢ)·(13 − i);
/// the digit is `ALPHABET[(11 − Σ) mod 11]`, so 10 gives `A`.
fn check_digit(first: &[char]) -> char {
    let padded =
        std::iter::repeat_n(' ', 12usize.saturating_sub(first.len())).chain(first.iter().copied());
    let sum: usize = padded
        .zip((2..=13).rev())
        .map(|(c, w)| ALPHABET.iter().position(|&a| a == c).unwrap_or(0) * w)
        .sum();
    ALPHABET[(11 - sum % 11) % 11]
}

masked_document_impls!(Rfc, rfc);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    #[test]
    fn the_fact_sheets_and_stdnums_valid_rfcs_parse_with_a_good_check_digit() {
        // payment-methods.md 2.7 (GODE561231GR8, ABC010101AB1) and python-stdnum's own
        // examples, checked with python-stdnum 2.2 `mx.rfc.is_valid(…,
        // validate_check_digits=True)`; ÑAÑO… and A&C… computed with its
        // `calc_check_digit`.
        for (input, company) in [
            ("GODE561231GR8", false),
            ("GODE 561231 GR8", false),
            ("ABC010101AB1", true),
            ("MAB9307148T4", true),
            ("ñaño800101ab3", false),
            ("A&C010101AB1", true),
        ] {
            let r = rfc(input).unwrap();
            assert!(r.check_digit_ok(), "{input}");
            assert_eq!(r.is_company(), company, "{input}");
        }
        assert_eq!(rfc("ñaño800101ab3").unwrap().digits(), "ÑAÑO800101AB3");
    }

    #[test]
    fn a_ten_character_rfc_has_no_homoclave_to_check() {
        let r = rfc("COMG600703").unwrap();
        assert!(r.check_digit_ok());
        assert!(!r.is_company());
    }

    #[test]
    fn a_changed_check_digit_or_an_odd_homoclave_is_only_a_warning() {
        // VACE460910SX6 is in python-stdnum's docs as an RFC with a bad check digit.
        for input in [
            "GODE561231GR9",
            "ABC010101AB2",
            "VACE460910SX6",
            "GODE561231W00",
        ] {
            let r = rfc(input).unwrap();
            assert!(!r.check_digit_ok(), "{input}");
        }
    }

    #[test]
    fn structural_faults_are_format_errors() {
        for input in [
            "GODE56123",      // 9
            "GODE561231G",    // 11
            "GODE561231GR8X", // 14
            "G0DE561231GR8",  // digit among the name letters
            "GODE561331GR8",  // month 13
            "GODE560231GR8",  // 31 February
            "ABC0101A1AB1",   // letter in the date
            "GODE561231G#8",
            "PUTO561231GR8", // blacklisted
        ] {
            assert_eq!(rfc(input), Err(InvalidFormat), "{input}");
        }
        assert_eq!(rfc("  "), Err(Required));
    }

    #[test]
    fn debug_display_and_serde() {
        let r = rfc("GODE561231GR8").unwrap();
        assert_eq!(format!("{r:?}"), "Rfc(\"*********1GR8\")");
        assert_eq!(r.to_string(), "*********1GR8");
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"GODE561231GR8\"");
        assert_eq!(serde_json::from_str::<Rfc>("\"gode561231gr8\"").unwrap(), r);
    }

    proptest! {
        #[test]
        fn a_valid_body_with_its_check_digit_is_ok_and_any_other_last_character_warns(
            name in "[A-Z&Ñ]{3,4}",
            yy in 0u8..100, month in 1u8..=12, day in 1u8..=28,
            homoclave in "[1-9A-V][1-9A-Z]",
            other in "[0-9A]",
        ) {
            prop_assume!(!BLACKLIST.contains(&name.as_str()));
            let body = format!("{name}{yy:02}{month:02}{day:02}{homoclave}");
            let chars: Vec<char> = body.chars().collect();
            let dv = check_digit(&chars);
            prop_assume!(dv.is_ascii_digit() || dv == 'A');
            let r = rfc(&format!("{body}{dv}")).unwrap();
            prop_assert!(r.check_digit_ok());
            let other = other.chars().next().unwrap();
            prop_assume!(other != dv);
            let r = rfc(&format!("{body}{other}")).unwrap();
            prop_assert!(!r.check_digit_ok());
        }
    }
}
