//! Every few seconds: sessions past their time expire, and the automatic refunds still to
//! be asked are asked of Orkestra.

use std::time::Duration;

use crate::flows::{close, refunds};
use crate::state::AppState;

const INTERVAL: Duration = Duration::from_secs(5);

pub async fn run(state: AppState) {
    loop {
        tokio::time::sleep(INTERVAL).await;
        if let Err(err) = close::expire_due(&state).await {
            tracing::warn!(error = %err, "expiring sessions failed");
        }
        refunds::request_auto_refunds(&state).await;
    }
}
