//! The unit of work: every change to the database is a closure run in one transaction by
//! [`Store::write`], which commits it and only then tells the pages watching the sessions
//! it touched (on every replica) and the webhook delivery, so nobody ever sees a change
//! that is later rolled back.
//!
//! The closure runs on a task of its own, never on the request's: a request dropped half
//! way (the payer closed the page) does not drop its change half way; it commits or rolls
//! back whole.
//!
//! On SQLite every change goes through one writer task ([`writer`]): SQLite has one
//! writer at a time anyway, and the task commits the changes that queued up meanwhile
//! together, each in a savepoint of its own, so one `fsync` serves many. On PostgreSQL
//! each change is a transaction on a pool connection, and writers to one session are
//! ordered by its row lock ([`Change::lock_session`]).

use futures::future::BoxFuture;
use sqlx::{Any, AnyConnection};
use tracing::Instrument;

use super::{Backend, Store, StoreError};
use crate::requests::RequestId;

/// A change in progress: its connection, and what to announce once it commits.
pub struct Change {
    conn: Conn,
    /// The request this change is made for (a worker's change gets an id of its own):
    /// the webhooks it queues carry it.
    request_id: RequestId,
    /// Sessions whose pages must re-read them.
    touched: Vec<String>,
    /// Whether a merchant webhook was queued.
    queued: bool,
}

enum Conn {
    /// A PostgreSQL transaction of the change's own.
    Transaction(sqlx::Transaction<'static, Any>),
    /// The SQLite writer's connection, in the transaction of its batch.
    Writer(AnyConnection),
}

impl Change {
    pub(super) fn conn(&mut self) -> &mut AnyConnection {
        match &mut self.conn {
            Conn::Transaction(tx) => tx,
            Conn::Writer(conn) => conn,
        }
    }

    pub(super) fn backend(&self) -> Backend {
        match self.conn {
            Conn::Transaction(_) => Backend::Postgres,
            Conn::Writer(_) => Backend::Sqlite,
        }
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

    pub(super) fn request_id(&self) -> &RequestId {
        &self.request_id
    }

    pub(super) fn set_request_id(&mut self, id: RequestId) {
        self.request_id = id;
    }

    pub(super) fn on_writer(conn: AnyConnection) -> Change {
        Change {
            conn: Conn::Writer(conn),
            request_id: RequestId::new(),
            touched: Vec::new(),
            queued: false,
        }
    }

    /// What a batch's changes announce once it commits, and the writer's connection back.
    pub(super) fn into_writer(self) -> (AnyConnection, Vec<String>, bool) {
        match self.conn {
            Conn::Writer(conn) => (conn, self.touched, self.queued),
            Conn::Transaction(_) => unreachable!("only the writer makes writer changes"),
        }
    }

    /// Where a change starts in a batch, to forget what it announced if it rolls back.
    pub(super) fn mark(&self) -> (usize, bool) {
        (self.touched.len(), self.queued)
    }

    pub(super) fn forget_since(&mut self, (touched, queued): (usize, bool)) {
        self.touched.truncate(touched);
        self.queued = queued;
    }
}

/// The PostgreSQL channel session changes are announced on; the payload is the session id.
pub const CHANNEL: &str = "orkestra_checkout_session";

impl Store {
    /// Runs `work` in one transaction: committed when it returns `Ok`, rolled back when
    /// it returns `Err` (and then nothing is announced).
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: for<'c> FnOnce(&'c mut Change) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
    {
        // The change runs on another task: it carries its request's id and log span.
        let request_id = RequestId::current().unwrap_or_default();
        let span = tracing::Span::current();
        match &self.writer {
            Some(writer) => writer.write(request_id, span, work).await,
            None => {
                let store = self.clone();
                let task = async move { store.transaction(request_id, work).await };
                match tokio::spawn(task.instrument(span)).await {
                    Ok(result) => result,
                    Err(join) => Err(StoreError::Aborted(join.to_string()).into()),
                }
            }
        }
    }

    /// A change in a PostgreSQL transaction of its own.
    async fn transaction<T, E, F>(&self, request_id: RequestId, work: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: for<'c> FnOnce(&'c mut Change) -> BoxFuture<'c, Result<T, E>>,
    {
        let tx = self.pool.begin().await.map_err(StoreError::from)?;
        let mut change = Change {
            conn: Conn::Transaction(tx),
            request_id,
            touched: Vec::new(),
            queued: false,
        };
        let value = work(&mut change).await?;
        let Conn::Transaction(mut tx) = change.conn else {
            unreachable!("made above")
        };
        // Delivered to every replica's listener on commit, never for a rollback.
        for session_id in &change.touched {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(session_id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        self.announce(&change.touched, change.queued, Backend::Postgres);
        Ok(value)
    }

    /// After a commit: this replica's pages and snapshots, and its webhook delivery.
    pub(super) fn announce(&self, touched: &[String], queued: bool, backend: Backend) {
        for session_id in touched {
            match backend {
                Backend::Sqlite => self.hub.publish(session_id),
                // The streams hear it through the listener, like every replica's; but this
                // replica's own next read must not be a snapshot from before its change.
                Backend::Postgres => self.hub.snapshots().changed(session_id),
            }
        }
        if queued {
            self.outbox.notify_one();
        }
    }
}
