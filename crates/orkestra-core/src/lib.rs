//! The Orkestra Checkout domain, shared by the payment page (wasm32) and the servers.
//!
//! Everything here is pure: no I/O, no clock, no randomness. Callers pass "today" where a
//! rule depends on it. A rule written here is the only copy of that rule: the page and the
//! proxy both call it.

// First: its `wire_body!` macro declares the bodies in `api`.
#[macro_use]
pub mod wire;
pub mod api;
pub mod catalog;
pub mod error;
pub mod market;
pub mod methods;
pub mod money;
pub mod pix;
pub mod split;
pub mod validate;

pub use catalog::{Country, DocumentType, Market, PayerField, PaymentMethod};
pub use error::{ErrorCode, FieldError};
pub use money::{Currency, Money, PositiveMoney};
