//! Storage: sessions, their transactions, and the merchant webhook outbox, in SQLite (one
//! file, one replica) or PostgreSQL (`DATABASE_URL`: any number of replicas on one database).
//! Card numbers, CVVs and documents are never stored: only masked forms.
//!
//! Both backends go through [`sqlx::AnyPool`] rather than an enum over a `SqlitePool` and a
//! `PgPool`: every query is written once, with `$1, $2…` placeholders, which PostgreSQL
//! takes natively and sqlx-sqlite binds as the N-th argument, and rows hold only what `Any`
//! carries (i64, String, Option). An enum would need each query twice or generic executors
//! everywhere. The few statements that really differ (the schema, `FOR UPDATE SKIP LOCKED`,
//! `pg_notify`) branch on [`crate::config::Backend`]. New queries: `$N` placeholders (a `?`
//! works on SQLite only), and BIGINT for PostgreSQL's i64 columns.

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::any::{AnyExecutor, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool};

use crate::config::Config;

/// One schema for both databases. 64-bit integers are BIGINT, which PostgreSQL needs for
/// `Any` to read them as i64 and SQLite takes as INTEGER (any type naming "INT" has integer
/// affinity), so the same text creates the same tables on either.
const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    merchant_order_id TEXT NOT NULL UNIQUE,
    request_json TEXT NOT NULL,
    country TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    locale TEXT,
    embed_origins TEXT NOT NULL,
    webhook_url TEXT,
    status TEXT NOT NULL,
    orkestra_order_id TEXT,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS transactions (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    method TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    status TEXT NOT NULL,
    orkestra_id TEXT,
    payer_name TEXT NOT NULL,
    payer_document_type TEXT NOT NULL,
    payer_document_masked TEXT NOT NULL,
    payer_email_masked TEXT NOT NULL,
    next_action TEXT,
    failure_code TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    charge_id TEXT,
    auto_refund TEXT,
    refund_id TEXT,
    reconcile_tries BIGINT,
    reconcile_at BIGINT,
    UNIQUE (session_id, idempotency_key)
);
-- One row per payer of a session (an order): its share, its own page token. The first
-- charge's token is the session's.
CREATE TABLE IF NOT EXISTS charges (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    position BIGINT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    amount_minor BIGINT NOT NULL,
    reference TEXT,
    customer_json TEXT,
    status TEXT NOT NULL,
    orkestra_charge_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (session_id, position)
);
CREATE INDEX IF NOT EXISTS sessions_orkestra_order ON sessions (orkestra_order_id);
CREATE TABLE IF NOT EXISTS merchant_outbox (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS merchant_outbox_due ON merchant_outbox (delivered_at, next_attempt_at);
-- Each wallet one-time code sent, by the Idempotency-Key it came with: a retry gets the
-- outcome (`accepted`, `wrong_code`) instead of sending the code again; `sending` while
-- it is out. The code itself is kept only as a keyed hash.
CREATE TABLE IF NOT EXISTS otp_submissions (
    transaction_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (transaction_id, idempotency_key)
);
-- The latest status Orkestra announced for each refund and payout (`kind` says which), so
-- a notification delivered again, or a stale one arriving late, forwards no second webhook.
CREATE TABLE IF NOT EXISTS upstream_statuses (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);
"#;

/// Brings a database made by an earlier version up to [`SCHEMA`] (idempotent; run at every
/// start after it): the columns of split payments, one charge per session for sessions
/// made before charges existed, and the indexes on the new columns. The columns
/// themselves are [`NEW_COLUMNS`], added before this runs.
const MIGRATE: &str = r#"
DROP INDEX IF EXISTS one_active_transaction;
CREATE INDEX IF NOT EXISTS transactions_charge ON transactions (charge_id);
CREATE INDEX IF NOT EXISTS transactions_auto_refund ON transactions (auto_refund);
-- The reconciler's scan: attempts still `creating`, oldest first.
CREATE INDEX IF NOT EXISTS transactions_creating ON transactions (updated_at) WHERE status = 'creating';
-- A second card leg cannot start while one is in flight (the session lock orders the
-- other rules: no async leg during a card leg, legs within the charge's amount).
CREATE UNIQUE INDEX IF NOT EXISTS one_card_leg_in_flight
    ON transactions (charge_id) WHERE status IN ('creating', 'pending') AND method = 'CARD';
INSERT INTO charges (id, session_id, position, token, amount_minor, status, created_at, updated_at)
    SELECT 'ch_' || s.id, s.id, 0, s.token, s.amount_minor, s.status, s.created_at, s.updated_at
    FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM charges c WHERE c.session_id = s.id);
UPDATE transactions SET charge_id = (
    SELECT c.id FROM charges c WHERE c.session_id = transactions.session_id AND c.position = 0)
    WHERE charge_id IS NULL;
"#;

const NEW_COLUMNS: [(&str, &str); 5] = [
    ("charge_id", "TEXT"),
    ("auto_refund", "TEXT"),
    ("refund_id", "TEXT"),
    ("reconcile_tries", "BIGINT"),
    ("reconcile_at", "BIGINT"),
];

/// Serialises schema creation when several replicas start at once (concurrent `CREATE …
/// IF NOT EXISTS` of one table can fail on PostgreSQL). Any constant works; this is "orkestra".
const SCHEMA_LOCK: i64 = 0x6f72_6b65_7374_7261;

/// Opens the database the configuration names and creates the schema when missing.
pub async fn connect(config: &Config) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    match &config.database_url {
        Some(url) => {
            let url = url.expose_secret();
            // Where we connect, for the log: never the URL itself, which holds the password.
            let target = url
                .parse::<sqlx::postgres::PgConnectOptions>()
                .map(|o| {
                    let database = o.get_database().unwrap_or_default().to_owned();
                    format!("{}:{}/{database}", o.get_host(), o.get_port())
                })
                .context("DATABASE_URL is not a valid PostgreSQL URL")?;
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .connect(url)
                .await
                .with_context(|| format!("connecting to PostgreSQL at {target} (DATABASE_URL)"))?;
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(SCHEMA_LOCK)
                .execute(&mut *tx)
                .await?;
            sqlx::raw_sql(SCHEMA)
                .execute(&mut *tx)
                .await
                .context("creating the schema")?;
            for (column, kind) in NEW_COLUMNS {
                sqlx::raw_sql(&format!(
                    "ALTER TABLE transactions ADD COLUMN IF NOT EXISTS {column} {kind}"
                ))
                .execute(&mut *tx)
                .await
                .context("migrating the schema")?;
            }
            sqlx::raw_sql(MIGRATE)
                .execute(&mut *tx)
                .await
                .context("migrating the schema")?;
            tx.commit().await?;
            tracing::info!(%target, "storage: PostgreSQL");
            Ok(pool)
        }
        None => {
            // server-kit creates the file, turns on WAL (which the file keeps) and applies the
            // schema; `Any` then opens the same file by URL, the only way it takes options
            // (sqlx's defaults are the ones we want: a 5 s busy timeout, foreign keys on).
            //
            // The migration runs on that one connection, before the pool opens any: a pool
            // connection that loaded the schema between two `ALTER TABLE`s would prepare
            // `SELECT *` with the old column count, SQLite re-prepares it with the new one on
            // its first step, and sqlx reads past the metadata it kept (a worker panic).
            let path = &config.database;
            let setup = server_kit::open_sqlite(path, SCHEMA, 1).await?;
            migrate_sqlite(&setup).await?;
            setup.close().await;
            let absolute = std::fs::canonicalize(path)
                .with_context(|| format!("opening the database {path}"))?;
            let escaped = absolute
                .to_string_lossy()
                .replace('%', "%25")
                .replace('?', "%3F")
                .replace('#', "%23");
            let pool = AnyPoolOptions::new()
                .max_connections(8)
                .connect(&format!("sqlite://{escaped}"))
                .await
                .with_context(|| format!("opening the database {path}"))?;
            tracing::info!(path = %absolute.display(), "storage: SQLite");
            Ok(pool)
        }
    }
}

/// Adds the [`NEW_COLUMNS`] a SQLite file lacks, then runs [`MIGRATE`], on `setup` (the one
/// connection `connect` opens before its pool). Idempotent.
async fn migrate_sqlite(setup: &sqlx::SqlitePool) -> anyhow::Result<()> {
    // SQLite has no `ADD COLUMN IF NOT EXISTS`: read the table's columns once and add the
    // missing ones (a failed probe query per column would also take a locked or unreadable
    // file for a missing column).
    let present: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('transactions')")
            .fetch_all(setup)
            .await
            .context("reading the schema")?;
    for (column, kind) in NEW_COLUMNS {
        if !present.iter().any(|name| name == column) {
            sqlx::raw_sql(&format!(
                "ALTER TABLE transactions ADD COLUMN {column} {kind}"
            ))
            .execute(setup)
            .await
            .context("migrating the schema")?;
        }
    }
    sqlx::raw_sql(MIGRATE)
        .execute(setup)
        .await
        .context("migrating the schema")?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub token: String,
    pub merchant_order_id: String,
    pub request_json: String,
    pub country: String,
    pub currency: String,
    pub amount_minor: i64,
    pub locale: Option<String>,
    pub embed_origins: String,
    pub webhook_url: Option<String>,
    pub status: String,
    pub orkestra_order_id: Option<String>,
    pub expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Every column (`SELECT *`), also those only SQL reads.
#[allow(dead_code)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TransactionRow {
    pub id: String,
    pub session_id: String,
    pub idempotency_key: String,
    pub request_hash: String,
    pub method: String,
    pub amount_minor: i64,
    pub status: String,
    pub orkestra_id: Option<String>,
    pub payer_name: String,
    pub payer_document_type: String,
    pub payer_document_masked: String,
    pub payer_email_masked: String,
    pub next_action: Option<String>,
    pub failure_code: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub charge_id: Option<String>,
    /// For a paid leg of a charge that ended partly paid: `pending` (to ask Orkestra),
    /// `requested`, `refunded`, `failed`, or `manual` (needs the payer's bank details).
    pub auto_refund: Option<String>,
    /// Orkestra's refund of this leg, once asked.
    pub refund_id: Option<String>,
    /// How often the reconciler has looked this attempt up, and when it may look again.
    pub reconcile_tries: Option<i64>,
    pub reconcile_at: Option<i64>,
}

/// Every column (`SELECT *`), also those only SQL reads.
#[allow(dead_code)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChargeRow {
    pub id: String,
    pub session_id: String,
    pub position: i64,
    pub token: String,
    pub amount_minor: i64,
    pub reference: Option<String>,
    pub customer_json: Option<String>,
    pub status: String,
    pub orkestra_charge_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn charges_of<'e>(
    db: impl AnyExecutor<'e>,
    session_id: &str,
) -> sqlx::Result<Vec<ChargeRow>> {
    sqlx::query_as("SELECT * FROM charges WHERE session_id = $1 ORDER BY position")
        .bind(session_id)
        .fetch_all(db)
        .await
}

/// The session and the charge a page token opens (any charge's token, the first one's
/// being the session's).
pub async fn by_token(db: &AnyPool, token: &str) -> sqlx::Result<Option<(SessionRow, ChargeRow)>> {
    let Some(charge) = charge_by_token(db, token).await? else {
        return Ok(None);
    };
    Ok(session_by_id(db, &charge.session_id)
        .await?
        .map(|session| (session, charge)))
}

pub async fn charge_by_token<'e>(
    db: impl AnyExecutor<'e>,
    token: &str,
) -> sqlx::Result<Option<ChargeRow>> {
    sqlx::query_as("SELECT * FROM charges WHERE token = $1")
        .bind(token)
        .fetch_optional(db)
        .await
}

pub async fn session_by_id<'e>(
    db: impl AnyExecutor<'e>,
    id: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("SELECT * FROM sessions WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn session_by_merchant_order_id<'e>(
    db: impl AnyExecutor<'e>,
    id: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("SELECT * FROM sessions WHERE merchant_order_id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn session_by_orkestra_order<'e>(
    db: impl AnyExecutor<'e>,
    id: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("SELECT * FROM sessions WHERE orkestra_order_id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn transactions_of<'e>(
    db: impl AnyExecutor<'e>,
    session_id: &str,
) -> sqlx::Result<Vec<TransactionRow>> {
    sqlx::query_as("SELECT * FROM transactions WHERE session_id = $1 ORDER BY created_at, id")
        .bind(session_id)
        .fetch_all(db)
        .await
}

/// Transactions newest first, optionally of one session and in one status, created before
/// the transaction `before` (keyset pagination on (created_at, id)).
pub async fn list_transactions(
    db: &AnyPool,
    session_id: Option<&str>,
    status: Option<&str>,
    before: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<TransactionRow>> {
    let cursor: Option<(i64, String)> = match before {
        Some(id) => {
            sqlx::query_as("SELECT created_at, id FROM transactions WHERE id = $1")
                .bind(id)
                .fetch_optional(db)
                .await?
        }
        None => None,
    };
    let (cursor_at, cursor_id) = cursor.unwrap_or((i64::MAX, String::new()));
    sqlx::query_as(
        "SELECT * FROM transactions WHERE ($1 IS NULL OR session_id = $2) AND ($3 IS NULL OR status = $4) \
         AND (created_at < $5 OR (created_at = $6 AND id < $7) OR $8 = '') \
         ORDER BY created_at DESC, id DESC LIMIT $9",
    )
    .bind(session_id)
    .bind(session_id)
    .bind(status)
    .bind(status)
    .bind(cursor_at)
    .bind(cursor_at)
    .bind(&cursor_id)
    .bind(&cursor_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// A transaction by our id, with its session.
pub async fn transaction_with_session(
    db: &AnyPool,
    tx_id: &str,
) -> sqlx::Result<Option<(SessionRow, TransactionRow)>> {
    let tx: Option<TransactionRow> = sqlx::query_as("SELECT * FROM transactions WHERE id = $1")
        .bind(tx_id)
        .fetch_optional(db)
        .await?;
    with_session(db, tx).await
}

/// A transaction by Orkestra's id, with its session.
pub async fn transaction_by_orkestra_id(
    db: &AnyPool,
    orkestra_id: &str,
) -> sqlx::Result<Option<(SessionRow, TransactionRow)>> {
    let tx: Option<TransactionRow> =
        sqlx::query_as("SELECT * FROM transactions WHERE orkestra_id = $1")
            .bind(orkestra_id)
            .fetch_optional(db)
            .await?;
    with_session(db, tx).await
}

async fn with_session(
    db: &AnyPool,
    tx: Option<TransactionRow>,
) -> sqlx::Result<Option<(SessionRow, TransactionRow)>> {
    let Some(tx) = tx else { return Ok(None) };
    Ok(session_by_id(db, &tx.session_id).await?.map(|s| (s, tx)))
}

pub async fn transaction_by_key<'e>(
    db: impl AnyExecutor<'e>,
    session_id: &str,
    key: &str,
) -> sqlx::Result<Option<TransactionRow>> {
    sqlx::query_as("SELECT * FROM transactions WHERE session_id = $1 AND idempotency_key = $2")
        .bind(session_id)
        .bind(key)
        .fetch_optional(db)
        .await
}

/// The tables whose rows carry a status.
#[derive(Debug, Clone, Copy)]
pub enum Statused {
    Sessions,
    Charges,
}

pub async fn set_status<'e>(
    db: impl AnyExecutor<'e>,
    table: Statused,
    id: &str,
    status: &str,
    now: i64,
) -> sqlx::Result<()> {
    let sql = match table {
        Statused::Sessions => "UPDATE sessions SET status = $1, updated_at = $2 WHERE id = $3",
        Statused::Charges => "UPDATE charges SET status = $1, updated_at = $2 WHERE id = $3",
    };
    sqlx::query(sql)
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(db)
        .await
        .map(drop)
}

pub async fn set_charge_status(
    conn: &mut AnyConnection,
    charge: &ChargeRow,
    status: &str,
    now: i64,
) -> sqlx::Result<()> {
    set_status(conn, Statused::Charges, &charge.id, status, now).await
}

/// Records that Orkestra announced `status` for the refund or payout `id` (`kind`
/// `refund` or `payout`). False when that was no news: the same status again (a
/// redelivery) or `pending` after a final status (a stale copy arriving late), whose
/// webhook to the merchant went out the first time. Statuses other than `pending` are
/// final. In the caller's transaction, with the webhook it queues, so concurrent copies
/// (on several replicas) forward one.
pub async fn record_upstream_status(
    conn: &mut AnyConnection,
    kind: &str,
    id: &str,
    status: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let applied = sqlx::query(
        "INSERT INTO upstream_statuses (kind, id, status, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind, id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at \
         WHERE upstream_statuses.status = 'pending' AND excluded.status <> 'pending'",
    )
    .bind(kind)
    .bind(id)
    .bind(status)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(applied.rows_affected() > 0)
}

/// Locks a session's row until the transaction ends and returns its latest committed state.
/// Every change to a session (its transactions, its status, its webhooks) starts with this,
/// so changes made by different replicas apply one after the other and each derives the
/// status from what the one before committed. The no-op `UPDATE` takes a row lock on
/// PostgreSQL and the write lock on SQLite (where it also makes the transaction a writer
/// from its first statement, so it waits its turn instead of failing on upgrade).
pub async fn lock_session(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("UPDATE sessions SET updated_at = updated_at WHERE id = $1 RETURNING *")
        .bind(id)
        .fetch_optional(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file made before split payments (no charge columns, no charges) opens, twice, with
    /// every column and one charge per session that its transactions point to.
    #[tokio::test]
    async fn an_old_sqlite_file_is_migrated_once_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let path = path.to_str().unwrap();
        let mut old = SCHEMA.to_owned();
        for (column, kind) in NEW_COLUMNS {
            let line = format!("    {column} {kind},\n");
            assert!(old.contains(&line), "{column} is in SCHEMA");
            old = old.replace(&line, "");
        }
        let charges = old.find("-- One row per payer").unwrap();
        let index = old
            .find("CREATE INDEX IF NOT EXISTS sessions_orkestra_order")
            .unwrap();
        old.replace_range(charges..index, "");
        let pool = server_kit::open_sqlite(path, &old, 1).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO sessions VALUES ('cs_1', 'tok_1', 'order-1', '{}', 'BR', 'BRL', 10000, \
             NULL, '[]', NULL, 'open', NULL, 9, 1, 1);
             INSERT INTO transactions (id, session_id, idempotency_key, request_hash, method, \
             amount_minor, status, payer_name, payer_document_type, payer_document_masked, \
             payer_email_masked, created_at, updated_at) VALUES ('tx_1', 'cs_1', 'k', 'h', \
             'PIX', 10000, 'pending', 'Ana', 'CPF', '***', 'a***', 1, 1);",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        for _ in 0..2 {
            let setup = server_kit::open_sqlite(path, SCHEMA, 1).await.unwrap();
            migrate_sqlite(&setup).await.unwrap();
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info('transactions')")
                    .fetch_all(&setup)
                    .await
                    .unwrap();
            for (column, _) in NEW_COLUMNS {
                assert!(columns.iter().any(|c| c == column), "{column} added");
            }
            let charges: Vec<(String, String, i64)> =
                sqlx::query_as("SELECT id, token, amount_minor FROM charges")
                    .fetch_all(&setup)
                    .await
                    .unwrap();
            assert_eq!(charges, [("ch_cs_1".to_owned(), "tok_1".to_owned(), 10000)]);
            let charge: Option<String> =
                sqlx::query_scalar("SELECT charge_id FROM transactions WHERE id = 'tx_1'")
                    .fetch_one(&setup)
                    .await
                    .unwrap();
            assert_eq!(charge.as_deref(), Some("ch_cs_1"));
            setup.close().await;
        }
    }
}
