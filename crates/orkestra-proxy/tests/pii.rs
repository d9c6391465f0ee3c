//! Card numbers, security codes and identity documents pass through the proxy on their way
//! to Orkestra and stay nowhere: not in a log line (every level on), not in the proxy's
//! database file, not in any answer to the page or the merchant, not in the merchant's
//! webhooks. Only masked forms (last four characters) may appear.

mod common;

use std::time::Duration;

use common::{Captured, Stack, MERCHANT_SECRET};
use serde_json::json;

const PAN: &str = "4111111111111111";
const CVV: &str = "737";
const CPF: &str = "52998224725";
const CO_CC: &str = "1020304050";

#[tokio::test]
async fn card_numbers_cvvs_and_documents_are_kept_nowhere() {
    let logs = Captured::install("trace");

    let stack = Stack::start().await;
    let http = reqwest::Client::new();
    let mut seen: Vec<String> = Vec::new();

    // A Brazilian card payment, approved at once.
    let (session, token) = stack.new_session("pii-card").await;
    let response = http
        .post(format!("{}/api/pay/{token}/transactions", stack.proxy_url()))
        .header("Idempotency-Key", "pii-card-attempt-1")
        .json(&json!({
            "method": "CARD",
            "payer": {"name": "Maria da Silva", "document": "529.982.247-25"},
            "card": {"number": "4111 1111 1111 1111", "expiry": "12/34", "cvv": CVV, "installments": 1}
        }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 201, "{body}");
    seen.push(body);
    let id = session["id"].as_str().unwrap();
    let paid = stack
        .wait_for_status(id, "paid", Duration::from_secs(10))
        .await;
    seen.push(paid.to_string());
    assert_eq!(
        paid["transactions"][0]["payer"]["document"],
        "***.***.*47-25"
    );

    // A Colombian PSE payment with a cédula.
    let response = stack
        .create_session(&json!({
            "merchantOrderId": "pii-pse", "country": "CO", "currency": "COP", "amount": "150000.00",
            "webhookUrl": stack.merchant.url()
        }))
        .await;
    assert_eq!(response.status(), 201);
    let pse: serde_json::Value = response.json().await.unwrap();
    let pse_token = common::token_of(&pse);
    let response = http
        .post(format!(
            "{}/api/pay/{pse_token}/transactions",
            stack.proxy_url()
        ))
        .header("Idempotency-Key", "pii-pse-attempt-1")
        .json(&json!({
            "method": "PSE",
            "payer": {"name": "Juan Pérez", "documentType": "CC", "document": CO_CC,
                      "email": "juan@example.com", "phone": "3001234567"},
            "bank": "051", "personType": "NATURAL"
        }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 201, "{body}");
    seen.push(body);
    for path in [format!("/api/pay/{token}"), format!("/api/pay/{pse_token}")] {
        seen.push(
            http.get(format!("{}{path}", stack.proxy_url()))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
    }
    seen.push(
        http.get(format!("{}/v1/transactions", stack.proxy_url()))
            .bearer_auth(MERCHANT_SECRET)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    stack
        .merchant
        .wait_for_event("checkout_session.paid", Duration::from_secs(10))
        .await;
    for (_, body) in stack.merchant.received.lock().unwrap().iter() {
        seen.push(String::from_utf8_lossy(body).into_owned());
    }

    let logs = logs.text();
    assert!(
        logs.contains("checkout session created"),
        "the logs were captured"
    );
    // The database file and its write-ahead log, as bytes on disk (on PostgreSQL, every
    // row of every table).
    let database = stack.stored_text().await;
    assert!(
        database.contains("*47-25"),
        "the proxy database holds the masked document, so it was read"
    );

    for (what, text) in [
        ("logs", &logs),
        ("database", &database),
        ("responses and webhooks", &seen.join("\n")),
    ] {
        for (name, secret) in [
            ("card number", PAN),
            ("CPF", CPF),
            ("formatted CPF", "529.982.247-25"),
            ("cédula", CO_CC),
        ] {
            assert!(!text.contains(secret), "{name} found in the {what}");
        }
        // A CVV is short: look for it where it would be written as a value (a whole one:
        // not the start of `elapsed=737.2µs` in sqlx's query log).
        for pattern in [format!("\"{CVV}\""), format!("={CVV}"), format!(": {CVV}")] {
            let as_value = text.match_indices(&pattern).any(|(at, _)| {
                let next = text[at + pattern.len()..].chars().next();
                !next.is_some_and(|c| c.is_alphanumeric() || c == '.')
            });
            assert!(!as_value, "CVV found in the {what}");
        }
    }
}
