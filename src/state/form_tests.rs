use super::*;
use orkestra_core::api::browser::SubmitTransactionBody;
use orkestra_core::catalog::Country;
use orkestra_core::methods::CardCapture;

/// The card a submission carries.
fn card_of(request: SubmitTransaction) -> CardInput {
    match request.details {
        MethodInput::Card(card) => card,
        other => panic!("no card: {other:?}"),
    }
}

const TODAY: (u16, u8) = (2026, 11);

fn br(method: PaymentMethod) -> PaymentForm {
    PaymentForm::new(
        Market::Country(Country::BR),
        method,
        TODAY,
        CardCapture::Direct,
    )
}

fn pix(name: &str, document: &str, email: &str) -> PaymentForm {
    let mut form = br(PaymentMethod::Pix);
    form.set(FormField::Name, name.into());
    form.set(FormField::Document, document.into());
    form.set(FormField::Email, email.into());
    form
}

#[test]
fn every_offered_method_gets_the_catalogs_fields_and_no_message() {
    for market in Market::ALL {
        for method in market.methods() {
            let form = PaymentForm::new(market, *method, TODAY, CardCapture::Direct);
            assert_eq!(
                form.fields(),
                form_fields(market, *method, CardCapture::Direct),
                "{market:?} {method}"
            );
            assert!(form.fields().iter().all(|f| form.error(*f).is_none()));
            assert_eq!(form.method(), *method);
        }
    }
}

#[test]
fn the_merchants_customer_prefills_the_form_without_messages() {
    let customer = CustomerInput {
        name: Some("Maria da Silva".into()),
        email: None,
        document: Some("529.982.247-25".into()),
    };
    let form = br(PaymentMethod::Pix).prefilled(Some(&customer));
    assert_eq!(form.value(FormField::Name), "Maria da Silva");
    assert_eq!(form.value(FormField::Document), "529.982.247-25");
    assert_eq!(form.value(FormField::Email), "");
    assert!(form.fields().iter().all(|f| form.error(*f).is_none()));
}

#[test]
fn leaving_an_empty_untouched_field_shows_nothing() {
    let mut form = br(PaymentMethod::Pix);
    form.blur(FormField::Name);
    assert_eq!(form.error(FormField::Name), None);
}

#[test]
fn leaving_a_wrong_field_shows_the_rule_that_failed() {
    let mut form = pix("Maria da Silva", "529.982.247-26", "maria@");
    form.blur(FormField::Document);
    assert_eq!(
        form.error(FormField::Document),
        Some(ErrorCode::InvalidCheckDigit)
    );
    assert_eq!(
        form.error(FormField::Email),
        None,
        "only the field left is checked"
    );
}

#[test]
fn typing_follows_a_shown_message_but_never_adds_one() {
    let mut form = pix("", "529.982.247-26", "");
    form.set(FormField::Email, "m".into());
    assert_eq!(form.error(FormField::Email), None);
    form.blur(FormField::Document);
    form.set(FormField::Document, "529.982.247-25".into());
    assert_eq!(form.error(FormField::Document), None);
}

#[test]
fn submit_shows_every_message_and_points_at_the_first_field() {
    let mut form = pix("Maria da Silva", "", "maria@");
    assert!(!form.is_valid());
    assert_eq!(
        form.submit(),
        Err(SubmitBlocked::Field(FormField::Document))
    );
    assert_eq!(form.error(FormField::Document), Some(ErrorCode::Required));
    assert_eq!(form.error(FormField::Email), Some(ErrorCode::InvalidEmail));
    assert_eq!(form.error(FormField::Name), None);
}

#[test]
fn a_valid_form_submits_exactly_what_was_typed() {
    let mut form = pix("Maria da Silva", "529.982.247-25", "maria@example.com");
    assert!(form.is_valid());
    let request = form.submit().expect("valid");
    assert_eq!(request.method, PaymentMethod::Pix);
    assert_eq!(request.payer.document, "529.982.247-25");
    assert_eq!(
        request.details,
        MethodInput::None,
        "a Pix request carries no card"
    );
    assert_eq!(
        serde_json::to_value(SubmitTransactionBody::from(&request)).unwrap(),
        serde_json::json!({"method": "PIX", "payer": {"name": "Maria da Silva",
            "documentType": "", "document": "529.982.247-25", "email": "maria@example.com",
            "phone": "", "address": {"street": "", "number": "", "district": "", "city": "",
            "state": "", "postalCode": ""}}})
    );
}

#[test]
fn a_method_the_market_does_not_offer_cannot_be_submitted() {
    let mut form = PaymentForm::new(
        Market::Country(Country::MX),
        PaymentMethod::Pix,
        TODAY,
        CardCapture::Direct,
    );
    assert_eq!(form.submit(), Err(SubmitBlocked::Unsupported));
}

#[test]
fn server_field_errors_land_under_their_fields() {
    let mut form = pix("Maria da Silva", "529.982.247-25", "maria@example.com");
    let first = form.show(&[
        FieldError::new("payer.email", ErrorCode::InvalidEmail),
        FieldError::new("payer.document", ErrorCode::RepeatedDigits),
        FieldError::new("amount", ErrorCode::AmountZero),
    ]);
    // Not splitting: the form has no amount to point at.
    assert_eq!(first, Some(SubmitBlocked::Field(FormField::Document)));
    assert_eq!(
        form.error(FormField::Document),
        Some(ErrorCode::RepeatedDigits)
    );
}

#[test]
fn a_card_is_grouped_as_typed_and_its_cvv_follows_the_brand() {
    let mut form = br(PaymentMethod::Card);
    form.set(FormField::CardNumber, "378282246310005".into());
    assert_eq!(form.value(FormField::CardNumber), "3782 822463 10005");
    form.set(FormField::CardCvv, "123".into());
    form.blur(FormField::CardCvv);
    assert_eq!(
        form.error(FormField::CardCvv),
        Some(ErrorCode::InvalidLength)
    );
    // A Visa takes three digits: the shown message clears by itself.
    form.set(FormField::CardNumber, "4111111111111111".into());
    assert_eq!(form.error(FormField::CardCvv), None);
    form.set(FormField::CardExpiry, "1230".into());
    assert_eq!(form.value(FormField::CardExpiry), "12/30");
    assert_eq!(form.value(FormField::Installments), "1");
}

#[test]
fn a_brazilian_card_payer_picks_parcelas_or_debit() {
    let mut form = br(PaymentMethod::Card);
    for (field, value) in [
        (FormField::Name, "Maria da Silva"),
        (FormField::Document, "529.982.247-25"),
        (FormField::CardNumber, "4111 1111 1111 1111"),
        (FormField::CardExpiry, "12/30"),
        (FormField::CardCvv, "123"),
        (FormField::Installments, "3"),
    ] {
        form.set(field, value.into());
    }
    let card = card_of(form.submit().expect("valid"));
    assert_eq!((card.installments, card.debit), (3, false));
    assert_eq!(card.number, "4111 1111 1111 1111");
    form.set_debit(true);
    let card = card_of(form.submit().expect("valid"));
    assert_eq!((card.installments, card.debit), (1, true));
}

#[test]
fn an_expired_card_is_caught_against_the_payers_today() {
    let mut form = br(PaymentMethod::Card);
    form.set(FormField::CardExpiry, "10/26".into());
    form.blur(FormField::CardExpiry);
    assert_eq!(form.error(FormField::CardExpiry), Some(ErrorCode::Expired));
}

#[test]
fn the_phone_preselects_its_operator_until_the_payer_chooses() {
    let gh = Market::Country(Country::GH);
    let mut form = PaymentForm::new(gh, PaymentMethod::MobileMoney, TODAY, CardCapture::Direct);
    assert_eq!(form.fields()[0], FormField::Operator);
    form.set(FormField::Phone, "024 123 4567".into());
    assert_eq!(form.value(FormField::Operator), "MTN");
    form.set(FormField::Phone, "020 123 4567".into());
    assert_eq!(form.value(FormField::Operator), "TELECEL");
    form.set(FormField::Operator, "AT".into());
    form.set(FormField::Phone, "024 123 4567".into());
    assert_eq!(
        form.value(FormField::Operator),
        "AT",
        "the payer's choice stays"
    );
    assert!(form.is_valid());
}

#[test]
fn pse_starts_with_a_person_type_and_the_usual_document() {
    let form = PaymentForm::new(
        Market::Country(Country::CO),
        PaymentMethod::Pse,
        TODAY,
        CardCapture::Direct,
    );
    assert_eq!(form.value(FormField::PersonType), "NATURAL");
    assert_eq!(form.value(FormField::DocumentType), "CC");
    assert_eq!(form.value(FormField::Bank), "");
}

#[test]
fn switching_method_keeps_the_payer_but_not_what_the_new_method_refuses() {
    let co = Market::Country(Country::CO);
    let mut form = PaymentForm::new(co, PaymentMethod::Card, TODAY, CardCapture::Direct);
    form.set(FormField::Name, "Juan Pérez".into());
    form.set(FormField::DocumentType, "PP".into());
    form.set(FormField::Document, "AB123".into());
    form.blur(FormField::Document);
    let pse = form.switch(PaymentMethod::Pse);
    assert_eq!(pse.value(FormField::Name), "Juan Pérez");
    assert_eq!(pse.value(FormField::Document), "AB123");
    assert_eq!(
        pse.value(FormField::DocumentType),
        "CC",
        "PSE takes no passport"
    );
    assert_eq!(pse.error(FormField::Document), None);
    let card = pse.switch(PaymentMethod::Card);
    assert_eq!(card.value(FormField::DocumentType), "CC");
}

#[test]
fn sepa_asks_nothing_and_crypto_asks_the_network() {
    let mut sepa = PaymentForm::new(
        Market::Eurozone,
        PaymentMethod::Sepa,
        TODAY,
        CardCapture::Direct,
    );
    assert!(sepa.fields().is_empty());
    assert!(sepa.submit().is_ok());
    let mut crypto = PaymentForm::new(
        Market::World,
        PaymentMethod::Crypto,
        TODAY,
        CardCapture::Direct,
    );
    assert_eq!(
        crypto.submit(),
        Err(SubmitBlocked::Field(FormField::Network))
    );
    crypto.set(FormField::Network, "TRON".into());
    assert_eq!(
        crypto.submit().expect("valid").details,
        MethodInput::Crypto {
            network: "TRON".into()
        }
    );
}

fn brl(text: &str) -> Money {
    Money::parse_exact(text, orkestra_core::money::Currency::BRL).unwrap()
}

/// A Pix form ready to send, on a charge with `left` still to pay.
fn pix_left(left: &str) -> PaymentForm {
    let mut form = pix("Maria da Silva", "529.982.247-25", "maria@example.com");
    form.set_remaining(Some(brl(left)));
    form
}

#[test]
fn arabic_indic_digits_and_unicode_separators_pass_in_every_typed_field() {
    // A CPF pasted with an en dash, and one typed in Arabic-Indic digits.
    for document in ["529.982.247–25", "٥٢٩.٩٨٢.٢٤٧-٢٥"] {
        let mut form = pix("Maria da Silva", document, "maria@example.com");
        assert!(form.is_valid(), "{document}");
        assert_eq!(form.submit().unwrap().payer.document, document);
    }
    let mut card = br(PaymentMethod::Card);
    card.set(FormField::CardNumber, "٤١١١ ١١١١ ١١١١ ١١١١".into());
    card.set(FormField::CardExpiry, "١٢/٣٠".into());
    card.set(FormField::CardCvv, "١٢٣".into());
    assert_eq!(card.value(FormField::CardNumber), "4111 1111 1111 1111");
    assert_eq!(card.value(FormField::CardExpiry), "12/30");
    assert_eq!(card.value(FormField::CardCvv), "123");
    for field in [
        FormField::CardNumber,
        FormField::CardExpiry,
        FormField::CardCvv,
    ] {
        card.blur(field);
        assert_eq!(card.error(field), None, "{field:?}");
    }
}

#[test]
fn without_a_split_the_leg_pays_what_is_left_and_sends_no_amount() {
    let mut form = pix_left("100.00");
    assert!(!form.is_split());
    assert_eq!(form.submit().unwrap().amount, None);
}

#[test]
fn a_split_starts_at_what_is_left_and_sends_the_typed_part_exactly() {
    let mut form = pix_left("100.00");
    form.set_split(true);
    assert_eq!(form.split_amount(), "100.00");
    for (typed, sent) in [
        ("40", "40.00"),
        ("40,5", "40.50"),
        (" 40.00 ", "40.00"),
        // As the Arabic page writes amounts.
        ("٤٠٫٥٠", "40.50"),
        ("۴۰", "40.00"),
    ] {
        form.set_split_amount(typed.into());
        assert_eq!(
            form.submit().unwrap().amount.as_ref().map(Amount::as_str),
            Some(sent),
            "{typed}"
        );
    }
    form.set_split(false);
    assert_eq!(form.submit().unwrap().amount, None);
}

#[test]
fn a_split_amount_is_checked_by_the_rules_the_proxy_applies() {
    let mut form = pix_left("100.00");
    form.set_split(true);
    for (typed, code) in [
        ("", ErrorCode::Required),
        ("forty", ErrorCode::AmountFormat),
        ("40.001", ErrorCode::AmountTooManyDecimals),
        ("0", ErrorCode::AmountZero),
        // More than is left.
        ("100.01", ErrorCode::AmountAboveMaximum),
    ] {
        form.set_split_amount(typed.into());
        assert_eq!(form.submit(), Err(SubmitBlocked::Amount), "{typed}");
        assert_eq!(form.split_error(), Some(code), "{typed}");
        assert!(!form.is_valid());
    }
    // Fixing it clears the message as the payer types.
    form.set_split_amount("99".into());
    assert_eq!(form.split_error(), None);
    assert!(form.is_valid());
}

#[test]
fn a_split_outside_the_methods_limits_is_refused() {
    // An OXXO voucher takes MXN 10.00 to 10,000.00.
    let mxn = |t| Money::parse_exact(t, orkestra_core::money::Currency::MXN).unwrap();
    let mut form = PaymentForm::new(
        Market::Country(Country::MX),
        PaymentMethod::Cash,
        TODAY,
        CardCapture::Direct,
    );
    form.set_remaining(Some(mxn("20000.00")));
    form.set_split(true);
    for (typed, code) in [
        ("9.99", Some(ErrorCode::AmountBelowMinimum)),
        ("10", None),
        ("10000.01", Some(ErrorCode::AmountAboveMaximum)),
    ] {
        form.set_split_amount(typed.into());
        form.blur_split();
        assert_eq!(form.split_error(), code, "{typed}");
    }
}

#[test]
fn the_amount_comes_first_when_it_and_a_field_are_wrong() {
    let mut form = pix_left("100.00");
    form.set(FormField::Email, "not-an-email".into());
    form.set_split(true);
    form.set_split_amount("200".into());
    assert_eq!(form.submit(), Err(SubmitBlocked::Amount));
    assert!(form.error(FormField::Email).is_some());
    // The server's verdict on the amount lands on it too.
    let mut form = pix_left("100.00");
    form.set_split(true);
    let first = form.show(&[FieldError::new("amount", ErrorCode::AmountAboveMaximum)]);
    assert_eq!(first, Some(SubmitBlocked::Amount));
    assert_eq!(form.split_error(), Some(ErrorCode::AmountAboveMaximum));
}

#[test]
fn a_split_survives_a_change_of_method_but_not_a_paid_leg() {
    let mut form = pix_left("100.00");
    form.set_split(true);
    form.set_split_amount("40".into());
    let card = form.switch(PaymentMethod::Card);
    assert_eq!(card.split_amount(), "40");
    let mut next = card.next_leg();
    assert!(!next.is_split());
    assert_eq!(next.value(FormField::Name), "Maria da Silva");
    next.set(FormField::CardNumber, "4111111111111111".into());
    assert_eq!(next.next_leg().value(FormField::CardNumber), "");
}

#[test]
fn replacing_a_failed_leg_asks_for_its_amount_unless_it_is_all_that_is_left() {
    let mut form = pix_left("100.00");
    form.replace_leg("40.00");
    assert_eq!(form.split_amount(), "40.00");
    let mut form = pix_left("40.00");
    form.replace_leg("40.00");
    assert!(!form.is_split());
}
