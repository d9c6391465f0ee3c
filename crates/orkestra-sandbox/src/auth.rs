//! HTTP Basic authentication, as Orkestra uses it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;

use crate::error::SandboxError;
use crate::state::AppState;

/// Present in a handler's arguments = the caller showed the right Basic credentials.
pub struct Authenticated;

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = SandboxError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if server_kit::basic_auth_matches(
            &parts.headers,
            &state.config.username,
            &state.config.password,
        ) {
            Ok(Authenticated)
        } else {
            Err(SandboxError::new(
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "missing or wrong Basic credentials",
            ))
        }
    }
}
