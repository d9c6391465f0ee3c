//! Checkout sessions: made by the merchant, read by the merchant and by each payer's page.

use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::CreateCheckoutSession;

use crate::error::AppError;
use crate::ids;
use crate::model::Order;
use crate::state::AppState;
use crate::store::migrate::fingerprint;
use crate::store::new_sessions::NewSession;
use crate::time::now_ms;

/// Makes a session; idempotent on `merchantOrderId`: the same request again returns the
/// session already made (`false`), a different one under that id is a conflict.
pub async fn create(
    state: &AppState,
    request: &CreateCheckoutSession,
) -> Result<(Order, bool), AppError> {
    let mut spec = request.validate().map_err(AppError::Validation)?;
    // Stored with the mode said, so changing PROXY_CARD_CAPTURE leaves open sessions as
    // their payers found them.
    spec.card_capture.get_or_insert(state.config.card_capture);
    let print = fingerprint(&serde_json::to_string(request).map_err(anyhow::Error::from)?);
    let now = now_ms();
    let id = ids::session_id();
    let token = ids::page_token();
    // The first payer's page is the session's own URL.
    let charges: Vec<(String, String)> = (0..spec.charges.len())
        .map(|position| {
            let token = if position == 0 {
                token.clone()
            } else {
                ids::page_token()
            };
            (ids::charge_id(), token)
        })
        .collect();
    let expires_at = now + i64::from(spec.expires_in_minutes) * 60_000;
    let merchant_order_id = spec.merchant_order_id.clone();
    let new = NewSession::new(id, token, spec, print.clone(), expires_at, now, charges)?;
    // A session already made for this merchantOrderId makes it insert nothing.
    let inserted = state.store.insert_session(new).await?;
    if let Some(order) = inserted {
        tracing::info!(session_id = %order.session.id, %merchant_order_id,
            charges = order.charges.len(), "checkout session created");
        return Ok((order, true));
    }
    // The same request again (a retry) is the session made the first time.
    let (existing_id, existing) = state
        .store
        .session_fingerprint(&merchant_order_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if existing != print {
        return Err(conflict());
    }
    let order = state
        .store
        .order(&existing_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((order, false))
}

fn conflict() -> AppError {
    AppError::Conflict(
        ApiErrorCode::MerchantOrderIdConflict,
        "another checkout session already uses this merchantOrderId",
    )
}

/// A session with its charges and legs, for the merchant.
pub async fn order(state: &AppState, session_id: &str) -> Result<Order, AppError> {
    state
        .store
        .order(session_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The order a page token opens, and which of its charges is that page's.
pub async fn order_by_token(state: &AppState, token: &str) -> Result<(Order, String), AppError> {
    state
        .store
        .order_by_token(token)
        .await?
        .ok_or(AppError::NotFound)
}
