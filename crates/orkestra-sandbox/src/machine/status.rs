//! The rule that derives a charge's (and an order's) status from its transactions.

use orkestra_core::api::orkestra::{OrderStatus, WireTransactionStatus};

use crate::store::transactions::TransactionRow;

/// A charge is paid when its paid transactions cover its amount; otherwise it is pending
/// while any transaction is, and takes the outcome of its latest attempt when none is.
/// A failed attempt can be followed by another one: the status moves back to PENDING.
pub fn derive_status(amount_minor: i64, transactions: &[&TransactionRow]) -> OrderStatus {
    let paid: i64 = transactions
        .iter()
        .filter(|t| t.status == WireTransactionStatus::Paid)
        .map(|t| t.paid_minor)
        .sum();
    if paid >= amount_minor {
        return OrderStatus::Paid;
    }
    if transactions
        .iter()
        .any(|t| t.status == WireTransactionStatus::Pending)
    {
        return OrderStatus::Pending;
    }
    match transactions.last().map(|t| t.status) {
        Some(WireTransactionStatus::Failed) => OrderStatus::Failed,
        Some(WireTransactionStatus::Expired | WireTransactionStatus::Cancelled) => {
            OrderStatus::Cancelled
        }
        // Without attempts (a charge created before its payer pays) it waits for one; a
        // paid last attempt that does not cover the charge waits for the rest.
        Some(WireTransactionStatus::Pending | WireTransactionStatus::Paid) | None => {
            OrderStatus::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use orkestra_core::api::orkestra::WireMethod;
    use orkestra_core::PaymentMethod;

    use super::*;
    use crate::instructions::Instructions;

    fn tx(status: WireTransactionStatus, paid: i64) -> TransactionRow {
        TransactionRow {
            id: 1,
            order_id: 1,
            charge_id: 1,
            method: WireMethod::of(PaymentMethod::Pix, false),
            status,
            amount_minor: 100,
            paid_minor: paid,
            reference_id: None,
            pix_qr_code: None,
            expires_at: None,
            status_reason: None,
            instructions: Instructions::default(),
        }
    }

    #[test]
    fn an_order_is_paid_only_when_paid_transactions_cover_it() {
        use WireTransactionStatus::*;
        assert_eq!(derive_status(100, &[&tx(Paid, 100)]), OrderStatus::Paid);
        assert_eq!(derive_status(100, &[&tx(Paid, 50)]), OrderStatus::Pending);
    }

    #[test]
    fn a_new_attempt_after_a_failure_makes_the_order_pending_again() {
        use WireTransactionStatus::*;
        let failed = tx(Failed, 0);
        assert_eq!(derive_status(100, &[&failed]), OrderStatus::Failed);
        assert_eq!(
            derive_status(100, &[&failed, &tx(Pending, 0)]),
            OrderStatus::Pending
        );
    }

    #[test]
    fn an_expired_attempt_cancels_the_order() {
        assert_eq!(
            derive_status(100, &[&tx(WireTransactionStatus::Expired, 0)]),
            OrderStatus::Cancelled
        );
    }
}
