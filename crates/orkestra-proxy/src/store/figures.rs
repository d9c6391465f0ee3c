//! What the operations surface reads from the database: whether it answers and its
//! schema's version (`/readyz`), and the figures `/metrics` reports for all replicas.

use orkestra_core::api::merchant::SessionStatus;

use super::{Store, StoreError};

/// The webhook queue at one moment.
pub struct Outbox {
    /// Events waiting for a (next) delivery attempt.
    pub pending: i64,
    /// When the oldest of them was queued (ms since the epoch).
    pub oldest_pending_at: Option<i64>,
    /// Events given up on and not resent.
    pub dead: i64,
}

impl Store {
    /// One round trip to the database.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The newest migration applied to the database (0 for none).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let (version,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM schema_migrations")
                .fetch_one(&self.pool)
                .await?;
        Ok(version.unwrap_or(0))
    }

    pub async fn outbox_figures(&self) -> Result<Outbox, StoreError> {
        let (pending, oldest_pending_at, dead): (i64, Option<i64>, i64) = sqlx::query_as(
            "SELECT \
                 COUNT(CASE WHEN delivered_at IS NULL AND dead_at IS NULL THEN 1 END), \
                 MIN(CASE WHEN delivered_at IS NULL AND dead_at IS NULL THEN created_at END), \
                 COUNT(CASE WHEN delivered_at IS NULL AND dead_at IS NOT NULL THEN 1 END) \
             FROM merchant_outbox WHERE delivered_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Outbox {
            pending,
            oldest_pending_at,
            dead,
        })
    }

    /// How many sessions are in each status; a status the database holds that is not
    /// one of ours is a corrupt row, reported as such.
    pub async fn sessions_by_status(&self) -> Result<Vec<(SessionStatus, i64)>, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, COUNT(*) FROM sessions GROUP BY status")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(status, count)| {
                SessionStatus::parse(&status)
                    .map(|status| (status, count))
                    .ok_or_else(|| StoreError::Corrupt {
                        table: "sessions",
                        id: format!("(the {count} with this status)"),
                        column: "status",
                        problem: format!("{status:?} is no session status"),
                    })
            })
            .collect()
    }
}
