//! `/v1/orders`: create an order (cash-in), read it, and add a transaction to it.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{AddTransactionRequest, Order, OrderRequest, Transaction};

use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::machine::{orders, wire};
use crate::state::AppState;
use crate::store;

/// `201` with the new order, `200` with the same one for a repeat.
pub async fn create(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<OrderRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Order>), SandboxError> {
    let Json(request) = body?;
    let (created, order) = orders::create(&state, &request).await?;
    Ok((status(created), Json(order)))
}

#[derive(serde::Deserialize)]
pub struct ByReference {
    #[serde(rename = "merchantOrderId")]
    merchant_order_id: String,
}

/// `GET /v1/orders?merchantOrderId=…`: the order created under the merchant's reference,
/// `404` when there is none, so a client whose create call timed out can learn whether it
/// arrived (the docs name no such lookup; see the README).
pub async fn by_reference(
    _: Authenticated,
    State(state): State<AppState>,
    Query(query): Query<ByReference>,
) -> Result<Json<Order>, SandboxError> {
    let mut conn = state.db.acquire().await?;
    let row = store::orders::by_merchant_id(&mut *conn, &query.merchant_order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let view = wire::load(&mut conn, row, state.config.amount_units).await?;
    Ok(Json(view.order))
}

pub async fn get(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Order>, SandboxError> {
    let mut conn = state.db.acquire().await?;
    let row = store::orders::by_id(&mut *conn, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let view = wire::load(&mut conn, row, state.config.amount_units).await?;
    Ok(Json(view.order))
}

/// `POST /v1/orders/{id}/transactions`: a new attempt on an existing charge; `200` with
/// the one the order already has under the same `referenceId`.
pub async fn add_transaction(
    _: Authenticated,
    State(state): State<AppState>,
    Path(order_id): Path<i64>,
    body: Result<Json<AddTransactionRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Transaction>), SandboxError> {
    let Json(request) = body?;
    let (created, transaction) = orders::add_transaction(&state, order_id, &request).await?;
    Ok((status(created), Json(transaction)))
}

fn status(created: bool) -> StatusCode {
    if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}
