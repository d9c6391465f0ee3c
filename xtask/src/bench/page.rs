//! `cargo xtask bench page`: the hosted page's time to interactive in Chromium.

use anyhow::Result;

use crate::browser::{browser_stack, node_for};
use crate::util;
use crate::{build, setup};

/// `cargo xtask bench page`: time to interactive of the hosted page in Chromium with 4x CPU
/// throttling and a slow-4G network (e2e/bench/tti.mjs). A benchmark, not a test: it prints
/// figures and fails only if it cannot run.
pub fn bench() -> Result<bool> {
    let tc = setup::setup()?;
    build::build_page(&tc)?;
    build::build_servers()?;
    let root = util::root();
    let artifacts = root.join("target/bench-page");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts)?;
    let data = artifacts.join("data");
    std::fs::create_dir_all(&data)?;
    let (cfg, mut stack) = browser_stack(&data, &artifacts, false)?;
    let mut c = node_for(&cfg, &artifacts);
    c.arg(root.join("e2e/bench/tti.mjs"));
    println!("{}", util::display(&c));
    let ok = c.status()?.success();
    stack.stop();
    Ok(ok)
}
