//! Small helpers shared by every command: paths, running and printing commands, signals,
//! random secrets, free ports and a minimal HTTP health probe (std only, so xtask builds fast).

use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The workspace root (the parent of xtask's manifest directory). `cargo run` sets
/// CARGO_MANIFEST_DIR at run time; the compile-time value is the fallback.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The host target directory: CARGO_TARGET_DIR when set (CI keeps one outside the clone),
/// else `<workspace>/target`.
pub fn host_target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        _ => root().join("target"),
    }
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(home).join("bin");
    }
    home_dir().join(".cargo").join("bin")
}

pub fn home_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// PATH with cargo's bin directory first: a fresh `cargo install` must be found by us and by
/// trunk (which looks up `wasm-bindgen` on PATH) even when the caller's shell lacks it.
fn path_env() -> &'static OsString {
    static PATH: OnceLock<OsString> = OnceLock::new();
    PATH.get_or_init(|| {
        let bin = cargo_bin_dir();
        let current = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs: Vec<PathBuf> = std::env::split_paths(&current).collect();
        if !dirs.contains(&bin) {
            dirs.insert(0, bin);
        }
        std::env::join_paths(dirs).unwrap_or(current)
    })
}

/// A command run from the workspace root with our PATH.
pub fn cmd(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", path_env());
    c
}

/// Is `program` on our PATH (or an existing path)?
pub fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        let p = PathBuf::from(program);
        return p.is_file().then_some(p);
    }
    std::env::split_paths(path_env())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// `$ VAR=value program args`, with secret-looking values masked (the printed line may end up
/// in a CI log).
pub fn display(c: &Command) -> String {
    let mut s = String::from("$");
    for (k, v) in c.get_envs() {
        let k = k.to_string_lossy();
        if k == "PATH" {
            continue;
        }
        let Some(v) = v else { continue };
        // A database URL may hold a password.
        let secret = ["SECRET", "PASSWORD", "TOKEN", "DATABASE_URL"]
            .iter()
            .any(|w| k.contains(w));
        let v = if secret {
            "***".into()
        } else {
            v.to_string_lossy()
        };
        s.push_str(&format!(" {k}={v}"));
    }
    s.push(' ');
    s.push_str(&c.get_program().to_string_lossy());
    for a in c.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains([' ', '*', '\'', '"', '{', '$']) {
            s.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Print and run; error on a non-zero exit.
pub fn run(c: &mut Command) -> Result<()> {
    println!("{}", display(c));
    let status = c
        .status()
        .with_context(|| format!("could not start `{}`", c.get_program().to_string_lossy()))?;
    if !status.success() {
        bail!(
            "`{}` failed with {status}",
            display(c).trim_start_matches("$ ")
        );
    }
    Ok(())
}

/// Run quietly and return trimmed stdout if it succeeded (for presence and version checks).
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).stdin(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Print and run, streaming stdout/stderr to ours while also collecting both, so the caller can
/// parse the runner's summary lines from exactly what the user saw.
pub fn run_tee(c: &mut Command) -> Result<(ExitStatus, String)> {
    println!("{}", display(c));
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{}`", c.get_program().to_string_lossy()))?;
    let collected = Arc::new(Mutex::new(String::new()));
    let out = pump(child.stdout.take(), None, false, Some(collected.clone()));
    let err = pump(child.stderr.take(), None, true, Some(collected.clone()));
    let status = child.wait()?;
    for t in [out, err].into_iter().flatten() {
        let _ = t.join();
    }
    let text = collected.lock().map(|s| s.clone()).unwrap_or_default();
    Ok((status, text))
}

/// Copy a child's stream line by line to our stdout/stderr, optionally prefixed and collected.
pub fn pump(
    stream: Option<impl Read + Send + 'static>,
    prefix: Option<String>,
    to_stderr: bool,
    collect: Option<Arc<Mutex<String>>>,
) -> Option<std::thread::JoinHandle<()>> {
    let stream = stream?;
    Some(std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\n', '\r']);
            let printed = match &prefix {
                Some(p) => format!("{p}{line}\n"),
                None => format!("{line}\n"),
            };
            if to_stderr {
                let _ = std::io::stderr().write_all(printed.as_bytes());
            } else {
                let _ = std::io::stdout().write_all(printed.as_bytes());
            }
            if let Some(c) = &collect {
                if let Ok(mut c) = c.lock() {
                    c.push_str(line);
                    c.push('\n');
                }
            }
        }
    }))
}

static INTERRUPTED: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// SIGINT/SIGTERM set a flag instead of killing us, so the servers we started (in their own
/// process group, out of reach of the terminal's Ctrl-C) get stopped. A second signal exits
/// at once.
pub fn install_signal_handlers() {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register_conditional_shutdown(sig, 130, flag.clone());
        let _ = signal_hook::flag::register(sig, flag.clone());
    }
    let _ = INTERRUPTED.set(flag);
}

pub fn interrupted() -> bool {
    INTERRUPTED.get().is_some_and(|f| f.load(Ordering::SeqCst))
}

/// Wait for a child with a deadline, giving up early on Ctrl-C. Returns None on timeout or
/// interruption (the child is then killed and reaped).
pub fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline || interrupted() {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Hex of `n` bytes from the kernel's CSPRNG.
pub fn random_hex(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A port that was free a moment ago (the OS picks it; we release it for the server).
pub fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

/// `GET path` over plain HTTP/1.1; the status code, or None if nothing answers.
pub fn http_status(addr: &str, path: &str) -> Option<u16> {
    let sock = addr.to_socket_addrs().ok()?.next()?;
    let mut s = TcpStream::connect_timeout(&sock, Duration::from_secs(1)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).ok()?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn is_root() -> bool {
    output(cmd("id").arg("-u")).as_deref() == Some("0")
}

/// Modification time, or None if the file does not exist.
pub fn mtime(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}
