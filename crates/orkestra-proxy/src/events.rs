//! Live status for pages: a change to a session wakes every page streaming it.
//! Subscribers get a nudge, not the data: each re-reads the session, so a page is never
//! shown a stale or partial state, however many nudges it missed.
//!
//! On SQLite there is one replica, and the hub is nudged once the change is committed. On
//! PostgreSQL the page may be streaming from another replica than the one that made the
//! change, so every change is announced with `pg_notify` in its own transaction (delivered
//! on commit, never for a rollback), and each replica runs [`listen_forever`], which feeds
//! the announcements to its own hub. Whenever that listener (re)connects, it nudges every
//! stream on its replica, so nothing announced while it was away is missed.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use sqlx::postgres::PgListener;
use tokio::sync::{broadcast, watch};

use crate::config::Backend;
use crate::AppState;

/// The PostgreSQL channel session changes are announced on; the payload is the session id.
pub const CHANNEL: &str = "orkestra_checkout_session";

#[derive(Clone)]
pub struct Hub {
    channels: Arc<Mutex<HashMap<String, broadcast::Sender<()>>>>,
    /// Flips to true when the server is shutting down, so streams end and tell the page
    /// to reconnect (to another replica, or to this one once it is back).
    shutdown: watch::Receiver<bool>,
}

impl Hub {
    pub fn new(shutdown: watch::Receiver<bool>) -> Self {
        Hub {
            channels: Arc::default(),
            shutdown,
        }
    }

    pub fn subscribe(&self, session_id: &str) -> broadcast::Receiver<()> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        // Drop channels nobody listens to any more, so the map does not grow forever.
        channels.retain(|_, tx| tx.receiver_count() > 0);
        channels
            .entry(session_id.to_owned())
            .or_insert_with(|| broadcast::channel(16).0)
            .subscribe()
    }

    /// Nudges this replica's streams of one session.
    pub fn publish(&self, session_id: &str) {
        let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = channels.get(session_id) {
            let _ = tx.send(());
        }
    }

    /// Nudges every stream on this replica: each re-reads its session.
    pub fn publish_all(&self) {
        let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        for tx in channels.values() {
            let _ = tx.send(());
        }
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.clone()
    }
}

/// Commits a change to a session and tells every page watching it, on every replica.
pub async fn commit_and_publish(
    state: &AppState,
    mut conn: sqlx::Transaction<'_, sqlx::Any>,
    session_id: &str,
) -> sqlx::Result<()> {
    match state.config.backend() {
        Backend::Postgres => {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(session_id)
                .execute(&mut *conn)
                .await?;
            conn.commit().await
        }
        Backend::Sqlite => {
            conn.commit().await?;
            state.hub.publish(session_id);
            Ok(())
        }
    }
}

/// PostgreSQL only: feeds this replica's hub with the changes every replica announces.
/// Runs until the server stops; a lost connection is re-established (sqlx's listener
/// reconnects by itself; if that fails too, this starts over after a pause).
pub async fn listen_forever(url: SecretString, hub: Hub) {
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
