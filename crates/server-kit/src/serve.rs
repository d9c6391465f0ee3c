//! Start-up every server of the workspace repeats: bind the address, log, serve until a
//! signal with the requests in flight finishing, and run background workers that live
//! exactly as long as the server.
//!
//! ```text
//! let listener = server_kit::bind(&config.address).await?;
//! let mut workers = server_kit::Workers::default();
//! workers.spawn(deliver_forever(state.clone()));
//! server_kit::serve(listener, app(state), workers, server_kit::shutdown_signal()).await
//! ```

use std::future::Future;

use anyhow::Context;
use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Binds `address` (`host:port`; port 0 picks a free one), naming it when that fails.
pub async fn bind(address: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address)
        .await
        .with_context(|| format!("binding {address}"))
}

/// Logs to stdout; `RUST_LOG` overrides `default_filter`. `LOG_FORMAT=json` writes one
/// JSON object a line (for a log collector), with the fields of the spans it is in (the
/// proxy's `request_id`, `route`, `client`) beside the event's own; any other value, or
/// none, writes text, coloured only when stdout is a terminal.
///
/// Lines are written by a thread of their own, so a request never waits on the terminal,
/// the pipe or the file its line goes to (the proxy logs every request; written in place,
/// those writes took a tenth of its time on reads and blocked a worker whenever the pipe
/// was full). None is dropped: past 128,000 lines waiting, the writer waits again. Keep the
/// guard for as long as the process logs: dropping it writes what is still waiting.
#[must_use = "the log's last lines are written when the guard is dropped"]
pub fn init_tracing(default_filter: &str) -> tracing_appender::non_blocking::WorkerGuard {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| default_filter.into());
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("log-writer")
        // Lines that queued up while it wrote go out together, in one write; the thread
        // flushes whenever nothing more waits, so a quiet server's lines are not held back.
        .finish(std::io::BufWriter::with_capacity(
            64 * 1024,
            std::io::stdout(),
        ));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::stdout().is_terminal());
    match std::env::var("LOG_FORMAT").as_deref() {
        Ok("json") => builder
            .json()
            .with_current_span(false)
            .with_span_list(true)
            .flatten_event(true)
            .init(),
        _ => builder.init(),
    }
    guard
}

/// Resolves on Ctrl-C or SIGTERM (what `cargo xtask run` and process managers send).
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Background tasks (outbox senders, sweepers…) that run beside a server and stop with
/// it: [`serve`] aborts them when serving ends, and so does dropping them, so a server that
/// fails to start leaves none behind.
#[derive(Default)]
pub struct Workers(Vec<JoinHandle<()>>);

impl Workers {
    /// Starts `task` now.
    pub fn spawn(&mut self, task: impl Future<Output = ()> + Send + 'static) -> &mut Self {
        self.0.push(tokio::spawn(task));
        self
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in &self.0 {
            worker.abort();
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves (requests in flight finish), then
/// stops `workers`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    workers: Workers,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    drop(workers);
    Ok(result?)
}

/// [`serve`] from any listener (the proxy's hands axum only the connections it does not
/// serve itself), each request knowing its peer as `ConnectInfo<C>` (for limits per client
/// IP, request logs).
pub async fn serve_with_connect_info<L, C>(
    listener: L,
    app: Router,
    workers: Workers,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()>
where
    L: Listener,
    L::Addr: std::fmt::Debug,
    C: for<'a> Connected<IncomingStream<'a, L>> + Clone + Send + Sync + 'static,
{
    let service = app.into_make_service_with_connect_info::<C>();
    let result = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await;
    drop(workers);
    Ok(result?)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use axum::routing::get;

    use super::*;

    #[tokio::test]
    async fn a_server_answers_until_its_signal_and_its_workers_stop_with_it() {
        let listener = bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let running = Arc::new(AtomicBool::new(false));
        let mut workers = Workers::default();
        let flag = running.clone();
        workers.spawn(async move {
            // Holds the flag up for as long as the worker lives.
            struct Down(Arc<AtomicBool>);
            impl Drop for Down {
                fn drop(&mut self) {
                    self.0.store(false, Ordering::SeqCst);
                }
            }
            flag.store(true, Ordering::SeqCst);
            let _down = Down(flag);
            std::future::pending::<()>().await
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new().route("/healthz", get(|| async { "ok" }));
        let server = tokio::spawn(serve(listener, app, workers, async {
            let _ = stopped.await;
        }));
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("ok"), "{answer}");
        assert!(running.load(Ordering::SeqCst));
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
        // The abort lands at the worker's next poll.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !running.load(Ordering::SeqCst),
            "the worker outlived the server"
        );
        assert!(tokio::net::TcpStream::connect(address).await.is_err());
    }

    #[tokio::test]
    async fn binding_a_taken_address_names_it() {
        let taken = bind("127.0.0.1:0").await.unwrap();
        let address = taken.local_addr().unwrap().to_string();
        let err = bind(&address).await.unwrap_err();
        assert!(format!("{err:#}").contains(&address), "{err:#}");
    }
}
