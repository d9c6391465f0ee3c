//! What moves on by itself: the notifications' sender, and the clock (expiry, automatic
//! settlement, payouts and refunds settling).

pub mod expiry;
pub mod outbox;
pub mod settle;
