//! Plumbing the Orkestra sandbox, the merchant proxy and the demo shop all need (start-up,
//! SQLite, the clock, credentials). They are separate products that share no domain logic
//! (that lives in orkestra-core), only this.

pub mod clock;
pub mod html;
mod serve;

pub use serve::{bind, init_tracing, serve, serve_with_connect_info, shutdown_signal, Workers};

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;

/// Opens (creating when missing) a SQLite database in WAL mode and applies `schema`, a
/// list of idempotent `CREATE … IF NOT EXISTS` statements.
pub async fn open_sqlite(
    path: &str,
    schema: &str,
    max_connections: u32,
) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    }
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .connect_with(options)
        .await
        .with_context(|| format!("opening the database {path}"))?;
    sqlx::raw_sql(schema)
        .execute(&pool)
        .await
        .context("creating the schema")?;
    Ok(pool)
}

/// Compares without stopping at the first difference, so response timing says nothing
/// about how much of a secret a guess got right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the request carries `Authorization: Basic base64(username:password)`.
pub fn basic_auth_matches(headers: &HeaderMap, username: &str, password: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| STANDARD.decode(b64.trim()).ok())
        .unwrap_or_default();
    constant_time_eq(&given, format!("{username}:{password}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_must_match_exactly() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            format!("Basic {}", STANDARD.encode("user:pass"))
                .parse()
                .unwrap(),
        );
        assert!(basic_auth_matches(&headers, "user", "pass"));
        assert!(!basic_auth_matches(&headers, "user", "pas"));
        assert!(!basic_auth_matches(&HeaderMap::new(), "user", "pass"));
    }

    #[test]
    fn equal_bytes_compare_equal_and_others_do_not() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secrets"));
    }
}
