//! The proxy's browser API ([`Api`]): read the session, submit a payment. On the hosted
//! page it is the page's own origin; mounted inline by the npm package, the proxy's origin
//! from the package's options, reached through CORS. The live status stream is in
//! `live`.

use orkestra_core::api::browser::{Bank, PageSession, SubmitTransaction};
use orkestra_core::api::error::ErrorBody;
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::wire::FromWire;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCache, RequestInit, Response};

use crate::i18n::Key;
use crate::json::parse;
use crate::wire;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all (offline, connection reset): the request may or may not have arrived.
    Network,
    /// The server answered with an error status, and its body when it was ours.
    Status {
        status: u16,
        body: Option<ErrorBody>,
    },
    /// A body that is not what it should be: a success that is not a session (treated as
    /// a server fault), or a request the page could not write (never met: the tests write
    /// every body the page sends).
    Decode,
}

impl ApiError {
    /// The server rejected the request for good and did nothing: a corrected request is a
    /// new payment. Timeouts, conflicts, rate limits and 5xx are not: the same payment
    /// may still go through, so a retry must reuse its idempotency key. Except the one
    /// conflict that says the key itself is spent: it was used for another body (a card
    /// whose middle digits changed shares its fingerprint: `wire::submit_intent`), so the
    /// next submit needs a new key.
    pub fn is_definitive(&self) -> bool {
        match self {
            ApiError::Status {
                status: 409,
                body: Some(body),
            } => body.code == "idempotency_key_reused",
            ApiError::Status { status, .. } => {
                (400..500).contains(status) && !matches!(status, 408 | 409 | 425 | 429)
            }
            ApiError::Network | ApiError::Decode => false,
        }
    }

    /// The server's verdict on payer fields: its `fields` list, else its single `field`.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let ApiError::Status {
            body: Some(body), ..
        } = self
        else {
            return Vec::new();
        };
        if !body.fields.is_empty() {
            return body.fields.clone();
        }
        let code = ErrorCode::parse(&body.code);
        match (&body.field, code) {
            (Some(field), Some(code)) => vec![FieldError::new(field.clone(), code)],
            _ => Vec::new(),
        }
    }

    /// The message above the form; none when the fields already say what is wrong.
    pub fn message(&self) -> Option<Key> {
        match self {
            ApiError::Network => Some(Key::ErrNetwork),
            ApiError::Decode => Some(Key::ErrServer),
            ApiError::Status { status, .. } => match status {
                _ if !self.field_errors().is_empty() => None,
                404 | 410 => Some(Key::ErrUnavailable),
                429 => Some(Key::ErrTooManyAttempts),
                400..=499 if *status != 408 => Some(Key::ErrRejected),
                _ => Some(Key::ErrServer),
            },
        }
    }
}

/// The page token: the last segment of `/pay/{token}`.
pub fn token_from_path(path: &str) -> Option<String> {
    let token = path.trim_end_matches('/').rsplit('/').next()?;
    (!token.is_empty() && token != "pay").then(|| token.to_owned())
}

/// The browser API of one page: the proxy's origin (empty on the hosted page, which the proxy
/// serves; the package's option inline, reached through CORS) and the page token, which
/// names the session in every call. A checkout holds it in its context (`context::Page`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    origin: String,
    token: String,
}

impl Api {
    /// `origin`: `https://pay.example` (no trailing slash) for `https://pay.example/api/pay/…`,
    /// or empty for the page's own origin.
    pub fn new(origin: String, token: String) -> Api {
        Api { origin, token }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn session_url(&self) -> String {
        [&self.origin, "/api/pay/", &self.token].concat()
    }

    pub fn events_url(&self) -> String {
        [&self.session_url(), "/events"].concat()
    }

    /// `GET /api/pay/{token}`.
    pub async fn load_session(&self) -> Result<PageSession, ApiError> {
        read_session(
            fetch(
                "GET",
                &self.session_url(),
                None,
                None,
                RequestCache::NoStore,
            )
            .await?,
        )
    }

    /// `POST /api/pay/{token}/transactions`, under the payment's idempotency key.
    pub async fn submit(
        &self,
        idempotency_key: &str,
        request: &SubmitTransaction,
    ) -> Result<PageSession, ApiError> {
        let url = [&self.session_url(), "/transactions"].concat();
        let body = wire::submit_body(request).ok_or(ApiError::Decode)?;
        post(&url, idempotency_key, &body).await
    }

    /// `POST /api/pay/{token}/transactions/{id}/otp`: the code the wallet sent the payer,
    /// under its idempotency key (a retry is answered without the code reaching Orkestra
    /// twice).
    pub async fn submit_otp(
        &self,
        idempotency_key: &str,
        transaction: &str,
        otp: &str,
    ) -> Result<PageSession, ApiError> {
        let body = wire::otp_body(otp).ok_or(ApiError::Decode)?;
        post(&self.leg_url(transaction, "otp"), idempotency_key, &body).await
    }

    /// `POST /api/pay/{token}/transactions/{id}/cancel`: the payer withdraws a pending leg
    /// (a Pix code, a boleto…) to pay that part another way; its amount is free again.
    pub async fn withdraw(
        &self,
        idempotency_key: &str,
        transaction: &str,
    ) -> Result<PageSession, ApiError> {
        post(&self.leg_url(transaction, "cancel"), idempotency_key, "{}").await
    }

    /// `GET /api/pay/{token}/banks`: the PSE banks, as a list or as `{"banks": [...]}`.
    pub async fn load_banks(&self) -> Result<Vec<Bank>, ApiError> {
        let (status, text) = fetch(
            "GET",
            &[&self.session_url(), "/banks"].concat(),
            None,
            None,
            RequestCache::NoStore,
        )
        .await?;
        if !(200..300).contains(&status) {
            return Err(ApiError::Status { status, body: None });
        }
        parse(&text)
            .and_then(|v| wire::banks(&v))
            .ok_or(ApiError::Decode)
    }

    /// `/api/pay/{token}/transactions/{id}/{action}`.
    fn leg_url(&self, transaction: &str, action: &str) -> String {
        [
            &self.session_url(),
            "/transactions/",
            transaction,
            "/",
            action,
        ]
        .concat()
    }
}

/// A JSON `POST` under an idempotency key that answers the page session.
async fn post(url: &str, key: &str, body: &str) -> Result<PageSession, ApiError> {
    read_session(fetch("POST", url, Some(key), Some(body), RequestCache::NoStore).await?)
}

/// A text file (a language's messages), cached as the server says: `None` on any failure.
pub async fn get_text(url: &str) -> Option<String> {
    match fetch("GET", url, None, None, RequestCache::Default).await {
        Ok((200, text)) => Some(text),
        _ => None,
    }
}

/// The session in a response, or why there is none.
fn read_session((status, text): (u16, String)) -> Result<PageSession, ApiError> {
    if (200..300).contains(&status) {
        parse(&text)
            .and_then(|v| PageSession::from_wire(&v))
            .ok_or(ApiError::Decode)
    } else {
        let body = parse(&text).and_then(|v| wire::error_body(&v));
        Err(ApiError::Status { status, body })
    }
}

/// The browser's `fetch` (no HTTP library: every byte of the page is downloaded by a
/// payer): the status and the body text, or `Network` when no answer came.
async fn fetch(
    method: &str,
    url: &str,
    idempotency_key: Option<&str>,
    json: Option<&str>,
    cache: RequestCache,
) -> Result<(u16, String), ApiError> {
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    let _ = headers.set("Accept", "application/json");
    let init = RequestInit::new();
    init.set_method(method);
    init.set_cache(cache);
    if let Some(key) = idempotency_key {
        let _ = headers.set("Idempotency-Key", key);
    }
    if let Some(json) = json {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&json.into());
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| ApiError::Network)?
        .unchecked_into();
    let text = response.text().map_err(|_| ApiError::Network)?;
    let text = JsFuture::from(text).await.map_err(|_| ApiError::Network)?;
    // `Response.text()` resolves to a string; anything else is not an answer to read.
    Ok((response.status(), text.as_string().ok_or(ApiError::Decode)?))
}

#[cfg(test)]
#[path = "api_tests.rs"]
mod tests;
