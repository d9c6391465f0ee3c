//! SQLite's one writer: a task that owns the write connection and runs every change
//! ([`Store::write`](super::Store::write)) one after another. The changes that queue up
//! while a batch runs join it: each in a savepoint of its own (a change that fails rolls
//! back alone), all committed together, so one `fsync` makes many durable. A change's
//! caller hears of it only after that commit. Readers use the pool and are never blocked
//! (WAL), and no writer ever waits on SQLite's lock or its busy timeout.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::FutureExt;
use sqlx::{AnyConnection, Connection};
use tokio::sync::{mpsc, oneshot, Notify};

use tracing::Instrument;

use super::{Change, Hub, StoreError};
use crate::requests::RequestId;

/// Most changes one commit carries.
const MAX_BATCH: usize = 128;
/// How long a batch keeps taking changes that arrive while it runs before it commits.
const MAX_BATCH_TIME: Duration = Duration::from_millis(5);

/// Tells a change's caller how it ended, once its batch committed (or did not).
type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;
/// A change: run in the batch's transaction, it says whether to keep it, and how to tell
/// its caller.
type Job = Box<dyn for<'c> FnOnce(&'c mut Change) -> BoxFuture<'c, (bool, Finish)> + Send>;

#[derive(Clone)]
pub(super) struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Writer {
    /// Opens the write connection and starts the task (which ends when every [`Writer`] is
    /// dropped).
    pub(super) async fn start(
        url: &str,
        hub: Hub,
        outbox: Arc<Notify>,
    ) -> Result<Writer, sqlx::Error> {
        let mut conn = AnyConnection::connect(url).await?;
        // Durable on commit: the WAL is synced on every commit (sqlx's default too; said
        // here). The WAL is copied back into the database by SQLite's own checkpoint, run
        // by the commit that finds 1,000 pages in it, on this connection. A checkpoint run
        // beside the writer instead (on a connection of its own, to spare one batch that
        // copy) never found the WAL fully copied while sessions kept coming, so the WAL
        // was never started again from its beginning: it grew by ~1 GB in 16 s of session
        // creates, and appending to an ever longer file cost more than the copies do
        // (measured in `cargo xtask bench proxy`: creates about twice as fast this way).
        // Savepoints' journals stay in memory rather than in temporary files.
        sqlx::query(
            "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 1000; \
             PRAGMA temp_store = MEMORY",
        )
        .execute(&mut conn)
        .await?;
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(run(conn, queue, Announce { hub, outbox }));
        Ok(Writer { jobs })
    }

    pub(super) async fn write<T, E, F>(
        &self,
        request_id: RequestId,
        span: tracing::Span,
        work: F,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: for<'c> FnOnce(&'c mut Change) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |change| {
            Box::pin(async move {
                change.set_request_id(request_id);
                let result = work(change).instrument(span).await;
                let keep = result.is_ok();
                let finish: Finish = Box::new(move |committed| {
                    let _ = reply.send(match (result, committed) {
                        (Ok(value), Ok(())) => Ok(value),
                        (Ok(_), Err(why)) => Err(StoreError::Aborted(why).into()),
                        (Err(err), _) => Err(err),
                    });
                });
                (keep, finish)
            })
        });
        if self.jobs.send(job).is_err() {
            return Err(StoreError::Aborted("the writer has stopped".into()).into());
        }
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Aborted("the change was lost (its task panicked)".into()).into())
        })
    }
}

struct Announce {
    hub: Hub,
    outbox: Arc<Notify>,
}

/// Runs one statement on the writer's connection (boxed, so the task's future stays
/// `Send` for every lifetime the compiler asks about).
fn exec<'c>(conn: &'c mut AnyConnection, sql: &'static str) -> BoxFuture<'c, Result<(), String>> {
    Box::pin(async move {
        sqlx::query(sql)
            .execute(&mut *conn)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    })
}

async fn run(mut conn: AnyConnection, mut queue: mpsc::UnboundedReceiver<Job>, announce: Announce) {
    while let Some(first) = queue.recv().await {
        let started = Instant::now();
        if let Err(err) = exec(&mut conn, "BEGIN IMMEDIATE").await {
            // Dropping the change drops its caller's reply: it hears the change was lost.
            tracing::error!(error = %err, "the writer could not begin a transaction");
            drop(first);
            continue;
        }
        let mut change = Change::on_writer(conn);
        let mut finishes = Vec::new();
        let mut broken = None;
        let mut next = Some(first);
        while let Some(job) = next.take() {
            match run_one(&mut change, job).await {
                Ok(finish) => finishes.push(finish),
                Err(err) => {
                    broken = Some(err);
                    break;
                }
            }
            if finishes.len() < MAX_BATCH && started.elapsed() < MAX_BATCH_TIME {
                next = queue.try_recv().ok();
            }
        }
        let (mut back, touched, queued) = change.into_writer();
        let committed = match broken {
            Some(err) => Err(err),
            None => exec(&mut back, "COMMIT").await,
        };
        if committed.is_err() {
            let _ = exec(&mut back, "ROLLBACK").await;
        } else {
            for session_id in &touched {
                announce.hub.publish(session_id);
            }
            if queued {
                announce.outbox.notify_one();
            }
        }
        for finish in finishes {
            finish(committed.clone());
        }
        conn = back;
    }
}

/// One change in a savepoint of its own: kept when it succeeds, rolled back alone when it
/// fails or panics. Savepoints nest and all commit with the batch, so a change costs one
/// statement more (opening its savepoint), not two. `Err` when a savepoint statement
/// itself failed (the batch is then rolled back whole).
fn run_one(change: &mut Change, job: Job) -> BoxFuture<'_, Result<Finish, String>> {
    Box::pin(async move {
        exec(change.conn(), "SAVEPOINT unit").await?;
        let mark = change.mark();
        let outcome = AssertUnwindSafe(job(change)).catch_unwind().await;
        let (keep, finish) = match outcome {
            Ok((keep, finish)) => (keep, Some(finish)),
            Err(_) => {
                tracing::error!("a change panicked; it is rolled back");
                (false, None)
            }
        };
        if !keep {
            change.forget_since(mark);
            // To this change's savepoint: the latest of that name.
            exec(change.conn(), "ROLLBACK TO SAVEPOINT unit").await?;
        }
        // A change that panicked has no caller left to tell (its reply was dropped with it).
        Ok(finish.unwrap_or_else(|| Box::new(|_| {})))
    })
}
