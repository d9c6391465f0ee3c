//! A demo merchant shop on its own origin: its server creates checkout sessions with the
//! merchant secret (which never reaches the shop's pages) and receives the proxy's webhooks,
//! verified with the webhook signing secret; its pages embed the checkout in an iframe or redirect to the hosted page.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use axum::body::Bytes;
use axum::extract::{Form, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(Clone)]
struct Shop {
    public_url: String,
    proxy_url: String,
    secret: String,
    /// The proxy's webhook signing secret (`ORKESTRA_WEBHOOK_SECRET`): verifies webhooks
    /// and the signed way back. Not the merchant secret: a leak of one is not the other.
    webhook_secret: String,
    http: reqwest::Client,
    /// Verified webhooks, newest last, for the demo page (and end-to-end tests) to show.
    events: Arc<Mutex<Vec<Value>>>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _log = server_kit::init_tracing("info");
    let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let address = var("SHOP_ADDR", "127.0.0.1:8081");
    let proxy_url = var("SHOP_PROXY_URL", "http://127.0.0.1:8080");
    let shop = Shop {
        public_url: var("SHOP_PUBLIC_URL", &format!("http://{address}")),
        secret: std::env::var("ORKESTRA_MERCHANT_SECRET")
            .context("ORKESTRA_MERCHANT_SECRET must be set")?,
        webhook_secret: std::env::var("ORKESTRA_WEBHOOK_SECRET").context(
            "ORKESTRA_WEBHOOK_SECRET must be set (the proxy's PROXY_WEBHOOK_SIGNING_SECRET)",
        )?,
        http: reqwest::Client::new(),
        events: Arc::default(),
        proxy_url: proxy_url.clone(),
    };
    // The shop's own pages run under the CSP recipe of docs/embedding.md: scripts from the
    // shop only (no inline script; 'wasm-unsafe-eval' for the inline mount's WebAssembly),
    // frames only from the checkout's origin and Orkestra's card page (the inline checkout
    // frames it in this page), and the inline checkout's API calls to the checkout.
    let orkestra_page = var("SHOP_ORKESTRA_PAGE_ORIGIN", "http://127.0.0.1:8090");
    let csp = merchant_csp(&proxy_url, &orkestra_page);
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/checkout", post(create_checkout))
        .route("/api/events", get(list_events))
        .route("/api/return-check", get(check_return))
        .route("/checkout/hosted", post(hosted_checkout))
        .route("/webhooks/orkestra-checkout", post(receive_webhook))
        // The npm package as a merchant who installed it would serve it (`cargo xtask build`).
        .nest_service(
            "/pkg",
            ServeDir::new(var("SHOP_PACKAGE_DIR", "pkg/orkestra-checkout")),
        )
        .fallback_service(ServeDir::new(var("SHOP_WWW_DIR", "www")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp)?,
        ))
        .with_state(shop);
    let listener = server_kit::bind(&address).await?;
    tracing::info!(%address, "demo shop listening");
    let no_workers = server_kit::Workers::default();
    server_kit::serve(listener, app, no_workers, server_kit::shutdown_signal()).await
}

/// The Content-Security-Policy docs/embedding.md recommends to merchants, for a checkout
/// served from `proxy` whose cards are typed on Orkestra's page at `orkestra_page`.
fn merchant_csp(proxy: &str, orkestra_page: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; frame-src {proxy} {orkestra_page}; connect-src 'self' {proxy}; \
         base-uri 'none'; form-action 'self' {proxy}; frame-ancestors 'none'"
    )
}

/// The shop's choice of where payers type cards (`cardCapture`), from its page's picker:
/// `orkestra`, `direct`, or nothing (the proxy's `PROXY_CARD_CAPTURE`).
fn card_capture(choice: Option<&str>) -> Option<&'static str> {
    match choice {
        Some("orkestra") => Some("orkestra"),
        Some("direct") => Some("direct"),
        _ => None,
    }
}

/// The hosted mode without any script: a form posts here, the payer is sent on to the page.
async fn hosted_checkout(
    State(shop): State<Shop>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    let capture = card_capture(form.get("cardCapture").map(String::as_str));
    let (status, Json(body)) = new_session(&shop, capture).await;
    match body["url"].as_str().map(HeaderValue::from_str) {
        Some(Ok(url)) if status == StatusCode::CREATED => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, url)]).into_response()
        }
        _ => (status, Json(body)).into_response(),
    }
}

/// The return page's check of the signed way back (`docs/embedding.md`): the query the
/// proxy added to `returnUrl`, verified with the same key as the webhooks.
async fn check_return(
    State(shop): State<Shop>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Json<Value> {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
    let (session, outcome) = (get("orkestra_session_id"), get("orkestra_outcome"));
    let verified = verify_return(
        shop.webhook_secret.as_bytes(),
        session,
        outcome,
        get("orkestra_t"),
        get("orkestra_signature"),
        unix_now(),
    );
    Json(json!({"verified": verified.is_ok(), "sessionId": session, "outcome": outcome}))
}

fn verify_return(
    secret: &[u8],
    session: &str,
    outcome: &str,
    t: &str,
    signature: &str,
    now: i64,
) -> Result<(), &'static str> {
    let t: i64 = t.parse().map_err(|_| "no timestamp")?;
    if (now - t).abs() > TOLERANCE_SECONDS {
        return Err("timestamp outside tolerance");
    }
    let expected = hex::decode(signature).map_err(|_| "not hex")?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| "bad key")?;
    mac.update(format!("{t}.return.{session}.{outcome}").as_bytes());
    mac.verify_slice(&expected)
        .map_err(|_| "no valid signature")
}

/// Creates a checkout session for the demo basket: the amount is decided here, on the
/// merchant's server, never by the browser.
async fn create_checkout(State(shop): State<Shop>, body: Bytes) -> impl IntoResponse {
    let choice: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    new_session(&shop, card_capture(choice["cardCapture"].as_str())).await
}

async fn new_session(shop: &Shop, capture: Option<&str>) -> (StatusCode, Json<Value>) {
    let order_id = format!(
        "demo-{}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
    );
    let mut request = json!({
        "merchantOrderId": order_id,
        "country": "BR",
        "currency": "BRL",
        "amount": "150.00",
        "returnUrl": format!("{}/return.html", shop.public_url),
        "embedOrigins": [shop.public_url],
        "webhookUrl": format!("{}/webhooks/orkestra-checkout", shop.public_url),
        "metadata": {"basket": "piano strings"}
    });
    if let Some(capture) = capture {
        request["cardCapture"] = capture.into();
    }
    let response = shop
        .http
        .post(format!("{}/v1/checkout-sessions", shop.proxy_url))
        .bearer_auth(&shop.secret)
        .json(&request)
        .send()
        .await;
    match response {
        Ok(r) => {
            let status =
                StatusCode::from_u16(r.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
            let body: Value = r.json().await.unwrap_or(Value::Null);
            (status, Json(body))
        }
        Err(err) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"error": err.to_string()})),
        ),
    }
}

async fn list_events(State(shop): State<Shop>) -> Json<Vec<Value>> {
    Json(shop.events.lock().map(|e| e.clone()).unwrap_or_default())
}

/// Verifies `Orkestra-Signature: t=…,v1=…` the way the README tells merchants to.
async fn receive_webhook(State(shop): State<Shop>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = headers
        .get("orkestra-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match verify(shop.webhook_secret.as_bytes(), header, &body, unix_now()) {
        Ok(()) => {
            let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            tracing::info!(kind = %event["type"], "verified webhook");
            if let Ok(mut events) = shop.events.lock() {
                events.push(event);
            }
            StatusCode::NO_CONTENT
        }
        Err(reason) => {
            tracing::warn!(reason, "webhook refused");
            StatusCode::BAD_REQUEST
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Five minutes either way: enough for clock skew, too short to replay an old webhook.
const TOLERANCE_SECONDS: i64 = 300;

fn verify(secret: &[u8], header: &str, body: &[u8], now: i64) -> Result<(), &'static str> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", sig)) => signatures.push(sig),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or("no timestamp")?;
    if (now - timestamp).abs() > TOLERANCE_SECONDS {
        return Err("timestamp outside tolerance");
    }
    for signature in signatures {
        let Ok(expected) = hex::decode(signature) else {
            continue;
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| "bad key")?;
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        if mac.verify_slice(&expected).is_ok() {
            return Ok(());
        }
    }
    Err("no valid signature")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_from_the_proxy_verifies_and_a_tampered_body_does_not() {
        let body = br#"{"type":"checkout_session.paid"}"#;
        let header = orkestra_signature(b"secret", 1_700_000_000, body);
        assert_eq!(verify(b"secret", &header, body, 1_700_000_010), Ok(()));
        assert!(verify(b"secret", &header, b"{}", 1_700_000_010).is_err());
        assert!(verify(b"other", &header, body, 1_700_000_010).is_err());
        assert!(verify(b"secret", &header, body, 1_700_001_000).is_err());
    }

    #[test]
    fn a_signed_return_verifies_and_a_changed_outcome_does_not() {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"secret").unwrap();
        mac.update(b"1700000000.return.cs_1.paid");
        let sig = hex::encode(mac.finalize().into_bytes());
        let check =
            |outcome, now| verify_return(b"secret", "cs_1", outcome, "1700000000", &sig, now);
        assert_eq!(check("paid", 1_700_000_010), Ok(()));
        assert!(check("failed", 1_700_000_010).is_err());
        assert!(check("paid", 1_700_001_000).is_err());
    }

    fn orkestra_signature(secret: &[u8], t: i64, body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(body);
        format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
    }
}
