//! CORS for the browser API (`/api/pay/{token}...`, the event stream included), so the
//! page mounted inline by the npm package can call it from the merchant's own origin. An
//! origin is allowed for exactly the sessions that list it in `embedOrigins`; every other
//! route, and every other origin, gets no CORS header at all.
//!
//! No credentials are involved (the token in the path is the capability, and the page
//! sends no cookies), so `Access-Control-Allow-Credentials` is never sent.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

const PREFIX: &str = "/api/pay/";
/// What the page sends beyond the CORS-safelisted headers.
const ALLOW_HEADERS: &str = "content-type, idempotency-key";
const ALLOW_METHODS: &str = "GET, POST";
/// Browsers cache a preflight for this long (Chromium caps it at 2 hours).
const MAX_AGE_SECONDS: &str = "600";

pub async fn browser_api(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != own_origin(&state.config.public_url))
        .map(str::to_owned);
    let (Some(token), Some(origin)) = (path.strip_prefix(PREFIX).map(first_segment), origin) else {
        return next.run(request).await;
    };
    let allowed = is_allowed(&state, token, &origin).await;
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        if allowed {
            let mut response = StatusCode::NO_CONTENT.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            headers.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE_SECONDS),
            );
            response
        } else {
            StatusCode::FORBIDDEN.into_response()
        }
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    if allowed {
        allow(headers, &origin);
    }
    // The answer depends on the Origin: a shared cache must not hand one origin's to another.
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    response
}

/// The CORS headers of an answer about `token`'s page to a request from `origin`: the
/// origin allowed when the session lists it, and `Vary: origin` for any other origin.
pub async fn headers_for(
    state: &AppState,
    token: &str,
    origin: Option<&str>,
) -> Vec<(HeaderName, HeaderValue)> {
    let Some(origin) = origin.filter(|o| *o != own_origin(&state.config.public_url)) else {
        return Vec::new();
    };
    let mut headers = Vec::new();
    if is_allowed(state, token, origin).await {
        if let Ok(value) = HeaderValue::from_str(origin) {
            headers.push((header::ACCESS_CONTROL_ALLOW_ORIGIN, value));
        }
    }
    headers.push((header::VARY, HeaderValue::from_static("origin")));
    headers
}

fn allow(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}

/// `abc` of `abc/transactions/x/otp`.
fn first_segment(rest: &str) -> &str {
    rest.split('/').next().unwrap_or_default()
}

/// `scheme://host[:port]` of a URL (the proxy's public URL may carry a path).
fn own_origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find('/').map_or(url.len(), |i| start + i);
    &url[..end]
}

async fn is_allowed(state: &AppState, token: &str, origin: &str) -> bool {
    if let Some(origins) = state.store.hub().snapshots().origins(token) {
        return origins.iter().any(|o| o == origin);
    }
    match state.store.charge_by_token(token).await {
        Ok(Some((session, _))) => session.spec.embed_origins.iter().any(|o| o == origin),
        Ok(None) => false,
        Err(err) => {
            tracing::error!(error = %err, "reading a session's embed origins");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxys_own_origin_is_its_public_url_without_a_path() {
        assert_eq!(own_origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(
            own_origin("https://pay.example/checkout/"),
            "https://pay.example"
        );
    }

    #[test]
    fn the_token_is_the_first_segment_after_the_prefix() {
        assert_eq!(first_segment("pt_1/transactions/tx_2/otp"), "pt_1");
        assert_eq!(first_segment("pt_1"), "pt_1");
    }
}
