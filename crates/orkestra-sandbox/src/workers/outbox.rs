//! Delivers the notifications the outbox holds (`store::outbox`): in order per receiving
//! URL, retrying with exponential backoff until the receiver answers 2xx. At least once,
//! so a receiver may see the same notification twice.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::error::SandboxError;
use crate::state::AppState;
use crate::store::outbox::{self, Due};
use crate::time::now_ms;

pub async fn deliver_forever(state: AppState) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client with a timeout");
    let credentials = STANDARD.encode(format!(
        "{}:{}",
        state.config.webhook_username, state.config.webhook_password
    ));
    loop {
        if let Err(err) = deliver_due(&state, &client, &credentials).await {
            tracing::warn!(error = ?err, "webhook delivery round failed");
        }
        tokio::select! {
            _ = state.outbox.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

/// Delivers, for every receiving URL, its oldest undelivered notification when it is due,
/// and goes on while something was delivered. Notifications to one URL go out in the
/// order they were written (a later one waits for an earlier one's retry); a receiver that
/// fails does not hold back another's (its retries wait on their own schedule).
async fn deliver_due(
    state: &AppState,
    client: &reqwest::Client,
    credentials: &str,
) -> Result<(), SandboxError> {
    loop {
        let heads = outbox::heads(&state.db).await?;
        let now = now_ms();
        let mut sends = tokio::task::JoinSet::new();
        for item in heads.into_iter().filter(|h| h.next_attempt_at <= now) {
            let (state, client, credentials) =
                (state.clone(), client.clone(), credentials.to_owned());
            sends.spawn(async move { deliver_one(&state, &client, &credentials, item).await });
        }
        if sends.is_empty() {
            return Ok(());
        }
        let mut delivered = false;
        while let Some(result) = sends.join_next().await {
            match result {
                Ok(Ok(true)) => delivered = true,
                Ok(Ok(false)) => {}
                Ok(Err(err)) => return Err(err),
                Err(err) => tracing::warn!(error = %err, "webhook delivery task failed"),
            }
        }
        if !delivered {
            return Ok(());
        }
    }
}

/// One attempt; `true` when the receiver acknowledged it.
async fn deliver_one(
    state: &AppState,
    client: &reqwest::Client,
    credentials: &str,
    item: Due,
) -> Result<bool, SandboxError> {
    let result = client
        .post(&item.url)
        .header("Authorization", format!("Basic {credentials}"))
        .header("Content-Type", "application/json")
        .body(item.body)
        .send()
        .await;
    match result {
        Ok(response) if response.status().is_success() => {
            outbox::delivered(&state.db, item.id, now_ms()).await?;
            Ok(true)
        }
        other => {
            let error = match other {
                Ok(response) => format!("HTTP {}", response.status()),
                Err(err) => err.without_url().to_string(),
            };
            let delay = backoff(state.config.webhook_retry_base, item.attempts);
            tracing::info!(webhook_id = item.id, attempts = item.attempts + 1, %error, retry_in_ms = delay.as_millis() as u64, "webhook not acknowledged");
            let next = now_ms() + delay.as_millis() as i64;
            outbox::failed(&state.db, item.id, next, &error).await?;
            Ok(false)
        }
    }
}

/// base, 2·base, 4·base … capped at one minute.
fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 1u32 << attempts.clamp(0, 16) as u32;
    (base * factor).min(Duration::from_secs(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_a_minute() {
        let base = Duration::from_secs(1);
        assert_eq!(backoff(base, 0), Duration::from_secs(1));
        assert_eq!(backoff(base, 3), Duration::from_secs(8));
        assert_eq!(backoff(base, 40), Duration::from_secs(60));
    }
}
