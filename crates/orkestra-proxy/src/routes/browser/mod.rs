//! The browser API (`/api/pay/{token}/...`): what the payment page reads and sends. The
//! token in the path is the capability; amounts and methods only come from the server.

pub mod events;
pub mod payment;
pub mod session;

use orkestra_core::api::browser::PageSession;

use crate::error::AppError;
use crate::flows::sessions;
use crate::present::page::page_session;
use crate::state::AppState;

/// The page of `token` as it now stands.
pub async fn page(state: &AppState, token: &str) -> Result<PageSession, AppError> {
    let (order, charge_id) = sessions::order_by_token(state, token).await?;
    let charge = order.charge(&charge_id).ok_or(AppError::NotFound)?;
    Ok(page_session(&order, charge, &state.config.merchant_name)?)
}

/// Counts a payment submit (or a one-time code) against the session's per-minute limit.
pub fn count_submit(state: &AppState, token: &str) -> Result<(), AppError> {
    state
        .limits
        .per_session_submit
        .check(token)
        .map_err(AppError::RateLimited)
}
