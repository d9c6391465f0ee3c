//! The browser API's bodies in the page. Read: every body is declared once in orkestra-core
//! with its reader (`orkestra_core::wire`, `wire_body!`), which the page runs over
//! `JSON.parse`'s value (`json::Js`) and serde runs in the proxy; here are only where a
//! body sits in a response. Written: a payment and a one-time code, by their serde
//! `Serialize` through orkestra-core's small JSON writer (`orkestra_core::wire::to_json`).

use orkestra_core::api::browser::{
    Bank, MethodInput, SubmitOtp, SubmitTransaction, SubmitTransactionBody,
};
use orkestra_core::api::error::ErrorBody;
use orkestra_core::wire::{to_json, FromWire, Value};

/// The `error` of an error response (`{"error": {"code", "message", "field"?, "fields"?}}`).
pub fn error_body(v: &impl Value) -> Option<ErrorBody> {
    ErrorBody::from_wire(&v.get("error"))
}

/// `GET /api/pay/{token}/banks`: a list, or the list in `{"banks": [...]}`.
pub fn banks(v: &impl Value) -> Option<Vec<Bank>> {
    Vec::from_wire(&v.get("banks")).or_else(|| Vec::from_wire(v))
}

/// `POST /api/pay/{token}/transactions`'s body: the `SubmitTransactionBody` of the
/// request (flat, each method's inputs at the top), written by its serde `Serialize`.
/// `None` never happens for it (`wire_tests.rs` writes every method's), but the writer
/// only knows the shapes bodies have.
pub fn submit_body(request: &SubmitTransaction) -> Option<String> {
    to_json(&SubmitTransactionBody::from(request))
}

/// What tells one payment from another for its idempotency key: the body as sent, with the
/// card cut to what PCI DSS lets be kept (its first six and last four digits) and without
/// its CVV, because the key's fingerprint of it is kept in the browser's storage
/// (`idempotency.rs`), which a card number must not reach even hashed. Two bodies that
/// differ only in a card's middle digits or CVV share a key: the proxy, which checks the
/// whole body against the key, refuses the second as a reused key, a final answer that
/// ends the attempt (the payer's next submit gets a new key).
pub fn submit_intent(request: &SubmitTransaction) -> Option<String> {
    let mut request = request.clone();
    if let MethodInput::Card(card) = &mut request.details {
        let digits: String = card.number.chars().filter(char::is_ascii_digit).collect();
        let cut = digits.len().saturating_sub(4).max(6).min(digits.len());
        card.number = [&digits[..digits.len().min(6)], &digits[cut..]].concat();
        card.cvv.clear();
    }
    submit_body(&request)
}

/// `POST /api/pay/{token}/transactions/{id}/otp`'s body.
pub fn otp_body(otp: &str) -> Option<String> {
    to_json(&SubmitOtp {
        otp: otp.to_owned(),
    })
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;

#[cfg(all(test, target_arch = "wasm32"))]
#[path = "wire_browser_tests.rs"]
mod browser_tests;
