//! `POST /api/pay/{token}/transactions/{id}/cancel` with an `Idempotency-Key` header: the
//! payer withdraws one pending asynchronous leg of their charge (a PIX code they will not
//! pay, say) to pay that part another way. Orkestra cancels it, its amount is free again,
//! and the charge is open for a new leg. Withdrawing a withdrawn leg answers the page again.
//!
//! A card leg is decided while the payer waits and cannot be withdrawn; a paid leg neither
//! (the merchant refunds it): both are `409 transaction_not_cancellable`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::TransactionStatus;

use crate::browser::{charge_of, idempotency_key, load};
use crate::db::{self, TransactionRow};
use crate::error::AppError;
use crate::{charges, payments, AppState};

pub async fn cancel(
    State(state): State<AppState>,
    Path((token, tx_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<PageSession>, AppError> {
    idempotency_key(&headers)?;
    let (session, charge) = charge_of(&state, &token).await?;
    let leg = |txs: Vec<TransactionRow>| {
        txs.into_iter()
            .find(|t| t.id == tx_id && t.charge_id.as_deref() == Some(charge.id.as_str()))
            .ok_or(AppError::NotFound)
    };
    let tx = leg(db::transactions_of(&state.db, &session.id).await?)?;
    if withdrawable(&tx)? {
        let orkestra_id = tx.orkestra_id.as_deref().unwrap_or_default();
        match state.orkestra.cancel_transaction(orkestra_id).await {
            Ok(upstream) => payments::apply_upstream(&state, &session, &tx.id, &upstream).await?,
            // It was paid, failed or expired before the cancel reached Orkestra: the leg
            // takes that status, and the answer says what it now is.
            Err(AppError::UpstreamRejected(_, Some(code))) if code == "TRANSACTION_NOT_PENDING" => {
                payments::refresh(&state, &session, &tx).await?;
                withdrawable(&leg(db::transactions_of(&state.db, &session.id).await?)?)?;
            }
            Err(other) => return Err(other),
        }
        tracing::info!(transaction_id = %tx.id, "leg withdrawn by the payer");
    }
    Ok(Json(load(&state, &token).await?))
}

/// Whether the leg is pending and may be withdrawn (`Ok(false)`: already withdrawn), or
/// why not.
fn withdrawable(tx: &TransactionRow) -> Result<bool, AppError> {
    let not = |code, message| Err(AppError::Conflict(code, message));
    match charges::tx_status(tx) {
        TransactionStatus::Cancelled => Ok(false),
        TransactionStatus::Paid => not(
            ApiErrorCode::TransactionNotCancellable,
            "a paid leg cannot be withdrawn; the merchant can refund it",
        ),
        _ if charges::method(tx).is_synchronous() => not(
            ApiErrorCode::TransactionNotCancellable,
            "a card payment is decided while the payer waits and cannot be withdrawn",
        ),
        TransactionStatus::Creating => not(
            ApiErrorCode::TransactionInProgress,
            "this payment is still being created; try again in a moment",
        ),
        TransactionStatus::Failed | TransactionStatus::Expired => not(
            ApiErrorCode::TransactionNotPending,
            "this payment has already ended",
        ),
        TransactionStatus::Pending => Ok(true),
    }
}
