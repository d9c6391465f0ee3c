//! Webhooks to the merchant, delivered at least once with exponential backoff. Every
//! replica runs this worker; it claims each event before sending it, so two replicas never
//! send the same one at the same time (see [`crate::store::Store::claim_due_event`]).

use std::time::Duration;

use crate::signing::signature;
use crate::state::AppState;
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
        let timestamp = now_ms() / 1000;
        let result = client
            .post(&event.url)
            .header("Content-Type", "application/json")
            .header(
                "Orkestra-Signature",
                signature(state.signing_key(), timestamp, &event.body),
            )
            .header("Orkestra-Event-Id", &event.id)
            .body(event.body.clone())
            .send()
            .await;
        match result {
            Ok(response) if response.status().is_success() => {
                let id = event.id.clone();
                state
                    .store
                    .write(move |c| Box::pin(async move { c.event_delivered(&id, now_ms()).await }))
                    .await?;
            }
            other => {
                let error = match other {
                    Ok(response) => format!("HTTP {}", response.status()),
                    Err(err) => err.without_url().to_string(),
                };
                let delay = Duration::from_secs(1 << event.attempts.clamp(0, 12)).min(MAX_BACKOFF);
                tracing::info!(event_id = %event.id, attempts = event.attempts + 1, %error, "merchant webhook not acknowledged");
                let (id, next) = (event.id.clone(), now_ms() + delay.as_millis() as i64);
                state
                    .store
                    .write(move |c| {
                        Box::pin(async move { c.event_not_delivered(&id, next, &error).await })
                    })
                    .await?;
            }
        }
    }
}
