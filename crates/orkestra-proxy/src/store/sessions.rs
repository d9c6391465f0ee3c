//! Sessions and their charges.

use orkestra_core::api::merchant::OrderStatus;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use super::rows::{self, CHARGE, LEG, SESSION};
use super::{Change, Store, StoreError};
use crate::model::{Charge, Leg, Order, Session};

async fn one<T>(conn: &mut AnyConnection, sql: &str, key: &str) -> Result<Option<T>, StoreError>
where
    for<'r> T: TryFrom<&'r AnyRow, Error = StoreError>,
{
    let row = sqlx::query(sql).bind(key).fetch_optional(conn).await?;
    row.as_ref().map(T::try_from).transpose()
}

async fn order_on(conn: &mut AnyConnection, session: Session) -> Result<Order, StoreError> {
    let charges = rows::all::<Charge>(
        &sqlx::query(&format!(
            "SELECT {CHARGE} FROM charges WHERE session_id = $1 ORDER BY position"
        ))
        .bind(&session.id)
        .fetch_all(&mut *conn)
        .await?,
    )?;
    let legs = rows::all::<Leg>(
        &sqlx::query(&format!(
            "SELECT {LEG} FROM transactions WHERE session_id = $1 ORDER BY created_at, id"
        ))
        .bind(&session.id)
        .fetch_all(&mut *conn)
        .await?,
    )?;
    Ok(Order {
        session,
        charges,
        legs,
    })
}

fn session_by(column: &str) -> String {
    format!("SELECT {SESSION} FROM sessions WHERE {column} = $1")
}

impl Store {
    pub async fn session(&self, id: &str) -> Result<Option<Session>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        one(&mut conn, &session_by("id"), id).await
    }

    /// The id and request fingerprint of the session made for `merchant_order_id`.
    pub async fn session_fingerprint(
        &self,
        merchant_order_id: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT id, fingerprint FROM sessions WHERE merchant_order_id = $1")
                .bind(merchant_order_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(id, fingerprint)| match fingerprint {
            Some(fingerprint) => Ok((id, fingerprint)),
            None => Err(StoreError::Corrupt {
                table: "sessions",
                id,
                column: "fingerprint",
                problem: "missing".into(),
            }),
        })
        .transpose()
    }

    /// A session with its charges and legs, as of one moment (one read transaction: a
    /// notification committing in between would otherwise show a failed leg on a session
    /// still pending).
    pub async fn order(&self, session_id: &str) -> Result<Option<Order>, StoreError> {
        let mut tx = self.snapshot().await?;
        let Some(session) = one::<Session>(&mut tx, &session_by("id"), session_id).await? else {
            return Ok(None);
        };
        let order = order_on(&mut tx, session).await?;
        tx.commit().await?;
        Ok(Some(order))
    }

    /// The order a page token opens (any charge's token), and which charge is that page's.
    pub async fn order_by_token(&self, token: &str) -> Result<Option<(Order, String)>, StoreError> {
        let mut tx = self.snapshot().await?;
        let Some(charge) = one::<Charge>(
            &mut tx,
            &format!("SELECT {CHARGE} FROM charges WHERE token = $1"),
            token,
        )
        .await?
        else {
            return Ok(None);
        };
        let session = one::<Session>(&mut tx, &session_by("id"), &charge.session_id)
            .await?
            .ok_or(StoreError::Missing("the session of a charge"))?;
        let order = order_on(&mut tx, session).await?;
        tx.commit().await?;
        Ok(Some((order, charge.id)))
    }

    /// The session and charge a page token opens, without their legs.
    pub async fn charge_by_token(
        &self,
        token: &str,
    ) -> Result<Option<(Session, Charge)>, StoreError> {
        let mut conn = self.snapshot().await?;
        let Some(charge) = one::<Charge>(
            &mut conn,
            &format!("SELECT {CHARGE} FROM charges WHERE token = $1"),
            token,
        )
        .await?
        else {
            return Ok(None);
        };
        let session = one::<Session>(&mut conn, &session_by("id"), &charge.session_id)
            .await?
            .ok_or(StoreError::Missing("the session of a charge"))?;
        conn.commit().await?;
        Ok(Some((session, charge)))
    }

    /// Sessions past their time that may expire: none in flight (a pending one waits for its
    /// legs to settle, then is failed or partly paid), not final; oldest first.
    pub async fn sessions_due_to_expire(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM sessions WHERE status IN ('open', 'failed', 'partially_paid') \
             AND expires_at <= $1 ORDER BY expires_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Change {
    /// Locks a session's row until the change ends and returns its latest committed
    /// state. Every change to a session starts with this, so changes made by different
    /// replicas apply one after the other and each derives its statuses from what the one
    /// before committed. The no-op `UPDATE` takes a row lock on PostgreSQL and the write
    /// lock on SQLite.
    pub async fn lock_session(&mut self, id: &str) -> Result<Session, StoreError> {
        one(
            self.conn(),
            &format!(
                "UPDATE sessions SET updated_at = updated_at WHERE id = $1 RETURNING {SESSION}"
            ),
            id,
        )
        .await?
        .ok_or(StoreError::Missing("session"))
    }

    /// The session (locked) with its charges and legs as this change sees them.
    pub async fn lock_order(&mut self, session_id: &str) -> Result<Order, StoreError> {
        let session = self.lock_session(session_id).await?;
        order_on(self.conn(), session).await
    }

    /// The order as this change sees it now (after its own writes).
    pub async fn reread(&mut self, order: &Order) -> Result<Order, StoreError> {
        let session = one::<Session>(self.conn(), &session_by("id"), &order.session.id)
            .await?
            .ok_or(StoreError::Missing("session"))?;
        order_on(self.conn(), session).await
    }

    /// The session of Orkestra's order `orkestra_order_id`, or else of `merchant_order_id`.
    pub async fn session_of_upstream_order(
        &mut self,
        orkestra_order_id: i64,
        merchant_order_id: &str,
    ) -> Result<Option<Session>, StoreError> {
        let by_id = one::<Session>(
            self.conn(),
            &session_by("orkestra_order_id"),
            &orkestra_order_id.to_string(),
        )
        .await?;
        match by_id {
            Some(session) => Ok(Some(session)),
            None => {
                one(
                    self.conn(),
                    &session_by("merchant_order_id"),
                    merchant_order_id,
                )
                .await
            }
        }
    }

    pub async fn set_session_status(
        &mut self,
        id: &str,
        status: OrderStatus,
        now: i64,
    ) -> Result<(), StoreError> {
        self.set_status("UPDATE sessions", id, status, now).await
    }

    pub async fn set_charge_status(
        &mut self,
        id: &str,
        status: OrderStatus,
        now: i64,
    ) -> Result<(), StoreError> {
        self.set_status("UPDATE charges", id, status, now).await
    }

    /// `update` is `UPDATE <table>` of a table whose rows carry an order status.
    async fn set_status(
        &mut self,
        update: &'static str,
        id: &str,
        status: OrderStatus,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "{update} SET status = $1, updated_at = $2 WHERE id = $3"
        ))
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Keeps Orkestra's id of the session's order, unless one is known already (the create
    /// call's answer and a notification may both bring it).
    pub async fn learn_order_id(
        &mut self,
        session_id: &str,
        orkestra_order_id: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sessions SET orkestra_order_id = $1 WHERE id = $2 AND orkestra_order_id IS NULL",
        )
        .bind(orkestra_order_id.to_string())
        .bind(session_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Keeps Orkestra's ids of the session's order and of its charges (in our charges'
    /// order).
    pub async fn set_order_ids(
        &mut self,
        session_id: &str,
        orkestra_order_id: i64,
        charge_ids: &[i64],
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET orkestra_order_id = $1 WHERE id = $2")
            .bind(orkestra_order_id.to_string())
            .bind(session_id)
            .execute(self.conn())
            .await?;
        for (position, id) in charge_ids.iter().enumerate() {
            sqlx::query(
                "UPDATE charges SET orkestra_charge_id = $1 WHERE session_id = $2 AND position = $3",
            )
            .bind(id.to_string())
            .bind(session_id)
            .bind(position as i64)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }
}
