//! `cargo xtask bench proxy [sqlite|postgres]`: the proxy under load, on this machine, in
//! one run: the framework's floor (`GET /healthz`), session reads through the browser API,
//! session creation through the merchant API, PIX submits (each creating Orkestra's order
//! in the sandbox over HTTP), and 10,000 live-status streams held open (memory, and how
//! soon a change reaches them). wrk (Debian's) drives the request phases; the proxy's own
//! `bench_client` example makes the sessions they use and holds the streams. The servers
//! are the release-optimised binaries (profile `bench-server`), durability kept (SQLite
//! commits synchronously). On PostgreSQL, two replicas share one database and each phase's
//! load is split between them.

use super::{scripts, wrk};
use crate::postgres::TestPostgres;
use crate::stack::{Logs, Server, Stack, StackConfig};
use crate::util::{self, cmd, run};
use anyhow::{Context, Result};
use std::path::Path;
use std::time::Duration;

const PROFILE: &str = "bench-server";
/// The load: 64 connections for reads and creates, 16 payers submitting.
const CONNECTIONS: u32 = 64;
const PAYERS: u32 = 16;
const STREAMS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub fn bench(db: Db) -> Result<bool> {
    if util::which("wrk").is_none() {
        crate::setup::apt_install(&["wrk"])?;
    }
    run(cmd("cargo").args([
        "build",
        "--profile",
        PROFILE,
        "-p",
        "orkestra-proxy",
        "-p",
        "orkestra-sandbox",
        "--bins",
    ]))?;
    run(cmd("cargo").args([
        "build",
        "--profile",
        PROFILE,
        "-p",
        "orkestra-proxy",
        "--example",
        "bench_client",
    ]))?;
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let duration = Duration::from_secs(seconds);
    let work = util::root().join("target/bench-proxy");
    let _ = std::fs::remove_dir_all(&work);
    let data = work.join("data");
    std::fs::create_dir_all(&data)?;

    let postgres = match db {
        Db::Postgres => Some(TestPostgres::start()?),
        Db::Sqlite => None,
    };
    let mut cfg = StackConfig::ephemeral(&data)?;
    cfg.profile = PROFILE;
    cfg.servers.retain(|s| s.name != "shop");
    for server in cfg.servers.iter_mut().filter(|s| s.name == "proxy") {
        // One client address makes every request here: the per-IP and per-session limits
        // are the black-box tests' business.
        server
            .env
            .push(("PROXY_RATE_LIMIT_PER_IP".into(), "1000000000".into()));
        server.env.push((
            "PROXY_RATE_LIMIT_SUBMITS_PER_SESSION".into(),
            "1000000".into(),
        ));
        if let Some(pg) = &postgres {
            server.env.push(("DATABASE_URL".into(), pg.url.clone()));
        }
    }
    let mut proxies = vec![cfg.proxy_url.clone()];
    if postgres.is_some() {
        let addr = format!("127.0.0.1:{}", util::free_port()?);
        let proxy = cfg
            .servers
            .iter()
            .find(|s| s.name == "proxy")
            .context("the stack has a proxy")?;
        let mut env = proxy.env.clone();
        env.retain(|(k, _)| k != "PROXY_ADDR");
        env.push(("PROXY_ADDR".into(), addr.clone()));
        cfg.servers.push(Server {
            name: "proxy-2",
            bin: "orkestra-proxy",
            addr: addr.clone(),
            env,
        });
        proxies.push(format!("http://{addr}"));
    }
    let mut stack = Stack::start(&cfg, &Logs::Dir(work.join("logs")))?;
    let result = phases(&cfg, &stack, &proxies, &work, duration, db);
    stack.stop();
    drop(postgres);
    let report = result?;
    println!("\n{report}");
    std::fs::write(work.join("report.txt"), &report)?;
    Ok(true)
}

/// Runs one wrk per proxy at once, the connections split between them.
fn split(
    proxies: &[String],
    connections: u32,
    duration: Duration,
    script: &Path,
    args: impl Fn(usize) -> Vec<String>,
) -> Result<wrk::Run> {
    let each = (connections / proxies.len() as u32).max(2);
    let runs: Vec<Result<wrk::Run>> = std::thread::scope(|scope| {
        let handles: Vec<_> = proxies
            .iter()
            .enumerate()
            .map(|(i, url)| {
                let args = args(i);
                scope.spawn(move || {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    wrk::run(url, each, duration, script, &args)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| anyhow::bail!("a wrk thread panicked"))
            })
            .collect()
    });
    Ok(wrk::Run::together(
        &runs.into_iter().collect::<Result<Vec<_>>>()?,
    ))
}

fn client() -> std::path::PathBuf {
    util::host_target_dir()
        .join(PROFILE)
        .join("examples")
        .join("bench_client")
}

fn make_sessions(cfg: &StackConfig, count: usize, file: &Path) -> Result<()> {
    run(cmd(client())
        .arg("sessions")
        .arg(&cfg.proxy_url)
        .arg(&cfg.merchant_secret)
        .arg(count.to_string())
        .arg(file))
}

fn phases(
    cfg: &StackConfig,
    stack: &Stack,
    proxies: &[String],
    work: &Path,
    duration: Duration,
    db: Db,
) -> Result<String> {
    let floor_script = wrk::script(work, "floor", scripts::FLOOR)?;
    // Warm-up: connections, caches and the allocator settle before anything is measured.
    split(
        proxies,
        CONNECTIONS,
        Duration::from_secs(2),
        &floor_script,
        |_| vec![],
    )?;
    let floor = split(proxies, CONNECTIONS, duration, &floor_script, |_| vec![])?;
    println!("floor: {floor:?}");

    let read_file = work.join("read-sessions.txt");
    make_sessions(cfg, 1000, &read_file)?;
    let read_script = wrk::script(work, "read", scripts::READ)?;
    let read_arg = read_file.display().to_string();
    // Warm-up, as for the floor: the first read of each session (a miss of the pages'
    // snapshots, four queries) falls here, so the phase measures what most reads are, a
    // page reading a session that has not changed since (each change makes its next read
    // a miss again; the streams phase measures how soon a change is seen).
    split(
        proxies,
        CONNECTIONS,
        Duration::from_secs(2),
        &read_script,
        |_| vec![read_arg.clone()],
    )?;
    let read = split(proxies, CONNECTIONS, duration, &read_script, |_| {
        vec![read_arg.clone()]
    })?;
    println!("read: {read:?}");

    let create_script = wrk::script(work, "create", scripts::CREATE)?;
    let secret = cfg.merchant_secret.clone();
    let create = split(proxies, CONNECTIONS, duration, &create_script, |i| {
        vec![format!("{}-{i}", std::process::id()), secret.clone()]
    })?;
    println!("create: {create:?}");

    // Enough unpaid sessions for the submit phase at a few thousand a second.
    let pix_file = work.join("pix-sessions.txt");
    make_sessions(cfg, 20_000, &pix_file)?;
    let pix_script = wrk::script(work, "pix", scripts::PIX)?;
    let pix_arg = pix_file.display().to_string();
    let wrks = proxies.len().to_string();
    let pix = split(proxies, PAYERS, duration, &pix_script, |i| {
        vec![pix_arg.clone(), i.to_string(), wrks.clone()]
    })?;
    println!("pix: {pix:?}");

    let pid = stack.pid("orkestra-proxy").context("the proxy runs")?;
    let out = util::output(
        cmd(client())
            .arg("streams")
            .arg(&cfg.proxy_url)
            .arg(&cfg.merchant_secret)
            .arg(pid.to_string())
            .arg(&read_file)
            .arg(STREAMS.to_string()),
    )
    .context("holding the live-status streams")?;
    let streams: std::collections::BTreeMap<String, f64> = out
        .trim()
        .trim_matches(['{', '}'])
        .split(',')
        .filter_map(|kv| kv.split_once(':'))
        .filter_map(|(k, v)| Some((k.trim_matches('"').to_owned(), v.trim().parse().ok()?)))
        .collect();
    let get = |k: &str| streams.get(k).copied().unwrap_or(f64::NAN);
    println!("streams: {out}");

    let ratio = |r: &wrk::Run| r.per_second() / floor.per_second();
    let backend = match db {
        Db::Sqlite => "SQLite, one proxy".to_owned(),
        Db::Postgres => format!(
            "PostgreSQL, {} proxy replicas on one database",
            proxies.len()
        ),
    };
    let line = |name: &str, conns: u32, r: &wrk::Run, target: &str| {
        format!(
            "| {name} | {conns} | {:.0} | {:.2} | {:.2} | {:.2} | {} | {target} |",
            r.per_second(),
            r.p50_ms,
            r.p99_ms,
            ratio(r),
            r.errors
        )
    };
    Ok([
        format!(
            "Proxy benchmark ({backend}; {} s a phase; wrk, sandbox and proxy on this machine's {} cores)",
            duration.as_secs(),
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ),
        String::new(),
        "| phase | connections | req/s | p50 ms | p99 ms | × floor | errors | target |".into(),
        "|---|---:|---:|---:|---:|---:|---:|---|".into(),
        line("floor: GET /healthz", CONNECTIONS, &floor, "(the floor)"),
        line("session read: GET /api/pay/{token}", CONNECTIONS, &read, "≥ 0.5 × floor, p99 < 5 ms"),
        line("session create: POST /v1/checkout-sessions", CONNECTIONS, &create, "≥ 3,000 req/s, p99 < 25 ms"),
        line("PIX submit: POST /api/pay/{token}/transactions", PAYERS, &pix, "p99 < 100 ms"),
        String::new(),
        format!(
            "Live-status streams: {:.0} held on {:.0} sessions: {:.1} MB more than idle ({:.0} bytes each; target ≤ 100 MB); \
             a change reaches its streams in p50 {:.1} ms, p99 {:.1} ms from the request that makes it (target p99 ≤ 50 ms)",
            get("streams"),
            get("sessions"),
            get("added_bytes") / 1e6,
            get("per_stream_bytes"),
            get("delivery_p50_ms"),
            get("delivery_p99_ms"),
        ),
    ]
    .join("\n"))
}
