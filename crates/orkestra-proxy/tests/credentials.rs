//! The Orkestra credentials live in the proxy and nowhere else: not in any response body
//! or header, not in the page or its assets, not in a log line. On PostgreSQL
//! (`PROXY_TEST_BACKEND=postgres`), neither is the database's password. This test runs a whole
//! payment (and the error paths) with every log level on and searches everything.

mod common;

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::{Captured, Stack, ORKESTRA_PASSWORD, ORKESTRA_USER, WEBHOOK_PASSWORD};

fn all_of(response_texts: &[String], logs: &str) -> String {
    let mut everything = response_texts.join("\n");
    everything.push_str(logs);
    everything
}

async fn record(response: reqwest::Response, seen: &mut Vec<String>) -> String {
    for (name, value) in response.headers() {
        seen.push(format!(
            "{name}: {}",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    let body = response.text().await.unwrap();
    seen.push(body.clone());
    body
}

#[tokio::test]
async fn orkestra_credentials_appear_in_no_response_asset_or_log_line() {
    let logs = Captured::install("trace");

    let mut stack = Stack::start().await;
    std::fs::create_dir_all(stack.dir.path().join("assets")).unwrap();
    std::fs::write(
        stack.dir.path().join("assets/app.js"),
        "export default function init() {}",
    )
    .unwrap();
    let mut seen = Vec::new();

    let created = stack
        .create_session(&stack.session_body("order-secret"))
        .await;
    let body = record(created, &mut seen).await;
    let session: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = session["id"].as_str().unwrap().to_owned();
    let token = common::token_of(&session);

    for path in [
        format!("/pay/{token}"),
        format!("/api/pay/{token}"),
        "/assets/app.js".into(),
    ] {
        let response = stack
            .http
            .get(format!("{}{path}", stack.proxy_url()))
            .send()
            .await
            .unwrap();
        record(response, &mut seen).await;
    }
    record(stack.pay_pix(&token, "key-secret-001").await, &mut seen).await;
    let view = stack.merchant_get(&id).await;
    seen.push(view.to_string());
    let orkestra_id = view["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    stack.simulate(&orkestra_id, "paid").await;
    seen.push(
        stack
            .wait_for_status(&id, "paid", Duration::from_secs(15))
            .await
            .to_string(),
    );
    let (headers, body) = stack
        .merchant
        .wait_for_event("checkout_session.paid", Duration::from_secs(15))
        .await;
    seen.push(format!("{headers:?}"));
    seen.push(String::from_utf8_lossy(&body).into_owned());

    // Error paths: Orkestra down, then the proxy misconfigured with a password Orkestra
    // refuses; the errors must not echo what was sent.
    let (_, token2) = stack.new_session("order-secret-2").await;
    stack.stop_sandbox().await;
    record(stack.pay_pix(&token2, "key-secret-002").await, &mut seen).await;
    stack.start_sandbox().await;
    stack.stop_proxy().await;
    let mut wrong = stack.proxy_config();
    wrong.orkestra.password = secrecy::SecretString::from(format!("{ORKESTRA_PASSWORD}-wrong"));
    let app = orkestra_proxy::Application::build(wrong).await.unwrap();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let (_, token3) = stack.new_session("order-secret-3").await;
    let refused = stack.pay_pix(&token3, "key-secret-003").await;
    assert_eq!(refused.status(), 502);
    record(refused, &mut seen).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let log_text = logs.text();
    assert!(
        log_text.contains("checkout session created"),
        "logging was captured"
    );
    let everything = all_of(&seen, &log_text);
    let basic = STANDARD.encode(format!("{ORKESTRA_USER}:{ORKESTRA_PASSWORD}"));
    let database_password = stack.database_password();
    for secret in [ORKESTRA_PASSWORD, basic.as_str(), WEBHOOK_PASSWORD]
        .into_iter()
        .chain(database_password.as_deref())
    {
        assert!(!everything.contains(secret), "a credential leaked");
    }
    // Documents are never logged either.
    assert!(!log_text.contains("52998224725") && !log_text.contains("529.982.247-25"));
}
