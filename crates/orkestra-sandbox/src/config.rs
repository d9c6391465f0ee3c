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
    /// Per-method lifetimes (by wire name: `BOLETO`, `NEQUI`, `CREDIT_CARD` for a 3-D
    /// Secure challenge…) that replace the catalog's `default_expiry_minutes` when the
    /// request gives no `expiresAt` (`SANDBOX_EXPIRY_SECONDS`).
    pub expiry_overrides: Vec<(String, Duration)>,
    /// How long the slow magic card (`4000000000000119`) makes its create call wait
    /// (`SANDBOX_SLOW_RESPONSE_MS`, default 12 s).
    pub slow_response: Duration,
    /// The sandbox's own URL as payers' browsers reach it, for the 3-D Secure, PSE, payment and
    /// boleto pages it links to (`SANDBOX_PUBLIC_URL`); `http://` + the bound address
    /// when unset.
    pub public_url: Option<String>,
    /// Where payout notifications go (`SANDBOX_PAYOUT_WEBHOOK_URL`); none when unset.
    pub payout_webhook_url: Option<String>,
    /// Where refund notifications go (`SANDBOX_REFUND_WEBHOOK_URL`); none when unset.
    pub refund_webhook_url: Option<String>,
    /// A refund through the original method is refunded this long after it was made
    /// (`SANDBOX_REFUND_SETTLE_SECONDS`, default 2).
    pub refund_settle_after: Duration,
    /// A payout is paid (or fails, for the magic keys) this long after it was made
    /// (`SANDBOX_PAYOUT_SETTLE_SECONDS`, default 2).
    pub payout_settle_after: Duration,
    /// Who may frame the sandbox's pages (the payment page above all): the CSP
    /// `frame-ancestors` sources, space-separated (`SANDBOX_FRAME_ANCESTORS`, default `*`:
    /// Orkestra's page is framed by any merchant's checkout).
    pub frame_ancestors: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("address", &self.address)
            .field("database", &self.database)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("webhook_url", &self.webhook_url)
            .field("public_url", &self.public_url)
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
            expiry_overrides: Vec::new(),
            slow_response: Duration::from_millis(1500),
            public_url: None,
            payout_webhook_url: None,
            refund_webhook_url: None,
            refund_settle_after: Duration::from_secs(2),
            payout_settle_after: Duration::from_secs(2),
            frame_ancestors: "*".into(),
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
            expiry_overrides: parse_expiry_overrides(&var("SANDBOX_EXPIRY_SECONDS", ""))
                .context("SANDBOX_EXPIRY_SECONDS must look like BOLETO=60,NEQUI=30")?,
            slow_response: Duration::from_millis(
                var("SANDBOX_SLOW_RESPONSE_MS", "12000")
                    .parse()
                    .context("SANDBOX_SLOW_RESPONSE_MS")?,
            ),
            public_url: std::env::var("SANDBOX_PUBLIC_URL")
                .ok()
                .map(|s| s.trim_end_matches('/').to_owned())
                .filter(|s| !s.is_empty()),
            payout_webhook_url: std::env::var("SANDBOX_PAYOUT_WEBHOOK_URL")
                .ok()
                .filter(|s| !s.is_empty()),
            refund_webhook_url: std::env::var("SANDBOX_REFUND_WEBHOOK_URL")
                .ok()
                .filter(|s| !s.is_empty()),
            refund_settle_after: Duration::from_secs(
                var("SANDBOX_REFUND_SETTLE_SECONDS", "2")
                    .parse()
                    .context("SANDBOX_REFUND_SETTLE_SECONDS")?,
            ),
            payout_settle_after: Duration::from_secs(
                var("SANDBOX_PAYOUT_SETTLE_SECONDS", "2")
                    .parse()
                    .context("SANDBOX_PAYOUT_SETTLE_SECONDS")?,
            ),
            frame_ancestors: frame_ancestors(&var("SANDBOX_FRAME_ANCESTORS", "*"))?,
        })
    }
}

impl Config {
    /// The configured lifetime of `method` (a wire name), if any.
    pub fn expiry_override(&self, method: &str) -> Option<Duration> {
        self.expiry_overrides
            .iter()
            .find(|(name, _)| name == method)
            .map(|(_, after)| *after)
    }
}

/// CSP `frame-ancestors` sources, space-separated (`*`, `'self'`, `'none'`,
/// `https://shop.example`, `https://*.shop.example`…): nothing that could end the
/// directive or the header, and at least one.
fn frame_ancestors(text: &str) -> anyhow::Result<String> {
    let sources: Vec<&str> = text.split_whitespace().collect();
    let bad = |s: &&str| {
        s.bytes()
            .any(|b| !b.is_ascii_graphic() || matches!(b, b';' | b',' | b'"'))
    };
    if sources.is_empty() || sources.iter().any(bad) {
        anyhow::bail!(
            "SANDBOX_FRAME_ANCESTORS: CSP frame-ancestors sources separated by spaces, e.g. \
             `*` or `'self' https://shop.example`, not {text:?}"
        );
    }
    Ok(sources.join(" "))
}

/// `BOLETO=60,NEQUI=30` → [("BOLETO", 60 s), ("NEQUI", 30 s)]; empty → none.
fn parse_expiry_overrides(text: &str) -> anyhow::Result<Vec<(String, Duration)>> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (method, seconds) = part
                .split_once('=')
                .with_context(|| format!("{part}: METHOD=seconds"))?;
            let seconds: u64 = seconds
                .trim()
                .parse()
                .with_context(|| format!("{part}: seconds"))?;
            Ok((method.trim().to_owned(), Duration::from_secs(seconds)))
        })
        .collect()
}

#[cfg(test)]
mod expiry_tests {
    use super::*;

    #[test]
    fn expiry_overrides_read_method_equals_seconds_pairs() {
        let parsed = parse_expiry_overrides(" BOLETO=60, NEQUI = 30 ,").unwrap();
        assert_eq!(
            parsed,
            [
                ("BOLETO".to_owned(), Duration::from_secs(60)),
                ("NEQUI".to_owned(), Duration::from_secs(30))
            ]
        );
        assert!(parse_expiry_overrides("").unwrap().is_empty());
        assert!(parse_expiry_overrides("BOLETO").is_err());
        assert!(parse_expiry_overrides("BOLETO=soon").is_err());
    }

    #[test]
    fn frame_ancestors_are_csp_sources_and_nothing_that_ends_the_directive() {
        assert_eq!(frame_ancestors(" * ").unwrap(), "*");
        assert_eq!(
            frame_ancestors("'self'   https://shop.example").unwrap(),
            "'self' https://shop.example"
        );
        for bad in [
            "",
            "  ",
            "* ; script-src *",
            "https://a.example,https://b.example",
        ] {
            assert!(frame_ancestors(bad).is_err(), "{bad}");
        }
    }
}
