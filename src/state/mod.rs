//! The page's state as plain types: what to show ([`Stage`]) and the payer form
//! ([`PayerForm`]). No DOM, no signals: everything here runs under `cargo test`.

mod form;
mod stage;

pub use form::{field_for_path, PayerForm, SubmitBlocked, FIELDS};
pub use stage::{is_newer, status_attr, Stage};
