//! The per-IP rate limit on the API routes (see [`crate::limits`]).

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::live::PeerAddr;
use crate::error::AppError;
use crate::state::AppState;

/// Middleware for the API routes: one allowance per client IP (the TCP peer; behind a load
/// balancer, put the limit there or in front of it).
pub async fn per_ip(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<PeerAddr>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    state
        .limits
        .per_ip
        .check(&peer.0.ip())
        .map_err(AppError::RateLimited)?;
    Ok(next.run(request).await)
}
