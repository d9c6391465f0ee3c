//! The merchant API: what a merchant's server sends to the proxy with its secret, and what
//! it gets back. This is the product's public API; field names are camelCase and stable.

mod appearance;
mod customer;
mod events;
mod money_out;
mod request;
mod spec;
mod status;
mod urls;
mod views;

pub use appearance::{is_hex_color, is_length, Appearance};
pub use customer::CustomerInput;
pub use events::{AttemptView, EventDetail, EventList, EventView, SigningSecret};
pub use money_out::{
    CreatePayout, CreatePayoutBatch, CreateRefund, PayoutBatchResult, PayoutBatchView, PayoutView,
    RefundView,
};
pub use request::{ChargeInput, CreateCheckoutSession, SubmerchantShare};
pub use spec::{ChargeSpec, CheckoutSessionSpec, Submerchant};
pub use status::{AutoRefund, OrderStatus, RefundProgress, SessionStatus, TransactionStatus};
pub use urls::{check_http_url, check_origin};
pub use views::{
    ChargeEvent, ChargeRefund, ChargeView, CheckoutSession, MerchantEvent, PayerView,
    TransactionList, TransactionListItem, TransactionView,
};

/// Limits that keep a session row small and a page fast; documented in the OpenAPI text.
pub const MAX_MERCHANT_ORDER_ID: usize = 64;
pub const MAX_EMBED_ORIGINS: usize = 10;
pub const MAX_URL: usize = 2048;
pub const MAX_METADATA_BYTES: usize = 4096;
pub const DEFAULT_EXPIRES_IN_MINUTES: u32 = 60;
pub const MIN_EXPIRES_IN_MINUTES: u32 = 5;
pub const MAX_EXPIRES_IN_MINUTES: u32 = 7 * 24 * 60;
/// Most charges (payers) one order may have.
pub const MAX_CHARGES: usize = 10;

#[cfg(test)]
mod tests;
