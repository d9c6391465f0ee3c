//! A transaction's changes after it is made: settled (as the payer pays), failed, expired
//! or cancelled, each with the order notification; and the one-time codes wallets send.

use axum::http::StatusCode;
use orkestra_core::api::orkestra::{Transaction, WireMethod, WireTransactionStatus};
use serde::Deserialize;

use super::{notify, wire};
use crate::error::SandboxError;
use crate::instructions::Instructions;
use crate::state::AppState;
use crate::store::{self, orders, transactions};
use crate::time::now_ms;

/// The code that always passes.
pub const MAGIC_OTP: &str = "123456";
/// Wrong codes allowed before the payment fails.
pub const OTP_ATTEMPTS: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Paid,
    Failed,
    Expired,
    /// The merchant withdrew it (`POST /v1/transactions/{id}/cancel`); not a simulate
    /// outcome.
    #[serde(skip_deserializing)]
    Cancelled,
}

/// Moves a PENDING transaction to the outcome's status and queues the order notification.
/// Returns the new status, or `None` when the transaction was no longer pending.
pub async fn transition(
    state: &AppState,
    transaction_id: i64,
    outcome: Outcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    transition_with(state, transaction_id, outcome, reason, None).await
}

/// [`transition`], replacing the instructions in the same unit of work when `instructions`
/// is given (the card typed on the payment page), so the change, what it shows and its
/// notification are written together or not at all.
pub async fn transition_with(
    state: &AppState,
    transaction_id: i64,
    outcome: Outcome,
    reason: Option<&str>,
    instructions: Option<&Instructions>,
) -> Result<Option<&'static str>, SandboxError> {
    let (status, reason) = match outcome {
        Outcome::Paid => (WireTransactionStatus::Paid, None),
        Outcome::Failed => (
            WireTransactionStatus::Failed,
            Some(reason.unwrap_or("REJECTED")),
        ),
        Outcome::Expired => (WireTransactionStatus::Expired, Some("EXPIRED")),
        Outcome::Cancelled => (
            WireTransactionStatus::Cancelled,
            Some("CANCELLED_BY_MERCHANT"),
        ),
    };
    let mut tx = store::write(&state.db).await?;
    let transaction = transactions::by_id(&mut *tx, transaction_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    if !transactions::settle_pending(&mut *tx, transaction_id, status, reason, now_ms()).await? {
        return Ok(None);
    }
    if let Some(instructions) = instructions {
        let qr_code = transaction.pix_qr_code.as_deref();
        transactions::set_instructions(&mut *tx, transaction_id, qr_code, instructions).await?;
    }
    let order = orders::by_id(&mut *tx, transaction.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let units = state.config.amount_units;
    let view = wire::load(&mut tx, order, units).await?;
    notify::queue(
        &mut tx,
        state.config.webhook_url.as_deref(),
        &view.webhook(units),
    )
    .await?;
    tx.commit().await?;
    notify::wake(state);
    let status = status.as_str();
    tracing::info!(transaction_id, status, "transaction changed");
    Ok(Some(status))
}

/// The payer pays: `PAID`, unless the amount is magic (see [`outcome_at_settlement`]).
/// `None` when the transaction was no longer pending.
pub async fn settle(state: &AppState, id: i64) -> Result<Option<&'static str>, SandboxError> {
    let row = transactions::by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let (outcome, reason) = outcome_at_settlement(row.method, row.amount_minor);
    transition(state, id, outcome, reason).await
}

/// What settling does to an asynchronous payment, by the last two digits of its amount
/// in minor units: `…51` fails for insufficient funds, `…52` is rejected by the payer,
/// `…53` never arrives (expired); anything else is paid. Cards are decided by their
/// numbers instead (see `methods::card::MAGIC`).
pub fn outcome_at_settlement(
    method: WireMethod,
    amount_minor: i64,
) -> (Outcome, Option<&'static str>) {
    if method.is_card() {
        return (Outcome::Paid, None);
    }
    match amount_minor.rem_euclid(100) {
        51 => (Outcome::Failed, Some("INSUFFICIENT_FUNDS")),
        52 => (Outcome::Failed, Some("REJECTED_BY_PAYER")),
        53 => (Outcome::Expired, None),
        _ => (Outcome::Paid, None),
    }
}

/// The merchant withdraws a pending transaction. Idempotent: a cancelled one is answered
/// as it is (a concurrent retry may have cancelled it meanwhile, which is the same answer).
pub async fn cancel(state: &AppState, id: i64) -> Result<Transaction, SandboxError> {
    let status = || async {
        Ok::<_, SandboxError>(
            transactions::by_id(&state.db, id)
                .await?
                .ok_or_else(|| SandboxError::not_found("transaction"))?
                .status,
        )
    };
    let cancelled = status().await? == WireTransactionStatus::Cancelled
        || transition(state, id, Outcome::Cancelled, None)
            .await?
            .is_some()
        || status().await? == WireTransactionStatus::Cancelled;
    if !cancelled {
        return Err(SandboxError::new(
            StatusCode::CONFLICT,
            "TRANSACTION_NOT_PENDING",
            "only a pending transaction can be cancelled",
        ));
    }
    tracing::info!(transaction_id = id, "transaction cancelled");
    current(state, id).await
}

/// A one-time code for a wallet that asked for one: the magic code settles the payment
/// (magic amounts still apply); a wrong one answers `400 INVALID_OTP` with the attempts
/// left, and the third fails the payment (`400 OTP_ATTEMPTS_EXCEEDED`, the transaction
/// `FAILED`).
pub async fn submit_otp(state: &AppState, id: i64, otp: &str) -> Result<Transaction, SandboxError> {
    let row = transactions::by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let otp_required = row
        .instructions
        .wallet
        .as_ref()
        .is_some_and(|w| w.otp_required);
    if !otp_required {
        return Err(SandboxError::new(
            StatusCode::CONFLICT,
            "OTP_NOT_REQUIRED",
            "this transaction takes no one-time code",
        ));
    }
    if row.status != WireTransactionStatus::Pending {
        return Err(not_pending());
    }
    let otp = otp.trim();
    if otp.len() != 6 || !otp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SandboxError::invalid(
            "otp",
            "INVALID_FIELD",
            "the code has 6 digits",
        ));
    }
    if otp == MAGIC_OTP {
        if settle(state, id).await?.is_none() {
            return Err(not_pending());
        }
        return current(state, id).await;
    }
    let attempts = transactions::count_otp_attempt(&state.db, id)
        .await?
        .ok_or_else(not_pending)?;
    if attempts >= OTP_ATTEMPTS {
        transition(state, id, Outcome::Failed, Some("OTP_ATTEMPTS_EXCEEDED")).await?;
        return Err(SandboxError::invalid(
            "otp",
            "OTP_ATTEMPTS_EXCEEDED",
            format!("{OTP_ATTEMPTS} wrong codes: the payment failed"),
        ));
    }
    let left = OTP_ATTEMPTS - attempts;
    Err(SandboxError::invalid(
        "otp",
        "INVALID_OTP",
        format!(
            "wrong code: {left} attempt{} left",
            if left == 1 { "" } else { "s" }
        ),
    ))
}

/// The transaction as the API shows it now.
pub async fn current(state: &AppState, id: i64) -> Result<Transaction, SandboxError> {
    wire::transaction(
        &mut *state.db.acquire().await?,
        id,
        state.config.amount_units,
    )
    .await
}

fn not_pending() -> SandboxError {
    SandboxError::new(
        StatusCode::CONFLICT,
        "TRANSACTION_NOT_PENDING",
        "the transaction is no longer pending",
    )
}

#[cfg(test)]
mod tests {
    use orkestra_core::PaymentMethod;

    use super::*;

    fn wire(code: &str) -> WireMethod {
        WireMethod::from_wire(code).unwrap()
    }

    #[test]
    fn magic_amounts_decide_asynchronous_settlements_only() {
        assert_eq!(
            outcome_at_settlement(wire("PIX"), 15_000),
            (Outcome::Paid, None)
        );
        assert_eq!(
            outcome_at_settlement(wire("SPEI"), 15_051),
            (Outcome::Failed, Some("INSUFFICIENT_FUNDS"))
        );
        assert_eq!(
            outcome_at_settlement(wire("NEQUI"), 2_000_052),
            (Outcome::Failed, Some("REJECTED_BY_PAYER"))
        );
        assert_eq!(
            outcome_at_settlement(wire("CASH"), 153),
            (Outcome::Expired, None)
        );
        assert_eq!(
            outcome_at_settlement(WireMethod::of(PaymentMethod::Card, false), 15_051),
            (Outcome::Paid, None)
        );
    }
}
