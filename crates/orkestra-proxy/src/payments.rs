//! Payment attempts: from the payer's submit to Orkestra and back, and status changes
//! from Orkestra's notifications. Every change to a session is one database transaction
//! that holds the session's lock, also queues the merchant's webhook, and nudges the pages
//! (on every replica) when it commits.

use orkestra_core::api::browser::Payer;
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::{CreateCheckoutSession, SessionStatus, TransactionStatus};
use orkestra_core::api::orkestra::{
    ChargeRequest, InstantConversion, OrderRequest, OrderWebhook, Submerchant, Transaction,
    TransactionRequest, WireAmount, WireTransactionStatus,
};
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::money::{Currency, Money};

use crate::config::Backend;
use crate::db::{self, SessionRow};

use crate::error::AppError;
use crate::time::now_ms;
use crate::AppState;
use crate::{events, methods, outbox, views};

pub struct Attempt {
    pub key: String,
    pub request_hash: String,
    pub method: PaymentMethod,
    pub payer: Payer,
}

/// Returns whether this call created the attempt (false: it replayed an earlier one).
pub async fn submit(
    state: &AppState,
    session: &SessionRow,
    attempt: Attempt,
) -> Result<bool, AppError> {
    let tx_id = match db::transaction_by_key(&state.db, &session.id, &attempt.key).await? {
        Some(existing) if existing.request_hash != attempt.request_hash => {
            return Err(AppError::Conflict(
                ApiErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for a different payment",
            ));
        }
        Some(existing) if existing.status != TransactionStatus::Creating.as_str() => {
            return Ok(false)
        }
        // Created but not confirmed upstream (a crash, a timeout): finish the same attempt.
        Some(existing) => existing.id,
        None => insert_attempt(state, session, &attempt).await?,
    };
    let result = call_upstream(state, session, &tx_id, &attempt).await;
    match result {
        Ok(transaction) => {
            record_upstream(state, session, &tx_id, transaction).await?;
            Ok(true)
        }
        Err(AppError::UpstreamRejected(reason, code)) => {
            mark(
                state,
                session,
                &tx_id,
                TransactionStatus::Failed,
                Some("upstream_rejected"),
            )
            .await?;
            Err(AppError::UpstreamRejected(reason, code))
        }
        // Unavailable: the attempt stays `creating`; a retry with the same key resumes it.
        Err(other) => Err(other),
    }
}

async fn insert_attempt(
    state: &AppState,
    session: &SessionRow,
    attempt: &Attempt,
) -> Result<String, AppError> {
    let id = crate::ids::transaction_id();
    let now = now_ms();
    let result = sqlx::query(
        "INSERT INTO transactions (id, session_id, idempotency_key, request_hash, method, amount_minor, status, \
         payer_name, payer_document_type, payer_document_masked, payer_email_masked, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'creating', $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&session.id)
    .bind(&attempt.key)
    .bind(&attempt.request_hash)
    .bind(attempt.method.as_str())
    .bind(session.amount_minor)
    .bind(attempt.payer.name.as_ref().map(|n| n.full()).unwrap_or_default())
    .bind(document_type(&attempt.payer))
    .bind(attempt.payer.document.as_ref().map(|d| d.masked()).unwrap_or_default())
    .bind(attempt.payer.email.as_ref().map(|e| e.masked()).unwrap_or_default())
    .bind(now)
    .bind(now)
    .execute(&state.db)
    .await;
    match result {
        Ok(_) => {}
        Err(sqlx::Error::Database(err)) if err.is_unique_violation() => {
            // Either the same key raced us (then resume it) or another attempt is in flight.
            return match db::transaction_by_key(&state.db, &session.id, &attempt.key).await? {
                Some(existing) => Ok(existing.id),
                None => Err(AppError::Conflict(
                    ApiErrorCode::TransactionInProgress,
                    "a payment for this session is already in progress",
                )),
            };
        }
        Err(err) => return Err(err.into()),
    }
    let (conn, locked) = begin_change(state, &session.id).await?;
    settle_and_publish(state, conn, &locked).await?;
    Ok(id)
}

/// A transaction that will write. SQLite's default (deferred) transaction reads first and
/// fails at once with "database is locked" when another connection wrote in between;
/// taking the write lock up front makes it wait its turn (busy timeout) instead.
/// PostgreSQL has no `BEGIN IMMEDIATE`: there, writers to one session are ordered by the
/// session's row lock (see [`begin_change`]).
async fn begin_write(state: &AppState) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
    match state.config.backend() {
        Backend::Sqlite => state.db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => state.db.begin().await,
    }
}

/// Starts a change to a session: a write transaction holding the session's lock, so
/// concurrent changes (from this replica or another) apply one after the other. Returns the
/// session as the previous change left it.
async fn begin_change(
    state: &AppState,
    session_id: &str,
) -> Result<(sqlx::Transaction<'static, sqlx::Any>, SessionRow), AppError> {
    let mut conn = begin_write(state).await?;
    let session = db::lock_session(&mut conn, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((conn, session))
}

fn document_type(payer: &Payer) -> String {
    payer
        .document
        .as_ref()
        .map(|d| d.kind().as_str().to_owned())
        .unwrap_or_default()
}

fn money(session: &SessionRow) -> Result<Money, AppError> {
    let currency = Currency::from_code(&session.currency).ok_or(AppError::NotFound)?;
    Money::from_minor(currency, u64::try_from(session.amount_minor).unwrap_or(0))
        .map_err(|code| AppError::Internal(anyhow::anyhow!("stored amount: {}", code.as_str())))
}

async fn call_upstream(
    state: &AppState,
    session: &SessionRow,
    tx_id: &str,
    attempt: &Attempt,
) -> Result<Transaction, AppError> {
    let units = state.config.orkestra.amount_units;
    let amount = money(session)?;
    let request: CreateCheckoutSession =
        serde_json::from_str(&session.request_json).unwrap_or_default();
    let market = views::market(session);
    // A 3-D Secure or bank page sends the payer back to the hosted page, which resumes.
    let return_url = format!("{}/pay/{}", state.config.public_url, session.token);
    let transaction = methods::transaction(&attempt.payer, amount.currency(), tx_id, &return_url);
    let found = |txs: Vec<Transaction>| {
        txs.into_iter()
            .find(|t| t.reference_id.as_deref() == Some(tx_id))
            .ok_or_else(|| {
                AppError::UpstreamRejected(
                    "the order does not contain our transaction".into(),
                    None,
                )
            })
    };
    match &session.orkestra_order_id {
        Some(order_id) => {
            let transaction = TransactionRequest {
                amount: Some(WireAmount::from_money(amount, units)),
                ..transaction
            };
            state
                .orkestra
                .add_transaction(order_id, None, &transaction)
                .await
        }
        None => {
            let order = OrderRequest {
                merchant_order_id: session.merchant_order_id.clone(),
                soft_descriptor: Some(state.config.merchant_name.chars().take(22).collect()),
                amount: WireAmount::from_money(amount, units),
                currency: amount.currency(),
                allows_third_party_payments: false,
                // Checked when the session was created; echoed by Orkestra's notifications.
                submerchants: request
                    .submerchants
                    .iter()
                    .filter_map(|share| {
                        let money = Money::parse_exact(&share.amount, amount.currency()).ok()?;
                        Some(Submerchant {
                            id: share.id.trim().to_owned(),
                            amount: WireAmount::from_money(money, units),
                        })
                    })
                    .collect(),
                instant_conversion: request.settlement_currency.as_ref().map(|currency| {
                    InstantConversion {
                        settlement_currency: currency.clone(),
                    }
                }),
                metadata: serde_json::json!({ "checkoutSessionId": session.id })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                charges: vec![ChargeRequest {
                    amount: None,
                    customer: methods::customer(&attempt.payer, request.customer.as_ref(), market),
                    transactions: vec![transaction],
                }],
            };
            let order = state.orkestra.create_order(&order).await?;
            sqlx::query("UPDATE sessions SET orkestra_order_id = $1 WHERE id = $2")
                .bind(order.id.to_string())
                .bind(&session.id)
                .execute(&state.db)
                .await?;
            found(
                order
                    .charges
                    .into_iter()
                    .flat_map(|c| c.transactions)
                    .collect(),
            )
        }
    }
}

fn map_status(status: WireTransactionStatus) -> TransactionStatus {
    match status {
        WireTransactionStatus::Pending => TransactionStatus::Pending,
        WireTransactionStatus::Paid => TransactionStatus::Paid,
        WireTransactionStatus::Failed => TransactionStatus::Failed,
        WireTransactionStatus::Cancelled => TransactionStatus::Cancelled,
        WireTransactionStatus::Expired => TransactionStatus::Expired,
    }
}

/// Our status for Orkestra's transaction, and its failure code (its status reason, lower
/// case) unless it was paid.
fn outcome(upstream: &Transaction) -> (TransactionStatus, Option<String>) {
    let status = map_status(upstream.status);
    let failure = upstream
        .status_reason
        .as_deref()
        .filter(|_| status != TransactionStatus::Paid)
        .map(str::to_ascii_lowercase);
    (status, failure)
}

async fn record_upstream(
    state: &AppState,
    session: &SessionRow,
    tx_id: &str,
    upstream: Transaction,
) -> Result<(), AppError> {
    let next_action = methods::next_action(&upstream);
    // A card declined at once carries its reason in the create response.
    let (status, failure) = outcome(&upstream);
    let (mut conn, locked) = begin_change(state, &session.id).await?;
    // Only a `creating` row takes the create response: a notification may have arrived
    // first with a newer status, and that one wins.
    sqlx::query(
        "UPDATE transactions SET orkestra_id = $1, next_action = $2, updated_at = $3, \
         failure_code = CASE WHEN status = 'creating' THEN $4 ELSE failure_code END, \
         status = CASE WHEN status = 'creating' THEN $5 ELSE status END WHERE id = $6",
    )
    .bind(upstream.id.to_string())
    .bind(next_action.map(|a| serde_json::to_string(&a).unwrap_or_default()))
    .bind(now_ms())
    .bind(failure)
    .bind(status.as_str())
    .bind(tx_id)
    .execute(&mut *conn)
    .await?;
    settle_and_publish(state, conn, &locked).await
}

/// Applies a transaction Orkestra answered with after the create call (e.g. to a wallet's
/// one-time code): a pending attempt takes its status. The notification may have been
/// faster; a final status never changes again.
pub async fn apply_upstream(
    state: &AppState,
    session: &SessionRow,
    tx_id: &str,
    upstream: &Transaction,
) -> Result<(), AppError> {
    let (status, failure) = outcome(upstream);
    let (mut conn, locked) = begin_change(state, &session.id).await?;
    sqlx::query(
        "UPDATE transactions SET status = $1, failure_code = COALESCE($2, failure_code), updated_at = $3 \
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(failure)
    .bind(now_ms())
    .bind(tx_id)
    .execute(&mut *conn)
    .await?;
    settle_and_publish(state, conn, &locked).await
}

async fn mark(
    state: &AppState,
    session: &SessionRow,
    tx_id: &str,
    status: TransactionStatus,
    failure: Option<&str>,
) -> Result<(), AppError> {
    let (mut conn, locked) = begin_change(state, &session.id).await?;
    sqlx::query(
        "UPDATE transactions SET status = $1, failure_code = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status.as_str())
    .bind(failure)
    .bind(now_ms())
    .bind(tx_id)
    .execute(&mut *conn)
    .await?;
    settle_and_publish(state, conn, &locked).await
}

/// Recomputes the session's status, commits, then nudges the pages watching it.
/// `session` is the row [`begin_change`] locked: only transactions changed since.
async fn settle_and_publish(
    state: &AppState,
    mut conn: sqlx::Transaction<'static, sqlx::Any>,
    session: &SessionRow,
) -> Result<(), AppError> {
    outbox::settle(&mut conn, state, session).await?;
    events::commit_and_publish(state, conn, &session.id).await?;
    Ok(())
}

/// Applies an order notification. Safe to receive twice or out of order: a transaction
/// only moves forward (a final status never changes again).
pub async fn apply_webhook(state: &AppState, hook: &OrderWebhook) -> Result<bool, AppError> {
    let mut conn = begin_write(state).await?;
    let session = match db::session_by_orkestra_order(&mut *conn, &hook.id.to_string()).await? {
        Some(session) => Some(session),
        None => db::session_by_merchant_order_id(&mut *conn, &hook.reference_id).await?,
    };
    let Some(session) = session else {
        return Ok(false);
    };
    let session = db::lock_session(&mut conn, &session.id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The create call's answer may never have arrived (a timeout): learn the order's id
    // here, so later attempts add to it instead of creating it again.
    if session.orkestra_order_id.is_none() {
        sqlx::query("UPDATE sessions SET orkestra_order_id = $1 WHERE id = $2 AND orkestra_order_id IS NULL")
            .bind(hook.id.to_string())
            .bind(&session.id)
            .execute(&mut *conn)
            .await?;
    }
    let mut changed = false;
    for upstream in &hook.transactions {
        let (status, failure) = outcome(upstream);
        let result = sqlx::query(
            "UPDATE transactions SET status = $1, failure_code = COALESCE($2, failure_code), orkestra_id = $3, updated_at = $4 \
             WHERE session_id = $5 AND (orkestra_id = $6 OR id = $7) AND status IN ('creating', 'pending')",
        )
        .bind(status.as_str())
        .bind(failure)
        .bind(upstream.id.to_string())
        .bind(now_ms())
        .bind(&session.id)
        .bind(upstream.id.to_string())
        .bind(upstream.reference_id.as_deref().unwrap_or_default())
        .execute(&mut *conn)
        .await?;
        changed |= result.rows_affected() > 0;
    }
    outbox::settle(&mut conn, state, &session).await?;
    if changed {
        events::commit_and_publish(state, conn, &session.id).await?;
    } else {
        conn.commit().await?;
    }
    Ok(true)
}

/// Ends a session whose time is up (it takes no new attempts) and tells the merchant.
pub async fn expire_session(state: &AppState, session: &SessionRow) -> Result<(), AppError> {
    close_session(state, session, SessionStatus::Expired).await
}

/// Ends a session at the merchant's request and tells the merchant's webhook.
pub async fn cancel_session(state: &AppState, session: &SessionRow) -> Result<(), AppError> {
    close_session(state, session, SessionStatus::Cancelled).await
}

/// Moves a session with no payment in flight to a final status, queues the merchant's
/// webhook in the same transaction, and nudges its pages.
async fn close_session(
    state: &AppState,
    session: &SessionRow,
    status: SessionStatus,
) -> Result<(), AppError> {
    let (mut conn, _) = begin_change(state, &session.id).await?;
    let changed = sqlx::query(
        "UPDATE sessions SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ('open', 'failed')",
    )
    .bind(status.as_str())
    .bind(now_ms())
    .bind(&session.id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed > 0 {
        let updated = db::session_by_id(&mut *conn, &session.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let txs = db::transactions_of(&mut *conn, &session.id).await?;
        outbox::enqueue(&mut conn, state, &updated, &txs).await?;
    }
    events::commit_and_publish(state, conn, &session.id).await?;
    Ok(())
}

/// Expires sessions past their time that have no payment in flight.
pub async fn expire_forever(state: AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        let due: sqlx::Result<Vec<SessionRow>> = sqlx::query_as(
            "SELECT * FROM sessions WHERE status IN ('open', 'failed') AND expires_at <= $1 LIMIT 100",
        )
        .bind(now_ms())
        .fetch_all(&state.db)
        .await;
        for session in due.unwrap_or_default() {
            if let Err(err) = expire_session(&state, &session).await {
                tracing::warn!(session_id = %session.id, error = %err, "could not expire session");
            }
        }
    }
}
