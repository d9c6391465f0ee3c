//! The black-box harness: a real sandbox and a real proxy, each on its own loopback port
//! with its own SQLite file, talking HTTP to each other exactly as in production; plus a
//! merchant webhook receiver. Tests only use HTTP.
//!
//! The proxy can instead use a fresh database of its own on the PostgreSQL server named by
//! `TEST_DATABASE_URL` (`cargo xtask test` starts one; `cargo xtask postgres` starts one by
//! hand): [`Stack::start_on`] with [`Backend::Postgres`], or every [`Stack::start`] when
//! `PROXY_TEST_BACKEND=postgres`. On PostgreSQL, more replicas of the proxy can join the
//! stack ([`Stack::start_replica`]): same database, sandbox, secrets and merchant receiver.
#![allow(dead_code)]

mod logs;
#[allow(unused_imports)] // Only the tests that search the log use it.
pub use logs::Captured;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use orkestra_core::api::orkestra::AmountUnits;
use orkestra_core::methods::CardCapture;
use orkestra_proxy::config::{MerchantKeys, OrkestraConfig};
use secrecy::SecretString;
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const MERCHANT_SECRET: &str = "sk_test_merchant_secret_0123456789";
/// Signs webhooks and the hosted page's way back: not the merchant API key.
pub const WEBHOOK_SECRET: &str = "whsec_test_signing_secret_9876543210";
/// A restricted merchant key: sessions only.
pub const RESTRICTED_SECRET: &str = "rk_test_sessions_only_secret_4242";
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
    /// Runs a server until its `stop` is sent: `run` is the server's `run_until_stopped`
    /// given the stop signal.
    fn spawn<F>(address: SocketAddr, run: impl FnOnce(oneshot::Receiver<()>) -> F) -> Server
    where
        F: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let (stop, stopped) = oneshot::channel();
        Server {
            address,
            stop: Some(stop),
            task: tokio::spawn(run(stopped)),
        }
    }

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

/// Where a stack's proxy keeps its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the tests may use: a URL to a database on it whose user may
/// create databases (each stack gets its own).
pub const DATABASE_URL_VAR: &str = "TEST_DATABASE_URL";

impl Backend {
    /// `PROXY_TEST_BACKEND=postgres` puts every [`Stack::start`] on PostgreSQL (the second
    /// pass of `cargo xtask test`'s blackbox layer); SQLite otherwise.
    pub fn from_env() -> Backend {
        match std::env::var("PROXY_TEST_BACKEND").as_deref() {
            Ok("postgres") => Backend::Postgres,
            Ok("sqlite") | Ok("") | Err(_) => Backend::Sqlite,
            Ok(other) => panic!("PROXY_TEST_BACKEND={other}: use sqlite or postgres"),
        }
    }
}

/// The test server's URL. Missing, the test fails (it does not skip): a PostgreSQL test
/// that silently passed without PostgreSQL would prove nothing.
pub fn test_database_url() -> String {
    match std::env::var(DATABASE_URL_VAR) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "{DATABASE_URL_VAR} is not set, and this test needs a PostgreSQL server. \
             `cargo xtask test --layer blackbox` starts a private one and sets it; to run the \
             tests by hand, start one with `cargo xtask postgres` and export the \
             {DATABASE_URL_VAR} it prints"
        ),
    }
}

/// A database of its own on the test server, dropped when this is (so a long-lived server,
/// `cargo xtask postgres`, does not fill up with the databases of finished tests).
pub struct TestDatabase {
    pub url: String,
    name: String,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        use sqlx::{Connection, Executor};
        let (server, name) = (test_database_url(), std::mem::take(&mut self.name));
        // Its own thread and runtime, not waited for: this runs inside the test's runtime,
        // whose proxies may be opening connections that the DROP (WITH (FORCE)) must end,
        // and they only end once that runtime has moved on. The last test of a binary may
        // exit first and leave its database; the server is a throwaway anyway.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&server).await.ok()?;
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                admin.execute(drop.as_str()).await.ok()
            })
        });
    }
}

/// A new, empty database on the test server.
pub async fn fresh_postgres_database() -> TestDatabase {
    use sqlx::{Connection, Executor};
    let server = test_database_url();
    let name = format!("orkestra_test_{:016x}", rand::random::<u64>());
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .unwrap_or_else(|e| panic!("connecting to {DATABASE_URL_VAR}: {e}"));
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap_or_else(|e| panic!("creating the test database {name}: {e}"));
    let _ = admin.close().await;
    TestDatabase {
        url: with_database(&server, &name),
        name,
    }
}

/// `url` with its database (the path) replaced by `name`; the query string is kept.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let (scheme, rest) = base.split_once("://").expect("a URL with a scheme");
    let authority = rest.split('/').next().unwrap_or_default();
    format!("{scheme}://{authority}/{name}{query}")
}

/// The password in a `postgres://user:password@host/…` URL.
pub fn password_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let userinfo = rest.split('/').next()?.rsplit_once('@')?.0;
    Some(userinfo.split_once(':')?.1.to_owned())
}

pub struct Stack {
    pub dir: tempfile::TempDir,
    pub sandbox: Option<Server>,
    pub proxy: Option<Server>,
    /// PostgreSQL: this stack's database. None: the SQLite file in `dir`.
    pub database_url: Option<String>,
    /// Drops that database with the stack.
    database: Option<TestDatabase>,
    /// More proxies on the same database ([`Stack::start_replica`]).
    pub replicas: Vec<Server>,
    /// The proxy (base URL) the sandbox sends its notifications to; the first by default.
    pub notify_via: Option<String>,
    pub sandbox_port: u16,
    pub proxy_port: u16,
    pub merchant: Receiver,
    pub http: reqwest::Client,
    sandbox_listener: Option<tokio::net::TcpListener>,
    proxy_listener: Option<tokio::net::TcpListener>,
}

/// A listener on a port below the kernel's ephemeral range (32768 and up on Linux), for a
/// server the test may stop and start again on the same port: a port the kernel hands out
/// (`:0`) may, once freed by the stop, be given to another test's outgoing connection
/// before the restart binds it again (seen as `AddrInUse` in a full run).
fn restartable_listener() -> tokio::net::TcpListener {
    use std::hash::{BuildHasher, RandomState};
    let seed = RandomState::new().hash_one(std::process::id());
    for attempt in 0..1_000u64 {
        let port = 20_000 + ((seed.wrapping_add(attempt.wrapping_mul(7_919))) % 12_000) as u16;
        if let Ok(listener) = std::net::TcpListener::bind(("127.0.0.1", port)) {
            listener
                .set_nonblocking(true)
                .expect("a non-blocking listener");
            return tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
        }
    }
    panic!("no free port between 20000 and 32000");
}

/// The first start uses a listener bound before either server exists, so no other test
/// can take the port in between; a restart binds the same port again. While a server is
/// stopped, another test's outgoing connection may hold the port as its own for a moment
/// (seen once in a full run): the restart tries again for up to ten seconds.
async fn listener(
    port: u16,
    first: &mut Option<tokio::net::TcpListener>,
) -> tokio::net::TcpListener {
    if let Some(listener) = first.take() {
        return listener;
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => return listener,
            Err(_) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(err) => panic!("port {port} not free again after a stop: {err}"),
        }
    }
}

impl Stack {
    /// A stack on SQLite, or on PostgreSQL when `PROXY_TEST_BACKEND=postgres`.
    pub async fn start() -> Stack {
        Stack::start_on(Backend::from_env()).await
    }

    pub async fn start_on(backend: Backend) -> Stack {
        let mut stack = Stack::without_proxy(backend).await;
        stack.start_proxy().await;
        stack
    }

    /// The sandbox only: the proxy starts when the test says (after preparing its
    /// database, say).
    pub async fn without_proxy(backend: Backend) -> Stack {
        let database = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(fresh_postgres_database().await),
        };
        let database_url = database.as_ref().map(|d| d.url.clone());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<!doctype html><html><head><script type=\"module\">import init from '/assets/x.js'; init();</script></head><body></body></html>",
        )
        .unwrap();
        let sandbox_listener = restartable_listener();
        let proxy_listener = restartable_listener();
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
            database_url,
            database,
            replicas: Vec::new(),
            notify_via: None,
        };
        stack.start_sandbox().await;
        stack
    }

    pub fn proxy_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.proxy_port)
    }

    pub fn sandbox_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.sandbox_port)
    }

    /// The password of the stack's database, which must appear in no log line either.
    pub fn database_password(&self) -> Option<String> {
        self.database_url.as_deref().and_then(password_of)
    }

    /// Where the sandbox's notifications go.
    pub fn notify_url(&self) -> String {
        self.notify_via.clone().unwrap_or_else(|| self.proxy_url())
    }

    /// Runs `sql` on the proxy's database, for what a black-box test cannot wait for (a
    /// session's hour running out). Either backend.
    pub async fn execute_sql(&self, sql: &str) {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_path("proxy.db").display()),
        };
        let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut db).await.unwrap();
        db.close().await.unwrap();
    }

    /// Everything the proxy stored, as text: on SQLite the bytes of its database file and
    /// write-ahead log; on PostgreSQL every row of every table of its database.
    pub async fn stored_text(&self) -> String {
        let Some(url) = &self.database_url else {
            let mut bytes = Vec::new();
            for entry in std::fs::read_dir(self.dir.path()).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name.starts_with("proxy.db") {
                    bytes.extend(std::fs::read(&path).unwrap());
                }
            }
            return String::from_utf8_lossy(&bytes).into_owned();
        };
        use sqlx::Connection;
        let mut db = sqlx::PgConnection::connect(url).await.unwrap();
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_all(&mut db)
        .await
        .unwrap();
        let mut text = String::new();
        for (table,) in tables {
            let rows: Vec<(String,)> =
                sqlx::query_as(&format!("SELECT t::text FROM \"{table}\" t"))
                    .fetch_all(&mut db)
                    .await
                    .unwrap();
            for (row,) in rows {
                text.push_str(&row);
                text.push('\n');
            }
        }
        text
    }

    pub fn data_path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub async fn start_sandbox(&mut self) {
        self.start_sandbox_with(|_| {}).await;
    }

    /// The sandbox on this stack's port and database, with `tune` applied to its
    /// configuration (minor amount units…).
    pub async fn start_sandbox_with(&mut self, tune: impl FnOnce(&mut orkestra_sandbox::Config)) {
        let mut config =
            orkestra_sandbox::Config::for_tests(self.data_path("sandbox.db").to_string_lossy());
        config.address = format!("127.0.0.1:{}", self.sandbox_port);
        config.username = ORKESTRA_USER.into();
        config.password = ORKESTRA_PASSWORD.into();
        config.webhook_url = Some(format!("{}/webhooks/orkestra", self.notify_url()));
        config.refund_webhook_url = Some(format!("{}/webhooks/orkestra/refunds", self.proxy_url()));
        config.payout_webhook_url = Some(format!("{}/webhooks/orkestra/payouts", self.proxy_url()));
        config.webhook_username = WEBHOOK_USER.into();
        config.webhook_password = WEBHOOK_PASSWORD.into();
        tune(&mut config);
        let listener = listener(self.sandbox_port, &mut self.sandbox_listener).await;
        let app = orkestra_sandbox::Application::build_with_listener(config, listener)
            .await
            .expect("sandbox starts");
        self.sandbox = Some(Server::spawn(app.address(), |stopped| {
            app.run_until_stopped(async {
                let _ = stopped.await;
            })
        }));
    }

    pub fn proxy_config(&self) -> orkestra_proxy::Config {
        orkestra_proxy::Config {
            address: format!("127.0.0.1:{}", self.proxy_port),
            public_url: self.proxy_url(),
            database: self.data_path("proxy.db").to_string_lossy().into_owned(),
            database_url: self.database_url.clone().map(SecretString::from),
            assets_dir: self.dir.path().to_path_buf(),
            merchant_name: "Test Shop".into(),
            merchant_keys: MerchantKeys {
                full: vec![SecretString::from(MERCHANT_SECRET)],
                restricted: vec![SecretString::from(RESTRICTED_SECRET)],
            },
            webhook_signing_secret: Some(SecretString::from(WEBHOOK_SECRET)),
            webhook_signing_secret_previous: None,
            trusted_proxies: Default::default(),
            webhook_dead_after: Duration::from_secs(72 * 3600),
            rate_limit_per_ip: 100_000,
            rate_limit_submits_per_session: 1_000,
            payout_webhook_url: None,
            metrics_token: None,
            // The tests of our own card form; tests/card_page.rs makes sessions whose
            // cards are typed on Orkestra's page, the product's default.
            card_capture: CardCapture::Direct,
            orkestra: OrkestraConfig {
                page_origin: self.sandbox_url(),
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
            reconcile: Default::default(),
        }
    }

    pub async fn start_proxy(&mut self) {
        self.start_proxy_with(|_| {}).await;
    }

    /// The proxy on this stack's port and database, with `tune` applied to its
    /// configuration (a shorter upstream timeout, a payout webhook URL…).
    pub async fn start_proxy_with(&mut self, tune: impl FnOnce(&mut orkestra_proxy::Config)) {
        let mut config = self.proxy_config();
        tune(&mut config);
        let listener = listener(self.proxy_port, &mut self.proxy_listener).await;
        let app = orkestra_proxy::Application::build_with_listener(config, listener)
            .await
            .expect("proxy starts");
        self.proxy = Some(Server::spawn(app.address(), |stopped| {
            app.run_until_stopped(async {
                let _ = stopped.await;
            })
        }));
    }

    /// Another proxy on this stack's database, sandbox, secrets and merchant receiver, on a
    /// port of its own, as a load balancer would have it (PostgreSQL only: a SQLite file is
    /// one replica's). Returns its base URL. Its public URL is the first proxy's.
    pub async fn start_replica(&mut self) -> String {
        self.start_replica_with(|_| {}).await
    }

    /// [`Stack::start_replica`] with `tune` applied to its configuration.
    pub async fn start_replica_with(
        &mut self,
        tune: impl FnOnce(&mut orkestra_proxy::Config),
    ) -> String {
        assert!(
            self.database_url.is_some(),
            "replicas share a PostgreSQL database: start the stack on Backend::Postgres"
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut config = self.proxy_config();
        config.address = listener.local_addr().unwrap().to_string();
        tune(&mut config);
        let app = orkestra_proxy::Application::build_with_listener(config, listener)
            .await
            .expect("replica starts");
        let server = Server::spawn(app.address(), |stopped| {
            app.run_until_stopped(async {
                let _ = stopped.await;
            })
        });
        let address = server.address;
        self.replicas.push(server);
        format!("http://{address}")
    }

    /// Sends the sandbox's notifications to `proxy_url` from now on (restarts the sandbox,
    /// which keeps its state).
    pub async fn notify_to(&mut self, proxy_url: &str) {
        self.notify_via = Some(proxy_url.to_owned());
        self.stop_sandbox().await;
        self.start_sandbox().await;
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
        self.create_session_at(&self.proxy_url(), body).await
    }

    /// `POST /v1/checkout-sessions` to the proxy at `base` (a replica).
    pub async fn create_session_at(&self, base: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(format!("{base}/v1/checkout-sessions"))
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
        self.pay_pix_at(&self.proxy_url(), token, key).await
    }

    /// A PIX submit to the proxy at `base` (a replica).
    pub async fn pay_pix_at(&self, base: &str, token: &str, key: &str) -> reqwest::Response {
        self.http
            .post(format!("{base}/api/pay/{token}/transactions"))
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
        self.merchant_get_at(&self.proxy_url(), id).await
    }

    /// `GET /v1/checkout-sessions/{id}` from the proxy at `base` (a replica).
    pub async fn merchant_get_at(&self, base: &str, id: &str) -> Value {
        self.http
            .get(format!("{base}/v1/checkout-sessions/{id}"))
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

/// Helpers of the method, money-out and split tests.
impl Stack {
    /// `GET /api/pay/{token}`: the page session.
    pub async fn page(&self, token: &str) -> Value {
        self.http
            .get(format!("{}/api/pay/{token}", self.proxy_url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// `POST /api/pay/{token}/transactions` with `key` as the `Idempotency-Key`.
    pub async fn submit(&self, token: &str, key: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(format!("{}/api/pay/{token}/transactions", self.proxy_url()))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Stops the proxy and starts it again on the same port and database with `tune`
    /// applied to its configuration (a shorter upstream timeout, a payout webhook URL…).
    pub async fn restart_proxy_with(&mut self, tune: impl FnOnce(&mut orkestra_proxy::Config)) {
        self.stop_proxy().await;
        self.start_proxy_with(tune).await;
    }

    /// `GET` on the sandbox's Orkestra API, with Orkestra's Basic credentials.
    pub async fn sandbox_get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.sandbox_url()))
            .basic_auth(ORKESTRA_USER, Some(ORKESTRA_PASSWORD))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        response.json().await.unwrap()
    }

    /// Orkestra's order `order_id` as the sandbox has it, and its transactions across its
    /// charges.
    pub async fn orkestra_order(&self, order_id: &str) -> (Value, Vec<Value>) {
        let order = self.sandbox_get(&format!("/v1/orders/{order_id}")).await;
        let transactions = order["charges"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["transactions"].as_array().unwrap().clone())
            .collect();
        (order, transactions)
    }

    /// `POST /v1/checkout-sessions/{id}/cancel` with the merchant secret (it queues
    /// `checkout_session.cancelled`).
    pub async fn cancel_session(&self, id: &str) -> reqwest::Response {
        self.http
            .post(format!(
                "{}/v1/checkout-sessions/{id}/cancel",
                self.proxy_url()
            ))
            .bearer_auth(MERCHANT_SECRET)
            .send()
            .await
            .unwrap()
    }

    /// A merchant API call with the merchant secret and, when given, an `Idempotency-Key`:
    /// (status, JSON body or null).
    pub async fn merchant_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.proxy_url()))
            .bearer_auth(MERCHANT_SECRET);
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

impl Receiver {
    /// The first event of `kind` whose `data` satisfies `matches`, waiting up to `within`.
    pub async fn wait_for_matching(
        &self,
        kind: &str,
        matches: impl Fn(&Value) -> bool,
        within: Duration,
    ) -> (HeaderMap, Bytes) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let found = self
                .received
                .lock()
                .unwrap()
                .iter()
                .find(|(_, body)| {
                    serde_json::from_slice::<Value>(body)
                        .map(|v| v["type"] == kind && matches(&v["data"]))
                        .unwrap_or(false)
                })
                .cloned();
            if let Some(found) = found {
                return found;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no matching {kind} webhook arrived; got {:?}",
                self.events()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Whether `Orkestra-Signature` is the HMAC-SHA256 of "<t>.<body>" under `secret`.
pub fn signature_is_valid(headers: &HeaderMap, body: &[u8], secret: &str) -> bool {
    use hmac::{Hmac, Mac};
    let Some(signature) = headers
        .get("orkestra-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    // `t=<unix>,v1=<hex>[,v1=<hex>…]`: one v1 per secret in use during a rotation.
    let mut parts = signature.split(',');
    let Some(t) = parts.next().and_then(|t| t.strip_prefix("t=")) else {
        return false;
    };
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected = hex::encode(mac.finalize().into_bytes());
    parts.any(|v1| v1.strip_prefix("v1=") == Some(expected.as_str()))
}

/// The real `orkestra-proxy` binary, configured through its environment as in production,
/// on the stack's proxy port and database (so the sandbox's notifications reach it).
/// Killed when dropped, if it is still running.
pub struct ProxyProcess {
    child: std::process::Child,
    /// Its stderr and stdout.
    pub log: PathBuf,
}

impl Stack {
    /// The `orkestra-proxy` binary with this stack's configuration in its environment (and
    /// nothing else from the test's): `doctor` runs from it, and the served proxy.
    pub fn proxy_binary_command(&self) -> std::process::Command {
        let config = self.proxy_config();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_orkestra-proxy"));
        command
            .env_clear()
            .env("PROXY_ADDR", &config.address)
            .env("PROXY_PUBLIC_URL", &config.public_url)
            .env("PROXY_DATABASE", &config.database)
            .env("PROXY_ASSETS_DIR", &config.assets_dir)
            .env("PROXY_MERCHANT_NAME", &config.merchant_name)
            .env(
                "PROXY_RATE_LIMIT_PER_IP",
                config.rate_limit_per_ip.to_string(),
            )
            .env(
                "PROXY_RATE_LIMIT_SUBMITS_PER_SESSION",
                config.rate_limit_submits_per_session.to_string(),
            )
            .env("ORKESTRA_MERCHANT_SECRET", MERCHANT_SECRET)
            .env("ORKESTRA_MERCHANT_RESTRICTED_SECRETS", RESTRICTED_SECRET)
            .env("PROXY_WEBHOOK_SIGNING_SECRET", WEBHOOK_SECRET)
            .env("PROXY_CARD_CAPTURE", config.card_capture.as_str())
            .env("ORKESTRA_API_URL", self.sandbox_url())
            .env("ORKESTRA_USERNAME", ORKESTRA_USER)
            .env("ORKESTRA_PASSWORD", ORKESTRA_PASSWORD)
            .env("ORKESTRA_WEBHOOK_USERNAME", WEBHOOK_USER)
            .env("ORKESTRA_WEBHOOK_PASSWORD", WEBHOOK_PASSWORD)
            .env("RUST_LOG", "info,sqlx=warn");
        if let Some(url) = &self.database_url {
            command.env("DATABASE_URL", url);
        }
        command
    }

    /// Stops the in-process proxy and starts the binary in its place with this stack's
    /// configuration as environment variables, `tune` applied to the command (to set or
    /// remove a variable). Returns once `/healthz` answers.
    pub async fn spawn_proxy_binary(
        &mut self,
        tune: impl FnOnce(&mut std::process::Command),
    ) -> ProxyProcess {
        self.stop_proxy().await;
        let log = self.data_path("proxy-binary.log");
        let output = std::fs::File::create(&log).unwrap();
        let mut command = self.proxy_binary_command();
        command.stdout(output.try_clone().unwrap()).stderr(output);
        tune(&mut command);
        let child = command.spawn().expect("the orkestra-proxy binary starts");
        let mut process = ProxyProcess { child, log };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(response) = self
                .http
                .get(format!("{}/healthz", self.proxy_url()))
                .send()
                .await
            {
                if response.status() == 200 {
                    return process;
                }
            }
            if let Some(status) = process.child.try_wait().unwrap() {
                panic!(
                    "the proxy exited ({status}) at start: {}",
                    process.log_text()
                );
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the proxy did not start: {}",
                process.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl ProxyProcess {
    /// What it has logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, as a process manager stops it.
    pub fn terminate(&self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Whether it is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits up to `within` for it to exit: its exit status, or None if it is still running.
    pub async fn exit_status(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        if self.is_running() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Test cards of the sandbox: approved; approved but answered after `slow_response`
/// (1.5 s in tests); held for a 3-D Secure challenge.
pub const CARD_OK: &str = "4111 1111 1111 1111";
pub const CARD_SLOW: &str = "4000 0000 0000 0119";
pub const CARD_3DS: &str = "4000 0000 0000 3220";

/// A Brazilian card payment with `number`: the charge's whole remainder, or `amount`.
pub fn card_payment(number: &str, amount: Option<&str>) -> Value {
    let mut body = json!({
        "method": "CARD",
        "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"},
        "card": {"number": number, "expiry": "12/30", "cvv": "123", "installments": 1}
    });
    if let Some(amount) = amount {
        body["amount"] = json!(amount);
    }
    body
}

/// A PIX payment: the charge's whole remainder, or `amount`.
pub fn pix_payment(amount: Option<&str>) -> Value {
    let mut body = json!({
        "method": "PIX",
        "payer": {"name": "João Souza", "document": "123.456.789-09", "email": "joao@example.com"}
    });
    if let Some(amount) = amount {
        body["amount"] = json!(amount);
    }
    body
}
