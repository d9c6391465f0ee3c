//! Notifications: queued in the outbox inside the change's database transaction, so each
//! is written if and only if its change is; the sender (`workers::outbox`) is woken once the
//! change is committed.

use serde::Serialize;

use crate::error::SandboxError;
use crate::state::AppState;
use crate::store::outbox;
use crate::time::now_ms;

/// Queues `body` for `url` (when the receiver is configured).
pub async fn queue(
    conn: &mut sqlx::SqliteConnection,
    url: Option<&str>,
    body: &impl Serialize,
) -> Result<(), SandboxError> {
    let Some(url) = url else {
        return Ok(());
    };
    let body = serde_json::to_string(body).map_err(|err| {
        tracing::error!(error = %err, "a notification did not serialise");
        SandboxError::internal()
    })?;
    outbox::enqueue(conn, url, &body, now_ms()).await
}

/// After the commit: the sender goes now rather than at its next round.
pub fn wake(state: &AppState) {
    state.outbox.notify_one();
}
