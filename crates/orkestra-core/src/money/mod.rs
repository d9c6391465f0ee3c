//! Money: a [`Currency`] and an integer amount of its minor units.
//!
//! No floats anywhere. Decimals exist only at the edges: [`Money::parse_exact`] reads our public
//! API's strings, [`Money::parse_lenient`] reads the upstream wire's JSON numbers, and
//! [`Money::to_decimal_string`] writes both. Display formatting belongs to the browser's `Intl`.

mod amount;
mod currency;
mod decimal;
mod text;

pub use amount::{Money, PositiveMoney};
pub use currency::Currency;
pub use text::Amount;
