//! Settling payment attempts left `creating` because the create call to Orkestra timed
//! out or answered 5xx ("it may have arrived"). Without this such an attempt holds the
//! charge (one card leg in flight per charge) until a retry under the same key comes
//! back, which a payer who reloads the page never sends.
//!
//! For an attempt untouched for `reconcile.after`, Orkestra is asked for the order (by
//! its id when known, else by our `merchantOrderId`) and the transaction is looked for by
//! the `referenceId` we sent (the attempt's id):
//! - found: its real status is recorded, as the create call's answer would have been;
//! - the order or the transaction positively absent (404, or not in the order): the
//!   attempt is failed (`not_received`), which frees the charge for a new attempt;
//! - Orkestra unreachable or refusing: the attempt is left and looked up again later, the
//!   wait doubling up to `reconcile.max_backoff`.
//!
//! Safe with several replicas on one database: an attempt is claimed by a conditional
//! update of its `updated_at` (only one replica's succeeds), and failing it requires the
//! row to be as the claim left it, so a same-key retry that took it over meanwhile wins.

use super::settle::change_legs;
use super::submit::{keep_order_ids, record_answer};
use crate::error::AppError;
use crate::model::Leg;
use crate::state::AppState;
use crate::time::now_ms;
use crate::upstream::Lookup;

/// Attempts looked at per scan; the rest wait for the next one.
const BATCH: i64 = 50;

pub async fn reconcile_due(state: &AppState) -> Result<(), AppError> {
    let now = now_ms();
    let after = millis(state.config.reconcile.after);
    for leg in state
        .store
        .legs_to_reconcile(now - after, now, BATCH)
        .await?
    {
        let Some(claimed) = claim(state, leg).await? else {
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
async fn claim(state: &AppState, leg: Leg) -> Result<Option<Leg>, AppError> {
    let config = &state.config.reconcile;
    let tries = leg.reconcile_tries.min(20);
    let wait = (millis(config.after) << tries).min(millis(config.max_backoff));
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let now = now_ms();
                c.claim_for_reconcile(&leg, now, now + wait).await
            })
        })
        .await?)
}

async fn reconcile_one(state: &AppState, leg: &Leg) -> Result<(), AppError> {
    // Read now: the order id may have been learnt (a notification, another leg) since.
    let session = state
        .store
        .session(&leg.session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let order = match state
        .orkestra
        .find_order(session.orkestra_order_id, session.merchant_order_id())
        .await?
    {
        Lookup::Found(order) => order,
        Lookup::Absent => return release(state, leg).await,
        // Nothing to ask by: Orkestra's notification, or a retry, will settle it.
        Lookup::Unaskable => return Ok(()),
    };
    match order.leg(&leg.id) {
        Some(answer) => {
            if session.orkestra_order_id.is_none() {
                keep_order_ids(state, &session.id, order.id, order.charge_ids.clone()).await?;
            }
            tracing::info!(transaction_id = %leg.id, order_id = order.id, status = ?answer.outcome.status,
                "a stuck attempt had reached Orkestra");
            record_answer(state, &session.id, &leg.id, answer.clone()).await
        }
        None => release(state, leg).await,
    }
}

/// Fails an attempt Orkestra positively does not have, so the charge is free for a new
/// one; unless a retry under its key took it over meanwhile, whose call may be getting
/// through.
async fn release(state: &AppState, leg: &Leg) -> Result<(), AppError> {
    let (leg_id, updated_at) = (leg.id.clone(), leg.updated_at);
    let released = change_legs(state, &leg.session_id, move |c, _| {
        Box::pin(async move { Ok(c.fail_unreceived(&leg_id, updated_at, now_ms()).await?) })
    })
    .await?;
    if released {
        tracing::info!(transaction_id = %leg.id,
            "a stuck attempt never reached Orkestra: failed, the charge is free again");
    }
    Ok(())
}

fn millis(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
