//! A private PostgreSQL server for the tests: Debian's `postgresql` binaries, a fresh
//! cluster (`initdb`) in a temporary directory, started with `pg_ctl` on a free loopback
//! port with its socket in that directory. No system service, cluster or port is touched.
//! The tests get its URL in [`URL_VAR`]; it is stopped and deleted when dropped (also when
//! the tests fail or Ctrl-C stops them), and a run that could not clean up (killed) is
//! cleaned up by the next one.
//!
//! `initdb` refuses to run as root, so as root the cluster belongs to the `postgres` user
//! (created by the Debian package) and its commands run through `runuser`; as anyone else
//! they run directly.

use crate::setup;
use crate::util::{self, cmd, output, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The variable the tests read the server's URL from.
pub const URL_VAR: &str = "TEST_DATABASE_URL";
const PREFIX: &str = "orkestra-pg-";
const USER: &str = "orkestra";
/// Who owns the cluster when we are root.
const OWNER: &str = "postgres";

pub struct TestPostgres {
    /// `<tmp>/orkestra-pg-<our pid>`: the cluster (`data/`), its socket and its log.
    dir: PathBuf,
    bin: PathBuf,
    run_as: Option<&'static str>,
    /// `postgres://orkestra:<password>@127.0.0.1:<port>/postgres`. The password is random
    /// and the server listens on loopback only; still, the URL is never printed.
    pub url: String,
    running: bool,
}

impl TestPostgres {
    /// Installs Debian's postgresql when missing, then initialises and starts a cluster.
    pub fn start() -> Result<Self> {
        setup::ensure_postgres()?;
        let postgres = setup::postgres_bin().context("no PostgreSQL server binary")?;
        let bin = postgres
            .parent()
            .context("the server binary has no directory")?
            .to_path_buf();
        let run_as = util::is_root().then_some(OWNER);
        clean_stale(&bin, run_as);

        let began = Instant::now();
        let dir = std::env::temp_dir().join(format!("{PREFIX}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let password = util::random_hex(16)?;
        let pwfile = dir.join("password");
        std::fs::write(&pwfile, format!("{password}\n"))?;
        if let Some(owner) = run_as {
            run(cmd("chown").args(["-R", &format!("{owner}:")]).arg(&dir))
                .with_context(|| format!("giving {} to the {owner} user", dir.display()))?;
        }
        set_mode(&dir, 0o700)?;
        set_mode(&pwfile, 0o600)?;

        let mut pg = TestPostgres {
            dir,
            bin,
            run_as,
            url: String::new(),
            running: false,
        };
        let data = pg.dir.join("data");
        run(pg
            .tool("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", USER, "-E", "UTF8", "--locale=C", "--no-sync"])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()))
            .stdout(std::process::Stdio::null()))
        .context("initdb")?;
        let _ = std::fs::remove_file(&pwfile);

        let port = util::free_port()?;
        // Durability is not what these tests are about: no fsync makes every commit cheap.
        let options = format!(
            "-p {port} -k '{}' -c listen_addresses=127.0.0.1 -c max_connections=300 \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            pg.dir.display()
        );
        let log = pg.dir.join("postgres.log");
        let started = run(pg
            .tool("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(&log)
            .args(["-o", &options, "-w", "-t", "60", "start"]));
        if let Err(e) = started {
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = tail.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            bail!(
                "{e:#}\nthe server's log ({}):\n{}",
                log.display(),
                tail.join("\n")
            );
        }
        pg.running = true;
        pg.url = format!("postgres://{USER}:{password}@127.0.0.1:{port}/postgres");
        println!(
            "postgres: test server on 127.0.0.1:{port} (cluster in {}), ready in {:.1} s",
            pg.dir.display(),
            began.elapsed().as_secs_f64()
        );
        Ok(pg)
    }

    /// A PostgreSQL tool from the server's version, as the cluster's owner.
    fn tool(&self, name: &str) -> Command {
        tool(&self.bin, self.run_as, name, &self.dir)
    }

    /// Fast shutdown (open connections are ended), then the directory goes.
    pub fn stop(&mut self) {
        if self.running {
            self.running = false;
            let mut c = self.tool("pg_ctl");
            c.arg("-D")
                .arg(self.dir.join("data"))
                .args(["-m", "fast", "-w", "-t", "30", "stop"]);
            if let Err(e) = run(&mut c) {
                println!("postgres: could not stop the test server: {e:#}");
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        self.stop();
    }
}

fn tool(bin: &Path, run_as: Option<&str>, name: &str, cwd: &Path) -> Command {
    let program = bin.join(name);
    let mut c = match run_as {
        Some(user) => {
            let mut c = cmd("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => cmd(program),
    };
    // The owner may not be allowed into the workspace; the cluster's directory is its own.
    c.current_dir(cwd);
    c
}

fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("chmod {mode:o} {}", path.display()))
}

/// Servers and directories left by runs that were killed before they could clean up
/// (their xtask process is gone): stop them (immediate mode) and delete them.
fn clean_stale(bin: &Path, run_as: Option<&str>) {
    let tmp = std::env::temp_dir();
    let Ok(entries) = std::fs::read_dir(&tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(PREFIX)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || xtask_alive(pid) {
            continue;
        }
        let dir = entry.path();
        let data = dir.join("data");
        if data.join("postmaster.pid").is_file() {
            println!("postgres: stopping a test server left by an earlier run");
            let _ = output(
                tool(bin, run_as, "pg_ctl", &dir)
                    .arg("-D")
                    .arg(&data)
                    .args(["-m", "immediate", "-w", "-t", "10", "stop"]),
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Whether `pid` is a running xtask (not a zombie, not a reused pid).
fn xtask_alive(pid: u32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat
        .rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next());
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    matches!(state, Some(s) if s != 'Z') && String::from_utf8_lossy(&cmdline).contains("xtask")
}

/// `cargo xtask postgres`: the same server for running the tests by hand, until Ctrl-C.
pub fn serve() -> Result<()> {
    let mut pg = TestPostgres::start()?;
    println!();
    println!("A private PostgreSQL server for the tests is running (Ctrl-C stops and deletes it).");
    println!("In another shell:");
    println!("  export {URL_VAR}='{}'", pg.url);
    println!("  cargo test -p orkestra-proxy --test postgres");
    println!("  PROXY_TEST_BACKEND=postgres cargo test -p orkestra-proxy --test pix_flow");
    println!();
    while !util::interrupted() {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    pg.stop();
    Ok(())
}
