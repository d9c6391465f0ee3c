//! Live-status streams served straight off the socket. A stream is held open for as long
//! as a payer's page is, so its cost is what decides how many payers one replica can
//! watch at once: through hyper a connection keeps a 16 KB read buffer and an 8 KB write
//! buffer for its life (measured with heaptrack: 26.5 KB a stream in all). A fresh
//! connection whose first request asks for a stream (`GET /api/pay/{token}/events`) is
//! served here instead: its request head read into a small buffer and dropped, then the
//! same bytes the route sends ([`Feed`]), written as they come, the connection closed
//! at the end (`Connection: close`, so no chunking is needed).
//!
//! Every other connection goes to axum through [`Listener`], which hands over what it
//! accepted once its first bytes show it is not a stream. A stream asked for on a
//! connection that already carried a request (a browser reusing one) is served by the
//! route, with the same [`Feed`].

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use super::browser::events::{Feed, CONTENT_TYPE};
use super::cors;
use crate::error::AppError;
use crate::metrics::Limit;
use crate::state::AppState;

/// The longest request head a stream's request may have.
const MAX_HEAD: usize = 8 * 1024;
/// How long a connection may take to send its first request line before it is handed to
/// axum as it is (which then waits for it as for any other).
const FIRST_LINE: Duration = Duration::from_secs(10);

/// The client's address, as axum's handlers get it (`ConnectInfo<PeerAddr>`).
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub SocketAddr);

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, Listener>>
    for PeerAddr
{
    fn connect_info(stream: axum::serve::IncomingStream<'_, Listener>) -> Self {
        *stream.remote_addr()
    }
}

/// What axum accepts from: the connections that are not streams.
pub struct Listener {
    connections: mpsc::Receiver<(TcpStream, PeerAddr)>,
    address: SocketAddr,
}

impl Listener {
    /// Accepts on `tcp`, serving the streams itself with `state` and handing the rest over.
    pub fn new(tcp: TcpListener, state: AppState) -> io::Result<(Listener, Streams)> {
        let address = tcp.local_addr()?;
        let (handover, connections) = mpsc::channel(1024);
        let streams = Streams(Arc::new(()));
        tokio::spawn(accept(tcp, state, handover, streams.clone()));
        Ok((
            Listener {
                connections,
                address,
            },
            streams,
        ))
    }
}

/// The streams being served here: each holds a clone while it runs.
#[derive(Clone)]
pub struct Streams(Arc<()>);

impl Streams {
    /// Waits (at most `limit`) for every stream to end: at shutdown each sends its
    /// `reconnect` event and closes, which takes a moment, not a request's time.
    pub async fn ended(self, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        while Arc::strong_count(&self.0) > 1 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl axum::serve::Listener for Listener {
    type Io = TcpStream;
    type Addr = PeerAddr;

    async fn accept(&mut self) -> (TcpStream, PeerAddr) {
        match self.connections.recv().await {
            Some(connection) => connection,
            // The accept loop ended (its socket failed for good): nothing more comes.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<PeerAddr> {
        Ok(PeerAddr(self.address))
    }
}

/// Accepts until axum stops asking (its listener dropped), sorting each connection on
/// a task of its own so that a slow client holds up nobody.
async fn accept(
    tcp: TcpListener,
    state: AppState,
    handover: mpsc::Sender<(TcpStream, PeerAddr)>,
    streams: Streams,
) {
    loop {
        let (stream, peer) = tokio::select! {
            accepted = tcp.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = handover.closed() => return,
        };
        let (state, handover, streams) = (state.clone(), handover.clone(), streams.clone());
        tokio::spawn(async move {
            match stream_token(&stream).await {
                Some(token) => {
                    serve(stream, PeerAddr(peer), token, state).await;
                    drop(streams);
                }
                None => {
                    let _ = handover.send((stream, PeerAddr(peer))).await;
                }
            }
        });
    }
}

/// The page token, when the connection's first request asks for a stream
/// (`GET /api/pay/{token}/events HTTP/1.1`), read without consuming anything.
async fn stream_token(stream: &TcpStream) -> Option<String> {
    let mut buffer = [0u8; 256];
    let deadline = tokio::time::Instant::now() + FIRST_LINE;
    loop {
        tokio::time::timeout_at(deadline, stream.readable())
            .await
            .ok()?
            .ok()?;
        let seen = match stream.peek(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => &buffer[..n],
        };
        if let Some(end) = seen.windows(2).position(|w| w == b"\r\n") {
            let line = std::str::from_utf8(&seen[..end]).ok()?;
            let path = line.strip_prefix("GET ")?.strip_suffix(" HTTP/1.1")?;
            let token = path.strip_prefix("/api/pay/")?.strip_suffix("/events")?;
            let plain = !token.is_empty()
                && token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_');
            return plain.then(|| token.to_owned());
        }
        if seen.len() == buffer.len() || !seen.starts_with(&b"GET /api/pay/"[..seen.len().min(13)])
        {
            return None;
        }
        // The line is still arriving: wait for more than what is there.
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Reads the request head (and drops it), answers, then streams until either side ends.
async fn serve(mut stream: TcpStream, peer: PeerAddr, token: String, state: AppState) {
    // Boxed, as everything done once before the stream starts: the task then holds only
    // what streaming needs, for the stream's whole life.
    let Some(headers) = Box::pin(read_head(&mut stream)).await else {
        return;
    };
    let client = state.config.trusted_proxies.client(peer.0.ip(), &headers);
    let id = state
        .config
        .trusted_proxies
        .request_id(peer.0.ip(), &headers);
    if let Err(err) = state.limits.per_ip.check(&client) {
        state.metrics.rate_limited(Limit::client_ip);
        let _ = Box::pin(respond(&mut stream, AppError::RateLimited(err), &[])).await;
        return;
    }
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let cors = Box::pin(cors::headers_for(&state, &token, origin.as_deref())).await;
    let mut feed = match Box::pin(Feed::open(state.clone(), token)).await {
        Ok(feed) => feed,
        Err(err) => {
            let _ = Box::pin(respond(&mut stream, err, &cors)).await;
            return;
        }
    };
    let mut head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {CONTENT_TYPE}\r\ncache-control: no-store\r\n\
         x-content-type-options: nosniff\r\nx-request-id: {id}\r\nconnection: close\r\n"
    );
    for (name, value) in &cors {
        head.push_str(&format!(
            "{name}: {}\r\n",
            value.to_str().unwrap_or_default()
        ));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let _open = state.metrics.live_stream();
    loop {
        let next = feed.next();
        tokio::pin!(next);
        // While waiting for the next event, notice a client that went away.
        let chunk = loop {
            tokio::select! {
                chunk = &mut next => break chunk,
                ready = stream.readable() => {
                    if ready.is_err() || closed(&stream) {
                        return;
                    }
                }
            }
        };
        let Some(chunk) = chunk else { break };
        if stream.write_all(&chunk).await.is_err() {
            return;
        }
    }
    let _ = stream.shutdown().await;
}

/// Whether the client closed its side (what it sends after its request is discarded).
fn closed(stream: &TcpStream) -> bool {
    let mut sink = [0u8; 64];
    match stream.try_read(&mut sink) {
        Ok(0) => true,
        Ok(_) => false,
        Err(err) => err.kind() != io::ErrorKind::WouldBlock,
    }
}

/// The request head, up to its blank line (its headers parsed; the buffer dropped).
async fn read_head(stream: &mut TcpStream) -> Option<HeaderMap> {
    use tokio::io::AsyncReadExt;
    let mut buffer = Vec::with_capacity(1024);
    let deadline = tokio::time::Instant::now() + FIRST_LINE;
    loop {
        let mut chunk = [0u8; 1024];
        let n = tokio::time::timeout_at(deadline, stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        let mut slots = [httparse::EMPTY_HEADER; 32];
        let mut request = httparse::Request::new(&mut slots);
        match request.parse(&buffer) {
            Ok(httparse::Status::Complete(_)) => {
                let mut headers = HeaderMap::new();
                for h in request.headers.iter() {
                    if let (Ok(name), Ok(value)) = (
                        HeaderName::from_bytes(h.name.as_bytes()),
                        HeaderValue::from_bytes(h.value),
                    ) {
                        headers.append(name, value);
                    }
                }
                return Some(headers);
            }
            Ok(httparse::Status::Partial) if buffer.len() < MAX_HEAD => continue,
            _ => return None,
        }
    }
}

/// Writes an error answer as the API renders it, and closes.
async fn respond(
    stream: &mut TcpStream,
    error: AppError,
    extra: &[(HeaderName, HeaderValue)],
) -> io::Result<()> {
    let response = error.into_response();
    let status: StatusCode = response.status();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    for (name, value) in response
        .headers()
        .iter()
        .chain(extra.iter().map(|(n, v)| (n, v)))
    {
        head.push_str(&format!(
            "{name}: {}\r\n",
            value.to_str().unwrap_or_default()
        ));
    }
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    head.push_str(&format!(
        "cache-control: no-store\r\nx-content-type-options: nosniff\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}
