//! Making payouts, one at a time or in batches, idempotent on `referenceId`.

use axum::http::StatusCode;
use orkestra_core::api::orkestra::{
    Payout, PayoutBatchItem, PayoutBatchResponse, PayoutRequest, UpstreamError,
};
use serde_json::Value;

use super::payout_rules::{check, CheckedPayout};
use super::wire;
use crate::amounts::minor;
use crate::error::SandboxError;
use crate::state::AppState;
use crate::store::{self, payouts};
use crate::time::now_ms;

/// The most payouts one batch may carry.
pub const MAX_BATCH: usize = 100;

/// Stores a checked payout as `PENDING`, inside the caller's database transaction.
pub async fn insert(
    conn: &mut sqlx::SqliteConnection,
    payout: &CheckedPayout,
    refund_id: Option<i64>,
) -> Result<i64, SandboxError> {
    payouts::insert(
        conn,
        payouts::NewPayout {
            reference_id: payout.reference_id.as_deref(),
            request_json: &payout.request_json,
            amount_minor: minor(payout.amount),
            currency: payout.currency,
            payment_method: &payout.payment_method,
            receiving_account: &payout.receiving_account,
            account_tail: &payout.account_tail,
            beneficiary_name: &payout.beneficiary_name,
            refund_id,
            now: now_ms(),
        },
    )
    .await
}

/// Creates one payout, or returns the one already made under its `referenceId` (`false`).
pub async fn create(
    state: &AppState,
    request: &PayoutRequest,
) -> Result<(bool, Payout), SandboxError> {
    let units = state.config.amount_units;
    let checked = check(request, units)?;
    let mut tx = store::write(&state.db).await?;
    if let Some(reference) = &checked.reference_id {
        if let Some(existing) = payouts::by_reference(&mut *tx, reference).await? {
            if existing.request_json != checked.request_json {
                return Err(SandboxError::new(
                    StatusCode::CONFLICT,
                    "DUPLICATE_REFERENCE_ID",
                    "another payout already uses this referenceId",
                ));
            }
            return Ok((false, wire::payout(&existing, units)));
        }
    }
    let id = insert(&mut tx, &checked, None).await?;
    let row = payouts::by_id(&mut *tx, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("payout"))?;
    tx.commit().await?;
    tracing::info!(
        payout_id = id,
        method = %row.payment_method,
        account = %row.receiving_account,
        "payout created"
    );
    Ok((true, wire::payout(&row, units)))
}

/// Up to [`MAX_BATCH`] payouts, each accepted or refused on its own, in request order.
pub async fn batch(state: &AppState, body: &Value) -> Result<PayoutBatchResponse, SandboxError> {
    let items = body
        .get("payouts")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            SandboxError::invalid("payouts", "INVALID_FIELD", "payouts must be an array")
        })?;
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(SandboxError::invalid(
            "payouts",
            "INVALID_BATCH_SIZE",
            format!("a batch has 1 to {MAX_BATCH} payouts"),
        ));
    }
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let outcome = match serde_json::from_value::<PayoutRequest>(item.clone()) {
            Ok(request) => create(state, &request).await.map(|(_, p)| p),
            Err(err) => Err(SandboxError::invalid(
                "",
                "INVALID_REQUEST",
                format!("not a payout: {err}"),
            )),
        };
        results.push(match outcome {
            Ok(payout) => PayoutBatchItem {
                payout: Some(payout),
                error: None,
            },
            Err(err) => PayoutBatchItem {
                payout: None,
                error: Some(UpstreamError {
                    code: Some(err.code.to_owned()),
                    message: Some(err.message),
                    field: err.field.filter(|f| !f.is_empty()),
                }),
            },
        });
    }
    Ok(PayoutBatchResponse { results })
}
