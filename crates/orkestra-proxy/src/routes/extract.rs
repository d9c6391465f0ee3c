//! What handlers take from a request besides its body: the merchant's credentials, an
//! `Idempotency-Key`, Orkestra's credentials.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use orkestra_core::error::{ErrorCode, FieldError};
use secrecy::{ExposeSecret, SecretString};

use crate::error::AppError;
use crate::state::AppState;

/// Present in a handler's arguments = the caller showed a merchant key, full or
/// restricted: what creating and reading checkout sessions take.
pub struct Merchant;

/// Present = the caller showed a full merchant key: what everything else takes (refunds,
/// payouts, cancelling, the transaction list, the events). A restricted key there is
/// `403 forbidden`.
pub struct FullMerchant;

/// The token of an `Authorization: Bearer …` header, or nothing.
pub fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
}

/// Which of the configured keys the request's `Authorization: Bearer` is.
fn key_of(parts: &Parts, state: &AppState) -> Result<Access, AppError> {
    let given = bearer(&parts.headers).trim().as_bytes();
    let matches = |keys: &[SecretString]| {
        // Every key compared whole, in constant time, whichever matches.
        keys.iter().fold(false, |found, key| {
            found | server_kit::constant_time_eq(given, key.expose_secret().as_bytes())
        })
    };
    let keys = &state.config.merchant_keys;
    if matches(&keys.full) {
        Ok(Access::Full)
    } else if matches(&keys.restricted) {
        Ok(Access::Restricted)
    } else {
        Err(AppError::Unauthorized)
    }
}

enum Access {
    Full,
    Restricted,
}

impl FromRequestParts<AppState> for Merchant {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        key_of(parts, state).map(|_| Merchant)
    }
}

impl FromRequestParts<AppState> for FullMerchant {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match key_of(parts, state)? {
            Access::Full => Ok(FullMerchant),
            Access::Restricted => Err(AppError::Forbidden),
        }
    }
}

/// Present = the caller showed the Basic credentials agreed with Orkestra, which every
/// notification (orders, refunds, payouts) carries.
pub struct FromOrkestra;

impl FromRequestParts<AppState> for FromOrkestra {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let orkestra = &state.config.orkestra;
        if server_kit::basic_auth_matches(
            &parts.headers,
            &orkestra.webhook_username,
            orkestra.webhook_password.expose_secret(),
        ) {
            Ok(FromOrkestra)
        } else {
            tracing::warn!("notification with wrong credentials refused");
            Err(AppError::Unauthorized)
        }
    }
}

/// The request's `Idempotency-Key`: 8 to 100 letters, digits, `-` and `_`.
pub fn idempotency_key(headers: &HeaderMap) -> Result<String, AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim();
    let code = if key.is_empty() {
        ErrorCode::Required
    } else if key.len() < 8
        || key.len() > 100
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        ErrorCode::InvalidFormat
    } else {
        return Ok(key.to_owned());
    };
    Err(AppError::Validation(vec![FieldError::new(
        "Idempotency-Key",
        code,
    )]))
}

/// `201` when something was made now, `200` for a repeat.
pub fn created_or_ok(created: bool) -> axum::http::StatusCode {
    if created {
        axum::http::StatusCode::CREATED
    } else {
        axum::http::StatusCode::OK
    }
}
