//! Splitting one charge across several payment methods ("legs"): part by card, the rest
//! by PIX, say.
//!
//! Amounts are integer minor units throughout, so the legs always add up to the total
//! exactly: no rounding, no minor unit lost or created.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::PaymentMethod;
use crate::error::ErrorCode;
use crate::money::{Currency, Money, PositiveMoney};

/// One part of a split charge: the method, and the amount when the payer or the merchant
/// fixed it. Legs without an amount share what the fixed ones leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg {
    pub method: PaymentMethod,
    pub amount: Option<Money>,
}

impl Leg {
    /// A leg whose amount is given.
    pub fn fixed(method: PaymentMethod, amount: Money) -> Leg {
        Leg {
            method,
            amount: Some(amount),
        }
    }

    /// A leg that takes its share of the rest.
    pub fn open(method: PaymentMethod) -> Leg {
        Leg {
            method,
            amount: None,
        }
    }
}

/// Why a split cannot be made. `leg` is the index in the caller's slice. Serialised as
/// `{"code": "below_minimum", "leg": 1}`; [`SplitError::code`] is the stable string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SplitError {
    /// No legs at all.
    NoLegs,
    /// The leg's amount, or its method's minimum or maximum, is not in the total's
    /// currency.
    CurrencyMismatch { leg: usize },
    /// The leg's given amount is zero: every leg must charge something.
    ZeroLeg { leg: usize },
    /// The leg's given amount is below its method's minimum.
    BelowMinimum { leg: usize },
    /// The leg's given amount is above its method's maximum.
    AboveMaximum { leg: usize },
    /// The leg's method has a minimum above its maximum.
    InvalidLimits { leg: usize },
    /// The given amounts add up to more than the total.
    OverAllocated,
    /// Every leg has an amount and together they are less than the total.
    Unallocated,
    /// What the given amounts leave cannot give each open leg its method's minimum (at
    /// least one minor unit).
    RestTooSmall,
    /// What the given amounts leave is more than the open legs' maximums can take.
    RestTooLarge,
}

impl SplitError {
    /// The stable snake_case code, also the i18n key suffix.
    pub fn code(self) -> &'static str {
        match self {
            SplitError::NoLegs => "no_legs",
            SplitError::CurrencyMismatch { .. } => "currency_mismatch",
            SplitError::ZeroLeg { .. } => "zero_leg",
            SplitError::BelowMinimum { .. } => "below_minimum",
            SplitError::AboveMaximum { .. } => "above_maximum",
            SplitError::InvalidLimits { .. } => "invalid_limits",
            SplitError::OverAllocated => "over_allocated",
            SplitError::Unallocated => "unallocated",
            SplitError::RestTooSmall => "rest_too_small",
            SplitError::RestTooLarge => "rest_too_large",
        }
    }

    /// The leg at fault, for errors about one leg.
    pub fn leg(self) -> Option<usize> {
        match self {
            SplitError::CurrencyMismatch { leg }
            | SplitError::ZeroLeg { leg }
            | SplitError::BelowMinimum { leg }
            | SplitError::AboveMaximum { leg }
            | SplitError::InvalidLimits { leg } => Some(leg),
            SplitError::NoLegs
            | SplitError::OverAllocated
            | SplitError::Unallocated
            | SplitError::RestTooSmall
            | SplitError::RestTooLarge => None,
        }
    }
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.leg() {
            Some(leg) => write!(f, "{} (leg {leg})", self.code()),
            None => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for SplitError {}

/// Allocates `total` across `legs`, in the legs' order.
///
/// Legs with an amount keep it exactly. Legs without one share the rest evenly; the
/// minor units that do not divide evenly go one each to the first open legs, so the
/// result is deterministic. `limits` gives each method's (minimum, maximum), either
/// optional; where an even share would break an open leg's limit, that leg is held at the
/// limit and the others share the difference evenly (the fairest split within the
/// limits), so a split fails only when no split within the limits exists.
///
/// The result has one entry per leg, each positive, within its method's limits, in the
/// total's currency, and together they add up to exactly `total`.
pub fn allocate(
    total: PositiveMoney,
    legs: &[Leg],
    limits: impl Fn(PaymentMethod) -> (Option<Money>, Option<Money>),
) -> Result<Vec<(PaymentMethod, PositiveMoney)>, SplitError> {
    if legs.is_empty() {
        return Err(SplitError::NoLegs);
    }
    let currency = total.get().currency();
    let total = total.get().minor();

    // Each leg's bounds in minor units, after checking currencies and given amounts.
    let mut bounds = Vec::with_capacity(legs.len());
    let mut fixed_sum: u128 = 0;
    for (leg, l) in legs.iter().enumerate() {
        let (min, max) = limits(l.method);
        let lo = in_currency(min, currency, leg)?.unwrap_or(0).max(1);
        let hi = in_currency(max, currency, leg)?.unwrap_or(u64::MAX);
        if lo > hi {
            return Err(SplitError::InvalidLimits { leg });
        }
        if let Some(amount) = in_currency(l.amount, currency, leg)? {
            if amount == 0 {
                return Err(SplitError::ZeroLeg { leg });
            }
            if amount < lo {
                return Err(SplitError::BelowMinimum { leg });
            }
            if amount > hi {
                return Err(SplitError::AboveMaximum { leg });
            }
            fixed_sum += u128::from(amount);
        }
        bounds.push((lo, hi));
    }
    if fixed_sum > u128::from(total) {
        return Err(SplitError::OverAllocated);
    }
    // Fits: fixed_sum ≤ total.
    let rest = total - fixed_sum as u64;

    let open: Vec<usize> = (0..legs.len())
        .filter(|&i| legs[i].amount.is_none())
        .collect();
    let open_bounds: Vec<(u64, u64)> = open.iter().map(|&i| bounds[i]).collect();
    let shares = share(rest, &open_bounds)?;

    let mut out = Vec::with_capacity(legs.len());
    let mut shares = shares.into_iter();
    for l in legs {
        let minor = match l.amount {
            Some(amount) => amount.minor(),
            None => shares.next().ok_or(SplitError::RestTooSmall)?,
        };
        let money = Money::from_minor(currency, minor)
            .and_then(PositiveMoney::new)
            .map_err(|_| SplitError::RestTooSmall)?;
        out.push((l.method, money));
    }
    Ok(out)
}

/// The minor units of an optional amount, checked to be in `currency`.
fn in_currency(
    amount: Option<Money>,
    currency: Currency,
    leg: usize,
) -> Result<Option<u64>, SplitError> {
    match amount {
        Some(m) if m.currency() != currency => Err(SplitError::CurrencyMismatch { leg }),
        Some(m) => Ok(Some(m.minor())),
        None => Ok(None),
    }
}

/// Splits `rest` across legs with inclusive bounds (lo ≥ 1), as evenly as the bounds
/// allow: every leg gets `level` clamped to its bounds, and the few units left over go
/// one each to the first legs that can still grow.
fn share(rest: u64, bounds: &[(u64, u64)]) -> Result<Vec<u64>, SplitError> {
    if bounds.is_empty() {
        return if rest == 0 {
            Ok(Vec::new())
        } else {
            Err(SplitError::Unallocated)
        };
    }
    let sum_lo: u128 = bounds.iter().map(|&(lo, _)| u128::from(lo)).sum();
    let sum_hi: u128 = bounds.iter().map(|&(_, hi)| u128::from(hi)).sum();
    if sum_lo > u128::from(rest) {
        return Err(SplitError::RestTooSmall);
    }
    if sum_hi < u128::from(rest) {
        return Err(SplitError::RestTooLarge);
    }

    let filled = |level: u64| -> u128 {
        bounds
            .iter()
            .map(|&(lo, hi)| u128::from(level.clamp(lo, hi)))
            .sum()
    };
    // The highest level whose fill fits in `rest`; filled(0) = sum_lo fits.
    let (mut low, mut high) = (0u64, rest);
    while low < high {
        let mid = low + (high - low).div_ceil(2);
        if filled(mid) <= u128::from(rest) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let level = low;
    // Less than the number of legs that can still grow, or `level` would be higher.
    let mut left = u128::from(rest) - filled(level);
    Ok(bounds
        .iter()
        .map(|&(lo, hi)| {
            let base = level.clamp(lo, hi);
            if left > 0 && lo <= level && level < hi {
                left -= 1;
                base + 1
            } else {
                base
            }
        })
        .collect())
}

/// Where a leg of a live charge is: what it contributes to the charge's balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegState {
    /// Paid: counts as paid.
    Paid,
    /// Being created or waiting for the payer (a PIX code, a 3-D Secure challenge): its
    /// amount is reserved.
    InFlight,
    /// Failed, expired or cancelled: frees its amount for a replacement leg.
    Released,
}

/// A live charge's money: its amount, what its paid legs cover and what its legs in
/// flight reserve. Everything in the charge's currency, in minor units; built only by
/// [`ChargeBalance::new`], which checks that paid + in flight never exceeds the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeBalance {
    total: PositiveMoney,
    paid: Money,
    in_flight: Money,
}

/// Why the next leg of a charge cannot be made. [`LegError::code`] is the field error the
/// page shows on `amount` (the proxy answers the same), except for
/// [`LegError::NothingLeft`], which is a conflict, not a typing mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegError {
    /// Paid and in-flight legs already cover the whole charge.
    NothingLeft,
    /// The amount is in another currency than the charge.
    CurrencyMismatch,
    /// The amount is zero.
    Zero,
    /// The amount is more than what is left to allocate.
    AboveRemaining,
    /// The amount is below the method's minimum.
    BelowMinimum,
    /// The amount is above the method's maximum.
    AboveMaximum,
    /// The stored legs add up to more than the charge (never happens with the proxy's
    /// checks; reported rather than panicking).
    Inconsistent,
}

impl LegError {
    /// The field error code for `amount` (or, for the whole remainder, `method`).
    pub fn code(self) -> ErrorCode {
        match self {
            LegError::NothingLeft | LegError::AboveRemaining | LegError::AboveMaximum => {
                ErrorCode::AmountAboveMaximum
            }
            LegError::CurrencyMismatch => ErrorCode::CurrencyMismatch,
            LegError::Zero => ErrorCode::AmountZero,
            LegError::BelowMinimum => ErrorCode::AmountBelowMinimum,
            LegError::Inconsistent => ErrorCode::AmountOverflow,
        }
    }
}

impl ChargeBalance {
    /// The balance of a charge of `total` with these legs (state and amount).
    pub fn new(
        total: PositiveMoney,
        legs: impl IntoIterator<Item = (LegState, Money)>,
    ) -> Result<ChargeBalance, LegError> {
        let currency = total.get().currency();
        let (mut paid, mut in_flight) = (Money::zero(currency), Money::zero(currency));
        for (state, amount) in legs {
            if amount.currency() != currency {
                return Err(LegError::CurrencyMismatch);
            }
            let slot = match state {
                LegState::Paid => &mut paid,
                LegState::InFlight => &mut in_flight,
                LegState::Released => continue,
            };
            *slot = slot
                .checked_add(amount)
                .map_err(|_| LegError::Inconsistent)?;
        }
        let balance = ChargeBalance {
            total,
            paid,
            in_flight,
        };
        // Overpaid (a PIX paid with a changed amount) is not an error: nothing is left.
        Ok(balance)
    }

    pub fn total(&self) -> Money {
        self.total.get()
    }

    /// What paid legs cover (at most the total, even if a leg paid more).
    pub fn paid(&self) -> Money {
        if self.paid.minor() > self.total.get().minor() {
            self.total.get()
        } else {
            self.paid
        }
    }

    /// What legs in flight reserve.
    pub fn in_flight(&self) -> Money {
        self.in_flight
    }

    /// What no leg covers yet: the total less paid and in-flight legs (never negative).
    pub fn remaining(&self) -> Money {
        let covered = u128::from(self.paid.minor()) + u128::from(self.in_flight.minor());
        let total = u128::from(self.total.get().minor());
        let left = total.saturating_sub(covered) as u64;
        // Fits: left ≤ total, which is a valid amount.
        Money::from_minor(self.total.get().currency(), left).unwrap_or(self.total.get())
    }

    /// What is left to pay once the legs in flight are paid too.
    pub fn unpaid(&self) -> Money {
        let left = self.total.get().minor().saturating_sub(self.paid.minor());
        Money::from_minor(self.total.get().currency(), left).unwrap_or(self.total.get())
    }

    /// Paid only when the paid legs add up to the charge's amount.
    pub fn is_paid(&self) -> bool {
        self.paid.minor() >= self.total.get().minor()
    }

    /// The next leg's amount: `requested`, or the whole remainder when absent, checked
    /// against the remainder and the method's `(minimum, maximum)`.
    pub fn next_leg(
        &self,
        requested: Option<Money>,
        limits: (Option<Money>, Option<Money>),
    ) -> Result<PositiveMoney, LegError> {
        let remaining = self.remaining();
        let amount = requested.unwrap_or(remaining);
        if amount.currency() != remaining.currency() {
            return Err(LegError::CurrencyMismatch);
        }
        if remaining.minor() == 0 {
            return Err(LegError::NothingLeft);
        }
        let amount = PositiveMoney::new(amount).map_err(|_| LegError::Zero)?;
        if amount.get().minor() > remaining.minor() {
            return Err(LegError::AboveRemaining);
        }
        let (min, max) = limits;
        for bound in [min, max].into_iter().flatten() {
            if bound.currency() != amount.get().currency() {
                return Err(LegError::CurrencyMismatch);
            }
        }
        if min.is_some_and(|m| amount.get().minor() < m.minor()) {
            return Err(LegError::BelowMinimum);
        }
        if max.is_some_and(|m| amount.get().minor() > m.minor()) {
            return Err(LegError::AboveMaximum);
        }
        Ok(amount)
    }
}

#[cfg(test)]
mod tests {
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
        prop::collection::vec((any_method(), prop::option::of(1..=max_amount)), 1..8).prop_map(
            |legs| {
                legs.into_iter()
                    .map(|(method, amount)| Leg {
                        method,
                        amount: amount.map(brl),
                    })
                    .collect()
            },
        )
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
}
