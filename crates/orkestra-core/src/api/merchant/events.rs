//! The events API: the webhooks the merchant was (or is being) sent, with how their
//! delivery went.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// One webhook event and its delivery.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    pub id: String,
    /// `checkout_session.paid`, `charge.refunded`, `refund.refunded`, `payout.paid`…
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Where it is sent.
    pub url: String,
    /// `pending` (tried again at `nextAttemptAt`), `delivered`, or `dead` (given up on
    /// after the horizon; resend it).
    pub status: String,
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_at: Option<String>,
    /// The request that caused it (also its `X-Request-Id` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    pub created_at: String,
}

/// `GET /v1/events`: a page of events, newest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventList {
    pub data: Vec<EventView>,
    /// Pass as `before` for the next page; absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<String>,
}

/// One delivery attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptView {
    pub at: String,
    /// The merchant's HTTP status, when it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// `GET /v1/events/{id}`: the event, its attempts, and the body as signed and sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: EventView,
    pub delivery_attempts: Vec<AttemptView>,
    pub payload: Box<RawValue>,
}

/// `GET /v1/webhook-signing-secret`: what webhooks and the signed return are signed with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SigningSecret {
    pub secret: String,
    /// During a rotation: the secret being retired, which also signs until it is removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}
