use super::*;
use crate::error::{ErrorCode, FieldError};
use crate::market::{Country, DocumentType, Market};
use crate::methods::{CardCapture, PaymentMethod};
use crate::money::Amount;
use crate::validate::{Network, Operator};

const TODAY: (u16, u8) = (2026, 11);

fn pix(name: &str, document: &str, email: &str) -> SubmitTransaction {
    SubmitTransaction {
        payer: PayerInput {
            name: name.into(),
            document: document.into(),
            email: email.into(),
            ..Default::default()
        },
        ..SubmitTransaction::new(PaymentMethod::Pix)
    }
}

/// `request` as `method`, the payer kept and the method's own inputs empty.
fn with_method(request: SubmitTransaction, method: PaymentMethod) -> SubmitTransaction {
    SubmitTransaction {
        payer: request.payer,
        ..SubmitTransaction::new(method)
    }
}

fn br() -> Market {
    Market::Country(Country::BR)
}

fn paths(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_valid_pix_payer_passes() {
    let payer = pix("Maria da Silva", "529.982.247-25", "maria@example.com")
        .validate(br(), TODAY, CardCapture::Direct)
        .expect("valid payer");
    let document = payer.document.expect("a document");
    assert_eq!(document.digits(), "52998224725");
    assert_eq!(document.kind(), DocumentType::Cpf);
    assert!(payer.details == ValidDetails::None && payer.phone.is_none());
}

#[test]
fn every_bad_field_is_named() {
    let errors = pix("", "529.982.247-26", "maria@")
        .validate(br(), TODAY, CardCapture::Direct)
        .unwrap_err();
    assert_eq!(
        paths(&errors),
        ["payer.name", "payer.document", "payer.email"]
    );
    assert_eq!(errors[1].code, ErrorCode::InvalidCheckDigit);
}

#[test]
fn a_method_the_market_does_not_offer_is_refused() {
    let request = pix("Maria da Silva", "52998224725", "maria@example.com");
    let errors = with_method(request, PaymentMethod::Spei)
        .validate(br(), TODAY, CardCapture::Direct)
        .unwrap_err();
    assert_eq!(
        errors,
        [FieldError::new("method", ErrorCode::UnsupportedMethod)]
    );
}

#[test]
fn a_brazilian_card_needs_holder_number_expiry_cvv_and_takes_parcelas() {
    let fields = form_fields(br(), PaymentMethod::Card, CardCapture::Direct);
    assert_eq!(
        fields,
        [
            FormField::Name,
            FormField::Document,
            FormField::CardNumber,
            FormField::CardExpiry,
            FormField::CardCvv,
            FormField::Installments
        ]
    );
    let mut request = with_method(
        pix("Maria da Silva", "52998224725", ""),
        PaymentMethod::Card,
    );
    request.details = MethodInput::Card(CardInput {
        number: "4111 1111 1111 1111".into(),
        expiry: "12/30".into(),
        cvv: "123".into(),
        installments: 3,
        debit: false,
    });
    let payer = request
        .validate(br(), TODAY, CardCapture::Direct)
        .expect("valid card");
    let card = payer.card().expect("card").clone();
    assert_eq!(card.number.last4(), "1111");
    assert_eq!(card.installments, 3);
    assert!(!format!("{card:?}").contains("4111111111111111"));
    assert!(!format!("{request:?}").contains("4111"));

    let MethodInput::Card(card) = &mut request.details else {
        panic!("a card");
    };
    card.installments = 13;
    card.cvv = "12".into();
    let errors = request
        .validate(br(), TODAY, CardCapture::Direct)
        .unwrap_err();
    assert_eq!(paths(&errors), ["card.cvv", "card.installments"]);
}

#[test]
fn a_colombian_pse_payer_chooses_a_document_type_bank_and_person_type() {
    let co = Market::Country(Country::CO);
    let fields = form_fields(co, PaymentMethod::Pse, CardCapture::Direct);
    assert_eq!(
        fields,
        [
            FormField::Name,
            FormField::DocumentType,
            FormField::Document,
            FormField::Email,
            FormField::Phone,
            FormField::PersonType,
            FormField::Bank
        ]
    );
    let request = SubmitTransaction {
        method: PaymentMethod::Pse,
        payer: PayerInput {
            name: "Juan Pérez".into(),
            document_type: "PP".into(),
            document: "1020304050".into(),
            email: "juan@example.com".into(),
            phone: "300 123 4567".into(),
            ..Default::default()
        },
        details: MethodInput::Pse {
            bank: "1051".into(),
            person_type: "NATURAL".into(),
        },
        amount: None,
    };
    let errors = request
        .validate(co, TODAY, CardCapture::Direct)
        .unwrap_err();
    // PSE takes no passport; the number is then not judged against a wrong type.
    assert_eq!(
        errors,
        [
            FieldError::new("payer.documentType", ErrorCode::UnsupportedDocumentType),
            FieldError::new("payer.document", ErrorCode::UnsupportedDocumentType)
        ]
    );
    let request = SubmitTransaction {
        payer: PayerInput {
            document_type: "CC".into(),
            ..request.payer.clone()
        },
        ..request
    };
    let payer = request
        .validate(co, TODAY, CardCapture::Direct)
        .expect("valid PSE payer");
    assert_eq!(
        payer.details,
        ValidDetails::Pse {
            bank: "1051".into(),
            person_type: "NATURAL"
        }
    );
    assert_eq!(payer.bank(), Some("1051"));
    assert_eq!(payer.phone.expect("phone").e164(), "+573001234567");
}

#[test]
fn mobile_money_needs_an_operator_of_the_country() {
    let gh = Market::Country(Country::GH);
    let mut request = SubmitTransaction {
        payer: PayerInput {
            phone: "024 123 4567".into(),
            ..Default::default()
        },
        details: MethodInput::MobileMoney {
            operator: "SAFARICOM".into(),
        },
        ..SubmitTransaction::new(PaymentMethod::MobileMoney)
    };
    let errors = request
        .validate(gh, TODAY, CardCapture::Direct)
        .unwrap_err();
    assert_eq!(
        errors,
        [FieldError::new("operator", ErrorCode::InvalidFormat)]
    );
    request.details = MethodInput::MobileMoney {
        operator: "MTN".into(),
    };
    let payer = request
        .validate(gh, TODAY, CardCapture::Direct)
        .expect("valid");
    assert_eq!(payer.details, ValidDetails::MobileMoney(Operator::Mtn));
}

#[test]
fn crypto_needs_a_network_and_sepa_nothing() {
    let mut request = SubmitTransaction::new(PaymentMethod::Crypto);
    let errors = request
        .validate(Market::World, TODAY, CardCapture::Direct)
        .unwrap_err();
    assert_eq!(errors, [FieldError::new("network", ErrorCode::Required)]);
    request.details = MethodInput::Crypto {
        network: "TRON".into(),
    };
    assert_eq!(
        request
            .validate(Market::World, TODAY, CardCapture::Direct)
            .unwrap()
            .details,
        ValidDetails::Crypto(Network::Tron)
    );
    let sepa = SubmitTransaction::new(PaymentMethod::Sepa);
    assert!(sepa
        .validate(Market::Eurozone, TODAY, CardCapture::Direct)
        .is_ok());
}

#[test]
fn a_boleto_needs_a_full_address_with_a_cep() {
    let mut request = with_method(
        pix("Maria da Silva", "52998224725", "maria@example.com"),
        PaymentMethod::Boleto,
    );
    request.payer.address = AddressInput {
        street: "Avenida Paulista".into(),
        number: "1000".into(),
        district: "Bela Vista".into(),
        city: "São Paulo".into(),
        state: "SPX".into(),
        postal_code: "01310-10".into(),
    };
    let errors = request
        .validate(br(), TODAY, CardCapture::Direct)
        .unwrap_err();
    assert_eq!(
        paths(&errors),
        ["payer.address.postalCode", "payer.address.state"]
    );
    request.payer.address.state = "sp".into();
    request.payer.address.postal_code = "01310-100".into();
    let address = request
        .validate(br(), TODAY, CardCapture::Direct)
        .unwrap()
        .address
        .unwrap();
    assert_eq!(
        (address.state.as_str(), address.postal_code.as_str()),
        ("SP", "01310100")
    );
}

#[test]
fn optional_fields_may_stay_empty() {
    // Ecuador's cash voucher: the email is optional.
    let request = SubmitTransaction::new(PaymentMethod::Cash);
    assert!(request
        .validate(Market::Country(Country::EC), TODAY, CardCapture::Direct)
        .is_ok());
}

#[test]
fn every_form_field_has_a_unique_path() {
    for field in FormField::ALL {
        assert_eq!(FormField::from_path(field.path()), Some(field));
    }
}

#[test]
fn every_offered_pair_has_a_form_with_known_fields() {
    for market in Market::ALL {
        for method in market.methods() {
            let fields = form_fields(market, *method, CardCapture::Direct);
            let mut seen = std::collections::HashSet::new();
            assert!(
                fields.iter().all(|f| seen.insert(*f)),
                "{market:?} {method}"
            );
        }
    }
}

#[test]
fn a_cash_voucher_keeps_a_known_network_and_forgets_an_unknown_one() {
    let mx = Market::Country(Country::MX);
    let mut request = SubmitTransaction {
        payer: PayerInput {
            name: "Maria Lopez".into(),
            email: "maria@example.mx".into(),
            ..Default::default()
        },
        details: MethodInput::Cash {
            network: "OXXO".into(),
        },
        ..SubmitTransaction::new(PaymentMethod::Cash)
    };
    assert_eq!(
        request
            .validate(mx, TODAY, CardCapture::Direct)
            .unwrap()
            .details,
        ValidDetails::Cash(Some("OXXO".into()))
    );
    request.details = MethodInput::Cash {
        network: "EFECTY".into(),
    };
    assert_eq!(
        request
            .validate(mx, TODAY, CardCapture::Direct)
            .unwrap()
            .details,
        ValidDetails::Cash(None)
    );
}

fn body(json: serde_json::Value) -> SubmitTransactionBody {
    serde_json::from_value(json).expect("a body")
}

#[test]
fn a_body_without_a_method_is_a_required_method() {
    let errors = body(serde_json::json!({"payer": {"name": "Maria"}}))
        .parse()
        .unwrap_err();
    assert_eq!(errors, [FieldError::new("method", ErrorCode::Required)]);
    // A code outside the catalog is no body at all (the proxy answers 400).
    assert!(serde_json::from_value::<SubmitTransactionBody>(
        serde_json::json!({"method": "CHEQUE"})
    )
    .is_err());
}

#[test]
fn a_body_puts_each_methods_inputs_in_its_details() {
    let card = body(serde_json::json!({"method": "CARD",
        "card": {"number": "4111", "expiry": "12/30", "cvv": "123", "debit": true}}))
    .parse()
    .unwrap();
    let MethodInput::Card(input) = &card.details else {
        panic!("{card:?}");
    };
    assert_eq!(
        (input.number.as_str(), input.installments, input.debit),
        ("4111", 1, true)
    );
    let pse = body(serde_json::json!({"method": "PSE", "bank": "1051", "personType": "NATURAL"}))
        .parse()
        .unwrap();
    assert_eq!(
        pse.details,
        MethodInput::Pse {
            bank: "1051".into(),
            person_type: "NATURAL".into()
        }
    );
    let cash = body(serde_json::json!({"method": "CASH", "network": "OXXO"}))
        .parse()
        .unwrap();
    assert_eq!(
        cash.details,
        MethodInput::Cash {
            network: "OXXO".into()
        }
    );
    let card_without_one = body(serde_json::json!({"method": "CARD"})).parse().unwrap();
    assert_eq!(
        card_without_one.details,
        MethodInput::Card(CardInput::default())
    );
}

#[test]
fn another_methods_input_is_refused_on_its_field_unless_empty() {
    let errors = body(serde_json::json!({"method": "PIX", "bank": "1051",
        "card": {"number": "4111 1111 1111 1111"}, "network": "TRON", "operator": "MTN",
        "personType": "NATURAL"}))
    .parse()
    .unwrap_err();
    assert_eq!(
        errors,
        ["card", "bank", "personType", "operator", "network"]
            .map(|f| FieldError::new(f, ErrorCode::NotForMethod))
    );
    // What a generic form sends for the inputs it does not show.
    let pix = body(
        serde_json::json!({"method": "PIX", "bank": "", "personType": " ",
        "operator": "", "network": "", "card": {"number": "", "expiry": "", "cvv": "",
        "installments": 1, "debit": false}}),
    )
    .parse()
    .unwrap();
    assert_eq!(pix.details, MethodInput::None);
    // A crypto network is no cash network's business, and the other way round: both read
    // `network`.
    assert!(
        body(serde_json::json!({"method": "CRYPTO", "network": "TRON"}))
            .parse()
            .is_ok()
    );
}

#[test]
fn a_submission_and_its_body_are_the_same_json() {
    for request in [
        pix("Maria", "52998224725", "m@example.com"),
        SubmitTransaction {
            details: MethodInput::Pse {
                bank: "1051".into(),
                person_type: "NATURAL".into(),
            },
            amount: Some(Amount::parse("10.00").unwrap()),
            ..SubmitTransaction::new(PaymentMethod::Pse)
        },
        SubmitTransaction {
            details: MethodInput::Card(CardInput {
                number: "4111".into(),
                ..CardInput::default()
            }),
            ..SubmitTransaction::new(PaymentMethod::Card)
        },
    ] {
        let body = SubmitTransactionBody::from(&request);
        let json = serde_json::to_string(&body).unwrap();
        let back: SubmitTransactionBody = serde_json::from_str(&json).unwrap();
        assert_eq!(back.parse().unwrap(), request, "{json}");
    }
}

#[test]
fn debug_output_hides_card_data() {
    let request = SubmitTransaction {
        details: MethodInput::Card(CardInput {
            number: "4111 1111 1111 1111".into(),
            cvv: "123".into(),
            ..CardInput::default()
        }),
        ..SubmitTransaction::new(PaymentMethod::Card)
    };
    let body = SubmitTransactionBody::from(&request);
    for text in [format!("{request:?}"), format!("{body:?}")] {
        assert!(!text.contains("4111") && !text.contains("123"), "{text}");
    }
}
