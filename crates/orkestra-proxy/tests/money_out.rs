//! Money going back out through the merchant API over real HTTP: refunds (partial, several,
//! over-refund refused, idempotent by `Idempotency-Key`, by alternative payout for a boleto)
//! and their signed `refund.*` webhooks; payouts (single, batch, idempotent `referenceId`,
//! the sandbox's failing keys) and their signed `payout.*` webhooks; host-to-host payment
//! attempts; the transaction list; and a session's submerchant split and settlement
//! currency reaching Orkestra's order.

mod common;

use std::time::Duration;

use common::Stack;
use reqwest::Method;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

fn pix_payer() -> Value {
    json!({"method": "PIX", "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"}})
}

fn boleto_payer() -> Value {
    json!({"method": "BOLETO", "payer": {
        "name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com",
        "address": {"street": "Avenida Paulista", "number": "1000", "district": "Bela Vista",
                    "city": "São Paulo", "state": "SP", "postalCode": "01310-100"}}})
}

/// A PIX account and its holder, as a refund's alternative payout or a payout takes them.
fn pix_account(key: &str) -> Value {
    json!({"key": key, "document": "529.982.247-25", "documentType": "CPF"})
}

fn beneficiary() -> Value {
    json!({"firstName": "Maria", "lastName": "da Silva", "type": "INDIVIDUAL",
           "document": "529.982.247-25", "documentType": "CPF"})
}

fn pix_payout(reference: &str, amount: &str, key: &str) -> Value {
    json!({"referenceId": reference, "method": "PIX", "currency": "BRL", "amount": amount,
           "bankAccount": pix_account(key), "beneficiary": beneficiary()})
}

/// A session paid with `payer`: (session id, our transaction id).
async fn paid(stack: &Stack, order: &str, payer: &Value) -> (String, String) {
    let (session, token) = stack.new_session(order).await;
    let id = session["id"].as_str().unwrap().to_owned();
    let response = stack
        .http
        .post(format!(
            "{}/api/pay/{token}/transactions",
            stack.proxy_url()
        ))
        .header("Idempotency-Key", "key-money-out-1")
        .json(payer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let view = stack.merchant_get(&id).await;
    let tx = view["transactions"][0]["id"].as_str().unwrap().to_owned();
    let orkestra_id = view["transactions"][0]["orkestraId"].as_str().unwrap();
    assert_eq!(stack.simulate(orkestra_id, "paid").await.status(), 200);
    stack.wait_for_status(&id, "paid", WAIT).await;
    (id, tx)
}

async fn refund(stack: &Stack, tx: &str, body: &Value, key: &str) -> (u16, Value) {
    stack
        .merchant_call(
            Method::POST,
            &format!("/v1/transactions/{tx}/refunds"),
            Some(body),
            Some(key),
        )
        .await
}

fn field_error(error: &Value) -> (&str, &str) {
    (
        error["error"]["field"].as_str().unwrap_or_default(),
        error["error"]["code"].as_str().unwrap_or_default(),
    )
}

/// The signed merchant webhook of `kind` about the object `id`.
async fn event(stack: &Stack, kind: &str, id: &str) -> Value {
    let (headers, body) = stack
        .merchant
        .wait_for_matching(kind, |data| data["id"] == id, WAIT)
        .await;
    assert!(common::signature_is_valid(
        &headers,
        &body,
        common::WEBHOOK_SECRET
    ));
    assert!(headers.contains_key("orkestra-event-id"));
    serde_json::from_slice(&body).unwrap()
}

#[tokio::test]
async fn refunds_are_partial_several_bounded_and_idempotent_and_reach_the_merchant() {
    let stack = Stack::start().await;
    let (_, tx) = paid(&stack, "refund-pix", &pix_payer()).await;

    let (status, first) = refund(
        &stack,
        &tx,
        &json!({"amount": "50.00", "reason": "one item back"}),
        "refund-key-1",
    )
    .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["transactionId"], tx.as_str());
    assert_eq!(first["amount"], "50.00");
    assert_eq!(first["currency"], "BRL");
    assert_eq!(first["status"], "pending");
    assert_eq!(first["route"], "original_method");
    // The same key and body again: the same refund.
    let (status, again) = refund(
        &stack,
        &tx,
        &json!({"amount": "50.00", "reason": "one item back"}),
        "refund-key-1",
    )
    .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["id"], first["id"]);
    // The same key for another refund is refused.
    let (status, error) = refund(&stack, &tx, &json!({"amount": "40.00"}), "refund-key-1").await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "idempotency_key_reused");

    let (status, second) = refund(&stack, &tx, &json!({"amount": "60.00"}), "refund-key-2").await;
    assert_eq!(status, 201, "{second}");
    assert_ne!(second["id"], first["id"]);
    // 40.00 are left: more is an error on `amount`.
    let (status, error) = refund(&stack, &tx, &json!({"amount": "40.01"}), "refund-key-3").await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(field_error(&error), ("amount", "amount_above_maximum"));
    let (status, error) = refund(&stack, &tx, &json!({"amount": "1.001"}), "refund-key-4").await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(field_error(&error), ("amount", "amount_too_many_decimals"));
    // No amount: all that is left.
    let (status, rest) = refund(&stack, &tx, &json!({}), "refund-key-5").await;
    assert_eq!(status, 201, "{rest}");
    assert_eq!(rest["amount"], "40.00");
    let (status, error) = refund(&stack, &tx, &json!({}), "refund-key-6").await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(field_error(&error), ("amount", "amount_above_maximum"));

    let (status, list) = stack
        .merchant_call(
            Method::GET,
            &format!("/v1/transactions/{tx}/refunds"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let amounts: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["50.00", "60.00", "40.00"]);

    // The sandbox refunds through PIX after a moment; the merchant hears of each.
    let refunded = event(&stack, "refund.refunded", first["id"].as_str().unwrap()).await;
    assert_eq!(refunded["data"]["transactionId"], tx.as_str());
    assert_eq!(refunded["data"]["status"], "refunded");
    event(&stack, "refund.refunded", rest["id"].as_str().unwrap()).await;

    // What cannot be refunded.
    let (status, _) = refund(&stack, "tx_unknown", &json!({}), "refund-key-7").await;
    assert_eq!(status, 404);
    let (status, error) = stack
        .merchant_call(
            Method::POST,
            &format!("/v1/transactions/{tx}/refunds"),
            Some(&json!({})),
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_error(&error), ("Idempotency-Key", "required"));
    let (pending, token) = stack.new_session("refund-pending").await;
    let response = stack.pay_pix(&token, "key-refund-pending").await;
    assert_eq!(response.status(), 201);
    let pending_tx = stack.merchant_get(pending["id"].as_str().unwrap()).await["transactions"][0]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, error) = refund(&stack, &pending_tx, &json!({}), "refund-key-8").await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "transaction_not_refundable");
    let unauthenticated = stack
        .http
        .post(format!(
            "{}/v1/transactions/{tx}/refunds",
            stack.proxy_url()
        ))
        .header("Idempotency-Key", "refund-key-9")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
}

#[tokio::test]
async fn a_boleto_is_refunded_by_a_payout_to_the_account_the_merchant_gives() {
    let mut stack = Stack::start().await;
    let url = stack.merchant.url();
    stack
        .restart_proxy_with(|config| config.payout_webhook_url = Some(url))
        .await;
    let (_, tx) = paid(&stack, "refund-boleto", &boleto_payer()).await;

    let (status, error) = refund(&stack, &tx, &json!({"amount": "20.00"}), "boleto-refund-1").await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(field_error(&error), ("bankAccount", "required"));
    let body = json!({"amount": "20.00", "bankAccount": pix_account("+5511987654321")});
    let (status, error) = refund(&stack, &tx, &body, "boleto-refund-2").await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(field_error(&error), ("beneficiary", "required"));
    let body = json!({"amount": "20.00", "bankAccount": pix_account("not a key"), "beneficiary": beneficiary()});
    let (status, error) = refund(&stack, &tx, &body, "boleto-refund-3").await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(field_error(&error), ("bankAccount.key", "invalid_format"));

    let body = json!({"amount": "20.00", "bankAccount": pix_account("+5511987654321"), "beneficiary": beneficiary()});
    let (status, created) = refund(&stack, &tx, &body, "boleto-refund-4").await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["route"], "alternative_payout");
    assert_eq!(created["status"], "pending");
    // The payout is paid, then the refund follows; both feeds hear of it.
    let refunded = event(&stack, "refund.refunded", created["id"].as_str().unwrap()).await;
    assert_eq!(refunded["data"]["amount"], "20.00");
    let (_, payout_body) = stack
        .merchant
        .wait_for_matching("payout.paid", |data| data["account"] == "***4321", WAIT)
        .await;
    let payout: Value = serde_json::from_slice(&payout_body).unwrap();
    assert_eq!(payout["data"]["amount"], "20.00");
}

#[tokio::test]
async fn payouts_are_idempotent_by_reference_and_their_outcome_reaches_the_merchant() {
    let mut stack = Stack::start().await;
    let url = stack.merchant.url();
    stack
        .restart_proxy_with(|config| config.payout_webhook_url = Some(url))
        .await;
    let post = |body: Value| {
        let stack = &stack;
        async move {
            stack
                .merchant_call(Method::POST, "/v1/payouts", Some(&body), None)
                .await
        }
    };

    let (status, payout) = post(pix_payout("po-0001", "25.00", "+5511987654321")).await;
    assert_eq!(status, 201, "{payout}");
    assert_eq!(payout["status"], "pending");
    assert_eq!(payout["referenceId"], "po-0001");
    assert_eq!(payout["method"], "PIX");
    assert_eq!(payout["amount"], "25.00");
    assert_eq!(payout["account"], "***4321", "keys are masked");
    assert_eq!(payout["beneficiaryName"], "Maria da Silva");
    let id = payout["id"].as_str().unwrap().to_owned();
    let (status, again) = post(pix_payout("po-0001", "25.00", "+5511987654321")).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["id"], id.as_str());
    let (status, error) = post(pix_payout("po-0001", "26.00", "+5511987654321")).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "idempotency_key_reused");

    let (status, read) = stack
        .merchant_call(Method::GET, &format!("/v1/payouts/{id}"), None, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(read["referenceId"], "po-0001");
    let paid = event(&stack, "payout.paid", &id).await;
    assert_eq!(paid["data"]["status"], "paid");
    let (_, read) = stack
        .merchant_call(Method::GET, &format!("/v1/payouts/{id}"), None, None)
        .await;
    assert_eq!(read["status"], "paid");

    // The sandbox's magic key: the account does not exist.
    let (status, doomed) = post(pix_payout("po-0002", "10.00", "+5511987650000")).await;
    assert_eq!(status, 201, "{doomed}");
    let failed = event(&stack, "payout.failed", doomed["id"].as_str().unwrap()).await;
    assert_eq!(failed["data"]["failureCode"], "account_not_found");

    // Refused before or by Orkestra, each on its field.
    let mut spei = pix_payout("po-0003", "10.00", "002180000123456780");
    spei["method"] = json!("SPEI");
    spei["currency"] = json!("MXN");
    let mut euro = pix_payout("po-0004", "10.00", "+5511987654321");
    euro["currency"] = json!("EUR");
    let mut card = pix_payout("po-0005", "10.00", "+5511987654321");
    card["method"] = json!("CARD");
    let mut no_reference = pix_payout("", "10.00", "+5511987654321");
    no_reference["beneficiary"]["type"] = json!("PERSON");
    for (body, field, code) in [
        (spei, "bankAccount.key", "invalid_check_digit"),
        (euro, "currency", "currency_mismatch"),
        (card, "method", "unsupported_method"),
        (
            pix_payout("po-0006", "10.001", "+5511987654321"),
            "amount",
            "amount_too_many_decimals",
        ),
        (
            pix_payout("po-0007", "10.00", "12345"),
            "bankAccount.key",
            "invalid_format",
        ),
        (no_reference, "referenceId", "required"),
    ] {
        let (status, error) = post(body).await;
        assert_eq!(status, 422, "{error}");
        assert_eq!(field_error(&error), (field, code), "{error}");
    }
    let (status, error) = post(json!({"referenceId": "x"})).await;
    assert_eq!(status, 400, "{error}");
    let (status, _) = stack
        .merchant_call(Method::GET, "/v1/payouts/not-a-number", None, None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = stack
        .merchant_call(Method::GET, "/v1/payouts/99999", None, None)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_payout_batch_answers_every_item_in_order() {
    let stack = Stack::start().await;
    let mut bad_clabe = pix_payout("batch-2", "10.00", "002180000123456780");
    bad_clabe["method"] = json!("SPEI");
    bad_clabe["currency"] = json!("MXN");
    let batch = json!({"payouts": [
        pix_payout("batch-1", "10.00", "+5511987654321"),
        bad_clabe,
        pix_payout("batch-3", "10.00", "not a key"),
        pix_payout("batch-4", "12.50", "maria@example.com"),
    ]});
    let (status, answer) = stack
        .merchant_call(Method::POST, "/v1/payouts/batch", Some(&batch), None)
        .await;
    assert_eq!(status, 200, "{answer}");
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["payout"]["referenceId"], "batch-1");
    assert!(results[0].get("error").is_none());
    assert_eq!(results[1]["error"]["field"], "payouts[1].bankAccount.key");
    assert_eq!(results[1]["error"]["code"], "invalid_check_digit");
    assert!(results[1].get("payout").is_none());
    assert_eq!(
        results[2]["error"]["field"], "payouts[2].bankAccount.key",
        "{answer}"
    );
    assert_eq!(results[2]["error"]["code"], "invalid_format");
    assert_eq!(results[3]["payout"]["referenceId"], "batch-4");
    assert_eq!(results[3]["payout"]["amount"], "12.50");
    // Sent again, the good items are the same payouts.
    let (_, again) = stack
        .merchant_call(Method::POST, "/v1/payouts/batch", Some(&batch), None)
        .await;
    assert_eq!(
        again["results"][0]["payout"]["id"],
        results[0]["payout"]["id"]
    );

    let (status, error) = stack
        .merchant_call(
            Method::POST,
            "/v1/payouts/batch",
            Some(&json!({"payouts": []})),
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_error(&error), ("payouts", "required"));
    let many: Vec<Value> = (0..101)
        .map(|i| pix_payout(&format!("many-{i}"), "1.00", "+5511987654321"))
        .collect();
    let (status, error) = stack
        .merchant_call(
            Method::POST,
            "/v1/payouts/batch",
            Some(&json!({"payouts": many})),
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(field_error(&error), ("payouts", "too_long"));
}

#[tokio::test]
async fn a_host_to_host_attempt_sent_twice_with_one_key_is_one_transaction() {
    let stack = Stack::start().await;
    let (session, _) = stack.new_session("h2h").await;
    let id = session["id"].as_str().unwrap();
    let path = format!("/v1/checkout-sessions/{id}/transactions");
    let (status, first) = stack
        .merchant_call(
            Method::POST,
            &path,
            Some(&pix_payer()),
            Some("h2h-key-0001"),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["id"], id);
    assert_eq!(first["status"], "pending");
    assert_eq!(first["transactions"][0]["method"], "PIX");
    assert_eq!(
        first["transactions"][0]["payer"]["document"],
        "***.***.*47-25"
    );
    let (status, again) = stack
        .merchant_call(
            Method::POST,
            &path,
            Some(&pix_payer()),
            Some("h2h-key-0001"),
        )
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["transactions"].as_array().unwrap().len(), 1);
    assert_eq!(
        again["transactions"][0]["id"],
        first["transactions"][0]["id"]
    );

    let mut other = pix_payer();
    other["payer"]["name"] = json!("João da Silva");
    let (status, error) = stack
        .merchant_call(Method::POST, &path, Some(&other), Some("h2h-key-0001"))
        .await;
    assert_eq!(status, 409);
    assert_eq!(error["error"]["code"], "idempotency_key_reused");
    let (status, error) = stack
        .merchant_call(
            Method::POST,
            &path,
            Some(&pix_payer()),
            Some("h2h-key-0002"),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(error["error"]["code"], "transaction_in_progress");
    let (status, error) = stack
        .merchant_call(
            Method::POST,
            &path,
            Some(&json!({"method": "PIX"})),
            Some("h2h-key-0003"),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["field"], "payer.name");
    let (status, _) = stack
        .merchant_call(
            Method::POST,
            "/v1/checkout-sessions/cs_unknown/transactions",
            Some(&pix_payer()),
            Some("h2h-key-0004"),
        )
        .await;
    assert_eq!(status, 404);
    let unauthenticated = stack
        .http
        .post(format!("{}{path}", stack.proxy_url()))
        .header("Idempotency-Key", "h2h-key-0005")
        .json(&pix_payer())
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
}

#[tokio::test]
async fn the_transaction_list_pages_newest_first_and_filters() {
    let stack = Stack::start().await;
    let list = |query: String| {
        let stack = &stack;
        async move {
            stack
                .merchant_call(Method::GET, &format!("/v1/transactions{query}"), None, None)
                .await
        }
    };
    let (status, empty) = list(String::new()).await;
    assert_eq!(status, 200);
    assert_eq!(empty, json!({"data": []}));

    // Four attempts: one paid, one failed then retried (pending), one pending.
    let (paid_id, _) = paid(&stack, "list-paid", &pix_payer()).await;
    let (retried, token) = stack.new_session("list-retried").await;
    let retried = retried["id"].as_str().unwrap().to_owned();
    assert_eq!(stack.pay_pix(&token, "key-list-first").await.status(), 201);
    let orkestra_id = stack.merchant_get(&retried).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    stack.simulate(&orkestra_id, "failed").await;
    stack.wait_for_status(&retried, "failed", WAIT).await;
    assert_eq!(stack.pay_pix(&token, "key-list-second").await.status(), 201);
    let (_, token) = stack.new_session("list-pending").await;
    assert_eq!(stack.pay_pix(&token, "key-list-third").await.status(), 201);

    let (status, all) = list("?limit=100".into()).await;
    assert_eq!(status, 200);
    let all = all["data"].as_array().unwrap().clone();
    assert_eq!(all.len(), 4);
    // RFC 3339 with as many fraction digits as needed ("…02.24Z" is 240 ms): compare
    // them padded to milliseconds, not as raw strings.
    let created: Vec<String> = all
        .iter()
        .map(|t| {
            let text = t["createdAt"].as_str().unwrap().trim_end_matches('Z');
            let (seconds, fraction) = text.split_once('.').unwrap_or((text, ""));
            format!("{seconds}.{fraction:0<3}")
        })
        .collect();
    assert!(
        created.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {created:?}"
    );
    assert!(all
        .iter()
        .all(|t| t["currency"] == "BRL" && t["merchantOrderId"].is_string()));

    // Pages of two, chained by nextBefore, cover the same list.
    let mut seen = Vec::new();
    let mut query = "?limit=2".to_owned();
    loop {
        let (status, page) = list(query.clone()).await;
        assert_eq!(status, 200);
        let data = page["data"].as_array().unwrap();
        assert!(data.len() <= 2);
        seen.extend(data.iter().map(|t| t["id"].clone()));
        match page["nextBefore"].as_str() {
            Some(before) => query = format!("?limit=2&before={before}"),
            None => break,
        }
    }
    let ids: Vec<Value> = all.iter().map(|t| t["id"].clone()).collect();
    assert_eq!(seen, ids);

    let (_, of_session) = list(format!("?sessionId={retried}")).await;
    let statuses: Vec<&str> = of_session["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pending", "failed"]);
    let (_, paid_only) = list("?status=paid".into()).await;
    let paid_only = paid_only["data"].as_array().unwrap();
    assert_eq!(paid_only.len(), 1);
    assert_eq!(paid_only[0]["sessionId"], paid_id.as_str());
    let (_, both) = list(format!("?sessionId={retried}&status=failed")).await;
    assert_eq!(both["data"].as_array().unwrap().len(), 1);
    let (_, one) = list("?limit=0".into()).await;
    assert_eq!(
        one["data"].as_array().unwrap().len(),
        1,
        "limits are clamped to 1..100"
    );

    let (status, error) = list("?status=refunded".into()).await;
    assert_eq!(status, 422);
    assert_eq!(field_error(&error), ("status", "invalid_format"));
    let (status, _) = list("?page=2".into()).await;
    assert_eq!(status, 400);
    let (status, _) = list("?limit=many".into()).await;
    assert_eq!(status, 400);
    let unauthenticated = stack
        .http
        .get(format!("{}/v1/transactions", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
}

#[tokio::test]
async fn a_sessions_submerchant_split_and_settlement_currency_reach_the_order() {
    let stack = Stack::start().await;
    let mut body = stack.session_body("split-order");
    body["submerchants"] =
        json!([{"id": "seller-1", "amount": "100.00"}, {"id": "seller-2", "amount": "30.00"}]);
    body["settlementCurrency"] = json!("USD");
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    let id = session["id"].as_str().unwrap();
    let token = common::token_of(&session);
    assert_eq!(stack.pay_pix(&token, "key-split-0001").await.status(), 201);
    let view = stack.merchant_get(id).await;
    let order_id = view["transactions"][0]["orkestraOrderId"].as_str().unwrap();
    let order = stack.sandbox_get(&format!("/v1/orders/{order_id}")).await;
    assert_eq!(order["merchantOrderId"], "split-order");
    let shares: Vec<(String, f64)> = order["submerchants"]
        .as_array()
        .unwrap_or_else(|| panic!("the order has no submerchants: {order}"))
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["amount"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        [
            ("seller-1".to_owned(), 100.0),
            ("seller-2".to_owned(), 30.0)
        ]
    );
    assert_eq!(
        order["instantConversion"]["settlementCurrency"], "USD",
        "{order}"
    );

    // Shares over the amount and unknown currencies are refused.
    let mut bad = stack.session_body("split-bad");
    bad["submerchants"] = json!([{"id": "seller-1", "amount": "100.00"}, {"id": " ", "amount": "50.001"}, {"id": "seller-3", "amount": "60.00"}]);
    bad["settlementCurrency"] = json!("XYZ");
    let response = stack.create_session(&bad).await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    let fields: Vec<&str> = error["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "submerchants[1].id",
            "submerchants[1].amount",
            "submerchants",
            "settlementCurrency"
        ]
    );
}

#[tokio::test]
async fn refund_and_payout_notifications_need_orkestras_credentials() {
    let stack = Stack::start().await;
    for path in ["/webhooks/orkestra/refunds", "/webhooks/orkestra/payouts"] {
        let response = stack
            .http
            .post(format!("{}{path}", stack.proxy_url()))
            .basic_auth(common::WEBHOOK_USER, Some("guess"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{path}");
        let response = stack
            .http
            .post(format!("{}{path}", stack.proxy_url()))
            .basic_auth(common::WEBHOOK_USER, Some(common::WEBHOOK_PASSWORD))
            .body("not json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{path}");
    }
    // A refund of a transaction the proxy does not know is acknowledged and ignored.
    let response = stack
        .http
        .post(format!("{}/webhooks/orkestra/refunds", stack.proxy_url()))
        .basic_auth(common::WEBHOOK_USER, Some(common::WEBHOOK_PASSWORD))
        .json(
            &json!({"id": 1, "transactionId": 999, "orderId": 1, "referenceId": "r", "amount": 1.00,
                      "currency": "BRL", "status": "REFUNDED", "route": "ORIGINAL_METHOD"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
}
