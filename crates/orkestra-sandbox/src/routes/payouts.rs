//! `/v1/payouts`: cash-out to a PIX key (docs 5.1), a CLABE (docs 5.2) or a bank account,
//! one at a time or in batches.
//!
//! A payout is `PENDING` when created and becomes `PAID` or `FAILED` later: by time
//! (`SANDBOX_PAYOUT_SETTLE_SECONDS`, see `workers::settle`), or at once through
//! `POST /_sandbox/payouts/{id}/simulate`. Receiving keys ending in `0000` or `9999` fail
//! (the magic values in the README). Every change posts the payout notification.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{Payout, PayoutBatchResponse, PayoutRequest};
use serde_json::Value;

use super::simulate::{SimulateRequest, SimulateResponse};
use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::machine::money_out::{self, PayoutOutcome};
use crate::machine::{payouts, wire};
use crate::state::AppState;
use crate::store;

/// `POST /v1/payouts`: `201` with the new payout, `200` with the same one for a repeat.
pub async fn create(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<PayoutRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Payout>), SandboxError> {
    let Json(request) = body?;
    let (created, payout) = payouts::create(&state, &request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(payout)))
}

/// `POST /v1/payouts/batch`: up to 100 payouts, each accepted or refused on its own;
/// `200` with `results[i].payout` or `results[i].error`, in request order.
pub async fn batch(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<PayoutBatchResponse>, SandboxError> {
    let Json(body) = body?;
    Ok(Json(payouts::batch(&state, &body).await?))
}

/// `GET /v1/payouts/{id}`.
pub async fn get(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Payout>, SandboxError> {
    let row = store::payouts::by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("payout"))?;
    Ok(Json(wire::payout(&row, state.config.amount_units)))
}

/// `POST /_sandbox/payouts/{id}/simulate`: pays or fails a pending payout at once.
pub async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<SimulateRequest<PayoutOutcome>>, JsonRejection>,
) -> Result<Json<SimulateResponse>, SandboxError> {
    let Json(request) = body?;
    let status =
        money_out::pay_out_now(&state, id, request.outcome, request.reason.as_deref()).await?;
    match status {
        Some(status) => Ok(Json(SimulateResponse { id, status })),
        None => Err(SandboxError::new(
            StatusCode::CONFLICT,
            "PAYOUT_NOT_PENDING",
            "only a pending payout can be paid or failed",
        )),
    }
}
