//! Orkestra's notifications: an order's transactions moved, a refund or a payout
//! changed. Each is safe to receive twice or out of order: a leg only moves forward, and
//! the merchant gets each status of a refund or payout once.

use orkestra_core::api::orkestra::{OrderWebhook, Payout as WirePayout, Refund as WireRefund};

use super::{refunds, settle::settle, webhooks};
use crate::error::AppError;
use crate::present::money_out::{payout_view, refund_view};
use crate::state::AppState;
use crate::store::notices::Notice;
use crate::time::now_ms;
use crate::upstream::order;

/// Applies an order notification. Returns false for an order that is not ours (another
/// integration on the same account).
pub async fn order_changed(state: &AppState, hook: OrderWebhook) -> Result<bool, AppError> {
    let public_url = state.config.public_url.clone();
    let answers: Vec<_> = hook.transactions.iter().map(order::answer).collect();
    let (order_id, reference) = (hook.id, hook.reference_id.clone());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let Some(session) = c.session_of_upstream_order(order_id, &reference).await? else {
                    return Ok::<_, AppError>(false);
                };
                let order = c.lock_order(&session.id).await?;
                // The create call's answer may never have arrived (a timeout): learn the
                // order's id here, so later legs add to it instead of creating it again.
                c.learn_order_id(&session.id, order_id).await?;
                let now = now_ms();
                let mut changed = false;
                for answer in &answers {
                    changed |= c
                        .record_notified(
                            &session.id,
                            answer.orkestra_id,
                            answer.reference.as_deref(),
                            &answer.outcome,
                            now,
                        )
                        .await?;
                }
                settle(c, &order, &public_url).await?;
                if changed {
                    c.touch(&session.id);
                }
                Ok(true)
            })
        })
        .await
}

/// A refund notification: forwarded to the session's webhook as `refund.<status>`, and an
/// automatic refund settles.
pub async fn refund_changed(state: &AppState, wire: WireRefund) -> Result<(), AppError> {
    let refund = order::refund(wire, state.orkestra.units())?;
    let Some((session, leg)) = state
        .store
        .leg_by_orkestra_id(refund.transaction_id)
        .await?
    else {
        tracing::warn!(
            refund_id = refund.id,
            "refund notification for an unknown transaction ignored"
        );
        return Ok(());
    };
    let view = refund_view(&refund, &leg.id);
    forward_once(
        state,
        Notice::Refund,
        view.id.clone(),
        view.status.clone(),
        session.spec.webhook_url.clone(),
        session.id.clone(),
        view,
    )
    .await?;
    refunds::settled(state, &leg, &refund).await
}

/// A payout notification: forwarded to `PROXY_PAYOUT_WEBHOOK_URL` as `payout.<status>`
/// (payouts belong to no session).
pub async fn payout_changed(state: &AppState, wire: WirePayout) -> Result<(), AppError> {
    let payout = order::payout(wire, state.orkestra.units())?;
    let view = payout_view(&payout);
    forward_once(
        state,
        Notice::Payout,
        view.id.clone(),
        view.status.clone(),
        state.config.payout_webhook_url.clone(),
        String::new(),
        view,
    )
    .await
}

/// Queues `<resource>.<status>` for the merchant at `url` only when the notification is
/// news: Orkestra delivers at least once, and a stale `PENDING` copy may arrive after the
/// final status, but the merchant gets each status of a refund or payout once.
async fn forward_once<T: serde::Serialize + Send + Sync + 'static>(
    state: &AppState,
    kind: Notice,
    id: String,
    status: String,
    url: Option<String>,
    session_id: String,
    data: T,
) -> Result<(), AppError> {
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                if c.record_notice(kind, &id, &status, now_ms()).await? {
                    if let Some(url) = &url {
                        let event = format!("{}.{status}", kind.as_str());
                        webhooks::queue(c, &session_id, url, &event, &data).await?;
                    }
                    tracing::info!(resource = kind.as_str(), id, status, "notification applied");
                } else {
                    tracing::info!(
                        resource = kind.as_str(),
                        id,
                        status,
                        "notification already applied; nothing forwarded"
                    );
                }
                Ok::<_, AppError>(())
            })
        })
        .await
}
