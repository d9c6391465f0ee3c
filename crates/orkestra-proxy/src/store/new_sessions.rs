//! New sessions: what is stored when a merchant makes one, and the inserts, one session
//! or many at once. SQLite's writer gathers the sessions that arrive while a batch runs
//! and stores them with two statements in all (see [`super::writer`]): session creation is
//! the busiest write, and a statement costs the writer a round trip to SQLite's thread.

use std::collections::HashSet;

use orkestra_core::api::merchant::{CheckoutSessionSpec, OrderStatus};

use super::{Change, Store, StoreError};
use crate::model::{Charge, Order, Session};

/// The most rows one INSERT carries, so that its placeholders stay well under both
/// backends' limits (SQLite's 32,766; PostgreSQL's 65,535).
const MAX_ROWS: usize = 1_000;

/// A session to store, with its charges (one per payer, the first one's token being the
/// session's). Its JSON is written when it is made, before the unit of work: on SQLite
/// the writer runs every change of the replica in turn, and serialising there would make
/// every other change wait for it.
pub struct NewSession {
    id: String,
    token: String,
    spec: CheckoutSessionSpec,
    spec_json: String,
    /// The idempotency fingerprint of the request ([`super::migrate::fingerprint`]).
    fingerprint: String,
    expires_at: i64,
    now: i64,
    /// Each charge's id, token and customer JSON, in the spec's order.
    charges: Vec<(String, String, Option<String>)>,
}

impl NewSession {
    /// `charges` holds each charge's `(id, token)`, in the spec's order.
    pub fn new(
        id: String,
        token: String,
        spec: CheckoutSessionSpec,
        fingerprint: String,
        expires_at: i64,
        now: i64,
        charges: Vec<(String, String)>,
    ) -> Result<NewSession, StoreError> {
        let unwritable = |column: &'static str, e: serde_json::Error| StoreError::Corrupt {
            table: "sessions",
            id: id.clone(),
            column,
            problem: e.to_string(),
        };
        let spec_json = serde_json::to_string(&spec).map_err(|e| unwritable("spec", e))?;
        let mut with_customers = Vec::with_capacity(charges.len());
        for ((charge_id, charge_token), charge) in charges.into_iter().zip(&spec.charges) {
            let customer = charge
                .customer
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| unwritable("customer_json", e))?;
            with_customers.push((charge_id, charge_token, customer));
        }
        Ok(NewSession {
            id,
            token,
            spec,
            spec_json,
            fingerprint,
            expires_at,
            now,
            charges: with_customers,
        })
    }

    /// The session and its charges as they read once stored. Made by the caller once the
    /// writer said it was stored, so the writer moves nothing but the rows.
    fn into_order(self) -> Order {
        let charges = self
            .charges
            .into_iter()
            .zip(&self.spec.charges)
            .enumerate()
            .map(|(position, ((id, token, _), charge))| Charge {
                id,
                session_id: self.id.clone(),
                position,
                token,
                amount: charge.amount,
                reference: charge.reference.clone(),
                customer: charge.customer.clone(),
                status: OrderStatus::Open,
                orkestra_charge_id: None,
                created_at: self.now,
                updated_at: self.now,
            })
            .collect();
        Order {
            session: Session {
                id: self.id,
                token: self.token,
                spec: self.spec,
                status: OrderStatus::Open,
                orkestra_order_id: None,
                expires_at: self.expires_at,
                created_at: self.now,
                updated_at: self.now,
            },
            charges,
            legs: Vec::new(),
        }
    }
}

/// `($1, $2, …), ($n+1, …), …`: `rows` groups of `columns` numbered placeholders.
fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let group: Vec<String> = (1..=columns)
                .map(|column| format!("${}", row * columns + column))
                .collect();
            format!("({})", group.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Stores a new session and its charges in one unit of work (a session is never seen
    /// without its charges), and returns them as stored; `None` when a session already
    /// uses its `merchantOrderId`. On SQLite it is stored with the others of the writer's
    /// batch.
    pub async fn insert_session(&self, new: NewSession) -> Result<Option<Order>, StoreError> {
        let (new, stored) = match &self.writer {
            Some(writer) => writer.insert_session(new).await?,
            None => {
                self.write(move |c| {
                    Box::pin(async move {
                        let stored = c.insert_session(&new).await?;
                        Ok::<_, StoreError>((new, stored))
                    })
                })
                .await?
            }
        };
        Ok(stored.then(|| new.into_order()))
    }
}

impl Change {
    /// Stores a new session and its charges; `false` when a session already uses its
    /// `merchantOrderId`.
    pub async fn insert_session(&mut self, new: &NewSession) -> Result<bool, StoreError> {
        Ok(self.insert_sessions(std::slice::from_ref(new)).await? == [true])
    }

    /// Stores new sessions and their charges, each as [`Change::insert_session`] would,
    /// in as few statements as their number allows: whether each was stored, in `news`'
    /// order. Two with the same `merchantOrderId` store the first one. Any failure fails
    /// them all (the caller rolls back and may try them one by one).
    pub async fn insert_sessions(&mut self, news: &[NewSession]) -> Result<Vec<bool>, StoreError> {
        let mut inserted = HashSet::new();
        for chunk in news.chunks(MAX_ROWS) {
            const COLUMNS: usize = 9;
            let sql = format!(
                "INSERT INTO sessions (id, token, merchant_order_id, spec, fingerprint, status, \
                 expires_at, created_at, updated_at) VALUES {} \
                 ON CONFLICT (merchant_order_id) DO NOTHING RETURNING id",
                placeholders(chunk.len(), COLUMNS)
            );
            // A statement of one row is the common one outside a busy minute: kept
            // prepared. Others vary with their row count and are prepared each time.
            let mut query = sqlx::query_scalar::<_, String>(&sql).persistent(chunk.len() == 1);
            for new in chunk {
                query = query
                    .bind(&new.id)
                    .bind(&new.token)
                    .bind(&new.spec.merchant_order_id)
                    .bind(&new.spec_json)
                    .bind(&new.fingerprint)
                    .bind(OrderStatus::Open.as_str())
                    .bind(new.expires_at)
                    .bind(new.now)
                    .bind(new.now);
            }
            inserted.extend(query.fetch_all(self.conn()).await?);
        }
        let stored: Vec<&NewSession> = news.iter().filter(|n| inserted.contains(&n.id)).collect();
        let charges: Vec<(&NewSession, usize)> = stored
            .iter()
            .flat_map(|new| (0..new.charges.len()).map(move |position| (*new, position)))
            .collect();
        for chunk in charges.chunks(MAX_ROWS) {
            const COLUMNS: usize = 11;
            let sql = format!(
                "INSERT INTO charges (id, session_id, position, token, amount_minor, currency, \
                 reference, customer_json, status, created_at, updated_at) VALUES {}",
                placeholders(chunk.len(), COLUMNS)
            );
            let mut query = sqlx::query(&sql).persistent(chunk.len() == 1);
            for &(new, position) in chunk {
                let (id, token, customer) = &new.charges[position];
                let charge = &new.spec.charges[position];
                query = query
                    .bind(id)
                    .bind(&new.id)
                    .bind(position as i64)
                    .bind(token)
                    .bind(charge.amount.get().minor() as i64)
                    .bind(charge.amount.get().currency().code())
                    .bind(charge.reference.as_deref())
                    .bind(customer.as_deref())
                    .bind(OrderStatus::Open.as_str())
                    .bind(new.now)
                    .bind(new.now);
            }
            query.execute(self.conn()).await?;
        }
        // Of two sessions with one merchantOrderId, the one stored is the one whose id
        // came back; the other is answered as a repeat.
        Ok(news.iter().map(|new| inserted.contains(&new.id)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_number_every_row_on_from_the_last() {
        assert_eq!(placeholders(1, 2), "($1, $2)");
        assert_eq!(placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }
}
