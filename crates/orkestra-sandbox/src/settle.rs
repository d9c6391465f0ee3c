//! Moves pending payouts and refunds on by time, as the rails would: a payout is paid
//! `SANDBOX_PAYOUT_SETTLE_SECONDS` after it was made (or fails, for the magic keys), a
//! refund through the original method is refunded `SANDBOX_REFUND_SETTLE_SECONDS` after.
//! A refund by alternative payout follows its payout. Times count from creation, so what
//! was pending when the sandbox stopped settles after it starts again.

use std::time::Duration;

use crate::payouts::{self, magic_outcome};
use crate::refunds::{self, RefundOutcome};
use crate::time::now_ms;
use crate::AppState;

pub async fn settle_forever(state: AppState) {
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if let Err(err) = settle_due(&state).await {
            tracing::warn!(error = ?err, "settle sweep failed");
        }
    }
}

async fn settle_due(state: &AppState) -> Result<(), crate::error::SandboxError> {
    let now = now_ms();
    let payouts_due: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, account_tail FROM payouts WHERE status = 'PENDING' AND created_at <= ? \
         ORDER BY id LIMIT 100",
    )
    .bind(now - state.config.payout_settle_after.as_millis() as i64)
    .fetch_all(&state.db)
    .await?;
    for (id, tail) in payouts_due {
        let (outcome, reason) = magic_outcome(&tail);
        let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
        payouts::transition(&mut tx, state, id, outcome, reason).await?;
        tx.commit().await?;
        state.outbox.notify_one();
    }
    let refunds_due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM refunds WHERE status = 'PENDING' AND route = 'ORIGINAL_METHOD' \
         AND created_at <= ? ORDER BY id LIMIT 100",
    )
    .bind(now - state.config.refund_settle_after.as_millis() as i64)
    .fetch_all(&state.db)
    .await?;
    for id in refunds_due {
        let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
        refunds::transition(&mut tx, state, id, RefundOutcome::Refunded, None).await?;
        tx.commit().await?;
        state.outbox.notify_one();
    }
    Ok(())
}
