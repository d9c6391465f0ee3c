//! Wire models of the three APIs the product speaks:
//! - [`orkestra`]: Orkestra's own API (upstream), with the field names of its public docs;
//! - [`merchant`]: our merchant API (the product's public API, Bearer merchant secret);
//! - [`browser`]: what the payment page and the proxy say to each other.
//!
//! Request types hold what the caller sent as plain strings so that every problem can be
//! reported against its field; `validate` turns them into domain types or a list of
//! [`FieldError`](crate::error::FieldError)s. Response types are built from domain types only.

pub mod browser;
pub mod error;
pub mod locale;
pub mod merchant;
pub mod orkestra;
