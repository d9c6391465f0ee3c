//! `/v1/refunds`: returning a paid transaction's money, in full or in parts.
//!
//! Refunds are `PENDING` when made and become `REFUNDED` or `FAILED` later: by time
//! (`SANDBOX_REFUND_SETTLE_SECONDS` for the original method, the payout's own time for an
//! alternative payout) or through `POST /_sandbox/refunds/{id}/simulate`. Every change
//! posts the refund notification.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{Refund, RefundRequest};

use super::simulate::{SimulateRequest, SimulateResponse};
use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::machine::money_out::{self, RefundOutcome};
use crate::machine::{refunds, wire};
use crate::state::AppState;
use crate::store;

/// `POST /v1/refunds`: `201` with the new refund, `200` with the same one for a repeat
/// of the same request under its `referenceId`.
pub async fn create(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<RefundRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Refund>), SandboxError> {
    let Json(request) = body?;
    let (created, refund) = refunds::create(&state, &request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(refund)))
}

/// `GET /v1/refunds/{id}`.
pub async fn get(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Refund>, SandboxError> {
    let row = store::refunds::by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    Ok(Json(wire::refund(&row, state.config.amount_units)))
}

/// `GET /v1/transactions/{id}/refunds`: the transaction's refunds, oldest first.
pub async fn of_transaction(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Refund>>, SandboxError> {
    let mut conn = state.db.acquire().await?;
    if store::transactions::by_id(&mut *conn, id).await?.is_none() {
        return Err(SandboxError::not_found("transaction"));
    }
    let rows = store::refunds::of_transaction(&mut *conn, id).await?;
    let units = state.config.amount_units;
    Ok(Json(rows.iter().map(|r| wire::refund(r, units)).collect()))
}

/// `POST /_sandbox/refunds/{id}/simulate`: refunds or fails a pending refund at once (for
/// an alternative payout, by paying or failing its payout).
pub async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<SimulateRequest<RefundOutcome>>, JsonRejection>,
) -> Result<Json<SimulateResponse>, SandboxError> {
    let Json(request) = body?;
    let status =
        money_out::refund_now(&state, id, request.outcome, request.reason.as_deref()).await?;
    match status {
        Some(status) => Ok(Json(SimulateResponse { id, status })),
        None => Err(SandboxError::new(
            StatusCode::CONFLICT,
            "REFUND_NOT_PENDING",
            "only a pending refund can be refunded or failed",
        )),
    }
}
