//! Webhooks to the merchant: queued in the same database transaction as the status change
//! that causes them, signed, and delivered at least once with exponential backoff. Every
//! replica runs a delivery worker; a worker first claims the events it will send, so two
//! replicas never send the same one at the same time (see [`claim_next`]).
//!
//! Signature header (documented in the README):
//! `Orkestra-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.

use std::time::Duration;

use hmac::{Hmac, Mac};
use orkestra_core::api::merchant::{ChargeEvent, MerchantEvent};
use secrecy::ExposeSecret;
use sha2::Sha256;
use sqlx::AnyConnection;

use crate::config::Backend;
use crate::db::{self, SessionRow};
use crate::error::AppError;
use crate::time::{now_ms, rfc3339};
use crate::{ids, views, AppState};

/// Recomputes the statuses of a session's charges and of the session (the order) after
/// its legs changed. Stores what moved and queues the merchant's webhooks:
/// `checkout_session.<status>` when the order's status moved, and, for an order with
/// several charges, `charge.<status>` for each charge whose status moved. Returns whether
/// the order's status changed.
pub async fn settle(
    conn: &mut AnyConnection,
    state: &AppState,
    session: &SessionRow,
) -> Result<bool, AppError> {
    let txs = db::transactions_of(&mut *conn, &session.id).await?;
    let charges = db::charges_of(&mut *conn, &session.id).await?;
    let now = now_ms();
    let mut statuses = Vec::with_capacity(charges.len());
    let mut moved = Vec::new();
    for charge in &charges {
        let status = crate::charges::derive_charge_status(
            session,
            charge,
            &crate::charges::legs_of(charge, &txs),
        );
        if status.as_str() != charge.status {
            db::set_charge_status(conn, charge, status.as_str(), now).await?;
            moved.push((charge.id.clone(), status));
        }
        statuses.push(status);
    }
    let status = crate::charges::derive_order_status(session, &statuses);
    let order_moved = status.as_str() != session.status;
    if order_moved {
        db::set_status(
            &mut *conn,
            db::Statused::Sessions,
            &session.id,
            status.as_str(),
            now,
        )
        .await?;
        enqueue_order(conn, state, &session.id).await?;
        tracing::info!(session_id = %session.id, status = status.as_str(), "session status changed");
    }
    if charges.len() > 1 {
        for (charge_id, status) in moved {
            let kind = format!("charge.{}", status.as_str());
            enqueue_charge(conn, state, &session.id, &charge_id, &kind).await?;
        }
    }
    Ok(order_moved)
}

/// Queues `checkout_session.<status>` with the order as it now stands.
pub async fn enqueue_order(
    conn: &mut AnyConnection,
    state: &AppState,
    session_id: &str,
) -> Result<(), AppError> {
    let session = db::session_by_id(&mut *conn, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(url) = &session.webhook_url else {
        return Ok(());
    };
    let charges = db::charges_of(&mut *conn, session_id).await?;
    let txs = db::transactions_of(&mut *conn, session_id).await?;
    let data = views::checkout_session(&session, &charges, &txs, &state.config.public_url);
    let kind = format!("checkout_session.{}", data.status.as_str());
    enqueue_event(conn, state, session_id, url, &kind, &data).await
}

/// Queues a `charge.*` event: the charge and its order as they now stand.
pub async fn enqueue_charge(
    conn: &mut AnyConnection,
    state: &AppState,
    session_id: &str,
    charge_id: &str,
    kind: &str,
) -> Result<(), AppError> {
    let session = db::session_by_id(&mut *conn, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(url) = &session.webhook_url else {
        return Ok(());
    };
    let charges = db::charges_of(&mut *conn, session_id).await?;
    let txs = db::transactions_of(&mut *conn, session_id).await?;
    let Some(charge) = charges.iter().find(|c| c.id == charge_id) else {
        return Ok(());
    };
    let public_url = &state.config.public_url;
    let data = ChargeEvent {
        charge: views::charge_view(&session, charge, &txs, public_url),
        session: views::checkout_session(&session, &charges, &txs, public_url),
    };
    enqueue_event(conn, state, session_id, url, kind, &data).await
}

/// Queues an event for the merchant at `url`: session changes, and refund and payout
/// notifications; all signed and retried alike. `session_id` is empty for payouts.
pub async fn enqueue_event<T: serde::Serialize>(
    conn: &mut AnyConnection,
    state: &AppState,
    session_id: &str,
    url: &str,
    kind: &str,
    data: &T,
) -> Result<(), AppError> {
    let event = MerchantEvent {
        id: ids::event_id(),
        kind: kind.to_owned(),
        created_at: rfc3339(now_ms()),
        data,
    };
    let body = serde_json::to_string(&event).map_err(anyhow::Error::from)?;
    sqlx::query("INSERT INTO merchant_outbox (id, session_id, url, body, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&event.id)
        .bind(session_id)
        .bind(url)
        .bind(body)
        .bind(now_ms())
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    state.outbox.notify_one();
    Ok(())
}

/// The value of the `Orkestra-Signature` header for `body` sent at `timestamp`.
pub fn signature(secret: &[u8], timestamp: i64, body: &str) -> String {
    format!("t={timestamp},v1={}", signed_hex(secret, timestamp, body))
}

/// Hex HMAC-SHA256 of `"<timestamp>.<message>"`: the one signing rule of everything the
/// proxy signs for the merchant (webhooks, and the hosted page's return to the merchant).
pub fn signed_hex(secret: &[u8], timestamp: i64, message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.{message}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[derive(sqlx::FromRow)]
struct Due {
    id: String,
    url: String,
    body: String,
    attempts: i64,
}

const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claim keeps other workers off an event: one send and a wide margin. If the
/// replica dies (or stops) with the event claimed, it is sent again after this.
const LEASE: Duration = Duration::from_secs(SEND_TIMEOUT.as_secs() + 60);

/// Takes the oldest event that is due by moving its `next_attempt_at` past the lease, in
/// one statement, so no other worker sees it as due until this one has sent it (and then
/// set `delivered_at`, or the next attempt's time). On PostgreSQL, `FOR UPDATE SKIP
/// LOCKED` lets concurrent workers pass over each other's row instead of waiting on it, and
/// the outer `next_attempt_at` test re-checks a row another worker claimed meanwhile; on
/// SQLite the single writer makes the statement atomic anyway. The subquery is a scalar
/// (`id = (…)`, run once), not `id IN (…)`: PostgreSQL may run an `IN` subquery again
/// while updating, and with SKIP LOCKED a second run can pick a second row.
async fn claim_next(state: &AppState) -> sqlx::Result<Option<Due>> {
    let skip_locked = match state.config.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let now = now_ms();
    sqlx::query_as(&format!(
        "UPDATE merchant_outbox SET next_attempt_at = $1 \
         WHERE delivered_at IS NULL AND next_attempt_at <= $2 AND id = ( \
             SELECT id FROM merchant_outbox WHERE delivered_at IS NULL AND next_attempt_at <= $2 \
             ORDER BY created_at, id LIMIT 1 {skip_locked}) \
         RETURNING id, url, body, attempts"
    ))
    .bind(now + LEASE.as_millis() as i64)
    .bind(now)
    .fetch_optional(&state.db)
    .await
}

pub async fn deliver_forever(state: AppState) {
    let client = reqwest::Client::builder()
        .timeout(SEND_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client with a timeout");
    loop {
        if let Err(err) = deliver_due(&state, &client).await {
            tracing::warn!(error = %err, "merchant webhook round failed");
        }
        tokio::select! {
            _ = state.outbox.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

async fn deliver_due(state: &AppState, client: &reqwest::Client) -> sqlx::Result<()> {
    while let Some(item) = claim_next(state).await? {
        let timestamp = now_ms() / 1000;
        let signature = signature(
            state
                .config
                .webhook_signing_secret
                .expose_secret()
                .as_bytes(),
            timestamp,
            &item.body,
        );
        let result = client
            .post(&item.url)
            .header("Content-Type", "application/json")
            .header("Orkestra-Signature", signature)
            .header("Orkestra-Event-Id", &item.id)
            .body(item.body.clone())
            .send()
            .await;
        match result {
            Ok(response) if response.status().is_success() => {
                sqlx::query("UPDATE merchant_outbox SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2")
                    .bind(now_ms())
                    .bind(&item.id)
                    .execute(&state.db)
                    .await?;
            }
            other => {
                let error = match other {
                    Ok(response) => format!("HTTP {}", response.status()),
                    Err(err) => err.without_url().to_string(),
                };
                let delay = Duration::from_secs(1 << item.attempts.clamp(0, 12))
                    .min(Duration::from_secs(3600));
                tracing::info!(event_id = %item.id, attempts = item.attempts + 1, %error, "merchant webhook not acknowledged");
                sqlx::query("UPDATE merchant_outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3")
                    .bind(now_ms() + delay.as_millis() as i64)
                    .bind(error)
                    .bind(&item.id)
                    .execute(&state.db)
                    .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Reference value computed independently with Python's hmac module:
        // hmac.new(b"secret", b"1700000000.{}", hashlib.sha256).hexdigest()
        assert_eq!(
            signature(b"secret", 1_700_000_000, "{}"),
            "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
    }
}
