//! One PIX payment end to end over real HTTP: page API → proxy → sandbox → notification →
//! proxy → live status and a signed merchant webhook. Also what must survive: double
//! submits, retries and restarts.

mod common;

use std::time::Duration;

use common::{Stack, MERCHANT_SECRET};
use hmac::{Hmac, Mac};
use orkestra_core::pix::BrCode;
use serde_json::Value;
use sha2::Sha256;

const WAIT: Duration = Duration::from_secs(15);

#[tokio::test]
async fn a_pix_payment_settles_and_the_page_and_merchant_hear_of_it() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-pix").await;
    let id = session["id"].as_str().unwrap();

    let page: Value = stack
        .http
        .get(format!("{}/api/pay/{token}", stack.proxy_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["amount"], "150.00");
    assert_eq!(page["locale"], "pt-BR");
    assert_eq!(
        page["methods"],
        serde_json::json!(["CARD", "PIX", "BOLETO"])
    );

    // Live status stream, opened before anything happens.
    let mut events = stack
        .http
        .get(format!("{}/api/pay/{token}/events", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");

    let response = stack.pay_pix(&token, "key-0000-first").await;
    assert_eq!(response.status(), 201);
    let page: Value = response.json().await.unwrap();
    let tx = &page["transactions"][0];
    assert_eq!(tx["status"], "pending");
    assert_eq!(tx["nextAction"]["type"], "pix_qr_code");
    let emv = tx["nextAction"]["emv"].as_str().unwrap();
    let code = BrCode::parse(emv).expect("the copy-and-paste code has a valid CRC");
    assert_eq!(code.amount.as_deref(), Some("150.00"));

    let merchant_view = stack.merchant_get(id).await;
    let orkestra_id = merchant_view["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(merchant_view["status"], "pending");
    assert_eq!(
        merchant_view["transactions"][0]["payer"]["document"],
        "***.***.*47-25"
    );
    assert!(
        !merchant_view.to_string().contains("52998224725"),
        "documents are masked"
    );

    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    stack.wait_for_status(id, "paid", WAIT).await;

    // The page's stream carries the paid state without anyone asking.
    let mut seen = String::new();
    let paid_seen = tokio::time::timeout(WAIT, async {
        while let Ok(Some(chunk)) = events.chunk().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("\"status\":\"paid\"") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(paid_seen, Ok(true), "the stream said: {seen}");

    // The merchant's webhook is signed over timestamp and body.
    let (headers, body) = stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    let signature = headers["orkestra-signature"].to_str().unwrap();
    let (t, v1) = signature.split_once(',').unwrap();
    let t = t.strip_prefix("t=").unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(common::WEBHOOK_SECRET.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(&body);
    assert_eq!(
        v1.strip_prefix("v1=").unwrap(),
        hex::encode(mac.finalize().into_bytes())
    );
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(event["data"]["id"], id);
    assert_eq!(event["data"]["transactions"][0]["status"], "paid");
}

#[tokio::test]
async fn a_double_submit_or_retry_creates_one_transaction() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-double").await;
    let (a, b) = tokio::join!(
        stack.pay_pix(&token, "key-double-click"),
        stack.pay_pix(&token, "key-double-click")
    );
    assert!(
        a.status().is_success() && b.status().is_success(),
        "{} {}",
        a.status(),
        b.status()
    );
    let retry = stack.pay_pix(&token, "key-double-click").await;
    assert_eq!(retry.status(), 200);

    // Another key while one attempt is pending is refused, not a second payment.
    let other = stack.pay_pix(&token, "key-second-tab").await;
    assert_eq!(other.status(), 409);
    let error: Value = other.json().await.unwrap();
    assert_eq!(error["error"]["code"], "transaction_in_progress");

    let view = stack.merchant_get(session["id"].as_str().unwrap()).await;
    assert_eq!(view["transactions"].as_array().unwrap().len(), 1, "{view}");
}

#[tokio::test]
async fn invalid_payer_fields_are_named_and_nothing_is_created() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-invalid").await;
    let response = stack
        .http
        .post(format!("{}/api/pay/{token}/transactions", stack.proxy_url()))
        .header("Idempotency-Key", "key-invalid-1")
        .json(&serde_json::json!({"method": "PIX", "payer": {"name": "Maria da Silva", "document": "529.982.247-26", "email": "maria@example"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "invalid_check_digit");
    assert_eq!(error["error"]["field"], "payer.document");
    assert_eq!(error["error"]["fields"][1]["field"], "payer.email");

    let missing_key = stack
        .http
        .post(format!("{}/api/pay/{token}/transactions", stack.proxy_url()))
        .json(&serde_json::json!({"method": "PIX", "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing_key.status(), 422);

    let view = stack.merchant_get(session["id"].as_str().unwrap()).await;
    assert_eq!(view["transactions"], serde_json::json!([]));
}

#[tokio::test]
async fn a_failed_pix_can_be_retried_with_a_new_attempt() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-retry").await;
    let id = session["id"].as_str().unwrap();
    assert_eq!(stack.pay_pix(&token, "key-retry-first").await.status(), 201);
    let first = stack.merchant_get(id).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stack.simulate(&first, "expired").await.status(), 200);
    stack.wait_for_status(id, "failed", WAIT).await;
    stack
        .merchant
        .wait_for_event("checkout_session.failed", WAIT)
        .await;

    assert_eq!(
        stack.pay_pix(&token, "key-retry-second").await.status(),
        201
    );
    let view = stack.merchant_get(id).await;
    let second = view["transactions"][1]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(first, second);
    assert_eq!(view["transactions"][0]["status"], "expired");
    assert_eq!(stack.simulate(&second, "paid").await.status(), 200);
    stack.wait_for_status(id, "paid", WAIT).await;
    // A settled transaction cannot be settled again.
    assert_eq!(stack.simulate(&second, "paid").await.status(), 409);
}

#[tokio::test]
async fn restarting_proxy_and_sandbox_mid_payment_loses_nothing() {
    let mut stack = Stack::start().await;
    let (session, token) = stack.new_session("order-restart").await;
    let id = session["id"].as_str().unwrap().to_owned();
    assert_eq!(stack.pay_pix(&token, "key-restart-01").await.status(), 201);
    let orkestra_id = stack.merchant_get(&id).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();

    // Both restart; then the payment settles while the proxy is down, so the sandbox's
    // notification has to wait in its outbox and be retried.
    stack.stop_proxy().await;
    stack.stop_sandbox().await;
    stack.start_sandbox().await;
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    stack.stop_sandbox().await;
    stack.start_sandbox().await;
    stack.start_proxy().await;

    let paid = stack.wait_for_status(&id, "paid", WAIT).await;
    assert_eq!(paid["transactions"][0]["orkestraId"], orkestra_id.as_str());
    assert_eq!(paid["merchantOrderId"], "order-restart");
    stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
}

#[tokio::test]
async fn merchant_webhooks_are_retried_until_acknowledged() {
    let stack = Stack::start().await;
    *stack.merchant.fail.lock().unwrap() = true;
    let (session, token) = stack.new_session("order-hook-retry").await;
    let id = session["id"].as_str().unwrap();
    assert_eq!(stack.pay_pix(&token, "key-hook-retry").await.status(), 201);
    let orkestra_id = stack.merchant_get(id).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    stack.simulate(&orkestra_id, "paid").await;
    stack.wait_for_status(id, "paid", WAIT).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(stack.merchant.events().is_empty());
    *stack.merchant.fail.lock().unwrap() = false;
    stack
        .merchant
        .wait_for_event("checkout_session.paid", Duration::from_secs(20))
        .await;
}

#[tokio::test]
async fn notifications_without_orkestras_credentials_are_refused() {
    let stack = Stack::start().await;
    let response = stack
        .http
        .post(format!("{}/webhooks/orkestra", stack.proxy_url()))
        .basic_auth(common::WEBHOOK_USER, Some("guess"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_merchant_can_cancel_an_unpaid_session_but_not_one_with_a_payment_in_flight() {
    let stack = Stack::start().await;
    let cancel = |id: String| {
        let request = stack
            .http
            .post(format!(
                "{}/v1/checkout-sessions/{id}/cancel",
                stack.proxy_url()
            ))
            .bearer_auth(MERCHANT_SECRET);
        async move { request.send().await.unwrap() }
    };

    let (session, token) = stack.new_session("order-cancel").await;
    let id = session["id"].as_str().unwrap().to_owned();
    let cancelled = cancel(id.clone()).await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(
        cancelled.json::<Value>().await.unwrap()["status"],
        "cancelled"
    );
    stack
        .merchant
        .wait_for_event("checkout_session.cancelled", WAIT)
        .await;
    // Cancelling again is harmless; paying afterwards is refused.
    assert_eq!(cancel(id.clone()).await.status(), 200);
    let refused = stack.pay_pix(&token, "key-after-cancel").await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"]["code"],
        "session_cancelled"
    );

    let (busy, busy_token) = stack.new_session("order-cancel-busy").await;
    let busy_id = busy["id"].as_str().unwrap().to_owned();
    assert_eq!(
        stack.pay_pix(&busy_token, "key-cancel-busy").await.status(),
        201
    );
    let refused = cancel(busy_id.clone()).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"]["code"],
        "transaction_in_progress"
    );
    assert_eq!(stack.merchant_get(&busy_id).await["status"], "pending");
}

#[tokio::test]
async fn on_shutdown_live_status_streams_are_told_to_reconnect_and_closed() {
    let mut stack = Stack::start().await;
    let (_, token) = stack.new_session("order-shutdown").await;
    let mut events = stack
        .http
        .get(format!("{}/api/pay/{token}/events", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    // The first event is the session itself.
    let first = events.chunk().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: session"));

    // Stopping waits for open streams, so it must end them itself.
    let stopped = tokio::time::timeout(Duration::from_secs(5), stack.stop_proxy()).await;
    assert!(stopped.is_ok(), "shutdown waited on the open stream");
    let mut rest = String::new();
    while let Ok(Some(chunk)) = events.chunk().await {
        rest.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(rest.contains("event: reconnect"), "the stream said: {rest}");
}
