//! The hosted payment page (`/pay/{token}`) and its assets, with deliberate headers:
//! a strict Content-Security-Policy whose `frame-ancestors` lists the session's
//! `embedOrigins`, so only the merchant's own pages can frame it.

use std::path::Path as FsPath;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::{db, AppState};

/// The built page, read once at start-up.
#[derive(Debug, Clone)]
pub struct PageShell {
    pub html: Option<String>,
    /// `'sha256-…'` sources for the inline scripts Trunk writes into index.html (its
    /// module loader), so the CSP can allow exactly those and no other inline script.
    pub script_hashes: Vec<String>,
}

impl PageShell {
    pub fn load(assets_dir: &FsPath) -> PageShell {
        let html = std::fs::read_to_string(assets_dir.join("index.html")).ok();
        let script_hashes = html
            .as_deref()
            .map(inline_script_hashes)
            .unwrap_or_default();
        PageShell {
            html,
            script_hashes,
        }
    }
}

fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_start.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", STANDARD.encode(digest)));
        }
        rest = &body_start[close..];
    }
    hashes
}

/// `form_targets`: where the page's one form (cancel) may end up. It posts to the proxy,
/// which answers `303` to the merchant's `cancelUrl` or `returnUrl`, and browsers check
/// `form-action` on every hop of that redirect: with `'self'` alone the way back to the
/// store is blocked.
pub fn content_security_policy(
    script_hashes: &[String],
    frame_ancestors: &[String],
    form_targets: &[String],
) -> String {
    let mut scripts = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    scripts.extend(script_hashes.iter().cloned());
    let mut ancestors = vec!["'self'".to_owned()];
    ancestors.extend(frame_ancestors.iter().cloned());
    let mut forms = vec!["'self'".to_owned()];
    forms.extend(form_targets.iter().cloned());
    format!(
        "default-src 'none'; script-src {}; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; base-uri 'none'; form-action {}; frame-ancestors {}",
        scripts.join(" "),
        forms.join(" "),
        ancestors.join(" ")
    )
}

/// The origins of the session's `cancelUrl` and `returnUrl` (validated when the session
/// was created), each once.
fn way_back_origins(request_json: &str) -> Vec<String> {
    let request: orkestra_core::api::merchant::CreateCheckoutSession =
        serde_json::from_str(request_json).unwrap_or_default();
    let mut origins: Vec<String> = Vec::new();
    for url in [&request.cancel_url, &request.return_url]
        .into_iter()
        .flatten()
    {
        let Ok(url) = reqwest::Url::parse(url) else {
            continue;
        };
        let origin = url.origin();
        // An opaque origin ("null") would not name the store: leave it out.
        if origin.is_tuple() {
            let origin = origin.ascii_serialization();
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
    }
    origins
}

pub async fn page(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let session =
        match db::by_token(&state.db, &token)
            .await
            .map(|found| found.map(|(session, _)| session))
        {
            Ok(Some(session)) => session,
            Ok(None) => return (
                StatusCode::NOT_FOUND,
                Html(
                    "<!doctype html><title>Not found</title><p>This payment link is not valid.</p>",
                ),
            )
                .into_response(),
            Err(err) => {
                tracing::error!(error = %err, "loading a session for the hosted page");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
    let Some(html) = state.page.html.clone() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the payment page is not built: run `cargo xtask build`",
        )
            .into_response();
    };
    // Stored origins were validated on the way in (scheme://host[:port] only).
    let origins: Vec<String> = serde_json::from_str(&session.embed_origins).unwrap_or_default();
    let csp = content_security_policy(
        &state.page.script_hashes,
        &origins,
        &way_back_origins(&session.request_json),
    );
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(self)"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<script src="/assets/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn the_policy_allows_no_inline_code_and_only_the_merchant_as_ancestor() {
        let csp = content_security_policy(&[], &["https://shop.example".into()], &[]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(csp.contains("form-action 'self';"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'self' https://shop.example"));
    }

    #[test]
    fn the_cancel_form_may_lead_back_to_the_store_and_nowhere_else() {
        let request = r#"{"merchantOrderId":"o","country":"BR","currency":"BRL","amount":"1.00",
            "returnUrl":"https://shop.example/return?o=1","cancelUrl":"https://shop.example:8443/basket"}"#;
        let origins = way_back_origins(request);
        assert_eq!(
            origins,
            ["https://shop.example:8443", "https://shop.example"]
        );
        let csp = content_security_policy(&[], &[], &origins);
        assert!(csp.contains("form-action 'self' https://shop.example:8443 https://shop.example;"));
        assert!(way_back_origins(r#"{"merchantOrderId":"o"}"#).is_empty());
    }
}
