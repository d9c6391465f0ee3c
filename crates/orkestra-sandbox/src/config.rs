//! The sandbox's settings, from `SANDBOX_*` environment variables (see the README).

use std::time::Duration;

use anyhow::Context;
use orkestra_core::api::orkestra::AmountUnits;

#[derive(Clone)]
pub struct Config {
    /// `host:port` to listen on; port 0 picks a free one (tests).
    pub address: String,
    /// SQLite file; created when missing.
    pub database: String,
    /// The HTTP Basic credentials API callers must present.
    pub username: String,
    pub password: String,
    /// Where order notifications go (the account-level "notification URL").
    pub webhook_url: Option<String>,
    /// The Basic credentials sent with every notification, so the receiver can check them.
    pub webhook_username: String,
    pub webhook_password: String,
    /// First retry delay of an unacknowledged webhook; doubles per attempt up to a minute.
    pub webhook_retry_base: Duration,
    pub amount_units: AmountUnits,
    /// Lifetime of a PIX code when the order gives no `pix.expiresAt` (docs: "usually 1 hour").
    pub pix_default_expiry: Duration,
    /// When set, a pending transaction is paid this long after it was created, as if the
    /// payer always paid: for demos without a simulate call. Off by default.
    pub auto_settle_after: Option<Duration>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("address", &self.address)
            .field("database", &self.database)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("webhook_url", &self.webhook_url)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Defaults that work for a test: free port, throwaway database, fast retries.
    pub fn for_tests(database: impl Into<String>) -> Self {
        Config {
            address: "127.0.0.1:0".into(),
            database: database.into(),
            username: "sandbox-user".into(),
            password: "sandbox-password".into(),
            webhook_url: None,
            webhook_username: "webhook-user".into(),
            webhook_password: "webhook-password".into(),
            webhook_retry_base: Duration::from_millis(100),
            amount_units: AmountUnits::Major,
            pix_default_expiry: Duration::from_secs(3600),
            auto_settle_after: None,
        }
    }

    pub fn from_env() -> anyhow::Result<Self> {
        let var =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
        let units = var("SANDBOX_AMOUNT_UNITS", "major");
        Ok(Config {
            address: var("SANDBOX_ADDR", "127.0.0.1:8090"),
            database: var("SANDBOX_DATABASE", ".data/sandbox.db"),
            username: var("SANDBOX_USERNAME", "orkestra-dev"),
            password: std::env::var("SANDBOX_PASSWORD")
                .context("SANDBOX_PASSWORD must be set (the API password callers present)")?,
            webhook_url: std::env::var("SANDBOX_WEBHOOK_URL")
                .ok()
                .filter(|s| !s.is_empty()),
            webhook_username: var("SANDBOX_WEBHOOK_USERNAME", "orkestra-webhook"),
            webhook_password: std::env::var("SANDBOX_WEBHOOK_PASSWORD")
                .context("SANDBOX_WEBHOOK_PASSWORD must be set")?,
            webhook_retry_base: Duration::from_millis(
                var("SANDBOX_WEBHOOK_RETRY_BASE_MS", "1000")
                    .parse()
                    .context("SANDBOX_WEBHOOK_RETRY_BASE_MS")?,
            ),
            amount_units: AmountUnits::parse(&units).with_context(|| {
                format!("SANDBOX_AMOUNT_UNITS must be major or minor, not {units}")
            })?,
            pix_default_expiry: Duration::from_secs(
                var("SANDBOX_PIX_EXPIRY_SECONDS", "3600")
                    .parse()
                    .context("SANDBOX_PIX_EXPIRY_SECONDS")?,
            ),
            auto_settle_after: match std::env::var("SANDBOX_AUTO_SETTLE_SECONDS") {
                Ok(s) if !s.is_empty() => Some(Duration::from_secs(
                    s.parse().context("SANDBOX_AUTO_SETTLE_SECONDS")?,
                )),
                _ => None,
            },
        })
    }
}
