//! Orkestra's notifications (`/webhooks/orkestra…`), authenticated with the Basic
//! credentials agreed with Orkestra and answered 204 fast, also for a repeat, so Orkestra
//! stops retrying.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use orkestra_core::api::orkestra::{OrderWebhook, Payout, Refund};
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::flows::notify;
use crate::routes::extract::FromOrkestra;
use crate::state::AppState;

fn read<T: DeserializeOwned>(body: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| AppError::MalformedJson(e.to_string()))
}

/// `POST /webhooks/orkestra`: an order's transactions moved.
pub async fn order(
    _: FromOrkestra,
    State(state): State<AppState>,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    let hook: OrderWebhook = read(&body)?;
    let (order_id, status) = (hook.id, hook.status);
    if notify::order_changed(&state, hook).await? {
        tracing::info!(order_id, ?status, "order notification applied");
    } else {
        // Not ours (another integration on the same account): acknowledge, or Orkestra
        // would retry it forever.
        tracing::warn!(order_id, "order notification for an unknown order ignored");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /webhooks/orkestra/refunds`: forwarded to the session's webhook.
pub async fn refund(
    _: FromOrkestra,
    State(state): State<AppState>,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    notify::refund_changed(&state, read::<Refund>(&body)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /webhooks/orkestra/payouts`: forwarded to `PROXY_PAYOUT_WEBHOOK_URL`.
pub async fn payout(
    _: FromOrkestra,
    State(state): State<AppState>,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    notify::payout_changed(&state, read::<Payout>(&body)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
