//! The Orkestra API client: HTTP Basic auth, timeouts, and bounded retries only for calls
//! that are idempotent (order creation is, by `merchantOrderId`; adding a transaction is,
//! by `referenceId`).

use std::time::Duration;

use orkestra_core::api::browser::Bank;
use orkestra_core::api::orkestra::{
    AddTransactionRequest, AmountUnits, Customer, Order, OrderRequest, OtpRequest, Transaction,
    TransactionRequest, UpstreamError as WireError,
};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{order, payment_page, Answer, Rejection, UpstreamError, UpstreamOrder};
use crate::config::OrkestraConfig;
use crate::metrics::{Metrics, UpstreamOp as Op, UpstreamOutcome as Outcome};
use crate::requests::RequestId;
use std::sync::Arc;

/// What a lookup found: the thing, its positive absence (404), or that there was nothing
/// to ask by (no id, and no lookup path configured).
#[derive(Debug)]
pub enum Lookup<T> {
    Found(T),
    Absent,
    Unaskable,
}

/// What [`Orkestra::probe`] found.
#[derive(Debug)]
pub enum Probe {
    Answered(StatusCode),
    /// The credentials were refused.
    Refused(StatusCode),
    Failing(StatusCode),
    /// No answer in time, or no connection.
    Unreachable(String),
}

#[derive(Clone)]
pub struct Orkestra {
    http: reqwest::Client,
    config: OrkestraConfig,
    metrics: Arc<Metrics>,
}

impl Orkestra {
    /// A client whose calls are counted in `metrics`.
    pub fn new(config: OrkestraConfig, metrics: Arc<Metrics>) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(3))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Orkestra {
            http,
            config,
            metrics,
        })
    }

    pub async fn create_order(&self, order: &OrderRequest) -> Result<UpstreamOrder, UpstreamError> {
        let created: Order = self
            .post(Op::create_order, &self.config.paths.orders, order)
            .await?;
        self.framable(order::upstream_order(&created))
    }

    /// Adds a transaction to an order (to one of its charges when it has several).
    pub async fn add_transaction(
        &self,
        order_id: i64,
        charge_id: Option<i64>,
        transaction: &TransactionRequest,
        customer: Option<Customer>,
    ) -> Result<Answer, UpstreamError> {
        let path = format!("{}/{order_id}/transactions", self.config.paths.orders);
        let added: Transaction = self
            .post(
                Op::add_transaction,
                &path,
                &AddTransactionRequest {
                    charge_id,
                    transaction: transaction.clone(),
                    customer,
                },
            )
            .await?;
        self.framable_answer(order::answer(&added))
    }

    /// An order by Orkestra's id. A read, so retried.
    pub async fn order(&self, order_id: i64) -> Result<UpstreamOrder, UpstreamError> {
        let path = format!("{}/{order_id}", self.config.paths.orders);
        let order: Order = self
            .call::<(), _>(Op::get_order, Method::GET, &path, None, true)
            .await?;
        self.framable(order::upstream_order(&order))
    }

    /// The order of a session at Orkestra: by its id when we know it, else by our
    /// `merchantOrderId` where a lookup path is configured.
    pub async fn find_order(
        &self,
        order_id: Option<i64>,
        merchant_order_id: &str,
    ) -> Result<Lookup<UpstreamOrder>, UpstreamError> {
        let paths = &self.config.paths;
        let found: Lookup<Order> = match order_id {
            Some(id) => {
                self.find(Op::find_order, &format!("{}/{id}", paths.orders), &[])
                    .await?
            }
            None if paths.order_lookup.is_empty() => Lookup::Unaskable,
            None => {
                self.find(
                    Op::find_order,
                    &paths.order_lookup,
                    &[(paths.order_lookup_param.as_str(), merchant_order_id)],
                )
                .await?
            }
        };
        Ok(match found {
            Lookup::Found(order) => Lookup::Found(self.framable(order::upstream_order(&order))?),
            Lookup::Absent => Lookup::Absent,
            Lookup::Unaskable => Lookup::Unaskable,
        })
    }

    /// The order, unless one of its payment pages is off `ORKESTRA_PAGE_ORIGIN`.
    fn framable(&self, order: UpstreamOrder) -> Result<UpstreamOrder, UpstreamError> {
        for answer in &order.transactions {
            payment_page::on_origin(&self.config.page_origin, answer)?;
        }
        Ok(order)
    }

    /// The answer, unless its payment page is off `ORKESTRA_PAGE_ORIGIN`.
    fn framable_answer(&self, answer: Answer) -> Result<Answer, UpstreamError> {
        payment_page::on_origin(&self.config.page_origin, &answer)?;
        Ok(answer)
    }

    /// The PSE banks a payer picks from. Read-only, so retried.
    pub async fn pse_banks(&self) -> Result<Vec<Bank>, UpstreamError> {
        self.call::<(), _>(
            Op::pse_banks,
            Method::GET,
            &self.config.paths.pse_banks,
            None,
            true,
        )
        .await
    }

    /// A wallet's one-time code. Not retried: a repeat could count as a second wrong code.
    pub async fn submit_otp(
        &self,
        transaction_id: i64,
        otp: &str,
    ) -> Result<Answer, UpstreamError> {
        let path = format!("{}/{transaction_id}/otp", self.config.paths.transactions);
        let body = OtpRequest {
            otp: otp.to_owned(),
        };
        let tx: Transaction = self
            .call(Op::submit_otp, Method::POST, &path, Some(&body), false)
            .await?;
        self.framable_answer(order::answer(&tx))
    }

    /// Withdraws a pending transaction. Retried: Orkestra answers a cancelled one as it is.
    pub async fn cancel_transaction(&self, transaction_id: i64) -> Result<Answer, UpstreamError> {
        let path = format!("{}/{transaction_id}/cancel", self.config.paths.transactions);
        let tx: Transaction = self
            .call::<(), _>(Op::cancel_transaction, Method::POST, &path, None, true)
            .await?;
        self.framable_answer(order::answer(&tx))
    }

    /// Whether Orkestra answers and takes the credentials, within `timeout`, for the
    /// readiness check: a lookup of order 0, which exists nowhere, so any answer but
    /// 401/403 and 5xx (a 404, typically) means reachable with valid credentials. Not
    /// retried and not counted in the metrics: it is no payment's call.
    pub async fn probe(&self, timeout: Duration) -> Probe {
        let order_zero = format!("{}/0", self.config.paths.orders);
        let answer = self
            .authed(Method::GET, &order_zero)
            .timeout(timeout)
            .send()
            .await;
        match answer {
            Ok(r) if matches!(r.status().as_u16(), 401 | 403) => Probe::Refused(r.status()),
            Ok(r) if r.status().is_server_error() => Probe::Failing(r.status()),
            Ok(r) => Probe::Answered(r.status()),
            Err(err) => Probe::Unreachable(err.without_url().to_string()),
        }
    }

    /// A request to `path` on Orkestra with the proxy's credentials: every call starts here.
    fn authed(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.config.base_url))
            .basic_auth(
                &self.config.username,
                Some(self.config.password.expose_secret()),
            )
    }

    /// How amounts go on the wire: the one setting the bodies built for Orkestra need.
    pub fn units(&self) -> AmountUnits {
        self.config.amount_units
    }

    /// One authenticated GET, not retried, answered as it came (status and body): for
    /// `doctor`, which reports what Orkestra said rather than recovering from it.
    pub(super) async fn get_once(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<(StatusCode, Vec<u8>), reqwest::Error> {
        let response = self.authed(Method::GET, path).query(query).send().await?;
        let status = response.status();
        Ok((status, response.bytes().await?.to_vec()))
    }

    /// Where each resource lives and how amounts travel: what `doctor` names, and where
    /// the money-out calls (`money_out.rs`) go.
    pub(super) fn config(&self) -> &OrkestraConfig {
        &self.config
    }

    pub(super) async fn post_referenced<B: Serialize, T: DeserializeOwned>(
        &self,
        op: Op,
        path: &str,
        body: &B,
    ) -> Result<Result<(T, bool), Rejection>, UpstreamError> {
        Ok(self
            .call_raw(op, Method::POST, path, Some(body), true)
            .await?
            .map(|(value, status)| (value, status == StatusCode::CREATED)))
    }

    /// A read that may find nothing: `Absent` for a 404, retried otherwise.
    pub(super) async fn find<T: DeserializeOwned>(
        &self,
        op: Op,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Lookup<T>, UpstreamError> {
        match self
            .call_with_query::<(), T>(op, Method::GET, path, query, None, true)
            .await?
        {
            Ok((value, _)) => Ok(Lookup::Found(value)),
            Err(rejection) if rejection.status == StatusCode::NOT_FOUND => Ok(Lookup::Absent),
            Err(rejection) => Err(UpstreamError::Rejected(
                format!("HTTP {} from {path}", rejection.status),
                rejection.code,
            )),
        }
    }

    pub(super) async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        op: Op,
        path: &str,
        body: &B,
    ) -> Result<T, UpstreamError> {
        self.call(op, Method::POST, path, Some(body), true).await
    }

    /// One call with bounded retries of network errors, 5xx and 429 when `retry` (only
    /// for calls that are idempotent).
    pub(super) async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        op: Op,
        method: Method,
        path: &str,
        body: Option<&B>,
        retry: bool,
    ) -> Result<T, UpstreamError> {
        match self.call_raw(op, method, path, body, retry).await? {
            Ok((value, _)) => Ok(value),
            Err(rejection) => Err(UpstreamError::Rejected(
                format!(
                    "HTTP {} from {path}: {} {}",
                    rejection.status,
                    rejection.code.as_deref().unwrap_or_default(),
                    rejection.field.as_deref().unwrap_or_default()
                ),
                rejection.code,
            )),
        }
    }

    /// [`call`](Self::call), keeping a success's status and a 4xx's details apart.
    async fn call_raw<B: Serialize, T: DeserializeOwned>(
        &self,
        op: Op,
        method: Method,
        path: &str,
        body: Option<&B>,
        retry: bool,
    ) -> Result<Result<(T, StatusCode), Rejection>, UpstreamError> {
        self.call_with_query(op, method, path, &[], body, retry)
            .await
    }

    /// [`call_raw`](Self::call_raw) with a query string (its values encoded), counted
    /// in the metrics by operation and outcome.
    async fn call_with_query<B: Serialize, T: DeserializeOwned>(
        &self,
        op: Op,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
        retry: bool,
    ) -> Result<Result<(T, StatusCode), Rejection>, UpstreamError> {
        let started = std::time::Instant::now();
        let result = self.attempts(method, path, query, body, retry).await;
        let outcome = match &result {
            Ok(Ok(_)) => Outcome::ok,
            Ok(Err(_)) => Outcome::rejected,
            // The one `Rejected` that comes back from a 2xx: its body did not read.
            Err(UpstreamError::Rejected(_, _)) => Outcome::bad_response,
            Err(UpstreamError::Unavailable(_)) => Outcome::unavailable,
            Err(UpstreamError::Unreached(_)) => Outcome::unreached,
        };
        self.metrics
            .upstream(op, outcome, started.elapsed().as_secs_f64());
        result
    }

    /// The attempts of one call: bounded retries of network errors, 5xx and 429 when
    /// `retry`.
    async fn attempts<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
        retry: bool,
    ) -> Result<Result<(T, StatusCode), Rejection>, UpstreamError> {
        let mut attempt = 0;
        // Whether any attempt may have reached Orkestra: anything but a failed connection.
        let mut maybe_received = false;
        loop {
            let mut request = self.authed(method.clone(), path);
            // Orkestra's logs and ours then name the same request.
            if let Some(id) = RequestId::current() {
                request = request.header("X-Request-Id", id.as_str());
            }
            if !query.is_empty() {
                request = request.query(query);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let result = request.send().await;
            let retryable = match result {
                Ok(response) if response.status().is_success() => {
                    let status = response.status();
                    let body = response.bytes().await.map_err(|e| {
                        UpstreamError::Unavailable(format!("{} ({path})", e.without_url()))
                    })?;
                    return read_answer(&body)
                        .map(|value| Ok((value, status)))
                        .map_err(|why| {
                            UpstreamError::Rejected(
                                format!("unexpected response from {path}: {why}"),
                                None,
                            )
                        });
                }
                Ok(response)
                    if response.status().is_server_error()
                        || response.status() == StatusCode::TOO_MANY_REQUESTS =>
                {
                    maybe_received = true;
                    format!("HTTP {} from {path}", response.status())
                }
                Ok(response) => {
                    let status = response.status();
                    let detail = response.json::<WireError>().await.ok();
                    return Ok(Err(Rejection {
                        status,
                        code: detail
                            .as_ref()
                            .and_then(|d| d.code.clone())
                            .filter(|c| !c.is_empty()),
                        field: detail
                            .as_ref()
                            .and_then(|d| d.field.clone())
                            .filter(|f| !f.is_empty()),
                        message: detail.and_then(|d| d.message).unwrap_or_default(),
                    }));
                }
                Err(err) => {
                    maybe_received |= !err.is_connect();
                    format!("{} ({path})", err.without_url())
                }
            };
            if !retry || attempt >= self.config.retries {
                return Err(if maybe_received {
                    UpstreamError::Unavailable(retryable)
                } else {
                    UpstreamError::Unreached(retryable)
                });
            }
            attempt += 1;
            tokio::time::sleep(Duration::from_millis(200 * (1 << attempt))).await;
        }
    }
}

/// Orkestra's answer as `T`, or what did not read, by where and what kind of mistake:
/// never the value itself (serde's message quotes it, and an answer about a card could
/// hold a card number: this text is logged and returned in a 502).
pub(super) fn read_answer<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut reader = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut reader).map_err(|e| {
        let category = match e.inner().classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "a field of the wrong type or missing",
            serde_json::error::Category::Eof => "cut short",
        };
        format!("{category} at {}", e.path())
    })
}

#[cfg(test)]
mod answer_tests {
    use super::read_answer;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Tx {
        id: i64,
    }

    #[test]
    fn a_mistyped_answer_names_the_field_and_never_its_value() {
        let why = read_answer::<Tx>(br#"{"id": "4111111111111111"}"#).unwrap_err();
        assert_eq!(why, "a field of the wrong type or missing at id");
        assert!(read_answer::<Tx>(b"{")
            .unwrap_err()
            .starts_with("cut short"));
    }
}
