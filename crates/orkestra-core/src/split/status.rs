//! A charge's and an order's status, derived from their legs after every change, and the
//! progress of a charge's automatic refund. The proxy applies these; the merchant sees
//! their results in the API and the webhooks.

use super::balance::{ChargeBalance, LegError, LegState};
use crate::api::merchant::{AutoRefund, OrderStatus, RefundProgress, TransactionStatus};
use crate::money::{Money, PositiveMoney};

impl From<TransactionStatus> for LegState {
    fn from(status: TransactionStatus) -> LegState {
        match status {
            TransactionStatus::Paid => LegState::Paid,
            TransactionStatus::Creating | TransactionStatus::Pending => LegState::InFlight,
            TransactionStatus::Failed
            | TransactionStatus::Expired
            | TransactionStatus::Cancelled => LegState::Released,
        }
    }
}

/// What the status rules need of one leg of a charge, in the order the legs were made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeLeg {
    pub status: TransactionStatus,
    pub amount: Money,
}

/// A charge's status from its legs: paid only when its paid legs add up to its amount,
/// partly paid once some are, pending while a leg is in flight, failed when its last leg
/// failed or expired, open before any leg and after the payer withdrew the last one.
/// `current` is what it was: paid, expired and cancelled are final and stay.
///
/// An error when the legs do not fit the charge (a leg in another currency, amounts past
/// what a charge can hold): legs are only ever accepted through
/// [`ChargeBalance::next_leg`], so this is corrupt data, for the caller to report.
pub fn charge_status(
    current: OrderStatus,
    total: PositiveMoney,
    legs: &[ChargeLeg],
) -> Result<OrderStatus, LegError> {
    if current.is_final() {
        return Ok(current);
    }
    let balance = ChargeBalance::new(total, legs.iter().map(|l| (l.status.into(), l.amount)))?;
    let in_flight = legs
        .iter()
        .any(|l| LegState::from(l.status) == LegState::InFlight);
    Ok(if balance.is_paid() {
        OrderStatus::Paid
    } else if balance.paid().minor() > 0 {
        OrderStatus::PartiallyPaid
    } else if in_flight {
        OrderStatus::Pending
    } else if legs
        .last()
        .is_none_or(|l| l.status == TransactionStatus::Cancelled)
    {
        OrderStatus::Open
    } else {
        OrderStatus::Failed
    })
}

/// An order's status from its charges': paid when every charge is, partly paid once any
/// money is, pending while a leg is in flight, failed when a payer's last leg failed, open
/// otherwise. Paid, expired and cancelled are final. With one charge and one leg at a time
/// this is what a session's status always was.
pub fn order_status(current: OrderStatus, charges: &[OrderStatus]) -> OrderStatus {
    if current.is_final() {
        return current;
    }
    let any = |s: OrderStatus| charges.contains(&s);
    if !charges.is_empty() && charges.iter().all(|s| *s == OrderStatus::Paid) {
        OrderStatus::Paid
    } else if any(OrderStatus::Paid) || any(OrderStatus::PartiallyPaid) {
        OrderStatus::PartiallyPaid
    } else if any(OrderStatus::Pending) {
        OrderStatus::Pending
    } else if any(OrderStatus::Failed) {
        OrderStatus::Failed
    } else {
        OrderStatus::Open
    }
}

/// Where a charge's automatic refund stands, from its legs' (`None` when no leg is being
/// refunded): failed when one failed or needs the payer's bank details, refunded when all
/// settled, pending while one is still to be asked of Orkestra, requested otherwise.
pub fn refund_progress(legs: impl IntoIterator<Item = AutoRefund>) -> Option<RefundProgress> {
    let states: Vec<AutoRefund> = legs.into_iter().collect();
    if states.is_empty() {
        None
    } else if states
        .iter()
        .any(|s| matches!(s, AutoRefund::Failed | AutoRefund::Manual))
    {
        Some(RefundProgress::Failed)
    } else if states.iter().all(|s| *s == AutoRefund::Refunded) {
        Some(RefundProgress::Refunded)
    } else if states.contains(&AutoRefund::Pending) {
        Some(RefundProgress::Pending)
    } else {
        Some(RefundProgress::Requested)
    }
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
