//! The latest status Orkestra announced for each refund and payout, so a notification
//! delivered again, or a stale one arriving late, forwards no second webhook.

use super::{Change, StoreError};

/// What an upstream status belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Refund,
    Payout,
}

impl Notice {
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::Refund => "refund",
            Notice::Payout => "payout",
        }
    }
}

impl Change {
    /// Records that Orkestra announced `status` for the refund or payout `id`. False when
    /// that was no news: the same status again (a redelivery) or `pending` after a final
    /// status (a stale copy arriving late). Statuses other than `pending` are final. In the
    /// change that queues the webhook, so concurrent copies (on several replicas) forward
    /// one.
    pub async fn record_notice(
        &mut self,
        kind: Notice,
        id: &str,
        status: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let applied = sqlx::query(
            "INSERT INTO upstream_statuses (kind, id, status, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (kind, id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at \
             WHERE upstream_statuses.status = 'pending' AND excluded.status <> 'pending'",
        )
        .bind(kind.as_str())
        .bind(id)
        .bind(status)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(applied.rows_affected() > 0)
    }
}
