//! `POST /api/pay/{token}/transactions/{id}/otp` with an `Idempotency-Key` header: the
//! one-time code a wallet (Daviplata, Orange Money) sent the payer.
//!
//! Orkestra counts every code it is sent, and the third wrong one fails the payment, so a
//! code must reach it once per time the payer sends it: a retry of the same request (a
//! double click, a network error, a reload) gets the answer the first one got, without
//! sending the code again. The key is reserved before the code goes out (`sending`), and
//! the outcome kept with it.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use orkestra_core::api::browser::{NextAction, PageSession, SubmitOtp};
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::error::{ErrorCode, FieldError};

use crate::browser::{charge_of, count_submit, idempotency_key, load, request_hash};
use crate::db::{self, SessionRow, TransactionRow};
use crate::error::{ApiJson, AppError};
use crate::time::now_ms;
use crate::{payments, AppState};

/// What became of a code, as kept under its key.
const SENDING: &str = "sending";
const ACCEPTED: &str = "accepted";
const WRONG_CODE: &str = "wrong_code";

/// Counted with submits against the per-session limit, so codes cannot be guessed faster
/// than payments can be tried (Orkestra also fails the attempt after 3 wrong ones).
pub async fn submit(
    State(state): State<AppState>,
    Path((token, tx_id)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitOtp>,
) -> Result<Json<PageSession>, AppError> {
    let key = idempotency_key(&headers)?;
    count_submit(&state, &token)?;
    let otp = orkestra_core::validate::otp(&body.otp)
        .map_err(|code| AppError::Validation(vec![FieldError::new("otp", code)]))?;
    let otp = otp.as_str();
    let (session, charge) = charge_of(&state, &token).await?;
    let txs = db::transactions_of(&state.db, &session.id).await?;
    let tx = txs
        .into_iter()
        .find(|t| t.id == tx_id && t.charge_id.as_deref() == Some(charge.id.as_str()))
        .ok_or(AppError::NotFound)?;
    let hash = request_hash(
        &state,
        &SubmitOtp {
            otp: otp.to_owned(),
        },
    );
    match reserve(&state, &tx, &key, &hash).await? {
        Reserved::Done(outcome) => return replay(&state, &token, &outcome).await,
        Reserved::Now => {}
    }
    let outcome = send(&state, &session, &tx, otp).await;
    // A code that got no answer may not have arrived: the key is freed, so the payer's
    // retry sends it again rather than waiting forever for an answer that is lost.
    let kept = match &outcome {
        Ok(()) => Some(ACCEPTED),
        Err(AppError::Validation(_)) => Some(WRONG_CODE),
        Err(_) => None,
    };
    finish(&state, &tx.id, &key, kept).await?;
    outcome?;
    Ok(Json(load(&state, &token).await?))
}

enum Reserved {
    /// This request holds the key: it sends the code.
    Now,
    /// An earlier request with this key and code was answered: its outcome.
    Done(String),
}

/// Reserves the key for this code, or finds what an earlier request with it got. A request
/// with the same key still sending is waited for (a double click); one sending for longer
/// than a call to Orkestra can take died on the way (a crash), and this request takes
/// over.
async fn reserve(
    state: &AppState,
    tx: &TransactionRow,
    key: &str,
    hash: &str,
) -> Result<Reserved, AppError> {
    let patience = state.config.orkestra.timeout + Duration::from_secs(1);
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        let found: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT request_hash, outcome, created_at FROM otp_submissions \
             WHERE transaction_id = $1 AND idempotency_key = $2",
        )
        .bind(&tx.id)
        .bind(key)
        .fetch_optional(&state.db)
        .await?;
        let Some((stored_hash, outcome, created_at)) = found else {
            waits_for_code(tx)?;
            let inserted = sqlx::query(
                "INSERT INTO otp_submissions (transaction_id, idempotency_key, request_hash, outcome, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(&tx.id)
            .bind(key)
            .bind(hash)
            .bind(SENDING)
            .bind(now_ms())
            .execute(&state.db)
            .await?;
            if inserted.rows_affected() > 0 {
                return Ok(Reserved::Now);
            }
            // The same key reserved meanwhile: read it again.
            continue;
        };
        if stored_hash != hash {
            return Err(AppError::Conflict(
                ApiErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for another code",
            ));
        }
        if outcome != SENDING {
            return Ok(Reserved::Done(outcome));
        }
        let stale_before = now_ms() - i64::try_from(patience.as_millis()).unwrap_or(i64::MAX);
        if created_at < stale_before {
            let taken = sqlx::query(
                "UPDATE otp_submissions SET created_at = $1 \
                 WHERE transaction_id = $2 AND idempotency_key = $3 AND outcome = $4 AND created_at = $5",
            )
            .bind(now_ms())
            .bind(&tx.id)
            .bind(key)
            .bind(SENDING)
            .bind(created_at)
            .execute(&state.db)
            .await?;
            if taken.rows_affected() > 0 {
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

/// Only an attempt whose next action asks for a code takes one.
fn waits_for_code(tx: &TransactionRow) -> Result<(), AppError> {
    let asks = tx
        .next_action
        .as_deref()
        .and_then(|json| serde_json::from_str::<NextAction>(json).ok())
        .is_some_and(|action| matches!(action, NextAction::EnterOtp { .. }));
    if tx.orkestra_id.is_some() && tx.status == "pending" && asks {
        Ok(())
    } else {
        Err(AppError::Conflict(
            ApiErrorCode::TransactionNotPending,
            "this payment is not waiting for a code",
        ))
    }
}

/// Keeps the outcome under the key, or frees the key (`None`).
async fn finish(
    state: &AppState,
    tx_id: &str,
    key: &str,
    outcome: Option<&str>,
) -> Result<(), AppError> {
    let query = match outcome {
        Some(outcome) => sqlx::query(
            "UPDATE otp_submissions SET outcome = $1 WHERE transaction_id = $2 AND idempotency_key = $3",
        )
        .bind(outcome),
        None => sqlx::query(
            "DELETE FROM otp_submissions WHERE transaction_id = $1 AND idempotency_key = $2",
        ),
    };
    query.bind(tx_id).bind(key).execute(&state.db).await?;
    Ok(())
}

/// The answer a request with this key got: the page as it is now after an accepted code
/// (which may since have paid), the same field error after a wrong one.
async fn replay(
    state: &AppState,
    token: &str,
    outcome: &str,
) -> Result<Json<PageSession>, AppError> {
    if outcome == WRONG_CODE {
        return Err(wrong_code());
    }
    Ok(Json(load(state, token).await?))
}

fn wrong_code() -> AppError {
    AppError::Validation(vec![FieldError::new("otp", ErrorCode::WrongCode)])
}

/// Sends the code to Orkestra once (never retried: a repeat would count as another code)
/// and applies its answer. `Err(Validation)` for a wrong code; other errors as they come.
async fn send(
    state: &AppState,
    session: &SessionRow,
    tx: &TransactionRow,
    otp: &str,
) -> Result<(), AppError> {
    let orkestra_id = tx.orkestra_id.as_deref().unwrap_or_default();
    match state.orkestra.submit_otp(orkestra_id, otp).await {
        Ok(upstream) => payments::apply_upstream(state, session, &tx.id, &upstream).await,
        Err(AppError::UpstreamRejected(_, Some(code))) if code == "INVALID_OTP" => {
            Err(wrong_code())
        }
        Err(AppError::UpstreamRejected(_, Some(code)))
            if code == "OTP_ATTEMPTS_EXCEEDED" || code == "TRANSACTION_NOT_PENDING" =>
        {
            // The last wrong code failed the payment, or it was paid, failed or expired
            // meanwhile: the page shows it at once rather than when the notification
            // arrives.
            payments::refresh(state, session, tx).await
        }
        Err(other) => Err(other),
    }
}
