//! The reconciler: settles payment attempts left `creating` because the create call to
//! Orkestra timed out or answered 5xx ("it may have arrived"). Without it such an attempt
//! holds the charge (one card leg in flight per charge) until a retry under the same key
//! comes back, which a payer who reloads the page never sends.
//!
//! For an attempt untouched for `reconcile.after`, it asks Orkestra for the order (by its
//! id when known, else by our `merchantOrderId`) and looks for the transaction by the
//! `referenceId` we sent (the attempt's id):
//! - found: its real status is recorded, as the create call's answer would have been;
//! - the order or the transaction positively absent (404, or not in the order): the attempt
//!   is failed (`not_received`), which frees the charge for a new attempt;
//! - Orkestra unreachable or refusing: the attempt is left and looked up again later, the
//!   wait doubling up to `reconcile.max_backoff`.
//!
//! Safe with several replicas on one database: an attempt is claimed by a conditional
//! update of its `updated_at` (only one replica's succeeds), and failing it requires the
//! row to be as the claim left it, so a same-key retry that took it over meanwhile wins.

use orkestra_core::api::orkestra::{Order, Transaction};

use crate::db::{self, SessionRow, TransactionRow};
use crate::error::AppError;
use crate::payments;
use crate::time::now_ms;
use crate::AppState;

/// Attempts looked at per scan; the rest wait for the next one.
const BATCH: i64 = 50;

pub async fn reconcile_forever(state: AppState) {
    loop {
        tokio::time::sleep(state.config.reconcile.interval).await;
        if let Err(err) = reconcile_due(&state).await {
            tracing::warn!(error = %err, "reconciling stuck attempts failed");
        }
    }
}

async fn reconcile_due(state: &AppState) -> Result<(), AppError> {
    let now = now_ms();
    let after = millis(state.config.reconcile.after);
    let due: Vec<TransactionRow> = sqlx::query_as(
        "SELECT * FROM transactions WHERE status = 'creating' AND updated_at <= $1 \
         AND COALESCE(reconcile_at, 0) <= $2 ORDER BY updated_at LIMIT $3",
    )
    .bind(now - after)
    .bind(now)
    .bind(BATCH)
    .fetch_all(&state.db)
    .await?;
    for tx in due {
        let Some(claimed) = claim(state, &tx).await? else {
            continue;
        };
        if let Err(err) = reconcile_one(state, &claimed).await {
            tracing::warn!(transaction_id = %claimed.id, error = %err,
                "could not reconcile a stuck attempt; will look again");
        }
    }
    Ok(())
}

/// Takes the attempt for this replica: moves `updated_at` on and sets the next lookup
/// after a doubling wait. `None` when another replica or a retry got there first.
async fn claim(state: &AppState, tx: &TransactionRow) -> Result<Option<TransactionRow>, AppError> {
    let config = &state.config.reconcile;
    let tries = tx.reconcile_tries.unwrap_or(0).clamp(0, 20);
    let wait = (millis(config.after) << tries).min(millis(config.max_backoff));
    let now = now_ms();
    Ok(sqlx::query_as(
        "UPDATE transactions SET updated_at = $1, reconcile_at = $2, \
         reconcile_tries = COALESCE(reconcile_tries, 0) + 1 \
         WHERE id = $3 AND status = 'creating' AND updated_at = $4 RETURNING *",
    )
    .bind(now.max(tx.updated_at + 1))
    .bind(now + wait)
    .bind(&tx.id)
    .bind(tx.updated_at)
    .fetch_optional(&state.db)
    .await?)
}

async fn reconcile_one(state: &AppState, tx: &TransactionRow) -> Result<(), AppError> {
    // Read now: the order id may have been learnt (a notification, another leg) since.
    let session = db::session_by_id(&state.db, &tx.session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(order) = look_up_order(state, &session).await? else {
        if session.orkestra_order_id.is_none()
            && state.config.orkestra.paths.order_lookup.is_empty()
        {
            // Nothing to ask by: Orkestra's notification, or a retry, will settle it.
            return Ok(());
        }
        release(state, &session, tx).await;
        return Ok(());
    };
    let order_id = order.id;
    match find_transaction(order.clone(), &tx.id) {
        Some(upstream) => {
            if session.orkestra_order_id.is_none() {
                payments::store_order_ids(state, &session, &order).await?;
            }
            tracing::info!(transaction_id = %tx.id, %order_id, status = ?upstream.status,
                "a stuck attempt had reached Orkestra");
            payments::record_upstream(state, &session, &tx.id, upstream).await
        }
        None => {
            release(state, &session, tx).await;
            Ok(())
        }
    }
}

async fn release(state: &AppState, session: &SessionRow, tx: &TransactionRow) {
    match payments::release_unreceived(state, session, tx).await {
        Ok(true) => tracing::info!(transaction_id = %tx.id,
            "a stuck attempt never reached Orkestra: failed, the charge is free again"),
        Ok(false) => {}
        Err(err) => tracing::warn!(transaction_id = %tx.id, error = %err,
            "could not release a stuck attempt"),
    }
}

/// The session's order at Orkestra; `None` when Orkestra says there is none (or, with no
/// order id and the lookup turned off, when there is no way to ask).
async fn look_up_order(state: &AppState, session: &SessionRow) -> Result<Option<Order>, AppError> {
    let paths = &state.config.orkestra.paths;
    match &session.orkestra_order_id {
        Some(id) => {
            state
                .orkestra
                .find(&format!("{}/{id}", paths.orders), &[])
                .await
        }
        None if paths.order_lookup.is_empty() => Ok(None),
        None => {
            state
                .orkestra
                .find(
                    &paths.order_lookup,
                    &[(
                        paths.order_lookup_param.as_str(),
                        session.merchant_order_id.as_str(),
                    )],
                )
                .await
        }
    }
}

/// Our attempt in Orkestra's order: the transaction whose `referenceId` is its id.
fn find_transaction(order: Order, tx_id: &str) -> Option<Transaction> {
    order
        .charges
        .into_iter()
        .flat_map(|c| c.transactions)
        .find(|t| t.reference_id.as_deref() == Some(tx_id))
}

fn millis(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
