//! A wallet's one-time code (Daviplata, Orange Money), sent with an `Idempotency-Key`.
//!
//! Orkestra counts every code it is sent, and the third wrong one fails the payment, so a
//! code must reach it once per time the payer sends it: a retry of the same request (a
//! double click, a network error, a reload) gets the answer the first one got, without
//! sending the code again. The key is reserved before the code goes out (`sending`), and
//! the outcome kept with it.

use std::time::Duration;

use orkestra_core::api::browser::{NextAction, SubmitOtp};
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::TransactionStatus;
use orkestra_core::error::{ErrorCode, FieldError};

use super::withdraw::{apply_answer, refresh};
use crate::error::AppError;
use crate::model::{Leg, Session};
use crate::state::AppState;
use crate::store::otp::OtpOutcome;
use crate::time::now_ms;

/// Sends `otp` for the leg `leg_id` of `charge`, once per `key`: `Ok` once it was
/// accepted (now, or by the earlier request with this key).
pub async fn submit(
    state: &AppState,
    token: &str,
    leg_id: &str,
    key: &str,
    otp: &str,
) -> Result<(), AppError> {
    let otp = orkestra_core::validate::otp(otp)
        .map_err(|code| AppError::Validation(vec![FieldError::new("otp", code)]))?;
    let otp = otp.as_str();
    let (order, charge_id) = state
        .store
        .order_by_token(token)
        .await?
        .ok_or(AppError::NotFound)?;
    let (session, charge) = (
        &order.session,
        order.charge(&charge_id).ok_or(AppError::NotFound)?,
    );
    let leg = order
        .leg(leg_id)
        .filter(|l| l.charge_id == charge.id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let hash = state.keys.request_hash(&SubmitOtp {
        otp: otp.to_owned(),
    });
    match reserve(state, &leg, key, &hash).await? {
        Reserved::Done(OtpOutcome::WrongCode) => return Err(wrong_code()),
        Reserved::Done(_) => return Ok(()),
        Reserved::Now => {}
    }
    let outcome = send(state, session, &leg, otp).await;
    // A code that got no answer may not have arrived: the key is freed, so the payer's
    // retry sends it again rather than waiting forever for an answer that is lost.
    let kept = match &outcome {
        Ok(()) => Some(OtpOutcome::Accepted),
        Err(AppError::Validation(_)) => Some(OtpOutcome::WrongCode),
        Err(_) => None,
    };
    let (leg_id, key) = (leg.id.clone(), key.to_owned());
    state
        .store
        .write(move |c| Box::pin(async move { c.finish_otp(&leg_id, &key, kept).await }))
        .await?;
    outcome
}

enum Reserved {
    /// This request holds the key: it sends the code.
    Now,
    /// An earlier request with this key and code was answered: its outcome.
    Done(OtpOutcome),
}

/// Reserves the key for this code, or finds what an earlier request with it got. A request
/// with the same key still sending is waited for (a double click); one sending for longer
/// than a call to Orkestra can take died on the way (a crash), and this request takes
/// over.
async fn reserve(state: &AppState, leg: &Leg, key: &str, hash: &str) -> Result<Reserved, AppError> {
    let patience = state.config.orkestra.timeout + Duration::from_secs(1);
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        let Some(found) = state.store.otp_submission(&leg.id, key).await? else {
            waits_for_code(leg)?;
            let (leg_id, key, hash) = (leg.id.clone(), key.to_owned(), hash.to_owned());
            let reserved = state
                .store
                .write(move |c| {
                    Box::pin(async move { c.reserve_otp(&leg_id, &key, &hash, now_ms()).await })
                })
                .await?;
            if reserved {
                return Ok(Reserved::Now);
            }
            // The same key reserved meanwhile: read it again.
            continue;
        };
        if found.request_hash != hash {
            return Err(AppError::Conflict(
                ApiErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for another code",
            ));
        }
        if found.outcome != OtpOutcome::Sending {
            return Ok(Reserved::Done(found.outcome));
        }
        let stale_before = now_ms() - i64::try_from(patience.as_millis()).unwrap_or(i64::MAX);
        if found.reserved_at < stale_before {
            let (leg_id, key, at) = (leg.id.clone(), key.to_owned(), found.reserved_at);
            let taken = state
                .store
                .write(move |c| {
                    Box::pin(async move { c.take_over_otp(&leg_id, &key, at, now_ms()).await })
                })
                .await?;
            if taken {
                return Ok(Reserved::Now);
            }
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(AppError::Conflict(
                ApiErrorCode::TransactionInProgress,
                "this code is still being checked",
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Only a leg whose next action asks for a code takes one.
fn waits_for_code(leg: &Leg) -> Result<(), AppError> {
    let asks = matches!(leg.next_action, Some(NextAction::EnterOtp { .. }));
    if leg.orkestra_id.is_some() && leg.status == TransactionStatus::Pending && asks {
        Ok(())
    } else {
        Err(AppError::Conflict(
            ApiErrorCode::TransactionNotPending,
            "this payment is not waiting for a code",
        ))
    }
}

fn wrong_code() -> AppError {
    AppError::Validation(vec![FieldError::new("otp", ErrorCode::WrongCode)])
}

/// Sends the code to Orkestra once (never retried: a repeat would count as another code)
/// and applies its answer. `Err(Validation)` for a wrong code; other errors as they come.
async fn send(state: &AppState, session: &Session, leg: &Leg, otp: &str) -> Result<(), AppError> {
    let orkestra_id = leg.orkestra_id.ok_or(AppError::NotFound)?;
    match state.orkestra.submit_otp(orkestra_id, otp).await {
        Ok(answer) => apply_answer(state, &session.id, &leg.id, answer).await,
        Err(err) => match AppError::from(err) {
            AppError::UpstreamRejected(_, Some(code)) if code == "INVALID_OTP" => Err(wrong_code()),
            // The last wrong code failed the payment, or it was paid, failed or expired
            // meanwhile: the page shows it at once rather than when the notification
            // arrives.
            AppError::UpstreamRejected(_, Some(code))
                if code == "OTP_ATTEMPTS_EXCEEDED" || code == "TRANSACTION_NOT_PENDING" =>
            {
                refresh(state, session, leg).await
            }
            other => Err(other),
        },
    }
}
