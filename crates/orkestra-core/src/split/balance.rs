//! A live charge's money: what its legs pay, reserve and leave.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::money::{Money, PositiveMoney};

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
#[path = "balance_tests.rs"]
mod tests;
