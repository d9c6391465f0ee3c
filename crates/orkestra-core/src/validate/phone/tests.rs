use super::*;
use crate::catalog::PaymentMethod;
use Country::*;
use ErrorCode::*;
use Operator::*;

/// One mobile per country (libphonenumber's example where it has one) and every operator
/// prefix family of fact sheet 5.1, with the operator phonenumbers' carrier data gives.
const MOBILES: [(Country, &str, Option<Operator>); 78] = [
    (AR, "+5491123456789", None),
    (BR, "+5511961234567", None),
    (CL, "+56961234567", None),
    (CO, "+573211234567", None),
    (EC, "+593991234567", None),
    (MX, "+525512345678", None),
    (PE, "+51912345678", None),
    (BJ, "+2290197123456", Some(Mtn)),
    (BJ, "+2290195123456", Some(Moov)),
    (BJ, "+2290128123456", Some(Celtiis)),
    (BJ, "+2290155123456", Some(Moov)),
    (BJ, "+2290150123456", Some(Mtn)),
    (BJ, "+2290142123456", Some(Mtn)),
    (BJ, "+2290143123456", Some(Celtiis)),
    (BF, "+22670123456", Some(Moov)),
    (BF, "+22676123456", Some(Orange)),
    (BF, "+22678123456", Some(Telecel)),
    (CM, "+237671234567", Some(Mtn)),
    (CM, "+237655123456", Some(Orange)),
    (CM, "+237699123456", Some(Orange)),
    (CM, "+237666123456", Some(Nexttel)),
    (CM, "+237242123456", Some(Camtel)),
    (EG, "+201001234567", Some(Vodafone)),
    (EG, "+201101234567", Some(Etisalat)),
    (EG, "+201201234567", Some(Orange)),
    (EG, "+201501234567", Some(We)),
    (ET, "+251911234567", Some(EthioTelecom)),
    (ET, "+251700123456", Some(Safaricom)),
    (GH, "+233241234567", Some(Mtn)),
    (GH, "+233201234567", Some(Telecel)),
    (GH, "+233261234567", Some(At)),
    (GH, "+233281234567", None),
    (CI, "+2250712345678", Some(Orange)),
    (CI, "+2250512345678", Some(Mtn)),
    (CI, "+2250112345678", Some(Moov)),
    (KE, "+254712123456", Some(Safaricom)),
    (KE, "+254733123456", Some(Airtel)),
    (KE, "+254757123456", Some(Safaricom)),
    (KE, "+254750123456", Some(Airtel)),
    (KE, "+254761123456", Some(Telkom)),
    (KE, "+254110123456", Some(Safaricom)),
    (KE, "+254100123456", Some(Airtel)),
    (MW, "+265991234567", Some(Airtel)),
    (MW, "+265881234567", Some(Tnm)),
    (NG, "+2348031234567", Some(Mtn)),
    (NG, "+2348021234567", Some(Airtel)),
    (NG, "+2348051234567", Some(Glo)),
    (NG, "+2348091234567", Some(NineMobile)),
    (NG, "+2347011234567", Some(Airtel)),
    (NG, "+2348101234567", Some(Mtn)),
    (RW, "+250781234567", Some(Mtn)),
    (RW, "+250721234567", Some(Airtel)),
    (RW, "+250771234567", None),
    (SN, "+221771234567", Some(Orange)),
    (SN, "+221761234567", Some(Yas)),
    (SN, "+221701234567", Some(Expresso)),
    (SN, "+221751234567", Some(Promobile)),
    (SL, "+23276123456", Some(Orange)),
    (SL, "+23277123456", Some(Africell)),
    (SL, "+23230123456", Some(Africell)),
    (SL, "+23231123456", Some(Qcell)),
    (SL, "+23225123456", None),
    (ZA, "+27711234567", None),
    (TZ, "+255754123456", Some(Vodacom)),
    (TZ, "+255688123456", Some(Airtel)),
    (TZ, "+255655123456", Some(Yas)),
    (TZ, "+255621123456", Some(Halotel)),
    (TZ, "+255732123456", Some(Ttcl)),
    (UG, "+256772123456", Some(Mtn)),
    (UG, "+256701123456", Some(Airtel)),
    (UG, "+256712123456", Some(Utl)),
    (UG, "+256724123456", Some(Mtn)),
    (UG, "+256730123456", Some(Airtel)),
    (UG, "+256737123456", Some(Mtn)),
    (ZM, "+260961234567", Some(Mtn)),
    (ZM, "+260977123456", Some(Airtel)),
    (ZM, "+260955123456", Some(Zamtel)),
    (ZM, "+260781123456", Some(Beeline)),
];

#[test]
fn every_country_has_a_mobile_in_the_vectors() {
    for country in Country::ALL {
        assert!(MOBILES.iter().any(|(c, _, _)| *c == country), "{country}");
    }
}

#[test]
fn the_vectors_parse_with_their_operator_hint() {
    for (country, e164, operator) in MOBILES {
        let p = phone(country, e164).unwrap_or_else(|e| panic!("{country} {e164}: {e}"));
        assert_eq!(p.e164(), e164);
        assert_eq!(p.country(), country);
        assert_eq!(p.operator(), operator, "{e164}");
        assert_eq!(p.nsn().len(), nsn_length(country), "{e164}");
    }
}

#[test]
fn every_form_of_a_number_parses_to_the_same_phone() {
    for (country, e164, _) in MOBILES {
        let p = phone(country, e164).unwrap();
        let code = calling_code(country);
        let nsn = p.nsn();
        let forms = [
            p.national(),
            format!("00{code}{nsn}"),
            format!("{code}{nsn}"),
            format!("+{code} {nsn}"),
            format!(" (+{code}) {}-{} ", &nsn[..3], &nsn[3..]),
        ];
        for form in forms {
            assert_eq!(phone(country, &form), Ok(p.clone()), "{country} {form:?}");
        }
        assert_eq!(Phone::parse_e164(e164), Ok(p.clone()));
    }
}

#[test]
fn national_numbers_are_written_as_payers_type_them() {
    let cases = [
        (GH, "+233241234567", "0241234567"),
        (KE, "+254712123456", "0712123456"),
        (EG, "+201001234567", "01001234567"),
        (NG, "+2348031234567", "08031234567"),
        (ZA, "+27711234567", "0711234567"),
        (EC, "+593991234567", "0991234567"),
        (CI, "+2250712345678", "0712345678"),
        (BJ, "+2290197123456", "0197123456"),
        (SN, "+221771234567", "771234567"),
        (CO, "+573211234567", "3211234567"),
        (PE, "+51912345678", "912345678"),
        (BR, "+5511961234567", "11961234567"),
        (AR, "+5491123456789", "1123456789"),
    ];
    for (country, e164, national) in cases {
        assert_eq!(phone(country, e164).unwrap().national(), national, "{e164}");
    }
}

#[test]
fn the_master_tables_validate_column_holds() {
    // CO ^3\d{9}$ (Nequi's sandbox numbers included), PE ^9\d{8}$, EG ^01[0125]\d{8}$,
    // CI ^0[157]\d{8}$, RW 7[2389] + 7 digits, KE 07XX/01XX, GH trunk 0 + 9 digits.
    let good = [
        (CO, "3991111111"),
        (CO, "3992222222"),
        (CO, "300 123 4567"),
        (PE, "987 654 321"),
        (EG, "0100 123 4567"),
        (EG, "01512345678"),
        (CI, "07 12 34 56 78"),
        (CI, "01 02 03 04 05"),
        (RW, "0788 123 456"),
        (RW, "0731234567"),
        (KE, "0712 345678"),
        (KE, "0110 123456"),
        (GH, "024 123 4567"),
        (SN, "77 123 45 67"),
        (BJ, "01 97 12 34 56"),
        (UG, "0772 123456"),
        (ZM, "0977 123456"),
        (TZ, "0754 123 456"),
    ];
    for (country, input) in good {
        assert!(phone(country, input).is_ok(), "{country} {input}");
    }
    let not_mobile = [
        (CO, "6011234567"),
        (PE, "812345678"),
        (EG, "01312345678"),
        (CI, "2721234567"),
        (RW, "0741234567"),
        (GH, "0302123456"),
        (SN, "338123456"),
        (ZA, "0211234567"),
        (KE, "0201234567"),
        (ZM, "0211234567"),
    ];
    for (country, input) in not_mobile {
        assert_eq!(phone(country, input), Err(NotMobile), "{country} {input}");
    }
}

#[test]
fn argentinas_national_habits_become_the_e164_mobile_with_its_9() {
    for input in [
        "+54 9 11 2345-6789",
        "+54 11 2345-6789",
        "+54 11 15 2345-6789",
        "011 15 2345-6789",
        "11 15 2345 6789",
        "011 2345 6789",
        "11 2345 6789",
        "549 11 2345 6789",
    ] {
        let p = phone(AR, input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(p.e164(), "+5491123456789", "{input}");
    }
    // Córdoba (351) and a four-digit area code (2966, Río Gallegos).
    assert_eq!(
        phone(AR, "0351 15 123-4567").unwrap().e164(),
        "+5493511234567"
    );
    assert_eq!(
        phone(AR, "02966 15 12-3456").unwrap().e164(),
        "+5492966123456"
    );
}

#[test]
fn mexicos_old_mobile_1_and_brazils_carrier_code_are_dropped() {
    let mx = phone(MX, "+52 55 1234 5678").unwrap();
    assert_eq!(phone(MX, "+52 1 55 1234 5678"), Ok(mx.clone()));
    assert_eq!(phone(MX, "5215512345678"), Ok(mx.clone()));
    assert_eq!(phone(MX, "55 1234 5678"), Ok(mx));

    let br = phone(BR, "+55 11 96123-4567").unwrap();
    for input in [
        "(11) 96123-4567",
        "011 96123-4567",
        "0 15 11 96123-4567",
        "0xx11961234567",
    ] {
        if input.contains('x') {
            assert_eq!(phone(BR, input), Err(InvalidFormat));
        } else {
            assert_eq!(phone(BR, input), Ok(br.clone()), "{input}");
        }
    }
    // A Brazilian landline (no 9 after the area code) is not a mobile.
    assert_eq!(phone(BR, "(11) 3123-4567"), Err(InvalidFormat));
    assert_eq!(phone(BR, "+55 11 31234-5678"), Err(NotMobile));
}

#[test]
fn benins_eight_digit_numbers_gain_the_01_of_the_2024_renumbering() {
    let p = phone(BJ, "97 12 34 56").unwrap();
    assert_eq!(p.e164(), "+2290197123456");
    assert_eq!(p.operator(), Some(Mtn));
    assert_eq!(phone(BJ, "+229 97 12 34 56"), Ok(p));
}

#[test]
fn a_trunk_zero_after_the_calling_code_is_ignored() {
    let p = phone(GH, "+233 (0)24 123 4567").unwrap();
    assert_eq!(p.e164(), "+233241234567");
    // Côte d'Ivoire has no trunk prefix: its mobiles start with 0.
    assert_eq!(
        phone(CI, "+225 07 12 34 56 78").unwrap().nsn(),
        "0712345678"
    );
}

#[test]
fn another_countrys_international_number_is_the_wrong_country_code() {
    assert_eq!(phone(GH, "+234 803 123 4567"), Err(WrongCountryCode));
    assert_eq!(phone(KE, "00255754123456"), Err(WrongCountryCode));
    assert_eq!(phone(SN, "+1 202 555 0100"), Err(WrongCountryCode));
    assert_eq!(phone(CO, "+52 55 1234 5678"), Err(WrongCountryCode));
}

#[test]
fn wrong_lengths_and_stray_characters_are_format_errors() {
    let cases = [
        (GH, "024 123 456"),
        (GH, "024 123 45678"),
        (GH, "+233 24 123 456"),
        (CO, "321 123 456"),
        (KE, "07l2 345678"),
        (KE, "0712-345-678 ext"),
        (NG, "++2348031234567"),
        (NG, "+"),
        (NG, "+0803 123 4567"),
        (NG, "0803 123 4567 +"),
        (ZA, "0711234567890123456789"),
        (GH, "0000000000"),
    ];
    for (country, input) in cases {
        assert_eq!(
            phone(country, input),
            Err(InvalidFormat),
            "{country} {input:?}"
        );
    }
}

#[test]
fn an_empty_phone_is_required() {
    for country in Country::ALL {
        assert_eq!(phone(country, ""), Err(Required));
        assert_eq!(phone(country, " - "), Err(Required));
    }
}

#[test]
fn parse_e164_finds_the_country_from_the_calling_code() {
    assert_eq!(Phone::parse_e164("+233241234567").unwrap().country(), GH);
    assert_eq!(Phone::parse_e164("+2250712345678").unwrap().country(), CI);
    assert_eq!(Phone::parse_e164("+12025550100"), Err(UnsupportedCountry));
    assert_eq!(Phone::parse_e164("0241234567"), Err(InvalidFormat));
    assert_eq!(Phone::parse_e164(""), Err(Required));
}

#[test]
fn debug_and_display_hide_all_but_the_calling_code_and_last_four() {
    let p = phone(GH, "0241234567").unwrap();
    assert_eq!(p.to_string(), "+233 *****4567");
    assert_eq!(format!("{p:?}"), "Phone(\"+233 *****4567\")");
    assert!(!format!("{p:?}").contains("24123"));
}

#[test]
fn serde_writes_e164_and_reads_only_valid_mobiles() {
    let p = phone(KE, "0712 123456").unwrap();
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"+254712123456\"");
    assert_eq!(
        serde_json::from_str::<Phone>("\"+254712123456\"").unwrap(),
        p
    );
    assert!(serde_json::from_str::<Phone>("\"0712123456\"").is_err());
    assert!(serde_json::from_str::<Phone>("\"+254201234567\"").is_err());
}

#[test]
fn operators_lists_each_countrys_networks_once() {
    assert_eq!(operators(GH), vec![Mtn, Telecel, At]);
    assert_eq!(operators(CI), vec![Moov, Mtn, Orange]);
    assert_eq!(operators(ZM), vec![Mtn, Airtel, Zamtel, Beeline]);
    assert!(operators(CO).is_empty());
    assert!(operators(ZA).is_empty());
}

#[test]
fn every_mobile_money_country_hints_an_operator() {
    for country in Country::ALL {
        if country.offers(PaymentMethod::MobileMoney) {
            assert!(!operators(country).is_empty(), "{country}");
        }
    }
}

#[test]
fn the_longest_operator_prefix_never_ties_between_two_operators() {
    for country in Country::ALL {
        let plan = plan::plan(country);
        for n in 0..10_000u32 {
            let mut digits = format!("{n:04}");
            digits.extend(std::iter::repeat_n('5', plan.nsn_len.saturating_sub(4)));
            let matches: Vec<(usize, Operator)> = plan
                .operators
                .iter()
                .filter_map(|(p, op)| prefix_len(p, digits.as_bytes()).map(|l| (l, *op)))
                .collect();
            if let Some(best) = matches.iter().map(|(l, _)| *l).max() {
                let winners: Vec<Operator> = matches
                    .iter()
                    .filter(|(l, _)| *l == best)
                    .map(|(_, op)| *op)
                    .collect();
                assert!(
                    winners.windows(2).all(|w| w[0] == w[1]),
                    "{country} {digits}: {winners:?}"
                );
            }
        }
    }
}

#[test]
fn arabic_indic_digits_and_unicode_separators_are_read() {
    for (country, input, e164) in [
        (EG, "٠١٠٠١٢٣٤٥٦٧", "+201001234567"),
        (EG, "\u{200f}+٢٠ ١٠٠ ١٢٣ ٤٥٦٧", "+201001234567"),
        (KE, "۰۷۱۲ ۳۴۵ ۶۷۸", "+254712345678"),
        (CO, "300\u{a0}123\u{2013}4567", "+573001234567"),
    ] {
        assert_eq!(
            phone(country, input).map(|p| p.e164()).as_deref(),
            Ok(e164),
            "{input:?}"
        );
    }
}
