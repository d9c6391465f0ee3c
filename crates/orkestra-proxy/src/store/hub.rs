//! Live status for pages: a change to a session wakes every page streaming it.
//! Subscribers get a nudge, not the data: each re-reads the session, so a page is never
//! shown a stale or partial state, however many nudges it missed.
//!
//! On SQLite there is one replica, and [`Store::write`](super::Store::write) nudges the
//! hub once a change is committed. On PostgreSQL the page may be streaming from another
//! replica than the one that made the change, so every change is announced with
//! `pg_notify` in its own transaction (delivered on commit, never for a rollback), and each
//! replica's listener (`workers::listener`) feeds the announcements to its own hub.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};
use sqlx::postgres::PgListener;
use tokio::sync::{broadcast, watch};

use super::CHANNEL;
use crate::snapshots::Snapshots;

#[derive(Clone)]
pub struct Hub {
    channels: Arc<Mutex<HashMap<String, broadcast::Sender<()>>>>,
    /// The pages' snapshots, dropped with every announcement of a change to their session.
    snapshots: Arc<Snapshots>,
    /// Flips to true when the server is shutting down, so streams end and tell the page
    /// to reconnect (to another replica, or to this one once it is back).
    shutdown: watch::Receiver<bool>,
}

impl Hub {
    pub fn new(shutdown: watch::Receiver<bool>) -> Self {
        Hub {
            channels: Arc::default(),
            snapshots: Arc::default(),
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

    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }

    /// Nudges this replica's streams of one session (and drops its pages' snapshots).
    pub fn publish(&self, session_id: &str) {
        self.snapshots.changed(session_id);
        let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = channels.get(session_id) {
            let _ = tx.send(());
        }
    }

    /// Nudges every stream on this replica: each re-reads its session.
    pub fn publish_all(&self) {
        self.snapshots.all_changed();
        let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        for tx in channels.values() {
            let _ = tx.send(());
        }
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.clone()
    }
}

/// PostgreSQL only: listens for the changes every replica announces and nudges this
/// replica's streams of each, until the connection is lost for good. Whenever it
/// (re)connects it nudges every stream, so nothing announced while it was away is missed.
pub async fn listen(url: &SecretString, hub: &Hub) -> Result<Infallible, sqlx::Error> {
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
