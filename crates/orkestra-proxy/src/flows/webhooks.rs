//! The webhooks the merchant gets: queued in the unit of work of the change that causes
//! them, delivered by `workers::outbox`, signed and retried alike.

use orkestra_core::api::merchant::{ChargeEvent, MerchantEvent};
use serde::Serialize;

use crate::error::AppError;
use crate::ids;
use crate::model::Order;
use crate::present::merchant::{charge_view, checkout_session};
use crate::store::Change;
use crate::time::{now_ms, rfc3339};

/// Queues an event of `kind` for the merchant at `url` (`session_id` empty for payouts).
pub async fn queue<T: Serialize>(
    c: &mut Change,
    session_id: &str,
    url: &str,
    kind: &str,
    data: &T,
) -> Result<(), AppError> {
    let now = now_ms();
    let event = MerchantEvent {
        id: ids::event_id(),
        kind: kind.to_owned(),
        created_at: rfc3339(now),
        data,
    };
    let body = serde_json::to_string(&event).map_err(anyhow::Error::from)?;
    c.queue_event(&event.id, kind, session_id, url, &body, now)
        .await?;
    Ok(())
}

/// `checkout_session.<status>` with the order as it now stands.
pub async fn order_event(c: &mut Change, order: &Order, public_url: &str) -> Result<(), AppError> {
    let Some(url) = &order.session.spec.webhook_url else {
        return Ok(());
    };
    let data = checkout_session(order, public_url)?;
    let kind = format!("checkout_session.{}", data.status.as_str());
    queue(c, &order.session.id, url, &kind, &data).await
}

/// A `charge.*` event: the charge and its order as they now stand.
pub async fn charge_event(
    c: &mut Change,
    order: &Order,
    charge_id: &str,
    kind: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let Some(url) = &order.session.spec.webhook_url else {
        return Ok(());
    };
    let Some(charge) = order.charge(charge_id) else {
        return Ok(());
    };
    let data = ChargeEvent {
        charge: charge_view(order, charge, public_url)?,
        session: checkout_session(order, public_url)?,
    };
    queue(c, &order.session.id, url, kind, &data).await
}
