//! Looks for payment attempts left `creating` every `reconcile.interval` (see
//! [`crate::flows::reconcile`]).

use crate::flows::reconcile;
use crate::state::AppState;

pub async fn run(state: AppState) {
    loop {
        tokio::time::sleep(state.config.reconcile.interval).await;
        if let Err(err) = reconcile::reconcile_due(&state).await {
            tracing::warn!(error = %err, "reconciling stuck attempts failed");
        }
    }
}
