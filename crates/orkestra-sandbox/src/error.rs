//! The sandbox's one error type, rendered as `{"code", "message", "field"}` (our choice:
//! Orkestra's docs show only a `message`).

use axum::extract::rejection::JsonRejection;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use orkestra_core::api::orkestra::UpstreamError;

#[derive(Debug)]
pub struct SandboxError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

impl SandboxError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        SandboxError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn invalid(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        SandboxError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!("{what} not found"),
        )
    }

    /// A stored value that does not read (a status, a currency, JSON): a bug or a damaged
    /// database, never a default. Logged with the row, answered as an internal error.
    pub fn corrupt(table: &'static str, id: i64, column: &'static str) -> Self {
        tracing::error!(table, id, column, "corrupt row");
        Self::internal()
    }

    /// `500 INTERNAL_ERROR`, which says nothing more to the client (the log does).
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "internal error",
        )
    }
}

/// Whether a database write failed on a `UNIQUE` constraint (a repeated reference).
pub fn is_duplicate(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

impl From<sqlx::Error> for SandboxError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        Self::internal()
    }
}

impl From<JsonRejection> for SandboxError {
    fn from(rejection: JsonRejection) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            rejection.body_text(),
        )
    }
}

impl IntoResponse for SandboxError {
    fn into_response(self) -> Response {
        let body = UpstreamError {
            code: Some(self.code.to_owned()),
            message: Some(self.message),
            field: self.field,
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Basic realm=\"orkestra-sandbox\""),
            );
        }
        response
    }
}
