//! The proxy's one error type and its one rendering: `{"error": {"code", "message",
//! "field", "fields"}}` with a stable code. Internals are logged, never returned.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use orkestra_core::api::error::{ApiErrorCode, ErrorBody, ErrorResponse};
use orkestra_core::error::FieldError;
use serde::de::DeserializeOwned;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("the request body is larger than {} bytes", crate::MAX_BODY_BYTES)]
    PayloadTooLarge,
    #[error("missing or wrong credentials")]
    Unauthorized,
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

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::Internal(anyhow::Error::new(err).context("database"))
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
                ErrorBody {
                    code: first.map_or(code.to_owned(), |f| f.code.as_str().to_owned()),
                    message: "the request has invalid fields".into(),
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

/// `Json<T>` whose rejections speak our error format instead of plain text.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::PayloadTooLarge)
            }
            Err(rejection) => Err(AppError::MalformedJson(match rejection {
                JsonRejection::MissingJsonContentType(_) => {
                    "expected Content-Type: application/json".into()
                }
                other => other.body_text(),
            })),
        }
    }
}
