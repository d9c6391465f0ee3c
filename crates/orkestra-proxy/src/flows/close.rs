//! Ending an order: the merchant or a payer cancels it, or its time is up. Every charge
//! not paid takes the order's new status, and the paid legs of those charges are marked
//! for an automatic refund (`flows::refunds` asks Orkestra for them), all in one unit of
//! work with the merchant's webhooks.

use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::{AutoRefund, OrderStatus, TransactionStatus};
use orkestra_core::catalog::{refund_route, RefundRoute};

use super::{refunds, refuse_if_closed, webhooks};
use crate::error::AppError;
use crate::state::AppState;
use crate::time::now_ms;

/// Closes the order with `status` (cancelled or expired). Returns false, changing
/// nothing, while a leg is in flight or when the order was already final.
pub async fn close_order(
    state: &AppState,
    session_id: &str,
    status: OrderStatus,
) -> Result<bool, AppError> {
    let id = session_id.to_owned();
    let public_url = state.config.public_url.clone();
    let closed = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let session_id = id;
                let order = c.lock_order(&session_id).await?;
                if order.session.status.is_final() || order.legs.iter().any(|l| l.is_in_flight()) {
                    return Ok::<_, AppError>(false);
                }
                let now = now_ms();
                let mut refunds_failed = Vec::new();
                for charge in &order.charges {
                    if charge.status == OrderStatus::Paid {
                        continue;
                    }
                    c.set_charge_status(&charge.id, status, now).await?;
                    for leg in order.legs_of(charge) {
                        if leg.status != TransactionStatus::Paid || leg.auto_refund.is_some() {
                            continue;
                        }
                        // Boleto, vouchers, transfers and crypto go back only as a payout to
                        // an account the payer names: the merchant has to do that one.
                        let mark = match refund_route(leg.method) {
                            RefundRoute::Original => AutoRefund::Pending,
                            RefundRoute::AlternativePayout => {
                                if !refunds_failed.contains(&charge.id) {
                                    refunds_failed.push(charge.id.clone());
                                }
                                AutoRefund::Manual
                            }
                        };
                        c.start_auto_refund(&leg.id, mark, now).await?;
                    }
                }
                c.set_session_status(&session_id, status, now).await?;
                let closed = c.reread(&order).await?;
                webhooks::order_event(c, &closed, &public_url).await?;
                for charge_id in refunds_failed {
                    webhooks::charge_event(
                        c,
                        &closed,
                        &charge_id,
                        "charge.refund_failed",
                        &public_url,
                    )
                    .await?;
                }
                c.touch(&session_id);
                Ok(true)
            })
        })
        .await?;
    if closed {
        tracing::info!(session_id, status = status.as_str(), "order closed");
        let state = state.clone();
        tokio::spawn(async move { refunds::request_auto_refunds(&state).await });
    }
    Ok(closed)
}

/// Closes an order for the merchant or a payer (`cancelled`) or by time (`expired`), with
/// the answers both APIs give: a cancelled order again is no error; an order with a leg
/// in flight, or already final otherwise, is a conflict.
pub async fn close(
    state: &AppState,
    session_id: &str,
    status: OrderStatus,
) -> Result<(), AppError> {
    if close_order(state, session_id, status).await? {
        return Ok(());
    }
    let now = state
        .store
        .session(session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    match now.status {
        current if current == status => Ok(()),
        OrderStatus::Open | OrderStatus::Failed | OrderStatus::Pending | OrderStatus::PartiallyPaid => {
            Err(AppError::Conflict(
                ApiErrorCode::TransactionInProgress,
                "a payment for this session is in progress; it can be cancelled once it has settled or failed",
            ))
        }
        other => refuse_if_closed(other),
    }
}

/// Expires sessions past their time that have no payment in flight (a partly paid one
/// waits for its legs in flight, then expires and its paid legs are refunded).
pub async fn expire_due(state: &AppState) -> Result<(), AppError> {
    for session_id in state.store.sessions_due_to_expire(now_ms(), 100).await? {
        if let Err(err) = close_order(state, &session_id, OrderStatus::Expired).await {
            tracing::warn!(%session_id, error = %err, "could not expire session");
        }
    }
    Ok(())
}
