//! The failure codes every rule in this crate returns.
//!
//! A code is the whole error: the page turns it into a translated message (the code is the
//! i18n key suffix) and the proxy sends it to the browser as is. Codes carry no text, no
//! values and no internals, so they are safe to show and stable to match on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One stable code per failure; serialised as snake_case strings; also the i18n key suffix in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooLong,
    InvalidFormat,
    InvalidCheckDigit,
    RepeatedDigits,
    InvalidEmail,
    AmountFormat,
    AmountTooManyDecimals,
    AmountNegative,
    AmountZero,
    AmountOverflow,
    CurrencyMismatch,
    UnsupportedCountry,
    UnsupportedCurrency,
    UnsupportedMethod,
    /// A document type the country (or the method) does not take, e.g. `RUT` in Brazil.
    UnsupportedDocumentType,
    /// A number of digits the field's kind never has: a card number its brand does not
    /// issue at that length (usually incomplete), a security code of the wrong size.
    InvalidLength,
    /// A card number whose first digits match no brand we take.
    UnsupportedBrand,
    /// A card expiry month before the current one.
    Expired,
    /// A card expiry more than 20 years ahead: a typing mistake.
    ExpiryTooFar,
    /// A phone number of the right length outside the country's mobile ranges: a landline
    /// where an SMS, a push or a wallet prompt must reach a mobile.
    NotMobile,
    /// An international phone number whose calling code is not the chosen country's.
    WrongCountryCode,
    /// A crypto address that is valid, but on another network family (a TRON address for
    /// Ethereum): funds sent there would be lost.
    WrongNetwork,
    /// An amount under the smallest one the (market, method) takes, e.g. an Efecty voucher
    /// under COP 1,000.
    AmountBelowMinimum,
    /// An amount over the largest one the (market, method) takes, e.g. an OXXO voucher
    /// over MXN 10,000.
    AmountAboveMaximum,
    /// A one-time code that is not the one the wallet sent.
    WrongCode,
    /// An input of another payment method than the one chosen (a card number with PIX):
    /// refused rather than ignored, since the payer may have meant to pay with it.
    NotForMethod,
    /// Card data sent in a session whose cards are typed on Orkestra's payment page
    /// (`cardCapture: orkestra`): refused, so it goes no further than this check.
    CardOnOrkestraPage,
}

read_by_text! { ErrorCode => ErrorCode::parse }

impl ErrorCode {
    /// The code written `text` (as [`ErrorCode::as_str`] writes it), if it is one.
    pub fn parse(text: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Every code, so tests and the page's translation check can cover them all.
    pub const ALL: [ErrorCode; 28] = [
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::InvalidFormat,
        ErrorCode::InvalidCheckDigit,
        ErrorCode::RepeatedDigits,
        ErrorCode::InvalidEmail,
        ErrorCode::AmountFormat,
        ErrorCode::AmountTooManyDecimals,
        ErrorCode::AmountNegative,
        ErrorCode::AmountZero,
        ErrorCode::AmountOverflow,
        ErrorCode::CurrencyMismatch,
        ErrorCode::UnsupportedCountry,
        ErrorCode::UnsupportedCurrency,
        ErrorCode::UnsupportedMethod,
        ErrorCode::UnsupportedDocumentType,
        ErrorCode::InvalidLength,
        ErrorCode::UnsupportedBrand,
        ErrorCode::Expired,
        ErrorCode::ExpiryTooFar,
        ErrorCode::NotMobile,
        ErrorCode::WrongCountryCode,
        ErrorCode::WrongNetwork,
        ErrorCode::AmountBelowMinimum,
        ErrorCode::AmountAboveMaximum,
        ErrorCode::WrongCode,
        ErrorCode::NotForMethod,
        ErrorCode::CardOnOrkestraPage,
    ];

    /// The exact string serde writes, without going through a serializer.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::InvalidFormat => "invalid_format",
            ErrorCode::InvalidCheckDigit => "invalid_check_digit",
            ErrorCode::RepeatedDigits => "repeated_digits",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::AmountFormat => "amount_format",
            ErrorCode::AmountTooManyDecimals => "amount_too_many_decimals",
            ErrorCode::AmountNegative => "amount_negative",
            ErrorCode::AmountZero => "amount_zero",
            ErrorCode::AmountOverflow => "amount_overflow",
            ErrorCode::CurrencyMismatch => "currency_mismatch",
            ErrorCode::UnsupportedCountry => "unsupported_country",
            ErrorCode::UnsupportedCurrency => "unsupported_currency",
            ErrorCode::UnsupportedMethod => "unsupported_method",
            ErrorCode::UnsupportedDocumentType => "unsupported_document_type",
            ErrorCode::InvalidLength => "invalid_length",
            ErrorCode::UnsupportedBrand => "unsupported_brand",
            ErrorCode::Expired => "expired",
            ErrorCode::ExpiryTooFar => "expiry_too_far",
            ErrorCode::NotMobile => "not_mobile",
            ErrorCode::WrongCountryCode => "wrong_country_code",
            ErrorCode::WrongNetwork => "wrong_network",
            ErrorCode::AmountBelowMinimum => "amount_below_minimum",
            ErrorCode::AmountAboveMaximum => "amount_above_maximum",
            ErrorCode::WrongCode => "wrong_code",
            ErrorCode::NotForMethod => "not_for_method",
            ErrorCode::CardOnOrkestraPage => "card_on_orkestra_page",
        }
    }

    /// What the code says, in English words, to follow a field's name ("amount: has more
    /// decimals than its currency has"): the merchant API's messages. The page says it in
    /// the payer's language from its own texts, by the code.
    pub fn sentence(self) -> &'static str {
        match self {
            ErrorCode::Required => "is required",
            ErrorCode::TooLong => "is too long",
            ErrorCode::InvalidFormat => "is not written as this field takes it",
            ErrorCode::InvalidCheckDigit => "has a wrong check digit",
            ErrorCode::RepeatedDigits => "is one digit repeated, which no such number is",
            ErrorCode::InvalidEmail => "is not an email address",
            ErrorCode::AmountFormat => {
                "is not a decimal amount (digits, and a dot before the decimals, as a string)"
            }
            ErrorCode::AmountTooManyDecimals => {
                "has more decimals than its currency has (BRL, COP, MXN and most: 2; CLP: 0; USDT and USDC: 6)"
            }
            ErrorCode::AmountNegative => "is negative",
            ErrorCode::AmountZero => "is zero",
            ErrorCode::AmountOverflow => "is larger than any amount we can hold",
            ErrorCode::CurrencyMismatch => "is not in the currency it must be in",
            ErrorCode::UnsupportedCountry => "is not a country we offer payments in",
            ErrorCode::UnsupportedCurrency => "is not a currency we take",
            ErrorCode::UnsupportedMethod => "is not a payment method offered there",
            ErrorCode::UnsupportedDocumentType => "is not a document type taken there",
            ErrorCode::InvalidLength => "does not have the number of digits it must have",
            ErrorCode::UnsupportedBrand => "is a card brand we do not take",
            ErrorCode::Expired => "is in the past",
            ErrorCode::ExpiryTooFar => "is too far in the future to be right",
            ErrorCode::NotMobile => "is not a mobile number",
            ErrorCode::WrongCountryCode => "has another country's calling code",
            ErrorCode::WrongNetwork => "is an address on another network",
            ErrorCode::AmountBelowMinimum => "is below the smallest amount taken",
            ErrorCode::AmountAboveMaximum => "is above the largest amount taken",
            ErrorCode::WrongCode => "is not the code that was sent",
            ErrorCode::NotForMethod => "is an input of another payment method than the one chosen",
            ErrorCode::CardOnOrkestraPage => {
                "is typed by the payer on Orkestra's payment page in this session (cardCapture \
                 orkestra): leave it out, or create the session with cardCapture direct"
            }
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::error::Error for ErrorCode {}

wire_body! {
    /// A failure attached to a field of a form or request, e.g. field "payer.document".
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct FieldError {
        pub field: String = "field",
        pub code: ErrorCode = "code",
    }
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        FieldError {
            field: field.into(),
            code,
        }
    }
}

impl FieldError {
    /// The field and what is wrong with it, in words: `amount: is negative`.
    pub fn sentence(&self) -> String {
        format!("{}: {}", self.field, self.code.sentence())
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serialises_to_its_as_str_string() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, code);
        }
    }

    #[test]
    fn codes_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
        }
    }

    #[test]
    fn an_unknown_code_does_not_deserialise() {
        assert!(serde_json::from_str::<ErrorCode>("\"nope\"").is_err());
        assert!(serde_json::from_str::<ErrorCode>("\"Required\"").is_err());
    }

    #[test]
    fn a_field_error_serialises_as_field_and_code() {
        let e = FieldError::new("payer.document", ErrorCode::InvalidCheckDigit);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"field": "payer.document", "code": "invalid_check_digit"})
        );
        assert_eq!(e.to_string(), "payer.document: invalid_check_digit");
    }
}
