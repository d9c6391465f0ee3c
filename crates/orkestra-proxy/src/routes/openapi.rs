//! `GET /openapi.json`: the OpenAPI 3.1 description of this proxy's HTTP API. The document
//! is a static file kept in sync with the code by `tests/openapi.rs`, which calls every
//! documented operation and checks real responses against the documented schemas.

use axum::http::header;
use axum::response::IntoResponse;

/// The document, as served.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
