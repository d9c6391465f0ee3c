//! wrk (Debian's package) for the request phases of `cargo xtask bench proxy`: one run of
//! a Lua script against a URL, read back from the line the script's `done` prints.

use crate::util::{self, cmd};
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::time::Duration;

/// What a wrk run measured.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    pub requests: u64,
    pub seconds: f64,
    /// Answers with another status than the script expects, and socket errors.
    pub errors: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }

    /// Several runs at once (one per replica) as one: requests add up, the slowest
    /// percentile stands for all.
    pub fn together(runs: &[Run]) -> Run {
        Run {
            requests: runs.iter().map(|r| r.requests).sum(),
            seconds: runs.iter().map(|r| r.seconds).fold(0.0, f64::max),
            errors: runs.iter().map(|r| r.errors).sum(),
            p50_ms: runs.iter().map(|r| r.p50_ms).fold(0.0, f64::max),
            p99_ms: runs.iter().map(|r| r.p99_ms).fold(0.0, f64::max),
        }
    }
}

/// Printed by every script: requests, duration (µs), bad statuses, socket errors, p50 and
/// p99 (µs). `bad` counts what `response` found unexpected, where a script checks.
const DONE: &str = r#"
threads = {}
local count = 0
function setup(thread)
  thread:set("id", count)
  count = count + 1
  table.insert(threads, thread)
end
done = function(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    e.status + bad, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"#;

/// Writes `body` (and the shared setup and `done`) as `<dir>/<name>.lua`.
pub fn script(dir: &Path, name: &str, body: &str) -> Result<std::path::PathBuf> {
    let path = dir.join(format!("{name}.lua"));
    std::fs::write(&path, format!("{DONE}\n{body}"))?;
    Ok(path)
}

/// Runs wrk with `connections` for `duration` against `url` with `script` and its
/// arguments (after `--`).
pub fn run(
    url: &str,
    connections: u32,
    duration: Duration,
    script: &Path,
    args: &[&str],
) -> Result<Run> {
    let mut c = cmd("wrk");
    c.arg("-t2")
        .arg(format!("-c{connections}"))
        .arg(format!("-d{}s", duration.as_secs()))
        .arg("--timeout")
        .arg("10s")
        .arg("-s")
        .arg(script)
        .arg(url);
    if !args.is_empty() {
        c.arg("--").args(args);
    }
    let out = c
        .output()
        .with_context(|| format!("running {}", util::display(&c)))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(line) = text.lines().find_map(|l| l.strip_prefix("RESULT ")) else {
        bail!(
            "wrk printed no result:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let n: Vec<f64> = line
        .split_whitespace()
        .map(|v| v.parse::<f64>().unwrap_or(0.0))
        .collect();
    let [requests, micros, status, socket, p50, p99] = n[..] else {
        bail!("wrk's result line is malformed: {line}");
    };
    Ok(Run {
        requests: requests as u64,
        seconds: micros / 1e6,
        errors: (status + socket) as u64,
        p50_ms: p50 / 1000.0,
        p99_ms: p99 / 1000.0,
    })
}
