//! In the browser (`cargo xtask test --layer wasm`): `JSON.parse`'s values read by the
//! readers as serde_json reads the same text; missing keys are `undefined` there, not null.

use orkestra_core::api::browser::{NextAction, PageSession};
use orkestra_core::api::error::ErrorResponse;
use wasm_bindgen_test::wasm_bindgen_test;

use orkestra_core::wire::FromWire;

use crate::json::parse;
use crate::wire;

const SESSION: &str = r#"{"status":"open","country":"BR","currency":"BRL","amount":"150.00",
    "locale":"pt-BR","merchantName":"Loja \"Ç\" \u00e9","expiresAt":"2030-01-01T00:00:00Z",
    "methods":["CARD","PIX","BOLETO"],"customer":{"name":"Maria","email":null},
    "returnUrl":null,"somethingNew":{"nested":[1,2.5,-3,true,null]},
    "transactions":[{"id":"t1","method":"PIX","amount":"150.00","status":"pending",
    "nextAction":{"type":"pix_qr_code","emv":"000201","expiresAt":"2030-01-01T00:15:00Z"}},
    {"id":"t2","method":"BOLETO","amount":"150.00","status":"failed","failureCode":"x"}],
    "charge":{"id":"c1","status":"open","amount":"150.00","paidAmount":"0.00",
    "pendingAmount":"0.00","remainingAmount":"150.00","index":1,"count":3}}"#;

fn session(text: &str) -> Option<PageSession> {
    PageSession::from_wire(&parse(text)?)
}

#[wasm_bindgen_test]
fn a_session_reads_as_serde_json_reads_it() {
    let expected: PageSession = serde_json::from_str(SESSION).expect("serde_json");
    assert_eq!(session(SESSION), Some(expected));
}

#[wasm_bindgen_test]
fn what_is_not_a_session_is_none() {
    assert_eq!(session("<html>"), None);
    assert_eq!(session("\"open\""), None);
    assert_eq!(session("[]"), None);
    assert_eq!(session(r#"{"status":"open"}"#), None);
    assert_eq!(session(&SESSION.replace("\"BRL\"", "\"XYZ\"")), None);
    assert_eq!(session(&SESSION.replace("\"150.00\"", "150")), None);
    assert_eq!(
        session(&SESSION.replace("\"index\":1", "\"index\":1.5")),
        None
    );
    assert_eq!(session(&SESSION.replace("\"name\"", "\"nickname\"")), None);
}

#[wasm_bindgen_test]
fn an_error_body_reads_as_serde_json_reads_it() {
    let text = r#"{"error":{"code":"validation_failed","message":"x",
        "fields":[{"field":"payer.document","code":"invalid_check_digit"}]}}"#;
    let expected: ErrorResponse = serde_json::from_str(text).expect("serde_json");
    assert_eq!(
        parse(text).and_then(|v| wire::error_body(&v)),
        Some(expected.error)
    );
}

/// `JSON.parse`'s value and serde_json's read the same through the one reader (held to
/// serde's derive in orkestra-core's `next_action_tests.rs`).
#[wasm_bindgen_test]
fn next_actions_read_from_json_parse_as_from_serde_json() {
    for text in [
        r#"{"type":"cash_voucher","reference":"R","barcode":"B","networks":["OXXO","7E"],
            "expiresAt":"2030"}"#,
        r#"{"type":"bank_transfer","bankName":"B","beneficiary":"O","accountType":"IBAN",
            "accountNumber":"DE89","reference":"R","expiresAt":"2030"}"#,
        r#"{"type":"bank_redirect"}"#,
    ] {
        let expected = serde_json::from_str::<NextAction>(text).ok();
        assert_eq!(
            parse(text).and_then(|v| NextAction::from_wire(&v)),
            expected,
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
fn banks_read_from_a_list_or_wrapped() {
    let list = r#"[{"code":"1051","name":"Banco Davivienda"}]"#;
    let wrapped = r#"{"banks":[{"code":"1051","name":"Banco Davivienda"}]}"#;
    let read = |t: &str| parse(t).and_then(|v| wire::banks(&v)).map(|b| b.len());
    assert_eq!(
        (read(list), read(wrapped), read("{}")),
        (Some(1), Some(1), None)
    );
}
