//! PostgreSQL only: feeds this replica's hub with the session changes every replica
//! announces (`pg_notify` on commit, see `store`). Whenever the listener (re)connects, it
//! nudges every stream on its replica, so nothing announced while it was away is missed.

use std::time::{Duration, Instant};

use secrecy::SecretString;

use crate::store::hub::listen;
use crate::store::Hub;

/// PostgreSQL only: feeds this replica's hub with the changes every replica announces.
/// Runs until the server stops; a lost connection is re-established (sqlx's listener
/// reconnects by itself; if that fails too, this starts over after a pause).
pub async fn run(url: SecretString, hub: Hub) {
    const FIRST_PAUSE: Duration = Duration::from_millis(100);
    let mut pause = FIRST_PAUSE;
    loop {
        let started = Instant::now();
        let Err(err) = listen(&url, &hub).await;
        if started.elapsed() > Duration::from_secs(30) {
            pause = FIRST_PAUSE;
        }
        tracing::warn!(error = %err, "status listener lost its database connection; reconnecting");
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(5));
    }
}
