//! HTTP Basic authentication, as Orkestra uses it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::error::SandboxError;
use crate::AppState;

/// Present in a handler's arguments = the caller showed the right Basic credentials.
pub struct Authenticated;

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = SandboxError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let expected = format!("{}:{}", state.config.username, state.config.password);
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b64| STANDARD.decode(b64.trim()).ok());
        match given {
            Some(given) if constant_time_eq(&given, expected.as_bytes()) => Ok(Authenticated),
            _ => Err(SandboxError::new(
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "missing or wrong Basic credentials",
            )),
        }
    }
}

/// Compares without stopping at the first difference, so timing tells nothing about the
/// password's prefix.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
