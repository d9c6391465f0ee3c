//! The page's readers (orkestra-core's `FromWire`, declared with each body) and its writer
//! (`orkestra_core::wire::to_json`) against serde_json on the same texts: the page must read
//! what the proxy's models read, refuse what they refuse, and write what they write.

use orkestra_core::api::browser::{
    AddressInput, CardInput, MethodInput, PageSession, PayerInput, SubmitOtp, SubmitTransaction,
    SubmitTransactionBody,
};
use orkestra_core::api::error::ErrorResponse;
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::money::Amount;
use orkestra_core::wire::FromWire;
use serde::de::DeserializeOwned;
use serde_json::{json, Value as Json};

use super::*;

/// The reader's answer and serde_json's on one value agree.
fn agree<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &Json,
    read: impl Fn(&Json) -> Option<T>,
) {
    let expected = serde_json::from_value::<T>(value.clone()).ok();
    assert_eq!(read(value), expected, "{value}");
}

/// A session with every optional part present.
fn full_session() -> Json {
    json!({
        "status": "pending", "country": "BR", "currency": "BRL", "amount": "150.00",
        "locale": "pt-BR", "merchantName": "Loja \"Ç\" é", "expiresAt": "2030-01-01T00:00:00Z",
        "methods": ["CARD", "PIX", "BOLETO"],
        "customer": {"name": "Maria", "email": null, "document": "52998224725"},
        "transactions": [
            {"id": "t1", "method": "PIX", "amount": "150.00", "status": "pending",
             "nextAction": {"type": "pix_qr_code", "emv": "000201", "expiresAt": "2030"}},
            {"id": "t2", "method": "BOLETO", "amount": "150.00", "status": "failed",
             "failureCode": "x"}
        ],
        "returnUrl": "https://shop.example/back",
        "sessionId": "cs_1", "cancelUrl": "https://shop.example/cancel", "cardCapture": "orkestra",
        "embedOrigins": ["https://shop.example", "http://127.0.0.1:8081"],
        "appearance": {"colorPrimary": "#0a7", "colorBackground": "#fff", "colorText": "#111",
            "colorDanger": "#c00", "fontFamily": "Inter", "borderRadius": "4px",
            "spacingUnit": "8px", "scheme": "dark"},
        "charge": {"id": "c1", "status": "partially_paid", "amount": "150.00",
            "paidAmount": "50.00", "pendingAmount": "0.00", "remainingAmount": "100.00",
            "index": 0, "count": 2},
        "somethingNew": {"nested": [1, 2.5, -3, true, null]}
    })
}

/// What a value is replaced with, one at a time, everywhere in the session.
fn replacements() -> Vec<Option<Json>> {
    vec![
        None,
        Some(Json::Null),
        Some(json!(5)),
        Some(json!(1.5)),
        Some(json!(-1)),
        Some(json!("x")),
        Some(json!("")),
        Some(json!(true)),
        Some(json!([])),
        Some(json!(["x"])),
        Some(json!({})),
    ]
}

/// Every path to a value inside `value` (object keys and array indexes).
fn paths(value: &Json, prefix: Vec<Json>, out: &mut Vec<Vec<Json>>) {
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                let mut p = prefix.clone();
                p.push(json!(k));
                out.push(p.clone());
                paths(v, p, out);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = prefix.clone();
                p.push(json!(i));
                out.push(p.clone());
                paths(v, p, out);
            }
        }
        _ => {}
    }
}

fn pointer<'a>(value: &'a Json, path: &[Json]) -> &'a Json {
    path.iter().fold(value, |at, step| match step {
        Json::String(k) => &at[k.as_str()],
        _ => &at[step.as_u64().unwrap() as usize],
    })
}

/// `value` with the thing at `path` replaced (`None`: removed).
fn replaced(value: &Json, path: &[Json], with: &Option<Json>) -> Json {
    let mut value = value.clone();
    let (last, parents) = path.split_last().expect("a path");
    let mut at = &mut value;
    for step in parents {
        at = match step {
            Json::String(k) => &mut at[k.as_str()],
            _ => &mut at[step.as_u64().unwrap() as usize],
        };
    }
    match (last, with, at) {
        (Json::String(k), None, Json::Object(map)) => {
            map.remove(k);
        }
        (Json::String(k), Some(w), Json::Object(map)) => {
            map.insert(k.clone(), w.clone());
        }
        (i, None, Json::Array(items)) => {
            items.remove(i.as_u64().unwrap() as usize);
        }
        (i, Some(w), Json::Array(items)) => items[i.as_u64().unwrap() as usize] = w.clone(),
        _ => unreachable!("paths come from the value"),
    }
    value
}

#[test]
fn a_session_reads_as_serde_json_reads_it() {
    let session = full_session();
    let read: PageSession = serde_json::from_value(session.clone()).expect("serde_json");
    assert_eq!(PageSession::from_wire(&session), Some(read));
}

/// Every value of the session removed, nulled or given another type, one at a time: the
/// reader and serde_json agree each time (both read it, to the same session, or neither).
#[test]
fn every_damaged_session_reads_as_serde_json_reads_it() {
    let session = full_session();
    let mut all = Vec::new();
    paths(&session, Vec::new(), &mut all);
    let mut refused = 0;
    for path in &all {
        // A model's object (not the unknown key's, which nothing reads).
        let was_object = pointer(&session, path).is_object() && path[0] != "somethingNew";
        for with in replacements() {
            let damaged = replaced(&session, path, &with);
            if was_object && with.as_ref().is_some_and(Json::is_array) {
                // serde also reads a struct from an array of its fields in order; the
                // proxy never writes one, and the page refuses it.
                assert_eq!(PageSession::from_wire(&damaged), None, "{damaged}");
                continue;
            }
            agree(&damaged, PageSession::from_wire);
            refused += usize::from(serde_json::from_value::<PageSession>(damaged).is_err());
        }
    }
    // Most damage is refused: the comparison is not between two readers that take anything.
    assert!(
        refused > all.len() * 3,
        "{refused} refused of {}",
        all.len()
    );
}

#[test]
fn a_minimal_session_and_other_shapes_read_as_serde_json_reads_them() {
    let minimal = json!({"status": "open", "currency": "EUR", "amount": "10.00",
        "locale": "fr", "merchantName": "M", "expiresAt": "2030", "methods": ["SEPA"],
        "transactions": []});
    agree(&minimal, PageSession::from_wire);
    for value in [
        json!(null),
        json!("session"),
        json!([]),
        json!(3),
        json!({"status": "open"}),
        replaced(&minimal, &[json!("currency")], &Some(json!("SLL"))),
        replaced(&minimal, &[json!("locale")], &Some(json!("pt"))),
        replaced(&minimal, &[json!("status")], &Some(json!("OPEN"))),
        replaced(
            &minimal,
            &[json!("methods")],
            &Some(json!(["PIX", "VENMO"])),
        ),
    ] {
        agree(&value, PageSession::from_wire);
    }
}

#[test]
fn a_charge_counts_in_whole_numbers() {
    let session = full_session();
    let with_index = |index| replaced(&session, &[json!("charge"), json!("index")], &Some(index));
    for index in [
        json!(0),
        json!(7),
        json!(4294967295u64),
        json!(4294967296u64),
        json!(2.5),
    ] {
        agree(&with_index(index), PageSession::from_wire);
    }
    // `JSON.parse` has one number type: `2.0` is `2` in the browser (serde_json refuses it).
    let read = PageSession::from_wire(&with_index(json!(2.0))).expect("a session");
    assert_eq!(read.charge.map(|c| c.index), Some(2));
}

// `NextAction`'s reader is held to serde's own derive for a tagged enum in orkestra-core
// (`next_action_tests.rs`): serde reads it through the same reader, so comparing the two
// here would compare it with itself.

#[test]
fn error_bodies_read_as_serde_json_reads_them() {
    let read = |v: &Json| super::error_body(v);
    for text in [
        r#"{"error":{"code":"validation_failed","message":"x",
            "fields":[{"field":"payer.document","code":"invalid_check_digit"}]}}"#,
        r#"{"error":{"code":"invalid_email","message":"x","field":"payer.email"}}"#,
        r#"{"error":{"code":"session_expired","message":"x","field":null}}"#,
        r#"{"error":{"code":"validation_failed","message":"x","fields":[{"field":"a","code":"nope"}]}}"#,
        r#"{"error":{"code":"validation_failed","message":"x","fields":[{"field":"a"}]}}"#,
        r#"{"error":{"code":"validation_failed","message":"x","fields":{}}}"#,
        r#"{"error":{"code":"x"}}"#,
        r#"{"error":{"code":5,"message":"x"}}"#,
        r#"{"error":"x"}"#,
        r#"{"code":"x","message":"x"}"#,
        "[]",
    ] {
        let value: Json = serde_json::from_str(text).expect("JSON");
        let expected = serde_json::from_value::<ErrorResponse>(value.clone())
            .ok()
            .map(|r| r.error);
        assert_eq!(read(&value), expected, "{text}");
    }
}

/// `"fields": null` is refused, as serde refuses it (a list cannot be null); the proxy
/// leaves the key out when there are none. Until the bodies were declared once, the page
/// read it as no fields.
#[test]
fn null_fields_are_refused_as_serde_refuses_them() {
    let value = json!({"error": {"code": "session_expired", "message": "x", "fields": null}});
    assert!(serde_json::from_value::<ErrorResponse>(value.clone()).is_err());
    assert_eq!(super::error_body(&value), None);
}

/// Every code the proxy may name a field's failure with reads back as itself.
#[test]
fn every_field_error_code_reads_as_serde_json_writes_it() {
    for code in ErrorCode::ALL {
        let value = json!({"error": {"code": "validation_failed", "message": "x",
            "fields": [{"field": "payer.name", "code": code}]}});
        let body = super::error_body(&value).expect("an error body");
        assert_eq!(body.fields, [FieldError::new("payer.name", code)]);
    }
}

#[test]
fn banks_come_as_a_list_or_wrapped() {
    let expected = vec![
        Bank {
            code: "1051".into(),
            name: "Banco Davivienda".into(),
        },
        Bank {
            code: "1007".into(),
            name: "Bancolombia".into(),
        },
    ];
    let list = json!([{"code": "1051", "name": "Banco Davivienda"},
        {"code": "1007", "name": "Bancolombia", "logo": null}]);
    assert_eq!(super::banks(&list), Some(expected.clone()));
    assert_eq!(super::banks(&json!({"banks": list})), Some(expected));
    assert_eq!(super::banks(&json!([])), Some(Vec::new()));
    assert_eq!(super::banks(&json!([{"code": 1051, "name": "x"}])), None);
    assert_eq!(super::banks(&json!({"items": []})), None);
    assert_eq!(super::banks(&json!("banks")), None);
}

fn submissions() -> Vec<SubmitTransaction> {
    let payer = PayerInput {
        name: "Maria \"da\" Silva\\".into(),
        document_type: "CPF".into(),
        document: "529.982.247-25".into(),
        email: "maria@example.com".into(),
        phone: "+55 11 91234-5678".into(),
        address: AddressInput {
            street: "Avenida Paulista\n".into(),
            number: "1000".into(),
            district: "Bela Vista".into(),
            city: "São Paulo".into(),
            state: "SP".into(),
            postal_code: "01310-100".into(),
        },
    };
    let with = |method, payer: &PayerInput, details, amount: Option<&str>| SubmitTransaction {
        method,
        payer: payer.clone(),
        details,
        amount: amount.map(|a| Amount::parse(a).expect("a written amount")),
    };
    let none = PayerInput::default();
    let card = |number: &str, installments, debit| {
        MethodInput::Card(CardInput {
            number: number.into(),
            expiry: if number.is_empty() { "" } else { "12/30" }.into(),
            cvv: if number.is_empty() { "" } else { "123" }.into(),
            installments,
            debit,
        })
    };
    let text = |s: &str| s.to_owned();
    vec![
        SubmitTransaction::new(PaymentMethod::Sepa),
        with(PaymentMethod::Pix, &payer, MethodInput::None, None),
        with(
            PaymentMethod::Card,
            &payer,
            card("4111 1111 1111 1111", 12, false),
            Some("50.00"),
        ),
        with(PaymentMethod::Card, &none, card("", 1, true), None),
        with(
            PaymentMethod::Pse,
            &payer,
            MethodInput::Pse {
                bank: text("1051"),
                person_type: text("NATURAL"),
            },
            None,
        ),
        with(
            PaymentMethod::Pse,
            &none,
            MethodInput::Pse {
                bank: text(""),
                person_type: text("JURIDICA"),
            },
            None,
        ),
        with(
            PaymentMethod::MobileMoney,
            &none,
            MethodInput::MobileMoney {
                operator: text("MTN"),
            },
            None,
        ),
        with(
            PaymentMethod::Crypto,
            &none,
            MethodInput::Crypto {
                network: text("TRON"),
            },
            None,
        ),
        with(
            PaymentMethod::Cash,
            &none,
            MethodInput::Cash {
                network: text("OXXO"),
            },
            None,
        ),
        with(
            PaymentMethod::Cash,
            &none,
            MethodInput::Cash { network: text("") },
            None,
        ),
    ]
}

/// Byte for byte what serde_json writes: the proxy reads it with the same model, and the
/// idempotency fingerprint of a payment does not change with the writer.
#[test]
fn a_submission_is_written_as_serde_json_writes_it() {
    for request in submissions() {
        let body = submit_body(&request).expect("every submission is written");
        let model = SubmitTransactionBody::from(&request);
        assert_eq!(body, serde_json::to_string(&model).unwrap());
        let read = serde_json::from_str::<SubmitTransactionBody>(&body).unwrap();
        assert_eq!(read.parse().unwrap(), request, "{body}");
    }
}

#[test]
fn a_one_time_code_is_written_as_serde_json_writes_it() {
    let otp = SubmitOtp {
        otp: "123456".into(),
    };
    assert_eq!(otp_body(&otp.otp), serde_json::to_string(&otp).ok());
}

#[test]
fn a_payments_intent_keeps_no_more_of_a_card_than_its_first_six_and_last_four_digits() {
    let mut request = SubmitTransaction::new(PaymentMethod::Card);
    request.details = MethodInput::Card(CardInput {
        number: "4111 1111 1111 1234".into(),
        expiry: "12/30".into(),
        cvv: "737".into(),
        installments: 1,
        debit: false,
    });
    let intent = submit_intent(&request).expect("an intent");
    assert!(intent.contains("\"number\":\"4111111234\""), "{intent}");
    assert!(!intent.contains("737"), "{intent}");
    assert!(!intent.contains("11111111"), "{intent}");
    // The rest of the body still tells payments apart.
    let mut other = request;
    if let MethodInput::Card(card) = &mut other.details {
        card.number = "4111 1111 1111 9999".into();
    }
    assert_ne!(submit_intent(&other), Some(intent));
    // Short or empty numbers are cut to what they have.
    if let MethodInput::Card(card) = &mut other.details {
        card.number = "41111".into();
    }
    assert!(submit_intent(&other).is_some_and(|i| i.contains("\"number\":\"41111\"")));
}
