//! The pages' snapshots: the JSON a page token's session read as last time, kept until a
//! change to its session is announced on this replica (its own commits; on PostgreSQL the
//! other replicas' too, through the listener). A page reading its session, its live
//! status after every change, a reload: each a map lookup instead of four queries and a
//! serialisation, which is what lets reads run near the framework's own speed.
//!
//! A read that began before a change and ends after its announcement must not be kept:
//! every announcement moves an epoch on, a read notes the epoch it began at, and a
//! snapshot is kept only if its session has not changed since.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;

/// Most snapshots kept; past it, the map starts over (a payer's page reads again).
const MAX_PAGES: usize = 50_000;
/// A snapshot is read again after this however quiet its session: a safety net for a
/// change whose announcement never came (a lost notification).
const MAX_AGE: Duration = Duration::from_secs(30);

/// One page's answer, as sent.
pub struct Snapshot {
    pub session_id: String,
    /// The page session, serialised.
    pub body: Bytes,
    /// The origins that may read it (the browser API's CORS).
    pub embed_origins: std::sync::Arc<[String]>,
    taken: Instant,
}

impl Snapshot {
    pub fn new(session_id: String, body: Bytes, embed_origins: &[String]) -> Snapshot {
        Snapshot {
            session_id,
            body,
            embed_origins: embed_origins.into(),
            taken: Instant::now(),
        }
    }
}

#[derive(Default)]
pub struct Snapshots {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    epoch: u64,
    pages: HashMap<String, Snapshot>,
    /// The tokens whose snapshot is of each session.
    tokens: HashMap<String, Vec<String>>,
    /// The epoch of each session's last change, since `forgotten_before`.
    changed: HashMap<String, u64>,
    /// Changes before this epoch are forgotten: a read begun before it keeps nothing.
    forgotten_before: u64,
}

impl Snapshots {
    fn fresh<T>(&self, token: &str, part: impl FnOnce(&Snapshot) -> T) -> Option<T> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner
            .pages
            .get(token)
            .filter(|s| s.taken.elapsed() < MAX_AGE)
            .map(part)
    }

    /// The kept answer of `token`'s page, if it is fresh.
    pub fn body(&self, token: &str) -> Option<Bytes> {
        self.fresh(token, |s| s.body.clone())
    }

    /// The origins that may read `token`'s page, if its snapshot is fresh.
    pub fn origins(&self, token: &str) -> Option<std::sync::Arc<[String]>> {
        self.fresh(token, |s| s.embed_origins.clone())
    }

    /// The epoch to note before reading a page.
    pub fn epoch(&self) -> u64 {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).epoch
    }

    /// Keeps `snapshot` of `token`, read from `read_at` on, unless its session changed
    /// since.
    pub fn keep(&self, token: &str, snapshot: Snapshot, read_at: u64) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let changed = inner
            .changed
            .get(&snapshot.session_id)
            .copied()
            .unwrap_or(0);
        if read_at < inner.forgotten_before || changed > read_at {
            return;
        }
        if inner.pages.len() >= MAX_PAGES {
            inner.pages.clear();
            inner.tokens.clear();
        }
        let tokens = inner.tokens.entry(snapshot.session_id.clone()).or_default();
        if !tokens.iter().any(|t| t == token) {
            tokens.push(token.to_owned());
        }
        inner.pages.insert(token.to_owned(), snapshot);
    }

    /// A change to `session_id` was committed: its pages read again.
    pub fn changed(&self, session_id: &str) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.epoch += 1;
        let epoch = inner.epoch;
        if inner.changed.len() >= MAX_PAGES {
            inner.changed.clear();
            inner.forgotten_before = epoch;
        }
        inner.changed.insert(session_id.to_owned(), epoch);
        if let Some(tokens) = inner.tokens.remove(session_id) {
            for token in tokens {
                inner.pages.remove(&token);
            }
        }
    }

    /// Anything may have changed (a listener that was away): every page reads again.
    pub fn all_changed(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.epoch += 1;
        inner.forgotten_before = inner.epoch;
        inner.pages.clear();
        inner.tokens.clear();
        inner.changed.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(session: &str) -> Snapshot {
        Snapshot::new(session.into(), Bytes::from_static(b"{}"), &[])
    }

    #[test]
    fn a_snapshot_is_kept_until_its_session_changes() {
        let s = Snapshots::default();
        let at = s.epoch();
        s.keep("t1", snap("cs_1"), at);
        s.keep("t2", snap("cs_2"), at);
        assert!(s.body("t1").is_some());
        s.changed("cs_1");
        assert!(s.body("t1").is_none());
        assert!(s.body("t2").is_some(), "another session's page stays");
    }

    #[test]
    fn a_read_begun_before_a_change_is_not_kept() {
        let s = Snapshots::default();
        let at = s.epoch();
        s.changed("cs_1");
        s.keep("t1", snap("cs_1"), at);
        assert!(
            s.body("t1").is_none(),
            "it may show the session before the change"
        );
        let after = s.epoch();
        s.keep("t1", snap("cs_1"), after);
        assert!(s.body("t1").is_some());
    }

    #[test]
    fn after_everything_changed_no_earlier_read_is_kept() {
        let s = Snapshots::default();
        let at = s.epoch();
        s.keep("t1", snap("cs_1"), at);
        s.all_changed();
        assert!(s.body("t1").is_none());
        s.keep("t2", snap("cs_2"), at);
        assert!(s.body("t2").is_none());
        let after = s.epoch();
        s.keep("t2", snap("cs_2"), after);
        assert!(s.body("t2").is_some(), "a read begun after is kept");
    }
}
