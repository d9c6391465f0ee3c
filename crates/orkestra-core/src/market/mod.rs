//! The closed sets the rest of the crate speaks in: where a payer pays (countries and
//! markets, their currencies and languages), who they are (identity documents, the payer
//! fields a form can ask for) and the vocabulary of a method's money rules (limits, refund
//! routes). The facts come from the checkout fact sheet, `payment-methods.md`.
//!
//! Everything is an exhaustive `match` over closed enums, so adding a country does not
//! compile until every table here has an answer for it. What each payment method asks for
//! where is the method's own spec (`crate::methods`), which builds on this module.

mod country;
mod document;
mod limits;
mod payer;
mod region;

pub use country::Country;
pub use document::{document_types, DocumentType};
pub use limits::{AmountLimits, RefundRoute};
pub use payer::PayerField;
pub use region::Market;
