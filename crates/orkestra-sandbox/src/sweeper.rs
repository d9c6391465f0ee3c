//! Moves pending transactions on by time, as a PSP would: they expire at their
//! `expiresAt` (every method has one), and, when `SANDBOX_AUTO_SETTLE_SECONDS` is set,
//! they are settled that long after creation.

use std::time::Duration;

use crate::simulate::settle;
use crate::time::now_ms;
use crate::webhooks::{transition, Outcome};
use crate::AppState;

pub async fn expire_forever(state: AppState) {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let due: Vec<i64> = match sqlx::query_scalar(
            "SELECT id FROM transactions WHERE status = 'PENDING' AND expires_at <= ? ORDER BY id LIMIT 100",
        )
        .bind(now_ms())
        .fetch_all(&state.db)
        .await
        {
            Ok(ids) => ids,
            Err(err) => {
                tracing::warn!(error = %err, "expiry sweep failed");
                continue;
            }
        };
        for id in due {
            if let Err(err) = transition(&state, id, Outcome::Expired, None).await {
                tracing::warn!(transaction_id = id, error = ?err, "could not expire transaction");
            }
        }
        if let Some(after) = state.config.auto_settle_after {
            let settled: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM transactions WHERE status = 'PENDING' AND created_at <= ? ORDER BY id LIMIT 100",
            )
            .bind(now_ms() - after.as_millis() as i64)
            .fetch_all(&state.db)
            .await
            .unwrap_or_default();
            for id in settled {
                // As if the payer paid: the magic amounts still decide the outcome.
                if let Err(err) = settle(&state, id).await {
                    tracing::warn!(transaction_id = id, error = ?err, "could not settle transaction");
                }
            }
        }
    }
}
