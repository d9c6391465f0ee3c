//! Whether this replica can take payments: the database answers, its schema is the one
//! this build expects, and Orkestra answers and takes the credentials. The report is
//! reused for a few seconds (see `health`), so probes cost Orkestra nothing much.

use std::sync::Arc;
use std::time::Duration;

use crate::health::{Check, Part, Report};
use crate::state::AppState;
use crate::store::migrate::LATEST;
use crate::upstream::Probe;

/// How long the database and Orkestra each have to answer: a load balancer's probe times out in a
/// few seconds, and a slower Orkestra is as good as down for a payer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The current report: the last one while fresh, else a new one.
pub async fn readiness(state: &AppState) -> Arc<Report> {
    if let Some(report) = state.readiness.fresh() {
        return report;
    }
    let (database, orkestra) = tokio::join!(database(state), orkestra(state));
    let mut checks = database;
    checks.push(orkestra);
    let report = Arc::new(Report::new(checks));
    state.readiness.keep(report.clone());
    report
}

/// The database, and its schema's version when it answers.
async fn database(state: &AppState) -> Vec<Check> {
    let store = &state.store;
    let reached = tokio::time::timeout(PROBE_TIMEOUT, async {
        store.ping().await?;
        store.schema_version().await
    })
    .await;
    let version = match reached {
        Ok(Ok(version)) => version,
        Ok(Err(err)) => return vec![down(Part::Database, format!("{err}"))],
        Err(_) => return vec![down(Part::Database, "no answer in 2 s".into())],
    };
    let migrations = match version.cmp(&LATEST) {
        std::cmp::Ordering::Equal => up(Part::Migrations, format!("schema version {version}")),
        std::cmp::Ordering::Less => down(
            Part::Migrations,
            format!("schema version {version}, this build needs {LATEST}: restart to migrate"),
        ),
        std::cmp::Ordering::Greater => down(
            Part::Migrations,
            format!("schema version {version} is newer than this build's {LATEST}: upgrade this replica"),
        ),
    };
    vec![up(Part::Database, "answers".into()), migrations]
}

async fn orkestra(state: &AppState) -> Check {
    match state.orkestra.probe(PROBE_TIMEOUT).await {
        Probe::Answered(status) => up(Part::Orkestra, format!("answers (HTTP {status})")),
        Probe::Refused(status) => down(
            Part::Orkestra,
            format!("refuses the credentials (HTTP {status}): check ORKESTRA_USERNAME and ORKESTRA_PASSWORD"),
        ),
        Probe::Failing(status) => down(Part::Orkestra, format!("fails (HTTP {status})")),
        Probe::Unreachable(why) => down(Part::Orkestra, format!("unreachable: {why}")),
    }
}

fn up(part: Part, detail: String) -> Check {
    Check {
        part,
        ok: true,
        detail,
    }
}

fn down(part: Part, detail: String) -> Check {
    Check {
        part,
        ok: false,
        detail,
    }
}
