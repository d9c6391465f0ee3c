//! What Orkestra Checkout offers where: markets, their currencies and payment methods, and
//! what a payer must enter for each (country, method).
//!
//! Everything is an exhaustive `match` over closed enums, so adding a country or a method
//! does not compile until every table here has an answer for it. The facts come from the
//! master table (section 8) of the checkout fact sheet, `payment-methods.md`.

mod country;
mod document;
mod market;
mod method;
mod payer;
mod rules;

pub use country::Country;
pub use document::{document_types, method_document_types, DocumentType};
pub use market::Market;
pub use method::PaymentMethod;
pub use payer::{market_payer_fields, payer_field_is_optional, payer_fields, PayerField};
pub use rules::{
    amount_limits, cash_networks, default_expiry_minutes, installment_options, mobile_operators,
    refund_route, AmountLimits, RefundRoute,
};
