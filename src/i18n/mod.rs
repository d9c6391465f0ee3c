//! Every string the page shows, in every language it speaks.
//!
//! One `match` per language with no `_` arm: adding a [`Key`] without translating it into
//! every language does not compile.

mod ar;
mod en;
mod es;
mod fr;
mod pt_br;

use orkestra_core::api::browser::FormField as PayerField;
use orkestra_core::api::locale::Locale;
use orkestra_core::error::ErrorCode;

/// A message of the page, named for what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Loading,
    LoadFailed,
    LinkInvalid,
    Retry,
    Total,
    PayWithPix,
    PixIntro,
    FieldName,
    FieldDocument,
    FieldEmail,
    Pay,
    Submitting,
    ErrRequired,
    ErrTooLong,
    ErrNameFormat,
    ErrDocumentFormat,
    ErrEmailFormat,
    ErrCheckDigit,
    ErrRepeatedDigits,
    ErrDocumentType,
    ErrInvalid,
    ErrNetwork,
    ErrServer,
    ErrRejected,
    ErrTooManyAttempts,
    ErrUnavailable,
    ErrBadCode,
    RetrySafely,
    Creating,
    ScanQr,
    QrLabel,
    OrCopy,
    CopyLabel,
    Copy,
    Copied,
    CopyFailed,
    ExpiresIn,
    CodeExpired,
    Waiting,
    Paid,
    PaidDetail,
    BackToStore,
    AttemptFailed,
    AttemptExpired,
    AttemptCancelled,
    AttemptEndedDetail,
    TryAgain,
    SessionExpired,
    SessionCancelled,
    MethodUnavailable,
}

/// The text of `key` in `locale`.
pub fn t(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::En => en::t(key),
        Locale::Es => es::t(key),
        Locale::PtBr => pt_br::t(key),
        Locale::Fr => fr::t(key),
        Locale::Ar => ar::t(key),
    }
}

/// The message for a failed rule on a payer field. Codes a payer cannot cause by typing
/// (amounts, currencies, countries) read as a generic "check this field".
pub fn field_error(field: PayerField, code: ErrorCode) -> Key {
    match code {
        ErrorCode::Required => Key::ErrRequired,
        ErrorCode::TooLong => Key::ErrTooLong,
        ErrorCode::InvalidFormat | ErrorCode::InvalidLength => match field {
            PayerField::Name => Key::ErrNameFormat,
            PayerField::Document => Key::ErrDocumentFormat,
            PayerField::Email => Key::ErrEmailFormat,
            // Forms of the other methods arrive with their own messages.
            _ => Key::ErrDocumentFormat,
        },
        ErrorCode::InvalidEmail => Key::ErrEmailFormat,
        ErrorCode::InvalidCheckDigit => Key::ErrCheckDigit,
        ErrorCode::RepeatedDigits => Key::ErrRepeatedDigits,
        ErrorCode::UnsupportedDocumentType => Key::ErrDocumentType,
        ErrorCode::AmountFormat
        | ErrorCode::AmountTooManyDecimals
        | ErrorCode::AmountNegative
        | ErrorCode::AmountZero
        | ErrorCode::AmountOverflow
        | ErrorCode::AmountBelowMinimum
        | ErrorCode::AmountAboveMaximum
        | ErrorCode::CurrencyMismatch
        | ErrorCode::UnsupportedCountry
        | ErrorCode::UnsupportedCurrency
        | ErrorCode::UnsupportedMethod
        // Card, phone and wallet codes: no field of the PIX form can raise them; the forms
        // that can will bring their own messages.
        | ErrorCode::UnsupportedBrand
        | ErrorCode::Expired
        | ErrorCode::ExpiryTooFar
        | ErrorCode::NotMobile
        | ErrorCode::WrongCountryCode
        | ErrorCode::WrongNetwork
        | ErrorCode::WrongCode => Key::ErrInvalid,
    }
}

/// The language to show before the session says which: the browser's, else English.
pub fn browser_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or(Locale::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_payer_error_has_a_message_in_every_language() {
        for locale in Locale::ALL {
            for field in [PayerField::Name, PayerField::Document, PayerField::Email] {
                for code in ErrorCode::ALL {
                    assert!(!t(locale, field_error(field, code)).is_empty());
                }
            }
        }
    }

    #[test]
    fn languages_do_not_fall_back_to_english() {
        for locale in [Locale::Es, Locale::PtBr, Locale::Fr, Locale::Ar] {
            assert_ne!(t(locale, Key::Paid), t(Locale::En, Key::Paid), "{locale:?}");
            assert_ne!(t(locale, Key::FieldName), t(Locale::En, Key::FieldName));
        }
    }
}
