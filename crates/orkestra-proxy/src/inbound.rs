//! `POST /webhooks/orkestra`: Orkestra's order notifications. Authenticated with the Basic
//! credentials agreed with Orkestra; answered 204 fast, also for a repeat, so Orkestra
//! stops retrying.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use orkestra_core::api::orkestra::OrderWebhook;
use secrecy::ExposeSecret;

use crate::error::AppError;
use crate::{payments, AppState};

pub async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    authenticate(&state, &headers)?;
    let hook: OrderWebhook =
        serde_json::from_slice(&body).map_err(|e| AppError::MalformedJson(e.to_string()))?;
    let known = payments::apply_webhook(&state, &hook).await?;
    if known {
        tracing::info!(order_id = hook.id, status = ?hook.status, "order notification applied");
    } else {
        // Not ours (another integration on the same account): acknowledge, or Orkestra
        // would retry it forever.
        tracing::warn!(
            order_id = hook.id,
            "order notification for an unknown order ignored"
        );
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Every notification from Orkestra (orders, refunds, payouts) carries the Basic
/// credentials agreed with it.
pub fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let orkestra = &state.config.orkestra;
    if server_kit::basic_auth_matches(
        headers,
        &orkestra.webhook_username,
        orkestra.webhook_password.expose_secret(),
    ) {
        Ok(())
    } else {
        tracing::warn!("notification with wrong credentials refused");
        Err(AppError::Unauthorized)
    }
}
