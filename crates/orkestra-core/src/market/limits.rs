//! The vocabulary of a method's money rules: [`AmountLimits`] and [`RefundRoute`]. Each
//! method's values are in its spec (`crate::methods`).

use super::country::Country;
use crate::error::ErrorCode;
use crate::money::{Currency, Money};

/// The smallest and largest amount one charge of a (market, method) may have, both
/// inclusive. `None` where the fact sheet states no bound: the PSP then decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountLimits {
    pub min: Option<Money>,
    pub max: Option<Money>,
}

impl AmountLimits {
    /// No known bound.
    pub const NONE: AmountLimits = AmountLimits {
        min: None,
        max: None,
    };

    /// Limits in whole major units of `country`'s currency.
    pub fn major(country: Country, min: Option<u64>, max: Option<u64>) -> AmountLimits {
        let currency = country.currency();
        AmountLimits {
            min: min.map(|units| major(currency, units)),
            max: max.map(|units| major(currency, units)),
        }
    }

    /// `CurrencyMismatch` when a bound exists in another currency than `amount`'s;
    /// `AmountBelowMinimum` under `min`; `AmountAboveMaximum` over `max`.
    pub fn check(&self, amount: Money) -> Result<(), ErrorCode> {
        if let Some(min) = self.min {
            if min.currency() != amount.currency() {
                return Err(ErrorCode::CurrencyMismatch);
            }
            if amount.minor() < min.minor() {
                return Err(ErrorCode::AmountBelowMinimum);
            }
        }
        if let Some(max) = self.max {
            if max.currency() != amount.currency() {
                return Err(ErrorCode::CurrencyMismatch);
            }
            if amount.minor() > max.minor() {
                return Err(ErrorCode::AmountAboveMaximum);
            }
        }
        Ok(())
    }
}

/// `units` whole major units of `currency`. Only called with the methods' small constants,
/// which fit `i64` in every currency.
fn major(currency: Currency, units: u64) -> Money {
    Money::from_minor(currency, units * currency.scale()).expect("limit constants fit in i64")
}

/// How a refund of a charge goes back to the payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefundRoute {
    /// Back through the method that paid, to the same card, account or wallet, without
    /// asking the payer for anything.
    Original,
    /// As a payout to a destination the payer supplies (a bank account, a PIX key, a wallet
    /// address): Orkestra's "alternative payout where the method cannot be reversed, e.g.
    /// boleto" (orkestra-api.md).
    AlternativePayout,
}
