//! Transactions: the attempts to pay a charge, and their one-time-code attempts.

use orkestra_core::api::orkestra::{WireMethod, WireTransactionStatus};
use sqlx::SqliteExecutor;

use crate::error::{is_duplicate, SandboxError};
use crate::instructions::Instructions;

#[derive(Debug, Clone)]
pub struct TransactionRow {
    pub id: i64,
    pub order_id: i64,
    pub charge_id: i64,
    pub method: WireMethod,
    pub status: WireTransactionStatus,
    pub amount_minor: i64,
    pub paid_minor: i64,
    pub reference_id: Option<String>,
    pub pix_qr_code: Option<String>,
    pub expires_at: Option<i64>,
    pub status_reason: Option<String>,
    /// Nothing for a transaction stored before instructions were.
    pub instructions: Instructions,
}

#[derive(sqlx::FromRow)]
struct RawTransaction {
    id: i64,
    order_id: i64,
    charge_id: i64,
    payment_method: String,
    status: String,
    amount_minor: i64,
    paid_minor: i64,
    reference_id: Option<String>,
    pix_qr_code: Option<String>,
    expires_at: Option<i64>,
    status_reason: Option<String>,
    instructions: Option<String>,
}

impl TryFrom<RawTransaction> for TransactionRow {
    type Error = SandboxError;

    fn try_from(raw: RawTransaction) -> Result<Self, SandboxError> {
        let corrupt = |column| SandboxError::corrupt("transactions", raw.id, column);
        if raw.amount_minor < 0 {
            return Err(corrupt("amount_minor"));
        }
        if raw.paid_minor < 0 {
            return Err(corrupt("paid_minor"));
        }
        Ok(TransactionRow {
            method: WireMethod::from_wire(&raw.payment_method)
                .ok_or_else(|| corrupt("payment_method"))?,
            status: WireTransactionStatus::parse(&raw.status).ok_or_else(|| corrupt("status"))?,
            instructions: Instructions::from_stored(raw.id, raw.instructions.as_deref())?,
            id: raw.id,
            order_id: raw.order_id,
            charge_id: raw.charge_id,
            amount_minor: raw.amount_minor,
            paid_minor: raw.paid_minor,
            reference_id: raw.reference_id,
            pix_qr_code: raw.pix_qr_code,
            expires_at: raw.expires_at,
            status_reason: raw.status_reason,
        })
    }
}

const TRANSACTION: &str = "SELECT id, order_id, charge_id, payment_method, status, amount_minor, \
     paid_minor, reference_id, pix_qr_code, expires_at, status_reason, instructions \
     FROM transactions";

pub async fn of_order<'e>(
    db: impl SqliteExecutor<'e>,
    order_id: i64,
) -> Result<Vec<TransactionRow>, SandboxError> {
    let raw: Vec<RawTransaction> =
        sqlx::query_as(&format!("{TRANSACTION} WHERE order_id = ? ORDER BY id"))
            .bind(order_id)
            .fetch_all(db)
            .await?;
    raw.into_iter().map(TransactionRow::try_from).collect()
}

pub async fn by_id<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<TransactionRow>, SandboxError> {
    let raw: Option<RawTransaction> = sqlx::query_as(&format!("{TRANSACTION} WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    raw.map(TransactionRow::try_from).transpose()
}

/// A new `PENDING` transaction.
pub struct NewTransaction<'a> {
    pub order_id: i64,
    pub charge_id: i64,
    pub method: WireMethod,
    pub amount_minor: i64,
    pub reference_id: Option<&'a str>,
    pub expires_at: i64,
    pub now: i64,
}

/// Its id, or `None` when the order already has a transaction with its `referenceId`.
pub async fn insert<'e>(
    db: impl SqliteExecutor<'e>,
    tx: NewTransaction<'_>,
) -> Result<Option<i64>, SandboxError> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO transactions (order_id, charge_id, payment_method, status, amount_minor, \
         reference_id, expires_at, created_at, updated_at) \
         VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(tx.order_id)
    .bind(tx.charge_id)
    .bind(tx.method.wire())
    .bind(tx.amount_minor)
    .bind(tx.reference_id)
    .bind(tx.expires_at)
    .bind(tx.now)
    .bind(tx.now)
    .fetch_one(db)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if is_duplicate(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// What the payer needs next (and a PIX's BR Code, a payment page's key), once the
/// transaction has its id.
pub async fn set_instructions<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    pix_qr_code: Option<&str>,
    instructions: &Instructions,
) -> Result<(), SandboxError> {
    sqlx::query(
        "UPDATE transactions SET pix_qr_code = ?, instructions = ?, page_token = ? WHERE id = ?",
    )
    .bind(pix_qr_code)
    .bind(instructions.to_json())
    .bind(instructions.page.as_ref().map(|p| p.token.as_str()))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Replaces a pending transaction's instructions (its payment page's key stays); whether
/// it was still pending.
pub async fn update_pending_instructions<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    instructions: &Instructions,
) -> Result<bool, SandboxError> {
    let changed =
        sqlx::query("UPDATE transactions SET instructions = ? WHERE id = ? AND status = 'PENDING'")
            .bind(instructions.to_json())
            .bind(id)
            .execute(db)
            .await?
            .rows_affected();
    Ok(changed > 0)
}

/// The transaction whose payment page has this key.
pub async fn by_page_token<'e>(
    db: impl SqliteExecutor<'e>,
    token: &str,
) -> Result<Option<TransactionRow>, SandboxError> {
    let raw: Option<RawTransaction> =
        sqlx::query_as(&format!("{TRANSACTION} WHERE page_token = ?"))
            .bind(token)
            .fetch_optional(db)
            .await?;
    raw.map(TransactionRow::try_from).transpose()
}

/// Moves a `PENDING` transaction to `status` (paid in full when `PAID`); whether it was
/// still pending.
pub async fn settle_pending<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    status: WireTransactionStatus,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, SandboxError> {
    let changed = sqlx::query(
        "UPDATE transactions SET status = ?, status_reason = ?, updated_at = ?, \
         paid_minor = CASE WHEN ? = 'PAID' THEN amount_minor ELSE paid_minor END \
         WHERE id = ? AND status = 'PENDING'",
    )
    .bind(status.as_str())
    .bind(reason)
    .bind(now)
    .bind(status.as_str())
    .bind(id)
    .execute(db)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// Counts a wrong one-time code against a pending transaction: the attempts so far, or
/// `None` when it is no longer pending.
pub async fn count_otp_attempt<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<i64>, SandboxError> {
    Ok(sqlx::query_scalar(
        "UPDATE transactions SET otp_attempts = otp_attempts + 1 \
         WHERE id = ? AND status = 'PENDING' RETURNING otp_attempts",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Pending transactions whose instructions expired by `now`, oldest first.
pub async fn expired<'e>(db: impl SqliteExecutor<'e>, now: i64) -> Result<Vec<i64>, SandboxError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM transactions WHERE status = 'PENDING' AND expires_at <= ? \
         ORDER BY id LIMIT 100",
    )
    .bind(now)
    .fetch_all(db)
    .await?)
}

/// Pending transactions created by `before`, oldest first.
pub async fn pending_since<'e>(
    db: impl SqliteExecutor<'e>,
    before: i64,
) -> Result<Vec<i64>, SandboxError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM transactions WHERE status = 'PENDING' AND created_at <= ? \
         ORDER BY id LIMIT 100",
    )
    .bind(before)
    .fetch_all(db)
    .await?)
}
