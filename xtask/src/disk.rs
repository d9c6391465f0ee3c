//! Free disk space, checked before `cargo xtask test` builds anything.
//!
//! CI reuses one target directory across runs on the same machine (`.ci/run`), and two CI
//! runs of this project have failed with "No space left on device" half way through, each
//! time after the unit and black-box layers had passed. A full run needs about
//! [`NEEDED_GIB`] of room for what it writes (host and wasm builds, test databases,
//! screenshots). When less is free, what can be rebuilt goes first, cheapest to lose first:
//! incremental compilation state, then the wasm debug build of the DOM tests, then the whole
//! target directory (a cold build takes longer, but fits CI's time limit; a full disk fails
//! the run for certain).

use crate::util::{self, cmd};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Room a full `cargo xtask test` needs when it starts from a cold target directory, with a
/// wide margin: a cold run on a fresh machine left a 3.8 GiB target directory (2026-12-02),
/// and the servers' databases, PostgreSQL's cluster and the screenshots add little.
const NEEDED_GIB: f64 = 10.0;

/// Bytes free for unprivileged writes on the filesystem holding `path` (`df`, POSIX output).
pub fn free_bytes(path: &Path) -> Result<u64> {
    // `df` needs a path that exists: climb to the nearest existing ancestor.
    let mut probe = path.to_path_buf();
    while !probe.exists() {
        if !probe.pop() {
            break;
        }
    }
    let out = cmd("df")
        .args(["-P", "-k"])
        .arg(&probe)
        .output()
        .context("running df")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .nth(1)
        .context("df printed no filesystem line")?;
    let available_kib: u64 = line
        .split_whitespace()
        .nth(3)
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("unreadable df line: {line}"))?;
    Ok(available_kib * 1024)
}

fn gib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0 * 1024.0)
}

/// Print the free space where builds go; prune rebuildable state while it is short.
pub fn ensure_room() -> Result<()> {
    let target = util::host_target_dir();
    let free = free_bytes(&target)?;
    println!(
        "disk: {:.1} GiB free for {} (a full run needs about {NEEDED_GIB} GiB)",
        gib(free),
        target.display()
    );
    if gib(free) >= NEEDED_GIB {
        return Ok(());
    }
    let steps: [(&str, Vec<PathBuf>); 3] = [
        ("incremental compilation state", incremental_dirs(&target)),
        (
            "the wasm debug build",
            vec![target.join("wasm/wasm32-unknown-unknown/debug")],
        ),
        ("the whole target directory", vec![target.clone()]),
    ];
    for (what, dirs) in steps {
        for dir in dirs.iter().filter(|d| d.exists()) {
            println!("disk: removing {what}: {}", dir.display());
            std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        let free = free_bytes(&target)?;
        println!("disk: {:.1} GiB free", gib(free));
        if gib(free) >= NEEDED_GIB {
            return Ok(());
        }
    }
    println!(
        "disk: still under {NEEDED_GIB} GiB free after pruning the build cache; the run may \
         fail for lack of space (free room outside {})",
        target.display()
    );
    Ok(())
}

/// `<profile>/incremental` under the host and wasm target directories.
fn incremental_dirs(target: &Path) -> Vec<PathBuf> {
    let roots = [
        target.to_path_buf(),
        target.join("wasm"),
        target.join("wasm/wasm32-unknown-unknown"),
    ];
    let mut dirs = Vec::new();
    for root in roots {
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        for entry in entries.flatten() {
            let incremental = entry.path().join("incremental");
            if incremental.is_dir() {
                dirs.push(incremental);
            }
        }
    }
    dirs
}

/// What the run leaves behind, for the log: the target directory's size and the free space.
pub fn report_usage() {
    let target = util::host_target_dir();
    let used = cmd("du")
        .args(["-s", "-k"])
        .arg(&target)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
        });
    if let (Some(used_kib), Ok(free)) = (used, free_bytes(&target)) {
        println!(
            "disk: target directory {:.1} GiB, {:.1} GiB free",
            gib(used_kib * 1024),
            gib(free)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::free_bytes;

    #[test]
    fn free_space_is_read_for_a_path_that_does_not_exist_yet() {
        let dir = std::env::temp_dir().join("orkestra-disk-probe/not/made/yet");
        assert!(free_bytes(&dir).unwrap() > 0);
    }
}
