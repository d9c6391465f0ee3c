//! `/v1/checkout-sessions`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use orkestra_core::api::browser::SubmitTransactionBody;
use orkestra_core::api::merchant::{CheckoutSession, CreateCheckoutSession, OrderStatus};

use crate::error::{ApiJson, AppError};
use crate::flows::{close, sessions, submit};
use crate::present::merchant::checkout_session;
use crate::routes::extract::{created_or_ok, idempotency_key, FullMerchant, Merchant};
use crate::state::AppState;

/// `POST /v1/checkout-sessions`. Idempotent on `merchantOrderId`: the same request again
/// returns the session already created (200); a different one under that id is a conflict.
pub async fn create(
    _: Merchant,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<CreateCheckoutSession>,
) -> Result<(StatusCode, Json<CheckoutSession>), AppError> {
    let (order, created) = sessions::create(&state, &request).await?;
    Ok((
        created_or_ok(created),
        Json(checkout_session(&order, &state.config.public_url)?),
    ))
}

/// `GET /v1/checkout-sessions/{id}`.
pub async fn get(
    _: Merchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CheckoutSession>, AppError> {
    let order = sessions::order(&state, &id).await?;
    Ok(Json(checkout_session(&order, &state.config.public_url)?))
}

/// `POST /v1/checkout-sessions/{id}/cancel`: the merchant withdraws the offer (the basket
/// changed, the order was cancelled). Only a session with no payment in flight can be
/// cancelled; cancelling twice answers the cancelled session again.
pub async fn cancel(
    _: FullMerchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CheckoutSession>, AppError> {
    sessions::order(&state, &id).await?;
    close::close(&state, &id, OrderStatus::Cancelled).await?;
    let order = sessions::order(&state, &id).await?;
    Ok(Json(checkout_session(&order, &state.config.public_url)?))
}

/// `POST /v1/checkout-sessions/{id}/transactions` (host-to-host): a merchant with its own
/// payment form sends what the payer typed, exactly as the page would, with an
/// `Idempotency-Key`. Card data then passes through the merchant's servers (PCI DSS scope
/// is theirs); the proxy neither stores nor logs it. In a session whose cards are typed on
/// Orkestra's page, a card leg is made with the customer only, and the payer types the
/// card on the session's `url`, which frames that page. It pays the first charge; another
/// charge is paid through its own page.
pub async fn create_transaction(
    _: FullMerchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitTransactionBody>,
) -> Result<(StatusCode, Json<CheckoutSession>), AppError> {
    let key = idempotency_key(&headers)?;
    let order = sessions::order(&state, &id).await?;
    let charge = order.charges.first().ok_or(AppError::NotFound)?;
    let created = submit::submit(&state, &order.session, charge, key, &body).await?;
    let order = sessions::order(&state, &id).await?;
    Ok((
        created_or_ok(created),
        Json(checkout_session(&order, &state.config.public_url)?),
    ))
}
