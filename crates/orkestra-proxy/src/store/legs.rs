//! Legs: the payment attempts on a session's charges (the `transactions` table).

use orkestra_core::api::browser::NextAction;
use orkestra_core::api::merchant::{AutoRefund, TransactionStatus};
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::money::PositiveMoney;
use sqlx::any::AnyRow;

use super::rows::{self, LEG, SESSION};
use super::{Change, Store, StoreError};
use crate::model::{Leg, Outcome, PayerSummary, Session};

/// A leg to store, `creating` until Orkestra confirms it.
pub struct NewLeg<'a> {
    pub id: &'a str,
    pub session_id: &'a str,
    pub charge_id: &'a str,
    pub idempotency_key: &'a str,
    pub request_hash: &'a str,
    pub method: PaymentMethod,
    pub amount: PositiveMoney,
    pub payer: &'a PayerSummary,
    pub now: i64,
}

fn leg(row: Option<AnyRow>) -> Result<Option<Leg>, StoreError> {
    row.as_ref().map(Leg::try_from).transpose()
}

fn next_action_json(action: Option<&NextAction>, id: &str) -> Result<Option<String>, StoreError> {
    action
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Corrupt {
            table: "transactions",
            id: id.to_owned(),
            column: "next_action",
            problem: e.to_string(),
        })
}

/// Filters of the merchant's transaction list.
pub struct LegFilter<'a> {
    pub session_id: Option<&'a str>,
    pub status: Option<TransactionStatus>,
    /// Only legs created before this one (keyset pagination on (created_at, id)).
    pub before: Option<&'a str>,
    pub limit: i64,
}

impl Store {
    pub async fn leg(&self, id: &str) -> Result<Option<Leg>, StoreError> {
        leg(
            sqlx::query(&format!("SELECT {LEG} FROM transactions WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A leg by our id, with its session.
    pub async fn leg_with_session(&self, id: &str) -> Result<Option<(Session, Leg)>, StoreError> {
        self.with_session(self.leg(id).await?).await
    }

    /// A leg by Orkestra's id, with its session.
    pub async fn leg_by_orkestra_id(
        &self,
        orkestra_id: i64,
    ) -> Result<Option<(Session, Leg)>, StoreError> {
        let found = leg(sqlx::query(&format!(
            "SELECT {LEG} FROM transactions WHERE orkestra_id = $1"
        ))
        .bind(orkestra_id.to_string())
        .fetch_optional(&self.pool)
        .await?)?;
        self.with_session(found).await
    }

    async fn with_session(&self, leg: Option<Leg>) -> Result<Option<(Session, Leg)>, StoreError> {
        let Some(leg) = leg else { return Ok(None) };
        let session = self
            .session(&leg.session_id)
            .await?
            .ok_or(StoreError::Missing("the session of a transaction"))?;
        Ok(Some((session, leg)))
    }

    /// The leg a session's `Idempotency-Key` made.
    pub async fn leg_by_key(&self, session_id: &str, key: &str) -> Result<Option<Leg>, StoreError> {
        leg(sqlx::query(&format!(
            "SELECT {LEG} FROM transactions WHERE session_id = $1 AND idempotency_key = $2"
        ))
        .bind(session_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Legs newest first, with their sessions.
    pub async fn list_legs(
        &self,
        filter: LegFilter<'_>,
    ) -> Result<Vec<(Session, Leg)>, StoreError> {
        let (cursor_at, cursor_id) = self.page_cursor("transactions", filter.before).await?;
        let status = filter.status.map(|s| s.as_str());
        let legs = rows::all::<Leg>(
            &sqlx::query(&format!(
                "SELECT {LEG} FROM transactions WHERE ($1 IS NULL OR session_id = $2) \
                 AND ($3 IS NULL OR status = $4) \
                 AND (created_at < $5 OR (created_at = $6 AND id < $7) OR $8 = '') \
                 ORDER BY created_at DESC, id DESC LIMIT $9"
            ))
            .bind(filter.session_id)
            .bind(filter.session_id)
            .bind(status)
            .bind(status)
            .bind(cursor_at)
            .bind(cursor_at)
            .bind(&cursor_id)
            .bind(&cursor_id)
            .bind(filter.limit)
            .fetch_all(&self.pool)
            .await?,
        )?;
        let mut sessions: Vec<Session> = Vec::new();
        let mut out = Vec::with_capacity(legs.len());
        for leg in legs {
            let session = match sessions.iter().find(|s| s.id == leg.session_id) {
                Some(session) => session.clone(),
                None => {
                    let row = sqlx::query(&format!("SELECT {SESSION} FROM sessions WHERE id = $1"))
                        .bind(&leg.session_id)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::Missing("the session of a transaction"))?;
                    let session = Session::try_from(&row)?;
                    sessions.push(session.clone());
                    session
                }
            };
            out.push((session, leg));
        }
        Ok(out)
    }

    /// Paid legs whose automatic refund is still to be asked of Orkestra.
    pub async fn legs_to_refund(&self, limit: i64) -> Result<Vec<Leg>, StoreError> {
        rows::all(
            &sqlx::query(&format!(
                "SELECT {LEG} FROM transactions WHERE auto_refund = 'pending' LIMIT $1"
            ))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?,
        )
    }

    /// Attempts left `creating` and untouched since `untouched_since`, due for a lookup.
    pub async fn legs_to_reconcile(
        &self,
        untouched_since: i64,
        now: i64,
        limit: i64,
    ) -> Result<Vec<Leg>, StoreError> {
        rows::all(
            &sqlx::query(&format!(
                "SELECT {LEG} FROM transactions WHERE status = 'creating' AND updated_at <= $1 \
                 AND COALESCE(reconcile_at, 0) <= $2 ORDER BY updated_at LIMIT $3"
            ))
            .bind(untouched_since)
            .bind(now)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?,
        )
    }
}

impl Change {
    pub async fn leg_by_key(
        &mut self,
        session_id: &str,
        key: &str,
    ) -> Result<Option<Leg>, StoreError> {
        leg(sqlx::query(&format!(
            "SELECT {LEG} FROM transactions WHERE session_id = $1 AND idempotency_key = $2"
        ))
        .bind(session_id)
        .bind(key)
        .fetch_optional(self.conn())
        .await?)
    }

    /// Stores a new leg, `creating`. A unique violation (the same key, or a second card
    /// leg in flight on the charge) comes back as such: see [`StoreError::is_unique_violation`].
    pub async fn insert_leg(&mut self, new: NewLeg<'_>) -> Result<Leg, StoreError> {
        let row = sqlx::query(&format!(
            "INSERT INTO transactions (id, session_id, charge_id, idempotency_key, request_hash, \
             method, amount_minor, currency, status, payer_name, payer_document_type, \
             payer_document_masked, payer_email_masked, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'creating', $9, $10, $11, $12, $13, $14) \
             RETURNING {LEG}"
        ))
        .bind(new.id)
        .bind(new.session_id)
        .bind(new.charge_id)
        .bind(new.idempotency_key)
        .bind(new.request_hash)
        .bind(new.method.as_str())
        .bind(new.amount.get().minor() as i64)
        .bind(new.amount.get().currency().code())
        .bind(&new.payer.name)
        .bind(new.payer.document_type.map_or("", |d| d.as_str()))
        .bind(&new.payer.document_masked)
        .bind(&new.payer.email_masked)
        .bind(new.now)
        .bind(new.now)
        .fetch_one(self.conn())
        .await?;
        Leg::try_from(&row)
    }

    /// Takes over an attempt still `creating` by moving its `updated_at` on, so that a
    /// request finding Orkestra unreachable does not drop it from under this one
    /// ([`Change::drop_unconfirmed`] deletes only the row as it left it). `None` when it was
    /// dropped or confirmed meanwhile.
    pub async fn claim_creating(&mut self, id: &str, now: i64) -> Result<Option<Leg>, StoreError> {
        leg(sqlx::query(&format!(
            "UPDATE transactions SET updated_at = CASE WHEN $1 > updated_at THEN $1 ELSE updated_at + 1 END \
             WHERE id = $2 AND status = 'creating' RETURNING {LEG}"
        ))
        .bind(now)
        .bind(id)
        .fetch_optional(self.conn())
        .await?)
    }

    /// Claims an attempt for a reconciler lookup: moves `updated_at` on and sets when it
    /// may be looked up again. `None` when another replica or a retry got there first.
    pub async fn claim_for_reconcile(
        &mut self,
        leg: &Leg,
        now: i64,
        next_at: i64,
    ) -> Result<Option<Leg>, StoreError> {
        self::leg(
            sqlx::query(&format!(
                "UPDATE transactions SET updated_at = $1, reconcile_at = $2, \
             reconcile_tries = COALESCE(reconcile_tries, 0) + 1 \
             WHERE id = $3 AND status = 'creating' AND updated_at = $4 RETURNING {LEG}"
            ))
            .bind(now.max(leg.updated_at + 1))
            .bind(next_at)
            .bind(&leg.id)
            .bind(leg.updated_at)
            .fetch_optional(self.conn())
            .await?,
        )
    }

    /// Deletes an attempt that never reached Orkestra, unless another request took it
    /// over since `updated_at` (its call may have got through).
    pub async fn drop_unconfirmed(
        &mut self,
        id: &str,
        updated_at: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "DELETE FROM transactions WHERE id = $1 AND status = 'creating' AND updated_at = $2",
        )
        .bind(id)
        .bind(updated_at)
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0)
    }

    /// The create call's answer: Orkestra's id and what the payer does next; its status
    /// only while the leg is `creating` (a notification may have been faster, and wins).
    pub async fn record_created(
        &mut self,
        id: &str,
        orkestra_id: i64,
        next_action: Option<&NextAction>,
        outcome: &Outcome,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE transactions SET orkestra_id = $1, next_action = $2, updated_at = $3, \
             failure_code = CASE WHEN status = 'creating' THEN $4 ELSE failure_code END, \
             status = CASE WHEN status = 'creating' THEN $5 ELSE status END WHERE id = $6",
        )
        .bind(orkestra_id.to_string())
        .bind(next_action_json(next_action, id)?)
        .bind(now)
        .bind(outcome.failure_code.as_deref())
        .bind(outcome.status.as_str())
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// A later answer of Orkestra's about a pending leg (to a one-time code, a cancel):
    /// only a pending leg takes it; a final status never changes again.
    pub async fn record_pending_outcome(
        &mut self,
        id: &str,
        outcome: &Outcome,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE transactions SET status = $1, failure_code = COALESCE($2, failure_code), \
             updated_at = $3 WHERE id = $4 AND status = 'pending'",
        )
        .bind(outcome.status.as_str())
        .bind(outcome.failure_code.as_deref())
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0)
    }

    /// A notification's status for the session's leg Orkestra calls `orkestra_id` (or
    /// whose reference is ours, `reference`): only a leg still in flight moves.
    pub async fn record_notified(
        &mut self,
        session_id: &str,
        orkestra_id: i64,
        reference: Option<&str>,
        outcome: &Outcome,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE transactions SET status = $1, failure_code = COALESCE($2, failure_code), \
             orkestra_id = $3, updated_at = $4 WHERE session_id = $5 \
             AND (orkestra_id = $6 OR id = $7) AND status IN ('creating', 'pending')",
        )
        .bind(outcome.status.as_str())
        .bind(outcome.failure_code.as_deref())
        .bind(orkestra_id.to_string())
        .bind(now)
        .bind(session_id)
        .bind(orkestra_id.to_string())
        .bind(reference.unwrap_or_default())
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0)
    }

    /// Sets a leg's status and failure code, whatever it was.
    pub async fn set_leg_outcome(
        &mut self,
        id: &str,
        outcome: &Outcome,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE transactions SET status = $1, failure_code = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(outcome.status.as_str())
        .bind(outcome.failure_code.as_deref())
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Fails an attempt Orkestra positively does not have, unless a retry took it over
    /// since `updated_at`. Returns whether it was failed.
    pub async fn fail_unreceived(
        &mut self,
        id: &str,
        updated_at: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE transactions SET status = 'failed', failure_code = 'not_received', \
             updated_at = $1 WHERE id = $2 AND status = 'creating' AND updated_at = $3",
        )
        .bind(now)
        .bind(id)
        .bind(updated_at)
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0)
    }

    /// Marks a paid leg for its automatic refund.
    pub async fn start_auto_refund(
        &mut self,
        id: &str,
        state: AutoRefund,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE transactions SET auto_refund = $1, updated_at = $2 WHERE id = $3")
            .bind(state.as_str())
            .bind(now)
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Moves a leg's automatic refund forward to `to` (never back, see
    /// [`AutoRefund::moves_from`]); returns whether it moved.
    pub async fn advance_auto_refund(
        &mut self,
        id: &str,
        to: AutoRefund,
        refund_id: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut moved = 0;
        for from in to.moves_from() {
            moved += sqlx::query(
                "UPDATE transactions SET auto_refund = $1, refund_id = COALESCE($2, refund_id), \
                 updated_at = $3 WHERE id = $4 AND auto_refund = $5",
            )
            .bind(to.as_str())
            .bind(refund_id)
            .bind(now)
            .bind(id)
            .bind(from.as_str())
            .execute(self.conn())
            .await?
            .rows_affected();
        }
        Ok(moved > 0)
    }
}
