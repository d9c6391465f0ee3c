//! When Orkestra is down, with the real sandbox stopped and started again: a submit answers
//! a clear `503 upstream_unavailable` at once and leaves nothing behind, and a retry once
//! Orkestra is back pays once; an idempotent read is retried, a bounded number of times,
//! and gets through when Orkestra comes back between two attempts.

mod common;

use std::time::{Duration, Instant};

use common::{Stack, CARD_OK};
use serde_json::{json, Value};

#[tokio::test]
async fn with_orkestra_down_a_submit_is_a_503_that_creates_nothing_and_a_retry_pays_once() {
    let mut stack = Stack::start().await;
    let timeout = Duration::from_secs(2);
    stack
        .restart_proxy_with(|config| {
            config.orkestra.timeout = timeout;
            config.orkestra.retries = 1;
        })
        .await;
    let (session, token) = stack.new_session("order-upstream-down").await;
    let id = session["id"].as_str().unwrap().to_owned();
    let card = common::card_payment(CARD_OK, None);

    stack.stop_sandbox().await;
    let started = Instant::now();
    let down = stack.submit(&token, "key-down-00001", &card).await;
    let elapsed = started.elapsed();
    assert_eq!(down.status(), 503);
    let error: Value = down.json().await.unwrap();
    assert_eq!(error["error"]["code"], "upstream_unavailable", "{error}");
    assert!(elapsed < timeout, "answered in {elapsed:?}");
    // Nothing was made: no transaction, and the session is open as before.
    let view = stack.merchant_get(&id).await;
    assert_eq!(view["transactions"], json!([]), "{view}");
    assert_eq!(view["status"], "open");
    let page = stack.page(&token).await;
    assert_eq!(page["status"], "open", "{page}");
    assert_eq!(page["transactions"], json!([]));

    // Orkestra is back: the payer's retry (same key) pays, and a second retry is a replay.
    stack.start_sandbox().await;
    let paid = stack.submit(&token, "key-down-00001", &card).await;
    assert_eq!(paid.status(), 201);
    let page: Value = paid.json().await.unwrap();
    assert_eq!(page["status"], "paid", "{page}");
    let again = stack.submit(&token, "key-down-00001", &card).await;
    assert_eq!(again.status(), 200);
    let view = stack.merchant_get(&id).await;
    assert_eq!(view["transactions"].as_array().unwrap().len(), 1, "{view}");
    assert_eq!(view["status"], "paid");
    let order_id = view["transactions"][0]["orkestraOrderId"].as_str().unwrap();
    let (order, upstream) = stack.orkestra_order(order_id).await;
    assert_eq!(
        upstream.len(),
        1,
        "one card transaction at Orkestra: {order}"
    );
    assert_eq!(upstream[0]["status"], "PAID");
}

#[tokio::test]
async fn an_idempotent_read_is_retried_until_orkestra_is_back_and_no_more_than_configured() {
    let mut stack = Stack::start().await;
    stack
        .restart_proxy_with(|config| {
            config.orkestra.timeout = Duration::from_secs(2);
            config.orkestra.retries = 3;
        })
        .await;
    let body = json!({"merchantOrderId": "order-banks", "country": "CO", "currency": "COP",
                      "amount": "50000.00", "metadata": {}});
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 201);
    let token = common::token_of(&response.json().await.unwrap());
    let banks_url = format!("{}/api/pay/{token}/banks", stack.proxy_url());

    // The first attempt finds Orkestra down; it is back before the retry 0.4 s later.
    stack.stop_sandbox().await;
    let read = tokio::spawn({
        let (http, url) = (stack.http.clone(), banks_url.clone());
        async move { http.get(url).send().await.unwrap() }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    stack.start_sandbox().await;
    let response = read.await.unwrap();
    assert_eq!(response.status(), 200);
    let banks: Value = response.json().await.unwrap();
    assert!(
        banks.as_array().is_some_and(|b| b.len() > 3),
        "the PSE banks: {banks}"
    );

    // Down for good: three retries, 0.4 + 0.8 + 1.6 s apart, then the 503.
    stack.stop_sandbox().await;
    let started = Instant::now();
    let response = stack.http.get(&banks_url).send().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 503);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "upstream_unavailable");
    assert!(
        elapsed >= Duration::from_millis(2800) && elapsed < Duration::from_millis(4500),
        "three retries with backoff, then the answer: {elapsed:?}"
    );
}
