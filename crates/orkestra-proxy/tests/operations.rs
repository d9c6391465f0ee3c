//! What the merchant's operators rely on, over real HTTP: the events API (every webhook,
//! its attempts, resending one, giving up after the horizon), restricted keys, rotating
//! the webhook secret, request ids, and forwarding headers believed only from trusted
//! proxies.

mod common;

use std::time::Duration;

use common::{Backend, Stack, MERCHANT_SECRET, RESTRICTED_SECRET, WEBHOOK_SECRET};
use orkestra_proxy::requests::TrustedProxies;
use secrecy::SecretString;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(15);

/// Cancels a session through the merchant API (which queues `checkout_session.cancelled`):
/// the cancel's `X-Request-Id`.
async fn cancel(stack: &Stack, id: &str) -> String {
    let response = stack
        .http
        .post(format!(
            "{}/v1/checkout-sessions/{id}/cancel",
            stack.proxy_url()
        ))
        .bearer_auth(MERCHANT_SECRET)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn get(stack: &Stack, path: &str, key: &str) -> (u16, Value) {
    let response = stack
        .http
        .get(format!("{}{path}", stack.proxy_url()))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Polls the session's events until one satisfies `done`.
async fn wait_for_event(stack: &Stack, session: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let (status, list) = get(
            stack,
            &format!("/v1/events?sessionId={session}"),
            MERCHANT_SECRET,
        )
        .await;
        assert_eq!(status, 200, "{list}");
        if let Some(event) = list["data"].as_array().unwrap().iter().find(|e| done(e)) {
            return event.clone();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no such event: {list}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_webhook_nobody_acknowledges_is_retried_then_dead_and_can_be_inspected_and_resent() {
    let mut stack = Stack::without_proxy(Backend::from_env()).await;
    // A horizon of two seconds: the first retry waits one, the second would wait two more.
    stack
        .start_proxy_with(|c| c.webhook_dead_after = Duration::from_secs(2))
        .await;
    *stack.merchant.fail.lock().unwrap() = true;
    let (session, _) = stack.new_session("order-events-dead").await;
    let id = session["id"].as_str().unwrap();
    let request_id = cancel(&stack, id).await;

    let dead = wait_for_event(&stack, id, |e| e["status"] == "dead").await;
    assert_eq!(dead["type"], "checkout_session.cancelled");
    assert_eq!(dead["url"], stack.merchant.url());
    assert_eq!(dead["attempts"], 2, "{dead}");
    assert_eq!(dead["lastError"], "HTTP 500 Internal Server Error");
    assert_eq!(dead["requestId"], request_id.as_str(), "{dead}");
    assert!(dead["deadAt"].is_string() && dead["nextAttemptAt"].is_null());
    let event_id = dead["id"].as_str().unwrap().to_owned();

    let (status, detail) = get(&stack, &format!("/v1/events/{event_id}"), MERCHANT_SECRET).await;
    assert_eq!(status, 200, "{detail}");
    let attempts = detail["deliveryAttempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{detail}");
    assert!(attempts.iter().all(|a| a["statusCode"] == 500), "{detail}");
    assert_eq!(detail["payload"]["id"], event_id.as_str());
    assert_eq!(detail["payload"]["type"], "checkout_session.cancelled");
    assert_eq!(detail["payload"]["data"]["id"], id);

    // Filters: by delivery state, and a state that does not exist is a field error.
    let (_, dead_list) = get(&stack, "/v1/events?status=dead", MERCHANT_SECRET).await;
    assert!(dead_list["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == event_id.as_str()));
    let (_, delivered) = get(&stack, "/v1/events?status=delivered", MERCHANT_SECRET).await;
    assert!(!delivered["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == event_id.as_str()));
    let (status, error) = get(&stack, "/v1/events?status=lost", MERCHANT_SECRET).await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["field"], "status");

    // The merchant is back; resending delivers the same event, newly signed, with the id of
    // the request that caused it.
    *stack.merchant.fail.lock().unwrap() = false;
    let resent = stack
        .http
        .post(format!("{}/v1/events/{event_id}/resend", stack.proxy_url()))
        .bearer_auth(MERCHANT_SECRET)
        .send()
        .await
        .unwrap();
    assert_eq!(resent.status(), 202);
    let (headers, body) = stack
        .merchant
        .wait_for_event("checkout_session.cancelled", WAIT)
        .await;
    assert!(common::signature_is_valid(&headers, &body, WEBHOOK_SECRET));
    assert_eq!(headers["x-request-id"], request_id.as_str());
    assert_eq!(headers["orkestra-event-id"], event_id.as_str());
    let sent: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(sent, detail["payload"]);
    let delivered = wait_for_event(&stack, id, |e| e["status"] == "delivered").await;
    assert_eq!(delivered["attempts"], 3, "{delivered}");
    assert!(delivered["deliveredAt"].is_string() && delivered["deadAt"].is_null());

    let unknown = stack
        .http
        .post(format!(
            "{}/v1/events/evt_unknown/resend",
            stack.proxy_url()
        ))
        .bearer_auth(MERCHANT_SECRET)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn a_restricted_key_creates_and_reads_sessions_and_nothing_else() {
    let stack = Stack::start().await;
    let created = stack
        .http
        .post(format!("{}/v1/checkout-sessions", stack.proxy_url()))
        .bearer_auth(RESTRICTED_SECRET)
        .json(&stack.session_body("order-restricted"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let session: Value = created.json().await.unwrap();
    let id = session["id"].as_str().unwrap();
    let (status, read) = get(
        &stack,
        &format!("/v1/checkout-sessions/{id}"),
        RESTRICTED_SECRET,
    )
    .await;
    assert_eq!((status, &read["id"]), (200, &session["id"]));

    for (method, path) in [
        ("POST", format!("/v1/checkout-sessions/{id}/cancel")),
        ("POST", format!("/v1/checkout-sessions/{id}/transactions")),
        ("GET", "/v1/transactions".to_owned()),
        ("POST", "/v1/transactions/tx_any/refunds".to_owned()),
        ("POST", "/v1/payouts".to_owned()),
        ("GET", "/v1/payouts/1".to_owned()),
        ("GET", "/v1/events".to_owned()),
        ("GET", "/v1/webhook-signing-secret".to_owned()),
    ] {
        let response = stack
            .http
            .request(
                method.parse().unwrap(),
                format!("{}{path}", stack.proxy_url()),
            )
            .bearer_auth(RESTRICTED_SECRET)
            .header("Idempotency-Key", "restricted")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "forbidden", "{method} {path}");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("restricted"));
    }
    // The session is untouched; an unknown key is not a restricted one.
    let (_, read) = get(
        &stack,
        &format!("/v1/checkout-sessions/{id}"),
        MERCHANT_SECRET,
    )
    .await;
    assert_eq!(read["status"], "open");
    let (status, _) = get(&stack, "/v1/events", "rk_wrong").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn during_a_rotation_both_keys_work_and_webhooks_carry_both_signatures() {
    let mut stack = Stack::without_proxy(Backend::from_env()).await;
    stack
        .start_proxy_with(|c| {
            c.merchant_keys.full = vec![
                SecretString::from("sk_test_new_merchant_key"),
                SecretString::from(MERCHANT_SECRET),
            ];
            c.webhook_signing_secret = Some(SecretString::from("whsec_new"));
            c.webhook_signing_secret_previous = Some(SecretString::from(WEBHOOK_SECRET));
        })
        .await;
    let (session, _) = stack.new_session("order-rotation").await;
    let id = session["id"].as_str().unwrap();
    let (status, _) = get(
        &stack,
        &format!("/v1/checkout-sessions/{id}"),
        "sk_test_new_merchant_key",
    )
    .await;
    assert_eq!(status, 200);
    let (status, secret) = get(&stack, "/v1/webhook-signing-secret", MERCHANT_SECRET).await;
    assert_eq!(status, 200);
    assert_eq!(
        secret,
        json!({"secret": "whsec_new", "previous": WEBHOOK_SECRET})
    );

    cancel(&stack, id).await;
    let (headers, body) = stack
        .merchant
        .wait_for_event("checkout_session.cancelled", WAIT)
        .await;
    let header = headers["orkestra-signature"].to_str().unwrap();
    assert_eq!(header.matches(",v1=").count(), 2, "{header}");
    assert!(common::signature_is_valid(&headers, &body, "whsec_new"));
    assert!(common::signature_is_valid(&headers, &body, WEBHOOK_SECRET));
    assert!(!common::signature_is_valid(&headers, &body, "whsec_other"));
}

#[tokio::test]
async fn without_a_configured_secret_the_proxy_makes_one_keeps_it_and_signs_with_it() {
    let mut stack = Stack::without_proxy(Backend::from_env()).await;
    let unset = |c: &mut orkestra_proxy::Config| c.webhook_signing_secret = None;
    stack.start_proxy_with(unset).await;
    let (_, first) = get(&stack, "/v1/webhook-signing-secret", MERCHANT_SECRET).await;
    let made = first["secret"].as_str().unwrap().to_owned();
    assert!(made.len() >= 32 && made != WEBHOOK_SECRET, "{first}");
    assert!(first.get("previous").is_none());

    stack.restart_proxy_with(unset).await;
    let (_, again) = get(&stack, "/v1/webhook-signing-secret", MERCHANT_SECRET).await;
    assert_eq!(again["secret"], made.as_str(), "kept across restarts");

    let (session, _) = stack.new_session("order-made-secret").await;
    cancel(&stack, session["id"].as_str().unwrap()).await;
    let (headers, body) = stack
        .merchant
        .wait_for_event("checkout_session.cancelled", WAIT)
        .await;
    assert!(common::signature_is_valid(&headers, &body, &made));
}

/// Five merchant API calls from one address, each claiming another client: how many the
/// per-IP limit (three a minute here) refused, and the request ids answered.
async fn five_calls(stack: &Stack, forwarded: impl Fn(usize) -> String) -> (usize, Vec<String>) {
    let mut refused = 0;
    let mut ids = Vec::new();
    for n in 0..5 {
        let response = stack
            .http
            .get(format!("{}/v1/transactions", stack.proxy_url()))
            .bearer_auth(MERCHANT_SECRET)
            .header("X-Forwarded-For", forwarded(n))
            .header("X-Request-Id", format!("lb-{n}"))
            .send()
            .await
            .unwrap();
        refused += usize::from(response.status() == 429);
        ids.push(
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }
    (refused, ids)
}

#[tokio::test]
async fn forwarding_headers_and_request_ids_are_believed_only_from_trusted_proxies() {
    let mut stack = Stack::without_proxy(Backend::Sqlite).await;
    stack.start_proxy_with(|c| c.rate_limit_per_ip = 3).await;
    // Nobody is trusted: a spoofed X-Forwarded-For does not escape the limit, and the
    // caller's request id is replaced by the proxy's own.
    let (refused, ids) = five_calls(&stack, |n| format!("203.0.113.{n}")).await;
    assert_eq!(refused, 2);
    assert!(
        ids.iter()
            .all(|id| !id.starts_with("lb-") && id.len() == 32),
        "{ids:?}"
    );

    // Behind trusted balancers (this test's own address, and an inner one at 10.0.0.1), each forwarded client has its
    // own budget, and the balancer's request ids are kept.
    let trusted = TrustedProxies::parse("127.0.0.1/32, 10.0.0.0/8").unwrap();
    stack
        .restart_proxy_with(|c| {
            c.rate_limit_per_ip = 3;
            c.trusted_proxies = trusted;
        })
        .await;
    let (refused, ids) = five_calls(&stack, |n| format!("198.51.100.{n}, 10.0.0.1")).await;
    assert_eq!(refused, 0);
    assert_eq!(ids, ["lb-0", "lb-1", "lb-2", "lb-3", "lb-4"]);
    // The same forwarded client five times is limited like a direct one.
    let (refused, _) = five_calls(&stack, |_| "198.51.100.77".to_owned()).await;
    assert_eq!(refused, 2);
}
