//! The client side of `cargo xtask bench proxy` that wrk cannot play (wrk drives the
//! request phases):
//!
//! - `sessions <proxy> <secret> <count> <file>`: makes `count` checkout sessions through
//!   the merchant API (64 at a time) and writes `<token> <session id>` lines to `file`,
//!   for the read and submit phases;
//! - `streams <proxy> <secret> <pid> <file> <count>`: holds `count` live-status streams
//!   (`GET /api/pay/{token}/events`) open on the sessions of `file`, reads the proxy's
//!   resident memory (`/proc/<pid>/status`) before and with them, then cancels sessions
//!   one at a time and times how long each change takes to reach every stream of its
//!   session. Prints one line of JSON.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["sessions", proxy, secret, count, file] => {
            sessions(proxy, secret, count.parse()?, file).await
        }
        ["streams", proxy, secret, pid, file, count] => {
            streams(proxy, secret, pid.parse()?, file, count.parse()?).await
        }
        _ => anyhow::bail!(
            "usage: bench_client sessions <proxy> <secret> <count> <file> | \
             streams <proxy> <secret> <pid> <file> <count>"
        ),
    }
}

async fn sessions(proxy: &str, secret: &str, count: usize, file: &str) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let run = format!("{:x}", std::process::id());
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let (http, proxy, secret, run, next) = (
            http.clone(),
            proxy.to_owned(),
            secret.to_owned(),
            run.clone(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut made = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= count {
                    return made;
                }
                let body = json!({"merchantOrderId": format!("prep-{run}-{n}"), "country": "BR",
                    "currency": "BRL", "amount": "150.00", "metadata": {}});
                let Ok(response) = http
                    .post(format!("{proxy}/v1/checkout-sessions"))
                    .bearer_auth(&secret)
                    .json(&body)
                    .send()
                    .await
                else {
                    continue;
                };
                let Ok(session) = response.json::<serde_json::Value>().await else {
                    continue;
                };
                if let (Some(url), Some(id)) = (session["url"].as_str(), session["id"].as_str()) {
                    let token = url.rsplit('/').next().unwrap_or_default().to_owned();
                    made.push(format!("{token} {id}"));
                }
            }
        }));
    }
    let mut lines = Vec::new();
    for task in tasks {
        lines.extend(task.await?);
    }
    anyhow::ensure!(
        lines.len() == count,
        "made {} of {count} sessions",
        lines.len()
    );
    std::fs::write(file, lines.join("\n") + "\n")?;
    Ok(())
}

/// The proxy's resident memory, in bytes.
fn rss(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmRSS for {pid}"))?;
    Ok(kb * 1024)
}

/// One open stream: it reports each `session` event it reads, with its session's index.
async fn open_stream(
    addr: String,
    token: String,
    index: usize,
    events: mpsc::UnboundedSender<(usize, Instant)>,
) -> anyhow::Result<()> {
    let mut stream = TcpStream::connect(&addr).await?;
    let request = format!(
        "GET /api/pay/{token}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut reader = BufReader::new(stream);
    let mut buffer = vec![0u8; 16 * 1024];
    let mut pending = String::new();
    loop {
        let n = reader.read(&mut buffer).await?;
        if n == 0 {
            return Ok(());
        }
        pending.push_str(&String::from_utf8_lossy(&buffer[..n]));
        while let Some(at) = pending.find("event: session") {
            let _ = events.send((index, Instant::now()));
            pending.drain(..at + "event: session".len());
        }
        // Keep only a tail that may hold the start of the next event name.
        if pending.len() > 64 {
            let cut = pending.len() - 64;
            let cut = (cut..pending.len())
                .find(|i| pending.is_char_boundary(*i))
                .unwrap_or(0);
            pending.drain(..cut);
        }
    }
}

async fn streams(
    proxy: &str,
    secret: &str,
    pid: u32,
    file: &str,
    count: usize,
) -> anyhow::Result<()> {
    let lines = std::fs::read_to_string(file)?;
    let sessions: Vec<(String, String)> = lines
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(t, i)| (t.to_owned(), i.to_owned()))
        .collect();
    anyhow::ensure!(!sessions.is_empty(), "no sessions in {file}");
    let addr = proxy.trim_start_matches("http://").to_owned();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = rss(pid)?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let per_session = count.div_ceil(sessions.len());
    let used = count.div_ceil(per_session);
    for i in 0..count {
        let session = i % used;
        let (addr, token, tx) = (addr.clone(), sessions[session].0.clone(), tx.clone());
        tokio::spawn(async move {
            if let Err(err) = open_stream(addr, token, session, tx).await {
                eprintln!("stream {i}: {err}");
            }
        });
        // Opened in waves, as payers arrive, not all in one instant.
        if i % 500 == 499 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    // Every stream's first event: the session as it is.
    let opened = Instant::now();
    let mut first = 0;
    while first < count {
        match tokio::time::timeout(Duration::from_secs(60), rx.recv()).await {
            Ok(Some(_)) => first += 1,
            _ => anyhow::bail!("only {first} of {count} streams opened"),
        }
    }
    let open_s = opened.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let held = rss(pid)?;

    // One change at a time: the time from asking for it to each of its streams hearing it.
    let http = reqwest::Client::new();
    let mut delays = Vec::new();
    let changes = used.min(200);
    for session in 0..changes {
        let started = Instant::now();
        let response = http
            .post(format!(
                "{proxy}/v1/checkout-sessions/{}/cancel",
                sessions[session].1
            ))
            .bearer_auth(secret)
            .send()
            .await?;
        anyhow::ensure!(
            response.status() == 200,
            "cancel answered {}",
            response.status()
        );
        let mut heard = 0;
        while heard < per_session {
            let (index, at) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await?
                .ok_or_else(|| anyhow::anyhow!("streams closed"))?;
            if index == session {
                delays.push(at.duration_since(started));
                heard += 1;
            }
        }
    }
    delays.sort();
    let p = |q: f64| delays[((delays.len() as f64 * q) as usize).min(delays.len() - 1)];
    println!(
        "{}",
        json!({
            "streams": count,
            "sessions": used,
            "open_seconds": open_s,
            "idle_rss": idle,
            "held_rss": held,
            "added_bytes": held.saturating_sub(idle),
            "per_stream_bytes": held.saturating_sub(idle) / count as u64,
            "changes": changes,
            "delivery_p50_ms": p(0.50).as_secs_f64() * 1000.0,
            "delivery_p99_ms": p(0.99).as_secs_f64() * 1000.0,
        })
    );
    Ok(())
}
