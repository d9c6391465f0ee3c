//! A transaction's controls: the test control that settles, fails or expires it as if the
//! payer (or the clock) had acted; the merchant's cancel (`POST /v1/transactions/{id}/
//! cancel`, our choice: the docs name none); and a wallet's one-time code.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{OtpRequest, Transaction};

use super::simulate::{SimulateRequest, SimulateResponse};
use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::machine::transactions::{self, Outcome};
use crate::state::AppState;

/// `POST /_sandbox/transactions/{id}/simulate`.
pub async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<SimulateRequest<Outcome>>, JsonRejection>,
) -> Result<Json<SimulateResponse>, SandboxError> {
    let Json(request) = body?;
    let status = match request.outcome {
        Outcome::Paid => transactions::settle(&state, id).await?,
        other => transactions::transition(&state, id, other, request.reason.as_deref()).await?,
    };
    match status {
        Some(status) => Ok(Json(SimulateResponse { id, status })),
        None => Err(SandboxError::new(
            StatusCode::CONFLICT,
            "TRANSACTION_NOT_PENDING",
            "only a pending transaction can be settled, failed or expired",
        )),
    }
}

/// `POST /v1/transactions/{id}/cancel`: the merchant withdraws a pending transaction (a
/// payer who will pay the rest of a charge another way). Idempotent.
pub async fn cancel(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Transaction>, SandboxError> {
    Ok(Json(transactions::cancel(&state, id).await?))
}

/// `POST /v1/transactions/{id}/otp`: the code a wallet sent the payer.
pub async fn submit_otp(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<OtpRequest>, JsonRejection>,
) -> Result<Json<Transaction>, SandboxError> {
    let Json(request) = body?;
    Ok(Json(
        transactions::submit_otp(&state, id, &request.otp).await?,
    ))
}
