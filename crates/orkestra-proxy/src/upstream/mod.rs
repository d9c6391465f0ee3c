//! Orkestra, upstream: the one place that knows its wire. The client ([`client`]), the
//! order and transaction bodies built from our domain ([`order`], [`transaction`]), and
//! its answers read back into our domain types (statuses, instructions, refunds, payouts).

mod client;
pub mod diagnose;
pub mod money_out;
pub mod order;
mod payment_page;
mod rejection;
pub mod transaction;

pub use client::{Lookup, Orkestra, Probe};
pub use rejection::{Refusal, Rejection};

use orkestra_core::api::browser::NextAction;

use crate::model::Outcome;

/// Orkestra's answer about one transaction, read into our domain.
#[derive(Debug, Clone)]
pub struct Answer {
    pub orkestra_id: i64,
    /// The `referenceId` we sent: our leg's id.
    pub reference: Option<String>,
    pub outcome: Outcome,
    /// What the payer must do next (a QR code, a voucher, a 3-D Secure page…).
    pub next_action: Option<NextAction>,
}

/// Orkestra's order, read into our domain: its id, its charges' ids (in our charges'
/// order) and its transactions.
#[derive(Debug, Clone)]
pub struct UpstreamOrder {
    pub id: i64,
    pub charge_ids: Vec<i64>,
    pub transactions: Vec<Answer>,
}

impl UpstreamOrder {
    /// Our leg in it: the transaction whose `referenceId` is the leg's id.
    pub fn leg(&self, leg_id: &str) -> Option<&Answer> {
        self.transactions
            .iter()
            .find(|t| t.reference.as_deref() == Some(leg_id))
    }

    /// The transaction Orkestra calls `orkestra_id`.
    pub fn transaction(&self, orkestra_id: i64) -> Option<&Answer> {
        self.transactions
            .iter()
            .find(|t| t.orkestra_id == orkestra_id)
    }
}

/// Why a call to Orkestra did not give an answer we can use.
#[derive(Debug, Clone, thiserror::Error)]
pub enum UpstreamError {
    /// Slow, or answered 5xx or 429 after the retries: the request may have arrived.
    #[error("Orkestra is unreachable or slow: {0}")]
    Unavailable(String),
    /// No connection at all: the request certainly did not arrive, so nothing was done.
    #[error("Orkestra is unreachable: {0}")]
    Unreached(String),
    /// The message, and Orkestra's error code when it gave one (e.g. `INVALID_OTP`).
    #[error("Orkestra refused the request: {0}")]
    Rejected(String, Option<String>),
}
