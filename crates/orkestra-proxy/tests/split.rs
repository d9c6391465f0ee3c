//! Splitting one charge across methods (part card, part PIX) and orders with several
//! payers, through the real proxy and sandbox: the legs add up, a failed or expired leg is
//! replaced, an abandoned split is refunded by itself, and retries make no extra leg.
//! Runs on SQLite, and on PostgreSQL with `PROXY_TEST_BACKEND=postgres`.

mod common;

use std::time::Duration;

use common::{token_of, Stack};
use serde_json::{json, Value};

fn card(amount: Option<&str>) -> Value {
    common::card_payment(common::CARD_OK, amount)
}

fn pix(amount: Option<&str>) -> Value {
    common::pix_payment(amount)
}

const WAIT: Duration = Duration::from_secs(15);

async fn submit(stack: &Stack, token: &str, key: &str, body: &Value) -> (u16, Value) {
    let response = stack.submit(token, key, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The Orkestra id of the session's pending leg of `method`.
async fn pending_leg(stack: &Stack, id: &str, method: &str) -> String {
    let session = stack.merchant_get(id).await;
    session["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["method"] == method && t["status"] == "pending")
        .and_then(|t| t["orkestraId"].as_str())
        .unwrap_or_else(|| panic!("no pending {method} leg: {session}"))
        .to_owned()
}

/// Polls until the leg Orkestra knows as `orkestra_id` has `status`; the session then.
async fn wait_for_leg(stack: &Stack, id: &str, orkestra_id: &str, status: &str) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let session = stack.merchant_get(id).await;
        let done = session["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["orkestraId"] == orkestra_id && t["status"] == status);
        if done {
            return session;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "leg {orkestra_id} never became {status}: {session}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_card_and_pix_split_is_paid_only_when_its_legs_add_up() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-split-paid").await;
    let id = session["id"].as_str().unwrap();

    // The card goes first, for part of the total; the page shows what is left.
    let (status, page) = submit(&stack, &token, "key-split-card", &card(Some("100.00"))).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(page["transactions"][0]["status"], "paid");
    assert_eq!(page["charge"]["paidAmount"], "100.00");
    assert_eq!(page["charge"]["remainingAmount"], "50.00");
    assert_eq!(page["status"], "open", "the old page offers a new leg");
    let merchant = stack.wait_for_status(id, "partially_paid", WAIT).await;
    assert_eq!(merchant["paidAmount"], "100.00");
    assert_eq!(merchant["charges"][0]["status"], "partially_paid");
    stack
        .merchant
        .wait_for_event("checkout_session.partially_paid", WAIT)
        .await;

    // More than is left is the payer's to fix.
    let (status, error) = submit(&stack, &token, "key-split-over", &pix(Some("50.01"))).await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["field"], "amount");
    assert_eq!(error["error"]["code"], "amount_above_maximum");
    // An amount badly written is refused as the body is read, one with more decimals than
    // the session's currency once its currency is known: both on `amount`, and neither
    // leaves a leg behind (the PIX below is the second).
    for (written, code) in [
        ("50,00", "amount_format"),
        ("-5.00", "amount_negative"),
        ("5.001", "amount_too_many_decimals"),
    ] {
        let (status, error) = submit(&stack, &token, "key-split-bad", &pix(Some(written))).await;
        assert_eq!(status, 422, "{written}: {error}");
        assert_eq!(error["error"]["field"], "amount", "{written}");
        assert_eq!(error["error"]["code"], code, "{written}");
    }

    // PIX without an amount takes the remainder.
    let (status, page) = submit(&stack, &token, "key-split-pix", &pix(None)).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(page["transactions"][1]["amount"], "50.00");
    assert_eq!(page["charge"]["pendingAmount"], "50.00");
    assert_eq!(page["charge"]["remainingAmount"], "0.00");
    assert_eq!(page["status"], "pending");
    // Nothing is left to start another leg on.
    let (status, _) = submit(&stack, &token, "key-split-extra", &pix(None)).await;
    assert_eq!(status, 409);

    let orkestra_id = pending_leg(&stack, id, "PIX").await;
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    let paid = stack.wait_for_status(id, "paid", WAIT).await;
    assert_eq!(paid["paidAmount"], "150.00");
    assert_eq!(paid["charges"][0]["status"], "paid");
    let (_, body) = stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(event["data"]["transactions"].as_array().unwrap().len(), 2);
    // One Orkestra order, both legs on its one charge.
    let order = paid["transactions"][0]["orkestraOrderId"].as_str().unwrap();
    let upstream = stack.sandbox_get(&format!("/v1/orders/{order}")).await;
    assert_eq!(upstream["status"], "PAID");
    assert_eq!(
        upstream["charges"][0]["transactions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// `POST /api/pay/{token}/transactions/{tx}/cancel`: the payer withdraws a leg.
async fn withdraw(stack: &Stack, token: &str, tx: &str, key: Option<&str>) -> (u16, Value) {
    let mut request = stack.http.post(format!(
        "{}/api/pay/{token}/transactions/{tx}/cancel",
        stack.proxy_url()
    ));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_pending_pix_leg_withdrawn_by_the_payer_leaves_the_rest_to_pay_by_card() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-split-withdraw").await;
    let id = session["id"].as_str().unwrap();
    let (status, page) = submit(&stack, &token, "key-withdraw-card", &card(Some("50.00"))).await;
    assert_eq!(status, 201, "{page}");
    let card_tx = page["transactions"][0]["id"].as_str().unwrap().to_owned();
    let (status, page) = submit(&stack, &token, "key-withdraw-pix", &pix(None)).await;
    assert_eq!(status, 201, "{page}");
    let pix_tx = page["transactions"][1]["id"].as_str().unwrap().to_owned();
    let orkestra_pix = pending_leg(&stack, id, "PIX").await;
    // While the PIX leg waits, the rest cannot go by card.
    let (status, _) = submit(&stack, &token, "key-withdraw-early", &card(None)).await;
    assert_eq!(status, 409);

    let (status, error) = withdraw(&stack, &token, &pix_tx, None).await;
    assert_eq!(status, 422, "the Idempotency-Key is required: {error}");
    let (status, page) = withdraw(&stack, &token, &pix_tx, Some("key-withdraw-leg1")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["transactions"][1]["status"], "cancelled", "{page}");
    assert_eq!(page["charge"]["paidAmount"], "50.00");
    assert_eq!(page["charge"]["pendingAmount"], "0.00");
    assert_eq!(page["charge"]["remainingAmount"], "100.00");
    assert_eq!(page["status"], "open", "a withdrawn leg is no failure");
    // Orkestra cancelled it too, and says so in its notification.
    let view = wait_for_leg(&stack, id, &orkestra_pix, "cancelled").await;
    assert_eq!(view["status"], "partially_paid", "{view}");
    let order = view["transactions"][0]["orkestraOrderId"].as_str().unwrap();
    let upstream = stack.sandbox_get(&format!("/v1/orders/{order}")).await;
    let at_orkestra = upstream["charges"][0]["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == orkestra_pix.parse::<i64>().unwrap())
        .cloned()
        .unwrap_or_else(|| panic!("the PIX leg at Orkestra: {upstream}"));
    assert_eq!(at_orkestra["status"], "CANCELLED", "{upstream}");
    // Withdrawing it again answers the same.
    let (status, again) = withdraw(&stack, &token, &pix_tx, Some("key-withdraw-leg2")).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["transactions"][1]["status"], "cancelled");

    // A paid leg cannot be withdrawn, nor an unknown one.
    let (status, error) = withdraw(&stack, &token, &card_tx, Some("key-withdraw-card2")).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "transaction_not_cancellable");
    let (status, _) = withdraw(&stack, &token, "tx_unknown", Some("key-withdraw-none")).await;
    assert_eq!(status, 404);

    // The rest by card: paid.
    let (status, page) = submit(&stack, &token, "key-withdraw-rest", &card(None)).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(page["status"], "paid", "{page}");
    let paid = stack.wait_for_status(id, "paid", WAIT).await;
    assert_eq!(paid["paidAmount"], "150.00");
    stack
        .merchant
        .wait_for_matching("checkout_session.paid", |data| data["id"] == id, WAIT)
        .await;
}

#[tokio::test]
async fn a_card_leg_in_its_3ds_challenge_cannot_be_withdrawn() {
    let stack = Stack::start().await;
    let (_, token) = stack.new_session("order-withdraw-3ds").await;
    let challenged = common::card_payment(common::CARD_3DS, None);
    let (status, page) = submit(&stack, &token, "key-withdraw-3ds", &challenged).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(page["transactions"][0]["status"], "pending");
    let tx = page["transactions"][0]["id"].as_str().unwrap();
    let (status, error) = withdraw(&stack, &token, tx, Some("key-withdraw-3ds-1")).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "transaction_not_cancellable");
    assert_eq!(
        stack.page(&token).await["transactions"][0]["status"],
        "pending"
    );
}

#[tokio::test]
async fn an_expired_pix_leg_is_replaced_by_a_second_card_for_the_same_amount() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-split-replace").await;
    let id = session["id"].as_str().unwrap();
    let (status, _) = submit(&stack, &token, "key-replace-card", &card(Some("90.00"))).await;
    assert_eq!(status, 201);
    let (status, _) = submit(&stack, &token, "key-replace-pix", &pix(None)).await;
    assert_eq!(status, 201);
    // Cards go first: no card starts while the PIX leg waits for the payer.
    let (status, error) = submit(&stack, &token, "key-replace-early", &card(None)).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "transaction_in_progress");

    let orkestra_id = pending_leg(&stack, id, "PIX").await;
    assert_eq!(stack.simulate(&orkestra_id, "expired").await.status(), 200);
    let expired = wait_for_leg(&stack, id, &orkestra_id, "expired").await;
    assert_eq!(expired["status"], "partially_paid");
    assert_eq!(expired["charges"][0]["remainingAmount"], "60.00");

    // The page shows the expired leg as failed and offers a replacement for what is left.
    let page = stack.page(&token).await;
    assert_eq!(page["status"], "failed");
    assert_eq!(page["charge"]["remainingAmount"], "60.00");

    let (status, page) = submit(&stack, &token, "key-replace-card-2", &card(None)).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(page["transactions"][2]["amount"], "60.00");
    assert_eq!(page["status"], "paid");
    let paid = stack.wait_for_status(id, "paid", WAIT).await;
    assert_eq!(paid["paidAmount"], "150.00");
    let paid_legs: Vec<&Value> = paid["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "paid")
        .collect();
    assert_eq!(paid_legs.len(), 2);
}

/// A new session with BRL 40.00 of its 150.00 paid by card: a partly paid split.
async fn a_card_paid_part(stack: &Stack, order: &str) -> (String, String) {
    let (session, token) = stack.new_session(order).await;
    let id = session["id"].as_str().unwrap().to_owned();
    let key = format!("key-{order}-card");
    let (status, _) = submit(stack, &token, &key, &card(Some("40.00"))).await;
    assert_eq!(status, 201);
    stack.wait_for_status(&id, "partially_paid", WAIT).await;
    (id, token)
}

/// After the order closed as `closed` (`cancelled`, `expired`) with the card part paid:
/// the merchant's `checkout_session.<closed>` carries the refund under way, then
/// `charge.refunded` its end; the leg is refunded and the order takes no new leg. Returns
/// the `checkout_session.<closed>` event.
async fn assert_refunded_by_itself(
    stack: &Stack,
    id: &str,
    token: &str,
    closed: &str,
    within: Duration,
) -> Value {
    let (_, body) = stack
        .merchant
        .wait_for_event(&format!("checkout_session.{closed}"), within)
        .await;
    let closing: Value = serde_json::from_slice(&body).unwrap();
    let refund = &closing["data"]["charges"][0]["refund"];
    assert!(
        matches!(refund["status"].as_str(), Some("pending" | "requested")),
        "{closing}"
    );
    assert_eq!(refund["amount"], "40.00");
    let (_, body) = stack
        .merchant
        .wait_for_event("charge.refunded", within)
        .await;
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(event["data"]["charge"]["refund"]["status"], "refunded");
    assert_eq!(event["data"]["session"]["status"], closed);
    let session = stack.merchant_get(id).await;
    assert_eq!(session["transactions"][0]["autoRefund"], "refunded");
    // A closed order takes no new leg.
    let key = format!("key-{id}-late");
    let (status, _) = submit(stack, token, &key, &pix(None)).await;
    assert_eq!(status, 409);
    closing
}

#[tokio::test]
async fn an_abandoned_split_is_refunded_by_itself_and_the_webhook_says_so() {
    let stack = Stack::start().await;
    let (id, token) = a_card_paid_part(&stack, "order-split-abandon").await;

    // The payer gives up (an Idempotency-Key is required, as on every mutating call).
    let cancel = |key: Option<&'static str>| {
        let mut request = stack
            .http
            .post(format!("{}/api/pay/{token}/cancel", stack.proxy_url()));
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send()
    };
    assert_eq!(cancel(None).await.unwrap().status(), 422);
    let response = cancel(Some("key-abandon-1")).await.unwrap();
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["status"], "cancelled");
    // Again: the same answer.
    assert_eq!(cancel(Some("key-abandon-1")).await.unwrap().status(), 200);

    // Orkestra refunds the card leg; the merchant hears of each refund and of the charge.
    let event = assert_refunded_by_itself(&stack, &id, &token, "cancelled", WAIT).await;
    assert_eq!(event["data"]["charges"][0]["status"], "cancelled");
    stack.merchant.wait_for_event("refund.refunded", WAIT).await;
}

#[tokio::test]
async fn a_split_that_expires_partly_paid_is_refunded_by_itself_and_the_webhook_says_so() {
    let stack = Stack::start().await;
    let (id, token) = a_card_paid_part(&stack, "order-split-expire").await;

    // The session's time runs out, as the clock would do it in an hour.
    stack
        .execute_sql(&format!(
            "UPDATE sessions SET expires_at = 1 WHERE id = '{id}'"
        ))
        .await;
    // The sweeper looks every 5 s.
    let event =
        assert_refunded_by_itself(&stack, &id, &token, "expired", Duration::from_secs(30)).await;
    assert_eq!(event["data"]["id"], id.as_str());
}

#[tokio::test]
async fn a_three_payer_order_is_paid_by_three_payers_each_seeing_only_their_share() {
    let stack = Stack::start().await;
    let mut body = stack.session_body("order-three-payers");
    body["charges"] = json!([
        {"amount": "50.00", "reference": "ana"},
        {"amount": "60.00", "reference": "bia"},
        {"amount": "40.00", "reference": "caio"}
    ]);
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    let id = session["id"].as_str().unwrap().to_owned();
    let charges = session["charges"].as_array().unwrap().clone();
    assert_eq!(charges.len(), 3);
    assert_eq!(
        charges[0]["url"], session["url"],
        "the first payer's page is the session's"
    );
    let tokens: Vec<String> = charges.iter().map(token_of).collect();
    assert_ne!(tokens[1], tokens[2]);

    // Charges must add up to the order.
    let mut wrong = stack.session_body("order-three-payers-wrong");
    wrong["charges"] = json!([{"amount": "50.00"}, {"amount": "60.00"}]);
    let response = stack.create_session(&wrong).await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["field"], "charges");

    // Each page shows only its payer's share.
    for (token, amount) in tokens.iter().zip(["50.00", "60.00", "40.00"]) {
        let page = stack.page(token).await;
        assert_eq!(page["amount"], amount);
        assert_eq!(page["charge"]["count"], 3);
    }

    // The first payer by card, the second by PIX, the third splits card + PIX.
    let (status, page) = submit(&stack, &tokens[0], "key-three-a", &card(None)).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(page["status"], "paid");
    let partly = stack.wait_for_status(&id, "partially_paid", WAIT).await;
    assert_eq!(partly["paidAmount"], "50.00");
    let (status, page) = submit(&stack, &tokens[1], "key-three-b", &pix(None)).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(
        page["transactions"].as_array().unwrap().len(),
        1,
        "only this payer's legs"
    );
    let (status, _) = submit(&stack, &tokens[2], "key-three-c1", &card(Some("15.00"))).await;
    assert_eq!(status, 201);
    let (status, _) = submit(&stack, &tokens[2], "key-three-c2", &pix(None)).await;
    assert_eq!(status, 201);
    for _ in 0..2 {
        let orkestra_id = pending_leg(&stack, &id, "PIX").await;
        assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
        wait_for_leg(&stack, &id, &orkestra_id, "paid").await;
    }
    let paid = stack.wait_for_status(&id, "paid", WAIT).await;
    assert_eq!(paid["paidAmount"], "150.00");
    for charge in paid["charges"].as_array().unwrap() {
        assert_eq!(charge["status"], "paid", "{charge}");
    }
    stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    stack
        .merchant
        .wait_for_matching("charge.paid", |d| d["charge"]["reference"] == "caio", WAIT)
        .await;
    // One Orkestra order with three charges.
    let order = paid["transactions"][0]["orkestraOrderId"].as_str().unwrap();
    let upstream = stack.sandbox_get(&format!("/v1/orders/{order}")).await;
    assert_eq!(upstream["charges"].as_array().unwrap().len(), 3);
    assert_eq!(upstream["status"], "PAID");
}

#[tokio::test]
async fn a_double_submit_or_retry_during_a_split_creates_no_extra_leg() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-split-retry").await;
    let id = session["id"].as_str().unwrap();
    let (status, _) = submit(&stack, &token, "key-retry-card", &card(Some("70.00"))).await;
    assert_eq!(status, 201);
    // A retry of the card leg answers it again.
    let (status, _) = submit(&stack, &token, "key-retry-card", &card(Some("70.00"))).await;
    assert_eq!(status, 200);

    // A double click on the PIX leg: both with one key, at once.
    let body = pix(Some("80.00"));
    let (a, b) = tokio::join!(
        submit(&stack, &token, "key-retry-pix", &body),
        submit(&stack, &token, "key-retry-pix", &body)
    );
    // Both answer the one leg (the second may finish the first's upstream call).
    for (status, page) in [&a, &b] {
        assert!(matches!(status, 200 | 201), "{status} {page}");
        assert_eq!(page["transactions"].as_array().unwrap().len(), 2, "{page}");
    }
    // And a retry after a reload.
    let (status, _) = submit(&stack, &token, "key-retry-pix", &body).await;
    assert_eq!(status, 200);
    // The same key for another leg is refused.
    let (status, error) = submit(&stack, &token, "key-retry-pix", &pix(Some("10.00"))).await;
    assert_eq!(status, 409);
    assert_eq!(error["error"]["code"], "idempotency_key_reused");

    let session = stack.merchant_get(id).await;
    let legs = session["transactions"].as_array().unwrap();
    assert_eq!(legs.len(), 2, "{session}");
    assert_eq!(session["charges"][0]["pendingAmount"], "80.00");
    assert_eq!(session["charges"][0]["paidAmount"], "70.00");
    // Upstream too: two transactions on the order.
    let order = legs[0]["orkestraOrderId"].as_str().unwrap();
    let upstream = stack.sandbox_get(&format!("/v1/orders/{order}")).await;
    assert_eq!(
        upstream["charges"][0]["transactions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
