//! A look at the database without changing it, for `orkestra-proxy doctor`: whether it
//! opens, which migrations it has, and the newest payment attempt Orkestra knows of (to
//! look up there). Unlike [`super::Store::connect`], it creates no file and migrates
//! nothing: a check must not repair what it reports.

use anyhow::Context;
use orkestra_core::money::{Currency, Money};
use sqlx::{AnyConnection, Connection};

use super::{locate, migrate, StoreError};
use crate::config::Config;

/// An open connection to the proxy's database, and where it is (never a password).
pub struct Probe {
    conn: AnyConnection,
    pub target: String,
}

/// Which migrations the database has against those this build knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    pub applied: Vec<i64>,
    pub known: Vec<i64>,
}

impl Schema {
    /// Versions this build has that the database lacks (the proxy applies them at start).
    pub fn pending(&self) -> Vec<i64> {
        missing_from(&self.known, &self.applied)
    }

    /// Versions the database has that this build does not know (a newer proxy ran on it).
    pub fn unknown(&self) -> Vec<i64> {
        missing_from(&self.applied, &self.known)
    }
}

/// The versions of `these` that `those` lacks.
fn missing_from(these: &[i64], those: &[i64]) -> Vec<i64> {
    these
        .iter()
        .copied()
        .filter(|v| !those.contains(v))
        .collect()
}

/// A payment attempt Orkestra created: its order and transaction ids there, our
/// `merchantOrderId`, and the amount we asked for.
#[derive(Debug, Clone)]
pub struct KnownAttempt {
    pub order_id: i64,
    pub merchant_order_id: String,
    pub transaction_id: i64,
    pub amount: Money,
}

const NEWEST_ATTEMPT: &str = "SELECT s.orkestra_order_id, s.merchant_order_id, t.orkestra_id, \
    t.amount_minor, t.currency FROM transactions t JOIN sessions s ON s.id = t.session_id \
    WHERE t.orkestra_id IS NOT NULL AND s.orkestra_order_id IS NOT NULL";

impl Probe {
    /// Opens the configured database. A missing SQLite file is an error, not created.
    pub async fn open(config: &Config) -> anyhow::Result<Probe> {
        sqlx::any::install_default_drivers();
        let (url, target) = locate(config, false).await?;
        let conn = AnyConnection::connect(&url)
            .await
            .with_context(|| format!("opening the database {target}"))?;
        Ok(Probe { conn, target })
    }

    pub async fn schema(&mut self) -> Result<Schema, StoreError> {
        Ok(Schema {
            applied: migrate::applied_versions(&mut self.conn).await?,
            known: migrate::known_versions().collect(),
        })
    }

    /// The newest attempt Orkestra created, in Orkestra's order `order_id` when given.
    pub async fn newest_attempt(
        &mut self,
        order_id: Option<i64>,
    ) -> Result<Option<KnownAttempt>, StoreError> {
        let order = " ORDER BY t.created_at DESC, t.id DESC LIMIT 1";
        let row: Option<(String, String, String, i64, String)> = match order_id {
            Some(id) => {
                sqlx::query_as(&format!(
                    "{NEWEST_ATTEMPT} AND s.orkestra_order_id = $1{order}"
                ))
                .bind(id.to_string())
                .fetch_optional(&mut self.conn)
                .await?
            }
            None => {
                sqlx::query_as(&format!("{NEWEST_ATTEMPT}{order}"))
                    .fetch_optional(&mut self.conn)
                    .await?
            }
        };
        let Some((order_id, merchant_order_id, transaction_id, minor, currency)) = row else {
            return Ok(None);
        };
        let corrupt = |column: &'static str, problem: &str| StoreError::Corrupt {
            table: "transactions",
            id: transaction_id.clone(),
            column,
            problem: problem.to_owned(),
        };
        let currency = Currency::from_code(&currency)
            .ok_or_else(|| corrupt("currency", "not a currency we know"))?;
        let amount = u64::try_from(minor)
            .ok()
            .and_then(|minor| Money::from_minor(currency, minor).ok())
            .ok_or_else(|| corrupt("amount_minor", "not an amount"))?;
        Ok(Some(KnownAttempt {
            order_id: order_id
                .parse()
                .map_err(|_| corrupt("orkestra_order_id", "not an Orkestra id"))?,
            merchant_order_id,
            transaction_id: transaction_id
                .parse()
                .map_err(|_| corrupt("orkestra_id", "not an Orkestra id"))?,
            amount,
        }))
    }

    pub async fn close(self) {
        let _ = self.conn.close().await;
    }
}
