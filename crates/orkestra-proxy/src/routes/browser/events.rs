//! `GET /api/pay/{token}/events`: the page's live status as Server-Sent Events: one
//! `session` event with the whole page session on connect and after every change to it,
//! a comment every 15 s so proxies in between keep the connection, and `reconnect` when
//! the server stops (the page connects again, to another replica or to this one).
//!
//! A [`Feed`] makes the bytes; two transports send them: this route (on a connection
//! that already carried another request), and `routes::live`, which serves a fresh
//! connection asking for a stream straight off its socket, without hyper's buffers.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use super::page;
use crate::error::AppError;
use crate::state::AppState;

/// How often a quiet stream sends a comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub const CONTENT_TYPE: &str = "text/event-stream";

/// One page's stream of events.
pub struct Feed {
    state: AppState,
    token: String,
    changes: broadcast::Receiver<()>,
    shutdown: watch::Receiver<bool>,
    first: bool,
    ended: bool,
}

impl Feed {
    /// The feed of `token`'s page; `NotFound` for a token that opens none.
    pub async fn open(state: AppState, token: String) -> Result<Feed, AppError> {
        let (session, _) = state
            .store
            .charge_by_token(&token)
            .await?
            .ok_or(AppError::NotFound)?;
        let hub = state.store.hub();
        Ok(Feed {
            changes: hub.subscribe(&session.id),
            shutdown: hub.shutdown_signal(),
            state,
            token,
            first: true,
            ended: false,
        })
    }

    /// The next bytes to send; `None` once the stream is over.
    pub async fn next(&mut self) -> Option<Bytes> {
        if self.ended {
            return None;
        }
        if !std::mem::take(&mut self.first) {
            tokio::select! {
                received = self.changes.recv() => {
                    // Lagged: nudges were missed, and one re-read covers them all.
                    if let Err(RecvError::Closed) = received {
                        return None;
                    }
                }
                _ = self.shutdown.wait_for(|stopping| *stopping) => {
                    self.ended = true;
                    return Some(Bytes::from_static(
                        b"event: reconnect\ndata: the server is restarting\n\n",
                    ));
                }
                _ = tokio::time::sleep(KEEP_ALIVE) => return Some(Bytes::from_static(b":\n\n")),
            }
        }
        // Boxed: a stream waits far longer than it reads, and only the reading needs the
        // read's state (a held stream's task stays small).
        Some(match Box::pin(page(&self.state, &self.token)).await {
            // A serialised session is one line (JSON escapes newlines): one `data:` line.
            Ok(body) => {
                let mut event = Vec::with_capacity(body.0.len() + 24);
                event.extend_from_slice(b"event: session\ndata: ");
                event.extend_from_slice(&body.0);
                event.extend_from_slice(b"\n\n");
                Bytes::from(event)
            }
            Err(_) => Bytes::from_static(b"event: reconnect\ndata: try again\n\n"),
        })
    }
}

pub async fn events(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let feed = Feed::open(state, token).await?;
    let body = futures::stream::unfold(feed, |mut feed| async move {
        let chunk = feed.next().await?;
        Some((Ok::<_, std::convert::Infallible>(chunk), feed))
    });
    let mut response = Body::from_stream(body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    Ok(response)
}
