//! The proxy's settings, from the environment (see the README). Secrets are
//! [`SecretString`]s: they print as `[REDACTED]` and are exposed only where they are used.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use orkestra_core::api::orkestra::AmountUnits;
use orkestra_core::methods::CardCapture;
use secrecy::SecretString;

use crate::requests::TrustedProxies;

#[derive(Debug, Clone)]
pub struct Config {
    pub address: String,
    /// The origin payers reach the proxy at; hosted-page URLs are built from it.
    pub public_url: String,
    /// SQLite file (created when missing), unless `database_url` is set.
    pub database: String,
    /// `DATABASE_URL`: a `postgres://` URL. Set, it replaces the SQLite file, and any number
    /// of replicas can share the database. A secret: it usually holds a password.
    pub database_url: Option<SecretString>,
    /// The built page (trunk's `dist/`): `index.html` and `/assets/*`.
    pub assets_dir: PathBuf,
    pub merchant_name: String,
    /// The merchant API's keys (see [`MerchantKeys`]).
    pub merchant_keys: MerchantKeys,
    /// `PROXY_WEBHOOK_SIGNING_SECRET`: signs the webhooks and the hosted page's way back.
    /// Unset, the proxy makes one, keeps it in its database (every replica signs alike)
    /// and shows it to the full merchant key (`GET /v1/webhook-signing-secret`).
    pub webhook_signing_secret: Option<SecretString>,
    /// `PROXY_WEBHOOK_SIGNING_SECRET_PREVIOUS`: during a rotation, the secret being
    /// retired; webhooks then carry a `v1=` signature for each.
    pub webhook_signing_secret_previous: Option<SecretString>,
    /// `PROXY_TRUSTED_PROXIES`: the load balancers whose `X-Forwarded-For`, `Forwarded` and
    /// `X-Request-Id` are believed.
    pub trusted_proxies: TrustedProxies,
    /// API requests a client IP may make per minute.
    pub rate_limit_per_ip: u32,
    /// Payment submits one session may make per minute (retries and double clicks included).
    pub rate_limit_submits_per_session: u32,
    /// `PROXY_WEBHOOK_DEAD_AFTER_HOURS` (72): how long a webhook is retried before it is
    /// given up on (dead; the events API resends it).
    pub webhook_dead_after: Duration,
    /// Where payout notifications are forwarded (payouts belong to no session).
    pub payout_webhook_url: Option<String>,
    /// `PROXY_METRICS_TOKEN`: when set, `GET /metrics` asks for it as a Bearer token.
    /// Unset, `/metrics` is open: keep it off the public internet (docs/operations.md).
    pub metrics_token: Option<SecretString>,
    /// `PROXY_CARD_CAPTURE` (`orkestra`): where payers type cards in sessions that do not
    /// say (`cardCapture`). `orkestra` keeps card data off the merchant's systems;
    /// `direct` is for merchants validated for PCI DSS SAQ D (docs/security.md).
    pub card_capture: CardCapture,
    pub orkestra: OrkestraConfig,
    pub reconcile: ReconcileConfig,
}

/// The merchant API's keys. A full key may do everything; a restricted key only create
/// and read checkout sessions (for a storefront server that should not refund or pay
/// out). Each may have a previous value still valid during a rotation.
#[derive(Debug, Clone)]
pub struct MerchantKeys {
    /// `ORKESTRA_MERCHANT_SECRET` and `ORKESTRA_MERCHANT_SECRET_PREVIOUS`.
    pub full: Vec<SecretString>,
    /// `ORKESTRA_MERCHANT_RESTRICTED_SECRETS`: comma-separated.
    pub restricted: Vec<SecretString>,
}

impl MerchantKeys {
    /// One full key (tests, tools).
    pub fn full(key: impl Into<String>) -> MerchantKeys {
        MerchantKeys {
            full: vec![SecretString::from(key.into())],
            restricted: Vec::new(),
        }
    }
}

/// When the reconciler asks Orkestra about attempts left `creating` (see `reconcile`).
#[derive(Debug, Clone)]
pub struct ReconcileConfig {
    /// `PROXY_RECONCILE_AFTER_MS`: an attempt untouched this long is looked up. Must exceed
    /// the longest a submit can spend calling Orkestra (checked at start), or a request
    /// still on its way could be declared lost.
    pub after: Duration,
    /// `PROXY_RECONCILE_INTERVAL_MS`: how often the reconciler looks for such attempts.
    pub interval: Duration,
    /// `PROXY_RECONCILE_MAX_BACKOFF_MS`: the longest wait between two lookups of one attempt
    /// while Orkestra cannot answer (the wait doubles from `after`).
    pub max_backoff: Duration,
}

impl Default for ReconcileConfig {
    fn default() -> Self {
        ReconcileConfig {
            after: Duration::from_secs(120),
            interval: Duration::from_secs(5),
            max_backoff: Duration::from_secs(600),
        }
    }
}

impl Config {
    /// Refuses a reconcile age shorter than a submit's calls to Orkestra can last: at most
    /// three calls (order, its charges, the transaction), each with its retries.
    pub fn check(&self) -> anyhow::Result<()> {
        let o = &self.orkestra;
        let backoff: u64 = (1..=o.retries.min(16)).map(|k| 200u64 << k).sum();
        let call = o.timeout * (o.retries + 1) + Duration::from_millis(backoff);
        if self.reconcile.after <= call * 3 {
            bail!(
                "PROXY_RECONCILE_AFTER_MS ({} ms) must exceed three Orkestra calls with their retries ({} ms)",
                self.reconcile.after.as_millis(),
                (call * 3).as_millis()
            );
        }
        Ok(())
    }
}

/// Everything about the upstream API, so the proxy can point at the real Orkestra.
#[derive(Debug, Clone)]
pub struct OrkestraConfig {
    pub base_url: String,
    /// `ORKESTRA_PAGE_ORIGIN` (the origin of `ORKESTRA_API_URL`): where Orkestra's payment
    /// page is served. The only origin our page frames (the CSP's `frame-src`), and a
    /// payment page URL Orkestra answers with on any other origin is refused.
    pub page_origin: String,
    pub username: String,
    pub password: SecretString,
    /// The Basic credentials Orkestra presents when it calls our webhook receiver.
    pub webhook_username: String,
    pub webhook_password: SecretString,
    pub amount_units: AmountUnits,
    pub paths: OrkestraPaths,
    pub timeout: Duration,
    /// Extra attempts for calls that are safe to repeat (idempotent by reference).
    pub retries: u32,
}

/// Where each Orkestra resource lives. The docs name no paths; these are the sandbox's
/// (see its README), each overridable with an `ORKESTRA_*_PATH` variable.
#[derive(Debug, Clone)]
pub struct OrkestraPaths {
    /// Orders; `{orders}/{id}/transactions` adds an attempt.
    pub orders: String,
    /// `{transactions}/{id}/otp` takes a wallet's one-time code.
    pub transactions: String,
    pub pse_banks: String,
    pub refunds: String,
    /// Payouts; `{payouts}/batch` takes several.
    pub payouts: String,
    /// Where an order is looked up by our reference (`{order_lookup}?{param}=…`, answering
    /// the order or 404): the reconciler's way to learn whether a create call that timed out
    /// arrived. Empty: no lookup, and such an attempt waits for Orkestra's notification.
    pub order_lookup: String,
    pub order_lookup_param: String,
}

impl Default for OrkestraPaths {
    fn default() -> Self {
        OrkestraPaths {
            orders: "/v1/orders".into(),
            transactions: "/v1/transactions".into(),
            pse_banks: "/v1/pse/banks".into(),
            refunds: "/v1/refunds".into(),
            payouts: "/v1/payouts".into(),
            order_lookup: "/v1/orders".into(),
            order_lookup_param: "merchantOrderId".into(),
        }
    }
}

impl OrkestraPaths {
    fn from_env() -> Self {
        let defaults = OrkestraPaths::default();
        let var = |name: &str, default: String| std::env::var(name).unwrap_or(default);
        OrkestraPaths {
            orders: var("ORKESTRA_ORDERS_PATH", defaults.orders),
            transactions: var("ORKESTRA_TRANSACTIONS_PATH", defaults.transactions),
            pse_banks: var("ORKESTRA_PSE_BANKS_PATH", defaults.pse_banks),
            refunds: var("ORKESTRA_REFUNDS_PATH", defaults.refunds),
            payouts: var("ORKESTRA_PAYOUTS_PATH", defaults.payouts),
            order_lookup: var("ORKESTRA_ORDER_LOOKUP_PATH", defaults.order_lookup),
            order_lookup_param: var("ORKESTRA_ORDER_LOOKUP_PARAM", defaults.order_lookup_param),
        }
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
        let secret = |name: &str| -> anyhow::Result<SecretString> {
            match std::env::var(name) {
                Ok(value) if !value.is_empty() => Ok(SecretString::from(value)),
                _ => bail!("{name} must be set"),
            }
        };
        let (username, password) = orkestra_credentials()?;
        let mut full = vec![secret("ORKESTRA_MERCHANT_SECRET")?];
        full.extend(secret("ORKESTRA_MERCHANT_SECRET_PREVIOUS").ok());
        let restricted = std::env::var("ORKESTRA_MERCHANT_RESTRICTED_SECRETS")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| SecretString::from(k.to_owned()))
            .collect();
        let units = var("ORKESTRA_AMOUNT_UNITS", "major");
        let capture = var("PROXY_CARD_CAPTURE", "orkestra");
        let base_url = var("ORKESTRA_API_URL", "http://127.0.0.1:8090")
            .trim_end_matches('/')
            .to_owned();
        let page_origin = match std::env::var("ORKESTRA_PAGE_ORIGIN") {
            Ok(origin) if !origin.is_empty() => origin,
            _ => base_url.clone(),
        };
        Ok(Config {
            address: var("PROXY_ADDR", "127.0.0.1:8080"),
            public_url: var("PROXY_PUBLIC_URL", "http://127.0.0.1:8080")
                .trim_end_matches('/')
                .to_owned(),
            database: var("PROXY_DATABASE", ".data/proxy.db"),
            database_url: database_url()?,
            assets_dir: PathBuf::from(var("PROXY_ASSETS_DIR", "dist")),
            merchant_name: var("PROXY_MERCHANT_NAME", "Orkestra Demo Shop"),
            merchant_keys: MerchantKeys { full, restricted },
            webhook_signing_secret: secret("PROXY_WEBHOOK_SIGNING_SECRET").ok(),
            metrics_token: secret("PROXY_METRICS_TOKEN").ok(),
            card_capture: CardCapture::parse(&capture).with_context(|| {
                format!("PROXY_CARD_CAPTURE must be orkestra or direct, not {capture}")
            })?,
            webhook_signing_secret_previous: secret("PROXY_WEBHOOK_SIGNING_SECRET_PREVIOUS").ok(),
            trusted_proxies: TrustedProxies::parse(&var("PROXY_TRUSTED_PROXIES", ""))
                .map_err(|why| anyhow::anyhow!("PROXY_TRUSTED_PROXIES: {why}"))?,
            rate_limit_per_ip: var("PROXY_RATE_LIMIT_PER_IP", "600")
                .parse()
                .context("PROXY_RATE_LIMIT_PER_IP")?,
            rate_limit_submits_per_session: var("PROXY_RATE_LIMIT_SUBMITS_PER_SESSION", "20")
                .parse()
                .context("PROXY_RATE_LIMIT_SUBMITS_PER_SESSION")?,
            webhook_dead_after: Duration::from_secs(
                var("PROXY_WEBHOOK_DEAD_AFTER_HOURS", "72")
                    .parse::<u64>()
                    .context("PROXY_WEBHOOK_DEAD_AFTER_HOURS")?
                    * 3600,
            ),
            payout_webhook_url: std::env::var("PROXY_PAYOUT_WEBHOOK_URL")
                .ok()
                .filter(|u| !u.is_empty()),
            orkestra: OrkestraConfig {
                page_origin: origin_of(&page_origin)
                    .with_context(|| format!("ORKESTRA_PAGE_ORIGIN: {page_origin}"))?,
                base_url,
                username,
                password,
                webhook_username: var("ORKESTRA_WEBHOOK_USERNAME", "orkestra-webhook"),
                webhook_password: secret("ORKESTRA_WEBHOOK_PASSWORD")?,
                amount_units: AmountUnits::parse(&units).with_context(|| {
                    format!("ORKESTRA_AMOUNT_UNITS must be major or minor, not {units}")
                })?,
                paths: OrkestraPaths::from_env(),
                timeout: Duration::from_millis(
                    var("ORKESTRA_TIMEOUT_MS", "10000")
                        .parse()
                        .context("ORKESTRA_TIMEOUT_MS")?,
                ),
                retries: var("ORKESTRA_RETRIES", "2")
                    .parse()
                    .context("ORKESTRA_RETRIES")?,
            },
            reconcile: ReconcileConfig {
                after: millis("PROXY_RECONCILE_AFTER_MS", "120000")?,
                interval: millis("PROXY_RECONCILE_INTERVAL_MS", "5000")?,
                max_backoff: millis("PROXY_RECONCILE_MAX_BACKOFF_MS", "600000")?,
            },
        })
    }
}

fn millis(name: &str, default: &str) -> anyhow::Result<Duration> {
    let value = std::env::var(name).unwrap_or_else(|_| default.into());
    Ok(Duration::from_millis(
        value.parse().context(name.to_owned())?,
    ))
}

/// Where the proxy keeps its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One file; one replica.
    Sqlite,
    /// Shared by every replica; status changes reach pages through LISTEN/NOTIFY.
    Postgres,
}

/// The origin (`scheme://host[:port]`) of an http(s) URL: what a CSP source and a frame's
/// `MessageEvent.origin` compare with.
pub fn origin_of(url: &str) -> anyhow::Result<String> {
    let parsed = reqwest::Url::parse(url).context("not a URL")?;
    let origin = parsed.origin();
    if !matches!(parsed.scheme(), "http" | "https") || !origin.is_tuple() {
        bail!("not an http(s) origin");
    }
    Ok(origin.ascii_serialization())
}

impl Config {
    pub fn backend(&self) -> Backend {
        match self.database_url {
            Some(_) => Backend::Postgres,
            None => Backend::Sqlite,
        }
    }
}

/// `DATABASE_URL`, when set, must name a PostgreSQL database (the SQLite file is
/// `PROXY_DATABASE`). The error never repeats the value: it may hold a password.
fn database_url() -> anyhow::Result<Option<SecretString>> {
    match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(Some(SecretString::from(url)))
        }
        Ok(url) if !url.is_empty() => bail!(
            "DATABASE_URL must be a postgres:// URL (for SQLite, unset it and set PROXY_DATABASE)"
        ),
        _ => Ok(None),
    }
}

/// The Orkestra API credentials: `ORKESTRA_USERNAME`/`ORKESTRA_PASSWORD`, or a file named by
/// `ORKESTRA_CREDENTIALS_FILE` holding `username:password` (e.g. a mounted secret).
fn orkestra_credentials() -> anyhow::Result<(String, SecretString)> {
    if let Ok(path) = std::env::var("ORKESTRA_CREDENTIALS_FILE") {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading ORKESTRA_CREDENTIALS_FILE {path}"))?;
        let (user, pass) = text
            .trim()
            .split_once(':')
            .context("ORKESTRA_CREDENTIALS_FILE must hold username:password")?;
        return Ok((user.to_owned(), SecretString::from(pass.to_owned())));
    }
    let user = std::env::var("ORKESTRA_USERNAME").unwrap_or_else(|_| "orkestra-dev".into());
    let pass = std::env::var("ORKESTRA_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
        .context("ORKESTRA_PASSWORD (or ORKESTRA_CREDENTIALS_FILE) must be set")?;
    Ok((user, SecretString::from(pass)))
}
