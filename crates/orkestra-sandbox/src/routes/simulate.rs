//! What every `/_sandbox/…/simulate` control reads and answers.

use serde::{Deserialize, Serialize};

/// The outcome wanted (each resource has its own), and for a failure the status reason
/// to report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest<O> {
    pub outcome: O,
    /// For `failed`: the status reason to report (default `REJECTED`).
    #[serde(default)]
    pub reason: Option<String>,
}

/// The resource and its new status.
#[derive(Debug, Serialize)]
pub struct SimulateResponse {
    pub id: i64,
    pub status: &'static str,
}
