//! Readiness: whether this replica can take payments now, part by part. `GET /readyz`
//! answers it for load balancers and orchestrators (`flows::readiness` runs the checks).
//!
//! A load balancer probes every replica every few seconds; checking Orkestra on each
//! probe would multiply that by the replicas and slow the probe to Orkestra's pace, so
//! a report is reused for [`FRESH_FOR`].

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

/// How long a readiness report is reused.
pub const FRESH_FOR: Duration = Duration::from_secs(5);

/// A part the proxy needs to take payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The database answers a query.
    Database,
    /// Its schema is the version this build expects (not older: a migration missing;
    /// not newer: this replica is older than the database, during a rolling upgrade).
    Migrations,
    /// Orkestra answers, and accepts the credentials.
    Orkestra,
}

/// One part's state.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub part: Part,
    pub ok: bool,
    /// What was found, in words (never a secret, a URL with a password or a payer's data).
    pub detail: String,
}

/// Every part's state, as `/readyz` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub ready: bool,
    pub checks: Vec<Check>,
}

impl Report {
    pub fn new(checks: Vec<Check>) -> Report {
        Report {
            ready: checks.iter().all(|c| c.ok),
            checks,
        }
    }

    /// The parts that failed, for a 503's log line.
    pub fn failed(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.ok)
    }
}

/// The last report and when it was made.
#[derive(Default)]
pub struct Readiness(Mutex<Option<(Instant, Arc<Report>)>>);

impl Readiness {
    /// The last report, when younger than [`FRESH_FOR`].
    pub fn fresh(&self) -> Option<Arc<Report>> {
        let last = self.0.lock().unwrap_or_else(|e| e.into_inner());
        last.as_ref()
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, report)| report.clone())
    }

    pub fn keep(&self, report: Arc<Report>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), report));
    }
}
