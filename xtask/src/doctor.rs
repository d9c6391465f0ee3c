//! `cargo xtask doctor`: `orkestra-proxy doctor` with the configuration `cargo xtask run`
//! gives the proxy (dev ports, .data/, the dev secrets, the caller's overrides), so it
//! checks the stack that command runs.

use anyhow::{Context, Result};

use crate::stack::StackConfig;
use crate::util;

/// Builds the proxy and runs its doctor; `args` go to it (`--order <id>`). Whether every
/// check passed.
pub fn doctor(args: &[String]) -> Result<bool> {
    util::run(util::cmd("cargo").args(["build", "-p", "orkestra-proxy"]))?;
    let cfg = StackConfig::dev()?;
    let proxy = cfg
        .servers
        .iter()
        .find(|s| s.bin == "orkestra-proxy")
        .context("the dev stack has no proxy")?;
    let bin = util::host_target_dir().join(cfg.profile).join(proxy.bin);
    let mut c = util::cmd(&bin);
    c.arg("doctor")
        .args(args)
        .envs(proxy.env.iter().map(|(k, v)| (k, v)));
    // Secrets are shown as *** (util::display).
    println!("{}", util::display(&c));
    let status = c
        .status()
        .with_context(|| format!("could not start {}", bin.display()))?;
    Ok(status.success())
}
