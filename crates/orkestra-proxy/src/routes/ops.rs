//! The operations surface: `/healthz` (the process answers: for restarts), `/readyz`
//! (it can take payments: for load balancers) and `/metrics` (Prometheus).

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use secrecy::ExposeSecret;

use super::extract::bearer;
use crate::flows::readiness::readiness;
use crate::metrics::{StoredFigures, CONTENT_TYPE};
use crate::state::AppState;
use crate::time::now_ms;

/// Liveness: answers while the process serves requests, whatever its parts' state, so a
/// supervisor restarts it only when it is stuck, not when Orkestra is down.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: 200 with every part's state, or 503 naming the parts that failed.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let report = readiness(&state).await;
    if report.ready {
        return (StatusCode::OK, Json(&*report)).into_response();
    }
    for check in report.failed() {
        tracing::warn!(part = ?check.part, detail = %check.detail, "not ready");
    }
    (StatusCode::SERVICE_UNAVAILABLE, Json(&*report)).into_response()
}

/// The metrics, behind `PROXY_METRICS_TOKEN` when it is set.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = &state.config.metrics_token {
        let given = bearer(&headers);
        if !server_kit::constant_time_eq(given.as_bytes(), token.expose_secret().as_bytes()) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "PROXY_METRICS_TOKEN is set: send it as a Bearer token\n",
            )
                .into_response();
        }
    }
    let stored = match stored_figures(&state).await {
        Ok(figures) => Some(figures),
        Err(err) => {
            tracing::warn!(error = %err, "metrics: the database's figures could not be read");
            None
        }
    };
    match state.metrics.encode(stored.as_ref()) {
        Ok(text) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn stored_figures(state: &AppState) -> Result<StoredFigures, crate::store::StoreError> {
    let (outbox, sessions) = tokio::try_join!(
        state.store.outbox_figures(),
        state.store.sessions_by_status()
    )?;
    // Every status named, so a status nobody is in reads 0 rather than vanishing.
    let sessions = orkestra_core::api::merchant::SessionStatus::ALL
        .into_iter()
        .map(|status| {
            let count = sessions
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            (status.as_str(), count)
        })
        .collect();
    Ok(StoredFigures {
        webhooks_pending: outbox.pending,
        oldest_pending_seconds: outbox
            .oldest_pending_at
            .map_or(0, |at| (now_ms() - at).max(0) / 1000),
        webhooks_dead: outbox.dead,
        sessions,
    })
}
