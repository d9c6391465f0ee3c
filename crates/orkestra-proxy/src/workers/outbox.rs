//! Webhooks to the merchant, delivered at least once with exponential backoff until the
//! configured horizon, then dead (the events API resends them). Every replica runs this
//! worker; it claims each event before sending it, so two replicas never send the same one
//! at the same time (see [`crate::store::Change::claim_due_event`]). Each attempt is kept
//! for the events API.

use std::time::{Duration, Instant};

use crate::metrics::DeliveryOutcome;
use crate::model::Attempt;
use crate::requests::REQUEST_ID;
use crate::state::AppState;
use crate::store::outbox::DueEvent;
use crate::store::StoreError;
use crate::time::now_ms;

const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claim keeps other workers off an event: one send and a wide margin. If the
/// replica dies (or stops) with the event claimed, it is sent again after this.
const LEASE: Duration = Duration::from_secs(SEND_TIMEOUT.as_secs() + 60);
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

pub async fn run(state: AppState) {
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
            _ = state.store.outbox_queued() => {}
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

async fn deliver_due(state: &AppState, client: &reqwest::Client) -> Result<(), StoreError> {
    loop {
        let now = now_ms();
        let lease_until = now + LEASE.as_millis() as i64;
        let claimed = state
            .store
            .write(move |c| Box::pin(async move { c.claim_due_event(now, lease_until).await }))
            .await?;
        let Some(event) = claimed else {
            return Ok(());
        };
        let attempt = send(state, client, &event).await;
        let next_attempt_at = match &attempt.error {
            None => {
                state.metrics.delivery(DeliveryOutcome::delivered);
                None
            }
            Some(error) => {
                let delay = Duration::from_secs(1 << event.attempts.clamp(0, 12)).min(MAX_BACKOFF);
                let next = attempt.at + delay.as_millis() as i64;
                let horizon = event.created_at + state.config.webhook_dead_after.as_millis() as i64;
                if next > horizon {
                    tracing::warn!(event_id = %event.id, attempts = event.attempts + 1, %error,
                        "merchant webhook given up on (dead); the events API can resend it");
                    state.metrics.delivery(DeliveryOutcome::dead);
                    None
                } else {
                    tracing::info!(event_id = %event.id, attempts = event.attempts + 1, %error,
                        "merchant webhook not acknowledged");
                    state.metrics.delivery(DeliveryOutcome::failed);
                    Some(next)
                }
            }
        };
        state
            .store
            .write(move |c| {
                Box::pin(async move { c.record_delivery(&event, &attempt, next_attempt_at).await })
            })
            .await?;
    }
}

/// One attempt: signed with every current secret, with the causing request's id.
async fn send(state: &AppState, client: &reqwest::Client, event: &DueEvent) -> Attempt {
    let at = now_ms();
    let started = Instant::now();
    let timestamp = at / 1000;
    let mut request = client
        .post(&event.url)
        .header("Content-Type", "application/json")
        .header(
            "Orkestra-Signature",
            state.keys.signature(timestamp, &event.body),
        )
        .header("Orkestra-Event-Id", &event.id)
        .body(event.body.clone());
    if let Some(id) = &event.request_id {
        request = request.header(REQUEST_ID, id);
    }
    let (status, error) = match request.send().await {
        Ok(response) if response.status().is_success() => (Some(response.status().as_u16()), None),
        Ok(response) => (
            Some(response.status().as_u16()),
            Some(format!("HTTP {}", response.status())),
        ),
        Err(err) => (None, Some(err.without_url().to_string())),
    };
    Attempt {
        at,
        status,
        error,
        duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
    }
}
