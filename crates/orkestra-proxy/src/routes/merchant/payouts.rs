//! `/v1/payouts`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::error::ErrorBody;
use orkestra_core::api::merchant::{
    CreatePayout, CreatePayoutBatch, PayoutBatchResult, PayoutBatchView, PayoutView,
};

use crate::error::{ApiJson, AppError};
use crate::flows::payouts;
use crate::present::money_out::payout_view;
use crate::routes::extract::{created_or_ok, FullMerchant};
use crate::state::AppState;

/// `POST /v1/payouts`. Idempotent on `referenceId`.
pub async fn create(
    _: FullMerchant,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreatePayout>,
) -> Result<(StatusCode, Json<PayoutView>), AppError> {
    let (payout, created) = payouts::create(&state, &body).await?;
    Ok((created_or_ok(created), Json(payout_view(&payout))))
}

/// `POST /v1/payouts/batch`: each item is accepted or refused on its own, in order.
pub async fn create_batch(
    _: FullMerchant,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreatePayoutBatch>,
) -> Result<Json<PayoutBatchView>, AppError> {
    let results = payouts::create_batch(&state, &body.payouts)
        .await?
        .into_iter()
        .map(|item| match item {
            Ok(payout) => PayoutBatchResult {
                payout: Some(payout_view(&payout)),
                error: None,
            },
            Err(error) => PayoutBatchResult {
                payout: None,
                error: Some(error_body(error)),
            },
        })
        .collect();
    Ok(Json(PayoutBatchView { results }))
}

/// `GET /v1/payouts/{id}`.
pub async fn get(
    _: FullMerchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PayoutView>, AppError> {
    Ok(Json(payout_view(&payouts::get(&state, &id).await?)))
}

/// One batch item's refusal, in the error body's shape.
fn error_body(error: AppError) -> ErrorBody {
    match error {
        AppError::Validation(fields) => ErrorBody {
            code: fields
                .first()
                .map_or("validation_failed".into(), |f| f.code.as_str().into()),
            message: fields
                .iter()
                .map(orkestra_core::error::FieldError::sentence)
                .collect::<Vec<_>>()
                .join("; "),
            field: fields.first().map(|f| f.field.clone()),
            fields,
        },
        AppError::Conflict(code, message) => ErrorBody {
            code: code.as_str().into(),
            message: message.into(),
            field: None,
            fields: Vec::new(),
        },
        other => ErrorBody {
            code: "upstream_rejected".into(),
            message: other.to_string(),
            field: None,
            fields: Vec::new(),
        },
    }
}
