//! The merchant API's request rules.

use super::*;
use crate::catalog::{Country, Market};
use crate::error::ErrorCode;
use crate::money::Amount;

fn amount(text: &str) -> Option<Amount> {
    Some(Amount::parse(text).unwrap())
}

fn valid() -> CreateCheckoutSession {
    CreateCheckoutSession {
        merchant_order_id: "order-1".into(),
        country: "BR".into(),
        currency: "BRL".into(),
        amount: amount("150.00"),
        embed_origins: vec!["http://127.0.0.1:8081".into()],
        return_url: Some("https://shop.example/return".into()),
        ..Default::default()
    }
}

#[test]
fn charges_must_add_up_to_the_order_and_none_means_one_of_the_whole_amount() {
    let spec = valid().validate().unwrap();
    assert_eq!(spec.charges.len(), 1);
    assert_eq!(spec.charges[0].amount, spec.amount);
    let share = |amount: &str| ChargeInput {
        amount: self::amount(amount),
        ..Default::default()
    };
    let mut split = valid();
    split.charges = vec![share("50.00"), share("60.00"), share("40.00")];
    assert_eq!(split.validate().unwrap().charges.len(), 3);
    split.charges.pop();
    assert_eq!(
        codes(&split),
        [("charges".to_owned(), ErrorCode::AmountBelowMinimum)]
    );
    split.charges.push(share("40.01"));
    assert_eq!(
        codes(&split),
        [("charges".to_owned(), ErrorCode::AmountAboveMaximum)]
    );
    split.charges[2] = ChargeInput::default();
    assert_eq!(
        codes(&split),
        [("charges[2].amount".to_owned(), ErrorCode::Required)]
    );
}

#[test]
fn a_partly_paid_charge_shows_on_the_page_as_pending_failed_or_open() {
    let partly = OrderStatus::PartiallyPaid;
    assert_eq!(partly.for_page(true, false), SessionStatus::Pending);
    assert_eq!(partly.for_page(false, true), SessionStatus::Failed);
    assert_eq!(partly.for_page(false, false), SessionStatus::Open);
    for status in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
    }
}

fn codes(req: &CreateCheckoutSession) -> Vec<(String, ErrorCode)> {
    req.validate()
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

#[test]
fn a_valid_request_becomes_a_spec_in_minor_units() {
    let spec = valid().validate().expect("valid");
    assert_eq!(spec.amount.get().minor(), 15000);
    assert_eq!(spec.market, Market::Country(Country::BR));
    assert_eq!(spec.expires_in_minutes, DEFAULT_EXPIRES_IN_MINUTES);
}

#[test]
fn each_bad_field_is_reported_against_its_name() {
    let mut req = valid();
    req.amount = amount("150.001");
    assert_eq!(
        codes(&req),
        [("amount".into(), ErrorCode::AmountTooManyDecimals)]
    );
    // A negative amount is refused as the body is read, with its code for the field.
    let negative = serde_json::from_str::<CreateCheckoutSession>(r#"{"amount": "-1.00"}"#);
    assert!(negative
        .unwrap_err()
        .to_string()
        .starts_with("amount_negative"));
    let mut req = valid();
    req.currency = "MXN".into();
    assert_eq!(
        codes(&req),
        [("currency".into(), ErrorCode::CurrencyMismatch)]
    );
    let mut req = valid();
    req.country = "XX".into();
    assert_eq!(
        codes(&req),
        [("country".into(), ErrorCode::UnsupportedCountry)]
    );
    let mut req = valid();
    req.embed_origins = vec!["http://127.0.0.1:8081/".into(), "*".into()];
    assert_eq!(
        codes(&req),
        [
            ("embedOrigins[0]".into(), ErrorCode::InvalidFormat),
            ("embedOrigins[1]".into(), ErrorCode::InvalidFormat)
        ]
    );
}

#[test]
fn a_cancel_url_is_checked_like_the_return_url() {
    let mut req = valid();
    req.cancel_url = Some("https://shop.example/basket?step=pay".into());
    assert_eq!(codes(&req), []);
    req.cancel_url = Some("javascript:alert(1)".into());
    assert_eq!(
        codes(&req),
        [("cancelUrl".into(), ErrorCode::InvalidFormat)]
    );
    req.cancel_url = Some("https://user@shop.example/".into());
    assert_eq!(
        codes(&req),
        [("cancelUrl".into(), ErrorCode::InvalidFormat)]
    );
}

#[test]
fn sepa_and_crypto_sessions_need_no_country() {
    let mut req = valid();
    req.country = String::new();
    req.currency = "EUR".into();
    assert_eq!(req.validate().unwrap().market, Market::Eurozone);
    req.currency = "USDT".into();
    req.amount = amount("25.000000");
    assert_eq!(req.validate().unwrap().market, Market::World);
    req.currency = "BRL".into();
    req.amount = amount("1.00");
    assert_eq!(codes(&req), [("country".into(), ErrorCode::Required)]);
    req.country = "BR".into();
    req.currency = "EUR".into();
    assert_eq!(
        codes(&req),
        [("currency".into(), ErrorCode::CurrencyMismatch)]
    );
}

#[test]
fn appearance_takes_colors_lengths_and_font_names_only() {
    let mut req = valid();
    req.appearance = Some(Appearance {
        color_primary: Some("#0a7".into()),
        color_background: Some("#ffffff".into()),
        font_family: Some("Inter, 'Helvetica Neue', sans-serif".into()),
        border_radius: Some("0.5rem".into()),
        spacing_unit: Some("4px".into()),
        scheme: Some("dark".into()),
        ..Default::default()
    });
    assert!(req.validate().is_ok());
    req.appearance = Some(Appearance {
        color_text: Some("red;background:url(x)".into()),
        font_family: Some("x}body{display:none".into()),
        border_radius: Some("100px".into()),
        spacing_unit: Some("1em".into()),
        scheme: Some("blue".into()),
        ..Default::default()
    });
    let fields: Vec<String> = codes(&req).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "appearance.colorText",
            "appearance.fontFamily",
            "appearance.borderRadius",
            "appearance.spacingUnit",
            "appearance.scheme"
        ]
    );
}

#[test]
fn several_failures_are_all_reported() {
    let req = CreateCheckoutSession::default();
    let fields: Vec<String> = codes(&req).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["merchantOrderId", "currency", "country", "amount"]);
}

#[test]
fn unknown_fields_are_rejected_when_deserialising() {
    let json =
        r#"{"merchantOrderId":"a","amount":"1.00","country":"BR","currency":"BRL","price":"9"}"#;
    assert!(serde_json::from_str::<CreateCheckoutSession>(json).is_err());
}

#[test]
fn origins_are_scheme_host_and_port_only() {
    assert!(check_origin("https://shop.example").is_ok());
    assert!(check_origin("http://127.0.0.1:8081").is_ok());
    assert!(check_origin("https://shop.example/path").is_err());
    assert!(check_origin("https://user@shop.example").is_err());
    assert!(check_origin("javascript:alert(1)").is_err());
    assert!(check_origin("https://shop.example:0").is_err());
}

#[test]
fn lengths_are_read_exactly() {
    for (value, ok) in [
        ("0", true),
        ("32px", true),
        ("32.0px", true),
        ("32.000001px", false),
        ("32.0000001px", false),
        ("2rem", true),
        ("2.0625rem", false),
        ("0.5rem", true),
        (".5rem", true),
        ("5.px", true),
        ("px", false),
        (".px", false),
        ("1.2.3px", false),
        ("-1px", false),
        ("1e1px", false),
        ("12", false),
        ("9999999px", false),
    ] {
        assert_eq!(is_length(value, 0, 32), ok, "{value}");
    }
    assert!(!is_length("0", 2, 16));
    assert!(is_length("1rem", 2, 16));
    assert!(!is_length("1.9px", 2, 16));
}

#[test]
fn a_spec_is_stored_in_the_requests_form_and_read_back_through_the_same_rules() {
    let mut req = valid();
    req.cancel_url = Some("https://shop.example/basket".into());
    req.submerchants = vec![SubmerchantShare {
        id: " seller-1 ".into(),
        amount: Amount::parse("50.00").unwrap(),
    }];
    req.settlement_currency = Some("USD".into());
    req.appearance = Some(Appearance {
        color_primary: Some("#123456".into()),
        ..Default::default()
    });
    req.charges = vec![
        ChargeInput {
            amount: amount("100.00"),
            reference: Some(" guest-1 ".into()),
            customer: None,
        },
        ChargeInput {
            amount: amount("50.00"),
            ..Default::default()
        },
    ];
    let spec = req.validate().unwrap();
    assert_eq!(spec.submerchants[0].id, "seller-1");
    assert_eq!(spec.settlement_currency, Some(crate::money::Currency::USD));
    let stored = serde_json::to_string(&spec).unwrap();
    let read: CheckoutSessionSpec = serde_json::from_str(&stored).unwrap();
    assert_eq!(read, spec);
    // The one default charge is left out of the stored form, and comes back.
    let simple = valid().validate().unwrap();
    let stored = serde_json::to_value(&simple).unwrap();
    assert!(stored.get("charges").is_none());
    assert_eq!(
        serde_json::from_value::<CheckoutSessionSpec>(stored).unwrap(),
        simple
    );
}

#[test]
fn a_stored_spec_that_breaks_a_rule_does_not_read() {
    let mut stored = serde_json::to_value(valid().validate().unwrap()).unwrap();
    stored["currency"] = "XXX".into();
    let err = serde_json::from_value::<CheckoutSessionSpec>(stored).unwrap_err();
    assert!(err.to_string().contains("currency"), "{err}");
}

#[test]
fn card_capture_is_read_kept_and_unsaid_reads_as_the_direct_mode_of_older_sessions() {
    use crate::methods::CardCapture;
    let unsaid = valid().validate().unwrap();
    assert_eq!(unsaid.card_capture, None);
    // A stored session without the field was stored before the mode existed: direct.
    assert_eq!(unsaid.card_capture(), CardCapture::Direct);
    for mode in [CardCapture::Orkestra, CardCapture::Direct] {
        let request = CreateCheckoutSession {
            card_capture: Some(mode.as_str().into()),
            ..valid()
        };
        let spec = request.validate().unwrap();
        assert_eq!(spec.card_capture(), mode);
        let stored = serde_json::to_value(&spec).unwrap();
        assert_eq!(stored["cardCapture"], mode.as_str());
        assert_eq!(
            serde_json::from_value::<CheckoutSessionSpec>(stored).unwrap(),
            spec
        );
    }
    let wrong = CreateCheckoutSession {
        card_capture: Some("iframe".into()),
        ..valid()
    };
    let errors = wrong.validate().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code),
        ("cardCapture", ErrorCode::InvalidFormat)
    );
}
