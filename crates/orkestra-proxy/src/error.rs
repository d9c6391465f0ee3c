//! The proxy's one error type and its one rendering: `{"error": {"code", "message",
//! "field", "fields"}}` with a stable code. Internals are logged, never returned.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use orkestra_core::api::error::{ApiErrorCode, ErrorBody, ErrorResponse};
use orkestra_core::error::{ErrorCode, FieldError};
use serde::de::DeserializeOwned;

use crate::limits::MAX_BODY_BYTES;
use crate::model::Inconsistent;
use crate::store::StoreError;
use crate::upstream::UpstreamError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("the request body is larger than {} bytes", MAX_BODY_BYTES)]
    PayloadTooLarge,
    #[error("missing or wrong credentials")]
    Unauthorized,
    #[error("this restricted key may only create and read checkout sessions; use the full key")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{1}")]
    Conflict(ApiErrorCode, &'static str),
    #[error("too many requests; retry in {} s", .0.as_secs().max(1))]
    RateLimited(std::time::Duration),
    #[error("Orkestra is unreachable or slow: {0}")]
    UpstreamUnavailable(String),
    /// Orkestra could not be reached at all (no connection): unlike a timeout, the request
    /// certainly did not arrive, so nothing was done there.
    #[error("Orkestra is unreachable: {0}")]
    UpstreamUnreached(String),
    /// The message, and Orkestra's error code when it gave one (e.g. `INVALID_OTP`).
    #[error("Orkestra refused the request: {0}")]
    UpstreamRejected(String, Option<String>),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            // A row a change expected is gone: what the caller asked for does not exist.
            StoreError::Missing(_) => AppError::NotFound,
            // A corrupt row is logged (by the rendering below) with its table and id.
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<Inconsistent> for AppError {
    fn from(err: Inconsistent) -> Self {
        AppError::Internal(anyhow::Error::new(err))
    }
}

impl From<UpstreamError> for AppError {
    fn from(err: UpstreamError) -> Self {
        match err {
            UpstreamError::Unavailable(why) => AppError::UpstreamUnavailable(why),
            UpstreamError::Unreached(why) => AppError::UpstreamUnreached(why),
            UpstreamError::Rejected(why, code) => AppError::UpstreamRejected(why, code),
        }
    }
}

impl AppError {
    fn parts(&self) -> (StatusCode, ApiErrorCode) {
        match self {
            AppError::Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiErrorCode::ValidationFailed,
            ),
            AppError::MalformedJson(_) => (StatusCode::BAD_REQUEST, ApiErrorCode::MalformedJson),
            AppError::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, ApiErrorCode::PayloadTooLarge)
            }
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ApiErrorCode::Forbidden),
            AppError::NotFound => (StatusCode::NOT_FOUND, ApiErrorCode::NotFound),
            AppError::Conflict(code, _) => (StatusCode::CONFLICT, *code),
            AppError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, ApiErrorCode::RateLimited),
            AppError::UpstreamUnavailable(_) | AppError::UpstreamUnreached(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ApiErrorCode::UpstreamUnavailable,
            ),
            AppError::UpstreamRejected(..) => {
                (StatusCode::BAD_GATEWAY, ApiErrorCode::UpstreamRejected)
            }
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiErrorCode::InternalError,
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        let code = code.as_str();
        let body = match &self {
            AppError::Validation(fields) => {
                // The first failure names the code and field; `fields` lists them all.
                let first = fields.first();
                // Every field's problem in words, the codes beside them stay the contract.
                let words: Vec<String> = fields.iter().map(FieldError::sentence).collect();
                ErrorBody {
                    code: first.map_or(code.to_owned(), |f| f.code.as_str().to_owned()),
                    message: if words.is_empty() {
                        "the request has invalid fields".into()
                    } else {
                        words.join("; ")
                    },
                    field: first.map(|f| f.field.clone()),
                    fields: fields.clone(),
                }
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                ErrorBody {
                    code: code.into(),
                    message: "internal error".into(),
                    field: None,
                    fields: vec![],
                }
            }
            other => {
                if matches!(
                    other,
                    AppError::UpstreamUnavailable(_)
                        | AppError::UpstreamUnreached(_)
                        | AppError::UpstreamRejected(..)
                ) {
                    tracing::warn!(error = %other, "upstream call failed");
                }
                ErrorBody {
                    code: code.into(),
                    message: other.to_string(),
                    field: None,
                    fields: vec![],
                }
            }
        };
        let mut response = (status, axum::Json(ErrorResponse { error: body })).into_response();
        if let AppError::RateLimited(retry_after) = &self {
            let seconds = retry_after.as_secs().max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&seconds) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// A JSON body read into `T` at the edge, with rejections in our error format: a body
/// that is not JSON, or not of `T`'s shape, is `400 malformed_json`; a value that reads but
/// breaks a rule checked while reading (an amount written "1,50" or "-1.00": see
/// orkestra-core's `Amount`) is `422` with the field's path and code, as every later rule.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime_type::Essence>().ok())
            .is_some_and(|m| m.is_json());
        if !json {
            return Err(AppError::MalformedJson(
                "expected Content-Type: application/json".into(),
            ));
        }
        let bytes = match Bytes::from_request(req, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(AppError::PayloadTooLarge)
            }
            Err(rejection) => return Err(AppError::MalformedJson(rejection.body_text())),
        };
        let mut reader = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut reader).map_err(|e| rejection(&e))?;
        // Nothing but whitespace may follow the value, as `serde_json::from_slice` checks.
        reader
            .end()
            .map_err(|e| AppError::MalformedJson(e.to_string()))?;
        Ok(ApiJson(value))
    }
}

/// A field error for a value whose own reading refused it (its message is an
/// [`ErrorCode`]), else `malformed_json` with serde's words.
fn rejection(err: &serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let inner = err.inner();
    if inner.is_data() {
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        if let Some(code) = ErrorCode::parse(message) {
            return AppError::Validation(vec![FieldError::new(err.path().to_string(), code)]);
        }
    }
    AppError::MalformedJson(format!(
        "Failed to deserialize the JSON body into the target type: {}: {inner}",
        err.path()
    ))
}

/// What a `Content-Type` names, without its parameters.
mod mime_type {
    pub struct Essence(String);

    impl std::str::FromStr for Essence {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            let essence = s.split(';').next().unwrap_or_default().trim();
            Ok(Essence(essence.to_ascii_lowercase()))
        }
    }

    impl Essence {
        /// `application/json`, or a `+json` type (`application/problem+json`), as axum's
        /// own extractor takes.
        pub fn is_json(&self) -> bool {
            self.0 == "application/json"
                || (self.0.starts_with("application/") && self.0.ends_with("+json"))
        }
    }
}
