//! The merchant webhook outbox: events queued in the same transaction as the change that
//! causes them, and claimed one at a time by each replica's delivery worker.

use super::{Backend, Change, StoreError};

/// An event to send: its id, where, the signed body, how often it was tried.
#[derive(Debug, sqlx::FromRow)]
pub struct DueEvent {
    pub id: String,
    pub url: String,
    pub body: String,
    pub attempts: i64,
}

impl Change {
    /// Queues an event for the merchant at `url` (`session_id` empty for payouts).
    pub async fn queue_event(
        &mut self,
        id: &str,
        session_id: &str,
        url: &str,
        body: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO merchant_outbox (id, session_id, url, body, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(session_id)
        .bind(url)
        .bind(body)
        .bind(now)
        .bind(now)
        .execute(self.conn())
        .await?;
        self.queued_webhook();
        Ok(())
    }
}

impl Change {
    /// Takes the oldest event that is due by moving its `next_attempt_at` to `lease_until`,
    /// in one statement, so no other worker sees it as due until this one has sent it (and
    /// then set `delivered_at`, or the next attempt's time). On PostgreSQL, `FOR UPDATE
    /// SKIP LOCKED` lets concurrent workers pass over each other's row instead of waiting
    /// on it, and the outer `next_attempt_at` test re-checks a row another worker claimed
    /// meanwhile; on SQLite the single writer makes the statement atomic anyway. The
    /// subquery is a scalar (`id = (…)`, run once), not `id IN (…)`: PostgreSQL may run an
    /// `IN` subquery again while updating, and with SKIP LOCKED a second run can pick a
    /// second row.
    pub async fn claim_due_event(
        &mut self,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<DueEvent>, StoreError> {
        let skip_locked = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        Ok(sqlx::query_as(&format!(
            "UPDATE merchant_outbox SET next_attempt_at = $1 \
             WHERE delivered_at IS NULL AND next_attempt_at <= $2 AND id = ( \
                 SELECT id FROM merchant_outbox WHERE delivered_at IS NULL AND next_attempt_at <= $2 \
                 ORDER BY created_at, id LIMIT 1 {skip_locked}) \
             RETURNING id, url, body, attempts"
        ))
        .bind(lease_until)
        .bind(now)
        .fetch_optional(self.conn())
        .await?)
    }

    pub async fn event_delivered(&mut self, id: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE merchant_outbox SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn event_not_delivered(
        &mut self,
        id: &str,
        next_attempt_at: i64,
        error: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE merchant_outbox SET attempts = attempts + 1, next_attempt_at = $1, \
             last_error = $2 WHERE id = $3",
        )
        .bind(next_attempt_at)
        .bind(error)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
