//! Reading a page's session, the PSE banks, and the payer's cancel.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use orkestra_core::api::browser::Bank;
use orkestra_core::api::merchant::OrderStatus;
use orkestra_core::catalog::PaymentMethod;

use super::{page, PageBody};
use crate::error::AppError;
use crate::flows::{close, refuse_if_closed};
use crate::routes::extract::idempotency_key;
use crate::state::AppState;

/// `GET /api/pay/{token}`.
pub async fn get(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<PageBody, AppError> {
    page(&state, &token).await
}

/// `GET /api/pay/{token}/banks`: the PSE banks, for sessions that offer PSE.
pub async fn banks(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<Vec<Bank>>, AppError> {
    let (session, _) = state
        .store
        .charge_by_token(&token)
        .await?
        .ok_or(AppError::NotFound)?;
    if !session.market().offers(PaymentMethod::Pse) {
        return Err(AppError::NotFound);
    }
    Ok(Json(state.orkestra.pse_banks().await?))
}

/// `POST /api/pay/{token}/cancel` with an `Idempotency-Key` header: the payer abandons
/// the payment. The whole order is cancelled (a share of it cannot be paid alone), and the
/// paid legs of every charge not paid in full are refunded automatically. Refused while a
/// leg is in flight and for a payer whose charge is paid; cancelling again answers the
/// cancelled session.
pub async fn cancel(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<PageBody, AppError> {
    idempotency_key(&headers)?;
    cancel_for(&state, &token).await?;
    page(&state, &token).await
}

/// The payer's cancel, for the browser API and the hosted page's cancel form.
pub async fn cancel_for(state: &AppState, token: &str) -> Result<(), AppError> {
    let (session, charge) = state
        .store
        .charge_by_token(token)
        .await?
        .ok_or(AppError::NotFound)?;
    if charge.status == OrderStatus::Paid {
        refuse_if_closed(OrderStatus::Paid)?;
    }
    close::close(state, &session.id, OrderStatus::Cancelled).await
}
