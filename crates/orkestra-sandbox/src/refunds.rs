//! `/v1/refunds`: returning a paid transaction's money, in full or in parts.
//!
//! A refund goes back through the original method where the catalog's `refund_route` says
//! it can (PIX, cards, SPEI, …); otherwise (boleto, cash vouchers, PSE, transfers, crypto)
//! as an **alternative payout** to the account the request gives, and the refund's status
//! follows that payout's. Refunds are `PENDING` when made and become `REFUNDED` or
//! `FAILED` later: by time (`SANDBOX_REFUND_SETTLE_SECONDS` for the original method, the
//! payout's own time for an alternative payout) or through
//! `POST /_sandbox/refunds/{id}/simulate`. Every change posts the refund notification.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{
    AmountUnits, PayoutRequest, Refund, RefundRequest, RefundRoute, RefundStatus, WireAmount,
    WireMethod,
};
use orkestra_core::catalog::{refund_route, RefundRoute as CatalogRoute};
use orkestra_core::money::Currency;
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::payouts::{self, PayoutOutcome};
use crate::simulate::{SimulateRequest, SimulateResponse};
use crate::time::{now_ms, rfc3339};
use crate::{amounts, db, webhooks, AppState};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    pub id: i64,
    pub reference_id: String,
    pub request_json: String,
    pub transaction_id: i64,
    pub order_id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub route: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub payout_id: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, reference_id, request_json, transaction_id, order_id, amount_minor, \
     currency, route, status, status_reason, payout_id, created_at";

async fn refund_by_id(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
) -> sqlx::Result<Option<RefundRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM refunds WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

async fn refund_by_reference(
    conn: &mut sqlx::SqliteConnection,
    reference_id: &str,
) -> sqlx::Result<Option<RefundRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM refunds WHERE reference_id = ?"
    ))
    .bind(reference_id)
    .fetch_optional(conn)
    .await
}

/// The wire object, as returned and as posted in the refund notification.
pub fn wire(row: &RefundRow, units: AmountUnits) -> Refund {
    let currency = Currency::from_code(&row.currency).unwrap_or(Currency::BRL);
    Refund {
        id: row.id,
        transaction_id: row.transaction_id,
        order_id: row.order_id,
        reference_id: row.reference_id.clone(),
        amount: amounts::wire(currency, row.amount_minor, units),
        currency,
        status: match row.status.as_str() {
            "REFUNDED" => RefundStatus::Refunded,
            "FAILED" => RefundStatus::Failed,
            _ => RefundStatus::Pending,
        },
        route: if row.route == "ALTERNATIVE_PAYOUT" {
            RefundRoute::AlternativePayout
        } else {
            RefundRoute::OriginalMethod
        },
        status_reason: row.status_reason.clone(),
        payout_id: row.payout_id,
        created_at: Some(rfc3339(row.created_at)),
    }
}

/// How a transaction paid by `payment_method` (Orkestra's string) is refunded: the
/// method's spec says. A method the catalog does not know cannot be reversed safely, so it
/// refunds by payout.
pub fn route_of(payment_method: &str) -> RefundRoute {
    let method = WireMethod::from_wire(payment_method).map(|m| m.method);
    match method.map(refund_route) {
        Some(CatalogRoute::Original) => RefundRoute::OriginalMethod,
        Some(CatalogRoute::AlternativePayout) | None => RefundRoute::AlternativePayout,
    }
}

/// The payout method of an alternative payout: the country's instant rail where the
/// sandbox has one (PIX for BRL, SPEI for MXN), a bank transfer otherwise.
pub fn payout_method_for(currency: Currency) -> &'static str {
    match currency {
        Currency::BRL => "PIX",
        Currency::MXN => "SPEI",
        _ => "BANK_TRANSFER",
    }
}

fn route_str(route: RefundRoute) -> &'static str {
    match route {
        RefundRoute::OriginalMethod => "ORIGINAL_METHOD",
        RefundRoute::AlternativePayout => "ALTERNATIVE_PAYOUT",
    }
}

/// The request as idempotency compares it: the amount in its canonical form.
fn canonical(request: &RefundRequest, currency: Currency, units: AmountUnits) -> String {
    let mut normalised = request.clone();
    if let Some(amount) = &request.amount {
        if let Ok(money) = amount.to_money(currency, units) {
            normalised.amount = Some(WireAmount::from_money(money, units));
        }
    }
    serde_json::to_string(&normalised).unwrap_or_default()
}

fn conflict(code: &'static str, message: impl Into<String>) -> SandboxError {
    SandboxError::new(StatusCode::CONFLICT, code, message)
}

/// `POST /v1/refunds`: `201` with the new refund, `200` with the same one for a repeat
/// of the same request under its `referenceId`.
pub async fn create(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<RefundRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Refund>), SandboxError> {
    let Json(request) = body?;
    let units = state.config.amount_units;
    if request.reference_id.trim().is_empty() || request.reference_id.len() > 100 {
        return Err(SandboxError::invalid(
            "referenceId",
            "INVALID_FIELD",
            "referenceId must have 1 to 100 characters",
        ));
    }
    // One writer at a time: the funds check and the insert cannot interleave with another
    // refund of the same transaction.
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(existing) = refund_by_reference(&mut tx, &request.reference_id).await? {
        let currency = Currency::from_code(&existing.currency).unwrap_or(Currency::BRL);
        if canonical(&request, currency, units) != existing.request_json {
            return Err(conflict(
                "DUPLICATE_REFERENCE_ID",
                "another refund already uses this referenceId",
            ));
        }
        return Ok((StatusCode::OK, Json(wire(&existing, units))));
    }
    let transaction = db::transaction_by_id(&mut *tx, request.transaction_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let order = db::order_by_id(&mut *tx, transaction.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let currency = Currency::from_code(&order.currency).unwrap_or(Currency::BRL);
    if transaction.status != "PAID" {
        return Err(conflict(
            "TRANSACTION_NOT_REFUNDABLE",
            format!(
                "only a PAID transaction can be refunded; this one is {}",
                transaction.status
            ),
        ));
    }
    let requested = match &request.amount {
        Some(amount) => Some(amounts::minor(amounts::positive(
            amount, currency, units, "amount",
        )?)),
        None => None,
    };
    let committed: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds \
         WHERE transaction_id = ? AND status != 'FAILED'",
    )
    .bind(transaction.id)
    .fetch_one(&mut *tx)
    .await?;
    let available = (transaction.paid_minor - committed).max(0);
    let amount_minor = requested.unwrap_or(available);
    if available == 0 || amount_minor > available {
        let left = amounts::wire(currency, available, units);
        return Err(conflict(
            "REFUND_EXCEEDS_AVAILABLE",
            format!(
                "the refund is more than what is left to refund: {} {} available",
                left.as_str(),
                currency.code()
            ),
        ));
    }
    let route = route_of(&transaction.payment_method);
    let payout = match route {
        RefundRoute::OriginalMethod => None,
        RefundRoute::AlternativePayout => {
            let missing = |field: &str| {
                SandboxError::invalid(
                    field,
                    "REQUIRED",
                    format!(
                        "{field} is required: a {} payment cannot be reversed, so the refund \
                         goes out as a payout",
                        transaction.payment_method
                    ),
                )
            };
            let account = request
                .receiving_bank_account
                .clone()
                .ok_or_else(|| missing("receivingBankAccount"))?;
            let beneficiary = request
                .beneficiary
                .clone()
                .ok_or_else(|| missing("beneficiary"))?;
            let payout_request = PayoutRequest {
                reference_id: None,
                amount: amounts::wire(currency, amount_minor, units),
                currency,
                payment_method: payout_method_for(currency).to_owned(),
                receiving_bank_account: account,
                beneficiary,
            };
            Some(payouts::check(&payout_request, units)?)
        }
    };

    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO refunds (reference_id, request_json, transaction_id, order_id, amount_minor, \
         currency, route, status, reason, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?) RETURNING id",
    )
    .bind(&request.reference_id)
    .bind(canonical(&request, currency, units))
    .bind(transaction.id)
    .bind(order.id)
    .bind(amount_minor)
    .bind(currency.code())
    .bind(route_str(route))
    .bind(&request.reason)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(payout) = &payout {
        let payout_id = payouts::insert(&mut tx, payout, Some(id)).await?;
        sqlx::query("UPDATE refunds SET payout_id = ? WHERE id = ?")
            .bind(payout_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let row = refund_by_id(&mut tx, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    tx.commit().await?;
    tracing::info!(
        refund_id = id,
        transaction_id = transaction.id,
        route = route_str(route),
        payout_id = row.payout_id,
        "refund created"
    );
    Ok((StatusCode::CREATED, Json(wire(&row, units))))
}

/// `GET /v1/refunds/{id}`.
pub async fn get(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Refund>, SandboxError> {
    let row = refund_by_id(&mut *state.db.acquire().await?, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    Ok(Json(wire(&row, state.config.amount_units)))
}

/// `GET /v1/transactions/{id}/refunds`: the transaction's refunds, oldest first.
pub async fn of_transaction(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Refund>>, SandboxError> {
    let mut conn = state.db.acquire().await?;
    if db::transaction_by_id(&mut *conn, id).await?.is_none() {
        return Err(SandboxError::not_found("transaction"));
    }
    let rows: Vec<RefundRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM refunds WHERE transaction_id = ? ORDER BY id"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let units = state.config.amount_units;
    Ok(Json(rows.iter().map(|r| wire(r, units)).collect()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundOutcome {
    Refunded,
    Failed,
}

/// Settles a PENDING refund, inside the caller's database transaction (the caller commits
/// and wakes the outbox). A refund by alternative payout is settled through its payout,
/// which it then follows. `None` when the refund was no longer pending.
pub async fn transition(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    id: i64,
    outcome: RefundOutcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let row = refund_by_id(&mut *conn, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    if row.status != "PENDING" {
        return Ok(None);
    }
    if let Some(payout_id) = row.payout_id {
        let outcome = match outcome {
            RefundOutcome::Refunded => PayoutOutcome::Paid,
            RefundOutcome::Failed => PayoutOutcome::Failed,
        };
        payouts::transition(&mut *conn, state, payout_id, outcome, reason).await?;
        let after = refund_by_id(&mut *conn, id)
            .await?
            .ok_or_else(|| SandboxError::not_found("refund"))?;
        return Ok(match after.status.as_str() {
            "REFUNDED" => Some("REFUNDED"),
            "FAILED" => Some("FAILED"),
            _ => None,
        });
    }
    let (status, reason) = match outcome {
        RefundOutcome::Refunded => ("REFUNDED", None),
        RefundOutcome::Failed => ("FAILED", Some(reason.unwrap_or("REJECTED"))),
    };
    set_status(conn, state, id, status, reason).await
}

/// The refund an alternative payout carries follows it: `PAID` refunds it, `FAILED` fails
/// it with the payout's reason.
pub async fn follow_payout(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    refund_id: i64,
    payout_status: &str,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let (status, reason) = match payout_status {
        "PAID" => ("REFUNDED", None),
        _ => ("FAILED", reason),
    };
    set_status(conn, state, refund_id, status, reason).await
}

async fn set_status(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    id: i64,
    status: &'static str,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let changed = sqlx::query(
        "UPDATE refunds SET status = ?, status_reason = ?, updated_at = ? \
         WHERE id = ? AND status = 'PENDING'",
    )
    .bind(status)
    .bind(reason)
    .bind(now_ms())
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(None);
    }
    let row = refund_by_id(&mut *conn, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    if let Some(url) = &state.config.refund_webhook_url {
        webhooks::enqueue(&mut *conn, url, &wire(&row, state.config.amount_units)).await?;
    }
    tracing::info!(refund_id = id, status, "refund changed");
    Ok(Some(status))
}

/// `POST /_sandbox/refunds/{id}/simulate`: refunds or fails a pending refund at once (for
/// an alternative payout, by paying or failing its payout).
pub async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<SimulateRequest<RefundOutcome>>, JsonRejection>,
) -> Result<Json<SimulateResponse>, SandboxError> {
    let Json(request) = body?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let status = transition(
        &mut tx,
        &state,
        id,
        request.outcome,
        request.reason.as_deref(),
    )
    .await?;
    tx.commit().await?;
    state.outbox.notify_one();
    match status {
        Some(status) => Ok(Json(SimulateResponse { id, status })),
        None => Err(SandboxError::new(
            StatusCode::CONFLICT,
            "REFUND_NOT_PENDING",
            "only a pending refund can be refunded or failed",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_follow_the_catalog() {
        assert_eq!(route_of("PIX"), RefundRoute::OriginalMethod);
        assert_eq!(route_of("CREDIT_CARD"), RefundRoute::OriginalMethod);
        assert_eq!(route_of("SPEI"), RefundRoute::OriginalMethod);
        assert_eq!(route_of("BOLETO"), RefundRoute::AlternativePayout);
        assert_eq!(route_of("CASH"), RefundRoute::AlternativePayout);
        assert_eq!(route_of("PSE"), RefundRoute::AlternativePayout);
        assert_eq!(route_of("SOMETHING_NEW"), RefundRoute::AlternativePayout);
    }
}
