//! SQLite storage. Everything the sandbox knows is here, so a restart loses nothing.

use sqlx::SqlitePool;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_order_id TEXT NOT NULL UNIQUE,
    request_json TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    allows_third_party INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS charges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    amount_minor INTEGER NOT NULL,
    customer TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    charge_id INTEGER NOT NULL REFERENCES charges(id),
    payment_method TEXT NOT NULL,
    status TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    paid_minor INTEGER NOT NULL DEFAULT 0,
    reference_id TEXT,
    pix_qr_code TEXT,
    expires_at INTEGER,
    status_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (order_id, reference_id)
);
CREATE TABLE IF NOT EXISTS webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (delivered_at, next_attempt_at);
"#;

pub async fn connect(path: &str) -> anyhow::Result<SqlitePool> {
    server_kit::open_sqlite(path, SCHEMA, 4).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub merchant_order_id: String,
    pub request_json: String,
    pub currency: String,
    pub amount_minor: i64,
    pub allows_third_party: bool,
    pub metadata: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChargeRow {
    pub id: i64,
    pub amount_minor: i64,
    pub customer: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TransactionRow {
    pub id: i64,
    pub order_id: i64,
    pub charge_id: i64,
    pub payment_method: String,
    pub status: String,
    pub amount_minor: i64,
    pub paid_minor: i64,
    pub reference_id: Option<String>,
    pub pix_qr_code: Option<String>,
    pub expires_at: Option<i64>,
    pub status_reason: Option<String>,
}

pub async fn order_by_id<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    id: i64,
) -> sqlx::Result<Option<OrderRow>> {
    sqlx::query_as("SELECT * FROM orders WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn order_by_merchant_id<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    id: &str,
) -> sqlx::Result<Option<OrderRow>> {
    sqlx::query_as("SELECT * FROM orders WHERE merchant_order_id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn charges_of<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    order_id: i64,
) -> sqlx::Result<Vec<ChargeRow>> {
    sqlx::query_as("SELECT * FROM charges WHERE order_id = ? ORDER BY id")
        .bind(order_id)
        .fetch_all(db)
        .await
}

pub async fn transactions_of<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    order_id: i64,
) -> sqlx::Result<Vec<TransactionRow>> {
    sqlx::query_as(
        "SELECT id, order_id, charge_id, payment_method, status, amount_minor, paid_minor, \
         reference_id, pix_qr_code, expires_at, status_reason FROM transactions \
         WHERE order_id = ? ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(db)
    .await
}

pub async fn transaction_by_id<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    id: i64,
) -> sqlx::Result<Option<TransactionRow>> {
    sqlx::query_as(
        "SELECT id, order_id, charge_id, payment_method, status, amount_minor, paid_minor, \
         reference_id, pix_qr_code, expires_at, status_reason FROM transactions WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}
