//! Orkestra's refusals (its 4xx answers), and what each means in our API's terms.

use reqwest::StatusCode;

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
