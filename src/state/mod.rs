//! The page's state as plain types: what to show ([`Stage`]) and the payment form
//! ([`PaymentForm`]). No DOM, no signals: everything here runs under `cargo test`.

pub mod card;
mod form;
mod stage;
mod typed;

pub use form::{PaymentForm, SubmitBlocked};
pub use stage::{is_newer, partly_paid, progress, remaining, status_attr, Stage};
pub use typed::{TypedBefore, CARD_TYPE_NAME, SPLIT_AMOUNT_ID};

#[cfg(test)]
mod fixtures_tests;
