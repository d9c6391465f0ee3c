//! The merchant API (`/v1/...`, `Authorization: Bearer <merchant secret>`).

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::{CheckoutSession, CreateCheckoutSession, SessionStatus};
use secrecy::ExposeSecret;

use crate::db::SessionRow;
use crate::error::{ApiJson, AppError};
use crate::time::now_ms;
use crate::{db, ids, views, AppState};

/// Present in a handler's arguments = the caller showed the merchant secret.
pub struct Merchant;

impl FromRequestParts<AppState> for Merchant {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if server_kit::constant_time_eq(
            given.trim().as_bytes(),
            state.config.merchant_secret.expose_secret().as_bytes(),
        ) {
            Ok(Merchant)
        } else {
            Err(AppError::Unauthorized)
        }
    }
}

/// `POST /v1/checkout-sessions`. Idempotent on `merchantOrderId`: the same request again
/// returns the session already created (200); a different one under that id is a conflict.
pub async fn create_session(
    _: Merchant,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<CreateCheckoutSession>,
) -> Result<(StatusCode, Json<CheckoutSession>), AppError> {
    let spec = request.validate().map_err(AppError::Validation)?;
    let request_json = serde_json::to_string(&request).map_err(anyhow::Error::from)?;
    if let Some(existing) =
        db::session_by_merchant_order_id(&state.db, &spec.merchant_order_id).await?
    {
        if existing.request_json != request_json {
            return Err(AppError::Conflict(
                ApiErrorCode::MerchantOrderIdConflict,
                "another checkout session already uses this merchantOrderId",
            ));
        }
        return Ok((StatusCode::OK, merchant_view(&state, &existing).await?));
    }
    let now = now_ms();
    let id = ids::session_id();
    let inserted = sqlx::query(
        "INSERT INTO sessions (id, token, merchant_order_id, request_json, country, currency, amount_minor, locale, \
         embed_origins, webhook_url, status, expires_at, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (merchant_order_id) DO NOTHING",
    )
    .bind(&id)
    .bind(ids::page_token())
    .bind(&spec.merchant_order_id)
    .bind(&request_json)
    .bind(spec.market.country().map_or("", |c| c.alpha2()))
    .bind(spec.amount.get().currency().code())
    .bind(i64::try_from(spec.amount.get().minor()).map_err(anyhow::Error::from)?)
    .bind(spec.locale.map(|l| l.tag()))
    .bind(serde_json::to_string(&spec.embed_origins).map_err(anyhow::Error::from)?)
    .bind(&spec.webhook_url)
    .bind(SessionStatus::Open.as_str())
    .bind(now + i64::from(spec.expires_in_minutes) * 60_000)
    .bind(now)
    .bind(now)
    .execute(&state.db)
    .await?
    .rows_affected();
    if inserted == 0 {
        // A concurrent request with the same merchantOrderId won the race.
        return Err(AppError::Conflict(
            ApiErrorCode::MerchantOrderIdConflict,
            "another checkout session already uses this merchantOrderId",
        ));
    }
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    tracing::info!(session_id = %id, merchant_order_id = %row.merchant_order_id, "checkout session created");
    Ok((
        StatusCode::CREATED,
        Json(views::checkout_session(&row, &[], &state.config.public_url)),
    ))
}

/// `GET /v1/checkout-sessions/{id}`.
pub async fn get_session(
    _: Merchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CheckoutSession>, AppError> {
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    merchant_view(&state, &row).await
}

/// `POST /v1/checkout-sessions/{id}/cancel`: the merchant withdraws the offer (the basket
/// changed, the order was cancelled). Only a session with no payment in flight can be
/// cancelled; cancelling twice answers the cancelled session again.
pub async fn cancel_session(
    _: Merchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CheckoutSession>, AppError> {
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    match views::session_status(&row) {
        SessionStatus::Open | SessionStatus::Failed => crate::payments::cancel_session(&state, &row).await?,
        SessionStatus::Cancelled => {}
        SessionStatus::Pending => {
            return Err(AppError::Conflict(
                ApiErrorCode::TransactionInProgress,
                "a payment for this session is in progress; it can be cancelled once it has settled or failed",
            ))
        }
        SessionStatus::Paid => {
            return Err(AppError::Conflict(ApiErrorCode::SessionPaid, "this checkout session is already paid"))
        }
        SessionStatus::Expired => {
            return Err(AppError::Conflict(ApiErrorCode::SessionExpired, "this checkout session has expired"))
        }
    }
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    merchant_view(&state, &row).await
}

/// The session with its transactions, as every merchant API answer shows it.
async fn merchant_view(
    state: &AppState,
    row: &SessionRow,
) -> Result<Json<CheckoutSession>, AppError> {
    let txs = db::transactions_of(&state.db, &row.id).await?;
    Ok(Json(views::checkout_session(
        row,
        &txs,
        &state.config.public_url,
    )))
}
