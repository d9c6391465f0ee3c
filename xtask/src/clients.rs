//! The `clients` test layer: the client libraries against a real proxy and sandbox on free
//! ports, each through its own runner, counted from the runner's own report:
//!
//! - `@orkestra/checkout/server` (www/package/src/server.ts and what it imports, compiled by
//!   TypeScript on its own, so this layer needs no page build): `node --test` on
//!   www/package/test/*.test.mjs;
//! - the Python package (clients/python): built and installed into a venv that this layer
//!   keeps under the target directory (re-created only when requirements-test.txt changes),
//!   then pytest on clients/python/tests (mypy --strict included, as a test).
//!
//! Both get the stack's addresses and the merchant secret (also the webhook signing secret
//! here) as ORKESTRA_PROXY_URL, ORKESTRA_SANDBOX_URL, ORKESTRA_MERCHANT_SECRET and ORKESTRA_WEBHOOK_SECRET.

use crate::stack::{Logs, Stack, StackConfig};
use crate::util::{self, cmd};
use crate::{build, fuzz};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUN_TIMEOUT: Duration = Duration::from_secs(10 * 60);
const PYTHON_DIR: &str = "clients/python";
const REQUIREMENTS: &str = "clients/python/requirements-test.txt";

pub struct Report {
    pub passed: u64,
    pub failed: u64,
    pub problem: Option<String>,
}

fn out_dir() -> PathBuf {
    util::host_target_dir().join("clients")
}

pub fn run() -> Result<Report> {
    let started = Instant::now();
    let out = out_dir();
    build::build_servers()?;
    let module = compile_server_module(&out)?;
    let python = ensure_venv(&out.join("venv"))?;
    install_python_package(&python)?;
    println!(
        "clients: ready in {} s (servers, the server module, the venv)",
        started.elapsed().as_secs()
    );

    let data = out.join("data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let mut cfg = StackConfig::ephemeral(&data)?;
    cfg.servers.retain(|s| s.name != "shop");
    for server in cfg.servers.iter_mut().filter(|s| s.name == "proxy") {
        // Every test comes from 127.0.0.1: the per-IP limit would throttle the run.
        server
            .env
            .push(("PROXY_RATE_LIMIT_PER_IP".into(), "100000".into()));
    }
    let mut stack = Stack::start(&cfg, &Logs::Dir(out.clone()))?;
    let env = |c: &mut Command| {
        c.env("ORKESTRA_PROXY_URL", &cfg.proxy_url)
            .env("ORKESTRA_SANDBOX_URL", &cfg.sandbox_url)
            .env("ORKESTRA_MERCHANT_SECRET", &cfg.merchant_secret)
            .env("ORKESTRA_WEBHOOK_SECRET", &cfg.webhook_secret);
    };

    let node_started = Instant::now();
    let tap = out.join("node.tap");
    let _ = std::fs::remove_file(&tap);
    let mut node = cmd("node");
    env(&mut node);
    node.env("ORKESTRA_SERVER_MODULE", &module)
        .args([
            "--test",
            "--test-reporter=spec",
            "--test-reporter-destination=stdout",
            "--test-reporter=tap",
        ])
        .arg(format!("--test-reporter-destination={}", tap.display()))
        .args(test_files(
            &util::root().join("www/package/test"),
            ".test.mjs",
        )?);
    let node_status = run_bounded(&mut node)?;
    let (node_passed, node_failed) = crate::test::tap_counts(&tap);
    println!(
        "clients: node: {node_passed} passed, {node_failed} failed in {} s",
        node_started.elapsed().as_secs()
    );

    let py_started = Instant::now();
    let junit = out.join("pytest.xml");
    let _ = std::fs::remove_file(&junit);
    let mut pytest = cmd(&python);
    env(&mut pytest);
    pytest
        .args(["-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfE"])
        .arg(format!("--junitxml={}", junit.display()))
        .arg(util::root().join(PYTHON_DIR).join("tests"))
        .current_dir(util::root().join(PYTHON_DIR));
    let pytest_status = run_bounded(&mut pytest)?;
    let (py_passed, py_failed) = fuzz::junit_counts(&junit)
        .map(|(tests, failures)| (tests.saturating_sub(failures), failures))
        .unwrap_or((0, 0));
    println!(
        "clients: pytest: {py_passed} passed, {py_failed} failed in {} s",
        py_started.elapsed().as_secs()
    );

    let server_died = stack.check().err();
    stack.stop();
    let failed = node_failed + py_failed;
    let problem = match (node_status, pytest_status, server_died) {
        (_, _, Some(e)) => Some(format!("{e:#} during the clients' tests")),
        (None, _, _) | (_, None, _) => Some(format!(
            "a runner was interrupted or ran over {} min",
            RUN_TIMEOUT.as_secs() / 60
        )),
        (Some(n), Some(p), None) if (!n.success() || !p.success()) && failed == 0 => Some(format!(
            "node --test ({n}) or pytest ({p}) failed with no failing test (see above)"
        )),
        _ => None,
    };
    println!(
        "clients: server logs and reports in {}; {} s in all",
        out.display(),
        started.elapsed().as_secs()
    );
    Ok(Report {
        passed: node_passed + py_passed,
        failed,
        problem,
    })
}

fn run_bounded(c: &mut Command) -> Result<Option<std::process::ExitStatus>> {
    println!("{}", util::display(c));
    let mut child = c
        .spawn()
        .with_context(|| format!("starting {}", c.get_program().to_string_lossy()))?;
    util::wait_with_timeout(&mut child, RUN_TIMEOUT)
}

/// `dir`'s files whose names end in `suffix`, sorted.
fn test_files(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `server.ts` and its imports, compiled with the package's compiler options into
/// `<out>/server-module`; returns the entry's path.
fn compile_server_module(out: &Path) -> Result<PathBuf> {
    let root = util::root();
    let src = root.join("www/package/src");
    let dir = out.join("server-module");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let config = dir.join("tsconfig.json");
    std::fs::write(
        &config,
        format!(
            r#"{{
  "extends": "{base}",
  "compilerOptions": {{
    "rootDir": "{src}",
    "outDir": "{dir}",
    "declaration": false,
    "typeRoots": ["{types}"],
    "types": ["node"]
  }},
  "include": [],
  "files": ["{entry}"]
}}
"#,
            base = root.join("www/package/tsconfig.json").display(),
            src = src.display(),
            dir = dir.display(),
            entry = src.join("server.ts").display(),
            types = root.join("node_modules/@types").display(),
        ),
    )?;
    let tsc = root.join("node_modules/.bin/tsc");
    if !tsc.is_file() {
        bail!("{} is missing: run `cargo xtask setup`", tsc.display());
    }
    util::run(cmd(&tsc).arg("-p").arg(&config))?;
    // Node reads .js files as ES modules only under a package.json that says so.
    std::fs::write(dir.join("package.json"), "{\"type\": \"module\"}\n")?;
    Ok(dir.join("server.js"))
}

/// A venv with requirements-test.txt installed; made again only when that file changed.
/// Returns its python.
fn ensure_venv(venv: &Path) -> Result<PathBuf> {
    let python = venv.join("bin/python");
    let requirements = util::root().join(REQUIREMENTS);
    let wanted = std::fs::read_to_string(&requirements)
        .with_context(|| format!("reading {}", requirements.display()))?;
    let stamp = venv.join("orkestra-requirements.txt");
    if python.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        println!("clients: venv present ({})", venv.display());
        return Ok(python);
    }
    let _ = std::fs::remove_dir_all(venv);
    let system = util::which("python3").context("python3 is missing")?;
    let made = util::output(cmd(&system).args(["-m", "venv"]).arg(venv)).is_some();
    if !made {
        // Debian's python3 keeps venv's pip in a package of its own.
        crate::setup::apt_install(&["python3-venv"])?;
        let _ = std::fs::remove_dir_all(venv);
        util::run(cmd(&system).args(["-m", "venv"]).arg(venv))?;
    }
    util::run(pip_install(&python).arg("-r").arg(&requirements))?;
    std::fs::write(&stamp, wanted)?;
    Ok(python)
}

/// `python -m pip install`, quiet about pip's own version, asking nothing.
fn pip_install(python: &Path) -> Command {
    let mut c = cmd(python);
    c.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
    ]);
    c
}

/// The package as a merchant installs it (a wheel built from clients/python, not the
/// source tree on a path), again on every run so the tests see the current code.
fn install_python_package(python: &Path) -> Result<()> {
    util::run(
        pip_install(python)
            .args([
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--force-reinstall",
            ])
            .arg(util::root().join(PYTHON_DIR)),
    )
}
