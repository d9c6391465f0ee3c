//! The unit of work: every change to the database is a closure run in one transaction by
//! [`Store::write`], which commits it and only then tells the pages watching the sessions
//! it touched (on every replica) and the webhook delivery, so nobody ever sees a change
//! that is later rolled back.
//!
//! The closure runs on a task of its own: a request dropped half way (the payer closed
//! the page) does not drop its change half way; it commits or rolls back whole.

use futures::future::BoxFuture;
use sqlx::{Any, AnyConnection};

use super::{Backend, Store, StoreError};

/// A change in progress: the transaction, and what to announce once it commits.
pub struct Change {
    tx: sqlx::Transaction<'static, Any>,
    /// Sessions whose pages must re-read them.
    touched: Vec<String>,
    /// Whether a merchant webhook was queued.
    queued: bool,
}

impl Change {
    pub(super) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// The pages watching `session_id` re-read it once this change commits.
    pub fn touch(&mut self, session_id: &str) {
        if !self.touched.iter().any(|t| t == session_id) {
            self.touched.push(session_id.to_owned());
        }
    }

    pub(super) fn queued_webhook(&mut self) {
        self.queued = true;
    }
}

/// The PostgreSQL channel session changes are announced on; the payload is the session id.
pub const CHANNEL: &str = "orkestra_checkout_session";

impl Store {
    /// Runs `work` in one transaction: committed when it returns `Ok`, rolled back when
    /// it returns `Err` (and then nothing is announced).
    ///
    /// On SQLite the transaction takes the write lock up front (`BEGIN IMMEDIATE`): a
    /// deferred one reads first and fails at once with "database is locked" when another
    /// connection wrote in between, where this one waits its turn. On PostgreSQL, writers
    /// to one session are ordered by its row lock ([`Change::lock_session`]).
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: for<'c> FnOnce(&'c mut Change) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
    {
        let store = self.clone();
        let task = tokio::spawn(async move {
            let tx = match store.backend {
                Backend::Sqlite => store.pool.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => store.pool.begin().await,
            }
            .map_err(StoreError::from)?;
            let mut change = Change {
                tx,
                touched: Vec::new(),
                queued: false,
            };
            let value = work(&mut change).await?;
            store.commit(change).await?;
            Ok(value)
        });
        match task.await {
            Ok(result) => result,
            Err(join) => Err(StoreError::Aborted(join.to_string()).into()),
        }
    }

    async fn commit(&self, mut change: Change) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            // Delivered to every replica's listener on commit, never for a rollback.
            for session_id in &change.touched {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(session_id)
                    .execute(&mut *change.tx)
                    .await?;
            }
        }
        change.tx.commit().await?;
        if self.backend == Backend::Sqlite {
            for session_id in &change.touched {
                self.hub.publish(session_id);
            }
        }
        if change.queued {
            self.outbox.notify_one();
        }
        Ok(())
    }
}
