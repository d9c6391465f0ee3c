//! The merchant webhook events the proxy keeps (its outbox), as the events API and the
//! delivery worker see them: read from their rows once by `store::outbox`.

/// How one delivery attempt went.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub at: i64,
    /// The merchant's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why it did not count (a status other than 2xx, a timeout, a refused connection).
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// Where an event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Not delivered yet; tried again at its next attempt's time.
    Pending,
    Delivered,
    /// Given up on after the configured horizon; sent again only when resent.
    Dead,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Pending => "pending",
            Delivery::Delivered => "delivered",
            Delivery::Dead => "dead",
        }
    }

    pub fn parse(s: &str) -> Option<Delivery> {
        [Delivery::Pending, Delivery::Delivered, Delivery::Dead]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

/// An event as the events API shows it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub session_id: Option<String>,
    pub url: String,
    /// The event as sent (signed), JSON.
    pub body: String,
    pub request_id: Option<String>,
    pub delivery: Delivery,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub dead_at: Option<i64>,
    pub created_at: i64,
}
