//! `/v1/transactions/{id}/refunds`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use orkestra_core::api::merchant::{CreateRefund, RefundView};

use crate::error::{ApiJson, AppError};
use crate::flows::refunds;
use crate::present::money_out::refund_view;
use crate::routes::extract::{created_or_ok, idempotency_key, FullMerchant};
use crate::state::AppState;

/// `POST`, with an `Idempotency-Key`: the same key for the same transaction always means
/// the same refund.
pub async fn create(
    _: FullMerchant,
    State(state): State<AppState>,
    Path(leg_id): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CreateRefund>,
) -> Result<(StatusCode, Json<RefundView>), AppError> {
    let key = idempotency_key(&headers)?;
    let (refund, leg, created) = refunds::create(&state, &leg_id, &key, body).await?;
    Ok((created_or_ok(created), Json(refund_view(&refund, &leg.id))))
}

/// `GET`: the transaction's refunds, as Orkestra has them.
pub async fn list(
    _: FullMerchant,
    State(state): State<AppState>,
    Path(leg_id): Path<String>,
) -> Result<Json<Vec<RefundView>>, AppError> {
    let (refunds, leg) = refunds::of_leg(&state, &leg_id).await?;
    Ok(Json(
        refunds.iter().map(|r| refund_view(r, &leg.id)).collect(),
    ))
}
