//! The status rules, case by case.

use super::*;
use crate::money::Currency;
use OrderStatus::*;
use TransactionStatus as Tx;

fn brl(minor: u64) -> Money {
    Money::from_minor(Currency::BRL, minor).unwrap()
}

fn status(current: OrderStatus, total: u64, legs: &[(Tx, u64)]) -> OrderStatus {
    let legs: Vec<ChargeLeg> = legs
        .iter()
        .map(|&(status, minor)| ChargeLeg {
            status,
            amount: brl(minor),
        })
        .collect();
    charge_status(current, PositiveMoney::new(brl(total)).unwrap(), &legs).unwrap()
}

#[test]
fn a_charge_follows_its_legs() {
    assert_eq!(status(Open, 100, &[]), Open);
    assert_eq!(status(Open, 100, &[(Tx::Creating, 100)]), Pending);
    assert_eq!(status(Pending, 100, &[(Tx::Paid, 100)]), Paid);
    assert_eq!(status(Pending, 100, &[(Tx::Paid, 40)]), PartiallyPaid);
    assert_eq!(
        status(Pending, 100, &[(Tx::Paid, 40), (Tx::Pending, 60)]),
        PartiallyPaid
    );
    assert_eq!(status(Pending, 100, &[(Tx::Failed, 100)]), Failed);
    assert_eq!(status(Pending, 100, &[(Tx::Expired, 100)]), Failed);
    // A withdrawn last leg is no failure: the payer pays another way.
    assert_eq!(
        status(Pending, 100, &[(Tx::Failed, 100), (Tx::Cancelled, 100)]),
        Open
    );
}

#[test]
fn final_statuses_stay() {
    for current in [Paid, Expired, Cancelled] {
        assert_eq!(status(current, 100, &[(Tx::Pending, 100)]), current);
    }
}

#[test]
fn legs_that_do_not_fit_their_charge_are_an_error_not_a_status() {
    let usd = Money::from_minor(Currency::USD, 100).unwrap();
    let legs = [ChargeLeg {
        status: Tx::Paid,
        amount: usd,
    }];
    let total = PositiveMoney::new(brl(100)).unwrap();
    assert_eq!(
        charge_status(Open, total, &legs),
        Err(LegError::CurrencyMismatch)
    );
}

#[test]
fn an_order_follows_its_charges() {
    assert_eq!(order_status(Open, &[Open, Open]), Open);
    assert_eq!(order_status(Open, &[Pending, Open]), Pending);
    assert_eq!(order_status(Open, &[Paid, Open]), PartiallyPaid);
    assert_eq!(order_status(Open, &[Failed, PartiallyPaid]), PartiallyPaid);
    assert_eq!(order_status(Open, &[Failed, Open]), Failed);
    assert_eq!(order_status(PartiallyPaid, &[Paid, Paid]), Paid);
    assert_eq!(order_status(Cancelled, &[Paid, Paid]), Cancelled);
    assert_eq!(order_status(Open, &[]), Open);
}

#[test]
fn a_refund_progresses_from_its_legs() {
    use AutoRefund as A;
    assert_eq!(refund_progress([]), None);
    assert_eq!(
        refund_progress([A::Pending, A::Requested]),
        Some(RefundProgress::Pending)
    );
    assert_eq!(
        refund_progress([A::Requested, A::Refunded]),
        Some(RefundProgress::Requested)
    );
    assert_eq!(
        refund_progress([A::Refunded, A::Refunded]),
        Some(RefundProgress::Refunded)
    );
    assert_eq!(
        refund_progress([A::Refunded, A::Manual]),
        Some(RefundProgress::Failed)
    );
    assert_eq!(
        refund_progress([A::Failed, A::Pending]),
        Some(RefundProgress::Failed)
    );
}
