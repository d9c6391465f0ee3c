//! Expires pending transactions whose time is up, as a PSP would.

use std::time::Duration;

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
    }
}
