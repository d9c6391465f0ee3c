//! The per-IP rate limit on the API routes (see [`crate::limits`]).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::context::ClientIp;
use crate::error::AppError;
use crate::state::AppState;

/// Middleware for the API routes: one allowance per client address (behind a load
/// balancer, the address it forwards, when it is a trusted proxy: see `requests.rs`).
pub async fn per_ip(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let client = request
        .extensions()
        .get::<ClientIp>()
        .map(|c| c.0)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no client address on the request")))?;
    state
        .limits
        .per_ip
        .check(&client)
        .map_err(AppError::RateLimited)?;
    Ok(next.run(request).await)
}
