//! Tests of a charge's balance: what its legs pay, reserve and leave.

use proptest::prelude::*;

use super::*;
use crate::money::Currency;

fn brl(minor: u64) -> Money {
    Money::from_minor(Currency::BRL, minor).unwrap()
}

fn total(minor: u64) -> PositiveMoney {
    PositiveMoney::new(brl(minor)).unwrap()
}

fn balance(t: u64, legs: &[(LegState, u64)]) -> ChargeBalance {
    ChargeBalance::new(total(t), legs.iter().map(|&(s, m)| (s, brl(m)))).unwrap()
}

#[test]
fn a_new_leg_without_an_amount_takes_the_whole_remainder() {
    let b = balance(15_000, &[(LegState::Paid, 10_000)]);
    assert_eq!(b.remaining(), brl(5_000));
    assert_eq!(b.next_leg(None, (None, None)).unwrap().get(), brl(5_000));
}

#[test]
fn failed_and_expired_legs_free_their_amount_for_a_replacement() {
    let b = balance(
        15_000,
        &[(LegState::Paid, 10_000), (LegState::Released, 5_000)],
    );
    assert_eq!(b.remaining(), brl(5_000));
    assert!(!b.is_paid());
    assert_eq!(b.next_leg(None, (None, None)).unwrap().get(), brl(5_000));
}

#[test]
fn legs_in_flight_reserve_their_amount() {
    let b = balance(
        15_000,
        &[(LegState::Paid, 5_000), (LegState::InFlight, 4_000)],
    );
    assert_eq!(b.paid(), brl(5_000));
    assert_eq!(b.in_flight(), brl(4_000));
    assert_eq!(b.remaining(), brl(6_000));
    assert_eq!(b.unpaid(), brl(10_000));
    assert_eq!(
        b.next_leg(Some(brl(6_001)), (None, None)),
        Err(LegError::AboveRemaining)
    );
    assert_eq!(
        b.next_leg(Some(brl(6_000)), (None, None)).unwrap().get(),
        brl(6_000)
    );
}

#[test]
fn nothing_left_zero_and_foreign_amounts_are_refused() {
    let b = balance(1_000, &[(LegState::InFlight, 1_000)]);
    assert_eq!(b.next_leg(None, (None, None)), Err(LegError::NothingLeft));
    let b = balance(1_000, &[]);
    assert_eq!(b.next_leg(Some(brl(0)), (None, None)), Err(LegError::Zero));
    let usd = Money::from_minor(Currency::USD, 10).unwrap();
    assert_eq!(
        b.next_leg(Some(usd), (None, None)),
        Err(LegError::CurrencyMismatch)
    );
    assert_eq!(
        ChargeBalance::new(total(1_000), [(LegState::Paid, usd)]),
        Err(LegError::CurrencyMismatch)
    );
}

#[test]
fn a_leg_must_be_within_its_methods_limits() {
    let b = balance(100_000, &[]);
    let limits = (Some(brl(500)), Some(brl(3_000)));
    assert_eq!(
        b.next_leg(Some(brl(499)), limits),
        Err(LegError::BelowMinimum)
    );
    assert_eq!(
        b.next_leg(Some(brl(3_001)), limits),
        Err(LegError::AboveMaximum)
    );
    assert_eq!(b.next_leg(None, limits), Err(LegError::AboveMaximum));
    assert_eq!(
        b.next_leg(Some(brl(3_000)), limits).unwrap().get(),
        brl(3_000)
    );
    assert_eq!(
        LegError::AboveRemaining.code(),
        ErrorCode::AmountAboveMaximum
    );
    assert_eq!(LegError::BelowMinimum.code(), ErrorCode::AmountBelowMinimum);
}

#[test]
fn a_charge_is_paid_only_when_its_paid_legs_add_up_to_its_amount() {
    assert!(!balance(1_000, &[(LegState::Paid, 999), (LegState::InFlight, 1)]).is_paid());
    assert!(balance(1_000, &[(LegState::Paid, 999), (LegState::Paid, 1)]).is_paid());
    // A PIX paid with a changed amount may overpay: paid is capped, nothing is left.
    let over = balance(1_000, &[(LegState::Paid, 1_200)]);
    assert!(over.is_paid());
    assert_eq!(over.paid(), brl(1_000));
    assert_eq!(over.remaining(), brl(0));
}

proptest! {
    #[test]
    fn accepted_legs_never_take_a_charge_past_its_amount(
        t in 1u64..100_000,
        asks in prop::collection::vec((0u64..60_000, 0u8..3), 1..12),
    ) {
        let mut legs: Vec<(LegState, Money)> = Vec::new();
        for (ask, fate) in asks {
            let b = ChargeBalance::new(total(t), legs.clone()).unwrap();
            let requested = if ask == 0 { None } else { Some(brl(ask)) };
            if let Ok(amount) = b.next_leg(requested, (None, None)) {
                let state = [LegState::Paid, LegState::InFlight, LegState::Released][fate as usize];
                legs.push((state, amount.get()));
            }
            let b = ChargeBalance::new(total(t), legs.clone()).unwrap();
            prop_assert!(b.paid().minor() + b.in_flight().minor() <= t);
            prop_assert_eq!(b.paid().minor() + b.in_flight().minor() + b.remaining().minor(), t);
        }
    }
}
