//! Tests of allocating a split charge among its legs.

use super::*;
use proptest::prelude::*;
use PaymentMethod::*;

fn brl(minor: u64) -> Money {
    Money::from_minor(Currency::BRL, minor).unwrap()
}

fn total(minor: u64) -> PositiveMoney {
    PositiveMoney::new(brl(minor)).unwrap()
}

fn no_limits(_: PaymentMethod) -> (Option<Money>, Option<Money>) {
    (None, None)
}

fn minors(result: &[(PaymentMethod, PositiveMoney)]) -> Vec<u64> {
    result.iter().map(|(_, m)| m.get().minor()).collect()
}

#[test]
fn open_legs_share_the_rest_evenly_with_the_remainder_to_the_first() {
    let legs = [Leg::open(Card), Leg::open(Pix), Leg::open(Boleto)];
    let result = allocate(total(10_000), &legs, no_limits).unwrap();
    assert_eq!(minors(&result), [3_334, 3_333, 3_333]);
    assert_eq!(
        result.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        [Card, Pix, Boleto]
    );
    let result = allocate(total(11), &legs, no_limits).unwrap();
    assert_eq!(minors(&result), [4, 4, 3]);
}

#[test]
fn given_amounts_are_kept_and_the_open_legs_take_what_is_left() {
    let legs = [
        Leg::open(Card),
        Leg::fixed(Pix, brl(2_500)),
        Leg::open(Boleto),
    ];
    let result = allocate(total(10_001), &legs, no_limits).unwrap();
    assert_eq!(minors(&result), [3_751, 2_500, 3_750]);
}

#[test]
fn a_single_open_leg_takes_the_whole_rest() {
    let legs = [Leg::fixed(Card, brl(999)), Leg::open(Pix)];
    let result = allocate(total(1_000), &legs, no_limits).unwrap();
    assert_eq!(minors(&result), [999, 1]);
    let result = allocate(total(5), &[Leg::open(Pix)], no_limits).unwrap();
    assert_eq!(minors(&result), [5]);
}

#[test]
fn fully_given_legs_must_add_up_to_the_total() {
    let legs = [Leg::fixed(Card, brl(600)), Leg::fixed(Pix, brl(400))];
    assert_eq!(
        minors(&allocate(total(1_000), &legs, no_limits).unwrap()),
        [600, 400]
    );
    assert_eq!(
        allocate(total(1_001), &legs, no_limits),
        Err(SplitError::Unallocated)
    );
    assert_eq!(
        allocate(total(999), &legs, no_limits),
        Err(SplitError::OverAllocated)
    );
}

#[test]
fn every_open_leg_needs_at_least_one_minor_unit() {
    let legs = [Leg::fixed(Card, brl(1_000)), Leg::open(Pix)];
    assert_eq!(
        allocate(total(1_000), &legs, no_limits),
        Err(SplitError::RestTooSmall)
    );
    let legs = [Leg::open(Card), Leg::open(Pix), Leg::open(Boleto)];
    assert_eq!(
        allocate(total(2), &legs, no_limits),
        Err(SplitError::RestTooSmall)
    );
}

#[test]
fn no_legs_zero_legs_and_foreign_currencies_are_refused() {
    assert_eq!(allocate(total(1), &[], no_limits), Err(SplitError::NoLegs));
    let zero = [Leg::fixed(Card, brl(0)), Leg::open(Pix)];
    assert_eq!(
        allocate(total(100), &zero, no_limits),
        Err(SplitError::ZeroLeg { leg: 0 })
    );
    let usd = Money::from_minor(Currency::USD, 10).unwrap();
    let foreign = [Leg::open(Card), Leg::fixed(Pix, usd)];
    assert_eq!(
        allocate(total(100), &foreign, no_limits),
        Err(SplitError::CurrencyMismatch { leg: 1 })
    );
    let foreign_limit = |_| (Some(usd), None);
    assert_eq!(
        allocate(total(100), &[Leg::open(Card)], foreign_limit),
        Err(SplitError::CurrencyMismatch { leg: 0 })
    );
}

/// Boleto at least BRL 5.00 and PIX at most BRL 30.00, for the limit tests.
fn limits(method: PaymentMethod) -> (Option<Money>, Option<Money>) {
    match method {
        Boleto => (Some(brl(500)), None),
        Pix => (None, Some(brl(3_000))),
        _ => (None, None),
    }
}

#[test]
fn given_amounts_outside_their_methods_limits_are_refused() {
    let legs = [Leg::fixed(Boleto, brl(499)), Leg::open(Card)];
    assert_eq!(
        allocate(total(10_000), &legs, limits),
        Err(SplitError::BelowMinimum { leg: 0 })
    );
    let legs = [Leg::open(Card), Leg::fixed(Pix, brl(3_001))];
    assert_eq!(
        allocate(total(10_000), &legs, limits),
        Err(SplitError::AboveMaximum { leg: 1 })
    );
}

#[test]
fn an_open_leg_is_held_at_its_limit_and_the_others_share_the_difference() {
    // An even split would give PIX 50.00, above its 30.00 maximum.
    let legs = [Leg::open(Pix), Leg::open(Card)];
    let result = allocate(total(10_000), &legs, limits).unwrap();
    assert_eq!(minors(&result), [3_000, 7_000]);
    // An even split would give the boleto 2.00, below its 5.00 minimum.
    let legs = [Leg::open(Card), Leg::open(Boleto)];
    let result = allocate(total(401), &legs, limits);
    assert_eq!(result, Err(SplitError::RestTooSmall));
    let result = allocate(total(701), &legs, limits).unwrap();
    assert_eq!(minors(&result), [201, 500]);
    let legs = [Leg::open(Card), Leg::open(Boleto), Leg::open(Card)];
    let result = allocate(total(1_001), &legs, limits).unwrap();
    assert_eq!(minors(&result), [251, 500, 250]);
}

#[test]
fn more_than_the_open_legs_maximums_can_take_is_refused() {
    let legs = [Leg::open(Pix), Leg::open(Pix)];
    assert_eq!(
        allocate(total(6_001), &legs, limits),
        Err(SplitError::RestTooLarge)
    );
    assert_eq!(
        minors(&allocate(total(6_000), &legs, limits).unwrap()),
        [3_000, 3_000]
    );
}

#[test]
fn a_method_whose_minimum_is_above_its_maximum_is_refused() {
    let broken = |_| (Some(brl(10)), Some(brl(5)));
    assert_eq!(
        allocate(total(100), &[Leg::open(Card)], broken),
        Err(SplitError::InvalidLimits { leg: 0 })
    );
}

#[test]
fn the_largest_amount_splits_without_overflow() {
    let max = i64::MAX as u64;
    let legs = [Leg::open(Card), Leg::open(Pix), Leg::open(Boleto)];
    let result = allocate(total(max), &legs, no_limits).unwrap();
    assert_eq!(
        minors(&result).iter().map(|&m| u128::from(m)).sum::<u128>(),
        u128::from(max)
    );
    let legs = [Leg::fixed(Card, brl(max)), Leg::fixed(Pix, brl(max))];
    assert_eq!(
        allocate(total(max), &legs, no_limits),
        Err(SplitError::OverAllocated)
    );
}

#[test]
fn errors_serialise_with_a_stable_code_and_the_leg() {
    assert_eq!(
        serde_json::to_value(SplitError::BelowMinimum { leg: 1 }).unwrap(),
        serde_json::json!({"code": "below_minimum", "leg": 1})
    );
    assert_eq!(
        serde_json::to_value(SplitError::RestTooSmall).unwrap(),
        serde_json::json!({"code": "rest_too_small"})
    );
    let all = [
        SplitError::NoLegs,
        SplitError::CurrencyMismatch { leg: 0 },
        SplitError::ZeroLeg { leg: 0 },
        SplitError::BelowMinimum { leg: 0 },
        SplitError::AboveMaximum { leg: 0 },
        SplitError::InvalidLimits { leg: 0 },
        SplitError::OverAllocated,
        SplitError::Unallocated,
        SplitError::RestTooSmall,
        SplitError::RestTooLarge,
    ];
    for e in all {
        let json = serde_json::to_value(e).unwrap();
        assert_eq!(json["code"], e.code());
        assert_eq!(serde_json::from_value::<SplitError>(json).unwrap(), e);
    }
    assert_eq!(
        SplitError::AboveMaximum { leg: 2 }.to_string(),
        "above_maximum (leg 2)"
    );
}

fn any_method() -> impl Strategy<Value = PaymentMethod> {
    (0..PaymentMethod::ALL.len()).prop_map(|i| PaymentMethod::ALL[i])
}

/// Up to eight legs, about half with a given amount.
fn any_legs(max_amount: u64) -> impl Strategy<Value = Vec<Leg>> {
    prop::collection::vec((any_method(), prop::option::of(1..=max_amount)), 1..8).prop_map(|legs| {
        legs.into_iter()
            .map(|(method, amount)| Leg {
                method,
                amount: amount.map(brl),
            })
            .collect()
    })
}

/// Optional minimum and maximum per method, derived from the method's position so a
/// method's limits are the same for every leg.
fn any_limits() -> impl Strategy<Value = Vec<(Option<u64>, Option<u64>)>> {
    prop::collection::vec(
        (prop::option::of(1u64..500), prop::option::of(1u64..5_000)),
        PaymentMethod::ALL.len(),
    )
}

proptest! {
    #[test]
    fn without_limits_a_split_is_exact_even_and_keeps_given_amounts(
        t in 1u64..1_000_000,
        legs in any_legs(300_000),
    ) {
        let fixed: u64 = legs.iter().filter_map(|l| l.amount).map(|m| m.minor()).sum();
        let open = legs.iter().filter(|l| l.amount.is_none()).count() as u64;
        match allocate(total(t), &legs, no_limits) {
            Ok(result) => {
                prop_assert_eq!(result.len(), legs.len());
                let sum: u64 = result.iter().map(|(_, m)| m.get().minor()).sum();
                prop_assert_eq!(sum, t);
                let mut shares = Vec::new();
                for (leg, (method, m)) in legs.iter().zip(&result) {
                    prop_assert_eq!(*method, leg.method);
                    prop_assert_eq!(m.get().currency(), Currency::BRL);
                    match leg.amount {
                        Some(given) => prop_assert_eq!(m.get(), given),
                        None => shares.push(m.get().minor()),
                    }
                }
                // Even, with the extra units on the first open legs.
                if let (Some(first), Some(last)) = (shares.first(), shares.last()) {
                    prop_assert!(first - last <= 1);
                    prop_assert!(shares.windows(2).all(|w| w[0] >= w[1]));
                    prop_assert_eq!(*last, (t - fixed) / open);
                }
            }
            Err(SplitError::OverAllocated) => prop_assert!(fixed > t),
            Err(SplitError::Unallocated) => prop_assert!(open == 0 && fixed < t),
            Err(SplitError::RestTooSmall) => prop_assert!(fixed <= t && t - fixed < open),
            Err(e) => prop_assert!(false, "unexpected {e}"),
        }
    }

    #[test]
    fn with_limits_a_split_is_exact_and_within_every_limit_or_impossible(
        t in 1u64..50_000,
        legs in any_legs(5_000),
        table in any_limits(),
    ) {
        let lookup = |m: PaymentMethod| {
            let i = PaymentMethod::ALL.iter().position(|x| *x == m).unwrap();
            let (lo, hi) = table[i];
            (lo.map(brl), hi.map(brl))
        };
        let bounds = |m: PaymentMethod| {
            let (lo, hi) = lookup(m);
            (lo.map_or(1, |x| x.minor().max(1)), hi.map_or(u64::MAX, |x| x.minor()))
        };
        match allocate(total(t), &legs, lookup) {
            Ok(result) => {
                let sum: u64 = result.iter().map(|(_, m)| m.get().minor()).sum();
                prop_assert_eq!(sum, t);
                for (leg, (_, m)) in legs.iter().zip(&result) {
                    let (lo, hi) = bounds(leg.method);
                    prop_assert!(lo <= m.get().minor() && m.get().minor() <= hi);
                    if let Some(given) = leg.amount {
                        prop_assert_eq!(m.get(), given);
                    }
                }
            }
            Err(SplitError::RestTooSmall | SplitError::RestTooLarge) => {
                // Only when no split within the limits exists.
                let fixed: u64 = legs.iter().filter_map(|l| l.amount).map(|m| m.minor()).sum();
                let rest = u128::from(t - fixed);
                let open = legs.iter().filter(|l| l.amount.is_none());
                let lo: u128 = open.clone().map(|l| u128::from(bounds(l.method).0)).sum();
                let hi: u128 = open.map(|l| u128::from(bounds(l.method).1)).sum();
                prop_assert!(rest < lo || rest > hi);
            }
            Err(_) => {}
        }
    }

    #[test]
    fn when_an_even_split_fits_the_limits_it_is_the_answer(
        t in 1u64..50_000,
        k in 1usize..6,
        table in any_limits(),
    ) {
        let legs: Vec<Leg> = PaymentMethod::ALL[..k].iter().map(|m| Leg::open(*m)).collect();
        let lookup = |m: PaymentMethod| {
            let i = PaymentMethod::ALL.iter().position(|x| *x == m).unwrap();
            (table[i].0.map(brl), table[i].1.map(brl))
        };
        let even: Vec<u64> = (0..k as u64)
            .map(|i| t / k as u64 + u64::from(i < t % k as u64))
            .collect();
        let fits = even.iter().zip(&legs).all(|(&share, leg)| {
            let (lo, hi) = lookup(leg.method);
            share >= lo.map_or(1, |m| m.minor()) && hi.is_none_or(|m| share <= m.minor())
        });
        if fits {
            let result = allocate(total(t), &legs, lookup).unwrap();
            prop_assert_eq!(minors(&result), even);
        }
    }
}
