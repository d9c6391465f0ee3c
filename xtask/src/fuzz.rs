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

use crate::build;
use crate::stack::{Logs, Stack, StackConfig};
use crate::util::{self, cmd};
use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::net::TcpStream;
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

/// Real ids for the documented path parameters.
struct Fixtures {
    session_id: String,
    token: String,
    paid_transaction: String,
    otp_transaction: String,
    /// A Brazilian session's page token and its pending PIX leg, for the payer's withdrawal.
    withdraw_token: String,
    withdraw_transaction: String,
    payout_id: String,
}

impl Fixtures {
    fn make(cfg: &StackConfig) -> Result<Fixtures> {
        let proxy = cfg.proxy_url.trim_start_matches("http://");
        let sandbox = cfg.sandbox_url.trim_start_matches("http://");
        let bearer = format!("Bearer {}", cfg.merchant_secret);
        let merchant = |method: &str, path: &str, body: &str, key: Option<&str>| {
            let mut headers = vec![("Authorization", bearer.as_str())];
            if let Some(key) = key {
                headers.push(("Idempotency-Key", key));
            }
            http(proxy, method, path, &headers, body)
        };
        let expect = |(status, body): (u16, String), wanted: u16, what: &str| {
            if status == wanted {
                Ok(body)
            } else {
                Err(anyhow::anyhow!("{what}: HTTP {status}: {body}"))
            }
        };

        // A paid PIX transaction, for the refunds.
        let session = expect(
            merchant(
                "POST",
                "/v1/checkout-sessions",
                r#"{"merchantOrderId":"fuzz-paid","country":"BR","currency":"BRL","amount":"150.00"}"#,
                None,
            )?,
            201,
            "a session",
        )?;
        let paid_session = field(&session, "id").context("the session's id")?;
        let created = expect(
            merchant(
                "POST",
                &format!("/v1/checkout-sessions/{paid_session}/transactions"),
                r#"{"method":"PIX","payer":{"name":"Maria da Silva","document":"529.982.247-25","email":"maria@example.com"}}"#,
                Some("fuzz-fixture-pix"),
            )?,
            201,
            "a PIX payment",
        )?;
        let transactions = &created[created.find("\"transactions\"").context("transactions")?..];
        let paid_transaction = field(transactions, "id").context("the transaction's id")?;
        let orkestra_id = field(transactions, "orkestraId").context("its orkestraId")?;
        expect(
            http(
                sandbox,
                "POST",
                &format!("/_sandbox/transactions/{orkestra_id}/simulate"),
                &[],
                r#"{"outcome":"paid"}"#,
            )?,
            200,
            "settling the PIX payment",
        )?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, view) = merchant(
                "GET",
                &format!("/v1/checkout-sessions/{paid_session}"),
                "",
                None,
            )?;
            if field(&view, "status").as_deref() == Some("paid") {
                break;
            }
            if Instant::now() > deadline {
                bail!("the fixture's PIX payment never became paid: {view}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }

        // A Colombian session (every page operation, PSE's banks) with a Daviplata attempt
        // waiting for its one-time code.
        let session = expect(
            merchant(
                "POST",
                "/v1/checkout-sessions",
                r#"{"merchantOrderId":"fuzz-co","country":"CO","currency":"COP","amount":"20000.00","customer":{"name":"Juan Perez","email":"juan@example.co"}}"#,
                None,
            )?,
            201,
            "a Colombian session",
        )?;
        let session_id = field(&session, "id").context("the session's id")?;
        let url = field(&session, "url").context("the session's url")?;
        let token = url.rsplit('/').next().unwrap_or_default().to_owned();
        let page = expect(
            http(
                proxy,
                "POST",
                &format!("/api/pay/{token}/transactions"),
                &[("Idempotency-Key", "fuzz-fixture-otp")],
                r#"{"method":"DAVIPLATA","payer":{"documentType":"CC","document":"1020304050","email":"juan@example.co","phone":"300 123 4567"}}"#,
            )?,
            201,
            "a Daviplata payment",
        )?;
        let transactions = &page[page.find("\"transactions\"").context("transactions")?..];
        let otp_transaction = field(transactions, "id").context("the attempt's id")?;

        // A Brazilian session with a pending PIX leg, for the withdrawal of a leg.
        let session = expect(
            merchant(
                "POST",
                "/v1/checkout-sessions",
                r#"{"merchantOrderId":"fuzz-withdraw","country":"BR","currency":"BRL","amount":"150.00"}"#,
                None,
            )?,
            201,
            "a session to withdraw a leg of",
        )?;
        let url = field(&session, "url").context("the session's url")?;
        let withdraw_token = url.rsplit('/').next().unwrap_or_default().to_owned();
        let page = expect(
            http(
                proxy,
                "POST",
                &format!("/api/pay/{withdraw_token}/transactions"),
                &[("Idempotency-Key", "fuzz-fixture-withdraw")],
                r#"{"method":"PIX","payer":{"name":"Maria da Silva","document":"529.982.247-25","email":"maria@example.com"}}"#,
            )?,
            201,
            "a PIX leg to withdraw",
        )?;
        let transactions = &page[page.find("\"transactions\"").context("transactions")?..];
        let withdraw_transaction = field(transactions, "id").context("the leg's id")?;

        let payout = expect(
            merchant(
                "POST",
                "/v1/payouts",
                r#"{"referenceId":"fuzz-payout","method":"PIX","currency":"BRL","amount":"25.00","bankAccount":{"key":"+5511987654321","document":"529.982.247-25","documentType":"CPF"},"beneficiary":{"firstName":"Maria","lastName":"da Silva","type":"INDIVIDUAL","document":"529.982.247-25","documentType":"CPF"}}"#,
                None,
            )?,
            201,
            "a payout",
        )?;
        let payout_id = field(&payout, "id").context("the payout's id")?;
        Ok(Fixtures {
            session_id,
            token,
            paid_transaction,
            otp_transaction,
            withdraw_token,
            withdraw_transaction,
            payout_id,
        })
    }

    /// A schemathesis.toml: `credentials` (top-level keys), then the fixtures' ids as
    /// path parameters.
    fn config(&self, credentials: &str) -> String {
        format!(
            r#"# Written by `cargo xtask test --layer fuzz` for one run.
{credentials}

[parameters]
"path.id" = "{session}"
"path.token" = "{token}"
"path.transactionId" = "{paid}"
"path.payoutId" = "{payout}"

[[operations]]
include-path = "/api/pay/{{token}}/transactions/{{transactionId}}/otp"
parameters = {{ "path.transactionId" = "{otp}" }}

[[operations]]
include-path = "/api/pay/{{token}}/transactions/{{transactionId}}/cancel"
parameters = {{ "path.token" = "{withdraw_token}", "path.transactionId" = "{withdraw}" }}

"#,
            session = self.session_id,
            token = self.token,
            paid = self.paid_transaction,
            payout = self.payout_id,
            otp = self.otp_transaction,
            withdraw_token = self.withdraw_token,
            withdraw = self.withdraw_transaction,
        )
    }
}

/// The first `"key":"value"` string in `json` (ids, urls and statuses hold no quotes).
fn field(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let rest = &json[start..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// A minimal HTTP/1.1 client for the fixtures: (status, body).
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text
        .split_once("\r\n\r\n")
        .with_context(|| format!("{method} {path}: no HTTP response"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("{method} {path}: no status"))?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        unchunk(rest)
    } else {
        rest.to_owned()
    };
    Ok((status, body))
}

fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_chunks_are_read() {
        let json = r#"{"id":"cs_1","url":"http://x/pay/pt_2","transactions":[{"id":"tx_3"}]}"#;
        assert_eq!(field(json, "id").as_deref(), Some("cs_1"));
        let txs = &json[json.find("\"transactions\"").unwrap()..];
        assert_eq!(field(txs, "id").as_deref(), Some("tx_3"));
        assert_eq!(field(json, "nope"), None);
        assert_eq!(unchunk("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"), "Wikipedia");
    }

    #[test]
    fn junit_counts_read_the_suite() {
        let dir = std::env::temp_dir().join(format!("fuzz-junit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j.xml");
        std::fs::write(
            &path,
            r#"<?xml version="1.0" ?><testsuites><testsuite name="schemathesis" errors="1" failures="2" skipped="0" tests="18" time="3.2"><testcase/></testsuite></testsuites>"#,
        )
        .unwrap();
        assert_eq!(junit_counts(&path), Some((18, 3)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
