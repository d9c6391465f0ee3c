//! After a session's legs changed, in the same unit of work: its charges' and its
//! order's statuses derived again (orkestra-core's rules), what moved stored, and the
//! merchant's webhooks queued: `checkout_session.<status>` when the order's status moved
//! and, for an order of several payers, `charge.<status>` for each charge that moved.

use orkestra_core::split::order_status;

use futures::future::BoxFuture;

use super::webhooks;
use crate::error::AppError;
use crate::model::Order;
use crate::state::AppState;
use crate::store::Change;
use crate::time::now_ms;

/// Settles the session `session_id` (locked by this change). Returns the order as it now
/// stands.
pub async fn settle(c: &mut Change, order: &Order, public_url: &str) -> Result<Order, AppError> {
    let current = c.reread(order).await?;
    let now = now_ms();
    let mut statuses = Vec::with_capacity(current.charges.len());
    let mut moved = Vec::new();
    for charge in &current.charges {
        let status = current.derived_charge_status(charge)?;
        if status != charge.status {
            c.set_charge_status(&charge.id, status, now).await?;
            moved.push((charge.id.clone(), status));
        }
        statuses.push(status);
    }
    let status = order_status(current.session.status, &statuses);
    let order_moved = status != current.session.status;
    if order_moved {
        c.set_session_status(&current.session.id, status, now)
            .await?;
    }
    if !order_moved && moved.is_empty() {
        return Ok(current);
    }
    let settled = c.reread(&current).await?;
    if order_moved {
        webhooks::order_event(c, &settled, public_url).await?;
        tracing::info!(session_id = %settled.session.id, status = status.as_str(), "session status changed");
    }
    if settled.charges.len() > 1 {
        for (charge_id, status) in moved {
            let kind = format!("charge.{}", status.as_str());
            webhooks::charge_event(c, &settled, &charge_id, &kind, public_url).await?;
        }
    }
    Ok(settled)
}

/// One change to a session's legs as a unit of work: the session locked, `change` made
/// with the order as the lock found it, the order settled, the pages told on commit.
pub async fn change_legs<T, F>(state: &AppState, session_id: &str, change: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: for<'c> FnOnce(&'c mut Change, &'c Order) -> BoxFuture<'c, Result<T, AppError>>
        + Send
        + 'static,
{
    let session_id = session_id.to_owned();
    let public_url = state.config.public_url.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let order = c.lock_order(&session_id).await?;
                let value = change(c, &order).await?;
                c.touch(&session_id);
                settle(c, &order, &public_url).await?;
                Ok(value)
            })
        })
        .await
}
