//! Versioned migrations: numbered SQL files per backend (`migrations/{sqlite,postgres}/`),
//! applied in order at start, each in the transaction that records it in
//! `schema_migrations`. A migration may have a data step in Rust after its SQL, for what
//! SQL cannot compute portably (a hash). Several replicas starting at once take turns
//! (PostgreSQL: an advisory lock; SQLite: one file, one writer).
//!
//! A database written before migrations were numbered has the tables and no
//! `schema_migrations`: migration 1 is that schema, written idempotently, so it is applied
//! to such a database like to an empty one, and brings it to version 1.

use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Connection};

use super::Backend;

/// One migration: its number, a name for the log, its SQL for each backend.
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    data: Option<DataStep>,
}

type DataStep =
    for<'c> fn(&'c mut AnyConnection) -> futures::future::BoxFuture<'c, Result<(), sqlx::Error>>;

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "baseline",
        sqlite: include_str!("../../migrations/sqlite/0001_baseline.sql"),
        postgres: include_str!("../../migrations/postgres/0001_baseline.sql"),
        data: None,
    },
    Migration {
        version: 2,
        name: "session_spec",
        sqlite: include_str!("../../migrations/sqlite/0002_session_spec.sql"),
        postgres: include_str!("../../migrations/postgres/0002_session_spec.sql"),
        data: Some(fingerprint_earlier_sessions),
    },
    Migration {
        version: 3,
        name: "drop_request_copies",
        sqlite: include_str!("../../migrations/sqlite/0003_drop_request_copies.sql"),
        postgres: include_str!("../../migrations/postgres/0003_drop_request_copies.sql"),
        data: None,
    },
    Migration {
        version: 4,
        name: "webhook_events_and_settings",
        sqlite: include_str!("../../migrations/sqlite/0004_webhook_events.sql"),
        postgres: include_str!("../../migrations/postgres/0004_webhook_events.sql"),
        data: None,
    },
];

/// The schema version this build writes and reads.
pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// The versions this build knows, in order: a database is current when it has them all.
pub fn known_versions() -> impl Iterator<Item = i64> {
    MIGRATIONS.iter().map(|m| m.version)
}

/// The versions recorded in a database, in order (its `schema_migrations`, which the first
/// start creates: an error before then).
pub async fn applied_versions(conn: &mut AnyConnection) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version")
        .fetch_all(conn)
        .await
}

/// Serialises migrations when several replicas start at once (PostgreSQL). Any constant
/// works; this is "orkestra".
const LOCK: i64 = 0x6f72_6b65_7374_7261;

const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (\
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

/// The columns split payments added to `transactions`, which a SQLite file older than
/// them lacks (SQLite has no `ADD COLUMN IF NOT EXISTS`; PostgreSQL's baseline has it).
const SPLIT_COLUMNS: [(&str, &str); 5] = [
    ("charge_id", "TEXT"),
    ("auto_refund", "TEXT"),
    ("refund_id", "TEXT"),
    ("reconcile_tries", "BIGINT"),
    ("reconcile_at", "BIGINT"),
];

/// Brings the database on `conn` to the last of [`known_versions`]; returns the versions it applied.
pub async fn run(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<i64>, sqlx::Error> {
    if backend == Backend::Postgres {
        // Held until this connection's session ends or it is released below.
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let result = apply(conn, backend).await;
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(LOCK)
            .execute(&mut *conn)
            .await?;
    }
    result
}

async fn apply(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::raw_sql(VERSION_TABLE).execute(&mut *conn).await?;
    let mut applied = Vec::new();
    for migration in MIGRATIONS {
        let done: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(migration.version)
                .fetch_optional(&mut *conn)
                .await?;
        if done.is_some() {
            continue;
        }
        let mut tx = conn.begin().await?;
        if migration.version == 1 && backend == Backend::Sqlite {
            add_split_columns(&mut tx).await?;
        }
        let sql = match backend {
            Backend::Sqlite => migration.sqlite,
            Backend::Postgres => migration.postgres,
        };
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        if let Some(step) = migration.data {
            step(&mut tx).await?;
        }
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(migration.version)
        .bind(migration.name)
        .bind(crate::time::now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "migration applied"
        );
        applied.push(migration.version);
    }
    Ok(applied)
}

/// A SQLite file made before split payments: the columns it lacks, read once (a failed
/// probe per column would also hide a locked or unreadable file). A new file has no
/// `transactions` yet, and gets them from the baseline's CREATE TABLE.
async fn add_split_columns(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let present: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('transactions')")
            .fetch_all(&mut *conn)
            .await?;
    if present.is_empty() {
        return Ok(());
    }
    for (column, kind) in SPLIT_COLUMNS {
        if !present.iter().any(|name| name == column) {
            sqlx::raw_sql(&format!(
                "ALTER TABLE transactions ADD COLUMN {column} {kind}"
            ))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Migration 2's data step: the idempotency fingerprint of each earlier session, from the
/// request it kept whole (the same text a new session's fingerprint is taken from).
fn fingerprint_earlier_sessions(
    conn: &mut AnyConnection,
) -> futures::future::BoxFuture<'_, Result<(), sqlx::Error>> {
    Box::pin(async move {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT id, request_json FROM sessions WHERE fingerprint IS NULL")
                .fetch_all(&mut *conn)
                .await?;
        for (id, request) in rows {
            sqlx::query("UPDATE sessions SET fingerprint = $1 WHERE id = $2")
                .bind(fingerprint(&request))
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    })
}

/// The fingerprint of a session request: its hash, enough to tell the same request sent
/// again from another one under the same `merchantOrderId`.
pub fn fingerprint(request_json: &str) -> String {
    hex::encode(Sha256::digest(request_json.as_bytes()))
}
