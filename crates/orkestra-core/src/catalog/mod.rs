//! What Orkestra Checkout offers where: markets, their currencies, the payer data a form
//! can ask for and the identity documents of each country. The facts come from the
//! checkout fact sheet, `payment-methods.md`.
//!
//! Everything is an exhaustive `match` over closed enums, so adding a country does not
//! compile until every table here has an answer for it. What each payment method asks for
//! where is the method's own spec (`crate::methods`); its items are re-exported here for
//! the callers that reach them through the catalog.

mod country;
mod document;
mod limits;
mod market;
mod payer;

pub use country::Country;
pub use document::{document_types, DocumentType};
pub use limits::{AmountLimits, RefundRoute};
pub use market::Market;
pub use payer::PayerField;

pub use crate::methods::rules::{
    amount_limits, default_expiry_minutes, market_payer_fields, method_document_types,
    payer_field_is_optional, payer_fields, refund_route,
};
pub use crate::methods::{cash_networks, installment_options, mobile_operators, PaymentMethod};
