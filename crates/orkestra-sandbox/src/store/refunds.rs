//! Refunds.

use orkestra_core::api::orkestra::{RefundRoute, RefundStatus};
use orkestra_core::money::Currency;
use sqlx::SqliteExecutor;

use super::pending::{settle, Settles};
use crate::error::SandboxError;

#[derive(Debug, Clone)]
pub struct RefundRow {
    pub id: i64,
    pub reference_id: String,
    /// The request in its canonical form: what a repeat is compared with.
    pub request_json: String,
    pub transaction_id: i64,
    pub order_id: i64,
    pub amount_minor: i64,
    pub currency: Currency,
    pub route: RefundRoute,
    pub status: RefundStatus,
    pub status_reason: Option<String>,
    pub payout_id: Option<i64>,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct RawRefund {
    id: i64,
    reference_id: String,
    request_json: String,
    transaction_id: i64,
    order_id: i64,
    amount_minor: i64,
    currency: String,
    route: String,
    status: String,
    status_reason: Option<String>,
    payout_id: Option<i64>,
    created_at: i64,
}

impl TryFrom<RawRefund> for RefundRow {
    type Error = SandboxError;

    fn try_from(raw: RawRefund) -> Result<Self, SandboxError> {
        let corrupt = |column| SandboxError::corrupt("refunds", raw.id, column);
        if raw.amount_minor < 0 {
            return Err(corrupt("amount_minor"));
        }
        Ok(RefundRow {
            currency: Currency::from_code(&raw.currency).ok_or_else(|| corrupt("currency"))?,
            route: [RefundRoute::OriginalMethod, RefundRoute::AlternativePayout]
                .into_iter()
                .find(|r| route_str(*r) == raw.route)
                .ok_or_else(|| corrupt("route"))?,
            status: [
                RefundStatus::Pending,
                RefundStatus::Refunded,
                RefundStatus::Failed,
            ]
            .into_iter()
            .find(|s| status_str(*s) == raw.status)
            .ok_or_else(|| corrupt("status"))?,
            id: raw.id,
            reference_id: raw.reference_id,
            request_json: raw.request_json,
            transaction_id: raw.transaction_id,
            order_id: raw.order_id,
            amount_minor: raw.amount_minor,
            status_reason: raw.status_reason,
            payout_id: raw.payout_id,
            created_at: raw.created_at,
        })
    }
}

fn route_str(route: RefundRoute) -> &'static str {
    match route {
        RefundRoute::OriginalMethod => "ORIGINAL_METHOD",
        RefundRoute::AlternativePayout => "ALTERNATIVE_PAYOUT",
    }
}

fn status_str(status: RefundStatus) -> &'static str {
    match status {
        RefundStatus::Pending => "PENDING",
        RefundStatus::Refunded => "REFUNDED",
        RefundStatus::Failed => "FAILED",
    }
}

const REFUND: &str = "SELECT id, reference_id, request_json, transaction_id, order_id, \
     amount_minor, currency, route, status, status_reason, payout_id, created_at FROM refunds";

pub async fn by_id<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<RefundRow>, SandboxError> {
    let raw: Option<RawRefund> = sqlx::query_as(&format!("{REFUND} WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    raw.map(RefundRow::try_from).transpose()
}

pub async fn by_reference<'e>(
    db: impl SqliteExecutor<'e>,
    reference_id: &str,
) -> Result<Option<RefundRow>, SandboxError> {
    let raw: Option<RawRefund> = sqlx::query_as(&format!("{REFUND} WHERE reference_id = ?"))
        .bind(reference_id)
        .fetch_optional(db)
        .await?;
    raw.map(RefundRow::try_from).transpose()
}

/// A transaction's refunds, oldest first.
pub async fn of_transaction<'e>(
    db: impl SqliteExecutor<'e>,
    transaction_id: i64,
) -> Result<Vec<RefundRow>, SandboxError> {
    let raw: Vec<RawRefund> =
        sqlx::query_as(&format!("{REFUND} WHERE transaction_id = ? ORDER BY id"))
            .bind(transaction_id)
            .fetch_all(db)
            .await?;
    raw.into_iter().map(RefundRow::try_from).collect()
}

/// What the transaction's refunds that did not fail take of it.
pub async fn committed<'e>(
    db: impl SqliteExecutor<'e>,
    transaction_id: i64,
) -> Result<i64, SandboxError> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds \
         WHERE transaction_id = ? AND status != 'FAILED'",
    )
    .bind(transaction_id)
    .fetch_one(db)
    .await?)
}

/// A new `PENDING` refund.
pub struct NewRefund<'a> {
    pub reference_id: &'a str,
    pub request_json: &'a str,
    pub transaction_id: i64,
    pub order_id: i64,
    pub amount_minor: i64,
    pub currency: Currency,
    pub route: RefundRoute,
    pub reason: Option<&'a str>,
    pub now: i64,
}

pub async fn insert<'e>(
    db: impl SqliteExecutor<'e>,
    refund: NewRefund<'_>,
) -> Result<i64, SandboxError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO refunds (reference_id, request_json, transaction_id, order_id, amount_minor, \
         currency, route, status, reason, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?) RETURNING id",
    )
    .bind(refund.reference_id)
    .bind(refund.request_json)
    .bind(refund.transaction_id)
    .bind(refund.order_id)
    .bind(refund.amount_minor)
    .bind(refund.currency.code())
    .bind(route_str(refund.route))
    .bind(refund.reason)
    .bind(refund.now)
    .bind(refund.now)
    .fetch_one(db)
    .await?)
}

/// The payout that carries an alternative-payout refund.
pub async fn set_payout<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    payout_id: i64,
) -> Result<(), SandboxError> {
    sqlx::query("UPDATE refunds SET payout_id = ? WHERE id = ?")
        .bind(payout_id)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Moves a `PENDING` refund to `status`; whether it was still pending.
pub async fn settle_pending<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    status: RefundStatus,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, SandboxError> {
    settle(db, Settles::Refunds, id, status_str(status), reason, now).await
}

/// Pending refunds through the original method made by `before`, oldest first.
pub async fn original_pending_since<'e>(
    db: impl SqliteExecutor<'e>,
    before: i64,
) -> Result<Vec<i64>, SandboxError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM refunds WHERE status = 'PENDING' AND route = 'ORIGINAL_METHOD' \
         AND created_at <= ? ORDER BY id LIMIT 100",
    )
    .bind(before)
    .fetch_all(db)
    .await?)
}
