//! Every string the page shows, in every language it speaks.
//!
//! One `match` per language with no `_` arm: adding a [`Key`] without translating it into
//! every language does not compile. Brand and product names (Pix, PSE, Visa, MTN…) are the
//! same everywhere and are not keys.

mod ar;
mod en;
mod es;
mod fr;
mod pt_br;

use orkestra_core::api::browser::FormField;
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
    ChooseMethod,
    // Method names that are not brands.
    MethodCard,
    MethodCash,
    MethodBankTransfer,
    MethodMobileMoney,
    MethodSepa,
    MethodCrypto,
    // One line under the form's title, per method.
    IntroCard,
    IntroPix,
    IntroBoleto,
    IntroSpei,
    IntroPse,
    IntroCash,
    IntroTransfer,
    IntroNequi,
    IntroDaviplata,
    IntroMobileMoney,
    IntroSepa,
    IntroCrypto,
    // The submit button, per kind of method.
    PayCard,
    PayPix,
    PayBoleto,
    PayTransfer,
    PayCash,
    PayBank,
    PayPhone,
    PayCrypto,
    Submitting,
    // Inputs.
    FieldName,
    FieldCardName,
    FieldDocumentType,
    FieldDocument,
    FieldDocumentBr,
    FieldEmail,
    FieldPhone,
    FieldStreet,
    FieldNumber,
    FieldDistrict,
    FieldCity,
    FieldState,
    FieldPostalCode,
    FieldCardNumber,
    FieldExpiry,
    FieldCvv,
    InstallmentsParcelas,
    InstallmentsMsi,
    InstallmentsCuotas,
    UnitParcelas,
    UnitMsi,
    UnitCuotas,
    SinglePayment,
    CardType,
    Credit,
    Debit,
    FieldBank,
    ChooseBank,
    BanksFailed,
    FieldPersonType,
    PersonNatural,
    PersonJuridica,
    FieldOperator,
    FieldNetwork,
    ChooseOption,
    Optional,
    // Messages under inputs.
    ErrRequired,
    ErrChoose,
    ErrTooLong,
    ErrNameFormat,
    ErrDocumentFormat,
    ErrEmailFormat,
    ErrCheckDigit,
    ErrRepeatedDigits,
    ErrDocumentType,
    ErrInvalid,
    ErrPhone,
    ErrNotMobile,
    ErrWrongCountry,
    ErrCardNumber,
    ErrCardCheck,
    ErrBrand,
    ErrExpiryFormat,
    ErrCardExpired,
    ErrExpiryFar,
    ErrCvv,
    ErrPostalCode,
    ErrState,
    ErrOtp,
    ErrWrongCode,
    // Messages above the form.
    ErrNetwork,
    ErrServer,
    ErrRejected,
    ErrTooManyAttempts,
    ErrUnavailable,
    ErrBadCode,
    RetrySafely,
    // Stages.
    Creating,
    Waiting,
    WaitingBank,
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
    // Shared pieces of the instructions.
    Copy,
    Copied,
    CopyFailed,
    ExpiresIn,
    CodeExpired,
    PayBefore,
    Print,
    ExactAmount,
    // Pix.
    ScanQr,
    QrLabel,
    OrCopy,
    CopyLabel,
    // Boleto.
    BoletoHint,
    BoletoLine,
    BoletoBarcode,
    DueDate,
    OpenBoleto,
    // Transfers (SPEI, bank transfers, SEPA).
    TransferHint,
    Bank,
    Beneficiary,
    AccountNumber,
    Reference,
    AmountWarning,
    // Cash vouchers.
    VoucherHint,
    PaymentCode,
    VoucherBarcode,
    WherePay,
    // Redirects (PSE, 3-D Secure).
    RedirectBank,
    Redirect3ds,
    Continue3ds,
    // Wallets.
    ApprovePhone,
    SentTo,
    ApproveHow,
    StillWaiting,
    OtpTitle,
    OtpHint,
    FieldOtp,
    ConfirmCode,
    // Crypto.
    CryptoSendOnly,
    CryptoLost,
    DepositAddress,
    AddressQr,
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

/// The message for a failed rule on a form field. Codes a payer cannot cause by typing
/// (amounts, currencies, countries) read as a generic "check this field".
pub fn field_error(field: FormField, code: ErrorCode) -> Key {
    let choice = matches!(
        field,
        FormField::Method
            | FormField::DocumentType
            | FormField::Installments
            | FormField::Bank
            | FormField::PersonType
            | FormField::Operator
            | FormField::Network
    );
    match code {
        ErrorCode::Required if choice => Key::ErrChoose,
        ErrorCode::Required => Key::ErrRequired,
        ErrorCode::TooLong => Key::ErrTooLong,
        ErrorCode::InvalidFormat | ErrorCode::InvalidLength => match field {
            FormField::Name => Key::ErrNameFormat,
            FormField::Document => Key::ErrDocumentFormat,
            FormField::Email => Key::ErrEmailFormat,
            FormField::Phone => Key::ErrPhone,
            FormField::CardNumber => Key::ErrCardNumber,
            FormField::CardExpiry => Key::ErrExpiryFormat,
            FormField::CardCvv => Key::ErrCvv,
            FormField::PostalCode => Key::ErrPostalCode,
            FormField::State => Key::ErrState,
            FormField::Method
            | FormField::DocumentType
            | FormField::Installments
            | FormField::Bank
            | FormField::PersonType
            | FormField::Operator
            | FormField::Network => Key::ErrChoose,
            FormField::Street | FormField::Number | FormField::District | FormField::City => {
                Key::ErrInvalid
            }
        },
        ErrorCode::InvalidEmail => Key::ErrEmailFormat,
        ErrorCode::InvalidCheckDigit if field == FormField::CardNumber => Key::ErrCardCheck,
        ErrorCode::InvalidCheckDigit => Key::ErrCheckDigit,
        ErrorCode::RepeatedDigits => Key::ErrRepeatedDigits,
        ErrorCode::UnsupportedDocumentType => Key::ErrDocumentType,
        ErrorCode::UnsupportedBrand => Key::ErrBrand,
        ErrorCode::Expired => Key::ErrCardExpired,
        ErrorCode::ExpiryTooFar => Key::ErrExpiryFar,
        ErrorCode::NotMobile => Key::ErrNotMobile,
        ErrorCode::WrongCountryCode => Key::ErrWrongCountry,
        ErrorCode::UnsupportedMethod => Key::ErrChoose,
        ErrorCode::WrongCode => Key::ErrWrongCode,
        ErrorCode::WrongNetwork
        | ErrorCode::AmountFormat
        | ErrorCode::AmountTooManyDecimals
        | ErrorCode::AmountNegative
        | ErrorCode::AmountZero
        | ErrorCode::AmountOverflow
        | ErrorCode::AmountBelowMinimum
        | ErrorCode::AmountAboveMaximum
        | ErrorCode::CurrencyMismatch
        | ErrorCode::UnsupportedCountry
        | ErrorCode::UnsupportedCurrency => Key::ErrInvalid,
    }
}

/// The language to show while no session says which: `?locale=` on the page's address,
/// else the browser's, else English.
pub fn browser_locale() -> Locale {
    requested_locale()
        .or_else(|| {
            web_sys::window()
                .and_then(|w| w.navigator().language())
                .and_then(|tag| Locale::from_tag(&tag))
        })
        .unwrap_or(Locale::En)
}

/// The language the payer (or the merchant's link) asked for with `?locale=xx`.
pub fn requested_locale() -> Option<Locale> {
    let search = web_sys::window()?.location().search().ok()?;
    locale_in_query(&search)
}

/// `?locale=fr&x=1` → French. Unknown languages are ignored.
pub fn locale_in_query(search: &str) -> Option<Locale> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("locale="))
        .and_then(Locale::from_tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_error_has_a_message_in_every_language() {
        for locale in Locale::ALL {
            for field in FormField::ALL {
                for code in ErrorCode::ALL {
                    assert!(!t(locale, field_error(field, code)).is_empty());
                }
            }
        }
    }

    #[test]
    fn choices_ask_to_choose_and_cards_say_what_is_wrong() {
        assert_eq!(
            field_error(FormField::Bank, ErrorCode::Required),
            Key::ErrChoose
        );
        assert_eq!(
            field_error(FormField::Name, ErrorCode::Required),
            Key::ErrRequired
        );
        assert_eq!(
            field_error(FormField::CardNumber, ErrorCode::InvalidCheckDigit),
            Key::ErrCardCheck
        );
        assert_eq!(
            field_error(FormField::CardExpiry, ErrorCode::Expired),
            Key::ErrCardExpired
        );
    }

    #[test]
    fn languages_do_not_fall_back_to_english() {
        for locale in [Locale::Es, Locale::PtBr, Locale::Fr, Locale::Ar] {
            for key in [Key::Paid, Key::FieldName, Key::ExactAmount, Key::CryptoLost] {
                assert_ne!(t(locale, key), t(Locale::En, key), "{locale:?} {key:?}");
            }
        }
    }

    #[test]
    fn the_address_may_ask_for_a_language() {
        assert_eq!(locale_in_query("?locale=ar"), Some(Locale::Ar));
        assert_eq!(locale_in_query("?x=1&locale=pt-BR"), Some(Locale::PtBr));
        assert_eq!(locale_in_query("?locale=de"), None);
        assert_eq!(locale_in_query(""), None);
    }
}
