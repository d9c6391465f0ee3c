//! Payouts, also the alternative payouts of refunds. `account_tail` (the key's last four
//! characters, the magic values) is kept for settlement only; the row shows the mask.

use orkestra_core::api::orkestra::PayoutStatus;
use orkestra_core::money::Currency;
use sqlx::SqliteExecutor;

use super::pending::{settle, Settles};
use crate::error::SandboxError;

#[derive(Debug, Clone)]
pub struct PayoutRow {
    pub id: i64,
    pub reference_id: Option<String>,
    /// The request with its amount normalised: what a repeat is compared with.
    pub request_json: String,
    pub amount_minor: i64,
    pub currency: Currency,
    pub payment_method: String,
    pub status: PayoutStatus,
    pub status_reason: Option<String>,
    pub receiving_account: String,
    pub beneficiary_name: String,
    pub refund_id: Option<i64>,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct RawPayout {
    id: i64,
    reference_id: Option<String>,
    request_json: String,
    amount_minor: i64,
    currency: String,
    payment_method: String,
    status: String,
    status_reason: Option<String>,
    receiving_account: String,
    beneficiary_name: String,
    refund_id: Option<i64>,
    created_at: i64,
}

impl TryFrom<RawPayout> for PayoutRow {
    type Error = SandboxError;

    fn try_from(raw: RawPayout) -> Result<Self, SandboxError> {
        let corrupt = |column| SandboxError::corrupt("payouts", raw.id, column);
        if raw.amount_minor < 0 {
            return Err(corrupt("amount_minor"));
        }
        Ok(PayoutRow {
            currency: Currency::from_code(&raw.currency).ok_or_else(|| corrupt("currency"))?,
            status: [
                PayoutStatus::Pending,
                PayoutStatus::Paid,
                PayoutStatus::Failed,
            ]
            .into_iter()
            .find(|s| status_str(*s) == raw.status)
            .ok_or_else(|| corrupt("status"))?,
            id: raw.id,
            reference_id: raw.reference_id,
            request_json: raw.request_json,
            amount_minor: raw.amount_minor,
            payment_method: raw.payment_method,
            status_reason: raw.status_reason,
            receiving_account: raw.receiving_account,
            beneficiary_name: raw.beneficiary_name,
            refund_id: raw.refund_id,
            created_at: raw.created_at,
        })
    }
}

pub fn status_str(status: PayoutStatus) -> &'static str {
    match status {
        PayoutStatus::Pending => "PENDING",
        PayoutStatus::Paid => "PAID",
        PayoutStatus::Failed => "FAILED",
    }
}

const PAYOUT: &str = "SELECT id, reference_id, request_json, amount_minor, currency, \
     payment_method, status, status_reason, receiving_account, beneficiary_name, refund_id, \
     created_at FROM payouts";

pub async fn by_id<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<PayoutRow>, SandboxError> {
    let raw: Option<RawPayout> = sqlx::query_as(&format!("{PAYOUT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    raw.map(PayoutRow::try_from).transpose()
}

pub async fn by_reference<'e>(
    db: impl SqliteExecutor<'e>,
    reference_id: &str,
) -> Result<Option<PayoutRow>, SandboxError> {
    let raw: Option<RawPayout> = sqlx::query_as(&format!("{PAYOUT} WHERE reference_id = ?"))
        .bind(reference_id)
        .fetch_optional(db)
        .await?;
    raw.map(PayoutRow::try_from).transpose()
}

/// A new `PENDING` payout.
pub struct NewPayout<'a> {
    pub reference_id: Option<&'a str>,
    pub request_json: &'a str,
    pub amount_minor: i64,
    pub currency: Currency,
    pub payment_method: &'a str,
    pub receiving_account: &'a str,
    pub account_tail: &'a str,
    pub beneficiary_name: &'a str,
    pub refund_id: Option<i64>,
    pub now: i64,
}

pub async fn insert<'e>(
    db: impl SqliteExecutor<'e>,
    payout: NewPayout<'_>,
) -> Result<i64, SandboxError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO payouts (reference_id, request_json, amount_minor, currency, payment_method, \
         status, receiving_account, account_tail, beneficiary_name, refund_id, created_at, \
         updated_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(payout.reference_id)
    .bind(payout.request_json)
    .bind(payout.amount_minor)
    .bind(payout.currency.code())
    .bind(payout.payment_method)
    .bind(payout.receiving_account)
    .bind(payout.account_tail)
    .bind(payout.beneficiary_name)
    .bind(payout.refund_id)
    .bind(payout.now)
    .bind(payout.now)
    .fetch_one(db)
    .await?)
}

/// Moves a `PENDING` payout to `status`; whether it was still pending.
pub async fn settle_pending<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    status: PayoutStatus,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, SandboxError> {
    settle(db, Settles::Payouts, id, status_str(status), reason, now).await
}

/// Pending payouts made by `before`, oldest first, with their keys' last four characters.
pub async fn pending_since<'e>(
    db: impl SqliteExecutor<'e>,
    before: i64,
) -> Result<Vec<(i64, String)>, SandboxError> {
    Ok(sqlx::query_as(
        "SELECT id, account_tail FROM payouts WHERE status = 'PENDING' AND created_at <= ? \
         ORDER BY id LIMIT 100",
    )
    .bind(before)
    .fetch_all(db)
    .await?)
}
