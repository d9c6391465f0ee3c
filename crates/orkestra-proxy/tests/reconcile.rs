//! The reconciler, over real HTTP with the real sandbox: a card attempt left `creating` by
//! a create call that timed out is settled with Orkestra's real status, and one whose
//! request never reached Orkestra is failed so the payer can pay with a new key. Orkestra's
//! notifications are turned off in these tests, so only the reconciler can settle anything.
//! Run on SQLite, and on PostgreSQL in the blackbox layer's second pass.

mod common;

use std::time::Duration;

use common::{Stack, CARD_OK, CARD_SLOW};
use serde_json::Value;

/// Answers `503` and stores nothing (the sandbox's lost request).
const CARD_LOST: &str = "4000 0000 0000 0010";
const WAIT: Duration = Duration::from_secs(20);

/// A stack whose sandbox sends no notifications and whose proxy gives up on Orkestra after
/// 0.5 s without retrying, and reconciles attempts untouched for 2 s.
async fn stack() -> Stack {
    let mut stack = Stack::start().await;
    stack.stop_sandbox().await;
    stack
        .start_sandbox_with(|config| config.webhook_url = None)
        .await;
    stack
        .restart_proxy_with(|config| {
            config.orkestra.timeout = Duration::from_millis(500);
            config.orkestra.retries = 0;
            config.reconcile.after = Duration::from_secs(2);
            config.reconcile.interval = Duration::from_millis(200);
            config.reconcile.max_backoff = Duration::from_secs(3);
        })
        .await;
    stack
}

async fn wait_for_page(stack: &Stack, token: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let page = stack.page(token).await;
        if ok(&page) {
            return page;
        }
        assert!(tokio::time::Instant::now() < deadline, "page stuck: {page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test]
async fn a_card_whose_create_call_timed_out_gets_its_real_status_and_stays_one_transaction() {
    let stack = stack().await;
    let (session, token) = stack.new_session("order-reconcile-found").await;
    let id = session["id"].as_str().unwrap().to_owned();

    let first = stack
        .submit(
            &token,
            "key-found-0001",
            &common::card_payment(CARD_SLOW, None),
        )
        .await;
    assert_eq!(
        error_code(first).await,
        (503, "upstream_unavailable".into())
    );
    // Stuck: the payer reloads and tries with a new key, and the charge is held.
    let blocked = stack
        .submit(
            &token,
            "key-found-0002",
            &common::card_payment(CARD_OK, None),
        )
        .await;
    assert_eq!(blocked.status(), 409);

    let page = wait_for_page(&stack, &token, |p| p["status"] == "paid").await;
    assert_eq!(page["transactions"].as_array().unwrap().len(), 1, "{page}");
    assert_eq!(page["transactions"][0]["status"], "paid", "{page}");
    let view = stack.merchant_get(&id).await;
    assert_eq!(view["status"], "paid", "{view}");
    let order_id = view["transactions"][0]["orkestraOrderId"]
        .as_str()
        .expect("the order id was learnt from the lookup")
        .to_owned();
    stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    // One transaction at Orkestra, and the same key is now a replay, not a second call.
    let (order, upstream) = stack.orkestra_order(&order_id).await;
    assert_eq!(upstream.len(), 1, "{order}");
    assert_eq!(upstream[0]["status"], "PAID");
    let again = stack
        .submit(
            &token,
            "key-found-0001",
            &common::card_payment(CARD_SLOW, None),
        )
        .await;
    assert_eq!(again.status(), 200);
    let (_, upstream) = stack.orkestra_order(&order_id).await;
    assert_eq!(upstream.len(), 1);
}

#[tokio::test]
async fn a_card_that_never_reached_orkestra_is_released_once_orkestra_answers_and_a_new_key_pays() {
    let mut stack = stack().await;
    let (session, token) = stack.new_session("order-reconcile-lost").await;
    let id = session["id"].as_str().unwrap().to_owned();

    let lost = stack
        .submit(
            &token,
            "key-lost-0001",
            &common::card_payment(CARD_LOST, None),
        )
        .await;
    assert_eq!(error_code(lost).await, (503, "upstream_unavailable".into()));
    // Orkestra is down when the reconciler first looks: it cannot tell, so it waits.
    stack.stop_sandbox().await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let blocked = stack
        .submit(
            &token,
            "key-lost-0002",
            &common::card_payment(CARD_OK, None),
        )
        .await;
    assert_eq!(blocked.status(), 409, "still held while Orkestra is down");
    let page = stack.page(&token).await;
    assert_ne!(page["transactions"][0]["status"], "failed", "{page}");

    stack
        .start_sandbox_with(|config| config.webhook_url = None)
        .await;
    let page = wait_for_page(&stack, &token, |p| {
        p["transactions"][0]["status"] == "failed"
    })
    .await;
    assert_eq!(page["status"], "failed", "{page}");
    let view = stack.merchant_get(&id).await;
    assert_eq!(view["transactions"][0]["status"], "failed", "{view}");

    let paid = stack
        .submit(
            &token,
            "key-lost-0003",
            &common::card_payment(CARD_OK, None),
        )
        .await;
    assert_eq!(paid.status(), 201);
    let page: Value = paid.json().await.unwrap();
    assert_eq!(page["status"], "paid", "{page}");
    let view = stack.merchant_get(&id).await;
    let order_id = view["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|t| t["orkestraOrderId"].as_str())
        .unwrap()
        .to_owned();
    let (order, upstream) = stack.orkestra_order(&order_id).await;
    assert_eq!(
        upstream.len(),
        1,
        "only the new key's card at Orkestra: {order}"
    );
    assert_eq!(upstream[0]["status"], "PAID");
}
