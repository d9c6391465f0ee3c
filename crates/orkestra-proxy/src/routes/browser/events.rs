//! `GET /api/pay/{token}/events`: Server-Sent Events, one `session` event with the whole
//! page session on connect and after every change; `reconnect` when the server stops.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::page;
use crate::error::AppError;
use crate::state::AppState;

pub async fn events(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let (session, _) = state
        .store
        .charge_by_token(&token)
        .await?
        .ok_or(AppError::NotFound)?;
    let feed = Feed {
        rx: state.store.hub().subscribe(&session.id),
        shutdown: state.store.hub().shutdown_signal(),
        state,
        token,
        first: true,
    };
    let stream = futures::stream::unfold(Some(feed), |feed| async move {
        let mut feed = feed?;
        if !std::mem::take(&mut feed.first) {
            tokio::select! {
                received = feed.rx.recv() => {
                    if let Err(RecvError::Closed) = received { return None; }
                }
                _ = feed.shutdown.wait_for(|stopping| *stopping) => {
                    let bye = Event::default().event("reconnect").data("the server is restarting");
                    return Some((Ok(bye), None));
                }
            }
        }
        // A serialised session is one line (JSON escapes its newlines): one `data:` line.
        let event = match page(&feed.state, &feed.token).await {
            Ok(body) => match std::str::from_utf8(&body.0) {
                Ok(json) => Event::default().event("session").data(json),
                Err(_) => Event::default().event("reconnect").data("try again"),
            },
            Err(_) => Event::default().event("reconnect").data("try again"),
        };
        Some((Ok(event), Some(feed)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

struct Feed {
    state: AppState,
    token: String,
    rx: tokio::sync::broadcast::Receiver<()>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    first: bool,
}
