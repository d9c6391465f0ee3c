//! Refunds: the merchant's (through the merchant API), and the automatic refunds of the
//! paid legs of a charge that ended partly paid. Orkestra keeps refunds (the proxy stores
//! no bank details); a leg keeps only where its automatic refund stands.

use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::{AutoRefund, CreateRefund};
use orkestra_core::api::orkestra::RefundStatus;
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::money::PositiveMoney;
use orkestra_core::split::refund_progress;
use sha2::{Digest, Sha256};

use super::webhooks;
use crate::error::AppError;
use crate::model::{Leg, Refund};
use crate::state::AppState;
use crate::time::now_ms;
use crate::upstream::{money_out, Refusal, Rejection};

/// Longest refund reason the merchant may give.
const MAX_REASON: usize = 200;
/// Automatic refunds asked of Orkestra per round.
const BATCH: i64 = 50;

/// Asks Orkestra to refund the leg `leg_id` (of the merchant's session). The same `key`
/// for the same leg always means the same refund. Returns it, and whether Orkestra made it
/// now (false: a repeat).
pub async fn create(
    state: &AppState,
    leg_id: &str,
    key: &str,
    body: CreateRefund,
) -> Result<(Refund, Leg, bool), AppError> {
    let (session, leg) = state
        .store
        .leg_with_session(leg_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(orkestra_id) = leg.orkestra_id else {
        return Err(not_refundable());
    };
    let mut errors = Vec::new();
    let amount = match &body.amount {
        None => None,
        Some(text) => match text
            .in_currency(session.currency())
            .and_then(PositiveMoney::new)
        {
            Ok(money) => Some(money.get()),
            Err(code) => {
                errors.push(FieldError::new("amount", code));
                None
            }
        },
    };
    if body.reason.as_deref().is_some_and(|r| r.len() > MAX_REASON) {
        errors.push(FieldError::new("reason", ErrorCode::TooLong));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let request = money_out::refund_request(
        orkestra_id,
        reference(&[&leg.id, key]),
        amount,
        body.reason,
        body.bank_account,
        body.beneficiary,
        state.orkestra.units(),
    );
    let (refund, created) = state
        .orkestra
        .create_refund(&request)
        .await?
        .map_err(|rejection| refused(rejection, ""))?;
    tracing::info!(transaction_id = %leg.id, refund_id = refund.id, "refund requested");
    Ok((refund, leg, created))
}

/// The refunds of the leg `leg_id`, as Orkestra has them.
pub async fn of_leg(state: &AppState, leg_id: &str) -> Result<(Vec<Refund>, Leg), AppError> {
    let leg = state.store.leg(leg_id).await?.ok_or(AppError::NotFound)?;
    let Some(orkestra_id) = leg.orkestra_id else {
        return Ok((Vec::new(), leg));
    };
    Ok((state.orkestra.refunds_of(orkestra_id).await?, leg))
}

fn not_refundable() -> AppError {
    AppError::Conflict(
        ApiErrorCode::TransactionNotRefundable,
        "only a paid transaction can be refunded",
    )
}

/// Orkestra's refusal of a refund or payout the merchant asked for, as our answer: a
/// field error on our name of the field (`prefix` places a batch item's), a conflict, or
/// `upstream_rejected` for what the merchant cannot fix.
pub fn refused(rejection: Rejection, prefix: &str) -> AppError {
    match rejection.refusal() {
        Refusal::DuplicateReference => AppError::Conflict(
            ApiErrorCode::IdempotencyKeyReused,
            "this reference was used for a different request",
        ),
        Refusal::NotRefundable => not_refundable(),
        Refusal::Field(field, code) => {
            AppError::Validation(vec![FieldError::new(format!("{prefix}{field}"), code)])
        }
        Refusal::Other => AppError::UpstreamRejected(rejection.describe(), rejection.code),
    }
}

/// A stable Orkestra `referenceId` from our own ids: the same inputs, the same refund.
pub fn reference(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    format!("rf_{}", &hex::encode(hash.finalize())[..32])
}

/// The reference of a leg's automatic refund: Orkestra answers a repeat with the refund
/// already made, so asking twice (a retry, two replicas) refunds once.
fn auto_reference(leg_id: &str) -> String {
    format!("auto-{leg_id}")
}

/// Asks Orkestra to refund every leg marked `pending`. Run after an order closes and
/// every few seconds, so a refund whose call failed (Orkestra down, a restart) is asked
/// again until Orkestra answers.
pub async fn request_auto_refunds(state: &AppState) {
    let due = match state.store.legs_to_refund(BATCH).await {
        Ok(due) => due,
        Err(err) => {
            tracing::warn!(error = %err, "could not read the automatic refunds to ask");
            return;
        }
    };
    for leg in due {
        if let Err(err) = request_auto_refund(state, &leg).await {
            tracing::warn!(transaction_id = %leg.id, error = %err, "automatic refund not requested yet");
        }
    }
}

async fn request_auto_refund(state: &AppState, leg: &Leg) -> Result<(), AppError> {
    let Some(orkestra_id) = leg.orkestra_id else {
        return advance(state, leg, AutoRefund::Failed, None).await;
    };
    let request = money_out::refund_request(
        orkestra_id,
        auto_reference(&leg.id),
        None,
        Some("checkout ended partly paid".into()),
        None,
        None,
        state.orkestra.units(),
    );
    match state.orkestra.create_refund(&request).await? {
        Ok((refund, _)) => {
            tracing::info!(transaction_id = %leg.id, refund_id = refund.id, "automatic refund requested");
            advance(
                state,
                leg,
                auto_state(refund.status),
                Some(refund.id.to_string()),
            )
            .await
        }
        Err(rejection) => {
            tracing::warn!(transaction_id = %leg.id, code = ?rejection.code, "automatic refund refused");
            advance(state, leg, AutoRefund::Failed, None).await
        }
    }
}

fn auto_state(status: RefundStatus) -> AutoRefund {
    match status {
        RefundStatus::Pending => AutoRefund::Requested,
        RefundStatus::Refunded => AutoRefund::Refunded,
        RefundStatus::Failed => AutoRefund::Failed,
    }
}

/// Orkestra's refund notification for one of our legs: an automatic refund settles.
pub async fn settled(state: &AppState, leg: &Leg, refund: &Refund) -> Result<(), AppError> {
    if refund.reference_id != auto_reference(&leg.id) || leg.auto_refund.is_none() {
        return Ok(());
    }
    if refund.status == RefundStatus::Pending {
        return Ok(());
    }
    advance(
        state,
        leg,
        auto_state(refund.status),
        Some(refund.id.to_string()),
    )
    .await
}

/// Moves a leg's automatic refund forward (never back) and, when that settles its
/// charge's refund, tells the merchant: `charge.refunded` or `charge.refund_failed`.
async fn advance(
    state: &AppState,
    leg: &Leg,
    to: AutoRefund,
    refund_id: Option<String>,
) -> Result<(), AppError> {
    let (session_id, leg_id, charge_id) = (
        leg.session_id.clone(),
        leg.id.clone(),
        leg.charge_id.clone(),
    );
    let public_url = state.config.public_url.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let order = c.lock_order(&session_id).await?;
                let progress = |order: &crate::model::Order| {
                    order.charge(&charge_id).and_then(|charge| {
                        refund_progress(order.legs_of(charge).filter_map(|l| l.auto_refund))
                    })
                };
                let before = progress(&order);
                let moved = c
                    .advance_auto_refund(&leg_id, to, refund_id.as_deref(), now_ms())
                    .await?;
                let after_order = c.reread(&order).await?;
                let after = progress(&after_order);
                if moved && before != after {
                    let kind = match after {
                        Some(orkestra_core::api::merchant::RefundProgress::Refunded) => {
                            Some("charge.refunded")
                        }
                        Some(orkestra_core::api::merchant::RefundProgress::Failed) => {
                            Some("charge.refund_failed")
                        }
                        _ => None,
                    };
                    if let Some(kind) = kind {
                        webhooks::charge_event(c, &after_order, &charge_id, kind, &public_url)
                            .await?;
                    }
                }
                c.touch(&session_id);
                Ok(())
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_transaction_and_key_give_the_same_reference() {
        let a = reference(&["tx_1", "key-1"]);
        assert_eq!(a, reference(&["tx_1", "key-1"]));
        assert_ne!(a, reference(&["tx_1", "key-2"]));
        // No ambiguity from concatenation.
        assert_ne!(reference(&["tx_1k", "ey"]), reference(&["tx_1", "key"]));
        assert_eq!(a.len(), 35);
    }
}
