//! Amounts between the wire (decimal or minor-unit JSON numbers, see `SANDBOX_AMOUNT_UNITS`)
//! and the database (integer minor units): the one place every resource converts them.

use orkestra_core::api::orkestra::{AmountUnits, WireAmount};
use orkestra_core::money::{Currency, Money, PositiveMoney};

use crate::error::SandboxError;

/// A wire amount that must be more than zero, or `400 INVALID_AMOUNT` on `field`.
pub fn positive(
    amount: &WireAmount,
    currency: Currency,
    units: AmountUnits,
    field: &str,
) -> Result<PositiveMoney, SandboxError> {
    amount
        .to_money(currency, units)
        .and_then(PositiveMoney::new)
        .map_err(|code| {
            SandboxError::invalid(
                field,
                "INVALID_AMOUNT",
                format!("{field}: {}", code.as_str()),
            )
        })
}

/// The integer the database stores.
pub fn minor(amount: PositiveMoney) -> i64 {
    i64::try_from(amount.get().minor()).unwrap_or(i64::MAX)
}

/// A stored amount. The store refuses a row with a negative amount as it reads it, and
/// sums of such amounts stay in range.
pub fn stored(currency: Currency, minor: i64) -> Money {
    let minor = u64::try_from(minor).expect("stored amounts are checked when read");
    Money::from_minor(currency, minor).expect("an i64 fits a Money")
}

/// A stored amount on the wire.
pub fn wire(currency: Currency, minor: i64, units: AmountUnits) -> WireAmount {
    WireAmount::from_money(stored(currency, minor), units)
}

/// A stored amount as the sandbox's pages show it: `BRL 150.00`.
pub fn shown(currency: Currency, minor: i64) -> String {
    format!(
        "{} {}",
        currency.code(),
        stored(currency, minor).to_decimal_string()
    )
}
