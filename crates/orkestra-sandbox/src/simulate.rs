//! `POST /_sandbox/transactions/{id}/simulate`: the test control that settles, fails or
//! expires a pending transaction as if the payer (or the clock) had acted.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::SandboxError;
use crate::webhooks::{transition, Outcome};
use crate::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    pub outcome: Outcome,
    /// For `failed`: the status reason to report (default `REJECTED`).
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulateResponse {
    pub id: i64,
    pub status: &'static str,
}

pub async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<SimulateRequest>, JsonRejection>,
) -> Result<Json<SimulateResponse>, SandboxError> {
    let Json(request) = body?;
    let status = transition(&state, id, request.outcome, request.reason.as_deref()).await?;
    match status {
        Some(status) => Ok(Json(SimulateResponse { id, status })),
        None => Err(SandboxError::new(
            StatusCode::CONFLICT,
            "TRANSACTION_NOT_PENDING",
            "only a pending transaction can be settled, failed or expired",
        )),
    }
}
