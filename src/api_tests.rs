use orkestra_core::api::error::ErrorResponse;

use super::*;

fn status(status: u16, body: &str) -> ApiError {
    ApiError::Status {
        status,
        body: serde_json::from_str::<ErrorResponse>(body)
            .ok()
            .map(|r| r.error),
    }
}

#[test]
fn the_token_is_the_last_path_segment() {
    assert_eq!(token_from_path("/pay/abc123").as_deref(), Some("abc123"));
    assert_eq!(token_from_path("/pay/abc123/").as_deref(), Some("abc123"));
    assert_eq!(token_from_path("/pay/"), None);
    assert_eq!(token_from_path("/"), None);
}

#[test]
fn field_errors_come_from_the_list_or_the_single_field() {
    let list = status(
        422,
        r#"{"error":{"code":"validation_failed","message":"x","fields":[{"field":"payer.document","code":"invalid_check_digit"}]}}"#,
    );
    assert_eq!(
        list.field_errors(),
        [FieldError::new(
            "payer.document",
            ErrorCode::InvalidCheckDigit
        )]
    );
    assert_eq!(list.message(), None);
    let single = status(
        400,
        r#"{"error":{"code":"invalid_email","message":"x","field":"payer.email"}}"#,
    );
    assert_eq!(
        single.field_errors(),
        [FieldError::new("payer.email", ErrorCode::InvalidEmail)]
    );
}

#[test]
fn other_errors_become_a_form_message() {
    let expired = status(409, r#"{"error":{"code":"session_expired","message":"x"}}"#);
    assert_eq!(expired.field_errors(), []);
    assert_eq!(expired.message(), Some(Key::ErrRejected));
    assert_eq!(status(502, "<html>").message(), Some(Key::ErrServer));
    assert_eq!(status(429, "").message(), Some(Key::ErrTooManyAttempts));
    assert_eq!(ApiError::Network.message(), Some(Key::ErrNetwork));
}

#[test]
fn only_a_final_rejection_ends_the_idempotency_key() {
    assert!(status(422, "").is_definitive());
    assert!(status(400, "").is_definitive());
    assert!(!status(409, "").is_definitive());
    assert!(!status(409, r#"{"error":{"code":"session_expired","message":"x"}}"#).is_definitive());
    // A key spent on another body: the next submit needs a new one.
    assert!(status(
        409,
        r#"{"error":{"code":"idempotency_key_reused","message":"x"}}"#
    )
    .is_definitive());
    assert!(!status(429, "").is_definitive());
    assert!(!status(503, "").is_definitive());
    assert!(!ApiError::Network.is_definitive());
    assert!(!ApiError::Decode.is_definitive());
}
