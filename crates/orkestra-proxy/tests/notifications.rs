//! Orkestra delivers its notifications at least once and in no guaranteed order: an
//! order's, a refund's or a payout's notification sent again after it took effect, and a
//! stale `PENDING` copy arriving after the final status, are acknowledged, move nothing
//! back and forward no second webhook to the merchant.
//!
//! The copies are what the sandbox sends, rebuilt from its API (its order view is the
//! notification's body, see the sandbox's README), posted with Orkestra's credentials.

mod common;

use std::time::Duration;

use common::{Stack, WEBHOOK_PASSWORD, WEBHOOK_USER};
use reqwest::Method;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

/// Posts a notification to the proxy as Orkestra does; its status code.
async fn notify(stack: &Stack, path: &str, body: &Value) -> u16 {
    stack
        .http
        .post(format!("{}{path}", stack.proxy_url()))
        .basic_auth(WEBHOOK_USER, Some(WEBHOOK_PASSWORD))
        .json(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A refund's or payout's notification (the object itself, final) twice more, then a copy
/// of it still `PENDING`: each acknowledged.
async fn resend(stack: &Stack, path: &str, notified: &Value) {
    let mut stale = notified.clone();
    stale["status"] = json!("PENDING");
    for copy in [notified, notified, &stale] {
        assert_eq!(notify(stack, path, copy).await, 204, "{path}");
    }
}

/// The order notification of the order as the sandbox now has it: the order's fields with
/// `referenceId` and `paidAmount`, and its transactions also flattened at the top level.
fn order_notification(order: &Value) -> Value {
    let transactions: Vec<Value> = order["charges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["transactions"].as_array().unwrap().clone())
        .collect();
    json!({"id": order["id"], "referenceId": order["merchantOrderId"], "amount": order["amount"],
           "paidAmount": order["amount"], "currency": order["currency"],
           "allowsThirdPartyPayments": order["allowsThirdPartyPayments"], "status": order["status"],
           "metadata": order["metadata"], "charges": order["charges"], "transactions": transactions})
}

/// The same notification as it was while the payment was pending.
fn pending_copy(paid: &Value) -> Value {
    let mut stale = paid.clone();
    stale["status"] = json!("PENDING");
    stale["paidAmount"] = json!(0);
    for tx in stale["transactions"].as_array_mut().unwrap() {
        tx["status"] = json!("PENDING");
        tx["paidAmount"] = json!(0);
    }
    for charge in stale["charges"].as_array_mut().unwrap() {
        charge["status"] = json!("PENDING");
        for tx in charge["transactions"].as_array_mut().unwrap() {
            tx["status"] = json!("PENDING");
            tx["paidAmount"] = json!(0);
        }
    }
    stale
}

/// How many merchant webhooks of `kind` are about the object `id`.
fn count(stack: &Stack, kind: &str, id: &str) -> usize {
    stack
        .merchant
        .events()
        .iter()
        .filter(|e| e["type"] == kind && e["data"]["id"] == id)
        .count()
}

/// Waits until every merchant webhook queued so far has been delivered: the proxy sends
/// them oldest first, so once a new session's `checkout_session.cancelled` arrives, the
/// ones queued before it have too.
async fn drain(stack: &Stack, order: &str) {
    let (session, _) = stack.new_session(order).await;
    let id = session["id"].as_str().unwrap();
    let (status, _) = stack
        .merchant_call(
            Method::POST,
            &format!("/v1/checkout-sessions/{id}/cancel"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    stack
        .merchant
        .wait_for_matching("checkout_session.cancelled", |data| data["id"] == id, WAIT)
        .await;
}

#[tokio::test]
async fn a_paid_orders_and_a_refunds_notifications_repeated_or_stale_forward_one_webhook_each() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-dedup").await;
    let id = session["id"].as_str().unwrap().to_owned();
    assert_eq!(stack.pay_pix(&token, "key-dedup-0001").await.status(), 201);
    let view = stack.merchant_get(&id).await;
    let tx = view["transactions"][0]["id"].as_str().unwrap().to_owned();
    let orkestra_id = view["transactions"][0]["orkestraId"].as_str().unwrap();
    let order_id = view["transactions"][0]["orkestraOrderId"].as_str().unwrap();
    assert_eq!(stack.simulate(orkestra_id, "paid").await.status(), 200);
    stack.wait_for_status(&id, "paid", WAIT).await;
    stack
        .merchant
        .wait_for_matching("checkout_session.paid", |data| data["id"] == id, WAIT)
        .await;

    // The paid notification twice more, then the pending one arriving late.
    let order = stack.sandbox_get(&format!("/v1/orders/{order_id}")).await;
    assert_eq!(order["status"], "PAID", "{order}");
    let paid = order_notification(&order);
    for copy in [&paid, &paid, &pending_copy(&paid)] {
        assert_eq!(notify(&stack, "/webhooks/orkestra", copy).await, 204);
    }
    let view = stack.merchant_get(&id).await;
    assert_eq!(view["status"], "paid", "{view}");
    assert_eq!(view["transactions"][0]["status"], "paid", "{view}");
    assert_eq!(stack.page(&token).await["status"], "paid");

    // A refund: its notification once from the sandbox, then the same copies.
    let (status, refund) = stack
        .merchant_call(
            Method::POST,
            &format!("/v1/transactions/{tx}/refunds"),
            Some(&json!({})),
            Some("key-dedup-refund"),
        )
        .await;
    assert_eq!(status, 201, "{refund}");
    let refund_id = refund["id"].as_str().unwrap().to_owned();
    stack
        .merchant
        .wait_for_matching("refund.refunded", |data| data["id"] == refund_id, WAIT)
        .await;
    let refunded = stack.sandbox_get(&format!("/v1/refunds/{refund_id}")).await;
    assert_eq!(refunded["status"], "REFUNDED", "{refunded}");
    resend(&stack, "/webhooks/orkestra/refunds", &refunded).await;

    drain(&stack, "order-dedup-drain").await;
    assert_eq!(count(&stack, "checkout_session.paid", &id), 1);
    assert_eq!(
        count(&stack, "checkout_session.pending", &id),
        1,
        "only before it was paid"
    );
    assert_eq!(count(&stack, "refund.refunded", &refund_id), 1);
    assert_eq!(count(&stack, "refund.pending", &refund_id), 0);
    assert_eq!(stack.merchant_get(&id).await["status"], "paid");
    let (_, refunds) = stack
        .merchant_call(
            Method::GET,
            &format!("/v1/transactions/{tx}/refunds"),
            None,
            None,
        )
        .await;
    assert_eq!(refunds[0]["status"], "refunded", "{refunds}");
}

#[tokio::test]
async fn a_payouts_notification_repeated_or_stale_forwards_one_webhook() {
    let mut stack = Stack::start().await;
    let url = stack.merchant.url();
    stack
        .restart_proxy_with(|config| config.payout_webhook_url = Some(url))
        .await;
    let body = json!({"referenceId": "po-dedup-1", "method": "PIX", "currency": "BRL",
        "amount": "25.00",
        "bankAccount": {"key": "+5511987654321", "document": "529.982.247-25", "documentType": "CPF"},
        "beneficiary": {"firstName": "Maria", "lastName": "da Silva", "type": "INDIVIDUAL",
                        "document": "529.982.247-25", "documentType": "CPF"}});
    let (status, payout) = stack
        .merchant_call(Method::POST, "/v1/payouts", Some(&body), None)
        .await;
    assert_eq!(status, 201, "{payout}");
    let payout_id = payout["id"].as_str().unwrap().to_owned();
    stack
        .merchant
        .wait_for_matching("payout.paid", |data| data["id"] == payout_id, WAIT)
        .await;
    let paid = stack.sandbox_get(&format!("/v1/payouts/{payout_id}")).await;
    assert_eq!(paid["status"], "PAID", "{paid}");
    resend(&stack, "/webhooks/orkestra/payouts", &paid).await;

    drain(&stack, "payout-dedup-drain").await;
    assert_eq!(count(&stack, "payout.paid", &payout_id), 1);
    assert_eq!(count(&stack, "payout.pending", &payout_id), 0);
}
