//! The proxy's background work, one task each per replica: webhook delivery ([`outbox`]),
//! expiry and automatic refunds ([`expiry`]), the reconciler ([`reconcile`]) and, on
//! PostgreSQL, the status listener ([`listener`]).

pub mod expiry;
pub mod listener;
pub mod outbox;
pub mod reconcile;
