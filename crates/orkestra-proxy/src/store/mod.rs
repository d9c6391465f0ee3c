//! Storage, the only module with SQL: sessions, their charges and legs, the merchant
//! webhook outbox, one-time code submissions and the refund and payout statuses Orkestra
//! announced. SQLite (one file, one replica) or PostgreSQL (`DATABASE_URL`: any number of
//! replicas on one database). Card numbers, CVVs and documents are never stored.
//!
//! Every query is a named function returning domain types ([`crate::model`]); rows are
//! read into them once ([`rows`]). Reads go through [`Store`]; every change is one unit of
//! work ([`Store::write`]): a closure run in one database transaction, committed, then
//! announced to the pages watching the sessions it touched ([`hub`]).
//!
//! Both backends go through [`sqlx::AnyPool`], so every query is written once with `$N`
//! placeholders (PostgreSQL's own; sqlx-sqlite binds them by number) and reads only what
//! `Any` carries (i64, String, Option). The few statements that really differ (`FOR
//! UPDATE SKIP LOCKED`, `pg_notify`) branch on [`Backend`]; the schema is per backend
//! (`migrations/`, see [`migrate`]). New queries: `$N` placeholders, BIGINT for integers.

mod change;
pub mod figures;
pub mod hub;
pub mod legs;
pub mod migrate;
pub mod new_sessions;
pub mod notices;
pub mod otp;
pub mod outbox;
pub mod probe;
mod rows;
pub mod sessions;
mod settings;
mod writer;

use std::sync::Arc;

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection};
use tokio::sync::Notify;

pub use crate::config::Backend;
use crate::config::Config;
pub use change::{Change, CHANNEL};
pub use hub::Hub;

/// Why a query failed: the database, or a row that does not read as what it should hold.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("corrupt row: {table} {id}, column {column}: {problem}")]
    Corrupt {
        table: &'static str,
        id: String,
        column: &'static str,
        problem: String,
    },
    /// A row the unit of work expected (it locked or just wrote it) is not there.
    #[error("{0} not found")]
    Missing(&'static str),
    /// The unit of work was lost before it committed (the task running it panicked).
    #[error("the unit of work did not finish: {0}")]
    Aborted(String),
}

impl StoreError {
    /// Whether the database refused a write for a unique constraint (a concurrent insert
    /// of the same key).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Db(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

/// Where a PostgreSQL URL points, for logs and messages: `host:port/database`, never the
/// URL itself (it holds a password).
fn postgres_target(url: &str) -> anyhow::Result<String> {
    url.parse::<sqlx::postgres::PgConnectOptions>()
        .map(|o| {
            let database = o.get_database().unwrap_or_default().to_owned();
            format!("{}:{}/{database}", o.get_host(), o.get_port())
        })
        .context("DATABASE_URL is not a valid PostgreSQL URL")
}

/// The configured database's `Any` URL, and where it is for logs and messages. A missing
/// SQLite file is made (WAL on) when `create`, an error otherwise.
async fn locate(config: &Config, create: bool) -> anyhow::Result<(String, String)> {
    if let Some(url) = &config.database_url {
        let url = url.expose_secret().to_owned();
        let target = postgres_target(&url)?;
        return Ok((url, target));
    }
    let path = &config.database;
    if create {
        // server-kit creates the file and turns on WAL, which the file keeps; `Any` then
        // opens it by URL (sqlx's defaults: a 5 s busy timeout, foreign keys on,
        // synchronous FULL, so a commit is on disk when it returns).
        server_kit::open_sqlite(path, "", 1).await?.close().await;
    } else if !std::path::Path::new(path).is_file() {
        anyhow::bail!("no database file at {path}");
    }
    let absolute =
        std::fs::canonicalize(path).with_context(|| format!("opening the database {path}"))?;
    Ok((sqlite_url(&absolute), absolute.display().to_string()))
}

/// The `Any` URL of a SQLite file at an absolute path, its URL-special characters escaped.
fn sqlite_url(absolute: &std::path::Path) -> String {
    let escaped = absolute
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    format!("sqlite://{escaped}")
}

/// The database, shared by every request and worker of this replica.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite's one writer; `None` on PostgreSQL, where each change has a transaction.
    writer: Option<writer::Writer>,
    hub: Hub,
    /// Wakes this replica's webhook delivery when a unit of work queued an event.
    outbox: Arc<Notify>,
}

impl Store {
    /// Where a page of a list that continues after `before` starts: that row's
    /// `(created_at, id)`, or past the newest row for the first page (and for an id
    /// that names no row, which so lists from the start rather than nothing).
    async fn page_cursor(
        &self,
        table: &'static str,
        before: Option<&str>,
    ) -> Result<(i64, String), StoreError> {
        let Some(id) = before else {
            return Ok((i64::MAX, String::new()));
        };
        let row: Option<(i64, String)> =
            sqlx::query_as(&format!("SELECT created_at, id FROM {table} WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.unwrap_or((i64::MAX, String::new())))
    }

    /// Opens the database the configuration names, creating it when missing, and brings
    /// its schema to the latest version.
    pub async fn connect(config: &Config, hub: Hub) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = config.backend();
        let (url, target) = locate(config, true).await?;
        // Migrations run on one connection of their own, before the pool opens any: a
        // pool connection that prepared a statement against the old schema would read the
        // new one with the old column count.
        let mut setup = AnyConnection::connect(&url)
            .await
            .with_context(|| format!("opening the database {target}"))?;
        migrate::run(&mut setup, backend)
            .await
            .with_context(|| format!("migrating the database {target}"))?;
        setup.close().await?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .connect(&url)
            .await
            .with_context(|| format!("opening the database {target}"))?;
        let outbox = Arc::new(Notify::new());
        let writer = match backend {
            Backend::Sqlite => Some(
                writer::Writer::start(&url, hub.clone(), outbox.clone())
                    .await
                    .with_context(|| format!("opening the database {target}"))?,
            ),
            Backend::Postgres => None,
        };
        tracing::info!(database = %target, backend = ?backend, "storage ready");
        Ok(Store {
            pool,
            backend,
            writer,
            hub,
            outbox,
        })
    }

    /// A transaction whose reads all see one moment. SQLite's do (a read transaction in
    /// WAL mode reads one snapshot); PostgreSQL's default (read committed) gives each
    /// statement its own, so a session read before a change committed and its legs read
    /// after would disagree.
    pub(crate) async fn snapshot(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// Resolves when a unit of work queued a merchant webhook on this replica.
    pub async fn outbox_queued(&self) {
        self.outbox.notified().await
    }
}
