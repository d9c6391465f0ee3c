//! The payer withdraws one pending asynchronous leg of their charge (a PIX code they will
//! not pay, say) to pay that part another way. Orkestra cancels it, its amount is free
//! again, and the charge is open for a new leg. Withdrawing a withdrawn leg is no error.
//!
//! A card leg is decided while the payer waits and cannot be withdrawn, but for one still
//! waiting on Orkestra's card page (the payer may not want to type a card there after all;
//! if they did meanwhile, Orkestra's answer to the cancel decides); a paid leg neither (the
//! merchant refunds it): both are `409 transaction_not_cancellable`.

use orkestra_core::api::browser::NextAction;
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::TransactionStatus;

use super::settle::change_legs;
use crate::error::AppError;
use crate::model::{Charge, Leg, Session};
use crate::state::AppState;
use crate::time::now_ms;
use crate::upstream::Answer;

pub async fn withdraw(
    state: &AppState,
    session: &Session,
    charge: &Charge,
    leg_id: &str,
) -> Result<(), AppError> {
    let leg = |state: &AppState| {
        let (session_id, charge_id, leg_id) =
            (session.id.clone(), charge.id.clone(), leg_id.to_owned());
        let store = state.store.clone();
        async move {
            store
                .order(&session_id)
                .await?
                .and_then(|o| o.leg(&leg_id).filter(|l| l.charge_id == charge_id).cloned())
                .ok_or(AppError::NotFound)
        }
    };
    let current = leg(state).await?;
    if !withdrawable(&current)? {
        return Ok(());
    }
    let orkestra_id = current.orkestra_id.ok_or(AppError::NotFound)?;
    match state.orkestra.cancel_transaction(orkestra_id).await {
        Ok(answer) => apply_answer(state, &session.id, &current.id, answer).await?,
        Err(err) => match AppError::from(err) {
            // It was paid, failed or expired before the cancel reached Orkestra: the leg
            // takes that status, and the answer says what it now is.
            AppError::UpstreamRejected(_, Some(code)) if code == "TRANSACTION_NOT_PENDING" => {
                refresh(state, session, &current).await?;
                withdrawable(&leg(state).await?)?;
            }
            other => return Err(other),
        },
    }
    tracing::info!(transaction_id = %current.id, "leg withdrawn by the payer");
    Ok(())
}

/// A card leg whose card is to be typed on Orkestra's page.
fn on_card_page(leg: &Leg) -> bool {
    matches!(leg.next_action, Some(NextAction::CardPage { .. }))
}

/// Whether the leg is pending and may be withdrawn (`Ok(false)`: already withdrawn), or
/// why not.
fn withdrawable(leg: &Leg) -> Result<bool, AppError> {
    let not = |code, message| Err(AppError::Conflict(code, message));
    match leg.status {
        TransactionStatus::Cancelled => Ok(false),
        TransactionStatus::Paid => not(
            ApiErrorCode::TransactionNotCancellable,
            "a paid leg cannot be withdrawn; the merchant can refund it",
        ),
        _ if leg.method.is_synchronous() && !on_card_page(leg) => not(
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

/// Applies an answer of Orkestra's about a leg after its create call (to a one-time code,
/// a cancel): a pending leg takes its status. The notification may have been faster; a
/// final status never changes again.
pub async fn apply_answer(
    state: &AppState,
    session_id: &str,
    leg_id: &str,
    answer: Answer,
) -> Result<(), AppError> {
    let leg_id = leg_id.to_owned();
    change_legs(state, session_id, move |c, _| {
        Box::pin(async move {
            c.record_pending_outcome(&leg_id, &answer.outcome, now_ms())
                .await?;
            Ok(())
        })
    })
    .await
}

/// Reads the leg back from Orkestra's order and applies its status: for when Orkestra
/// refused a call because the leg had moved on (paid, failed, expired) before its
/// notification arrived.
pub async fn refresh(state: &AppState, session: &Session, leg: &Leg) -> Result<(), AppError> {
    let current = state
        .store
        .session(&session.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(order_id), Some(orkestra_id)) = (current.orkestra_order_id, leg.orkestra_id) else {
        return Ok(());
    };
    let order = state.orkestra.order(order_id).await?;
    match order.transaction(orkestra_id) {
        Some(answer) => apply_answer(state, &session.id, &leg.id, answer.clone()).await,
        None => Ok(()),
    }
}
