//! The proxy's load benchmark (`cargo xtask bench proxy`): a real sandbox and a real proxy
//! on loopback, each with its own SQLite file, and a client that creates checkout sessions
//! through the merchant API, reads their status through the browser API, then pays fresh
//! sessions by PIX (each submit creates Orkestra's order in the sandbox, over HTTP), with a
//! fixed number of concurrent clients for a fixed time per phase. Prints throughput,
//! p50/p99 latency and errors for each phase. Everything shares this machine's cores,
//! client included.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use orkestra_core::api::orkestra::AmountUnits;
use orkestra_proxy::config::OrkestraConfig;
use secrecy::SecretString;
use serde_json::json;

const SECRET: &str = "sk_bench_merchant_secret";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let clients: usize = std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);
    let dir = tempfile::tempdir()?;
    let sandbox_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let proxy_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let sandbox_url = format!("http://{}", sandbox_listener.local_addr()?);
    let proxy_url = format!("http://{}", proxy_listener.local_addr()?);

    let mut sandbox =
        orkestra_sandbox::Config::for_tests(dir.path().join("sandbox.db").to_string_lossy());
    sandbox.webhook_url = Some(format!("{proxy_url}/webhooks/orkestra"));
    let sandbox_app =
        orkestra_sandbox::Application::build_with_listener(sandbox.clone(), sandbox_listener)
            .await?;
    tokio::spawn(sandbox_app.run_until_stopped(std::future::pending()));
    let proxy = orkestra_proxy::Config {
        address: String::new(),
        public_url: proxy_url.clone(),
        database: dir.path().join("proxy.db").to_string_lossy().into_owned(),
        database_url: None,
        assets_dir: dir.path().to_path_buf(),
        merchant_name: "Bench Shop".into(),
        merchant_secret: SecretString::from(SECRET),
        webhook_signing_secret: SecretString::from(SECRET),
        rate_limit_per_ip: u32::MAX,
        rate_limit_submits_per_session: u32::MAX,
        payout_webhook_url: None,
        orkestra: OrkestraConfig {
            base_url: sandbox_url,
            username: sandbox.username.clone(),
            password: SecretString::from(sandbox.password.clone()),
            webhook_username: sandbox.webhook_username.clone(),
            webhook_password: SecretString::from(sandbox.webhook_password.clone()),
            amount_units: AmountUnits::Major,
            paths: Default::default(),
            timeout: Duration::from_secs(10),
            retries: 0,
        },
        reconcile: Default::default(),
    };
    let proxy_app = orkestra_proxy::Application::build_with_listener(proxy, proxy_listener).await?;
    tokio::spawn(proxy_app.run_until_stopped(std::future::pending()));

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    println!("bench: {clients} concurrent clients, {seconds} s per phase, proxy {proxy_url}");

    let create =
        phase("create-session", clients, seconds, usize::MAX, {
            let (http, proxy_url) = (http.clone(), proxy_url.clone());
            move |client, n| {
                let (http, proxy_url) = (http.clone(), proxy_url.clone());
                async move {
                    let response = http
                    .post(format!("{proxy_url}/v1/checkout-sessions"))
                    .bearer_auth(SECRET)
                    .json(&json!({"merchantOrderId": format!("bench-{client}-{n}"), "country": "BR",
                                  "currency": "BRL", "amount": "150.00", "metadata": {}}))
                    .send()
                    .await
                    .ok()?;
                    if response.status() != 201 {
                        return None;
                    }
                    let body: serde_json::Value = response.json().await.ok()?;
                    Some(body["url"].as_str()?.rsplit('/').next()?.to_owned())
                }
            }
        })
        .await;
    let sessions = Arc::new(create.outputs);
    anyhow::ensure!(!sessions.is_empty(), "no session was created");

    phase("read-status", clients, seconds, usize::MAX, {
        let (http, proxy_url) = (http.clone(), proxy_url.clone());
        let tokens: Vec<String> = sessions.iter().take(1000).cloned().collect();
        move |_, n| {
            let (http, proxy_url) = (http.clone(), proxy_url.clone());
            let token = tokens[(n * 7919) % tokens.len()].clone();
            async move {
                let response = http
                    .get(format!("{proxy_url}/api/pay/{token}"))
                    .send()
                    .await
                    .ok()?;
                (response.status() == 200).then_some(())?;
                response.bytes().await.ok().map(|_| String::new())
            }
        }
    })
    .await;

    // Each submit takes a session no one has paid yet: the proxy stores the attempt, creates
    // Orkestra's order with the PIX transaction in the sandbox and keeps its BR Code.
    phase("pix-submit", clients, seconds, sessions.len(), {
        let (http, proxy_url) = (http.clone(), proxy_url.clone());
        move |_, n| {
            let (http, proxy_url) = (http.clone(), proxy_url.clone());
            let token = sessions[n].clone();
            async move {
                let response = http
                    .post(format!("{proxy_url}/api/pay/{token}/transactions"))
                    .header("Idempotency-Key", format!("bench-pix-{n:08}"))
                    .json(&json!({"method": "PIX", "payer": {"name": "Maria da Silva",
                        "document": "529.982.247-25", "email": "maria@example.com"}}))
                    .send()
                    .await
                    .ok()?;
                (response.status() == 201).then_some(())?;
                response.bytes().await.ok().map(|_| String::new())
            }
        }
    })
    .await;
    Ok(())
}

struct Phase {
    outputs: Vec<String>,
}

/// Runs `clients` loops of `request` for `seconds`, or until `limit` requests have been
/// made; prints requests/s, p50, p99 and errors. `request` gets the client's number and
/// the request's (0, 1, 2… across all clients).
async fn phase<F, Fut>(name: &str, clients: usize, seconds: u64, limit: usize, request: F) -> Phase
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Option<String>> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let issued = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (request, issued) = (request.clone(), issued.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors, mut outputs) = (Vec::new(), 0u64, Vec::new());
            while Instant::now() < deadline {
                let n = issued.fetch_add(1, Ordering::Relaxed);
                if n >= limit {
                    break;
                }
                let t = Instant::now();
                match request(client, n).await {
                    Some(output) => {
                        latencies.push(t.elapsed());
                        outputs.push(output);
                    }
                    None => errors += 1,
                }
            }
            (latencies, errors, outputs)
        }));
    }
    let (mut latencies, mut errors, mut outputs) = (Vec::new(), 0, Vec::new());
    for task in tasks {
        if let Ok((l, e, o)) = task.await {
            latencies.extend(l);
            errors += e;
            outputs.extend(o);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let cut_short = if issued.load(Ordering::Relaxed) >= limit && elapsed < seconds as f64 {
        " (stopped early: every session created was used)"
    } else {
        ""
    };
    println!(
        "{name}: {} ok in {elapsed:.1} s = {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, errors {errors}{cut_short}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
    );
    Phase { outputs }
}
