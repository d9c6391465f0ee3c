//! The payer's payment attempts: a submit, a wallet's one-time code, withdrawing a leg.
//! Each with an `Idempotency-Key` header: the same key always means the same request,
//! however often it is sent.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use orkestra_core::api::browser::{SubmitOtp, SubmitTransactionBody};

use super::{count_submit, page, PageBody};
use crate::error::{ApiJson, AppError};
use crate::flows::{otp, submit, withdraw};
use crate::routes::extract::{created_or_ok, idempotency_key};
use crate::state::AppState;

/// `POST /api/pay/{token}/transactions`.
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitTransactionBody>,
) -> Result<(StatusCode, PageBody), AppError> {
    let key = idempotency_key(&headers)?;
    count_submit(&state, &token)?;
    let (session, charge) = state
        .store
        .charge_by_token(&token)
        .await?
        .ok_or(AppError::NotFound)?;
    let created = submit::submit(&state, &session, &charge, key, &body).await?;
    Ok((created_or_ok(created), page(&state, &token).await?))
}

/// `POST /api/pay/{token}/transactions/{id}/otp`. Counted with submits against the
/// per-session limit, so codes cannot be guessed faster than payments can be tried
/// (Orkestra also fails the attempt after 3 wrong ones).
pub async fn otp(
    State(state): State<AppState>,
    Path((token, leg_id)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitOtp>,
) -> Result<PageBody, AppError> {
    let key = idempotency_key(&headers)?;
    count_submit(&state, &token)?;
    otp::submit(&state, &token, &leg_id, &key, &body.otp).await?;
    page(&state, &token).await
}

/// `POST /api/pay/{token}/transactions/{id}/cancel`: the payer withdraws a pending leg.
pub async fn withdraw(
    State(state): State<AppState>,
    Path((token, leg_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<PageBody, AppError> {
    idempotency_key(&headers)?;
    let (session, charge) = state
        .store
        .charge_by_token(&token)
        .await?
        .ok_or(AppError::NotFound)?;
    withdraw::withdraw(&state, &session, &charge, &leg_id).await?;
    page(&state, &token).await
}
