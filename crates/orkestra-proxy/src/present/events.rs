//! Webhook events as the events API shows them.

use orkestra_core::api::merchant::{AttemptView, EventDetail, EventView};
use serde_json::value::RawValue;

use crate::model::{Attempt, Event};
use crate::time::rfc3339;

pub fn event_view(event: &Event) -> EventView {
    EventView {
        id: event.id.clone(),
        kind: event.kind.clone(),
        session_id: event.session_id.clone(),
        url: event.url.clone(),
        status: event.delivery.as_str().to_owned(),
        attempts: u32::try_from(event.attempts).unwrap_or(u32::MAX),
        last_error: event.last_error.clone(),
        next_attempt_at: event.next_attempt_at.map(rfc3339),
        delivered_at: event.delivered_at.map(rfc3339),
        dead_at: event.dead_at.map(rfc3339),
        request_id: event.request_id.clone(),
        created_at: rfc3339(event.created_at),
    }
}

/// The event with its attempts and its body as sent; `Err` names the event whose body is
/// not JSON (it is ours, written when the event was queued: corrupt data).
pub fn event_detail(event: &Event, attempts: &[Attempt]) -> Result<EventDetail, String> {
    let payload = RawValue::from_string(event.body.clone())
        .map_err(|e| format!("the body of event {} is not JSON: {e}", event.id))?;
    Ok(EventDetail {
        event: event_view(event),
        delivery_attempts: attempts
            .iter()
            .map(|a| AttemptView {
                at: rfc3339(a.at),
                status_code: a.status,
                error: a.error.clone(),
                duration_ms: a.duration_ms,
            })
            .collect(),
        payload,
    })
}
