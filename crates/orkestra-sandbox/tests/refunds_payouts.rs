//! Refunds and payouts over real HTTP: partial and total refunds of a paid PIX, refunds by
//! alternative payout for methods that cannot be reversed, payouts one by one and in
//! batches, the magic failing keys, idempotency on `referenceId`, the payout and refund
//! notifications (redelivered until acknowledged) and settling after a restart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use orkestra_sandbox::{Application, Config};
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// One notification receiver for all kinds: `POST {url}/{kind}` (`orders`, `payouts`,
/// `refunds`). It can be told to fail the next N posts of a kind with a 500.
#[derive(Clone, Default)]
struct Receiver {
    /// Every post, failed or acknowledged: (kind, body, acknowledged).
    seen: Arc<Mutex<Vec<(String, Value, bool)>>>,
    fail_next: Arc<Mutex<HashMap<String, usize>>>,
}

impl Receiver {
    async fn start() -> (String, Receiver) {
        let receiver = Receiver::default();
        let state = receiver.clone();
        let app = axum::Router::new().route(
            "/{kind}",
            axum::routing::post(move |Path(kind): Path<String>, body: Bytes| {
                let state = state.clone();
                async move {
                    let failing = {
                        let mut fail = state.fail_next.lock().unwrap();
                        match fail.get_mut(&kind) {
                            Some(n) if *n > 0 => {
                                *n -= 1;
                                true
                            }
                            _ => false,
                        }
                    };
                    let body: Value = serde_json::from_slice(&body).unwrap();
                    state.seen.lock().unwrap().push((kind, body, !failing));
                    if failing {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::NO_CONTENT
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (url, receiver)
    }

    fn fail_next(&self, kind: &str, times: usize) {
        self.fail_next.lock().unwrap().insert(kind.into(), times);
    }

    /// Waits for an acknowledged notification of `kind` with this `id` and `status`.
    async fn wait_for(&self, kind: &str, id: i64, status: &str) -> Value {
        for _ in 0..150 {
            let found = self
                .seen
                .lock()
                .unwrap()
                .iter()
                .find(|(k, body, ok)| {
                    *ok && k == kind && body["id"] == json!(id) && body["status"] == status
                })
                .map(|(_, body, _)| body.clone());
            if let Some(body) = found {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no {status} {kind} notification for {id}: {:?}",
            self.seen.lock().unwrap()
        );
    }

    /// Every post of `kind` for `id`, acknowledged or not.
    fn posts(&self, kind: &str, id: i64) -> Vec<(Value, bool)> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(k, body, _)| k == kind && body["id"] == json!(id))
            .map(|(_, body, ok)| (body.clone(), *ok))
            .collect()
    }
}

struct Sandbox {
    url: String,
    config: Config,
    client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Sandbox {
    async fn start(config: Config) -> Sandbox {
        let app = Application::build(config.clone()).await.unwrap();
        let url = format!("http://{}", app.address());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        Sandbox {
            url,
            config,
            client: reqwest::Client::new(),
            stop: Some(stop),
            task: Some(task),
        }
    }

    async fn stop(mut self) -> Config {
        drop(self.client);
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(10), task)
                .await
                .expect("the sandbox stops")
                .unwrap()
                .unwrap();
        }
        self.config.clone()
    }

    async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.url))
            .basic_auth(&self.config.username, Some(&self.config.password))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.url))
            .basic_auth(&self.config.username, Some(&self.config.password))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Creates an order with one transaction of `method` and returns the transaction's id.
    async fn order(&self, merchant_order_id: &str, amount: f64, transaction: Value) -> i64 {
        let customer = json!({
            "firstName": "Maria", "lastName": "Silva", "documentType": "CPF",
            "document": "52998224725", "emailAddress": "maria@example.com",
            "livingAddress": {"street": "Avenida Paulista", "number": "1000",
                "district": "Bela Vista", "city": "São Paulo", "state": "SP",
                "postalCode": "01310-100", "country": "BR"}
        });
        let (status, order) = self
            .post(
                "/v1/orders",
                &json!({
                    "merchantOrderId": merchant_order_id, "amount": amount, "currency": "BRL",
                    "charges": [{"customer": customer, "transactions": [transaction]}]
                }),
            )
            .await;
        assert_eq!(status, 201, "{order}");
        order["charges"][0]["transactions"][0]["id"]
            .as_i64()
            .unwrap()
    }

    async fn pay(&self, transaction_id: i64) {
        let (status, body) = self
            .post(
                &format!("/_sandbox/transactions/{transaction_id}/simulate"),
                &json!({"outcome": "paid"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    async fn paid_pix(&self, merchant_order_id: &str, amount: f64) -> i64 {
        let id = self
            .order(merchant_order_id, amount, json!({"paymentMethod": "PIX"}))
            .await;
        self.pay(id).await;
        id
    }
}

/// A config whose notifications go to `hooks` and whose refunds and payouts wait for a
/// simulate call unless a test shortens `settle`.
fn config(dir: &tempfile::TempDir, hooks: &str, settle: Duration) -> Config {
    let mut config = Config::for_tests(dir.path().join("sandbox.db").to_string_lossy());
    config.webhook_url = Some(format!("{hooks}/orders"));
    config.payout_webhook_url = Some(format!("{hooks}/payouts"));
    config.refund_webhook_url = Some(format!("{hooks}/refunds"));
    config.refund_settle_after = settle;
    config.payout_settle_after = settle;
    config
}

const HOUR: Duration = Duration::from_secs(3600);

fn pix_payout(reference: Option<&str>, key: &str, amount: f64) -> Value {
    json!({
        "referenceId": reference, "amount": amount, "currency": "BRL", "paymentMethod": "PIX",
        "receivingBankAccount": {"key": key, "document": "52998224725", "documentType": "CPF"},
        "beneficiary": {"firstName": "Maria", "lastName": "Silva", "type": "INDIVIDUAL",
            "document": "52998224725", "documentType": "CPF"}
    })
}

fn spei_payout(reference: Option<&str>, clabe: &str) -> Value {
    json!({
        "referenceId": reference, "amount": 500, "currency": "MXN", "paymentMethod": "SPEI",
        "receivingBankAccount": {"key": clabe},
        "beneficiary": {"firstName": "Juan", "lastName": "Pérez", "type": "INDIVIDUAL",
            "document": "SANC850906HMCLRL04", "documentType": "CURP"}
    })
}

/// A valid CLABE (check digit 9), and valid ones ending in the magic `0000` and `9999`.
const CLABE: &str = "002180000123456789";
const CLABE_NOT_FOUND: &str = "002180000123070000";
const CLABE_BLOCKED: &str = "002180000123039999";

#[tokio::test]
async fn a_paid_pix_is_refunded_in_parts_never_beyond_what_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, Duration::from_secs(1))).await;
    let tx = sandbox.paid_pix("refund-parts", 150.00).await;

    let (status, first) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "r-1", "amount": 50.00, "reason": "damaged"}),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["status"], "PENDING");
    assert_eq!(first["route"], "ORIGINAL_METHOD");
    assert_eq!(first["amount"], json!(50.00));
    assert_eq!(first["currency"], "BRL");
    assert_eq!(first["transactionId"], json!(tx));
    assert!(first.get("payoutId").is_none());

    let (status, second) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "r-2", "amount": "30.00"}),
        )
        .await;
    assert_eq!(status, 201, "{second}");

    // 70.00 is left: 80.00 is refused, saying how much is available.
    let (status, over) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "r-3", "amount": 80.00}),
        )
        .await;
    assert_eq!(status, 409, "{over}");
    assert_eq!(over["code"], "REFUND_EXCEEDS_AVAILABLE");
    assert!(
        over["message"].as_str().unwrap().contains("70.00"),
        "{over}"
    );

    // No amount: the rest.
    let total = json!({"transactionId": tx, "referenceId": "r-4"});
    let (status, rest) = sandbox.post("/v1/refunds", &total).await;
    assert_eq!(status, 201, "{rest}");
    assert_eq!(rest["amount"], json!(70.00));

    // The same request again: the same refund. Another body under that reference: 409.
    let (status, again) = sandbox.post("/v1/refunds", &total).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["id"], rest["id"]);
    let (status, clash) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "r-4", "amount": 1.00}),
        )
        .await;
    assert_eq!(status, 409, "{clash}");
    assert_eq!(clash["code"], "DUPLICATE_REFERENCE_ID");
    // The first partial refund repeated with its amount written differently is a repeat.
    let (status, same) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "r-2", "amount": 30}),
        )
        .await;
    assert_eq!(status, 200, "{same}");
    assert_eq!(same["id"], second["id"]);

    // Nothing is left.
    let (status, none) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "r-5"}),
        )
        .await;
    assert_eq!(status, 409, "{none}");
    assert!(none["message"].as_str().unwrap().contains("0.00"), "{none}");

    let (status, list) = sandbox.get(&format!("/v1/transactions/{tx}/refunds")).await;
    assert_eq!(status, 200);
    let ids: Vec<&Value> = list.as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&first["id"], &second["id"], &rest["id"]]);

    // By time, each becomes REFUNDED and is notified.
    for refund in [&first, &second, &rest] {
        let id = refund["id"].as_i64().unwrap();
        let hook = receiver.wait_for("refunds", id, "REFUNDED").await;
        assert_eq!(hook["referenceId"], refund["referenceId"]);
        assert_eq!(hook["amount"], refund["amount"]);
        let (_, read) = sandbox.get(&format!("/v1/refunds/{id}")).await;
        assert_eq!(read["status"], "REFUNDED");
    }
    // The transaction stays PAID.
    let (_, list) = sandbox.get(&format!("/v1/transactions/{tx}/refunds")).await;
    assert_eq!(list.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_failed_refund_frees_its_amount_and_is_notified() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;
    let tx = sandbox.paid_pix("refund-fail", 100.00).await;

    let (status, refund) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "f-1"}),
        )
        .await;
    assert_eq!(status, 201, "{refund}");
    let id = refund["id"].as_i64().unwrap();
    let (status, none) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "f-2", "amount": 0.01}),
        )
        .await;
    assert_eq!(status, 409, "{none}");

    let (status, body) = sandbox
        .post(
            &format!("/_sandbox/refunds/{id}/simulate"),
            &json!({"outcome": "failed", "reason": "INSUFFICIENT_BALANCE"}),
        )
        .await;
    assert_eq!(
        (status, &body["status"]),
        (StatusCode::OK, &json!("FAILED"))
    );
    let hook = receiver.wait_for("refunds", id, "FAILED").await;
    assert_eq!(hook["statusReason"], "INSUFFICIENT_BALANCE");
    let (status, body) = sandbox
        .post(
            &format!("/_sandbox/refunds/{id}/simulate"),
            &json!({"outcome": "refunded"}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "REFUND_NOT_PENDING");

    // The failed refund no longer counts: the whole amount can be refunded again.
    let (status, retry) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "f-3"}),
        )
        .await;
    assert_eq!(status, 201, "{retry}");
    assert_eq!(retry["amount"], json!(100.00));
    let retry_id = retry["id"].as_i64().unwrap();
    let (status, _) = sandbox
        .post(
            &format!("/_sandbox/refunds/{retry_id}/simulate"),
            &json!({"outcome": "refunded"}),
        )
        .await;
    assert_eq!(status, 200);
    receiver.wait_for("refunds", retry_id, "REFUNDED").await;
}

#[tokio::test]
async fn unpaid_and_unknown_transactions_cannot_be_refunded() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, _receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;
    let pending = sandbox
        .order("refund-unpaid", 20.00, json!({"paymentMethod": "PIX"}))
        .await;

    let (status, body) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": pending, "referenceId": "u-1"}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "TRANSACTION_NOT_REFUNDABLE");

    let (status, body) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": 999_999, "referenceId": "u-2"}),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = sandbox.get("/v1/transactions/999999/refunds").await;
    assert_eq!(status, 404);
    let (status, _) = sandbox.get("/v1/refunds/999999").await;
    assert_eq!(status, 404);

    let (status, body) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": pending, "referenceId": "u-3", "amount": -5}),
        )
        .await;
    assert!(status == 400 || status == 409, "{status} {body}");

    let response = reqwest::Client::new()
        .post(format!("{}/v1/refunds", sandbox.url))
        .json(&json!({"transactionId": pending, "referenceId": "u-4"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

/// The account and beneficiary of an alternative payout (a PIX key for BRL).
fn payout_destination(key: &str) -> (Value, Value) {
    (
        json!({"key": key, "document": "12345678909", "documentType": "CPF"}),
        json!({"firstName": "Maria", "lastName": "Silva", "type": "INDIVIDUAL",
               "document": "12345678909", "documentType": "CPF"}),
    )
}

/// Refunds a paid transaction of a method that cannot be reversed, checking the
/// alternative payout end to end (shared by the BOLETO test and the seeded one).
async fn refund_by_alternative_payout(sandbox: &Sandbox, receiver: &Receiver, tx: i64) {
    // Without somewhere to send the money, the refund is refused field by field.
    let (status, body) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": format!("alt-{tx}-0")}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "receivingBankAccount");
    let (account, beneficiary) = payout_destination("+5511987654321");
    let (status, body) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": format!("alt-{tx}-0"),
                    "receivingBankAccount": account}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "beneficiary");
    let (status, body) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": format!("alt-{tx}-0"),
                    "receivingBankAccount": {"key": "not a key", "document": "12345678909", "documentType": "CPF"},
                    "beneficiary": beneficiary}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "receivingBankAccount.key");
    assert_eq!(body["code"], "INVALID_PIX_KEY");

    // A partial refund to a PIX key: a payout carries it, and the refund follows it.
    let (status, refund) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": format!("alt-{tx}-1"), "amount": 40.00,
                    "receivingBankAccount": account, "beneficiary": beneficiary}),
        )
        .await;
    assert_eq!(status, 201, "{refund}");
    assert_eq!(refund["route"], "ALTERNATIVE_PAYOUT");
    assert_eq!(refund["status"], "PENDING");
    let refund_id = refund["id"].as_i64().unwrap();
    let payout_id = refund["payoutId"].as_i64().expect("a linked payout");
    let (status, payout) = sandbox.get(&format!("/v1/payouts/{payout_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(payout["refundId"], json!(refund_id));
    assert_eq!(payout["paymentMethod"], "PIX");
    assert_eq!(payout["status"], "PENDING");
    assert_eq!(payout["amount"], json!(40.00));
    assert_eq!(payout["receivingAccount"], "***4321");
    assert!(!payout.to_string().contains("987654321"), "{payout}");

    let (status, body) = sandbox
        .post(
            &format!("/_sandbox/payouts/{payout_id}/simulate"),
            &json!({"outcome": "paid"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let hook = receiver.wait_for("payouts", payout_id, "PAID").await;
    assert_eq!(hook["refundId"], json!(refund_id));
    let hook = receiver.wait_for("refunds", refund_id, "REFUNDED").await;
    assert_eq!(hook["payoutId"], json!(payout_id));
    assert_eq!(hook["route"], "ALTERNATIVE_PAYOUT");

    // A refund to a key that does not exist fails with its payout, by time or simulated
    // as here through the refund itself.
    let (account, beneficiary) = payout_destination("+5511987650000");
    let (status, refund) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": format!("alt-{tx}-2"),
                    "receivingBankAccount": account, "beneficiary": beneficiary}),
        )
        .await;
    assert_eq!(status, 201, "{refund}");
    assert_eq!(refund["amount"], json!(60.00));
    let refund_id = refund["id"].as_i64().unwrap();
    let payout_id = refund["payoutId"].as_i64().unwrap();
    let (status, body) = sandbox
        .post(
            &format!("/_sandbox/refunds/{refund_id}/simulate"),
            &json!({"outcome": "failed", "reason": "ACCOUNT_NOT_FOUND"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "FAILED");
    let hook = receiver.wait_for("payouts", payout_id, "FAILED").await;
    assert_eq!(hook["statusReason"], "ACCOUNT_NOT_FOUND");
    let hook = receiver.wait_for("refunds", refund_id, "FAILED").await;
    assert_eq!(hook["statusReason"], "ACCOUNT_NOT_FOUND");
    // Its 60.00 is available again.
    let (status, again) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": format!("alt-{tx}-3"), "amount": 60.00}),
        )
        .await;
    assert_eq!(status, 400, "{again}");
    assert_eq!(again["field"], "receivingBankAccount");
}

#[tokio::test]
async fn a_paid_boleto_is_refunded_by_alternative_payout() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;
    let tx = sandbox
        .order("refund-boleto", 100.00, json!({"paymentMethod": "BOLETO"}))
        .await;
    sandbox.pay(tx).await;
    refund_by_alternative_payout(&sandbox, &receiver, tx).await;
}

/// A cash voucher in Mexico (OXXO) cannot be reversed either: its refund goes out by SPEI
/// to the CLABE the payer gives.
#[tokio::test]
async fn a_paid_oxxo_voucher_is_refunded_by_spei_payout() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;
    let (status, order) = sandbox
        .post(
            "/v1/orders",
            &json!({
                "merchantOrderId": "refund-oxxo", "amount": 500, "currency": "MXN",
                "charges": [{
                    "customer": {"firstName": "Juan", "lastName": "Pérez", "documentType": "CURP",
                        "document": "SANC850906HMCLRL04", "emailAddress": "juan@example.com"},
                    "transactions": [{"paymentMethod": "CASH", "cash": {"network": "OXXO"}}]
                }]
            }),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let tx = order["charges"][0]["transactions"][0]["id"]
        .as_i64()
        .unwrap();
    sandbox.pay(tx).await;

    let beneficiary = json!({"firstName": "Juan", "lastName": "Pérez", "type": "INDIVIDUAL",
        "document": "SANC850906HMCLRL04", "documentType": "CURP"});
    let (status, body) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "oxxo-1",
                    "receivingBankAccount": {"key": "002180000123456780"}, "beneficiary": beneficiary}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "INVALID_CLABE");
    let (status, refund) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "oxxo-1",
                    "receivingBankAccount": {"key": CLABE}, "beneficiary": beneficiary}),
        )
        .await;
    assert_eq!(status, 201, "{refund}");
    assert_eq!(refund["route"], "ALTERNATIVE_PAYOUT");
    assert_eq!(refund["currency"], "MXN");
    let refund_id = refund["id"].as_i64().unwrap();
    let payout_id = refund["payoutId"].as_i64().unwrap();
    let (_, payout) = sandbox.get(&format!("/v1/payouts/{payout_id}")).await;
    assert_eq!(payout["paymentMethod"], "SPEI");
    assert_eq!(payout["receivingAccount"], "***6789");
    sandbox
        .post(
            &format!("/_sandbox/refunds/{refund_id}/simulate"),
            &json!({"outcome": "refunded"}),
        )
        .await;
    receiver.wait_for("payouts", payout_id, "PAID").await;
    receiver.wait_for("refunds", refund_id, "REFUNDED").await;
}

#[tokio::test]
async fn payouts_are_validated_masked_and_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;
    let evp = "123e4567-e89b-12d3-a456-426614173456";

    let request = pix_payout(Some("p-1"), evp, 1.0);
    let (status, payout) = sandbox.post("/v1/payouts", &request).await;
    assert_eq!(status, 201, "{payout}");
    assert_eq!(payout["status"], "PENDING");
    assert_eq!(payout["amount"], json!(1.00));
    assert_eq!(payout["referenceId"], "p-1");
    assert_eq!(payout["receivingAccount"], "***3456");
    assert_eq!(payout["beneficiaryName"], "Maria Silva");
    assert!(!payout.to_string().contains(evp));
    assert!(!payout.to_string().contains("52998224725"));
    let id = payout["id"].as_i64().unwrap();

    // Idempotent on referenceId.
    let (status, again) = sandbox.post("/v1/payouts", &request).await;
    assert_eq!((status, &again["id"]), (StatusCode::OK, &payout["id"]));
    let (status, clash) = sandbox
        .post("/v1/payouts", &pix_payout(Some("p-1"), evp, 2.0))
        .await;
    assert_eq!(status, 409, "{clash}");
    assert_eq!(clash["code"], "DUPLICATE_REFERENCE_ID");
    // Without a referenceId every call is a new payout.
    let (s1, a) = sandbox
        .post("/v1/payouts", &pix_payout(None, evp, 1.0))
        .await;
    let (s2, b) = sandbox
        .post("/v1/payouts", &pix_payout(None, evp, 1.0))
        .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_ne!(a["id"], b["id"]);

    let (status, read) = sandbox.get(&format!("/v1/payouts/{id}")).await;
    assert_eq!((status, &read), (StatusCode::OK, &payout));
    let (status, _) = sandbox.get("/v1/payouts/999999").await;
    assert_eq!(status, 404);

    // Every kind of PIX key; SPEI with a CLABE; a generic bank transfer.
    for key in [
        "529.982.247-25",
        "11222333000181",
        "maria@example.com",
        "+55 11 98765-4321",
    ] {
        let (status, body) = sandbox
            .post("/v1/payouts", &pix_payout(None, key, 5.0))
            .await;
        assert_eq!(status, 201, "{key}: {body}");
    }
    let (status, spei) = sandbox
        .post("/v1/payouts", &spei_payout(Some("s-1"), CLABE))
        .await;
    assert_eq!(status, 201, "{spei}");
    assert_eq!(spei["receivingAccount"], "***6789");
    assert_eq!(spei["currency"], "MXN");
    let (status, transfer) = sandbox
        .post(
            "/v1/payouts",
            &json!({"amount": 120000, "currency": "COP", "paymentMethod": "BANK_TRANSFER",
                    "receivingBankAccount": {"key": "0123-4567-8901", "bankCode": "051"},
                    "beneficiary": {"firstName": "Ana", "lastName": "Gómez", "type": "INDIVIDUAL",
                        "document": "1020304050", "documentType": "CC"}}),
        )
        .await;
    assert_eq!(status, 201, "{transfer}");
    assert_eq!(transfer["receivingAccount"], "***8901");

    // Refusals name the field.
    let cases = [
        (
            spei_payout(None, "002180000123456780"),
            "receivingBankAccount.key",
            "INVALID_CLABE",
        ),
        (
            pix_payout(None, "not-a-key", 1.0),
            "receivingBankAccount.key",
            "INVALID_PIX_KEY",
        ),
        (
            pix_payout(None, "+12025550123", 1.0),
            "receivingBankAccount.key",
            "INVALID_PIX_KEY",
        ),
        (pix_payout(None, evp, 0.0), "amount", "INVALID_AMOUNT"),
        (
            {
                let mut r = pix_payout(None, evp, 1.0);
                r["currency"] = json!("MXN");
                r
            },
            "currency",
            "UNSUPPORTED_CURRENCY",
        ),
        (
            {
                let mut r = spei_payout(None, CLABE);
                r["currency"] = json!("BRL");
                r
            },
            "currency",
            "UNSUPPORTED_CURRENCY",
        ),
        (
            {
                let mut r = pix_payout(None, evp, 1.0);
                r["beneficiary"]["document"] = json!("52998224724");
                r
            },
            "beneficiary.document",
            "INVALID_DOCUMENT",
        ),
        (
            {
                let mut r = pix_payout(None, evp, 1.0);
                r["beneficiary"]["type"] = json!("PERSON");
                r
            },
            "beneficiary.type",
            "INVALID_FIELD",
        ),
        (
            {
                let mut r = pix_payout(None, evp, 1.0);
                r["receivingBankAccount"] = json!({"key": evp});
                r
            },
            "receivingBankAccount.documentType",
            "INVALID_FIELD",
        ),
        (
            {
                let mut r = pix_payout(None, evp, 1.0);
                r["paymentMethod"] = json!("CRYPTO");
                r
            },
            "paymentMethod",
            "UNSUPPORTED_PAYMENT_METHOD",
        ),
    ];
    for (request, field, code) in cases {
        let (status, body) = sandbox.post("/v1/payouts", &request).await;
        assert_eq!(status, 400, "{request}: {body}");
        assert_eq!(
            (body["field"].as_str(), body["code"].as_str()),
            (Some(field), Some(code)),
            "{body}"
        );
    }

    // Simulated: paid, notified; then no longer pending.
    let (status, body) = sandbox
        .post(
            &format!("/_sandbox/payouts/{id}/simulate"),
            &json!({"outcome": "paid"}),
        )
        .await;
    assert_eq!((status, &body["status"]), (StatusCode::OK, &json!("PAID")));
    let hook = receiver.wait_for("payouts", id, "PAID").await;
    assert_eq!(hook["referenceId"], "p-1");
    assert_eq!(hook["receivingAccount"], "***3456");
    let (status, body) = sandbox
        .post(
            &format!("/_sandbox/payouts/{id}/simulate"),
            &json!({"outcome": "failed"}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "PAYOUT_NOT_PENDING");
    let spei_id = spei["id"].as_i64().unwrap();
    let (status, _) = sandbox
        .post(
            &format!("/_sandbox/payouts/{spei_id}/simulate"),
            &json!({"outcome": "failed", "reason": "BENEFICIARY_MISMATCH"}),
        )
        .await;
    assert_eq!(status, 200);
    let hook = receiver.wait_for("payouts", spei_id, "FAILED").await;
    assert_eq!(hook["statusReason"], "BENEFICIARY_MISMATCH");
}

#[tokio::test]
async fn a_batch_accepts_and_refuses_each_payout_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, _receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;

    let good = spei_payout(Some("b-1"), CLABE);
    let bad = spei_payout(Some("b-2"), "002180000123456780");
    let (status, body) = sandbox
        .post(
            "/v1/payouts/batch",
            &json!({"payouts": [good, bad, {"amount": 1}]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["payout"]["status"], "PENDING");
    assert_eq!(results[0]["payout"]["referenceId"], "b-1");
    assert!(results[0].get("error").is_none());
    assert!(results[1].get("payout").is_none());
    assert_eq!(results[1]["error"]["code"], "INVALID_CLABE");
    assert_eq!(results[1]["error"]["field"], "receivingBankAccount.key");
    assert_eq!(results[2]["error"]["code"], "INVALID_REQUEST");

    // The accepted one exists; the refused one does not, so its reference is still free.
    let id = results[0]["payout"]["id"].as_i64().unwrap();
    let (status, _) = sandbox.get(&format!("/v1/payouts/{id}")).await;
    assert_eq!(status, 200);
    let (status, again) = sandbox
        .post(
            "/v1/payouts/batch",
            &json!({"payouts": [good, spei_payout(Some("b-2"), CLABE)]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["results"][0]["payout"]["id"], json!(id));
    assert_eq!(again["results"][1]["payout"]["status"], "PENDING");

    let (status, body) = sandbox
        .post(
            "/v1/payouts/batch",
            &json!({"payouts": vec![good.clone(); 101]}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "payouts");
    let (status, _) = sandbox
        .post("/v1/payouts/batch", &json!({"payouts": []}))
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn payouts_settle_by_time_and_the_magic_keys_fail() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, Duration::from_secs(1))).await;
    let mut ids = Vec::new();
    for request in [
        pix_payout(None, "+5511987654321", 10.0),
        pix_payout(None, "+5511987650000", 10.0),
        pix_payout(None, "123e4567-e89b-12d3-a456-426614179999", 10.0),
        spei_payout(None, CLABE_NOT_FOUND),
        spei_payout(None, CLABE_BLOCKED),
    ] {
        let (status, payout) = sandbox.post("/v1/payouts", &request).await;
        assert_eq!(status, 201, "{payout}");
        assert_eq!(payout["status"], "PENDING");
        ids.push(payout["id"].as_i64().unwrap());
    }
    receiver.wait_for("payouts", ids[0], "PAID").await;
    for (id, reason) in [
        (ids[1], "ACCOUNT_NOT_FOUND"),
        (ids[2], "ACCOUNT_BLOCKED"),
        (ids[3], "ACCOUNT_NOT_FOUND"),
        (ids[4], "ACCOUNT_BLOCKED"),
    ] {
        let hook = receiver.wait_for("payouts", id, "FAILED").await;
        assert_eq!(hook["statusReason"], reason);
        let (_, read) = sandbox.get(&format!("/v1/payouts/{id}")).await;
        assert_eq!(
            (read["status"].as_str(), read["statusReason"].as_str()),
            (Some("FAILED"), Some(reason))
        );
    }
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_the_notification_again() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;
    receiver.fail_next("payouts", 2);
    receiver.fail_next("refunds", 2);

    let (_, payout) = sandbox
        .post(
            "/v1/payouts",
            &pix_payout(Some("redeliver"), "+5511987654321", 3.0),
        )
        .await;
    let id = payout["id"].as_i64().unwrap();
    let (status, _) = sandbox
        .post(
            &format!("/_sandbox/payouts/{id}/simulate"),
            &json!({"outcome": "paid"}),
        )
        .await;
    assert_eq!(status, 200);
    let hook = receiver.wait_for("payouts", id, "PAID").await;
    let posts = receiver.posts("payouts", id);
    assert_eq!(
        posts.iter().map(|(_, ok)| *ok).collect::<Vec<_>>(),
        [false, false, true],
        "{posts:?}"
    );
    assert!(posts.iter().all(|(body, _)| *body == hook));

    let tx = sandbox.paid_pix("redeliver-refund", 10.00).await;
    let (_, refund) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "rd-1"}),
        )
        .await;
    let refund_id = refund["id"].as_i64().unwrap();
    sandbox
        .post(
            &format!("/_sandbox/refunds/{refund_id}/simulate"),
            &json!({"outcome": "refunded"}),
        )
        .await;
    receiver.wait_for("refunds", refund_id, "REFUNDED").await;
    assert_eq!(receiver.posts("refunds", refund_id).len(), 3);
}

#[tokio::test]
async fn pending_payouts_and_refunds_settle_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, receiver) = Receiver::start().await;
    let sandbox = Sandbox::start(config(&dir, &hooks, HOUR)).await;
    let (status, payout) = sandbox
        .post(
            "/v1/payouts",
            &pix_payout(Some("restart"), "+5511987654321", 7.5),
        )
        .await;
    assert_eq!(status, 201, "{payout}");
    let payout_id = payout["id"].as_i64().unwrap();
    let tx = sandbox.paid_pix("restart-refund", 20.00).await;
    let (status, refund) = sandbox
        .post(
            "/v1/refunds",
            &json!({"transactionId": tx, "referenceId": "restart-1", "amount": 5}),
        )
        .await;
    assert_eq!(status, 201, "{refund}");
    let refund_id = refund["id"].as_i64().unwrap();
    let mut config = sandbox.stop().await;
    assert!(receiver.posts("payouts", payout_id).is_empty());

    // Same database; the rails are faster now.
    config.payout_settle_after = Duration::from_secs(1);
    config.refund_settle_after = Duration::from_secs(1);
    let sandbox = Sandbox::start(config).await;
    let (_, read) = sandbox.get(&format!("/v1/payouts/{payout_id}")).await;
    assert_eq!(read["referenceId"], "restart");
    receiver.wait_for("payouts", payout_id, "PAID").await;
    receiver.wait_for("refunds", refund_id, "REFUNDED").await;
    let (_, read) = sandbox.get(&format!("/v1/payouts/{payout_id}")).await;
    assert_eq!(read["status"], "PAID");
    // The idempotent repeat still finds it after the restart.
    let (status, again) = sandbox
        .post(
            "/v1/payouts",
            &pix_payout(Some("restart"), "+5511987654321", 7.5),
        )
        .await;
    assert_eq!((status, &again["id"]), (StatusCode::OK, &json!(payout_id)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_refunds_never_add_up_to_more_than_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let (hooks, _receiver) = Receiver::start().await;
    let sandbox = Arc::new(Sandbox::start(config(&dir, &hooks, HOUR)).await);
    let tx = sandbox.paid_pix("refund-race", 100.00).await;
    let attempts: Vec<_> = (0..10)
        .map(|i| {
            let sandbox = sandbox.clone();
            tokio::spawn(async move {
                sandbox
                    .post(
                        "/v1/refunds",
                        &json!({"transactionId": tx, "referenceId": format!("race-{i}"), "amount": 20.00}),
                    )
                    .await
                    .0
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        5,
        "{statuses:?}"
    );
}
