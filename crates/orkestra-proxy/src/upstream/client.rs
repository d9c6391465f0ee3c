//! The Orkestra API client: HTTP Basic auth, timeouts, and bounded retries only for calls
//! that are idempotent (order creation is, by `merchantOrderId`; adding a transaction is,
//! by `referenceId`).

use std::time::Duration;

use orkestra_core::api::browser::Bank;
use orkestra_core::api::orkestra::{
    AddTransactionRequest, AmountUnits, Customer, Order, OrderRequest, OtpRequest,
    Payout as WirePayout, PayoutBatchRequest, PayoutBatchResponse, PayoutRequest,
    Refund as WireRefund, RefundRequest, Transaction, TransactionRequest,
    UpstreamError as WireError,
};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{order, Answer, UpstreamError, UpstreamOrder};
use crate::config::OrkestraConfig;
use crate::metrics::{Metrics, UpstreamOp as Op, UpstreamOutcome as Outcome};
use crate::model::{Payout, Refund};
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

/// Orkestra's 4xx answer: its code, the field of the request it is about, its message.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub status: StatusCode,
    pub code: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

/// What Orkestra's refusal means for our caller, in our API's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The reference was used for another request.
    DuplicateReference,
    /// The transaction cannot be refunded (not paid, or not a method that refunds).
    NotRefundable,
    /// A field of the request, named as our API names it, and what is wrong with it.
    Field(String, orkestra_core::error::ErrorCode),
    /// Nothing the caller can fix by changing a field.
    Other,
}

impl Rejection {
    /// What this refusal means in our API's terms (`receivingBankAccount.key` is our
    /// `bankAccount.key`, `paymentMethod` our `method`).
    pub fn refusal(&self) -> Refusal {
        use orkestra_core::error::ErrorCode;
        let code = self.code.as_deref().unwrap_or_default();
        match code {
            "DUPLICATE_REFERENCE_ID" => return Refusal::DuplicateReference,
            "REFUND_EXCEEDS_AVAILABLE" => {
                return Refusal::Field("amount".into(), ErrorCode::AmountAboveMaximum)
            }
            "TRANSACTION_NOT_REFUNDABLE" => return Refusal::NotRefundable,
            _ => {}
        }
        let Some(field) = self.field.as_deref().filter(|f| !f.is_empty()) else {
            return Refusal::Other;
        };
        if self.status != StatusCode::BAD_REQUEST {
            return Refusal::Other;
        }
        let ours = match field.split_once('.') {
            Some(("receivingBankAccount", rest)) => format!("bankAccount.{rest}"),
            _ => match field {
                "receivingBankAccount" => "bankAccount".to_owned(),
                "paymentMethod" => "method".to_owned(),
                other => other.to_owned(),
            },
        };
        let code = match code {
            "REQUIRED" => ErrorCode::Required,
            "INVALID_AMOUNT" => ErrorCode::AmountFormat,
            "AMOUNT_BELOW_MINIMUM" => ErrorCode::AmountBelowMinimum,
            "AMOUNT_ABOVE_MAXIMUM" => ErrorCode::AmountAboveMaximum,
            "UNSUPPORTED_CURRENCY" => ErrorCode::UnsupportedCurrency,
            "UNSUPPORTED_PAYMENT_METHOD" => ErrorCode::UnsupportedMethod,
            "INVALID_EMAIL" => ErrorCode::InvalidEmail,
            // INVALID_PIX_KEY, INVALID_CLABE, INVALID_ACCOUNT, INVALID_DOCUMENT,
            // INVALID_FIELD…: Orkestra's message says more.
            _ => ErrorCode::InvalidFormat,
        };
        Refusal::Field(ours, code)
    }

    /// For the log and the `upstream_rejected` answer.
    pub fn describe(&self) -> String {
        format!(
            "HTTP {}: {} {}",
            self.status,
            self.code.as_deref().unwrap_or_default(),
            self.message
        )
    }
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
        Ok(order::upstream_order(&created))
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
        Ok(order::answer(&added))
    }

    /// An order by Orkestra's id. A read, so retried.
    pub async fn order(&self, order_id: i64) -> Result<UpstreamOrder, UpstreamError> {
        let path = format!("{}/{order_id}", self.config.paths.orders);
        let order: Order = self
            .call::<(), _>(Op::get_order, Method::GET, &path, None, true)
            .await?;
        Ok(order::upstream_order(&order))
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
            Lookup::Found(order) => Lookup::Found(order::upstream_order(&order)),
            Lookup::Absent => Lookup::Absent,
            Lookup::Unaskable => Lookup::Unaskable,
        })
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
        Ok(order::answer(&tx))
    }

    /// Withdraws a pending transaction. Retried: Orkestra answers a cancelled one as it is.
    pub async fn cancel_transaction(&self, transaction_id: i64) -> Result<Answer, UpstreamError> {
        let path = format!("{}/{transaction_id}/cancel", self.config.paths.transactions);
        let tx: Transaction = self
            .call::<(), _>(Op::cancel_transaction, Method::POST, &path, None, true)
            .await?;
        Ok(order::answer(&tx))
    }

    /// Whether Orkestra answers and takes the credentials, within `timeout`, for the
    /// readiness check: a lookup of order 0, which exists nowhere, so any answer but
    /// 401/403 and 5xx (a 404, typically) means reachable with valid credentials. Not
    /// retried and not counted in the metrics: it is no payment's call.
    pub async fn probe(&self, timeout: Duration) -> Probe {
        let url = format!("{}{}/0", self.config.base_url, self.config.paths.orders);
        let answer = self
            .http
            .get(&url)
            .basic_auth(
                &self.config.username,
                Some(self.config.password.expose_secret()),
            )
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

    /// How amounts go on the wire: the one setting the bodies built for Orkestra need.
    pub fn units(&self) -> AmountUnits {
        self.config.amount_units
    }

    /// Asks for a refund (idempotent by its `referenceId`, so retried): `Ok(Ok((refund,
    /// created)))` with whether Orkestra made it now (201) or answered a repeat (200);
    /// `Ok(Err(rejection))` for a 4xx with Orkestra's code and field; `Err` when Orkestra
    /// could not be reached.
    pub async fn create_refund(
        &self,
        request: &RefundRequest,
    ) -> Result<Result<(Refund, bool), Rejection>, UpstreamError> {
        let answer: Result<(WireRefund, bool), Rejection> = self
            .post_referenced(Op::create_refund, &self.config.paths.refunds, request)
            .await?;
        Ok(match answer {
            Ok((wire, created)) => Ok((order::refund(wire, self.units())?, created)),
            Err(rejection) => Err(rejection),
        })
    }

    /// The refunds of one of Orkestra's transactions.
    pub async fn refunds_of(&self, transaction_id: i64) -> Result<Vec<Refund>, UpstreamError> {
        let path = format!(
            "{}/{transaction_id}/refunds",
            self.config.paths.transactions
        );
        let wire: Vec<WireRefund> = self
            .call::<(), _>(Op::list_refunds, Method::GET, &path, None, true)
            .await?;
        wire.into_iter()
            .map(|r| order::refund(r, self.units()))
            .collect()
    }

    /// A payout, idempotent by its `referenceId`; as [`Orkestra::create_refund`].
    pub async fn create_payout(
        &self,
        request: &PayoutRequest,
    ) -> Result<Result<(Payout, bool), Rejection>, UpstreamError> {
        let answer: Result<(WirePayout, bool), Rejection> = self
            .post_referenced(Op::create_payout, &self.config.paths.payouts, request)
            .await?;
        Ok(match answer {
            Ok((wire, created)) => Ok((order::payout(wire, self.units())?, created)),
            Err(rejection) => Err(rejection),
        })
    }

    /// Several payouts, each accepted (the payout) or refused (Orkestra's rejection), in
    /// the request's order; `None` for an item Orkestra's answer lacks.
    pub async fn create_payouts(
        &self,
        request: &PayoutBatchRequest,
    ) -> Result<Vec<Option<Result<Payout, Rejection>>>, UpstreamError> {
        let path = format!("{}/batch", self.config.paths.payouts);
        let response: PayoutBatchResponse = self.post(Op::create_payouts, &path, request).await?;
        let mut items = response.results.into_iter();
        let mut out = Vec::with_capacity(request.payouts.len());
        for _ in &request.payouts {
            out.push(match items.next() {
                None => None,
                Some(item) => Some(match (item.payout, item.error) {
                    (Some(wire), _) => Ok(order::payout(wire, self.units())?),
                    (None, error) => Err(Rejection {
                        status: StatusCode::BAD_REQUEST,
                        code: error.as_ref().and_then(|e| e.code.clone()),
                        field: error.as_ref().and_then(|e| e.field.clone()),
                        message: error.and_then(|e| e.message).unwrap_or_default(),
                    }),
                }),
            });
        }
        Ok(out)
    }

    /// A payout by Orkestra's id; `None` when Orkestra has none.
    pub async fn payout(&self, id: i64) -> Result<Option<Payout>, UpstreamError> {
        match self
            .find::<WirePayout>(
                Op::get_payout,
                &format!("{}/{id}", self.config.paths.payouts),
                &[],
            )
            .await?
        {
            Lookup::Found(wire) => Ok(Some(order::payout(wire, self.units())?)),
            Lookup::Absent | Lookup::Unaskable => Ok(None),
        }
    }

    /// One authenticated GET, not retried, answered as it came (status and body): for
    /// `doctor`, which reports what Orkestra said rather than recovering from it.
    pub(super) async fn get_once(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<(StatusCode, Vec<u8>), reqwest::Error> {
        let response = self
            .http
            .get(format!("{}{path}", self.config.base_url))
            .basic_auth(
                &self.config.username,
                Some(self.config.password.expose_secret()),
            )
            .query(query)
            .send()
            .await?;
        let status = response.status();
        Ok((status, response.bytes().await?.to_vec()))
    }

    /// Where each resource lives and how amounts travel: what `doctor` names.
    pub(super) fn config(&self) -> &OrkestraConfig {
        &self.config
    }

    async fn post_referenced<B: Serialize, T: DeserializeOwned>(
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
    async fn find<T: DeserializeOwned>(
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

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        op: Op,
        path: &str,
        body: &B,
    ) -> Result<T, UpstreamError> {
        self.call(op, Method::POST, path, Some(body), true).await
    }

    /// One call with bounded retries of network errors, 5xx and 429 when `retry` (only
    /// for calls that are idempotent).
    async fn call<B: Serialize, T: DeserializeOwned>(
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
        let url = format!("{}{path}", self.config.base_url);
        let mut attempt = 0;
        // Whether any attempt may have reached Orkestra: anything but a failed connection.
        let mut maybe_received = false;
        loop {
            let mut request = self.http.request(method.clone(), &url).basic_auth(
                &self.config.username,
                Some(self.config.password.expose_secret()),
            );
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
fn read_answer<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
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
