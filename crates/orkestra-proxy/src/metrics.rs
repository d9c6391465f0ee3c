//! What the proxy counts for `GET /metrics` (Prometheus' text format, 0.0.4).
//!
//! Counters and histograms are kept as things happen (requests, Orkestra calls, webhook
//! attempts, rate-limited requests, live streams); the figures that live in the database
//! (webhooks waiting or dead, sessions by status) are read when Prometheus scrapes, so
//! every replica reports the same, whole picture of them.
//!
//! Labels are closed sets or route patterns: never a path (a path holds a page token),
//! an id, an amount or anything a payer typed, so no label can carry a card number,
//! a document or a secret, and the number of series stays bounded.

use std::collections::HashSet;
use std::sync::{OnceLock, RwLock};

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

/// The `Content-Type` of what [`Metrics::encode`] writes.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// One of the proxy's calls to Orkestra.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum UpstreamOp {
    create_order,
    add_transaction,
    get_order,
    find_order,
    pse_banks,
    submit_otp,
    cancel_transaction,
    create_refund,
    list_refunds,
    create_payout,
    create_payouts,
    get_payout,
}

/// How a call to Orkestra ended (after its retries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum UpstreamOutcome {
    /// A 2xx whose body read as expected.
    ok,
    /// A 4xx: Orkestra refused the request (a decline, a bad field, not found).
    rejected,
    /// A 2xx whose body did not read as the proxy expects (a contract mismatch).
    bad_response,
    /// 5xx, 429 or a timeout once Orkestra may have received it.
    unavailable,
    /// No connection could be made.
    unreached,
}

/// How one attempt to deliver a merchant webhook ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum DeliveryOutcome {
    /// A 2xx from the merchant.
    delivered,
    /// Anything else; tried again later.
    failed,
    /// Failed, and past the horizon: given up on until resent.
    dead,
}

/// Which allowance a rate-limited request had spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum Limit {
    client_ip,
    session_submits,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: &'static str,
    status: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct UpstreamLabels {
    operation: UpstreamOp,
    outcome: UpstreamOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct OperationLabels {
    operation: UpstreamOp,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct DeliveryLabels {
    outcome: DeliveryOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct LimitLabels {
    limit: Limit,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct StatusLabels {
    status: &'static str,
}

/// A route pattern as a `&'static str`, kept once: labels then cost no allocation on each
/// request (a read is a few microseconds of work). The set is the router's patterns and
/// `(none)` for what matched nothing, so what is kept stays a few dozen short strings.
pub fn route_label(route: &str) -> &'static str {
    static ROUTES: OnceLock<RwLock<HashSet<&'static str>>> = OnceLock::new();
    let routes = ROUTES.get_or_init(Default::default);
    if let Some(known) = routes.read().unwrap_or_else(|e| e.into_inner()).get(route) {
        return known;
    }
    let mut routes = routes.write().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = routes.get(route) {
        return known;
    }
    let kept: &'static str = Box::leak(route.into());
    routes.insert(kept);
    kept
}

/// Seconds, from 1 ms to about 16 s: a read answers in a millisecond, a call to
/// Orkestra may take seconds.
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The figures read from the database at each scrape.
pub struct StoredFigures {
    /// Webhooks waiting for a (next) delivery attempt.
    pub webhooks_pending: i64,
    /// The oldest waiting webhook's age, in seconds (0 when none waits).
    pub oldest_pending_seconds: i64,
    /// Webhooks given up on (dead), not resent since.
    pub webhooks_dead: i64,
    /// Sessions by status, every status named (0 where none is).
    pub sessions: Vec<(&'static str, i64)>,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<RouteLabels, Histogram, fn() -> Histogram>,
    upstream_calls: Family<UpstreamLabels, Counter>,
    upstream_seconds: Family<OperationLabels, Histogram, fn() -> Histogram>,
    deliveries: Family<DeliveryLabels, Counter>,
    rate_limited: Family<LimitLabels, Counter>,
    live_streams: Gauge,
    webhooks_pending: Gauge,
    oldest_pending: Gauge,
    webhooks_dead: Gauge,
    sessions: Family<StatusLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("orkestra_checkout");
        let m = Metrics {
            requests: Family::default(),
            request_seconds: Family::new_with_constructor(latency),
            upstream_calls: Family::default(),
            upstream_seconds: Family::new_with_constructor(latency),
            deliveries: Family::default(),
            rate_limited: Family::default(),
            live_streams: Gauge::default(),
            webhooks_pending: Gauge::default(),
            oldest_pending: Gauge::default(),
            webhooks_dead: Gauge::default(),
            sessions: Family::default(),
            registry: Registry::default(),
        };
        registry.register(
            "http_requests",
            "Requests answered, by method, route pattern and status",
            m.requests.clone(),
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer a request, by method and route pattern",
            Unit::Seconds,
            m.request_seconds.clone(),
        );
        registry.register(
            "upstream_calls",
            "Calls to Orkestra, by operation and how they ended (after retries)",
            m.upstream_calls.clone(),
        );
        registry.register_with_unit(
            "upstream_call_duration",
            "Time of a call to Orkestra, retries included, by operation",
            Unit::Seconds,
            m.upstream_seconds.clone(),
        );
        registry.register(
            "webhook_delivery_attempts",
            "Attempts to deliver a merchant webhook, by outcome",
            m.deliveries.clone(),
        );
        registry.register(
            "rate_limited_requests",
            "Requests refused with 429, by the allowance spent",
            m.rate_limited.clone(),
        );
        registry.register(
            "live_streams_open",
            "Live-status streams this replica holds open",
            m.live_streams.clone(),
        );
        registry.register(
            "webhooks_pending",
            "Merchant webhooks waiting for a delivery attempt (all replicas)",
            m.webhooks_pending.clone(),
        );
        registry.register_with_unit(
            "webhooks_oldest_pending_age",
            "Age of the oldest merchant webhook still waiting (0 when none waits)",
            Unit::Seconds,
            m.oldest_pending.clone(),
        );
        registry.register(
            "webhooks_dead",
            "Merchant webhooks given up on and not resent (GET /v1/events?status=dead)",
            m.webhooks_dead.clone(),
        );
        registry.register(
            "sessions",
            "Checkout sessions by status (all replicas)",
            m.sessions.clone(),
        );
        Metrics { registry, ..m }
    }

    /// One answered request. `route` is the matched pattern (`/api/pay/{token}`), from
    /// [`route_label`].
    pub fn request(&self, method: &'static str, route: &'static str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
        self.request_seconds
            .get_or_create(&RouteLabels { method, route })
            .observe(seconds);
    }

    /// One call to Orkestra, its retries included.
    pub fn upstream(&self, operation: UpstreamOp, outcome: UpstreamOutcome, seconds: f64) {
        self.upstream_calls
            .get_or_create(&UpstreamLabels { operation, outcome })
            .inc();
        self.upstream_seconds
            .get_or_create(&OperationLabels { operation })
            .observe(seconds);
    }

    pub fn delivery(&self, outcome: DeliveryOutcome) {
        self.deliveries
            .get_or_create(&DeliveryLabels { outcome })
            .inc();
    }

    pub fn rate_limited(&self, limit: Limit) {
        self.rate_limited
            .get_or_create(&LimitLabels { limit })
            .inc();
    }

    /// Counts a live stream open until the guard is dropped.
    pub fn live_stream(&self) -> LiveStream {
        self.live_streams.inc();
        LiveStream(self.live_streams.clone())
    }

    /// The registry in Prometheus' text format, with the database's figures as given
    /// (`None` when they could not be read: the last ones read stay).
    pub fn encode(&self, stored: Option<&StoredFigures>) -> Result<String, std::fmt::Error> {
        if let Some(stored) = stored {
            self.webhooks_pending.set(stored.webhooks_pending);
            self.oldest_pending.set(stored.oldest_pending_seconds);
            self.webhooks_dead.set(stored.webhooks_dead);
            for (status, count) in &stored.sessions {
                self.sessions
                    .get_or_create(&StatusLabels { status })
                    .set(*count);
            }
        }
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// A live stream being served: counted in `live_streams_open` while it lives.
pub struct LiveStream(Gauge);

impl Drop for LiveStream {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> StoredFigures {
        StoredFigures {
            webhooks_pending: 2,
            oldest_pending_seconds: 30,
            webhooks_dead: 1,
            sessions: vec![("open", 3), ("paid", 0)],
        }
    }

    #[test]
    fn the_text_names_every_family_with_its_labels() {
        let metrics = Metrics::new();
        metrics.request("GET", route_label("/api/pay/{token}"), 200, 0.002);
        assert!(std::ptr::eq(
            route_label("/api/pay/{token}"),
            route_label(&String::from("/api/pay/{token}"))
        ));
        metrics.upstream(UpstreamOp::create_order, UpstreamOutcome::ok, 0.1);
        metrics.delivery(DeliveryOutcome::dead);
        metrics.rate_limited(Limit::session_submits);
        let stream = metrics.live_stream();
        let text = metrics.encode(Some(&figures())).unwrap();
        for line in [
            "orkestra_checkout_http_requests_total{method=\"GET\",route=\"/api/pay/{token}\",status=\"200\"} 1",
            "orkestra_checkout_http_request_duration_seconds_count{method=\"GET\",route=\"/api/pay/{token}\"} 1",
            "orkestra_checkout_upstream_calls_total{operation=\"create_order\",outcome=\"ok\"} 1",
            "orkestra_checkout_webhook_delivery_attempts_total{outcome=\"dead\"} 1",
            "orkestra_checkout_rate_limited_requests_total{limit=\"session_submits\"} 1",
            "orkestra_checkout_live_streams_open 1",
            "orkestra_checkout_webhooks_pending 2",
            "orkestra_checkout_webhooks_oldest_pending_age_seconds 30",
            "orkestra_checkout_webhooks_dead 1",
            "orkestra_checkout_sessions{status=\"open\"} 3",
            "orkestra_checkout_sessions{status=\"paid\"} 0",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        drop(stream);
        let text = metrics.encode(Some(&figures())).unwrap();
        assert!(
            text.contains("orkestra_checkout_live_streams_open 0"),
            "{text}"
        );
    }
}
