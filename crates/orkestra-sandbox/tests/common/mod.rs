//! What the sandbox's black-box tests share: a notification receiver, times on the wire,
//! and a sandbox on a free port with a client for its API.
#![allow(dead_code)]

pub mod payment_page;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use orkestra_sandbox::{Application, Config};
use serde_json::{json, Value};

/// A notification receiver on a free port that acknowledges everything: its URL, and the
/// bodies it has seen, in order.
pub async fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let store = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: Bytes| {
            let store = store.clone();
            async move {
                store
                    .lock()
                    .unwrap()
                    .push(serde_json::from_slice(&body).unwrap());
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

/// RFC 3339 for `after` from now.
pub fn time_in(after: Duration) -> String {
    server_kit::clock::rfc3339(server_kit::clock::now_ms() + after.as_millis() as i64)
}

/// A sandbox serving on a free port, and a client for its API.
pub struct App {
    pub url: String,
    pub config: Config,
    pub client: reqwest::Client,
    /// The order notifications it sent, in order.
    pub hooks: Arc<Mutex<Vec<Value>>>,
    pub dir: tempfile::TempDir,
}

/// A sandbox with its own database whose order notifications go to `hooks`, with `tune`
/// applied to its configuration.
pub async fn start_with(tune: impl FnOnce(&mut Config)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let (hook_url, hooks) = receiver().await;
    let mut config = Config::for_tests(dir.path().join("s.db").to_string_lossy());
    config.webhook_url = Some(hook_url);
    config.slow_response = Duration::from_millis(1500);
    tune(&mut config);
    let app = Application::build(config.clone()).await.unwrap();
    let url = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    App {
        url,
        config,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        hooks,
        dir,
    }
}

pub async fn start() -> App {
    start_with(|_| {}).await
}

impl App {
    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.url))
            .basic_auth(&self.config.username, Some(&self.config.password))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.url))
            .basic_auth(&self.config.username, Some(&self.config.password))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Creates the order; panics unless `201`.
    pub async fn create(&self, body: &Value) -> Value {
        let (status, order) = self.post("/v1/orders", body).await;
        assert_eq!(status, 201, "{order}");
        order
    }

    /// Creates the order, expecting a `400` on `field`; returns the error's code.
    pub async fn refuse(&self, body: &Value, field: &str) -> String {
        let (status, error) = self.post("/v1/orders", body).await;
        assert_eq!(status, 400, "{field}: {error}");
        assert_eq!(error["field"], field, "{error}");
        error["code"].as_str().unwrap().to_owned()
    }

    pub async fn simulate(&self, id: &Value, outcome: &str) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}/_sandbox/transactions/{id}/simulate", self.url))
            .json(&json!({"outcome": outcome}))
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    pub async fn otp(&self, id: &Value, otp: &str) -> (u16, Value) {
        self.post(&format!("/v1/transactions/{id}/otp"), &json!({"otp": otp}))
            .await
    }

    /// The order notification of `merchant_order_id` with this status.
    pub async fn hook(&self, merchant_order_id: &str, status: &str) -> Value {
        for _ in 0..100 {
            let found = self
                .hooks
                .lock()
                .unwrap()
                .iter()
                .find(|h| h["referenceId"] == merchant_order_id && h["status"] == status)
                .cloned();
            if let Some(hook) = found {
                return hook;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no {status} notification for {merchant_order_id}: {:?}",
            self.hooks.lock().unwrap()
        );
    }

    pub async fn page(&self, url: &str) -> (u16, String) {
        let response = self.client.get(url).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    pub async fn submit(&self, url: &str, outcome: &str) -> reqwest::Response {
        self.client
            .post(url)
            .form(&[("outcome", outcome)])
            .send()
            .await
            .unwrap()
    }
}

/// A BRL 150.00 PIX order under `merchant_order_id`.
pub fn pix_order(merchant_order_id: &str) -> Value {
    json!({
        "merchantOrderId": merchant_order_id, "amount": 150.00, "currency": "BRL",
        "charges": [{"customer": {"firstName": "Ana", "lastName": "Souza", "documentType": "CPF",
                                  "document": "529.982.247-25"},
                     "transactions": [{"paymentMethod": "PIX"}]}]
    })
}
