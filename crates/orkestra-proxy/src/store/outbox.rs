//! The merchant webhook outbox: events queued in the same transaction as the change that
//! causes them, and claimed one at a time by each replica's delivery worker.

use super::{Backend, Change, Store, StoreError};
use crate::model::{Attempt, Delivery, Event};

/// An event to send: its id, where, the signed body, how often it was tried, the request
/// that caused it, when it was queued.
#[derive(Debug, sqlx::FromRow)]
pub struct DueEvent {
    pub id: String,
    pub url: String,
    pub body: String,
    pub attempts: i64,
    pub request_id: Option<String>,
    pub created_at: i64,
}

/// Filters of the event list.
pub struct EventFilter<'a> {
    pub kind: Option<&'a str>,
    pub session_id: Option<&'a str>,
    pub delivery: Option<Delivery>,
    /// Only events queued before this one (keyset pagination on (created_at, id)).
    pub before: Option<&'a str>,
    pub limit: i64,
}

const EVENT: &str = "id, kind, session_id, url, body, request_id, attempts, last_error, \
    next_attempt_at, delivered_at, dead_at, created_at";

fn event(row: &sqlx::any::AnyRow) -> Result<Event, StoreError> {
    use sqlx::Row;
    let id: String = row.try_get("id")?;
    let kind: Option<String> = row.try_get("kind")?;
    let kind = kind.ok_or_else(|| StoreError::Corrupt {
        table: "merchant_outbox",
        id: id.clone(),
        column: "kind",
        problem: "missing".into(),
    })?;
    let session_id: String = row.try_get("session_id")?;
    let delivered_at: Option<i64> = row.try_get("delivered_at")?;
    let dead_at: Option<i64> = row.try_get("dead_at")?;
    let delivery = match (delivered_at, dead_at) {
        (Some(_), _) => Delivery::Delivered,
        (None, Some(_)) => Delivery::Dead,
        (None, None) => Delivery::Pending,
    };
    Ok(Event {
        kind,
        session_id: (!session_id.is_empty()).then_some(session_id),
        url: row.try_get("url")?,
        body: row.try_get("body")?,
        request_id: row.try_get("request_id")?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        next_attempt_at: Some(row.try_get::<i64, _>("next_attempt_at")?)
            .filter(|_| delivery == Delivery::Pending),
        delivered_at,
        dead_at,
        created_at: row.try_get("created_at")?,
        delivery,
        id,
    })
}

impl Change {
    /// Queues an event of type `kind` for the merchant at `url` (`session_id` empty for
    /// payouts), with the id of the request this change is made for.
    pub async fn queue_event(
        &mut self,
        id: &str,
        kind: &str,
        session_id: &str,
        url: &str,
        body: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let request_id = self.request_id().as_str().to_owned();
        sqlx::query(
            "INSERT INTO merchant_outbox (id, kind, session_id, url, body, request_id, \
             next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(kind)
        .bind(session_id)
        .bind(url)
        .bind(body)
        .bind(request_id)
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
             WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $2 AND id = ( \
                 SELECT id FROM merchant_outbox WHERE delivered_at IS NULL AND dead_at IS NULL \
                 AND next_attempt_at <= $2 \
                 ORDER BY created_at, id LIMIT 1 {skip_locked}) \
             RETURNING id, url, body, attempts, request_id, created_at"
        ))
        .bind(lease_until)
        .bind(now)
        .fetch_optional(self.conn())
        .await?)
    }

    /// Records a delivery attempt of `event` and what follows: delivered, tried again at
    /// `next_attempt_at`, or dead (`next_attempt_at` is `None`).
    pub async fn record_delivery(
        &mut self,
        event: &DueEvent,
        attempt: &Attempt,
        next_attempt_at: Option<i64>,
    ) -> Result<(), StoreError> {
        let number = event.attempts + 1;
        sqlx::query(
            "INSERT INTO webhook_attempts (event_id, attempt, attempted_at, status_code, error, \
             duration_ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&event.id)
        .bind(number)
        .bind(attempt.at)
        .bind(attempt.status.map(i64::from))
        .bind(attempt.error.as_deref())
        .bind(attempt.duration_ms)
        .execute(self.conn())
        .await?;
        let (sql, at) = match (&attempt.error, next_attempt_at) {
            (None, _) => (
                "UPDATE merchant_outbox SET delivered_at = $1, attempts = $2, last_error = $3 \
                 WHERE id = $4",
                attempt.at,
            ),
            (Some(_), Some(next)) => (
                "UPDATE merchant_outbox SET next_attempt_at = $1, attempts = $2, last_error = $3 \
                 WHERE id = $4",
                next,
            ),
            (Some(_), None) => (
                "UPDATE merchant_outbox SET dead_at = $1, attempts = $2, last_error = $3 \
                 WHERE id = $4",
                attempt.at,
            ),
        };
        let query = sqlx::query(sql)
            .bind(at)
            .bind(number)
            .bind(attempt.error.as_deref());
        query.bind(&event.id).execute(self.conn()).await?;
        Ok(())
    }

    /// Sends an event again (delivered, dead or pending alike), at once. `false` for an
    /// unknown id.
    pub async fn resend_event(&mut self, id: &str, now: i64) -> Result<bool, StoreError> {
        let resent = sqlx::query(
            "UPDATE merchant_outbox SET delivered_at = NULL, dead_at = NULL, next_attempt_at = $1 \
             WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?
        .rows_affected();
        if resent > 0 {
            self.queued_webhook();
        }
        Ok(resent > 0)
    }
}

impl Store {
    /// Events, newest first.
    pub async fn events(&self, filter: EventFilter<'_>) -> Result<Vec<Event>, StoreError> {
        let (cursor_at, cursor_id) = self.page_cursor("merchant_outbox", filter.before).await?;
        let delivery = filter.delivery.map(Delivery::as_str);
        let rows = sqlx::query(&format!(
            "SELECT {EVENT} FROM merchant_outbox WHERE ($1 IS NULL OR kind = $2) \
             AND ($3 IS NULL OR session_id = $4) \
             AND ($5 IS NULL OR ($6 = 'delivered' AND delivered_at IS NOT NULL) \
                  OR ($7 = 'dead' AND delivered_at IS NULL AND dead_at IS NOT NULL) \
                  OR ($8 = 'pending' AND delivered_at IS NULL AND dead_at IS NULL)) \
             AND (created_at < $9 OR (created_at = $10 AND id < $11) OR $12 = '') \
             ORDER BY created_at DESC, id DESC LIMIT $13"
        ))
        .bind(filter.kind)
        .bind(filter.kind)
        .bind(filter.session_id)
        .bind(filter.session_id)
        .bind(delivery)
        .bind(delivery)
        .bind(delivery)
        .bind(delivery)
        .bind(cursor_at)
        .bind(cursor_at)
        .bind(&cursor_id)
        .bind(&cursor_id)
        .bind(filter.limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event).collect()
    }

    /// An event with its delivery attempts, oldest first.
    pub async fn event(&self, id: &str) -> Result<Option<(Event, Vec<Attempt>)>, StoreError> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {EVENT} FROM merchant_outbox WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let found = event(&row)?;
        let attempts: Vec<(i64, Option<i64>, Option<String>, i64)> = sqlx::query_as(
            "SELECT attempted_at, status_code, error, duration_ms FROM webhook_attempts \
             WHERE event_id = $1 ORDER BY attempt",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let attempts = attempts
            .into_iter()
            .map(|(at, status, error, duration_ms)| Attempt {
                at,
                status: status.and_then(|s| u16::try_from(s).ok()),
                error,
                duration_ms,
            })
            .collect();
        Ok(Some((found, attempts)))
    }
}
