//! Moves pending payouts and refunds on by time, as the rails would: a payout is paid
//! `SANDBOX_PAYOUT_SETTLE_SECONDS` after it was made (or fails, for the magic keys), a
//! refund through the original method is refunded `SANDBOX_REFUND_SETTLE_SECONDS` after.
//! A refund by alternative payout follows its payout. Times count from creation, so what
//! was pending when the sandbox stopped settles after it starts again.

use std::time::Duration;

use crate::error::SandboxError;
use crate::machine::money_out::{magic_outcome, pay_out_now, refund_now, RefundOutcome};
use crate::state::AppState;
use crate::store::{payouts, refunds};
use crate::time::now_ms;

pub async fn settle_forever(state: AppState) {
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if let Err(err) = settle_due(&state).await {
            tracing::warn!(error = ?err, "settle sweep failed");
        }
    }
}

async fn settle_due(state: &AppState) -> Result<(), SandboxError> {
    let now = now_ms();
    let payouts_before = now - state.config.payout_settle_after.as_millis() as i64;
    for (id, tail) in payouts::pending_since(&state.db, payouts_before).await? {
        let (outcome, reason) = magic_outcome(&tail);
        pay_out_now(state, id, outcome, reason).await?;
    }
    let refunds_before = now - state.config.refund_settle_after.as_millis() as i64;
    for id in refunds::original_pending_since(&state.db, refunds_before).await? {
        refund_now(state, id, RefundOutcome::Refunded, None).await?;
    }
    Ok(())
}
