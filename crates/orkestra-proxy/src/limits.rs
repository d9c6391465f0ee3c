//! Rate limits: per client IP on every API route, and per session on payment submits, so
//! one client cannot exhaust the proxy or hammer Orkestra through one payment link.
//! Fixed one-minute windows, kept in memory: each replica limits on its own.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Request bodies above this are refused before any parsing (413).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

const WINDOW: Duration = Duration::from_secs(60);
/// Past this many tracked keys, the finished windows are dropped: at most once a window,
/// so the cost of the sweep spreads over all the requests of a window.
const PRUNE_ABOVE: usize = 10_000;

/// One allowance per key and minute: a client IP, or a page token.
pub struct RateLimiter<K = String> {
    per_minute: u32,
    state: Mutex<Windows<K>>,
}

struct Windows<K> {
    windows: HashMap<K, (Instant, u32)>,
    /// When the finished windows were last dropped, and how often they were.
    pruned: Instant,
    sweeps: u64,
}

impl<K: std::hash::Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            state: Mutex::new(Windows {
                windows: HashMap::new(),
                pruned: Instant::now(),
                sweeps: 0,
            }),
        }
    }

    /// Counts one request for `key`; `Err(retry_after)` once the window's allowance is spent.
    pub fn check<Q>(&self, key: &Q) -> Result<(), Duration>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.windows.len() > PRUNE_ABOVE && now.duration_since(state.pruned) >= WINDOW {
            state
                .windows
                .retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            state.pruned = now;
            state.sweeps += 1;
        }
        // Looked up by reference: a client already counted costs no allocation.
        if !state.windows.contains_key(key) {
            state.windows.insert(key.to_owned(), (now, 0));
        }
        let Some((start, count)) = state.windows.get_mut(key) else {
            return Ok(());
        };
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

    /// How many keys are tracked, and how often the finished windows were dropped.
    pub fn tracked(&self) -> (usize, u64) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (state.windows.len(), state.sweeps)
    }
}

pub struct Limits {
    pub per_ip: RateLimiter<std::net::IpAddr>,
    pub per_session_submit: RateLimiter<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_allowance_and_then_a_retry_after() {
        let limiter = RateLimiter::<String>::new(2);
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_ok());
        let retry = limiter.check("a").unwrap_err();
        assert!(retry <= WINDOW && retry > Duration::from_secs(50));
        assert!(limiter.check("b").is_ok(), "keys are counted apart");
    }
}

#[cfg(test)]
mod prune_tests {
    use super::*;

    #[test]
    fn many_clients_are_tracked_without_a_sweep_per_request() {
        let limiter = RateLimiter::<u32>::new(10);
        for client in 0..50_000u32 {
            assert!(limiter.check(&client).is_ok());
        }
        // Past 10,000 keys, no sweep ran at each request: none at all within the first
        // minute (it runs at most once a window).
        assert_eq!(limiter.tracked(), (50_000, 0));
        assert!(limiter.check(&7).is_ok());
    }
}
