//! The hosted payment page (`/pay/{token}`), with deliberate headers: a strict
//! Content-Security-Policy whose `frame-ancestors` lists the session's `embedOrigins`, so
//! only the merchant's own pages can frame it.
//!
//! The HTML carries what the page would otherwise fetch once its wasm runs (the session and
//! its language's texts, in a JSON data block) and the summary drawn by the server, so the
//! first paint shows what is being paid and the page needs two round trips, not three
//! (`summary`); in a top-level tab or an allowed frame, the first screen's form too, so the payer can start
//! typing before the wasm has arrived (`form`).

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;
use orkestra_core::methods::CardCapture;

use super::form::{self, Opened};
use super::summary;
use crate::config::origin_of;
use crate::error::AppError;
use crate::routes::browser;
use crate::state::AppState;

/// `form_targets`: where the page's one form (cancel) may end up. It posts to the proxy,
/// which answers `303` to the merchant's `cancelUrl` or `returnUrl`, and browsers check
/// `form-action` on every hop of that redirect: with `'self'` alone the way back to the
/// store is blocked. `frames`: what the page may frame (Orkestra's payment page, when
/// cards are typed there); nothing otherwise.
pub fn content_security_policy(
    script_hashes: &[String],
    style_hashes: &[String],
    frame_ancestors: &[String],
    form_targets: &[String],
    frames: &[String],
) -> String {
    let mut scripts = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    scripts.extend(script_hashes.iter().cloned());
    let mut styles = vec!["'self'".to_owned()];
    styles.extend(style_hashes.iter().cloned());
    let mut ancestors = vec!["'self'".to_owned()];
    ancestors.extend(frame_ancestors.iter().cloned());
    let mut forms = vec!["'self'".to_owned()];
    forms.extend(form_targets.iter().cloned());
    let frame_src = if frames.is_empty() {
        String::new()
    } else {
        format!("; frame-src {}", frames.join(" "))
    };
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; base-uri 'none'; form-action {}; frame-ancestors {}{frame_src}",
        scripts.join(" "),
        styles.join(" "),
        forms.join(" "),
        ancestors.join(" ")
    )
}

/// The origins of the session's `cancelUrl` and `returnUrl` (validated when the session
/// was created), each once.
fn way_back_origins(session: &PageSession) -> Vec<String> {
    let mut origins: Vec<String> = Vec::new();
    for url in [&session.cancel_url, &session.return_url]
        .into_iter()
        .flatten()
    {
        // An opaque origin ("null") would not name the store: `origin_of` leaves it out.
        if let Ok(origin) = origin_of(url) {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
    }
    origins
}

/// Orkestra's page origin when this session's cards are typed there.
fn card_page_origins(state: &AppState, session: &PageSession) -> Vec<String> {
    match session.card_capture {
        CardCapture::Orkestra => vec![state.config.orkestra.page_origin.clone()],
        CardCapture::Direct => Vec::new(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    // The browser API's snapshot of the page: what the data block carries, as it would
    // answer `GET /api/pay/{token}`.
    let snapshot = match browser::page(&state, &token).await {
        Ok(body) => body.0,
        Err(AppError::NotFound) => return not_found(),
        Err(err) => return err.into_response(),
    };
    let session: PageSession = match serde_json::from_slice(&snapshot) {
        Ok(session) => session,
        Err(err) => return AppError::Internal(err.into()).into_response(),
    };
    let Some(shell) = state.page.html.as_deref() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the payment page is not built: run `cargo xtask build`",
        )
            .into_response();
    };
    let locale = summary::page_locale(query.as_deref(), &session);
    let texts = &state.page.texts;
    // English is built into the page; another language's texts come with the HTML.
    let file = (locale != Locale::En).then(|| texts.file(locale)).flatten();
    // A page that opens on the instructions (a reload while a Pix code waits to be paid)
    // needs their wasm chunk at once: preloaded, it comes with the main wasm instead of one
    // round trip after it. A fresh page fetches it once the payer acts (src/methods/later.rs).
    let mut head = String::new();
    if session.awaited_action().is_some() {
        head.push_str(&state.page.chunk_preloads);
    }
    head.push_str(&summary::data_block(
        &snapshot,
        locale,
        file,
        summary::money(&session, locale).as_ref(),
    ));
    let screen = form::first_screen(
        &session,
        locale,
        texts,
        &token,
        opened(&headers, query.as_deref()),
    );
    let html = compose(
        shell,
        locale,
        &head,
        summary::header(&session, locale, texts, screen.as_deref()).as_deref(),
    );
    let csp = content_security_policy(
        &state.page.script_hashes,
        &state.page.style_hashes,
        &session.embed_origins,
        &way_back_origins(&session),
        &card_page_origins(&state, &session),
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

/// Where the browser says the page opens (`Sec-Fetch-Dest`): a top-level tab, or a frame
/// with the merchant origin its loader named (`?embed=`, as src/embed.rs reads it); a
/// browser that does not say gets the page without the server-drawn form.
fn opened(headers: &HeaderMap, query: Option<&str>) -> Opened {
    #[derive(serde::Deserialize)]
    struct Embed {
        embed: Option<String>,
    }
    match headers.get("sec-fetch-dest").map(HeaderValue::as_bytes) {
        Some(b"document") => Opened::TopLevel,
        Some(b"iframe") => {
            let uri = format!("/?{}", query.unwrap_or_default())
                .parse::<Uri>()
                .ok();
            let embed = uri
                .and_then(|uri| Query::<Embed>::try_from_uri(&uri).ok())
                .and_then(|q| q.0.embed);
            Opened::Framed(embed)
        }
        _ => Opened::Other,
    }
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!doctype html><title>Not found</title><p>This payment link is not valid.</p>"),
    )
        .into_response()
}

/// The built index.html with the page's language on `<html>`, the data block at the end of
/// `<head>` and the server-drawn summary first in `<body>`.
fn compose(shell: &str, locale: Locale, data: &str, header: Option<&str>) -> String {
    let mut html = String::with_capacity(shell.len() + data.len() + 1024);
    let mut rest = shell;
    if let Some((before, after)) = rest.split_once("<html") {
        if let Some((_, after)) = after.split_once('>') {
            html.push_str(before);
            html.push_str(&summary::html_tag(locale));
            rest = after;
        }
    }
    match rest.split_once("</head>") {
        Some((head, after)) => {
            html.push_str(head);
            html.push_str(data);
            html.push_str("</head>");
            rest = after;
        }
        None => html.push_str(data),
    }
    if let (Some(header), Some(at)) = (header, rest.find("<body")) {
        if let Some(end) = rest[at..].find('>') {
            let (body_tag, after) = rest.split_at(at + end + 1);
            html.push_str(body_tag);
            html.push_str(header);
            rest = after;
        }
    }
    html.push_str(rest);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_no_inline_code_and_only_the_merchant_as_ancestor() {
        let csp = content_security_policy(&[], &[], &["https://shop.example".into()], &[], &[]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(csp.contains("form-action 'self';"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'self' https://shop.example"));
    }

    #[test]
    fn the_cancel_form_may_lead_back_to_the_store_and_nowhere_else() {
        let session = |urls: serde_json::Value| -> PageSession {
            let mut value = serde_json::json!({
                "status": "open", "country": "BR", "currency": "BRL", "amount": "1.00",
                "locale": "pt-BR", "merchantName": "Loja", "expiresAt": "2026-01-01T00:00:00Z",
                "methods": [], "transactions": []
            });
            value
                .as_object_mut()
                .unwrap()
                .extend(urls.as_object().unwrap().clone());
            serde_json::from_value(value).unwrap()
        };
        let origins = way_back_origins(&session(serde_json::json!({
            "returnUrl": "https://shop.example/return?o=1",
            "cancelUrl": "https://shop.example:8443/basket"
        })));
        assert_eq!(
            origins,
            ["https://shop.example:8443", "https://shop.example"]
        );
        let csp = content_security_policy(&[], &[], &[], &origins, &[]);
        assert!(csp.contains("form-action 'self' https://shop.example:8443 https://shop.example;"));
        assert!(way_back_origins(&session(serde_json::json!({}))).is_empty());
    }

    #[test]
    fn the_page_is_composed_around_the_built_shell() {
        let shell = "<!doctype html><html lang=pt-BR><head><title>t</title></head><body data-orkestra-hosted></body></html>";
        let html = compose(
            shell,
            Locale::Ar,
            "<script type=\"application/json\">{}</script>",
            Some("<main>s</main>"),
        );
        assert_eq!(
            html,
            "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><title>t</title>\
             <script type=\"application/json\">{}</script></head>\
             <body data-orkestra-hosted><main>s</main></body></html>"
        );
    }
}
