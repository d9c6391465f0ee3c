//! The hosted payment page (`/pay/{token}`), with deliberate headers: a strict
//! Content-Security-Policy whose `frame-ancestors` lists the session's `embedOrigins`, so
//! only the merchant's own pages can frame it.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use orkestra_core::api::merchant::CheckoutSessionSpec;

use crate::error::AppError;
use crate::state::AppState;

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
fn way_back_origins(spec: &CheckoutSessionSpec) -> Vec<String> {
    let mut origins: Vec<String> = Vec::new();
    for url in [&spec.cancel_url, &spec.return_url].into_iter().flatten() {
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
        match state.store.charge_by_token(&token).await {
            Ok(Some((session, _))) => session,
            Ok(None) => return (
                StatusCode::NOT_FOUND,
                Html(
                    "<!doctype html><title>Not found</title><p>This payment link is not valid.</p>",
                ),
            )
                .into_response(),
            Err(err) => return AppError::from(err).into_response(),
        };
    let Some(html) = state.page.html.clone() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the payment page is not built: run `cargo xtask build`",
        )
            .into_response();
    };
    let csp = content_security_policy(
        &state.page.script_hashes,
        &session.spec.embed_origins,
        &way_back_origins(&session.spec),
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
        let spec: CheckoutSessionSpec = serde_json::from_str(request).unwrap();
        let origins = way_back_origins(&spec);
        assert_eq!(
            origins,
            ["https://shop.example:8443", "https://shop.example"]
        );
        let csp = content_security_policy(&[], &[], &origins);
        assert!(csp.contains("form-action 'self' https://shop.example:8443 https://shop.example;"));
        let none: CheckoutSessionSpec = serde_json::from_str(
            r#"{"merchantOrderId":"o","country":"BR","currency":"BRL","amount":"1.00"}"#,
        )
        .unwrap();
        assert!(way_back_origins(&none).is_empty());
    }
}
