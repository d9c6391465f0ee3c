//! The black-box harness: a real sandbox and a real proxy, each on its own loopback port
//! with its own SQLite file, talking HTTP to each other exactly as in production; plus a
//! merchant webhook receiver. Tests only use HTTP.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use orkestra_core::api::orkestra::AmountUnits;
use orkestra_proxy::config::OrkestraConfig;
use secrecy::SecretString;
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const MERCHANT_SECRET: &str = "sk_test_merchant_secret_0123456789";
pub const ORKESTRA_USER: &str = "orkestra-test-user";
pub const ORKESTRA_PASSWORD: &str = "OrkPass-9f8e7d6c5b4a-never-leak";
pub const WEBHOOK_USER: &str = "orkestra-webhook";
pub const WEBHOOK_PASSWORD: &str = "HookPass-1a2b3c4d-never-leak";

pub struct Server {
    pub address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Graceful stop, as SIGTERM would do.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.task).await;
    }
}

pub struct Stack {
    pub dir: tempfile::TempDir,
    pub sandbox: Option<Server>,
    pub proxy: Option<Server>,
    pub sandbox_port: u16,
    pub proxy_port: u16,
    pub merchant: Receiver,
    pub http: reqwest::Client,
    sandbox_listener: Option<tokio::net::TcpListener>,
    proxy_listener: Option<tokio::net::TcpListener>,
}

/// The first start uses a listener bound before either server exists, so no other test
/// can take the port in between; a restart binds the same port again.
async fn listener(
    port: u16,
    first: &mut Option<tokio::net::TcpListener>,
) -> tokio::net::TcpListener {
    match first.take() {
        Some(listener) => listener,
        None => tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("port free again after a stop"),
    }
}

impl Stack {
    pub async fn start() -> Stack {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<!doctype html><html><head><script type=\"module\">import init from '/assets/x.js'; init();</script></head><body></body></html>",
        )
        .unwrap();
        let sandbox_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut stack = Stack {
            sandbox_port: sandbox_listener.local_addr().unwrap().port(),
            proxy_port: proxy_listener.local_addr().unwrap().port(),
            sandbox_listener: Some(sandbox_listener),
            proxy_listener: Some(proxy_listener),
            merchant: Receiver::start().await,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
            dir,
            sandbox: None,
            proxy: None,
        };
        stack.start_sandbox().await;
        stack.start_proxy().await;
        stack
    }

    pub fn proxy_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.proxy_port)
    }

    pub fn sandbox_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.sandbox_port)
    }

    pub fn data_path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub async fn start_sandbox(&mut self) {
        let mut config =
            orkestra_sandbox::Config::for_tests(self.data_path("sandbox.db").to_string_lossy());
        config.address = format!("127.0.0.1:{}", self.sandbox_port);
        config.username = ORKESTRA_USER.into();
        config.password = ORKESTRA_PASSWORD.into();
        config.webhook_url = Some(format!("{}/webhooks/orkestra", self.proxy_url()));
        config.refund_webhook_url = Some(format!("{}/webhooks/orkestra/refunds", self.proxy_url()));
        config.payout_webhook_url = Some(format!("{}/webhooks/orkestra/payouts", self.proxy_url()));
        config.webhook_username = WEBHOOK_USER.into();
        config.webhook_password = WEBHOOK_PASSWORD.into();
        let listener = listener(self.sandbox_port, &mut self.sandbox_listener).await;
        let app = orkestra_sandbox::Application::build_with_listener(config, listener)
            .await
            .expect("sandbox starts");
        let address = app.address();
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        self.sandbox = Some(Server {
            address,
            stop: Some(stop),
            task,
        });
    }

    pub fn proxy_config(&self) -> orkestra_proxy::Config {
        orkestra_proxy::Config {
            address: format!("127.0.0.1:{}", self.proxy_port),
            public_url: self.proxy_url(),
            database: self.data_path("proxy.db").to_string_lossy().into_owned(),
            assets_dir: self.dir.path().to_path_buf(),
            merchant_name: "Test Shop".into(),
            merchant_secret: SecretString::from(MERCHANT_SECRET),
            webhook_signing_secret: SecretString::from(MERCHANT_SECRET),
            rate_limit_per_ip: 100_000,
            rate_limit_submits_per_session: 1_000,
            payout_webhook_url: None,
            orkestra: OrkestraConfig {
                base_url: self.sandbox_url(),
                username: ORKESTRA_USER.into(),
                password: SecretString::from(ORKESTRA_PASSWORD),
                webhook_username: WEBHOOK_USER.into(),
                webhook_password: SecretString::from(WEBHOOK_PASSWORD),
                amount_units: AmountUnits::Major,
                paths: Default::default(),
                timeout: Duration::from_secs(5),
                retries: 1,
            },
        }
    }

    pub async fn start_proxy(&mut self) {
        let listener = listener(self.proxy_port, &mut self.proxy_listener).await;
        let app = orkestra_proxy::Application::build_with_listener(self.proxy_config(), listener)
            .await
            .expect("proxy starts");
        let address = app.address();
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        self.proxy = Some(Server {
            address,
            stop: Some(stop),
            task,
        });
    }

    pub async fn stop_proxy(&mut self) {
        if let Some(server) = self.proxy.take() {
            server.stop().await;
        }
    }

    pub async fn stop_sandbox(&mut self) {
        if let Some(server) = self.sandbox.take() {
            server.stop().await;
        }
    }

    /// `POST /v1/checkout-sessions` with the merchant secret.
    pub async fn create_session(&self, body: &Value) -> reqwest::Response {
        self.http
            .post(format!("{}/v1/checkout-sessions", self.proxy_url()))
            .bearer_auth(MERCHANT_SECRET)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub fn session_body(&self, merchant_order_id: &str) -> Value {
        json!({
            "merchantOrderId": merchant_order_id,
            "country": "BR",
            "currency": "BRL",
            "amount": "150.00",
            "returnUrl": "https://shop.example/return",
            "embedOrigins": ["http://127.0.0.1:8081"],
            "webhookUrl": self.merchant.url(),
            "metadata": {"cart": "42"}
        })
    }

    /// A created session: (merchant view, page token).
    pub async fn new_session(&self, merchant_order_id: &str) -> (Value, String) {
        let response = self
            .create_session(&self.session_body(merchant_order_id))
            .await;
        assert_eq!(response.status(), 201);
        let session: Value = response.json().await.unwrap();
        let token = token_of(&session);
        (session, token)
    }

    pub async fn pay_pix(&self, token: &str, key: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/api/pay/{token}/transactions", self.proxy_url()))
            .header("Idempotency-Key", key)
            .json(&json!({
                "method": "PIX",
                "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"}
            }))
            .send()
            .await
            .unwrap()
    }

    pub async fn merchant_get(&self, id: &str) -> Value {
        self.http
            .get(format!("{}/v1/checkout-sessions/{id}", self.proxy_url()))
            .bearer_auth(MERCHANT_SECRET)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn simulate(&self, orkestra_id: &str, outcome: &str) -> reqwest::Response {
        self.http
            .post(format!(
                "{}/_sandbox/transactions/{orkestra_id}/simulate",
                self.sandbox_url()
            ))
            .json(&json!({ "outcome": outcome }))
            .send()
            .await
            .unwrap()
    }

    /// Polls the merchant API until the session reaches `status` (webhooks are async).
    pub async fn wait_for_status(&self, id: &str, status: &str, within: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let session = self.merchant_get(id).await;
            if session["status"] == status {
                return session;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "session never became {status}: {session}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// A merchant's webhook endpoint that records what it receives; it can be told to fail.
#[derive(Clone)]
pub struct Receiver {
    pub address: SocketAddr,
    pub received: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    pub fail: Arc<Mutex<bool>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let received: Arc<Mutex<Vec<(HeaderMap, Bytes)>>> = Arc::default();
        let fail: Arc<Mutex<bool>> = Arc::default();
        let (r, f) = (received.clone(), fail.clone());
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let (r, f) = (r.clone(), f.clone());
                async move {
                    if *f.lock().unwrap() {
                        return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    r.lock().unwrap().push((headers, body));
                    axum::http::StatusCode::NO_CONTENT
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            address,
            received,
            fail,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/hook", self.address)
    }

    pub fn events(&self) -> Vec<Value> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, body)| serde_json::from_slice(body).unwrap())
            .collect()
    }

    pub async fn wait_for_event(&self, kind: &str, within: Duration) -> (HeaderMap, Bytes) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let found = self
                .received
                .lock()
                .unwrap()
                .iter()
                .find(|(_, body)| {
                    serde_json::from_slice::<Value>(body)
                        .map(|v| v["type"] == kind)
                        .unwrap_or(false)
                })
                .cloned();
            if let Some(found) = found {
                return found;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {kind} webhook arrived; got {:?}",
                self.events()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The page token: the last segment of a session's payment URL.
pub fn token_of(session: &Value) -> String {
    let url = session["url"].as_str().expect("a session has a url");
    url.rsplit('/').next().unwrap_or_default().to_owned()
}
