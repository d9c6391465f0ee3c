//! The validators against vectors from independent references: libphonenumber's metadata
//! (PyPI `phonenumbers`), python-stdnum and schwifty. `tests/vectors/gen.py` wrote the
//! files and says how each verdict was reached; rerun it to refresh them.
//!
//! Each test reads every vector of its file and reports all disagreements at once.

use std::collections::BTreeMap;
use std::str::FromStr;

use orkestra_core::catalog::{Country, DocumentType};
use orkestra_core::error::ErrorCode;
use orkestra_core::validate::{self, CardBrand};
use serde_json::Value;

fn vectors(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn country_of(v: &Value) -> Country {
    let code = text(v, "country");
    Country::from_str(code).unwrap_or_else(|_| panic!("no country {code}"))
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

/// Collects disagreements, counted by a label (country, variant…), and fails listing them.
#[derive(Default)]
struct Verdicts {
    checked: usize,
    failures: Vec<String>,
    by_label: BTreeMap<String, usize>,
}

/// How many disagreements of each label the failure message lists.
const SHOWN_PER_LABEL: usize = 40;

impl Verdicts {
    fn check(&mut self, ok: bool, label: &str, what: impl FnOnce() -> String) {
        self.checked += 1;
        if !ok {
            let seen = self.by_label.entry(label.to_owned()).or_default();
            *seen += 1;
            if *seen <= SHOWN_PER_LABEL {
                self.failures.push(what());
            }
        }
    }

    fn finish(self, file: &str) {
        assert!(self.checked > 100, "{file}: only {} vectors", self.checked);
        let failed: usize = self.by_label.values().sum();
        assert!(
            failed == 0,
            "{file}: {failed} of {} vectors disagree with the reference; by label: {:?}\n{}",
            self.checked,
            self.by_label,
            self.failures.join("\n")
        );
    }
}

#[test]
fn mobile_phones_follow_libphonenumber() {
    let mut verdicts = Verdicts::default();
    for v in vectors("phones.json") {
        let country = country_of(&v);
        let input = text(&v, "input");
        let got = validate::phone(country, input).map(|p| p.e164());
        let expect = v["expect"].as_str();
        let ok = match expect {
            Some(e164) => got.as_deref() == Ok(e164),
            None => got.is_err(),
        };
        let label = format!("{country} {}", text(&v, "variant"));
        verdicts.check(ok, &label, || {
            format!(
                "{country} {input:?} ({}, {}): expected {expect:?}, got {got:?}",
                text(&v, "reference"),
                text(&v, "variant")
            )
        });
    }
    verdicts.finish("phones.json");
}

#[test]
fn every_three_digit_start_is_a_mobile_exactly_where_libphonenumber_says() {
    let mut verdicts = Verdicts::default();
    for v in vectors("phone_sweep.json") {
        let country = country_of(&v);
        let (code, suffix) = (text(&v, "calling_code"), text(&v, "suffix"));
        let mobile = text(&v, "mobile").as_bytes();
        assert_eq!(mobile.len(), 1000, "{country}");
        for (start, &expect) in mobile.iter().enumerate() {
            let e164 = format!("+{code}{start:03}{suffix}");
            let kept = v["rewritten"][format!("{start:03}")]
                .as_str()
                .unwrap_or(&e164);
            let got = validate::phone(country, &e164).map(|p| p.e164());
            let ok = if expect == b'1' {
                got.as_deref() == Ok(kept)
            } else {
                got.is_err()
            };
            verdicts.check(ok, &country.to_string(), || {
                format!("{e164}: a mobile? {}, got {got:?}", expect == b'1')
            });
        }
    }
    verdicts.finish("phone_sweep.json");
}

#[test]
fn the_issue_19_phone_findings_are_among_the_vectors() {
    let all = vectors("phones.json");
    let has = |country: &str, nsn_prefix: &str, accepted: bool| {
        all.iter().any(|v| {
            text(v, "country") == country
                && v["expect"].is_string() == accepted
                && text(v, "input")
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
                    .contains(nsn_prefix)
        })
    };
    for prefix in ["800", "888", "900", "300", "500"] {
        assert!(has("MX", &format!("52{prefix}"), false), "MX {prefix}");
    }
    for prefix in ["2785", "27191", "27192"] {
        assert!(has("ZA", prefix, true), "ZA {prefix}");
    }
}

fn document_type(name: &str) -> DocumentType {
    DocumentType::ALL
        .into_iter()
        .find(|t| t.as_str() == name)
        .unwrap_or_else(|| panic!("no document type {name}"))
}

/// The number a document validator kept, or its error.
fn parse_document(v: &Value, input: &str) -> Result<(String, bool), ErrorCode> {
    let country = country_of(v);
    match text(v, "function") {
        "document" => validate::document(country, document_type(text(v, "type")), input)
            .map(|d| (d.digits().to_owned(), d.check_digit_ok())),
        "za_id" => validate::za_id(input).map(|d| (d.digits().to_owned(), true)),
        "cbu" => validate::cbu(input).map(|d| (d.digits().to_owned(), true)),
        other => panic!("unknown function {other}"),
    }
}

#[test]
fn documents_follow_python_stdnum_however_they_are_typed() {
    let mut verdicts = Verdicts::default();
    let all = vectors("documents.json");
    for v in &all {
        let input = text(v, "input");
        let got = parse_document(v, input);
        // A CURP or RFC with a wrong check digit passes with a warning (fact sheet 2.7).
        let warns_only = matches!(text(v, "function"), "document")
            && matches!(v["type"].as_str(), Some("CURP" | "RFC"));
        let ok = match text(v, "expect") {
            "valid" => {
                // The same number as its ASCII print form gives.
                let ascii = all
                    .iter()
                    .find(|a| {
                        text(a, "variant") == "ascii"
                            && a["type"] == v["type"]
                            && a["function"] == v["function"]
                            && a["input"].as_str().is_some_and(|a| same_number(a, input))
                    })
                    .map(|a| parse_document(a, text(a, "input")));
                matches!(&got, Ok((_, true))) && ascii.is_none_or(|a| a == got)
            }
            "invalid_check_digit" if warns_only => matches!(got, Ok((_, false))),
            "invalid_check_digit" => got == Err(ErrorCode::InvalidCheckDigit),
            other => panic!("unknown expectation {other}"),
        };
        let label = format!(
            "{} {}",
            v["type"].as_str().unwrap_or(text(v, "function")),
            text(v, "variant")
        );
        verdicts.check(ok, &label, || {
            format!(
                "{label} {input:?}: expected {}, got {got:?}",
                text(v, "expect")
            )
        });
    }
    verdicts.finish("documents.json");
}

/// Whether two spellings of a number have the same letters and digits (any script).
fn same_number(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                '0'..='9' | 'A'..='Z' | 'a'..='z' => Some(c.to_ascii_uppercase()),
                '\u{0660}'..='\u{0669}' => char::from_digit(u32::from(c) - 0x0660, 10),
                '\u{06F0}'..='\u{06F9}' => char::from_digit(u32::from(c) - 0x06F0, 10),
                _ => None,
            })
            .collect()
    };
    key(a) == key(b)
}

#[test]
fn ibans_and_their_national_check_digits_follow_stdnum_and_schwifty() {
    let mut verdicts = Verdicts::default();
    for v in vectors("ibans.json") {
        let input = text(&v, "input");
        let got = validate::iban(input).map(|i| i.as_str().to_owned());
        let ok = match text(&v, "expect") {
            "valid" => got.as_deref() == Ok(text(&v, "compact")),
            "invalid_check_digit" => got == Err(ErrorCode::InvalidCheckDigit),
            other => panic!("unknown expectation {other}"),
        };
        let country: String = input.chars().take(2).collect();
        let label = format!("{country} {} {}", text(&v, "expect"), text(&v, "variant"));
        verdicts.check(ok, &label, || {
            format!("{input:?}: expected {}, got {got:?}", text(&v, "expect"))
        });
    }
    verdicts.finish("ibans.json");
}

#[test]
fn card_numbers_show_their_schemes_brand_and_luhn_digit() {
    let mut verdicts = Verdicts::default();
    for v in vectors("cards.json") {
        let input = text(&v, "input");
        let got = validate::card_number(input).map(|c| (c.brand(), c.expose_digits().to_owned()));
        let expect = text(&v, "expect");
        let ok = match expect {
            "invalid_check_digit" => got == Err(ErrorCode::InvalidCheckDigit),
            brand => {
                let brand = CardBrand::ALL
                    .into_iter()
                    .find(|b| b.as_str() == brand)
                    .unwrap_or_else(|| panic!("no brand {brand}"));
                got == Ok((brand, text(&v, "compact").to_owned()))
            }
        };
        let label = format!("{expect} {}", text(&v, "variant"));
        verdicts.check(ok, &label, || {
            format!("{input:?}: expected {expect}, got {got:?}")
        });
    }
    verdicts.finish("cards.json");
}
