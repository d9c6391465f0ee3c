//! Orkestra's wire format (upstream), with the field names of its public docs
//! (`merchantOrderId`, `charges[].customer`, `transactions[].paymentMethod`, …).
//! Where the docs are silent, the sandbox's README records what we chose; the proxy keeps
//! those choices configurable (see [`AmountUnits`]).
//!
//! Responses are parsed tolerantly (unknown fields ignored) because Orkestra may add fields;
//! requests are exact.

mod amount;
mod money_out;
mod order;
mod request;

/// Orkestra's `paymentMethod`: derived from the methods' specs.
#[cfg(not(target_arch = "wasm32"))]
pub use crate::methods::wire::WireMethod;
pub use amount::{AmountUnits, WireAmount};
pub use money_out::*;
pub use order::*;
pub use request::*;

#[cfg(test)]
mod tests;
