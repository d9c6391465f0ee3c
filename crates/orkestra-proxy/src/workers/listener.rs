//! PostgreSQL only: feeds this replica's hub with the session changes every replica
//! announces (`pg_notify` on commit, see `store`). Whenever the listener (re)connects, it
//! nudges every stream on its replica, so nothing announced while it was away is missed.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use sqlx::postgres::PgListener;

use crate::store::{Hub, CHANNEL};

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

async fn listen(url: &SecretString, hub: &Hub) -> sqlx::Result<Infallible> {
    let mut listener = PgListener::connect(url.expose_secret()).await?;
    listener.listen(CHANNEL).await?;
    tracing::debug!("status listener connected");
    // Anything committed before LISTEN took effect was announced to nobody here.
    hub.publish_all();
    loop {
        match listener.try_recv().await? {
            Some(notification) => hub.publish(notification.payload()),
            // The connection dropped and sqlx has already reconnected and listens again.
            None => {
                tracing::info!("status listener reconnected");
                hub.publish_all();
            }
        }
    }
}
