//! The browser API: what the payment page reads and sends, scoped to one session by the
//! unguessable token in its URL. Amounts and methods only ever come from the server.
//!
//! - `session`: the page's view of the session (and the PSE banks, a one-time code);
//! - `next_action`: what the payer does after submitting;
//! - `submit`: a payment attempt as typed, and its flat JSON body;
//! - `form`: the inputs of each (market, method)'s form;
//! - `check` and `valid`: the rules, the same on the page (per field, on blur) and on
//!   the proxy (every field, on submit).

mod check;
mod form;
mod next_action;
mod session;
mod submit;
mod valid;

pub use form::{field_id, form_fields, FormField};
pub use next_action::NextAction;
pub use session::{Bank, PageCharge, PageSession, PageTransaction, StatusEvent, SubmitOtp};
pub use submit::{
    AddressInput, CardInput, MethodInput, PayerInput, SubmitTransaction, SubmitTransactionBody,
};
pub use valid::{Payer, ValidCard, ValidDetails};

/// The PSE person types, as PSE's bank pages name them.
pub use crate::methods::PERSON_TYPES;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod card_capture_tests;
