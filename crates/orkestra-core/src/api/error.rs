//! The error body every API of ours returns: `{"error": {"code", "message", "field"?}}`.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The codes of errors that are not about one field (those carry the field's
/// [`ErrorCode`](crate::error::ErrorCode) instead). Stable: clients switch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorCode {
    MalformedJson,
    PayloadTooLarge,
    Unauthorized,
    /// A restricted merchant key on a route only the full key may call.
    Forbidden,
    NotFound,
    ValidationFailed,
    MerchantOrderIdConflict,
    TransactionInProgress,
    TransactionNotPending,
    TransactionNotRefundable,
    TransactionNotCancellable,
    IdempotencyKeyReused,
    SessionPaid,
    SessionExpired,
    SessionCancelled,
    RateLimited,
    UpstreamUnavailable,
    UpstreamRejected,
    InternalError,
}

impl ApiErrorCode {
    pub const ALL: [ApiErrorCode; 19] = [
        Self::MalformedJson,
        Self::PayloadTooLarge,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::ValidationFailed,
        Self::MerchantOrderIdConflict,
        Self::TransactionInProgress,
        Self::TransactionNotPending,
        Self::TransactionNotRefundable,
        Self::TransactionNotCancellable,
        Self::IdempotencyKeyReused,
        Self::SessionPaid,
        Self::SessionExpired,
        Self::SessionCancelled,
        Self::RateLimited,
        Self::UpstreamUnavailable,
        Self::UpstreamRejected,
        Self::InternalError,
    ];

    /// The serde string, for building an [`ErrorBody`] without a serialiser round trip.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed_json",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::ValidationFailed => "validation_failed",
            Self::MerchantOrderIdConflict => "merchant_order_id_conflict",
            Self::TransactionInProgress => "transaction_in_progress",
            Self::TransactionNotPending => "transaction_not_pending",
            Self::TransactionNotRefundable => "transaction_not_refundable",
            Self::TransactionNotCancellable => "transaction_not_cancellable",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::SessionPaid => "session_paid",
            Self::SessionExpired => "session_expired",
            Self::SessionCancelled => "session_cancelled",
            Self::RateLimited => "rate_limited",
            Self::UpstreamUnavailable => "upstream_unavailable",
            Self::UpstreamRejected => "upstream_rejected",
            Self::InternalError => "internal_error",
        }
    }
}

/// The JSON body of every 4xx/5xx answer from the proxy (and the sandbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

wire_body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ErrorBody {
        /// Stable, snake_case; clients switch on it. Never contains internals.
        pub code: String = "code",
        /// For humans reading logs or a terminal; may change between versions.
        pub message: String = "message",
        /// The offending field as a dotted path (`amount`, `payer.document`), when there is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub field: Option<String> = "field",
        /// Every field that failed, when validation found more than one.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub fields: Vec<FieldError> = "fields" or Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_error_code_serialises_to_its_as_str_string() {
        for code in ApiErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
