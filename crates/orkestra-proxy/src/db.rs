//! SQLite storage: sessions, their transactions, and the merchant webhook outbox.
//! Card numbers, CVVs and documents are never stored: only masked forms.

use sqlx::{SqliteExecutor, SqlitePool};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    merchant_order_id TEXT NOT NULL UNIQUE,
    request_json TEXT NOT NULL,
    country TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    locale TEXT,
    embed_origins TEXT NOT NULL,
    webhook_url TEXT,
    status TEXT NOT NULL,
    orkestra_order_id TEXT,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS transactions (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    method TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    status TEXT NOT NULL,
    orkestra_id TEXT,
    payer_name TEXT NOT NULL,
    payer_document_type TEXT NOT NULL,
    payer_document_masked TEXT NOT NULL,
    payer_email_masked TEXT NOT NULL,
    next_action TEXT,
    failure_code TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (session_id, idempotency_key)
);
-- At most one attempt in flight per session: a second tab or a double click with a fresh
-- key cannot start a second payment while the first is being created or is pending.
CREATE UNIQUE INDEX IF NOT EXISTS one_active_transaction
    ON transactions (session_id) WHERE status IN ('creating', 'pending');
CREATE TABLE IF NOT EXISTS merchant_outbox (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS merchant_outbox_due ON merchant_outbox (delivered_at, next_attempt_at);
"#;

pub async fn connect(path: &str) -> anyhow::Result<SqlitePool> {
    server_kit::open_sqlite(path, SCHEMA, 8).await
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
}

pub async fn session_by_id<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("SELECT * FROM sessions WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn session_by_token<'e>(
    db: impl SqliteExecutor<'e>,
    token: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("SELECT * FROM sessions WHERE token = ?")
        .bind(token)
        .fetch_optional(db)
        .await
}

pub async fn session_by_merchant_order_id<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("SELECT * FROM sessions WHERE merchant_order_id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn session_by_orkestra_order<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as("SELECT * FROM sessions WHERE orkestra_order_id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn transactions_of<'e>(
    db: impl SqliteExecutor<'e>,
    session_id: &str,
) -> sqlx::Result<Vec<TransactionRow>> {
    sqlx::query_as("SELECT * FROM transactions WHERE session_id = ? ORDER BY created_at, id")
        .bind(session_id)
        .fetch_all(db)
        .await
}

/// Transactions newest first, optionally of one session and in one status, created before
/// the transaction `before` (keyset pagination on (created_at, id)).
pub async fn list_transactions(
    db: &SqlitePool,
    session_id: Option<&str>,
    status: Option<&str>,
    before: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<TransactionRow>> {
    let cursor: Option<(i64, String)> = match before {
        Some(id) => {
            sqlx::query_as("SELECT created_at, id FROM transactions WHERE id = ?")
                .bind(id)
                .fetch_optional(db)
                .await?
        }
        None => None,
    };
    let (cursor_at, cursor_id) = cursor.unwrap_or((i64::MAX, String::new()));
    sqlx::query_as(
        "SELECT * FROM transactions WHERE (? IS NULL OR session_id = ?) AND (? IS NULL OR status = ?) \
         AND (created_at < ? OR (created_at = ? AND id < ?) OR ? = '') \
         ORDER BY created_at DESC, id DESC LIMIT ?",
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
    db: &SqlitePool,
    tx_id: &str,
) -> sqlx::Result<Option<(SessionRow, TransactionRow)>> {
    let tx: Option<TransactionRow> = sqlx::query_as("SELECT * FROM transactions WHERE id = ?")
        .bind(tx_id)
        .fetch_optional(db)
        .await?;
    with_session(db, tx).await
}

/// A transaction by Orkestra's id, with its session.
pub async fn transaction_by_orkestra_id(
    db: &SqlitePool,
    orkestra_id: &str,
) -> sqlx::Result<Option<(SessionRow, TransactionRow)>> {
    let tx: Option<TransactionRow> =
        sqlx::query_as("SELECT * FROM transactions WHERE orkestra_id = ?")
            .bind(orkestra_id)
            .fetch_optional(db)
            .await?;
    with_session(db, tx).await
}

async fn with_session(
    db: &SqlitePool,
    tx: Option<TransactionRow>,
) -> sqlx::Result<Option<(SessionRow, TransactionRow)>> {
    let Some(tx) = tx else { return Ok(None) };
    Ok(session_by_id(db, &tx.session_id).await?.map(|s| (s, tx)))
}

pub async fn transaction_by_key<'e>(
    db: impl SqliteExecutor<'e>,
    session_id: &str,
    key: &str,
) -> sqlx::Result<Option<TransactionRow>> {
    sqlx::query_as("SELECT * FROM transactions WHERE session_id = ? AND idempotency_key = ?")
        .bind(session_id)
        .bind(key)
        .fetch_optional(db)
        .await
}

pub async fn set_session_status<'e>(
    db: impl SqliteExecutor<'e>,
    id: &str,
    status: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET status = ?, updated_at = ? WHERE id = ?")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(db)
        .await
        .map(drop)
}
