//! The Orkestra API client: HTTP Basic auth, timeouts, and bounded retries only for calls
//! that are idempotent (order creation is, by `merchantOrderId`; adding a transaction is,
//! by `referenceId`).

use std::time::Duration;

use orkestra_core::api::browser::Bank;
use orkestra_core::api::orkestra::OtpRequest;
use orkestra_core::api::orkestra::{
    AddTransactionRequest, Customer, Order, OrderRequest, Transaction, TransactionRequest,
    UpstreamError,
};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::OrkestraConfig;
use crate::error::AppError;

/// Orkestra's 4xx answer: its code, the field of the request it is about, its message.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub status: StatusCode,
    pub code: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

#[derive(Clone)]
pub struct Orkestra {
    http: reqwest::Client,
    config: OrkestraConfig,
}

impl Orkestra {
    pub fn new(config: OrkestraConfig) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(3))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Orkestra { http, config })
    }

    pub async fn create_order(&self, order: &OrderRequest) -> Result<Order, AppError> {
        self.post(&self.config.paths.orders, order).await
    }

    pub async fn add_transaction(
        &self,
        order_id: &str,
        charge_id: Option<i64>,
        transaction: &TransactionRequest,
        customer: Option<Customer>,
    ) -> Result<Transaction, AppError> {
        let path = format!("{}/{order_id}/transactions", self.config.paths.orders);
        self.post(
            &path,
            &AddTransactionRequest {
                charge_id,
                transaction: transaction.clone(),
                customer,
            },
        )
        .await
    }

    /// The PSE banks a payer picks from. Read-only, so retried.
    pub async fn pse_banks(&self) -> Result<Vec<Bank>, AppError> {
        self.call::<(), _>(Method::GET, &self.config.paths.pse_banks, None, true)
            .await
    }

    /// A wallet's one-time code. Not retried: a repeat could count as a second wrong code.
    pub async fn submit_otp(
        &self,
        transaction_id: &str,
        otp: &str,
    ) -> Result<Transaction, AppError> {
        let path = format!("{}/{transaction_id}/otp", self.config.paths.transactions);
        let body = OtpRequest {
            otp: otp.to_owned(),
        };
        self.call(Method::POST, &path, Some(&body), false).await
    }

    /// Withdraws a pending transaction. Retried: Orkestra answers a cancelled one as it is.
    pub async fn cancel_transaction(&self, transaction_id: &str) -> Result<Transaction, AppError> {
        let path = format!("{}/{transaction_id}/cancel", self.config.paths.transactions);
        self.call::<(), _>(Method::POST, &path, None, true).await
    }

    /// A POST that is idempotent by a reference in its body (refunds, payouts), retried.
    pub async fn post_to<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, AppError> {
        self.post(path, body).await
    }

    /// [`post_to`](Self::post_to) for calls whose refusals the caller explains itself:
    /// `Ok(Ok((body, created)))` with whether Orkestra created something (201) or answered
    /// a repeat of the reference (200); `Ok(Err(rejection))` for a 4xx with Orkestra's
    /// code and field; `Err` when Orkestra could not be reached.
    pub async fn post_referenced<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Result<(T, bool), Rejection>, AppError> {
        Ok(self
            .call_raw(Method::POST, path, Some(body), true)
            .await?
            .map(|(value, status)| (value, status == StatusCode::CREATED)))
    }

    /// A read that may find nothing: `Ok(None)` for a 404, retried otherwise.
    pub async fn find<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Option<T>, AppError> {
        match self
            .call_with_query::<(), T>(Method::GET, path, query, None, true)
            .await?
        {
            Ok((value, _)) => Ok(Some(value)),
            Err(rejection) if rejection.status == StatusCode::NOT_FOUND => Ok(None),
            Err(rejection) => Err(AppError::UpstreamRejected(
                format!("HTTP {} from {path}", rejection.status),
                rejection.code,
            )),
        }
    }

    /// A read, retried.
    pub async fn get_from<T: DeserializeOwned>(&self, path: &str) -> Result<T, AppError> {
        self.call::<(), _>(Method::GET, path, None, true).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, AppError> {
        self.call(Method::POST, path, Some(body), true).await
    }

    /// One call with bounded retries of network errors, 5xx and 429 when `retry` (only
    /// for calls that are idempotent).
    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        retry: bool,
    ) -> Result<T, AppError> {
        match self.call_raw(method, path, body, retry).await? {
            Ok((value, _)) => Ok(value),
            Err(rejection) => Err(AppError::UpstreamRejected(
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
        method: Method,
        path: &str,
        body: Option<&B>,
        retry: bool,
    ) -> Result<Result<(T, StatusCode), Rejection>, AppError> {
        self.call_with_query(method, path, &[], body, retry).await
    }

    /// [`call_raw`](Self::call_raw) with a query string (its values encoded).
    async fn call_with_query<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
        retry: bool,
    ) -> Result<Result<(T, StatusCode), Rejection>, AppError> {
        let url = format!("{}{path}", self.config.base_url);
        let mut attempt = 0;
        // Whether any attempt may have reached Orkestra: anything but a failed connection.
        let mut maybe_received = false;
        loop {
            let mut request = self.http.request(method.clone(), &url).basic_auth(
                &self.config.username,
                Some(self.config.password.expose_secret()),
            );
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
                    return response
                        .json::<T>()
                        .await
                        .map(|value| Ok((value, status)))
                        .map_err(|e| {
                            AppError::UpstreamRejected(
                                format!("unexpected response from {path}: {}", e.without_url()),
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
                    let detail = response.json::<UpstreamError>().await.ok();
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
                    AppError::UpstreamUnavailable(retryable)
                } else {
                    AppError::UpstreamUnreached(retryable)
                });
            }
            attempt += 1;
            tokio::time::sleep(Duration::from_millis(200 * (1 << attempt))).await;
        }
    }
}
