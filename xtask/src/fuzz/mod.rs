//! The `fuzz` test layer: schemathesis (from PyPI) drives the merchant API, the browser API
//! and Orkestra's notification receivers from the proxy's own `/openapi.json`, against the
//! real proxy and sandbox on free ports, and fails on any 5xx, undocumented status code,
//! wrong content type, response that breaks its schema, invalid request accepted, missing
//! auth ignored, or unsupported method answered.
//!
//! Checks: all of schemathesis's, except `positive_data_acceptance` ("every request that
//! matches the schema is accepted"). The document cannot express every rule the proxy
//! applies (an amount's number of decimals depends on its currency, a document's check
//! digit, a country's currency, an existing session for an id), so schema-valid requests
//! are often, and rightly, refused with a documented 4xx. The reverse check,
//! `negative_data_rejection`, stays on: a request that breaks the schema must never be
//! accepted.
//!
//! Path parameters are real: before the run, the layer makes a paid transaction, a
//! Colombian session with a Daviplata attempt waiting for its code, and a payout, and hands
//! their ids to schemathesis, so the operations behind them reach their logic rather than
//! answering 404.
//!
//! No request leaves the machine: the proxy runs with `HTTP(S)_PROXY` set to a closed
//! loopback port (except for 127.0.0.1), so webhooks to the fuzzed sessions' `webhookUrl`s
//! fail locally instead of going to whatever host schemathesis made up.

mod fixtures;

use crate::build;
use crate::stack::{Logs, Stack, StackConfig};
use crate::util::{self, cmd};
use anyhow::{bail, Context, Result};
use fixtures::Fixtures;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The schemathesis release this layer is verified with.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Test cases per operation and phase (`FUZZ_MAX_EXAMPLES` overrides): about a minute of
/// schemathesis on 2 cores.
const MAX_EXAMPLES: u32 = 200;
/// Fixed, so a failure can be replayed with the same cases (`FUZZ_SEED` overrides, to
/// explore further by hand).
const SEED: u64 = 20261125;
const RUN_TIMEOUT: Duration = Duration::from_secs(15 * 60);

pub struct Report {
    pub passed: u64,
    pub failed: u64,
    pub problem: Option<String>,
}

/// Installs schemathesis if missing, starts sandbox and proxy, runs schemathesis.
pub fn run() -> Result<Report> {
    let python = ensure_schemathesis()?;
    build::build_servers()?;
    let out = util::host_target_dir().join("fuzz");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)?;
    let data = out.join("data");
    std::fs::create_dir_all(&data)?;

    let mut cfg = StackConfig::ephemeral(&data)?;
    cfg.servers.retain(|s| s.name != "shop");
    for server in &mut cfg.servers {
        if server.name == "proxy" {
            for (k, v) in [
                // The per-IP and per-session limits have their own tests; here they would
                // only turn the run into 429s.
                ("PROXY_RATE_LIMIT_PER_IP", "100000000"),
                ("PROXY_RATE_LIMIT_SUBMITS_PER_SESSION", "100000000"),
                // Nothing but the sandbox (on 127.0.0.1) is reachable.
                ("HTTP_PROXY", "http://127.0.0.1:9"),
                ("HTTPS_PROXY", "http://127.0.0.1:9"),
                ("ALL_PROXY", "http://127.0.0.1:9"),
                ("NO_PROXY", "127.0.0.1,localhost"),
                ("RUST_LOG", "warn"),
            ] {
                server.env.retain(|(name, _)| name != k);
                server.env.push((k.to_string(), v.to_string()));
            }
        }
    }
    let webhook_password = cfg
        .servers
        .iter()
        .flat_map(|s| &s.env)
        .find(|(k, _)| k == "ORKESTRA_WEBHOOK_PASSWORD")
        .map(|(_, v)| v.clone())
        .context("the proxy's webhook password")?;
    let mut stack = Stack::start(&cfg, &Logs::Dir(out.clone()))?;

    let fixtures = Fixtures::make(&cfg).context("making the fuzz run's fixtures")?;

    // Two runs: the merchant and browser APIs with the merchant's Bearer secret, then
    // Orkestra's notification receivers with Orkestra's Basic credentials (one run with
    // per-operation credentials lets them leak from one operation to another).
    let started = Instant::now();
    let setting = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let max_examples = setting("FUZZ_MAX_EXAMPLES", MAX_EXAMPLES.into()).to_string();
    let seed = setting("FUZZ_SEED", SEED).to_string();
    // The credentials reach schemathesis through its environment (`${…}` in the config),
    // so no command line or log shows them.
    let runs = [
        (
            "api",
            ["--exclude-tag", "orkestra"],
            r#"headers = { Authorization = "Bearer ${FUZZ_MERCHANT_SECRET}" }"#,
        ),
        (
            "orkestra",
            ["--include-tag", "orkestra"],
            r#"auth = { basic = { username = "orkestra-webhook", password = "${FUZZ_WEBHOOK_PASSWORD}" } }"#,
        ),
    ];
    let mut status = Some(true);
    let mut junits = Vec::new();
    for (name, selection, credentials) in runs {
        let config = out.join(format!("schemathesis-{name}.toml"));
        std::fs::write(&config, fixtures.config(credentials))?;
        let junit = out.join(format!("junit-{name}.xml"));
        let mut c = cmd(&python);
        c.args(["-m", "schemathesis.cli", "--config-file"])
            .arg(&config)
            .args(["run", &format!("{}/openapi.json", cfg.proxy_url)])
            .args(selection)
            .env("FUZZ_MERCHANT_SECRET", &cfg.merchant_secret)
            .env("FUZZ_WEBHOOK_PASSWORD", &webhook_password)
            .args([
                "--checks",
                "all",
                "--exclude-checks",
                "positive_data_acceptance",
            ])
            .args(["--max-examples", &max_examples])
            .args(["--seed", &seed])
            // One worker: with two, hypothesis parses its sources from two threads at once,
            // and the Python 3.11 here (3.11.2 Debian, 3.11.7 pyenv) then fails at random
            // with "SystemError: AST constructor recursion depth mismatch" (CPython
            // gh-106905), reported as a runtime error of whichever operation it hit.
            .args(["--workers", "1", "--request-timeout", "20"])
            // A stream that ends only when the server stops (tested in the blackbox layer).
            .args(["--exclude-path", "/api/pay/{token}/events"])
            .args(["--report", "junit", "--report-junit-path"])
            .arg(&junit)
            .args(["--no-color"])
            .stdin(std::process::Stdio::null());
        println!("{}", util::display(&c));
        let mut child = c.spawn().context("starting schemathesis")?;
        let remaining = RUN_TIMEOUT.saturating_sub(started.elapsed());
        status = match util::wait_with_timeout(&mut child, remaining)? {
            Some(s) => status.map(|ok| ok && s.success()),
            None => None,
        };
        junits.push(junit);
        if status.is_none() {
            break;
        }
    }
    println!(
        "fuzz: schemathesis {SCHEMATHESIS_VERSION} ran for {} s",
        started.elapsed().as_secs()
    );
    let server_died = stack.check().err();
    stack.stop();

    let (tests, failures) = junits
        .iter()
        .filter_map(|j| junit_counts(j))
        .fold((0, 0), |(t, f), (tj, fj)| (t + tj, f + fj));
    let mut report = Report {
        passed: tests.saturating_sub(failures),
        failed: failures,
        problem: None,
    };
    report.problem = match (status, server_died) {
        (None, _) => Some(format!(
            "schemathesis was interrupted or ran over {} min",
            RUN_TIMEOUT.as_secs() / 60
        )),
        (_, Some(e)) => Some(format!("{e:#} during the fuzz run")),
        (Some(false), None) if failures == 0 => {
            Some("schemathesis failed with no failing operation (see its output above)".to_string())
        }
        _ => None,
    };
    println!(
        "fuzz: server logs, config and JUnit report in {}",
        out.display()
    );
    Ok(report)
}

/// The Python that has schemathesis at [`SCHEMATHESIS_VERSION`], installing it with
/// `pip install --user` when it is missing or another version.
fn ensure_schemathesis() -> Result<PathBuf> {
    let has_pip =
        |python: &Path| util::output(cmd(python).args(["-m", "pip", "--version"])).is_some();
    if !util::which("python3").is_some_and(|p| has_pip(&p)) {
        println!("installing Debian python3 python3-pip (for schemathesis)");
        crate::setup::apt_install(&["python3", "python3-pip"])?;
    }
    let python = util::which("python3").context("python3 is missing after installing it")?;
    let installed = || {
        util::output(cmd(&python).args(["-m", "schemathesis.cli", "--version"]))
            .is_some_and(|v| v.trim().ends_with(SCHEMATHESIS_VERSION))
    };
    if installed() {
        println!("schemathesis {SCHEMATHESIS_VERSION} is installed");
        return Ok(python);
    }
    let pin = format!("schemathesis=={SCHEMATHESIS_VERSION}");
    let mut c = cmd(&python);
    c.args([
        "-m",
        "pip",
        "install",
        "--user",
        "--disable-pip-version-check",
        &pin,
    ]);
    let (status, out) = util::run_tee(&mut c)?;
    if !status.success() {
        // Debian's own Python refuses user installs by default (PEP 668); a user install
        // does not touch the system's packages.
        if out.contains("externally-managed-environment") {
            let mut c = cmd(&python);
            c.args([
                "-m",
                "pip",
                "install",
                "--user",
                "--break-system-packages",
                "--disable-pip-version-check",
                &pin,
            ]);
            util::run(&mut c)?;
        } else {
            bail!("could not install {pin} with pip (see above)");
        }
    }
    if !installed() {
        bail!("{pin} was installed but `python3 -m schemathesis.cli --version` does not report it");
    }
    Ok(python)
}

/// `tests` and `failures + errors` of the JUnit report (one test case per operation).
pub(crate) fn junit_counts(path: &Path) -> Option<(u64, u64)> {
    let xml = std::fs::read_to_string(path).ok()?;
    let suite = &xml[xml.find("<testsuite ")?..];
    let suite = &suite[..suite.find('>')?];
    let attribute = |name: &str| -> u64 {
        suite
            .find(&format!(" {name}=\""))
            .and_then(|i| {
                let rest = &suite[i + name.len() + 3..];
                rest[..rest.find('"')?].parse().ok()
            })
            .unwrap_or(0)
    };
    Some((
        attribute("tests").saturating_sub(attribute("skipped")),
        attribute("failures") + attribute("errors"),
    ))
}
