//! Moves pending transactions on by time, as a PSP would: they expire at their
//! `expiresAt` (every method has one), and, when `SANDBOX_AUTO_SETTLE_SECONDS` is set,
//! they are settled that long after creation.

use std::time::Duration;

use crate::error::SandboxError;
use crate::machine::transactions::{settle, transition, Outcome};
use crate::state::AppState;
use crate::store::transactions;
use crate::time::now_ms;

pub async fn expire_forever(state: AppState) {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if let Err(err) = sweep(&state).await {
            tracing::warn!(error = ?err, "expiry sweep failed");
        }
    }
}

async fn sweep(state: &AppState) -> Result<(), SandboxError> {
    for id in transactions::expired(&state.db, now_ms()).await? {
        if let Err(err) = transition(state, id, Outcome::Expired, None).await {
            tracing::warn!(transaction_id = id, error = ?err, "could not expire transaction");
        }
    }
    if let Some(after) = state.config.auto_settle_after {
        let before = now_ms() - after.as_millis() as i64;
        for id in transactions::pending_since(&state.db, before).await? {
            // As if the payer paid: the magic amounts still decide the outcome.
            if let Err(err) = settle(state, id).await {
                tracing::warn!(transaction_id = id, error = ?err, "could not settle transaction");
            }
        }
    }
    Ok(())
}
