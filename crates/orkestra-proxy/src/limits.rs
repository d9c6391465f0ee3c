//! Rate limits: per client IP on every API route, and per session on payment submits, so
//! one client cannot exhaust the proxy or hammer Orkestra through one payment link.
//! Fixed one-minute windows, kept in memory: each replica limits on its own.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Request bodies above this are refused before any parsing (413).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

const WINDOW: Duration = Duration::from_secs(60);
/// Above this many tracked keys, finished windows are dropped before adding another.
const PRUNE_ABOVE: usize = 10_000;

pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            windows: Mutex::default(),
        }
    }

    /// Counts one request for `key`; `Err(retry_after)` once the window's allowance is spent.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_minute {
            return Err(WINDOW.saturating_sub(now.duration_since(*start)));
        }
        *count += 1;
        Ok(())
    }
}

pub struct Limits {
    pub per_ip: RateLimiter,
    pub per_session_submit: RateLimiter,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_allowance_and_then_a_retry_after() {
        let limiter = RateLimiter::new(2);
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        let retry = limiter.check("a").unwrap_err();
        assert!(retry <= WINDOW && retry > Duration::from_secs(50));
        assert!(limiter.check("b").is_ok(), "keys are counted apart");
    }
}
