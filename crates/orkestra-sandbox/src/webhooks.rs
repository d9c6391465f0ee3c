//! Status changes and the order notifications they cause.
//!
//! A change and its notification are written in one database transaction (an outbox), so
//! a crash never loses a notification. The sender delivers them in order, retrying with
//! exponential backoff until the receiver answers 2xx: at least once, so a receiver may
//! see the same notification twice.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;

use crate::error::SandboxError;
use crate::time::now_ms;
use crate::{db, view, AppState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Paid,
    Failed,
    Expired,
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
    };
    let mut tx = state.db.begin().await?;
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
        let body = serde_json::to_string(&view.webhook(units)).unwrap_or_default();
        sqlx::query("INSERT INTO webhook_outbox (url, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?)")
            .bind(url)
            .bind(body)
            .bind(now_ms())
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    state.outbox.notify_one();
    tracing::info!(transaction_id, status, "transaction changed");
    Ok(Some(status))
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    url: String,
    body: String,
    attempts: i64,
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

async fn deliver_due(
    state: &AppState,
    client: &reqwest::Client,
    credentials: &str,
) -> sqlx::Result<()> {
    let due: Vec<Due> = sqlx::query_as(
        "SELECT id, url, body, attempts FROM webhook_outbox \
         WHERE delivered_at IS NULL ORDER BY id LIMIT 20",
    )
    .fetch_all(&state.db)
    .await?;
    for item in due {
        let next_at: i64 =
            sqlx::query_scalar("SELECT next_attempt_at FROM webhook_outbox WHERE id = ?")
                .bind(item.id)
                .fetch_one(&state.db)
                .await?;
        if next_at > now_ms() {
            // Notifications go out in order: a later one waits for an earlier retry.
            break;
        }
        let result = client
            .post(&item.url)
            .header("Authorization", format!("Basic {credentials}"))
            .header("Content-Type", "application/json")
            .body(item.body.clone())
            .send()
            .await;
        match result {
            Ok(response) if response.status().is_success() => {
                sqlx::query("UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?")
                    .bind(now_ms())
                    .bind(item.id)
                    .execute(&state.db)
                    .await?;
            }
            other => {
                let error = match other {
                    Ok(response) => format!("HTTP {}", response.status()),
                    Err(err) => err.to_string(),
                };
                let delay = backoff(state.config.webhook_retry_base, item.attempts);
                tracing::info!(webhook_id = item.id, attempts = item.attempts + 1, %error, retry_in_ms = delay.as_millis() as u64, "webhook not acknowledged");
                sqlx::query("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")
                    .bind(now_ms() + delay.as_millis() as i64)
                    .bind(error)
                    .bind(item.id)
                    .execute(&state.db)
                    .await?;
                break;
            }
        }
    }
    Ok(())
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
