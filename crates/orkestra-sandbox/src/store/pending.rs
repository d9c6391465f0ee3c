//! Settling a pending refund or payout: the one update both take.

use sqlx::SqliteExecutor;

use crate::error::SandboxError;

/// The tables whose rows go from `PENDING` to a settled status.
#[derive(Debug, Clone, Copy)]
pub enum Settles {
    Refunds,
    Payouts,
}

/// Moves row `id` of `table` from `PENDING` to `status`; whether it was still pending.
pub async fn settle<'e>(
    db: impl SqliteExecutor<'e>,
    table: Settles,
    id: i64,
    status: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, SandboxError> {
    let table = match table {
        Settles::Refunds => "refunds",
        Settles::Payouts => "payouts",
    };
    let changed = sqlx::query(&format!(
        "UPDATE {table} SET status = ?, status_reason = ?, updated_at = ? \
         WHERE id = ? AND status = 'PENDING'"
    ))
    .bind(status)
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected();
    Ok(changed > 0)
}
