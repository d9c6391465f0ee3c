//! The operations surface, black-box: `/readyz` names the part that failed (Orkestra
//! stopped, the database cut off), `/metrics` moves with a payment and keeps its token,
//! and JSON logs carry one request id on every line of a request and in its webhook.

mod common;

use std::time::Duration;

use common::*;
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

async fn readyz(stack: &Stack) -> (u16, Value) {
    let response = stack
        .http
        .get(format!("{}/readyz", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// The check of `part` in a readiness report.
fn check<'r>(report: &'r Value, part: &str) -> &'r Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["part"] == part)
        .unwrap_or_else(|| panic!("no {part} check in {report}"))
}

/// Polls `/readyz` until it answers `status` (a report is reused for 5 s).
async fn readyz_until(stack: &Stack, status: u16) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let (got, report) = readyz(stack).await;
        if got == status {
            return report;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "/readyz still answers {got}: {report}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn readiness_is_503_naming_orkestra_when_it_stops() {
    let mut stack = Stack::start().await;
    let (status, report) = readyz(&stack).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["ready"], true);
    for part in ["database", "migrations", "orkestra"] {
        assert_eq!(check(&report, part)["ok"], true, "{report}");
    }

    stack.stop_sandbox().await;
    let report = readyz_until(&stack, 503).await;
    assert_eq!(report["ready"], false);
    let orkestra = check(&report, "orkestra");
    assert_eq!(orkestra["ok"], false, "{report}");
    assert!(
        orkestra["detail"].as_str().unwrap().contains("unreachable"),
        "{report}"
    );
    assert_eq!(check(&report, "database")["ok"], true, "{report}");
    // Liveness is not readiness: the process still answers.
    let health = stack
        .http
        .get(format!("{}/healthz", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    stack.start_sandbox().await;
    readyz_until(&stack, 200).await;
}

/// A TCP relay to `target` that can be cut: every connection through it, and its port,
/// closed at once, as when a database server stops.
struct Relay {
    port: u16,
    stop: watch::Sender<bool>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (stop, stopped) = watch::channel(false);
        tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            let mut stopped_accepting = stopped.clone();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((mut client, _)) = accepted else { continue };
                        let target = target.clone();
                        connections.spawn(async move {
                            if let Ok(mut server) = TcpStream::connect(&target).await {
                                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                            }
                        });
                    }
                    _ = stopped_accepting.changed() => break,
                }
            }
            // Dropping the set aborts every relayed connection; the listener goes too.
            drop(connections);
        });
        Relay { port, stop }
    }

    fn cut(&self) {
        let _ = self.stop.send(true);
    }
}

/// The database part needs a server that can stop while the proxy runs: PostgreSQL
/// behind a relay (a SQLite file cannot be stopped), whatever the pass's backend.
#[tokio::test]
async fn readiness_is_503_naming_the_database_when_it_stops() {
    let mut stack = Stack::without_proxy(Backend::Postgres).await;
    let url = stack.database_url.clone().unwrap();
    let rest = url.split_once('@').unwrap().1;
    let address = rest.split('/').next().unwrap().to_owned();
    let relay = Relay::start(address.clone()).await;
    let relayed = url.replace(&address, &format!("127.0.0.1:{}", relay.port));
    stack
        .start_proxy_with(|c| {
            c.database_url = Some(relayed.into());
        })
        .await;
    let (status, report) = readyz(&stack).await;
    assert_eq!(status, 200, "{report}");

    relay.cut();
    let report = readyz_until(&stack, 503).await;
    let database = check(&report, "database");
    assert_eq!(database["ok"], false, "{report}");
    assert!(
        !report.to_string().contains(&password_of(&url).unwrap()),
        "the report never shows the database's password: {report}"
    );
    // Orkestra is fine, and the report says so beside the failure.
    assert_eq!(check(&report, "orkestra")["ok"], true, "{report}");
}

async fn scrape(stack: &Stack, token: Option<&str>) -> reqwest::Response {
    let mut request = stack.http.get(format!("{}/metrics", stack.proxy_url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// The value of the sample `series` (its name and labels exactly as written), 0 if absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map_or(0.0, |value| value.trim().parse().unwrap())
}

#[tokio::test]
async fn metrics_move_with_a_payment_and_show_no_secret() {
    const TOKEN: &str = "metrics-token-for-tests";
    let mut stack = Stack::without_proxy(Backend::from_env()).await;
    stack
        .start_proxy_with(|c| c.metrics_token = Some(TOKEN.to_owned().into()))
        .await;
    let refused = scrape(&stack, None).await;
    assert_eq!(refused.status(), 401);
    assert_eq!(scrape(&stack, Some("wrong")).await.status(), 401);
    let before = scrape(&stack, Some(TOKEN)).await;
    assert_eq!(before.status(), 200);
    assert!(before.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let before = before.text().await.unwrap();

    let (session, token) = stack.new_session("order-metrics").await;
    let id = session["id"].as_str().unwrap();
    assert_eq!(stack.pay_pix(&token, "key-metrics").await.status(), 201);
    let orkestra_id = stack.merchant_get(id).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    stack
        .wait_for_status(id, "paid", Duration::from_secs(15))
        .await;
    stack
        .merchant
        .wait_for_event("checkout_session.paid", Duration::from_secs(15))
        .await;
    // The delivery is counted once the receiver's answer is back: give it a moment.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let after = loop {
        let text = scrape(&stack, Some(TOKEN)).await.text().await.unwrap();
        let delivered = "orkestra_checkout_webhook_delivery_attempts_total{outcome=\"delivered\"}";
        if sample(&text, delivered) > sample(&before, delivered) {
            break text;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no delivery counted:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    for (series, grew_by_at_least) in [
        (
            "orkestra_checkout_http_requests_total{method=\"POST\",route=\"/v1/checkout-sessions\",status=\"201\"}",
            1.0,
        ),
        (
            "orkestra_checkout_http_requests_total{method=\"POST\",route=\"/api/pay/{token}/transactions\",status=\"201\"}",
            1.0,
        ),
        (
            "orkestra_checkout_http_request_duration_seconds_count{method=\"POST\",route=\"/v1/checkout-sessions\"}",
            1.0,
        ),
        (
            "orkestra_checkout_upstream_calls_total{operation=\"create_order\",outcome=\"ok\"}",
            1.0,
        ),
        ("orkestra_checkout_sessions{status=\"paid\"}", 1.0),
    ] {
        let grew = sample(&after, series) - sample(&before, series);
        assert!(grew >= grew_by_at_least, "{series} grew by {grew}:\n{after}");
    }
    assert_eq!(sample(&after, "orkestra_checkout_webhooks_dead"), 0.0);
    for secret in [
        MERCHANT_SECRET,
        WEBHOOK_SECRET,
        TOKEN,
        token.as_str(),
        "52998224725",
        "529.982.247-25",
    ] {
        assert!(!after.contains(secret), "{secret} is in the metrics");
    }
}

#[tokio::test]
async fn one_request_id_on_the_json_log_lines_of_a_request_and_in_its_webhook() {
    let mut stack = Stack::start().await;
    let proxy = stack
        .spawn_proxy_binary(|command| {
            command
                .env("LOG_FORMAT", "json")
                .env("RUST_LOG", "info,sqlx=warn");
        })
        .await;
    let (session, token) = stack.new_session("order-request-id").await;
    let id = session["id"].as_str().unwrap();
    let cancelled = stack.cancel_session(id).await;
    assert_eq!(cancelled.status(), 200);
    let request_id = cancelled.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();

    let (headers, _) = stack
        .merchant
        .wait_for_event("checkout_session.cancelled", Duration::from_secs(15))
        .await;
    assert_eq!(headers["x-request-id"].to_str().unwrap(), request_id);

    // The proxy's log thread writes a line a moment after it happens: read until the
    // cancel's access line is there (or the time is up, and the assertions below say why).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let (log, lines) = loop {
        let log = proxy.log_text();
        // Whole lines only: the last one may be half written.
        let lines: Vec<Value> = log
            .split_inclusive('\n')
            .filter(|l| l.ends_with('\n') && !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect();
        let answered = lines
            .iter()
            .any(|l| l["message"] == "answered" && l.to_string().contains(&request_id));
        if answered || tokio::time::Instant::now() > deadline {
            break (log, lines);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let of_request: Vec<&Value> = lines
        .iter()
        .filter(|line| line.to_string().contains(&request_id))
        .collect();
    assert!(
        of_request
            .iter()
            .any(|l| l["message"] == "answered" && l["status"] == 200 && l["ms"].is_u64()),
        "the cancel's access line carries its id:\n{log}"
    );
    // Every line of that request (the access line and whatever the cancel logged) is in
    // its span, with the route's pattern and never the page token.
    for line in &of_request {
        let text = line.to_string();
        assert!(
            text.contains("/v1/checkout-sessions/{id}/cancel") || !text.contains("route"),
            "{text}"
        );
    }
    assert!(!log.contains(&token), "the page token is never logged");
    assert!(
        !log.contains(MERCHANT_SECRET),
        "the merchant secret is never logged"
    );
}
