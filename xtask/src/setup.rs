//! `cargo xtask setup`: install what is missing, skip what is present (the README's
//! "What gets installed" says why each piece is installed the way it is).

use crate::util::{self, cmd, output, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_VERSION: &str = "0.21.14";
/// Debian's rustc 1.96 + std source + wasm-ld: enough to build std for wasm32 ourselves.
const WASM_DEBS: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld-22"];
const WASM_LD: &str = "/usr/lib/llvm-22/bin/wasm-ld";
const DEBWEB: &str = "debweb";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How this machine builds for wasm32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmMode {
    /// rustup's wasm32 target is installed: plain cargo works.
    RustupTarget,
    /// No prebuilt wasm32 std: Debian's toolchain (linked as rustup toolchain `debweb`) with
    /// `-Z build-std`, enabled only in the environment of wasm commands.
    DebianBuildStd,
}

/// The result of setup: which wasm mode we are in, and the environment wasm commands need.
#[derive(Clone, Debug)]
pub struct Toolchain {
    pub mode: WasmMode,
}

impl Toolchain {
    /// Environment for every wasm32 build/test/trunk run. Never committed to config: a machine
    /// with rustup's target must build the same code with plain stable cargo.
    pub fn wasm_env(&self) -> Vec<(&'static str, String)> {
        // One target dir per toolchain so host and wasm artifacts never evict each other.
        let target = util::host_target_dir().join("wasm");
        let mut env = vec![("CARGO_TARGET_DIR", target.display().to_string())];
        if self.mode == WasmMode::DebianBuildStd {
            env.extend([
                ("RUSTUP_TOOLCHAIN", DEBWEB.to_string()),
                // Lets the stable 1.96 cargo accept -Z build-std.
                ("RUSTC_BOOTSTRAP", "1".to_string()),
                ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort".to_string()),
                (
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER",
                    WASM_LD.to_string(),
                ),
            ]);
        }
        env
    }

    /// A command (from the workspace root, our PATH) with the wasm environment applied.
    pub fn wasm_cmd(&self, program: &str) -> Command {
        let mut c = cmd(program);
        c.envs(self.wasm_env());
        c
    }
}

/// What building and running need (`build`, `size`, `run`, `dist`): the wasm toolchain,
/// wasm-bindgen-cli, trunk and the npm dependencies. No Chromium: only the tests drive a
/// browser, and it is the largest install by far.
pub fn for_build() -> Result<Toolchain> {
    let tc = ensure_wasm_toolchain()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    ensure_npm_deps()?;
    Ok(tc)
}

/// Everything `test` needs (and `cargo xtask setup` installs): [`for_build`] and Chromium
/// with its driver. PostgreSQL is separate ([`ensure_postgres`]).
pub fn setup() -> Result<Toolchain> {
    let tc = for_build()?;
    ensure_chromium()?;
    Ok(tc)
}

fn say(what: &str) {
    println!("setup: {what}");
}

fn rustup_target_dir() -> Option<PathBuf> {
    let sysroot = output(cmd("rustc").args(["--print", "sysroot"]))?;
    Some(Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET))
}

pub fn ensure_wasm_toolchain() -> Result<Toolchain> {
    if rustup_target_dir().is_some_and(|d| d.is_dir()) {
        say("wasm32 toolchain: rustup target wasm32-unknown-unknown present");
        return Ok(Toolchain {
            mode: WasmMode::RustupTarget,
        });
    }
    // `rustup target add` hangs (no fail-fast) where the rustup server is unreachable, so it is
    // only tried on request, and bounded.
    if std::env::var("ORKESTRA_TRY_RUSTUP_TARGET").as_deref() == Ok("1") {
        say("installing rustup target wasm32-unknown-unknown (60 s limit)");
        let mut c = cmd("rustup");
        c.args(["target", "add", WASM_TARGET]);
        println!("{}", util::display(&c));
        if let Ok(mut child) = c.spawn() {
            match util::wait_with_timeout(&mut child, Duration::from_secs(60))? {
                Some(s) if s.success() => {}
                Some(s) => {
                    println!("setup: rustup target add failed ({s}); using the Debian fallback")
                }
                None => println!("setup: rustup target add timed out; using the Debian fallback"),
            }
        }
        if rustup_target_dir().is_some_and(|d| d.is_dir()) {
            return Ok(Toolchain {
                mode: WasmMode::RustupTarget,
            });
        }
    }

    let missing = missing_debs(WASM_DEBS);
    if missing.is_empty() && Path::new(WASM_LD).is_file() {
        say("wasm32 toolchain: Debian rustc-web + build-std present");
    } else {
        say(&format!(
            "installing Debian {} (wasm32 toolchain: no rustup wasm32 target here)",
            WASM_DEBS.join(" ")
        ));
        apt_install(WASM_DEBS)?;
    }
    if !Path::new(WASM_LD).is_file() {
        bail!("{WASM_LD} is missing after installing lld-22");
    }

    let Some(list) = output(cmd("rustup").args(["toolchain", "list"])) else {
        bail!(
            "the wasm32 fallback needs rustup (to name Debian's toolchain `{DEBWEB}`); \
             install rustup, or add the target: rustup target add {WASM_TARGET}"
        );
    };
    if list
        .lines()
        .any(|l| l.split_whitespace().next() == Some(DEBWEB))
    {
        say("rustup toolchain debweb present");
    } else {
        say("linking Debian's toolchain as rustup toolchain debweb");
        run(cmd("rustup").args(["toolchain", "link", DEBWEB, "/usr"]))?;
    }
    Ok(Toolchain {
        mode: WasmMode::DebianBuildStd,
    })
}

pub fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        say("chromium + chromedriver present");
        return Ok(());
    }
    say("installing Debian chromium chromium-driver");
    apt_install(&["chromium", "chromium-driver"])?;
    for p in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(p).is_file() {
            bail!("{p} is missing after installing chromium and chromium-driver");
        }
    }
    Ok(())
}

/// The version of `wasm-bindgen` in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock_path = util::root().join("Cargo.lock");
    if !lock_path.is_file() {
        run(cmd("cargo").arg("generate-lockfile"))?;
    }
    let lock = std::fs::read_to_string(&lock_path).context("reading Cargo.lock")?;
    let versions = locked_versions(&lock, "wasm-bindgen");
    match versions.as_slice() {
        [v] => Ok(v.clone()),
        [] => bail!("Cargo.lock has no wasm-bindgen package"),
        _ => bail!("Cargo.lock has several wasm-bindgen versions {versions:?}; pin one with `=`"),
    }
}

fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    let mut versions = Vec::new();
    let mut current: Option<&str> = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            current = None;
        } else if let Some(n) = line.strip_prefix("name = ") {
            current = Some(n.trim_matches('"'));
        } else if let Some(v) = line.strip_prefix("version = ") {
            if current == Some(name) {
                versions.push(v.trim_matches('"').to_string());
            }
        }
    }
    versions
}

pub fn ensure_wasm_bindgen() -> Result<()> {
    let want = locked_wasm_bindgen()?;
    let have = output(cmd("wasm-bindgen").arg("--version"));
    let runner = output(cmd("wasm-bindgen-test-runner").arg("--version"));
    let expected = |tool: &str| format!("{tool} {want}");
    if have.as_deref() == Some(expected("wasm-bindgen").as_str())
        && runner.as_deref() == Some(expected("wasm-bindgen-test-runner").as_str())
    {
        say(&format!("wasm-bindgen-cli {want} present"));
        return Ok(());
    }
    say(&format!(
        "installing wasm-bindgen-cli {want} (found {}; about 2 min)",
        have.as_deref().unwrap_or("none")
    ));
    // No --locked: 0.2.130's lockfile names a version missing from the registry.
    cargo_install(&["wasm-bindgen-cli", "--version", &want])
}

pub fn ensure_trunk() -> Result<()> {
    let have = output(cmd("trunk").arg("--version"));
    if have.as_deref() == Some(format!("trunk {TRUNK_VERSION}").as_str()) {
        say(&format!("trunk {TRUNK_VERSION} present"));
        return Ok(());
    }
    say(&format!(
        "installing trunk {TRUNK_VERSION} (found {}; about 5 min)",
        have.as_deref().unwrap_or("none")
    ));
    // --locked: without it trunk resolves a lightningcss that needs a newer rustc.
    cargo_install(&["trunk", "--version", TRUNK_VERSION, "--locked"])
}

fn cargo_install(args: &[&str]) -> Result<()> {
    let mut c = cmd("cargo");
    c.arg("install").args(args);
    // Build in cargo's own temp dir, not the workspace's target dir.
    c.env_remove("CARGO_TARGET_DIR");
    run(&mut c)
}

/// `npm ci` when node_modules is missing or older than the lockfile (a stamp file records the
/// last successful install), so the second run costs nothing.
pub fn ensure_npm_deps() -> Result<()> {
    if util::which("npm").is_none() || util::which("node").is_none() {
        say("installing Debian nodejs npm");
        apt_install(&["nodejs", "npm"])?;
    }
    let root = util::root();
    let lock = root.join("package-lock.json");
    let stamp = root.join("node_modules/.orkestra-npm-ci-stamp");
    let fresh = match (util::mtime(&stamp), util::mtime(&lock)) {
        (Some(s), Some(l)) => s >= l && util::mtime(&root.join("package.json")) <= Some(s),
        _ => false,
    };
    if fresh && wasm_opt().is_file() {
        say("npm dependencies present");
        return Ok(());
    }
    say("installing npm dependencies (npm ci: playwright-core, binaryen, terser, typescript)");
    run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(
        &stamp,
        b"npm ci done; xtask compares this file's mtime with package-lock.json\n",
    )?;
    Ok(())
}

/// wasm-opt from npm's binaryen (Debian's is too old for what rustc emits).
pub fn wasm_opt() -> PathBuf {
    util::root().join("node_modules/.bin/wasm-opt")
}

/// terser from npm: minifies wasm-bindgen's JS glue, which trunk's own minifier cannot parse.
pub fn terser() -> PathBuf {
    util::root().join("node_modules/.bin/terser")
}

/// The PostgreSQL server (used by tests only). Installed, not started.
pub fn ensure_postgres() -> Result<()> {
    if postgres_bin().is_some() {
        say("postgresql present");
        return Ok(());
    }
    say("installing Debian postgresql");
    apt_install(&["postgresql"])?;
    if postgres_bin().is_none() {
        bail!("no /usr/lib/postgresql/*/bin/postgres after installing postgresql");
    }
    Ok(())
}

/// `/usr/lib/postgresql/<major>/bin/postgres`, the newest if several.
pub fn postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin/postgres"))
        .filter(|p| p.is_file())
        .collect();
    found.sort_by_key(|p| {
        p.components()
            .nth(4)
            .and_then(|c| c.as_os_str().to_str()?.parse::<u32>().ok())
    });
    found.pop()
}

pub(crate) fn missing_debs<'a>(pkgs: &[&'a str]) -> Vec<&'a str> {
    pkgs.iter()
        .copied()
        .filter(|p| {
            output(cmd("dpkg-query").args(["-W", "-f=${db:Status-Status}", p])).as_deref()
                != Some("installed")
        })
        .collect()
}

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

/// Install Debian packages as root (apt-get update once per run). Without root or apt-get, say
/// exactly what to run instead.
pub(crate) fn apt_install(pkgs: &[&str]) -> Result<()> {
    let install = format!("apt-get install -y {}", pkgs.join(" "));
    if util::which("apt-get").is_none() {
        bail!(
            "this machine has no apt-get; install the equivalent of the Debian packages `{}` \
             (on Debian, as root: `apt-get update && {install}`), then re-run",
            pkgs.join(" ")
        );
    }
    if !util::is_root() {
        bail!(
            "installing Debian packages needs root; run these commands, then re-run:\n  \
             sudo apt-get update\n  sudo {install}"
        );
    }
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        run(cmd("apt-get").arg("update"))?;
    }
    run(cmd("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y"])
        .args(pkgs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_versions(lock, "wasm-bindgen"), vec!["0.2.130"]);
        assert!(locked_versions(lock, "trunk").is_empty());
    }
}
