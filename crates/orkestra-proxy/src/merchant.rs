//! The merchant API (`/v1/...`, `Authorization: Bearer <merchant secret>`).

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::http::{header, StatusCode};
use axum::Json;
use orkestra_core::api::browser::SubmitTransactionBody;
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::{
    CheckoutSession, CreateCheckoutSession, OrderStatus, TransactionList, TransactionListItem,
    TransactionStatus,
};
use orkestra_core::error::{ErrorCode, FieldError};
use secrecy::ExposeSecret;
use serde::Deserialize;

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
    let token = ids::page_token();
    // The session and its charges in one transaction: a session is never seen without
    // its charges.
    let mut conn = state.db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO sessions (id, token, merchant_order_id, request_json, country, currency, amount_minor, locale, \
         embed_origins, webhook_url, status, expires_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (merchant_order_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&token)
    .bind(&spec.merchant_order_id)
    .bind(&request_json)
    .bind(spec.market.country().map_or("", |c| c.alpha2()))
    .bind(spec.amount.get().currency().code())
    .bind(i64::try_from(spec.amount.get().minor()).map_err(anyhow::Error::from)?)
    .bind(spec.locale.map(|l| l.tag()))
    .bind(serde_json::to_string(&spec.embed_origins).map_err(anyhow::Error::from)?)
    .bind(&spec.webhook_url)
    .bind(OrderStatus::Open.as_str())
    .bind(now + i64::from(spec.expires_in_minutes) * 60_000)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        // A concurrent request with the same merchantOrderId won the race.
        return Err(AppError::Conflict(
            ApiErrorCode::MerchantOrderIdConflict,
            "another checkout session already uses this merchantOrderId",
        ));
    }
    for (position, charge) in spec.charges.iter().enumerate() {
        // The first payer's page is the session's own URL, as before charges existed.
        let charge_token = if position == 0 {
            token.clone()
        } else {
            ids::page_token()
        };
        let customer = charge
            .customer
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(anyhow::Error::from)?;
        sqlx::query(
            "INSERT INTO charges (id, session_id, position, token, amount_minor, reference, customer_json, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(ids::charge_id())
        .bind(&id)
        .bind(i64::try_from(position).map_err(anyhow::Error::from)?)
        .bind(charge_token)
        .bind(i64::try_from(charge.amount.get().minor()).map_err(anyhow::Error::from)?)
        .bind(charge.reference.clone())
        .bind(customer)
        .bind(OrderStatus::Open.as_str())
        .bind(now)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    conn.commit().await?;
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    tracing::info!(session_id = %id, merchant_order_id = %row.merchant_order_id, charges = spec.charges.len(), "checkout session created");
    Ok((StatusCode::CREATED, merchant_view(&state, &row).await?))
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
    crate::browser::close(&state, &row, OrderStatus::Cancelled).await?;
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    merchant_view(&state, &row).await
}

/// `POST /v1/checkout-sessions/{id}/transactions` (host-to-host): a merchant with its own
/// payment form sends what the payer typed, exactly as the page would, with an
/// `Idempotency-Key`. Card data then passes through the merchant's servers (PCI DSS scope
/// is theirs); the proxy neither stores nor logs it.
pub async fn create_transaction(
    _: Merchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitTransactionBody>,
) -> Result<(StatusCode, Json<CheckoutSession>), AppError> {
    let key = crate::browser::idempotency_key(&headers)?;
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Host-to-host pays the first charge; another charge is paid through its own token.
    let charge = db::charges_of(&state.db, &row.id)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let created = crate::browser::submit_to(&state, &row, &charge, key, &body).await?;
    let row = db::session_by_id(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, merchant_view(&state, &row).await?))
}

/// Query of `GET /v1/transactions`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default)]
    session_id: Option<String>,
    #[serde(default)]
    status: Option<String>,
    /// A transaction id from `nextBefore`: list the ones created before it.
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

/// `GET /v1/transactions`: the merchant's transactions, newest first, filtered by
/// session and status, 50 per page by default (at most 100).
pub async fn list_transactions(
    _: Merchant,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<TransactionList>, AppError> {
    let Query(query) = query.map_err(|e| AppError::MalformedJson(e.body_text()))?;
    let limit = query.limit.unwrap_or(50).clamp(1, 100);
    if let Some(status) = &query.status {
        if TransactionStatus::parse(status).is_none() {
            return Err(AppError::Validation(vec![FieldError::new(
                "status",
                ErrorCode::InvalidFormat,
            )]));
        }
    }
    let rows = db::list_transactions(
        &state.db,
        query.session_id.as_deref(),
        query.status.as_deref(),
        query.before.as_deref(),
        i64::from(limit) + 1,
    )
    .await?;
    let more = rows.len() > limit as usize;
    let mut data = Vec::new();
    let mut sessions: Vec<SessionRow> = Vec::new();
    for tx in rows.into_iter().take(limit as usize) {
        let session = match sessions.iter().find(|s| s.id == tx.session_id) {
            Some(session) => session.clone(),
            None => {
                let Some(session) = db::session_by_id(&state.db, &tx.session_id).await? else {
                    continue;
                };
                sessions.push(session.clone());
                session
            }
        };
        data.push(TransactionListItem {
            session_id: session.id.clone(),
            merchant_order_id: session.merchant_order_id.clone(),
            currency: views::currency(&session),
            transaction: views::transaction_view(&session, &tx),
        });
    }
    let next_before = if more {
        data.last().map(|item| item.transaction.id.clone())
    } else {
        None
    };
    Ok(Json(TransactionList { data, next_before }))
}

/// The session with its transactions, as every merchant API answer shows it.
async fn merchant_view(
    state: &AppState,
    row: &SessionRow,
) -> Result<Json<CheckoutSession>, AppError> {
    let mut conn = state.db.begin().await?;
    let charges = db::charges_of(&mut *conn, &row.id).await?;
    let txs = db::transactions_of(&mut *conn, &row.id).await?;
    conn.commit().await?;
    Ok(Json(views::checkout_session(
        row,
        &charges,
        &txs,
        &state.config.public_url,
    )))
}
