//! The proxy on PostgreSQL: a PIX payment end to end, then two replicas on one database
//! behind a (pretend) load balancer: the page streams its status from one replica while
//! Orkestra's notifications reach the other; one Idempotency-Key sent to both; merchant
//! webhooks sent once by two delivery workers; a replica whose notification listener loses
//! its connection; replicas creating the schema at the same time.
//!
//! These tests need the PostgreSQL server named by TEST_DATABASE_URL (`cargo xtask test`
//! starts one; see tests/common): without it they fail, they do not skip. Each stack gets a
//! database of its own on that server.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{Backend, Stack, MERCHANT_SECRET};
use serde_json::Value;
use sqlx::{Connection, PgConnection};

const WAIT: Duration = Duration::from_secs(15);

/// The page's live status stream on the proxy at `base`, once its first event arrived.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(stack: &Stack, base: &str, token: &str) -> Stream {
        let response = stack
            .http
            .get(format!("{base}/api/pay/{token}/events"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let mut stream = Stream {
            response,
            buffer: String::new(),
        };
        stream
            .next_session()
            .await
            .expect("the stream starts with the session");
        stream
    }

    /// The next `session` event's page session, or None when the stream ends.
    async fn next_session(&mut self) -> Option<Value> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                if !event.lines().any(|l| l == "event: session") {
                    continue;
                }
                let data: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(str::trim_start)
                    .collect();
                return Some(serde_json::from_str(&data).expect("a session event holds JSON"));
            }
            let chunk = self.response.chunk().await.ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Reads until the page session's status is `status`; fails after [`WAIT`].
    async fn wait_for(&mut self, status: &str) {
        let mut seen = Vec::new();
        let found = tokio::time::timeout(WAIT, async {
            while let Some(page) = self.next_session().await {
                seen.push(page["status"].to_string());
                if page["status"] == status {
                    return true;
                }
            }
            false
        })
        .await;
        assert_eq!(
            found,
            Ok(true),
            "the stream never showed {status}; it showed {seen:?}"
        );
    }
}

fn orkestra_id(view: &Value) -> String {
    view["transactions"][0]["orkestraId"]
        .as_str()
        .expect("a transaction made upstream has Orkestra's id")
        .to_owned()
}

/// A direct connection to the stack's database, to check what the proxy stored.
async fn database(stack: &Stack) -> PgConnection {
    let url = stack.database_url.as_deref().expect("a PostgreSQL stack");
    PgConnection::connect(url).await.unwrap()
}

#[tokio::test]
async fn a_pix_payment_settles_on_postgresql_and_the_page_and_merchant_hear_of_it() {
    let stack = Stack::start_on(Backend::Postgres).await;
    let (session, token) = stack.new_session("order-pg-pix").await;
    let id = session["id"].as_str().unwrap();
    let mut page = Stream::open(&stack, &stack.proxy_url(), &token).await;

    assert_eq!(stack.pay_pix(&token, "key-pg-pix-0001").await.status(), 201);
    page.wait_for("pending").await;
    let orkestra_id = orkestra_id(&stack.merchant_get(id).await);
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    stack.wait_for_status(id, "paid", WAIT).await;
    page.wait_for("paid").await;
    let (_, body) = stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(event["data"]["id"], id);

    // It is PostgreSQL that holds the state.
    let mut db = database(&stack).await;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM sessions WHERE id = $1")
        .bind(id)
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(status, "paid");
}

#[tokio::test]
async fn a_page_streaming_from_one_replica_hears_of_changes_made_on_another() {
    let mut stack = Stack::start_on(Backend::Postgres).await;
    let a = stack.proxy_url();
    let b = stack.start_replica().await;
    // Orkestra's notifications reach replica B only.
    stack.notify_to(&b).await;
    let (session, token) = stack.new_session("order-pg-replicas").await;
    let id = session["id"].as_str().unwrap();
    let mut page = Stream::open(&stack, &a, &token).await;

    // The payer's submit lands on B; the page, on A, sees the attempt.
    assert_eq!(
        stack
            .pay_pix_at(&b, &token, "key-pg-replicas")
            .await
            .status(),
        201
    );
    page.wait_for("pending").await;

    // Orkestra tells B the payment settled; the page on A turns paid by itself.
    let orkestra_id = orkestra_id(&stack.merchant_get_at(&a, id).await);
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    page.wait_for("paid").await;
    assert_eq!(stack.merchant_get_at(&a, id).await["status"], "paid");
}

#[tokio::test]
async fn one_idempotency_key_sent_to_two_replicas_makes_one_transaction() {
    let mut stack = Stack::start_on(Backend::Postgres).await;
    let a = stack.proxy_url();
    let b = stack.start_replica().await;
    for round in 0..4 {
        let (session, token) = stack.new_session(&format!("order-pg-split-{round}")).await;
        let id = session["id"].as_str().unwrap();
        let key = format!("key-pg-split-{round}");
        let (first, second) = tokio::join!(
            stack.pay_pix_at(&a, &token, &key),
            stack.pay_pix_at(&b, &token, &key)
        );
        assert!(
            first.status().is_success() && second.status().is_success(),
            "{} {}",
            first.status(),
            second.status()
        );
        // A retry on either replica is the same attempt.
        assert_eq!(stack.pay_pix_at(&b, &token, &key).await.status(), 200);
        assert_eq!(stack.pay_pix_at(&a, &token, &key).await.status(), 200);
        // Another key while it is pending is refused on both.
        for base in [&a, &b] {
            let other = stack.pay_pix_at(base, &token, "key-pg-other-tab").await;
            assert_eq!(other.status(), 409);
            let error: Value = other.json().await.unwrap();
            assert_eq!(error["error"]["code"], "transaction_in_progress");
        }
        let view = stack.merchant_get_at(&b, id).await;
        let transactions = view["transactions"].as_array().unwrap();
        assert_eq!(transactions.len(), 1, "{view}");
        assert_eq!(transactions[0]["status"], "pending");
    }
}

#[tokio::test]
async fn two_replicas_send_each_merchant_webhook_once() {
    let mut stack = Stack::start_on(Backend::Postgres).await;
    let a = stack.proxy_url();
    let b = stack.start_replica().await;
    stack.notify_to(&b).await;
    let cancel = |base: &str, id: &str| {
        let request = stack
            .http
            .post(format!("{base}/v1/checkout-sessions/{id}/cancel"))
            .bearer_auth(MERCHANT_SECRET);
        async move { request.send().await.unwrap() }
    };

    // Sessions created and cancelled on alternate replicas: one event each.
    let sessions = 16;
    for n in 0..sessions {
        let (made_on, cancelled_on) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let response = stack
            .create_session_at(made_on, &stack.session_body(&format!("order-pg-once-{n}")))
            .await;
        assert_eq!(response.status(), 201);
        let session: Value = response.json().await.unwrap();
        let id = session["id"].as_str().unwrap();
        assert_eq!(cancel(cancelled_on, id).await.status(), 200);
    }
    // And a payment: pending (made on A), then paid (notified to B).
    let (session, token) = stack.new_session("order-pg-once-paid").await;
    let id = session["id"].as_str().unwrap();
    assert_eq!(
        stack.pay_pix(&token, "key-pg-once-paid").await.status(),
        201
    );
    let orkestra_id = orkestra_id(&stack.merchant_get(id).await);
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;

    let expected = sessions + 2;
    let deadline = tokio::time::Instant::now() + WAIT;
    while stack.merchant.events().len() < expected && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Both workers poll every 250 ms: give them many more rounds to send anything twice.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let events: Vec<(String, String)> = stack
        .merchant
        .events()
        .iter()
        .map(|e| (e["type"].to_string(), e["id"].to_string()))
        .collect();
    let ids: HashSet<&String> = events.iter().map(|(_, id)| id).collect();
    assert_eq!(ids.len(), expected, "{events:?}");
    assert_eq!(
        events.len(),
        expected,
        "an event was sent twice: {events:?}"
    );
    let cancelled = events
        .iter()
        .filter(|(kind, _)| kind == "\"checkout_session.cancelled\"")
        .count();
    assert_eq!(cancelled, sessions);

    let mut db = database(&stack).await;
    let (rows, sent_once): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE attempts = 1 AND delivered_at IS NOT NULL) \
         FROM merchant_outbox",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!((rows, sent_once), (expected as i64, expected as i64));
}

#[tokio::test]
async fn a_replica_whose_listener_loses_its_connection_reconnects_and_misses_nothing() {
    let mut stack = Stack::start_on(Backend::Postgres).await;
    let a = stack.proxy_url();
    let b = stack.start_replica().await;
    stack.notify_to(&b).await;
    let (session, token) = stack.new_session("order-pg-reconnect").await;
    let id = session["id"].as_str().unwrap();
    let mut page = Stream::open(&stack, &a, &token).await;
    assert_eq!(
        stack
            .pay_pix_at(&b, &token, "key-pg-reconnect")
            .await
            .status(),
        201
    );
    page.wait_for("pending").await;
    let orkestra_id = orkestra_id(&stack.merchant_get(id).await);

    // Cut every replica's listener off and keep it off for a while (as a failover would):
    // new connections are refused; those already open (the replicas' pools) carry on.
    let mut db = database(&stack).await;
    let (name,): (String,) = sqlx::query_as("SELECT current_database()")
        .fetch_one(&mut db)
        .await
        .unwrap();
    drop(db);
    // From the server's own database: a database cannot close itself to connections.
    let mut admin = PgConnection::connect(&common::test_database_url())
        .await
        .unwrap();
    let listening = format!(
        "SELECT pid FROM pg_stat_activity WHERE datname = '{name}' AND query LIKE 'LISTEN%'"
    );
    sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .execute(&mut admin)
        .await
        .unwrap();
    let cut: Vec<(bool,)> = sqlx::query_as(&format!(
        "SELECT pg_terminate_backend(pid) FROM ({listening}) AS l"
    ))
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(cut.len(), 2, "each replica listens on one connection");

    // The payment settles while nobody listens: its announcement reaches no replica.
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(700)).await;
    sqlx::query(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .execute(&mut admin)
        .await
        .unwrap();

    // Back, the listener has every page on its replica read its session again.
    page.wait_for("paid").await;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let back: Vec<(i32,)> = sqlx::query_as(&listening)
            .fetch_all(&mut admin)
            .await
            .unwrap();
        if back.len() == 2 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the listeners did not come back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn replicas_starting_together_on_an_empty_database_all_start() {
    let stack = Stack::start_on(Backend::Postgres).await;
    let mut config = stack.proxy_config();
    let empty = common::fresh_postgres_database().await;
    config.database_url = Some(empty.url.clone().into());
    let build = || async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        orkestra_proxy::Application::build_with_listener(config.clone(), listener).await
    };
    let (one, two, three) = tokio::join!(build(), build(), build());
    for started in [one, two, three] {
        started.expect("a replica starts while others create the schema");
    }
}

/// Short upstream timeouts and a reconciler that looks at attempts untouched for 2 s.
fn reconciling(config: &mut orkestra_proxy::Config) {
    config.orkestra.timeout = Duration::from_millis(500);
    config.orkestra.retries = 0;
    config.reconcile.after = Duration::from_secs(2);
    config.reconcile.interval = Duration::from_millis(100);
}

#[tokio::test]
async fn two_replicas_reconcile_a_stuck_attempt_once_and_release_a_lost_one() {
    let mut stack = Stack::start_on(Backend::Postgres).await;
    // No notifications: only the reconcilers can settle the stuck attempts.
    stack.stop_sandbox().await;
    stack.start_sandbox_with(|c| c.webhook_url = None).await;
    stack.restart_proxy_with(reconciling).await;
    let other = stack.start_replica_with(reconciling).await;

    // A card whose create call timed out (it reached Orkestra and was paid there).
    let (session, token) = stack.new_session("order-pg-reconcile").await;
    let id = session["id"].as_str().unwrap().to_owned();
    let slow = common::card_payment(common::CARD_SLOW, None);
    assert_eq!(
        stack.submit(&token, "key-pg-slow-01", &slow).await.status(),
        503
    );
    let view = stack.wait_for_status(&id, "paid", WAIT).await;
    let order_id = view["transactions"][0]["orkestraOrderId"]
        .as_str()
        .unwrap()
        .to_owned();
    let (order, upstream) = stack.orkestra_order(&order_id).await;
    assert_eq!(upstream.len(), 1, "{order}");
    let viewed = stack.merchant_get_at(&other, &id).await;
    assert_eq!(viewed["status"], "paid");
    // Recorded once: one paid webhook, though both replicas reconcile.
    stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let paid_events = stack
        .merchant
        .events()
        .iter()
        .filter(|e| e["type"] == "checkout_session.paid")
        .count();
    assert_eq!(paid_events, 1, "{:?}", stack.merchant.events());

    // A card whose request never reached Orkestra: released, then a new key pays (on the
    // other replica).
    let (session, token) = stack.new_session("order-pg-lost").await;
    let id = session["id"].as_str().unwrap().to_owned();
    let lost = common::card_payment("4000 0000 0000 0010", None);
    assert_eq!(
        stack.submit(&token, "key-pg-lost-01", &lost).await.status(),
        503
    );
    let view = stack.wait_for_status(&id, "failed", WAIT).await;
    assert_eq!(view["transactions"][0]["status"], "failed", "{view}");
    let ok = common::card_payment(common::CARD_OK, None);
    let paid = stack
        .http
        .post(format!("{other}/api/pay/{token}/transactions"))
        .header("Idempotency-Key", "key-pg-lost-02")
        .json(&ok)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 201);
    let view = stack.wait_for_status(&id, "paid", WAIT).await;
    assert_eq!(view["transactions"].as_array().unwrap().len(), 2, "{view}");
}
