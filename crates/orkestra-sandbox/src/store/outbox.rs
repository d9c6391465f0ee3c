//! The notifications outbox: written with the change that causes each notification, read
//! by the sender (`workers::outbox`).

use sqlx::SqliteExecutor;

use crate::error::SandboxError;

/// Queues `body` for `url`, inside the caller's database transaction: it is written if and
/// only if the change that caused it is.
pub async fn enqueue<'e>(
    db: impl SqliteExecutor<'e>,
    url: &str,
    body: &str,
    now: i64,
) -> Result<(), SandboxError> {
    sqlx::query(
        "INSERT INTO webhook_outbox (url, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(url)
    .bind(body)
    .bind(now)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A notification waiting to be delivered.
#[derive(sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub url: String,
    pub body: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
}

/// For every receiving URL, its oldest undelivered notification (due or not).
pub async fn heads<'e>(db: impl SqliteExecutor<'e>) -> Result<Vec<Due>, SandboxError> {
    Ok(sqlx::query_as(
        "SELECT id, url, body, attempts, next_attempt_at FROM webhook_outbox WHERE id IN \
         (SELECT MIN(id) FROM webhook_outbox WHERE delivered_at IS NULL GROUP BY url) \
         ORDER BY id",
    )
    .fetch_all(db)
    .await?)
}

pub async fn delivered<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    now: i64,
) -> Result<(), SandboxError> {
    sqlx::query("UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// One more failed attempt; the next one at `next_attempt_at`.
pub async fn failed<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    next_attempt_at: i64,
    error: &str,
) -> Result<(), SandboxError> {
    sqlx::query(
        "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? \
         WHERE id = ?",
    )
    .bind(next_attempt_at)
    .bind(error)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}
