//! Refunds and payouts once made: each is `PENDING`, then settled `REFUNDED`/`PAID` or
//! `FAILED` (by time, see `workers::settle`, or through the simulate controls), with its
//! notification. A refund by alternative payout travels as a payout and follows it; the two
//! are one machine, so they live in one file.

use orkestra_core::api::orkestra::{PayoutStatus, RefundRoute, RefundStatus, WireMethod};
use orkestra_core::catalog::{refund_route, Market, RefundRoute as CatalogRoute};
use orkestra_core::money::Currency;
use orkestra_core::PaymentMethod;
use serde::Deserialize;

use super::{notify, wire};
use crate::error::SandboxError;
use crate::state::AppState;
use crate::store::{self, payouts, refunds};
use crate::time::now_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundOutcome {
    Refunded,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutOutcome {
    Paid,
    Failed,
}

/// How a transaction paid by `method` is refunded: the method's spec says. A method the
/// catalog does not know cannot be reversed safely, so it refunds by payout.
pub fn route_of(payment_method: &str) -> RefundRoute {
    let method = WireMethod::from_wire(payment_method).map(|m| m.method);
    match method.map(refund_route) {
        Some(CatalogRoute::Original) => RefundRoute::OriginalMethod,
        Some(CatalogRoute::AlternativePayout) | None => RefundRoute::AlternativePayout,
    }
}

/// The payout method of an alternative payout: the instant rail of the country paying in
/// `currency` where the sandbox pays out by it (PIX in Brazil, SPEI in Mexico), a bank
/// transfer otherwise.
pub fn payout_method_for(currency: Currency) -> &'static str {
    let offered = |method| {
        Market::ALL
            .into_iter()
            .any(|m| m.currencies() == [currency] && m.offers(method))
    };
    if offered(PaymentMethod::Pix) {
        "PIX"
    } else if offered(PaymentMethod::Spei) {
        "SPEI"
    } else {
        "BANK_TRANSFER"
    }
}

/// What a payout to a key ending in these four characters ends as, by time.
pub fn magic_outcome(account_tail: &str) -> (PayoutOutcome, Option<&'static str>) {
    match account_tail {
        "0000" => (PayoutOutcome::Failed, Some("ACCOUNT_NOT_FOUND")),
        "9999" => (PayoutOutcome::Failed, Some("ACCOUNT_BLOCKED")),
        _ => (PayoutOutcome::Paid, None),
    }
}

/// Settles a PENDING refund in a unit of work of its own (a test control, the clock),
/// and wakes the sender. `None` when it was no longer pending.
pub async fn refund_now(
    state: &AppState,
    id: i64,
    outcome: RefundOutcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let mut tx = store::write(&state.db).await?;
    let status = settle_refund(&mut tx, state, id, outcome, reason).await?;
    tx.commit().await?;
    notify::wake(state);
    Ok(status)
}

/// Settles a PENDING payout (and the refund it carries) in a unit of work of its own, and
/// wakes the sender. `None` when it was no longer pending.
pub async fn pay_out_now(
    state: &AppState,
    id: i64,
    outcome: PayoutOutcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let mut tx = store::write(&state.db).await?;
    if payouts::by_id(&mut *tx, id).await?.is_none() {
        return Err(SandboxError::not_found("payout"));
    }
    let status = settle_payout(&mut tx, state, id, outcome, reason).await?;
    tx.commit().await?;
    notify::wake(state);
    Ok(status)
}

/// Settles a PENDING refund, inside the caller's database transaction (the caller commits
/// and wakes the sender). A refund by alternative payout is settled through its payout,
/// which it then follows. `None` when the refund was no longer pending.
pub async fn settle_refund(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    id: i64,
    outcome: RefundOutcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let row = refunds::by_id(&mut *conn, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    if row.status != RefundStatus::Pending {
        return Ok(None);
    }
    if let Some(payout_id) = row.payout_id {
        let outcome = match outcome {
            RefundOutcome::Refunded => PayoutOutcome::Paid,
            RefundOutcome::Failed => PayoutOutcome::Failed,
        };
        settle_payout(&mut *conn, state, payout_id, outcome, reason).await?;
        let after = refunds::by_id(&mut *conn, id)
            .await?
            .ok_or_else(|| SandboxError::not_found("refund"))?;
        return Ok(match after.status {
            RefundStatus::Refunded => Some("REFUNDED"),
            RefundStatus::Failed => Some("FAILED"),
            RefundStatus::Pending => None,
        });
    }
    let (status, reason) = match outcome {
        RefundOutcome::Refunded => (RefundStatus::Refunded, None),
        RefundOutcome::Failed => (RefundStatus::Failed, Some(reason.unwrap_or("REJECTED"))),
    };
    set_refund_status(conn, state, id, status, reason).await
}

/// Moves a PENDING payout to the outcome's status and queues the payout notification; a
/// refund it carries follows (and its notification is queued after). Runs inside the
/// caller's database transaction; the caller commits and wakes the sender. `None` when
/// the payout was no longer pending.
pub async fn settle_payout(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    id: i64,
    outcome: PayoutOutcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let (status, reason) = match outcome {
        PayoutOutcome::Paid => (PayoutStatus::Paid, None),
        PayoutOutcome::Failed => (PayoutStatus::Failed, Some(reason.unwrap_or("REJECTED"))),
    };
    if !payouts::settle_pending(&mut *conn, id, status, reason, now_ms()).await? {
        return Ok(None);
    }
    let row = payouts::by_id(&mut *conn, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("payout"))?;
    let units = state.config.amount_units;
    notify::queue(
        &mut *conn,
        state.config.payout_webhook_url.as_deref(),
        &wire::payout(&row, units),
    )
    .await?;
    let status = payouts::status_str(status);
    tracing::info!(payout_id = id, status, "payout changed");
    if let Some(refund_id) = row.refund_id {
        // The refund follows its payout: paid refunds it, failed fails it with the
        // payout's reason.
        let (refund_status, refund_reason) = match outcome {
            PayoutOutcome::Paid => (RefundStatus::Refunded, None),
            PayoutOutcome::Failed => (RefundStatus::Failed, reason),
        };
        set_refund_status(&mut *conn, state, refund_id, refund_status, refund_reason).await?;
    }
    Ok(Some(status))
}

async fn set_refund_status(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    id: i64,
    status: RefundStatus,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    if !refunds::settle_pending(&mut *conn, id, status, reason, now_ms()).await? {
        return Ok(None);
    }
    let row = refunds::by_id(&mut *conn, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    notify::queue(
        &mut *conn,
        state.config.refund_webhook_url.as_deref(),
        &wire::refund(&row, state.config.amount_units),
    )
    .await?;
    let status = match status {
        RefundStatus::Pending => "PENDING",
        RefundStatus::Refunded => "REFUNDED",
        RefundStatus::Failed => "FAILED",
    };
    tracing::info!(refund_id = id, status, "refund changed");
    Ok(Some(status))
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

    #[test]
    fn alternative_payouts_take_the_countrys_instant_rail_or_a_bank_transfer() {
        assert_eq!(payout_method_for(Currency::BRL), "PIX");
        assert_eq!(payout_method_for(Currency::MXN), "SPEI");
        for other in [
            Currency::COP,
            Currency::USD,
            Currency::EUR,
            Currency::XOF,
            Currency::USDT,
        ] {
            assert_eq!(payout_method_for(other), "BANK_TRANSFER", "{other}");
        }
    }

    #[test]
    fn magic_tails_fail_and_others_pay() {
        assert_eq!(
            magic_outcome("0000"),
            (PayoutOutcome::Failed, Some("ACCOUNT_NOT_FOUND"))
        );
        assert_eq!(
            magic_outcome("9999"),
            (PayoutOutcome::Failed, Some("ACCOUNT_BLOCKED"))
        );
        assert_eq!(magic_outcome("3456"), (PayoutOutcome::Paid, None));
    }
}
