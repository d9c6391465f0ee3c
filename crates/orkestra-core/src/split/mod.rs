//! Splitting one charge across several payment methods ("legs"): part by card, the rest
//! by PIX, say.
//!
//! Amounts are integer minor units throughout, so the legs always add up to the total
//! exactly: no rounding, no minor unit lost or created.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::PaymentMethod;
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

mod balance;
mod status;

pub use balance::{ChargeBalance, LegError, LegState};
pub use status::{charge_status, order_status, refund_progress, ChargeLeg};

#[cfg(test)]
mod tests;
