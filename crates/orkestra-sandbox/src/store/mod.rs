//! SQLite storage, and the only module with SQL. Everything the sandbox knows is here, so
//! a restart loses nothing. Rows are typed as they are read: a status, a currency or stored
//! JSON that does not read is an internal error naming the row, never a default.

pub mod orders;
pub mod outbox;
pub mod payouts;
mod pending;
pub mod refunds;
pub mod transactions;

use sqlx::SqlitePool;

/// A database transaction.
pub type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;

/// Starts a unit of work that writes: the write lock is taken before anything is read, so
/// a concurrent writer (the sweeper, a refund, a payout) makes it wait rather than fail on
/// a stale snapshot.
pub async fn write(db: &SqlitePool) -> sqlx::Result<Tx> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// Starts a unit of work that reads one consistent moment (or writes without racing).
pub async fn begin(db: &SqlitePool) -> sqlx::Result<Tx> {
    db.begin().await
}

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
    -- What the payer needs next (boleto, CLABE, voucher, wallet push…), as JSON; see
    -- `methods::Instructions`. Never a full card number or security code.
    instructions TEXT,
    otp_attempts INTEGER NOT NULL DEFAULT 0,
    -- The payment page's key (`instructions.page.token`), to find it by its URL.
    page_token TEXT,
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
CREATE INDEX IF NOT EXISTS webhook_outbox_url ON webhook_outbox (url, delivered_at, id);
-- Payouts (cash-out), also the alternative payouts of refunds. `request_json` is the
-- normalised request, kept for idempotency on `reference_id`; `account_tail` is the last
-- four characters of the receiving key (the magic values), `receiving_account` its mask.
CREATE TABLE IF NOT EXISTS payouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference_id TEXT UNIQUE,
    request_json TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT,
    receiving_account TEXT NOT NULL,
    account_tail TEXT NOT NULL,
    beneficiary_name TEXT NOT NULL,
    refund_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS payouts_pending ON payouts (status, created_at);
CREATE TABLE IF NOT EXISTS refunds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference_id TEXT NOT NULL UNIQUE,
    request_json TEXT NOT NULL,
    transaction_id INTEGER NOT NULL REFERENCES transactions(id),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    route TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT,
    reason TEXT,
    payout_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS refunds_of_transaction ON refunds (transaction_id, id);
CREATE INDEX IF NOT EXISTS refunds_pending ON refunds (status, created_at);
"#;

pub async fn connect(path: &str) -> anyhow::Result<SqlitePool> {
    let pool = server_kit::open_sqlite(path, SCHEMA, 4).await?;
    add_missing_columns(&pool).await?;
    Ok(pool)
}

/// Columns added after the first release: a database made before them gains them here
/// (`CREATE TABLE IF NOT EXISTS` leaves an existing table as it is).
async fn add_missing_columns(pool: &SqlitePool) -> anyhow::Result<()> {
    let have: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('transactions')")
            .fetch_all(pool)
            .await?;
    for (column, definition) in [
        ("instructions", "instructions TEXT"),
        ("otp_attempts", "otp_attempts INTEGER NOT NULL DEFAULT 0"),
        ("page_token", "page_token TEXT"),
    ] {
        if !have.iter().any(|c| c == column) {
            sqlx::query(&format!("ALTER TABLE transactions ADD COLUMN {definition}"))
                .execute(pool)
                .await?;
        }
    }
    // After the column exists, whichever way it came.
    sqlx::query(
        "CREATE UNIQUE INDEX IF NOT EXISTS transactions_page_token ON transactions (page_token)",
    )
    .execute(pool)
    .await?;
    Ok(())
}
