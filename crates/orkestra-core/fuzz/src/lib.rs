//! What every fuzz target checks, one function per parser: it never panics, and whatever
//! it accepts reads back unchanged from its own canonical output.
//!
//! The fuzz targets (`fuzz_targets/*.rs`, run with `cargo +nightly fuzz run NAME` from
//! this directory) call these with libFuzzer's bytes; the core crate's
//! `tests/fuzz_inputs.rs` includes this file and calls the same functions with a bounded
//! proptest run, so `cargo test` and `cargo xtask test` exercise the same properties
//! without a nightly toolchain. This file may depend on `orkestra_core` only.

use orkestra_core::catalog::{Country, DocumentType, PaymentMethod};
use orkestra_core::money::{Currency, Money, PositiveMoney};
use orkestra_core::pix::BrCode;
use orkestra_core::split::{allocate, Leg};
use orkestra_core::validate::{self, BrDocument, CardBrand, Network, Phone};
use orkestra_core::ErrorCode;

/// The first byte picks one of `n` choices (a currency, a country, a network); the rest
/// is the text, invalid UTF-8 replaced so the parsers still see it.
fn pick(data: &[u8], n: usize) -> (usize, String) {
    match data.split_first() {
        Some((first, rest)) => (usize::from(*first) % n, text(rest)),
        None => (0, String::new()),
    }
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

pub fn money_parse_exact(data: &[u8]) {
    let (i, s) = pick(data, Currency::ALL.len());
    let currency = Currency::ALL[i];
    if let Ok(m) = Money::parse_exact(&s, currency) {
        assert_eq!(m.currency(), currency);
        // Exactly one spelling is accepted: the one Money writes.
        assert_eq!(m.to_decimal_string(), s);
    }
}

pub fn money_parse_lenient(data: &[u8]) {
    let (i, s) = pick(data, Currency::ALL.len());
    let currency = Currency::ALL[i];
    if let Ok(m) = Money::parse_lenient(&s, currency) {
        let canonical = m.to_decimal_string();
        assert_eq!(Money::parse_exact(&canonical, currency), Ok(m));
        assert_eq!(Money::parse_lenient(&canonical, currency), Ok(m));
    }
}

pub fn pix_br_code(data: &[u8]) {
    let s = text(data);
    if let Ok(code) = BrCode::parse(&s) {
        let _ = code.amount_in_brl();
        // Rebuilding normalises (ASCII folding, field order); a rebuilt code that parses
        // rebuilds to itself.
        let payload = code.to_payload();
        if let Ok(again) = BrCode::parse(&payload) {
            assert_eq!(again.to_payload(), payload);
        }
    }
}

pub fn cpf(data: &[u8]) {
    if let Ok(c) = validate::cpf(&text(data)) {
        assert_eq!(validate::cpf(c.digits()).as_ref(), Ok(&c));
        assert_eq!(validate::cpf(&c.formatted()).as_ref(), Ok(&c));
        assert!(!c.masked().contains(&c.digits()[..5]));
    }
}

pub fn cnpj(data: &[u8]) {
    if let Ok(c) = validate::cnpj(&text(data)) {
        assert_eq!(validate::cnpj(c.digits()).as_ref(), Ok(&c));
        assert_eq!(validate::cnpj(&c.formatted()).as_ref(), Ok(&c));
    }
}

pub fn br_document(data: &[u8]) {
    if let Ok(d) = BrDocument::parse(&text(data)) {
        assert_eq!(BrDocument::parse(d.digits()).as_ref(), Ok(&d));
        assert_eq!(BrDocument::parse(&d.formatted()).as_ref(), Ok(&d));
    }
}

pub fn email(data: &[u8]) {
    if let Ok(e) = validate::email(&text(data)) {
        assert_eq!(validate::email(e.as_str()).as_ref(), Ok(&e));
        let _ = e.masked();
    }
}

pub fn person_name(data: &[u8]) {
    if let Ok(name) = validate::person_name(&text(data)) {
        assert_eq!(validate::person_name(&name.full()).as_ref(), Ok(&name));
    }
}

pub fn clabe(data: &[u8]) {
    if let Ok(c) = validate::clabe(&text(data)) {
        assert_eq!(validate::clabe(c.digits()).as_ref(), Ok(&c));
        assert_eq!(validate::clabe(&c.formatted()).as_ref(), Ok(&c));
        assert_eq!(c.bank_code(), &c.digits()[..3]);
    }
}

pub fn cbu(data: &[u8]) {
    if let Ok(c) = validate::cbu(&text(data)) {
        assert_eq!(validate::cbu(c.digits()).as_ref(), Ok(&c));
        assert_eq!(validate::cbu(&c.formatted()).as_ref(), Ok(&c));
        assert_eq!(c.is_cvu(), c.bank_code() == "000");
    }
}

pub fn iban(data: &[u8]) {
    if let Ok(i) = validate::iban(&text(data)) {
        assert_eq!(validate::iban(i.as_str()).as_ref(), Ok(&i));
        assert_eq!(validate::iban(&i.formatted()).as_ref(), Ok(&i));
        assert_eq!(
            validate::iban_length(i.country_code()),
            Some(i.as_str().len())
        );
        assert!(i.masked().starts_with(i.country_code()));
    }
}

/// "bank code|account number".
pub fn nuban(data: &[u8]) {
    let s = text(data);
    let (bank, account) = s.split_once('|').unwrap_or(("058", s.as_str()));
    if let Ok(n) = validate::nuban(bank, account) {
        assert_eq!(
            validate::nuban(n.institution_code(), n.digits()).as_ref(),
            Ok(&n)
        );
        assert_eq!(n.institution_code().len(), 6);
    }
}

pub fn phone(data: &[u8]) {
    let (i, s) = pick(data, Country::ALL.len());
    let country = Country::ALL[i];
    if let Ok(p) = validate::phone(country, &s) {
        assert_eq!(p.country(), country);
        assert_eq!(p.nsn().len(), validate::phone::nsn_length(country));
        assert_eq!(validate::phone(country, &p.e164()).as_ref(), Ok(&p));
        assert_eq!(validate::phone(country, &p.national()).as_ref(), Ok(&p));
        assert_eq!(Phone::parse_e164(&p.e164()).as_ref(), Ok(&p));
        if let Some(op) = p.operator() {
            assert!(validate::phone::operators(country).contains(&op));
        }
        assert!(!format!("{p:?}").contains(p.nsn()));
    }
}

pub fn phone_e164(data: &[u8]) {
    if let Ok(p) = Phone::parse_e164(&text(data)) {
        assert_eq!(Phone::parse_e164(&p.e164()).as_ref(), Ok(&p));
        assert_eq!(validate::phone(p.country(), &p.national()).as_ref(), Ok(&p));
    }
}

pub fn crypto_address(data: &[u8]) {
    let (i, s) = pick(data, Network::ALL.len());
    let network = Network::ALL[i];
    if let Ok(a) = validate::crypto_address(network, &s) {
        assert_eq!(a.network(), network);
        assert_eq!(
            validate::crypto_address(network, a.as_str()).as_ref(),
            Ok(&a)
        );
        // Address formats of different families never overlap.
        for other in Network::ALL {
            let same_family = other == network || (other.is_evm() && network.is_evm());
            let result = validate::crypto_address(other, a.as_str());
            if same_family {
                assert_eq!(
                    result.map(|b| b.as_str().to_owned()),
                    Ok(a.as_str().to_owned())
                );
            } else {
                assert_eq!(result, Err(ErrorCode::WrongNetwork));
            }
        }
    }
}

/// Eight bytes of total, then five bytes per leg: method, then a flag and three bytes of
/// amount. Limits come from the method's position, so they are the same for every leg.
pub fn split(data: &[u8]) {
    let Some((head, rest)) = data.split_first_chunk::<8>() else {
        return;
    };
    let total = u64::from_le_bytes(*head) % (i64::MAX as u64) + 1;
    let Ok(total) = Money::from_minor(Currency::BRL, total).and_then(PositiveMoney::new) else {
        return;
    };
    let brl = |minor: u64| Money::from_minor(Currency::BRL, minor).ok();
    let legs: Vec<Leg> = rest
        .chunks_exact(5)
        .take(16)
        .map(|c| {
            let method = PaymentMethod::ALL[usize::from(c[0]) % PaymentMethod::ALL.len()];
            let amount = u64::from(u32::from_le_bytes([c[2], c[3], c[4], 0]));
            Leg {
                method,
                amount: if c[1] & 1 == 1 { brl(amount) } else { None },
            }
        })
        .collect();
    let limits = |m: PaymentMethod| {
        let i = m as u64;
        let min = if i % 3 == 2 { brl(i * 100) } else { None };
        let max = if i % 4 == 1 {
            brl(i * 10_000 + 1)
        } else {
            None
        };
        (min, max)
    };
    if let Ok(result) = allocate(total, &legs, limits) {
        assert_eq!(result.len(), legs.len());
        let sum: u128 = result
            .iter()
            .map(|(_, m)| u128::from(m.get().minor()))
            .sum();
        assert_eq!(sum, u128::from(total.get().minor()));
        for (leg, (method, m)) in legs.iter().zip(&result) {
            assert_eq!(*method, leg.method);
            if let Some(given) = leg.amount {
                assert_eq!(m.get(), given);
            }
            let (min, max) = limits(leg.method);
            assert!(min.is_none_or(|min| m.get().minor() >= min.minor()));
            assert!(max.is_none_or(|max| m.get().minor() <= max.minor()));
        }
    }
}

/// The card number, every brand's security code, and the expiry against a "today" the
/// selector byte picks (the crate has no clock).
pub fn card(data: &[u8]) {
    let (i, s) = pick(data, 256);
    if let Ok(c) = validate::card_number(&s) {
        let digits = c.expose_digits();
        assert_eq!(validate::card_number(digits).as_ref(), Ok(&c));
        assert!(c.brand().valid_lengths().contains(&digits.len()));
        assert_eq!(c.last4(), &digits[digits.len() - 4..]);
    }
    for brand in CardBrand::ALL {
        if let Ok(v) = validate::cvv(&s, brand) {
            assert_eq!(v.expose_digits().len(), brand.cvv_length());
            assert_eq!(validate::cvv(v.expose_digits(), brand).as_ref(), Ok(&v));
        }
    }
    let today = (2000 + (i as u16 % 80), (i % 12) as u8 + 1);
    if let Ok(e) = validate::expiry(&s, today) {
        assert!((1..=12).contains(&e.month()));
        assert!((e.year(), e.month()) >= today);
        assert_eq!(validate::expiry(&e.mm_yyyy(), today), Ok(e));
        assert_eq!(validate::expiry(&e.formatted(), today), Ok(e));
    }
}

/// Every identity document of every country: the generic [`validate::document`] with a
/// (country, type) the selector byte picks, and each specific parser.
pub fn identity_document(data: &[u8]) {
    let (i, s) = pick(data, 256);
    let country = Country::ALL[i % Country::ALL.len()];
    let kind = DocumentType::ALL[i / Country::ALL.len() % DocumentType::ALL.len()];
    if let Ok(d) = validate::document(country, kind, &s) {
        assert_eq!((d.country(), d.kind()), (country, kind));
        let again = validate::document(country, kind, d.digits());
        assert_eq!(again.as_ref(), Ok(&d));
        assert_eq!(
            validate::document(country, kind, d.formatted()).as_ref(),
            Ok(&d)
        );
    }
    macro_rules! round_trip {
        ($($parse:path),* $(,)?) => {$(
            if let Ok(v) = $parse(&s) {
                assert_eq!($parse(v.digits()).as_ref(), Ok(&v), stringify!($parse));
            }
        )*};
    }
    round_trip!(
        validate::rut,
        validate::curp,
        validate::rfc,
        validate::nit,
        validate::cuit,
        validate::cuil,
        validate::pe_dni,
        validate::pe_ruc,
        validate::ec_cedula,
        validate::ec_ruc,
        validate::eg_national_id,
        validate::za_id,
    );
}
