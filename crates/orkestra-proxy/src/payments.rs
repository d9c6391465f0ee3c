//! Payment attempts: from the payer's submit to Orkestra and back, and status changes
//! from Orkestra's notifications. Every change to a session is one database transaction
//! that holds the session's lock, also queues the merchant's webhook, and nudges the pages
//! (on every replica) when it commits.

use orkestra_core::api::browser::Payer;
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::{
    CreateCheckoutSession, CustomerInput, OrderStatus, TransactionStatus,
};
use orkestra_core::api::orkestra::{
    ChargeRequest, Customer, InstantConversion, Order, OrderRequest, OrderWebhook, Submerchant,
    Transaction, TransactionRequest, WireAmount, WireTransactionStatus,
};
use orkestra_core::catalog::{amount_limits, PaymentMethod};
use orkestra_core::error::FieldError;
use orkestra_core::money::{Currency, Money};
use orkestra_core::split::LegError;

use crate::config::Backend;
use crate::db::{self, ChargeRow, SessionRow, TransactionRow};

use crate::error::AppError;
use crate::time::now_ms;
use crate::AppState;
use crate::{charges, events, methods, outbox, views};

pub struct Attempt {
    pub key: String,
    pub request_hash: String,
    pub method: PaymentMethod,
    pub payer: Payer,
    /// The leg's amount as the payer asked; `None` is the whole remainder.
    pub amount: Option<Money>,
}

/// Returns whether this call created the attempt (false: it replayed an earlier one).
pub async fn submit(
    state: &AppState,
    session: &SessionRow,
    charge: &ChargeRow,
    attempt: Attempt,
) -> Result<bool, AppError> {
    let Some(tx) = stored_attempt(state, session, charge, &attempt).await? else {
        return Ok(false);
    };
    let result = call_upstream(state, session, charge, &tx, &attempt).await;
    match result {
        Ok(transaction) => {
            record_upstream(state, session, &tx.id, transaction).await?;
            Ok(true)
        }
        Err(AppError::UpstreamRejected(reason, code)) => {
            mark(
                state,
                session,
                &tx.id,
                TransactionStatus::Failed,
                Some("upstream_rejected"),
            )
            .await?;
            Err(AppError::UpstreamRejected(reason, code))
        }
        // Orkestra never got the request, so nothing exists there: nothing stays here
        // either, and the session is as it was (a retry under the same key starts afresh).
        Err(AppError::UpstreamUnreached(reason)) => {
            forget(state, session, &tx).await?;
            Err(AppError::UpstreamUnreached(reason))
        }
        // Unavailable (it may have arrived): the attempt stays `creating`; a retry with the
        // same key resumes it, and Orkestra's references make that one transaction.
        Err(other) => Err(other),
    }
}

/// Drops an attempt that never reached Orkestra, unless another request (a double click,
/// a retry) took it over meanwhile (see [`claim`]): that one's call may have got through.
async fn forget(
    state: &AppState,
    session: &SessionRow,
    tx: &TransactionRow,
) -> Result<(), AppError> {
    let (mut conn, locked) = begin_change(state, &session.id).await?;
    sqlx::query(
        "DELETE FROM transactions WHERE id = $1 AND status = 'creating' AND updated_at = $2",
    )
    .bind(&tx.id)
    .bind(tx.updated_at)
    .execute(&mut *conn)
    .await?;
    settle_and_publish(state, conn, &locked).await
}

/// The attempt to call Orkestra for: one stored now, or one stored before and never
/// confirmed upstream (a crash, a timeout, a double click still in flight), taken over;
/// `None` when the key's attempt is done and the call is a replay.
async fn stored_attempt(
    state: &AppState,
    session: &SessionRow,
    charge: &ChargeRow,
    attempt: &Attempt,
) -> Result<Option<TransactionRow>, AppError> {
    // An attempt dropped just as it was taken over is stored again, so this rarely loops.
    for _ in 0..3 {
        let existing = match db::transaction_by_key(&state.db, &session.id, &attempt.key).await? {
            Some(existing) => existing,
            None => match insert_attempt(state, session, charge, attempt).await? {
                Inserted::New(tx) => return Ok(Some(tx)),
                // The same key stored meanwhile (a double click racing itself).
                Inserted::Existing(existing) => existing,
            },
        };
        let Some(creating) = replayed(existing, charge, attempt)? else {
            return Ok(None);
        };
        if let Some(claimed) = claim(state, &creating).await? {
            return Ok(Some(claimed));
        }
    }
    Err(in_progress("this payment attempt is being retried"))
}

/// Takes over an attempt still `creating` by moving its `updated_at` on, so that a request
/// finding Orkestra unreachable does not drop it from under this one ([`forget`] deletes
/// only the row as it left it). `None` when it was dropped or confirmed meanwhile.
async fn claim(state: &AppState, tx: &TransactionRow) -> Result<Option<TransactionRow>, AppError> {
    Ok(sqlx::query_as(
        "UPDATE transactions SET updated_at = CASE WHEN $1 > updated_at THEN $1 ELSE updated_at + 1 END \
         WHERE id = $2 AND status = 'creating' RETURNING *",
    )
    .bind(now_ms())
    .bind(&tx.id)
    .fetch_optional(&state.db)
    .await?)
}

/// An attempt already made under the submitted key: `None` when it is done (the call is
/// a replay), the row when it was stored but never confirmed upstream (a crash, a
/// timeout), so the same attempt is finished; an error for a key used for something else.
fn replayed(
    existing: TransactionRow,
    charge: &ChargeRow,
    attempt: &Attempt,
) -> Result<Option<TransactionRow>, AppError> {
    if existing.request_hash != attempt.request_hash
        || existing
            .charge_id
            .as_deref()
            .is_some_and(|id| id != charge.id)
    {
        return Err(AppError::Conflict(
            ApiErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used for a different payment",
        ));
    }
    if existing.status != TransactionStatus::Creating.as_str() {
        return Ok(None);
    }
    Ok(Some(existing))
}

enum Inserted {
    New(TransactionRow),
    Existing(TransactionRow),
}

fn in_progress(message: &'static str) -> AppError {
    AppError::Conflict(ApiErrorCode::TransactionInProgress, message)
}

/// Stores a new leg, holding the session's lock so that the checks (the charge still open,
/// the sync-first rule, the amount within what is left) and the insert see the same legs,
/// whichever replica the other legs went through.
async fn insert_attempt(
    state: &AppState,
    session: &SessionRow,
    charge: &ChargeRow,
    attempt: &Attempt,
) -> Result<Inserted, AppError> {
    let (mut conn, locked) = begin_change(state, &session.id).await?;
    if let Some(existing) = db::transaction_by_key(&mut *conn, &session.id, &attempt.key).await? {
        conn.commit().await?;
        return Ok(Inserted::Existing(existing));
    }
    let charges_now = db::charges_of(&mut *conn, &session.id).await?;
    let charge = charges_now
        .iter()
        .find(|c| c.id == charge.id)
        .ok_or(AppError::NotFound)?;
    for status in [
        charges::order_status(&locked),
        charges::charge_status(charge),
    ] {
        closed_error(status)?;
    }
    let txs = db::transactions_of(&mut *conn, &session.id).await?;
    let legs = charges::legs_of(charge, &txs);
    // Synchronous legs (cards) run first: a card is authorised while the payer waits,
    // and nothing else starts meanwhile; a card does not start while another leg waits
    // for the payer (a PIX code), whose outcome decides what is left.
    if legs
        .iter()
        .any(|t| charges::is_in_flight(t) && charges::method(t).is_synchronous())
    {
        return Err(in_progress("a card payment for this charge is in progress"));
    }
    if attempt.method.is_synchronous() && legs.iter().any(|t| charges::is_in_flight(t)) {
        return Err(in_progress(
            "a payment for this charge is pending; card legs go before the others",
        ));
    }
    let balance = charges::balance(&locked, charge, &legs);
    let limits = amount_limits(views::market(&locked), attempt.method);
    let amount = balance
        .next_leg(attempt.amount, (limits.min, limits.max))
        .map_err(|err| match err {
            LegError::NothingLeft if balance.in_flight().minor() > 0 => {
                in_progress("a payment for this session is already in progress")
            }
            LegError::NothingLeft => AppError::Conflict(
                ApiErrorCode::SessionPaid,
                "this checkout session is already paid",
            ),
            // A given amount is the payer's to fix; without one, the method does not take
            // what is left (an OXXO voucher is at most MXN 10,000).
            other => AppError::Validation(vec![FieldError::new(
                if attempt.amount.is_some() {
                    "amount"
                } else {
                    "method"
                },
                other.code(),
            )]),
        })?;
    let id = crate::ids::transaction_id(&session.id, &attempt.key);
    let now = now_ms();
    let result = sqlx::query(
        "INSERT INTO transactions (id, session_id, idempotency_key, request_hash, method, amount_minor, status, \
         payer_name, payer_document_type, payer_document_masked, payer_email_masked, created_at, updated_at, charge_id) \
         VALUES ($1, $2, $3, $4, $5, $6, 'creating', $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(&session.id)
    .bind(&attempt.key)
    .bind(&attempt.request_hash)
    .bind(attempt.method.as_str())
    .bind(i64::try_from(amount.get().minor()).map_err(anyhow::Error::from)?)
    .bind(attempt.payer.name.as_ref().map(|n| n.full()).unwrap_or_default())
    .bind(document_type(&attempt.payer))
    .bind(attempt.payer.document.as_ref().map(|d| d.masked()).unwrap_or_default())
    .bind(attempt.payer.email.as_ref().map(|e| e.masked()).unwrap_or_default())
    .bind(now)
    .bind(now)
    .bind(&charge.id)
    .execute(&mut *conn)
    .await;
    match result {
        Ok(_) => {}
        Err(sqlx::Error::Database(err)) if err.is_unique_violation() => {
            return Err(in_progress(
                "a payment for this session is already in progress",
            ));
        }
        Err(err) => return Err(err.into()),
    }
    let tx = sqlx::query_as("SELECT * FROM transactions WHERE id = $1")
        .bind(&id)
        .fetch_one(&mut *conn)
        .await?;
    settle_and_publish(state, conn, &locked).await?;
    Ok(Inserted::New(tx))
}

/// The conflict of submitting to a final order or charge.
pub fn closed_error(status: OrderStatus) -> Result<(), AppError> {
    match status {
        OrderStatus::Paid => Err(AppError::Conflict(
            ApiErrorCode::SessionPaid,
            "this checkout session is already paid",
        )),
        OrderStatus::Expired => Err(AppError::Conflict(
            ApiErrorCode::SessionExpired,
            "this checkout session has expired",
        )),
        OrderStatus::Cancelled => Err(AppError::Conflict(
            ApiErrorCode::SessionCancelled,
            "this checkout session was cancelled",
        )),
        OrderStatus::Open
        | OrderStatus::Pending
        | OrderStatus::PartiallyPaid
        | OrderStatus::Failed => Ok(()),
    }
}

/// A transaction that will write. SQLite's default (deferred) transaction reads first and
/// fails at once with "database is locked" when another connection wrote in between;
/// taking the write lock up front makes it wait its turn (busy timeout) instead.
/// PostgreSQL has no `BEGIN IMMEDIATE`: there, writers to one session are ordered by the
/// session's row lock (see [`begin_change`]).
pub(crate) async fn begin_write(
    state: &AppState,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
    match state.config.backend() {
        Backend::Sqlite => state.db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => state.db.begin().await,
    }
}

/// Starts a change to a session: a write transaction holding the session's lock, so
/// concurrent changes (from this replica or another) apply one after the other. Returns the
/// session as the previous change left it.
pub async fn begin_change(
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

fn money(session: &SessionRow, minor: i64) -> Result<Money, AppError> {
    let currency = Currency::from_code(&session.currency).ok_or(AppError::NotFound)?;
    Money::from_minor(currency, u64::try_from(minor).unwrap_or(0))
        .map_err(|code| AppError::Internal(anyhow::anyhow!("stored amount: {}", code.as_str())))
}

/// Creates the leg upstream. A session paid in one go by its only payer creates Orkestra's
/// order with the transaction in it, as always. A split charge or an order with several
/// payers first creates the order with its charges and no transactions (the same body
/// whoever comes first, so concurrent first legs get the same order), then adds each leg
/// to its charge with the payer as the charge's customer.
async fn call_upstream(
    state: &AppState,
    session: &SessionRow,
    charge: &ChargeRow,
    tx: &TransactionRow,
    attempt: &Attempt,
) -> Result<Transaction, AppError> {
    let units = state.config.orkestra.amount_units;
    let amount = money(session, tx.amount_minor)?;
    let request: CreateCheckoutSession =
        serde_json::from_str(&session.request_json).unwrap_or_default();
    let market = views::market(session);
    // A 3-D Secure or bank page sends the payer back to the hosted page, which resumes.
    let return_url = format!("{}/pay/{}", state.config.public_url, charge.token);
    let transaction = methods::transaction(&attempt.payer, amount.currency(), &tx.id, &return_url);
    let known: Option<CustomerInput> = charge
        .customer_json
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .or_else(|| request.customer.clone());
    let customer = methods::customer(&attempt.payer, known.as_ref(), market);
    let all_charges = db::charges_of(&state.db, &session.id).await?;
    let several = all_charges.len() > 1;
    // Another leg may have created the order since this request read the session.
    let order_id = db::session_by_id(&state.db, &session.id)
        .await?
        .and_then(|s| s.orkestra_order_id);
    if order_id.is_none() && !several && tx.amount_minor == charge.amount_minor {
        let order = order_request(
            state,
            session,
            &request,
            vec![ChargeRequest {
                amount: None,
                customer,
                transactions: vec![transaction],
            }],
        )?;
        let order = state.orkestra.create_order(&order).await?;
        store_order_ids(state, session, &order).await?;
        return order
            .charges
            .into_iter()
            .flat_map(|c| c.transactions)
            .find(|t| t.reference_id.as_deref() == Some(tx.id.as_str()))
            .ok_or_else(|| {
                AppError::UpstreamRejected(
                    "the order does not contain our transaction".into(),
                    None,
                )
            });
    }
    let order_id = match order_id {
        Some(id) => id,
        None => {
            let charges_requested = all_charges
                .iter()
                .map(|c| {
                    Ok(ChargeRequest {
                        amount: if several {
                            Some(WireAmount::from_money(
                                money(session, c.amount_minor)?,
                                units,
                            ))
                        } else {
                            None
                        },
                        customer: Customer::new("", "", "", ""),
                        transactions: Vec::new(),
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            let order = order_request(state, session, &request, charges_requested)?;
            let order = state.orkestra.create_order(&order).await?;
            store_order_ids(state, session, &order).await?;
            order.id.to_string()
        }
    };
    let charge_id = if several {
        Some(orkestra_charge_id(state, session, charge, &order_id).await?)
    } else {
        None
    };
    let transaction = TransactionRequest {
        amount: Some(WireAmount::from_money(amount, units)),
        ..transaction
    };
    state
        .orkestra
        .add_transaction(&order_id, charge_id, &transaction, Some(customer))
        .await
}

/// Orkestra's order for a session: what the merchant asked, with these charges.
fn order_request(
    state: &AppState,
    session: &SessionRow,
    request: &CreateCheckoutSession,
    charges: Vec<ChargeRequest>,
) -> Result<OrderRequest, AppError> {
    let units = state.config.orkestra.amount_units;
    let amount = money(session, session.amount_minor)?;
    Ok(OrderRequest {
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
        charges,
    })
}

/// Keeps Orkestra's order id and its charges' ids (in our charges' order).
pub(crate) async fn store_order_ids(
    state: &AppState,
    session: &SessionRow,
    order: &Order,
) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET orkestra_order_id = $1 WHERE id = $2")
        .bind(order.id.to_string())
        .bind(&session.id)
        .execute(&state.db)
        .await?;
    for (position, charge) in order.charges.iter().enumerate() {
        sqlx::query(
            "UPDATE charges SET orkestra_charge_id = $1 WHERE session_id = $2 AND position = $3",
        )
        .bind(charge.id.to_string())
        .bind(&session.id)
        .bind(i64::try_from(position).unwrap_or(0))
        .execute(&state.db)
        .await?;
    }
    Ok(())
}

/// Orkestra's id of our charge: stored when the order was created, or read back from the
/// order (its charges are in ours' order) when that answer was lost.
async fn orkestra_charge_id(
    state: &AppState,
    session: &SessionRow,
    charge: &ChargeRow,
    order_id: &str,
) -> Result<i64, AppError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT orkestra_charge_id FROM charges WHERE id = $1")
            .bind(&charge.id)
            .fetch_optional(&state.db)
            .await?
            .flatten();
    if let Some(id) = stored.and_then(|id| id.parse().ok()) {
        return Ok(id);
    }
    let path = format!("{}/{order_id}", state.config.orkestra.paths.orders);
    let order: Order = state.orkestra.get_from(&path).await?;
    store_order_ids(state, session, &order).await?;
    order
        .charges
        .get(usize::try_from(charge.position).unwrap_or(usize::MAX))
        .map(|c| c.id)
        .ok_or_else(|| AppError::UpstreamRejected("the order lacks our charge".into(), None))
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

pub(crate) async fn record_upstream(
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

/// Reads the leg back from Orkestra's order and applies its status: for when Orkestra
/// refused a call because the leg had moved on (paid, failed, expired) before its
/// notification arrived.
pub async fn refresh(
    state: &AppState,
    session: &SessionRow,
    tx: &TransactionRow,
) -> Result<(), AppError> {
    let (Some(order_id), Some(orkestra_id)) = (
        session.orkestra_order_id.as_deref(),
        tx.orkestra_id.as_deref(),
    ) else {
        return Ok(());
    };
    let path = format!("{}/{order_id}", state.config.orkestra.paths.orders);
    let order: Order = state.orkestra.get_from(&path).await?;
    let upstream = order
        .charges
        .into_iter()
        .flat_map(|c| c.transactions)
        .find(|t| t.id.to_string() == orkestra_id);
    match upstream {
        Some(upstream) => apply_upstream(state, session, &tx.id, &upstream).await,
        None => Ok(()),
    }
}

/// Fails an attempt Orkestra positively does not have (the reconciler looked it up), so
/// the charge is free for a new one; unless a retry under its key took it over meanwhile
/// (see [`claim`]), whose call may be getting through. Returns whether it was failed.
pub(crate) async fn release_unreceived(
    state: &AppState,
    session: &SessionRow,
    tx: &TransactionRow,
) -> Result<bool, AppError> {
    let (mut conn, locked) = begin_change(state, &session.id).await?;
    let result = sqlx::query(
        "UPDATE transactions SET status = 'failed', failure_code = 'not_received', updated_at = $1 \
         WHERE id = $2 AND status = 'creating' AND updated_at = $3",
    )
    .bind(now_ms())
    .bind(&tx.id)
    .bind(tx.updated_at)
    .execute(&mut *conn)
    .await?;
    settle_and_publish(state, conn, &locked).await?;
    Ok(result.rows_affected() > 0)
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

/// Expires sessions past their time that have no payment in flight, and asks Orkestra
/// for the automatic refunds still to be asked.
pub async fn expire_forever(state: AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        // A partly paid session waits for its legs in flight (`close_order` checks), then
        // expires and its paid legs are refunded.
        let due: sqlx::Result<Vec<SessionRow>> = sqlx::query_as(
            "SELECT * FROM sessions WHERE status IN ('open', 'failed', 'partially_paid') AND expires_at <= $1 LIMIT 100",
        )
        .bind(now_ms())
        .fetch_all(&state.db)
        .await;
        for session in due.unwrap_or_default() {
            if let Err(err) = charges::close_order(&state, &session.id, OrderStatus::Expired).await
            {
                tracing::warn!(session_id = %session.id, error = %err, "could not expire session");
            }
        }
        charges::request_refunds(&state).await;
    }
}
