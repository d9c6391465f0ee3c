//! The error body every API of ours returns: `{"error": {"code", "message", "field"?}}`.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The JSON body of every 4xx/5xx answer from the proxy (and the sandbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// Stable, snake_case; clients switch on it. Never contains internals.
    pub code: String,
    /// For humans reading logs or a terminal; may change between versions.
    pub message: String,
    /// The offending field as a dotted path (`amount`, `payer.document`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field that failed, when validation found more than one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}
