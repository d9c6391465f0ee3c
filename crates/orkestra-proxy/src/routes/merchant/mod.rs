//! The merchant API (`/v1/...`, `Authorization: Bearer <merchant secret>`).

pub mod events;
pub mod list;
pub mod payouts;
pub mod refunds;
pub mod sessions;
pub mod transactions;
