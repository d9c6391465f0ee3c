//! The whole stack a browser drives, on free ports with fresh data, and `node` told where
//! it is: for the e2e layer (`cargo xtask test --layer e2e`) and the page benchmark
//! (`cargo xtask bench page`).

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use crate::setup;
use crate::stack::{Logs, Stack, StackConfig};
use crate::util::cmd;

/// The stack the browser drives (e2e tests, the page benchmark): fresh data in `data`, logs
/// in `artifacts`. `trace`: the proxy's own crates log at trace level, for the tests that
/// read its log for card data that must never be there (e2e/card-page.test.mjs).
pub fn browser_stack(data: &Path, artifacts: &Path, trace: bool) -> Result<(StackConfig, Stack)> {
    let mut cfg = StackConfig::ephemeral(data)?;
    // Every browser context of the run comes from 127.0.0.1, so the per-IP limit (meant
    // for one payer's address; tested by the proxy's black-box tests) would throttle the
    // whole suite as if it were one abusive client.
    for server in cfg.servers.iter_mut().filter(|s| s.name == "proxy") {
        server
            .env
            .push(("PROXY_RATE_LIMIT_PER_IP".into(), "100000".into()));
        if trace {
            server.env.push((
                "RUST_LOG".into(),
                "info,orkestra_proxy=trace,server_kit=trace,tower_http=debug,sqlx=warn".into(),
            ));
        }
    }
    let stack = Stack::start(&cfg, &Logs::Dir(artifacts.to_path_buf()))?;
    Ok((cfg, stack))
}

/// `node`, told where the stack is (e2e/helpers.mjs reads these).
pub fn node_for(cfg: &StackConfig, artifacts: &Path) -> Command {
    let mut c = cmd("node");
    c.env("E2E_PROXY_URL", &cfg.proxy_url)
        .env("E2E_SANDBOX_URL", &cfg.sandbox_url)
        .env("E2E_SHOP_URL", &cfg.shop_url)
        .env("E2E_MERCHANT_SECRET", &cfg.merchant_secret)
        .env("E2E_WEBHOOK_SECRET", &cfg.webhook_secret)
        .env("E2E_ORKESTRA_PASSWORD", &cfg.orkestra_password)
        .env("E2E_ARTIFACTS_DIR", artifacts)
        .env("E2E_LOG_DIR", artifacts)
        .env("E2E_CHROMIUM", setup::CHROMIUM);
    c
}
