//! Status changes and the notifications they cause: order notifications here, payout and
//! refund notifications from `payouts` and `refunds`, all through one outbox.
//!
//! A change and its notification are written in one database transaction (an outbox), so
//! a crash never loses a notification. The sender delivers them in order (per receiving
//! URL), retrying with exponential backoff until the receiver answers 2xx: at least once,
//! so a receiver may see the same notification twice.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::error::SandboxError;
use crate::time::now_ms;
use crate::{db, view, AppState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Paid,
    Failed,
    Expired,
    /// The merchant withdrew it (`POST /v1/transactions/{id}/cancel`); not a simulate
    /// outcome.
    #[serde(skip_deserializing)]
    Cancelled,
}

/// Moves a PENDING transaction to the outcome's status and queues the order notification.
/// Returns the new status, or `None` when the transaction was no longer pending.
pub async fn transition(
    state: &AppState,
    transaction_id: i64,
    outcome: Outcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let (status, reason) = match outcome {
        Outcome::Paid => ("PAID", None),
        Outcome::Failed => ("FAILED", Some(reason.unwrap_or("REJECTED"))),
        Outcome::Expired => ("EXPIRED", Some("EXPIRED")),
        Outcome::Cancelled => ("CANCELLED", Some("CANCELLED_BY_MERCHANT")),
    };
    // IMMEDIATE: take the write lock before reading, so a concurrent writer (the sweeper,
    // a refund, a payout) makes this wait rather than fail on a stale snapshot.
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let transaction = db::transaction_by_id(&mut *tx, transaction_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let changed = sqlx::query(
        "UPDATE transactions SET status = ?, status_reason = ?, updated_at = ?, \
         paid_minor = CASE WHEN ? = 'PAID' THEN amount_minor ELSE paid_minor END \
         WHERE id = ? AND status = 'PENDING'",
    )
    .bind(status)
    .bind(reason)
    .bind(now_ms())
    .bind(status)
    .bind(transaction_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(None);
    }
    let order = db::order_by_id(&mut *tx, transaction.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let units = state.config.amount_units;
    let view = view::load(&mut tx, order, units).await?;
    if let Some(url) = &state.config.webhook_url {
        enqueue(&mut tx, url, &view.webhook(units)).await?;
    }
    tx.commit().await?;
    state.outbox.notify_one();
    tracing::info!(transaction_id, status, "transaction changed");
    Ok(Some(status))
}

/// Queues a notification in the outbox, inside the caller's database transaction: it is
/// written if and only if the change that caused it is. Order, payout and refund
/// notifications all go through here; the caller wakes the sender (`state.outbox`) once it
/// has committed.
pub async fn enqueue(
    conn: &mut sqlx::SqliteConnection,
    url: &str,
    body: &impl Serialize,
) -> sqlx::Result<()> {
    let body = serde_json::to_string(body).unwrap_or_default();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO webhook_outbox (url, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(url)
    .bind(body)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    url: String,
    body: String,
    attempts: i64,
    next_attempt_at: i64,
}

pub async fn deliver_forever(state: AppState) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client with a timeout");
    let credentials = STANDARD.encode(format!(
        "{}:{}",
        state.config.webhook_username, state.config.webhook_password
    ));
    loop {
        if let Err(err) = deliver_due(&state, &client, &credentials).await {
            tracing::warn!(error = %err, "webhook delivery round failed");
        }
        tokio::select! {
            _ = state.outbox.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

/// Delivers, for every receiving URL, its oldest undelivered notification when it is due,
/// and goes on while something was delivered. Notifications to one URL go out in the
/// order they were written (a later one waits for an earlier one's retry); a receiver that
/// fails does not hold back another's (its retries wait on their own schedule).
async fn deliver_due(
    state: &AppState,
    client: &reqwest::Client,
    credentials: &str,
) -> sqlx::Result<()> {
    loop {
        let heads: Vec<Due> = sqlx::query_as(
            "SELECT id, url, body, attempts, next_attempt_at FROM webhook_outbox WHERE id IN \
             (SELECT MIN(id) FROM webhook_outbox WHERE delivered_at IS NULL GROUP BY url) \
             ORDER BY id",
        )
        .fetch_all(&state.db)
        .await?;
        let now = now_ms();
        let mut sends = tokio::task::JoinSet::new();
        for item in heads.into_iter().filter(|h| h.next_attempt_at <= now) {
            let (state, client, credentials) =
                (state.clone(), client.clone(), credentials.to_owned());
            sends.spawn(async move { deliver_one(&state, &client, &credentials, item).await });
        }
        if sends.is_empty() {
            return Ok(());
        }
        let mut delivered = false;
        while let Some(result) = sends.join_next().await {
            match result {
                Ok(Ok(true)) => delivered = true,
                Ok(Ok(false)) => {}
                Ok(Err(err)) => return Err(err),
                Err(err) => tracing::warn!(error = %err, "webhook delivery task failed"),
            }
        }
        if !delivered {
            return Ok(());
        }
    }
}

/// One attempt; `true` when the receiver acknowledged it.
async fn deliver_one(
    state: &AppState,
    client: &reqwest::Client,
    credentials: &str,
    item: Due,
) -> sqlx::Result<bool> {
    let result = client
        .post(&item.url)
        .header("Authorization", format!("Basic {credentials}"))
        .header("Content-Type", "application/json")
        .body(item.body)
        .send()
        .await;
    match result {
        Ok(response) if response.status().is_success() => {
            sqlx::query(
                "UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?",
            )
            .bind(now_ms())
            .bind(item.id)
            .execute(&state.db)
            .await?;
            Ok(true)
        }
        other => {
            let error = match other {
                Ok(response) => format!("HTTP {}", response.status()),
                Err(err) => err.without_url().to_string(),
            };
            let delay = backoff(state.config.webhook_retry_base, item.attempts);
            tracing::info!(webhook_id = item.id, attempts = item.attempts + 1, %error, retry_in_ms = delay.as_millis() as u64, "webhook not acknowledged");
            sqlx::query("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .bind(now_ms() + delay.as_millis() as i64)
                .bind(error)
                .bind(item.id)
                .execute(&state.db)
                .await?;
            Ok(false)
        }
    }
}

/// base, 2·base, 4·base … capped at one minute.
fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 1u32 << attempts.clamp(0, 16) as u32;
    (base * factor).min(Duration::from_secs(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_a_minute() {
        let base = Duration::from_secs(1);
        assert_eq!(backoff(base, 0), Duration::from_secs(1));
        assert_eq!(backoff(base, 3), Duration::from_secs(8));
        assert_eq!(backoff(base, 40), Duration::from_secs(60));
    }
}
