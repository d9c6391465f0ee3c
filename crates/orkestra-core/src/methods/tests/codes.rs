//! Codes, serde and the wire names of every method.

use crate::error::ErrorCode;
use crate::methods::wire::WireMethod;
use crate::methods::{spec, DetailsKind, InstructionKind, OptionsKind, PaymentMethod};
#[test]
fn serde_and_as_str_agree_for_every_method() {
    for m in PaymentMethod::ALL {
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, format!("\"{}\"", m.as_str()));
        assert_eq!(serde_json::from_str::<PaymentMethod>(&json).unwrap(), m);
        assert_eq!(m.as_str().parse::<PaymentMethod>(), Ok(m));
    }
    assert_eq!(PaymentMethod::BankTransfer.as_str(), "BANK_TRANSFER");
    assert_eq!(PaymentMethod::MobileMoney.as_str(), "MOBILE_MONEY");
}

#[test]
fn unknown_methods_are_unsupported() {
    assert_eq!(
        "CREDIT_CARD".parse::<PaymentMethod>(),
        Err(ErrorCode::UnsupportedMethod)
    );
    assert_eq!(
        "pix".parse::<PaymentMethod>(),
        Err(ErrorCode::UnsupportedMethod)
    );
    assert!(serde_json::from_str::<PaymentMethod>("\"Pix\"").is_err());
}

#[test]
fn only_cards_are_synchronous() {
    for m in PaymentMethod::ALL {
        assert_eq!(m.is_synchronous(), m == PaymentMethod::Card, "{m}");
    }
}

#[test]
fn every_wire_name_round_trips_and_maps_to_the_catalog() {
    let all: Vec<WireMethod> = WireMethod::all().collect();
    assert_eq!(
        all.len(),
        PaymentMethod::ALL.len() + 1,
        "cards have two names"
    );
    for m in all {
        assert_eq!(WireMethod::from_wire(m.wire()), Some(m));
        assert_eq!(WireMethod::of(m.catalog(), m.debit), m);
    }
    assert_eq!(WireMethod::from_wire("CARD"), None);
    let credit = WireMethod::of(PaymentMethod::Card, false);
    let debit = WireMethod::of(PaymentMethod::Card, true);
    assert_eq!((credit.wire(), debit.wire()), ("CREDIT_CARD", "DEBIT_CARD"));
    assert_eq!(WireMethod::from_wire("DEBIT_CARD"), Some(debit));
    assert!(credit.is_card() && debit.is_card());
    // Only a method with a debit name can be paid as debit.
    assert_eq!(WireMethod::of(PaymentMethod::Pix, true).wire(), "PIX");
    for core in PaymentMethod::ALL {
        assert!(WireMethod::all().any(|m| m.catalog() == core), "{core}");
    }
}

#[test]
fn codes_and_wire_names_are_unique() {
    let mut codes: Vec<&str> = PaymentMethod::ALL.iter().map(|m| m.as_str()).collect();
    let mut wire: Vec<&str> = WireMethod::all().map(|m| m.wire()).collect();
    for list in [&mut codes, &mut wire] {
        let len = list.len();
        list.sort_unstable();
        list.dedup();
        assert_eq!(list.len(), len, "{list:?}");
    }
}

#[test]
fn orkestra_requires_a_name_for_the_documented_methods_only() {
    use PaymentMethod::*;
    for m in PaymentMethod::ALL {
        let documented = matches!(m, Pix | Boleto | Card | Spei | Pse);
        assert_eq!(
            WireMethod::of(m, false).needs_payer_name(),
            documented,
            "{m}"
        );
    }
}

/// The form's own inputs, the wire options and the instructions tell one story: a card
/// form sends card options and is decided at once, a mobile-money operator goes out in a
/// wallet object, a wallet's push or code comes back for a wallet request.
#[test]
fn each_specs_form_options_and_kind_agree() {
    for m in PaymentMethod::ALL {
        let s = spec(m);
        let expected = match s.details {
            DetailsKind::Card => Some(OptionsKind::Card),
            DetailsKind::Pse => Some(OptionsKind::Pse),
            DetailsKind::MobileMoney => Some(OptionsKind::Wallet),
            DetailsKind::Crypto => Some(OptionsKind::Crypto),
            DetailsKind::Cash => Some(OptionsKind::Cash),
            DetailsKind::None => None,
        };
        if let Some(options) = expected {
            assert_eq!(s.options, options, "{m}");
        }
        assert_eq!(
            s.kind == InstructionKind::Card,
            s.options == OptionsKind::Card,
            "{m}"
        );
        if matches!(s.kind, InstructionKind::Push | InstructionKind::Otp) {
            assert_eq!(s.options, OptionsKind::Wallet, "{m}");
        }
        assert!(!s.markets.is_empty(), "{m} is offered nowhere");
    }
}
