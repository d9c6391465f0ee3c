//! SQLite's one writer: a task that owns the write connection and runs every change
//! ([`Store::write`](super::Store::write)) one after another. The changes that queue up
//! while a batch runs join it: each in a savepoint of its own (a change that fails rolls
//! back alone), all committed together, so one `fsync` makes many durable. A change's
//! caller hears of it only after that commit. Readers use the pool and are never blocked
//! (WAL), and no writer ever waits on SQLite's lock or its busy timeout.
//!
//! New sessions, the busiest write, are not changes but data ([`Writer::insert_session`]):
//! the batch gathers them and stores them all with two statements before it commits,
//! rather than three statements each (every statement is a round trip to SQLite's own
//! thread, and those round trips, not SQLite, bounded the writer).

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::FutureExt;
use sqlx::{AnyConnection, Connection};
use tokio::sync::{mpsc, oneshot, Notify};

use tracing::Instrument;

use super::new_sessions::NewSession;
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
/// Where a new session's caller hears whether it was stored (`false`: its
/// `merchantOrderId` was taken), and gets the session back.
type SessionReply = oneshot::Sender<Result<(NewSession, bool), StoreError>>;

/// What the writer is given: a change to run, or a new session to store.
enum Item {
    Job(Job),
    Session(Box<NewSession>, SessionReply),
}

#[derive(Clone)]
pub(super) struct Writer {
    jobs: mpsc::UnboundedSender<Item>,
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
                    let _ = reply.send(told(result, committed));
                });
                (keep, finish)
            })
        });
        if self.jobs.send(Item::Job(job)).is_err() {
            return Err(StoreError::Aborted("the writer has stopped".into()).into());
        }
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Aborted("the change was lost (its task panicked)".into()).into())
        })
    }

    /// Stores a new session with the others of its batch: the session back, and whether it
    /// was stored (`false` when a session already uses its `merchantOrderId`).
    pub(super) async fn insert_session(
        &self,
        new: NewSession,
    ) -> Result<(NewSession, bool), StoreError> {
        let (reply, answer) = oneshot::channel();
        if self.jobs.send(Item::Session(Box::new(new), reply)).is_err() {
            return Err(StoreError::Aborted("the writer has stopped".into()));
        }
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Aborted(
                "the session was lost (the writer stopped)".into(),
            ))
        })
    }
}

struct Announce {
    hub: Hub,
    outbox: Arc<Notify>,
}

/// What a change's caller hears: its own result if the batch committed.
fn told<T, E: From<StoreError>>(
    result: Result<T, E>,
    committed: Result<(), String>,
) -> Result<T, E> {
    match (result, committed) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(why)) => Err(StoreError::Aborted(why).into()),
        (Err(err), _) => Err(err),
    }
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

async fn run(
    mut conn: AnyConnection,
    mut queue: mpsc::UnboundedReceiver<Item>,
    announce: Announce,
) {
    while let Some(first) = queue.recv().await {
        let started = Instant::now();
        if let Err(err) = exec(&mut conn, "BEGIN IMMEDIATE").await {
            // Dropping the item drops its caller's reply: it hears the change was lost.
            tracing::error!(error = %err, "the writer could not begin a transaction");
            drop(first);
            continue;
        }
        let mut change = Change::on_writer(conn);
        let mut finishes = Vec::new();
        let mut sessions = Vec::new();
        let mut broken = None;
        let mut next = Some(first);
        while let Some(item) = next.take() {
            match item {
                Item::Job(job) => match run_one(&mut change, job).await {
                    Ok(finish) => finishes.push(finish),
                    Err(err) => {
                        broken = Some(err);
                        break;
                    }
                },
                Item::Session(new, reply) => sessions.push((*new, reply)),
            }
            if finishes.len() + sessions.len() < MAX_BATCH && started.elapsed() < MAX_BATCH_TIME {
                next = queue.try_recv().ok();
            }
        }
        if !sessions.is_empty() {
            let (stored, failed) = match broken {
                // The batch is rolled back: they hear so with its other changes.
                Some(_) => (
                    sessions
                        .into_iter()
                        .map(|(new, r)| reply_with(r, new, Ok(false)))
                        .collect(),
                    None,
                ),
                None => store_sessions(&mut change, sessions).await,
            };
            finishes.extend(stored);
            broken = broken.or(failed);
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

fn reply_with(reply: SessionReply, new: NewSession, stored: Result<bool, StoreError>) -> Finish {
    Box::new(move |committed| {
        let _ = reply.send(told(stored.map(|stored| (new, stored)), committed));
    })
}

/// The batch's new sessions, stored together in a savepoint; if that fails, each in a
/// savepoint of its own, so that one which cannot be stored fails alone. Every session
/// gets its finish; the error is that of a savepoint statement (the batch is then rolled
/// back whole).
async fn store_sessions(
    change: &mut Change,
    sessions: Vec<(NewSession, SessionReply)>,
) -> (Vec<Finish>, Option<String>) {
    let (news, replies): (Vec<NewSession>, Vec<SessionReply>) = sessions.into_iter().unzip();
    let mut results = Vec::with_capacity(news.len());
    let mut broken = None;
    match in_savepoint(change, &news).await {
        Ok(Ok(stored)) => results.extend(stored.into_iter().map(Ok)),
        Ok(Err(err)) if news.len() == 1 => results.push(Err(err)),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, sessions = news.len(),
                "storing a batch's sessions together failed; storing them one by one");
            for new in &news {
                match in_savepoint(change, std::slice::from_ref(new)).await {
                    Ok(result) => results.push(result.map(|one| one == [true])),
                    Err(why) => {
                        broken = Some(why);
                        break;
                    }
                }
            }
        }
        Err(why) => broken = Some(why),
    }
    // Those not reached hear of the rollback their batch's savepoint failure brings.
    results.resize_with(news.len(), || Ok(false));
    let finishes = replies
        .into_iter()
        .zip(news)
        .zip(results)
        .map(|((reply, new), result)| reply_with(reply, new, result))
        .collect();
    (finishes, broken)
}

/// `news` stored in a savepoint, rolled back to it when they cannot be; `Err` when a
/// savepoint statement itself failed.
async fn in_savepoint(
    change: &mut Change,
    news: &[NewSession],
) -> Result<Result<Vec<bool>, StoreError>, String> {
    exec(change.conn(), "SAVEPOINT sessions").await?;
    let result = change.insert_sessions(news).await;
    if result.is_err() {
        exec(change.conn(), "ROLLBACK TO SAVEPOINT sessions").await?;
    }
    Ok(result)
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
