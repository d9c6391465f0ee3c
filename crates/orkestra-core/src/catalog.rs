//! What Orkestra Checkout offers where, in one place for the crate's callers: the
//! vocabulary ([`crate::market`]) and what each payment method asks for where
//! ([`crate::methods`]). Inside the crate, modules import from those two directly; this
//! only re-exports them.

pub use crate::market::{
    document_types, AmountLimits, Country, DocumentType, Market, PayerField, RefundRoute,
};
pub use crate::methods::rules::{
    amount_limits, market_payer_fields, method_document_types, payer_field_is_optional,
    payer_fields,
};
#[cfg(not(target_arch = "wasm32"))]
pub use crate::methods::rules::{default_expiry_minutes, refund_route};
pub use crate::methods::{
    cash_networks, installment_options, mobile_operators, InstalmentPlan, PaymentMethod,
};
