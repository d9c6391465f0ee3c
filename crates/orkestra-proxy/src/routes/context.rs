//! Around every request: who it comes from (the client's address, through trusted
//! proxies only), its id (a trusted proxy's `X-Request-Id`, else a new one) echoed in the
//! answer and carried by its log lines, its calls to Orkestra and the webhooks it causes,
//! and the headers every answer gets (HSTS when the proxy is served over https).

use std::net::IpAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::live::PeerAddr;
use crate::metrics::route_label;
use crate::requests::REQUEST_ID;
use crate::state::AppState;

const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// The client's address, as the per-IP limit and the log see it.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

pub async fn context(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<PeerAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = peer.0.ip();
    let client = state.config.trusted_proxies.client(peer, request.headers());
    let id = state
        .config
        .trusted_proxies
        .request_id(peer, request.headers());
    // The route's pattern, never its path: a path holds a page token, which pays.
    let route = route_label(
        request
            .extensions()
            .get::<MatchedPath>()
            .map_or("(none)", MatchedPath::as_str),
    );
    request.extensions_mut().insert(ClientIp(client));
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        route = %route,
        client = %client,
    );
    let header = HeaderValue::from_str(id.as_str()).ok();
    // Probes and scrapes come every few seconds from the infrastructure: their lines would
    // bury the requests that matter, so they log at debug.
    let probe = matches!(route, "/healthz" | "/readyz" | "/metrics");
    let method = method_label(request.method());
    let metrics = state.metrics.clone();
    let started = std::time::Instant::now();
    let mut response = id
        .scope(async move {
            let response = next.run(request).await;
            let elapsed = started.elapsed();
            let (status, ms) = (response.status().as_u16(), elapsed.as_millis() as u64);
            metrics.request(method, route, status, elapsed.as_secs_f64());
            if probe {
                tracing::debug!(status, ms, "answered");
            } else {
                tracing::info!(status, ms, "answered");
            }
            response
        })
        .instrument(span)
        .await;
    let headers = response.headers_mut();
    if let Some(value) = header {
        headers.insert(REQUEST_ID, value);
    }
    if state.config.public_url.starts_with("https://") {
        headers.insert(axum::http::header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

/// The method as a metrics label: the ones the proxy serves, every other one as `other`
/// (a label is a bounded set; a client can send any method it likes).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}
