//! `POST /_sandbox/transactions/{id}/simulate`: the test control that settles, fails or
//! expires a pending transaction as if the payer (or the clock) had acted; and
//! [`settle`], the one way a payment is settled (simulate, time, an OTP, a bank page),
//! where the magic amounts decide the outcome.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::SandboxError;
use crate::methods::Method;
use crate::webhooks::{transition, Outcome};
use crate::{db, AppState};

/// The body of every `/_sandbox/…/simulate` control: the outcome wanted (each resource has
/// its own), and for a failure the status reason to report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest<O> {
    pub outcome: O,
    /// For `failed`: the status reason to report (default `REJECTED`).
    #[serde(default)]
    pub reason: Option<String>,
}

/// What every simulate control answers: the resource and its new status.
#[derive(Debug, Serialize)]
pub struct SimulateResponse {
    pub id: i64,
    pub status: &'static str,
}

pub async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<SimulateRequest<Outcome>>, JsonRejection>,
) -> Result<Json<SimulateResponse>, SandboxError> {
    let Json(request) = body?;
    let status = match request.outcome {
        Outcome::Paid => settle(&state, id).await?,
        other => transition(&state, id, other, request.reason.as_deref()).await?,
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

/// The payer pays: `PAID`, unless the amount is magic (see [`outcome_at_settlement`]).
/// `None` when the transaction was no longer pending.
pub async fn settle(state: &AppState, id: i64) -> Result<Option<&'static str>, SandboxError> {
    let row = db::transaction_by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let (outcome, reason) = outcome_at_settlement(&row.payment_method, row.amount_minor);
    transition(state, id, outcome, reason).await
}

/// What settling does to an asynchronous payment, by the last two digits of its amount
/// in minor units: `…51` fails for insufficient funds, `…52` is rejected by the payer,
/// `…53` never arrives (expired); anything else is paid. Cards are decided by their
/// numbers instead (see `methods::card::MAGIC`).
pub fn outcome_at_settlement(method: &str, amount_minor: i64) -> (Outcome, Option<&'static str>) {
    if Method::from_wire(method).is_some_and(Method::is_card) {
        return (Outcome::Paid, None);
    }
    match amount_minor.rem_euclid(100) {
        51 => (Outcome::Failed, Some("INSUFFICIENT_FUNDS")),
        52 => (Outcome::Failed, Some("REJECTED_BY_PAYER")),
        53 => (Outcome::Expired, None),
        _ => (Outcome::Paid, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_amounts_decide_asynchronous_settlements_only() {
        assert_eq!(outcome_at_settlement("PIX", 15_000), (Outcome::Paid, None));
        assert_eq!(
            outcome_at_settlement("SPEI", 15_051),
            (Outcome::Failed, Some("INSUFFICIENT_FUNDS"))
        );
        assert_eq!(
            outcome_at_settlement("NEQUI", 2_000_052),
            (Outcome::Failed, Some("REJECTED_BY_PAYER"))
        );
        assert_eq!(outcome_at_settlement("CASH", 153), (Outcome::Expired, None));
        assert_eq!(
            outcome_at_settlement("CREDIT_CARD", 15_051),
            (Outcome::Paid, None)
        );
    }
}
