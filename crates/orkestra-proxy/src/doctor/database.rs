//! The database: it opens, its migrations are those this build knows, and the newest
//! payment Orkestra created (what the Orkestra checks look up).

use super::report::Report;
use crate::config::{Backend, Config};
use crate::store::probe::{KnownAttempt, Probe};

/// What to fix when the database does not open: its setting, and what the proxy does.
fn advice(config: &Config) -> &'static str {
    match config.backend() {
        Backend::Sqlite => {
            "check PROXY_DATABASE (the proxy creates and migrates the file at its first start)"
        }
        Backend::Postgres => {
            "check DATABASE_URL (the database must exist; the proxy migrates it at its first start)"
        }
    }
}

/// What the database offers the Orkestra checks to look up.
pub enum Found {
    /// The newest payment Orkestra created (in the `--order` given).
    Attempt(KnownAttempt),
    /// No such payment.
    Nothing,
    /// The database could not be read.
    Unread,
}

/// Checks the database, and finds the payment to look up at Orkestra (in order `order`
/// when given).
pub async fn check(config: &Config, order: Option<i64>, report: &mut Report) -> Found {
    let mut probe = match Probe::open(config).await {
        Ok(probe) => probe,
        Err(e) => {
            report.fail(
                "database",
                format!("cannot open it ({e:#}): {}", advice(config)),
            );
            report.skip("database migrations", "the database did not open");
            return Found::Unread;
        }
    };
    let kind = match config.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    report.ok("database", format!("{kind} at {}", probe.target));
    match probe.schema().await {
        Err(e) => report.fail(
            "database migrations",
            format!("cannot read schema_migrations ({e}): start the proxy once on this database, it migrates at start"),
        ),
        Ok(schema) if !schema.unknown().is_empty() => report.fail(
            "database migrations",
            format!(
                "the database has versions {:?} this build does not know: a newer proxy ran on it; run that version",
                schema.unknown()
            ),
        ),
        Ok(schema) if !schema.pending().is_empty() => report.fail(
            "database migrations",
            format!(
                "versions {:?} are not applied: start this proxy version once (it migrates at start)",
                schema.pending()
            ),
        ),
        Ok(schema) => report.ok(
            "database migrations",
            format!("current (version {})", schema.known.last().copied().unwrap_or(0)),
        ),
    }
    let attempt = probe.newest_attempt(order).await;
    probe.close().await;
    match attempt {
        Ok(Some(attempt)) => Found::Attempt(attempt),
        Ok(None) => Found::Nothing,
        Err(e) => {
            report.fail(
                "database payments",
                format!("cannot read the newest payment: {e}"),
            );
            Found::Unread
        }
    }
}
