//! `cargo xtask test`: every test layer, each reporting `<layer>: N passed, M failed` counted
//! from the runner's own output, then `total: N passed, M failed`.

use crate::browser::{browser_stack, node_for};
use crate::postgres::{self, TestPostgres};
use crate::setup::{self, Toolchain};
use crate::util::{self, cmd, run_tee};
use crate::{build, size};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::Duration;

pub const LAYERS: &[&str] = &[
    "unit", "blackbox", "fuzz", "wasm", "size", "clients", "e2e", "image",
];
/// What a bare `cargo xtask test` runs: every layer but `image` (the release bundle built
/// into container images and run as the compose stack, `image/`), which takes as long
/// again as the rest on a cold machine (docs/deploy.md has the figures) and is run on
/// its own: `cargo xtask test --layer image`.
pub const DEFAULT_LAYERS: &[&str] = &["unit", "blackbox", "fuzz", "wasm", "size", "clients", "e2e"];
/// The page is built for wasm only; host `cargo test` leaves it out.
const PAGE: &str = "orkestra-checkout";
const E2E_TIMEOUT: Duration = Duration::from_secs(20 * 60);

struct Outcome {
    layer: &'static str,
    passed: u64,
    failed: u64,
    /// Why the layer failed beyond its test counts (did not compile, server died, ...).
    problem: Option<String>,
}

impl Outcome {
    fn new(layer: &'static str, passed: u64, failed: u64) -> Self {
        Self {
            layer,
            passed,
            failed,
            problem: None,
        }
    }

    /// A layer whose command crashed counts as (at least) one failure.
    fn crashed(mut self, why: String) -> Self {
        self.failed = self.failed.max(1);
        self.problem = Some(why);
        self
    }

    /// Two runs of one layer as one outcome.
    fn and(mut self, other: Outcome) -> Self {
        self.passed += other.passed;
        self.failed += other.failed;
        self.problem = match (self.problem, other.problem) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        };
        self
    }

    fn ok(&self) -> bool {
        self.failed == 0 && self.problem.is_none()
    }

    fn line(&self) -> String {
        format!(
            "{}: {} passed, {} failed",
            self.layer, self.passed, self.failed
        )
    }
}

struct Ctx {
    tc: Toolchain,
    dist: Option<PathBuf>,
}

impl Ctx {
    /// Build the page once per run, whichever layer needs it first.
    fn page(&mut self) -> Result<PathBuf> {
        if let Some(d) = &self.dist {
            return Ok(d.clone());
        }
        let d = build::build_page(&self.tc)?;
        self.dist = Some(d.clone());
        Ok(d)
    }
}

/// Returns whether everything passed.
pub fn test(layers: &[&'static str]) -> Result<bool> {
    let tc = setup::setup()?;
    setup::ensure_postgres()?;
    crate::disk::ensure_room()?;
    let mut ctx = Ctx { tc, dist: None };
    let mut outcomes = Vec::new();
    for &layer in LAYERS.iter().filter(|l| layers.contains(l)) {
        if util::interrupted() {
            bail!("interrupted");
        }
        println!("\n==== {layer} ====");
        let result = match layer {
            "unit" => unit(),
            "blackbox" => blackbox(),
            "fuzz" => fuzz_layer(),
            "wasm" => wasm(&ctx.tc),
            "size" => size_layer(&mut ctx),
            "clients" => clients_layer(),
            "e2e" => e2e(&mut ctx),
            "image" => image_layer(),
            _ => unreachable!("layer names are checked by main"),
        };
        let outcome =
            result.unwrap_or_else(|e| Outcome::new(layer, 0, 0).crashed(format!("{e:#}")));
        println!("{}", outcome.line());
        if let Some(p) = &outcome.problem {
            println!("{layer}: FAILED: {p}");
        }
        outcomes.push(outcome);
    }
    println!("\n==== summary ====");
    for o in &outcomes {
        println!(
            "{}{}",
            o.line(),
            if o.problem.is_some() {
                " (layer crashed)"
            } else {
                ""
            }
        );
    }
    let passed: u64 = outcomes.iter().map(|o| o.passed).sum();
    let failed: u64 = outcomes.iter().map(|o| o.failed).sum();
    println!("total: {passed} passed, {failed} failed");
    crate::disk::report_usage();
    Ok(outcomes.iter().all(Outcome::ok))
}

/// Sum libtest's (and wasm-bindgen-test-runner's) `test result: ok. N passed; M failed; ...`.
fn sum_results(output: &str) -> (u64, u64) {
    let (mut passed, mut failed) = (0, 0);
    for line in output.lines().filter(|l| l.contains("test result:")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for w in words.windows(2) {
            let n = w[0].parse::<u64>();
            match (n, w[1].trim_end_matches([';', ',', '.'])) {
                (Ok(n), "passed") => passed += n,
                (Ok(n), "failed") => failed += n,
                _ => {}
            }
        }
    }
    (passed, failed)
}

fn cargo_layer(layer: &'static str, c: &mut Command) -> Result<Outcome> {
    let (status, out) = run_tee(c)?;
    Ok(judge(layer, status, &out))
}

/// Counts from the output; a non-zero exit without a failing test is a crash.
fn judge(layer: &'static str, status: ExitStatus, out: &str) -> Outcome {
    let (passed, failed) = sum_results(out);
    let outcome = Outcome::new(layer, passed, failed);
    if !status.success() && failed == 0 {
        return outcome.crashed(format!(
            "`cargo test` exited with {status} and no failing test: a compile error or a \
             crashed test binary (see the output above)"
        ));
    }
    outcome
}

/// Host unit tests of every crate, the page's plain-Rust state types included (its DOM
/// tests run in the wasm layer).
fn unit() -> Result<Outcome> {
    cargo_layer(
        "unit",
        cmd("cargo").args(["test", "--workspace", "--lib", "--bins", "--no-fail-fast"]),
    )
}

/// Every host crate's integration tests, with a private PostgreSQL server (its URL in
/// TEST_DATABASE_URL) for the proxy's: first as they are (SQLite, except the proxy's
/// tests/postgres.rs), then the proxy's others again with PROXY_TEST_BACKEND=postgres, so
/// every rule they check is also checked on PostgreSQL. The server is stopped at the end,
/// whatever happened.
fn blackbox() -> Result<Outcome> {
    let pg = TestPostgres::start().context("starting the tests' PostgreSQL server")?;
    let mut c = cmd("cargo");
    c.args([
        "test",
        "--workspace",
        "--exclude",
        PAGE,
        "--test",
        "*",
        "--no-fail-fast",
    ])
    .env(postgres::URL_VAR, &pg.url);
    let (status, out) = run_tee(&mut c)?;
    // Cargo refuses `--test '*'` while no host crate has an integration test: that is 0 tests.
    if !status.success() && out.contains("no test target matches pattern") {
        println!("blackbox: no integration tests (tests/*.rs) in any host crate yet");
        return Ok(Outcome::new("blackbox", 0, 0));
    }
    let first = judge("blackbox", status, &out);
    if util::interrupted() {
        return Ok(first);
    }

    println!("\n---- blackbox: the proxy's tests again, on PostgreSQL ----");
    let mut c = cmd("cargo");
    c.args(["test", "-p", "orkestra-proxy", "--no-fail-fast"]);
    for target in proxy_test_targets()? {
        c.args(["--test", &target]);
    }
    c.env(postgres::URL_VAR, &pg.url)
        .env("PROXY_TEST_BACKEND", "postgres");
    let (status, out) = run_tee(&mut c)?;
    Ok(first.and(judge("blackbox", status, &out)))
}

/// The proxy's integration test targets (tests/*.rs) but tests/postgres.rs, which is on
/// PostgreSQL already.
fn proxy_test_targets() -> Result<Vec<String>> {
    let dir = util::root().join("crates/orkestra-proxy/tests");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".rs")?.to_owned();
            (e.path().is_file() && stem != "postgres").then_some(stem)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// schemathesis against the proxy's OpenAPI document (see `fuzz`).
fn fuzz_layer() -> Result<Outcome> {
    let report = crate::fuzz::run()?;
    let outcome = Outcome::new("fuzz", report.passed, report.failed);
    Ok(match report.problem {
        Some(problem) => outcome.crashed(problem),
        None => outcome,
    })
}

/// The client libraries (Node, Python) against the real proxy and sandbox (see `clients`).
fn clients_layer() -> Result<Outcome> {
    let report = crate::clients::run()?;
    let outcome = Outcome::new("clients", report.passed, report.failed);
    Ok(match report.problem {
        Some(problem) => outcome.crashed(problem),
        None => outcome,
    })
}

/// The compose stack from the release bundle's images (see `image`).
fn image_layer() -> Result<Outcome> {
    let report = crate::image::run()?;
    let outcome = Outcome::new("image", report.passed, report.failed);
    Ok(match report.problem {
        Some(problem) => outcome.crashed(problem),
        None => outcome,
    })
}

/// `# pass N`, `# fail N` and `# cancelled N` of a TAP report (node --test's): (passed,
/// failed), a cancelled test counted as failed.
pub fn tap_counts(path: &Path) -> (u64, u64) {
    let report = std::fs::read_to_string(path).unwrap_or_default();
    let count = |key: &str| -> u64 {
        report
            .lines()
            .filter_map(|l| l.strip_prefix(&format!("# {key} ")))
            .filter_map(|n| n.trim().parse::<u64>().ok())
            .sum()
    };
    (count("pass"), count("fail") + count("cancelled"))
}

/// wasm-bindgen-test in headless Chromium (webdriver.json at the top level holds its flags).
fn wasm(tc: &Toolchain) -> Result<Outcome> {
    let mut c = tc.wasm_cmd("cargo");
    c.args([
        "test",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        PAGE,
        // Unit and integration tests; doc tests would need a browser harness of their own.
        "--tests",
        "--no-fail-fast",
    ])
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", setup::CHROMEDRIVER);
    cargo_layer("wasm", &mut c)
}

fn size_layer(ctx: &mut Ctx) -> Result<Outcome> {
    let dist = ctx.page()?;
    let total = size::report(&dist)?;
    let budget = size::budget(&ctx.tc);
    if total > budget {
        println!("size: the first screen's {total} gzip bytes are over the budget of {budget}");
        return Ok(Outcome::new("size", 0, 1));
    }
    println!("size: within the budget of {budget} gzip bytes");
    Ok(Outcome::new("size", 1, 0))
}

/// Playwright (playwright-core + /usr/bin/chromium) against the whole stack on free ports.
fn e2e(ctx: &mut Ctx) -> Result<Outcome> {
    let root = util::root();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("e2e"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".test.mjs"))
        })
        .collect();
    files.sort();
    // E2E_ONLY=<substring>: only the e2e files whose name holds it (a quicker run while
    // working on one area; the full layer is still the one that counts).
    if let Some(only) = std::env::var("E2E_ONLY").ok().filter(|v| !v.is_empty()) {
        files.retain(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains(&only))
        });
        println!("e2e: E2E_ONLY={only}: {} file(s)", files.len());
    }
    if files.is_empty() {
        println!("e2e: no e2e/*.test.mjs files yet");
        return Ok(Outcome::new("e2e", 0, 0));
    }
    ctx.page()?;
    build::build_servers()?;

    let artifacts = root.join("e2e/artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts)?;
    let data = std::env::temp_dir().join(format!("orkestra-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;

    let (cfg, mut stack) = browser_stack(&data, &artifacts, true)?;

    // Two reporters: spec for people (streamed), TAP to a file for counting.
    let tap = artifacts.join("e2e.tap");
    let mut c = node_for(&cfg, &artifacts);
    c.args([
        "--test",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
    ])
    .arg(format!("--test-reporter-destination={}", tap.display()))
    .args(files.iter().map(|f| f.strip_prefix(&root).unwrap_or(f)));
    println!("{}", util::display(&c));
    let mut child = c.spawn()?;
    let status = util::wait_with_timeout(&mut child, E2E_TIMEOUT)?;
    let server_died = stack.check().err();
    stack.stop();

    let (passed, failed) = tap_counts(&tap);
    let outcome = Outcome::new("e2e", passed, failed);
    let problem = match (status, server_died) {
        (None, _) => Some(format!(
            "node --test was interrupted or ran over {} min",
            E2E_TIMEOUT.as_secs() / 60
        )),
        (_, Some(e)) => Some(format!("{e:#} during the e2e tests")),
        (Some(s), None) if !s.success() && outcome.failed == 0 => {
            Some(format!("node --test exited with {s} and no failing test"))
        }
        _ => None,
    };
    println!("e2e: server logs and artifacts in {}", artifacts.display());
    match problem {
        Some(p) => {
            println!("e2e: data dir kept for inspection: {}", data.display());
            Ok(outcome.crashed(p))
        }
        None => {
            let _ = std::fs::remove_dir_all(&data);
            Ok(outcome)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{proxy_test_targets, sum_results, tap_counts, Outcome};

    #[test]
    fn sums_every_result_line() {
        let out = "running 2 tests\n\
                   test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\
                   test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";
        assert_eq!(sum_results(out), (5, 1));
        assert_eq!(sum_results("error[E0425]: cannot find value"), (0, 0));
    }

    #[test]
    fn a_tap_report_counts_cancelled_tests_as_failed() {
        let path = std::env::temp_dir().join(format!("tap-{}.tap", std::process::id()));
        std::fs::write(
            &path,
            "TAP version 13\nok 1 - a\n# tests 5\n# pass 3\n# fail 1\n# cancelled 1\n",
        )
        .unwrap();
        assert_eq!(tap_counts(&path), (3, 2));
        let _ = std::fs::remove_file(&path);
        assert_eq!(tap_counts(&path), (0, 0), "no report: nothing counted");
    }

    #[test]
    fn two_runs_of_a_layer_add_up() {
        let both =
            Outcome::new("blackbox", 3, 1).and(Outcome::new("blackbox", 2, 0).crashed("x".into()));
        assert_eq!((both.passed, both.failed), (5, 2));
        assert_eq!(both.problem.as_deref(), Some("x"));
        assert!(Outcome::new("blackbox", 1, 0)
            .and(Outcome::new("blackbox", 1, 0))
            .ok());
    }

    #[test]
    fn the_postgresql_pass_reruns_every_proxy_test_but_its_own() {
        let targets = proxy_test_targets().unwrap();
        assert!(targets.iter().any(|t| t == "pix_flow"), "{targets:?}");
        assert!(
            !targets.iter().any(|t| t == "postgres" || t == "common"),
            "{targets:?}"
        );
    }
}
