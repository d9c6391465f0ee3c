//! Each country's numbering plan for mobiles: calling code, national significant number
//! (NSN) length, trunk prefix, mobile prefixes and operator prefixes.
//!
//! Mobile prefixes are libphonenumber's mobile patterns (metadata of phonenumbers 9.0.43,
//! fact sheet 5.1) written as alternatives of digit prefixes; the rest of the NSN is any
//! digits. Exceptions follow the sheet's master table (section 8): Colombia `3…`, Chile
//! `9…`, Argentina `9` + area code + number, Brazil's 11-digit mobiles only (not the
//! 10-digit trunked-radio range), and South Africa's 9-digit mobiles only.
//! `tests/reference_vectors.rs` checks every three-digit start of every country against
//! libphonenumber, these exceptions included (`tests/vectors/gen.py` lists them).
//! Operator prefixes are section 5.1's; the longest matching prefix wins, so "015" (MTN)
//! and "0155" (Moov) can both be listed for Benin.

use super::operator::Operator;
use crate::catalog::Country;

/// Whether payers type a trunk `0` before the NSN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trunk {
    /// No trunk prefix: the national number is the NSN.
    None,
    /// A `0` may be typed and is dropped, but payers usually omit it (Brazil's mobiles,
    /// Peru's), so the national form is written without it.
    Accepted,
    /// National numbers are written `0` + NSN ("024 123 4567" in Ghana).
    Written,
}

pub(super) struct Plan {
    pub calling_code: &'static str,
    pub nsn_len: usize,
    pub trunk: Trunk,
    /// Digit prefixes separated by spaces, `[..]` for a class (`"5[03-7]"`); an NSN is a
    /// mobile when one of them starts it. One string rather than a slice of them: the
    /// page carries every country's plan, and a pointer per prefix costs it bytes.
    pub mobile: &'static str,
    pub operators: &'static [(&'static str, Operator)],
}

impl Plan {
    /// The mobile prefixes, one by one.
    pub fn mobile_prefixes(&self) -> impl Iterator<Item = &'static str> {
        self.mobile.split(' ')
    }
}

pub(super) fn plan(country: Country) -> Plan {
    use Operator::*;
    use Trunk::{Accepted, Written};
    let p = |calling_code, nsn_len, trunk, mobile, operators| Plan {
        calling_code,
        nsn_len,
        trunk,
        mobile,
        operators,
    };
    match country {
        Country::AR => p("54", 11, Accepted, "911 9[23]", &[]),
        Country::BR => p(
            "55",
            11,
            Accepted,
            "[14689][1-9]9 2[12478]9 3[1-578]9 5[13-5]9 7[13-579]9",
            &[],
        ),
        Country::CL => p("56", 9, Trunk::None, "9", &[]),
        Country::CO => p("57", 10, Trunk::None, "3", &[]),
        Country::EC => p(
            "593",
            9,
            Written,
            "964[0-2] 93[0-29] 9[57][89] 96[0-36-9] 9[89]",
            &[],
        ),
        // The geographic numbering, where mobiles and landlines are alike since 2019; not
        // the non-geographic 800/888 (toll-free), 900 (premium), 300 (shared cost) and
        // 500 (personal) numbers, nor the area codes no one was given.
        Country::MX => p(
            "52",
            10,
            Trunk::None,
            "22 23[1-35-8] 24[13-9] 27[1-689] 28[1-578] 29[467] 31[1-79] \
             3[2458][1-9] 33 37[1-8] 39[1-5] 41[1-57-9] 4[267][1-9] 43[1-8] 4[45] \
             48[1-35-9] 49[2-689] 5[56] 588 59[1-79] 61[2-68] 6[2-4][1-9] \
             65[1-36-9] 66[0-57-9] 67[1-7] 68[67] 69[4-8] 7[1346][1-9] 7[27] \
             75[13-9] 78[1-69] 79[17] 81 82[13-689] 83[1-6] 84[124-6] 86[1246-9] \
             87[0-378] 89[12479] 91[346-9] 92[1-4] 93[2-46-8] 95[1348] 9[69] 97[12] \
             98[1-8]",
            &[],
        ),
        Country::PE => p("51", 9, Accepted, "9", &[]),
        Country::BJ => p(
            "229",
            10,
            Trunk::None,
            "012[5-9] 01[4-69]",
            &[
                ("0142", Mtn),
                ("0146", Mtn),
                ("015", Mtn),
                ("016[12679]", Mtn),
                ("019[0167]", Mtn),
                ("0145", Moov),
                ("015[58]", Moov),
                ("0160", Moov),
                ("016[3-58]", Moov),
                ("019[4589]", Moov),
                ("0128", Celtiis),
                ("014", Celtiis),
                ("019[23]", Celtiis),
            ],
        ),
        Country::BF => p(
            "226",
            8,
            Trunk::None,
            "0[1-7] 4[4-6] 5[0-8] [67]",
            &[
                ("0[4-7]", Orange),
                ("4", Orange),
                ("[567][4-7]", Orange),
                ("0[1-3]", Moov),
                ("[567][0-3]", Moov),
                ("[67][89]", Telecel),
                ("58", Telecel),
            ],
        ),
        Country::CM => p(
            "237",
            9,
            Trunk::None,
            "24[23] 6[25-9] 64[0-2]",
            &[
                ("65[0-4]", Mtn),
                ("67", Mtn),
                ("68[0-3]", Mtn),
                ("64", Orange),
                ("65[5-9]", Orange),
                ("68[6-9]", Orange),
                ("69", Orange),
                ("66", Nexttel),
                ("68[45]", Nexttel),
                ("24", Camtel),
                ("62", Camtel),
            ],
        ),
        Country::EG => p(
            "20",
            10,
            Written,
            "1[0-25]",
            &[
                ("10", Vodafone),
                ("11", Etisalat),
                ("12", Orange),
                ("15", We),
            ],
        ),
        Country::ET => p(
            "251",
            9,
            Written,
            "7[03] 71[0-8] 72[1-35-79] 777 786 799 8[01] 9",
            &[("9", EthioTelecom), ("8", EthioTelecom), ("7", Safaricom)],
        ),
        Country::GH => p(
            "233",
            9,
            Written,
            "2[0346-9] 25[67] 5[03-7] 59[1-9]",
            &[
                ("2[45]", Mtn),
                ("5[3-59]", Mtn),
                ("[25]0", Telecel),
                ("2[367]", At),
                ("5[67]", At),
            ],
        ),
        Country::CI => p(
            "225",
            10,
            Trunk::None,
            "0[157]",
            &[("01", Moov), ("05", Mtn), ("07", Orange)],
        ),
        Country::KE => p(
            "254",
            9,
            Written,
            "10[0-8] 1[18] 12[014] 13[05-9] 14[0-6] 7",
            &[
                ("7[0-249]", Safaricom),
                ("75[7-9]", Safaricom),
                ("76[89]", Safaricom),
                ("1[148]", Safaricom),
                ("7[3568]", Airtel),
                ("10", Airtel),
                ("13[5-9]", Airtel),
                ("77", Telkom),
                ("761", Telkom),
                ("120", Telkom),
            ],
        ),
        Country::MW => p(
            "265",
            9,
            Written,
            "111 2[12] 31 77 [89][89]",
            &[("9", Airtel), ("[38]", Tnm)],
        ),
        Country::NG => p(
            "234",
            10,
            Written,
            "702[0-24-9] 819[01] 70[13-9] 7[12] 80[1-9] 81[0-8] 90[1-9] 91[0-6]",
            &[
                ("70[3467]", Mtn),
                ("80[36]", Mtn),
                ("81[0346]", Mtn),
                ("90[36]", Mtn),
                ("91[036]", Mtn),
                ("70[18]", Airtel),
                ("80[28]", Airtel),
                ("812", Airtel),
                ("90[1247]", Airtel),
                ("91[12]", Airtel),
                ("705", Glo),
                ("80[57]", Glo),
                ("81[15]", Glo),
                ("9[01]5", Glo),
                ("809", NineMobile),
                ("81[78]", NineMobile),
                ("90[89]", NineMobile),
            ],
        ),
        Country::RW => p(
            "250",
            9,
            Written,
            "7[237-9]",
            &[("7[89]", Mtn), ("7[23]", Airtel)],
        ),
        Country::SN => p(
            "221",
            9,
            Trunk::None,
            "7[015-8] 721 790",
            &[
                ("7[178]", Orange),
                ("76", Yas),
                ("70", Expresso),
                ("75", Promobile),
            ],
        ),
        Country::SL => p(
            "232",
            8,
            Written,
            "25 3[0-5] 66 7 8[08] 9[09]",
            &[
                ("7", Orange),
                ("3[03]", Africell),
                ("7[07]", Africell),
                ("[89]", Africell),
                ("3[1245]", Qcell),
            ],
        ),
        // Also the 85 and 19[12] ranges, and the small 492x/4950 blocks inside
        // geographic area codes that libphonenumber lists as mobile.
        Country::ZA => p(
            "27",
            9,
            Written,
            "[67] 8[1-5] 50[0-2] 19[12] 1049[2-4] 8708[67] 87158 8728[5-9] 87310 \
             13492[0-25] 14495[0235] 154920 15495[01] 4[34]492[01] 2[27]4950 474950 \
             544950 1[6-8]4920 284920 3[2-69]4920 4[025689]4920 5[36-8]4920 12492 \
             [2-5]1492",
            &[],
        ),
        Country::TZ => p(
            "255",
            9,
            Written,
            "6[0-35-9] 7",
            &[
                ("7[245-69]", Vodacom),
                ("6[0689]", Airtel),
                ("78", Airtel),
                ("6[57]", Yas),
                ("7[017]", Yas),
                ("6[1-3]", Halotel),
                ("73", Ttcl),
            ],
        ),
        Country::UG => p(
            "256",
            9,
            Written,
            "7[014-8] 72[01467] 73[0-267] 79[0-589] 7280 7340",
            &[
                ("7[6-9]", Mtn),
                ("724", Mtn),
                ("737", Mtn),
                ("7[045]", Airtel),
                ("73[0-2]", Airtel),
                ("71", Utl),
            ],
        ),
        Country::ZM => p(
            "260",
            9,
            Written,
            "[59][5-8] 7[5-9]",
            &[
                ("[579]6", Mtn),
                ("[579]7", Airtel),
                ("[579]5", Zamtel),
                ("[579]8", Beeline),
            ],
        ),
    }
}

/// How many digits of `digits` the prefix `pattern` covers, or `None` if it does not
/// start `digits`.
pub(super) fn prefix_len(pattern: &str, digits: &[u8]) -> Option<usize> {
    let p = pattern.as_bytes();
    let (mut i, mut matched) = (0, 0);
    while i < p.len() {
        let d = *digits.get(matched)?;
        if p[i] == b'[' {
            let end = i + p[i..].iter().position(|&c| c == b']')?;
            if !class_contains(&p[i + 1..end], d) {
                return None;
            }
            i = end + 1;
        } else {
            if p[i] != d {
                return None;
            }
            i += 1;
        }
        matched += 1;
    }
    Some(matched)
}

/// Whether a class body such as `03-7` (0, or 3 to 7) holds `d`.
fn class_contains(class: &[u8], d: u8) -> bool {
    let mut j = 0;
    while j < class.len() {
        if j + 2 < class.len() && class[j + 1] == b'-' {
            if (class[j]..=class[j + 2]).contains(&d) {
                return true;
            }
            j += 3;
        } else {
            if class[j] == d {
                return true;
            }
            j += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_literal_digits_and_classes() {
        assert_eq!(prefix_len("5[03-7]", b"541234567"), Some(2));
        assert_eq!(prefix_len("5[03-7]", b"501234567"), Some(2));
        assert_eq!(prefix_len("5[03-7]", b"521234567"), None);
        assert_eq!(prefix_len("0155", b"0155123456"), Some(4));
        assert_eq!(prefix_len("0155", b"015"), None);
        assert_eq!(prefix_len("[14689][1-9]9", b"11912345678"), Some(3));
        assert_eq!(prefix_len("[14689][1-9]9", b"10912345678"), None);
    }

    #[test]
    fn every_pattern_is_digits_and_well_formed_classes() {
        let well_formed = |pattern: &str| {
            let mut in_class = false;
            pattern.chars().all(|c| match c {
                '[' if !in_class => {
                    in_class = true;
                    true
                }
                ']' if in_class => {
                    in_class = false;
                    true
                }
                '-' => in_class,
                c => c.is_ascii_digit(),
            }) && !in_class
        };
        for country in Country::ALL {
            let plan = plan(country);
            assert!(!plan.mobile.is_empty(), "{country}");
            for pattern in plan
                .mobile_prefixes()
                .chain(plan.operators.iter().map(|(p, _)| *p))
            {
                // An empty prefix (two spaces in a row) would make every number a mobile.
                assert!(!pattern.is_empty(), "{country}: {:?}", plan.mobile);
                assert!(well_formed(pattern), "{country} {pattern}");
            }
        }
    }

    #[test]
    fn calling_codes_are_distinct_and_none_is_a_prefix_of_another() {
        let codes: Vec<&str> = Country::ALL.iter().map(|c| plan(*c).calling_code).collect();
        for (i, a) in codes.iter().enumerate() {
            for (j, b) in codes.iter().enumerate() {
                assert!(i == j || !b.starts_with(a), "{a} {b}");
            }
        }
    }
}
