//! The payment page's form: what it offers for a transaction (credit or debit, the
//! installments), the fields it posts, and their checks, with orkestra-core's validators
//! and the card rules of `methods::card`, the same as a card sent in the request.

use orkestra_core::api::orkestra::WireMethod;
use orkestra_core::catalog::{installment_options, Country};
use orkestra_core::error::ErrorCode;
use orkestra_core::validate::{card_number, cvv, expiry, person_name, CardBrand};
use serde::Deserialize;

use super::texts::Problem;
use crate::methods::card::{check_installments, InstallmentsRefused};
use crate::methods::card_page::Entered;

/// The posted form (`application/x-www-form-urlencoded`). No `Debug`: it holds the card
/// number and the security code, which are never logged.
#[derive(Default, Deserialize)]
pub struct Fields {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub expiry: String,
    #[serde(default)]
    pub cvv: String,
    #[serde(default)]
    pub name: String,
    /// `credit` or `debit`, where the page offers the choice.
    #[serde(default)]
    pub card_type: Option<String>,
    #[serde(default)]
    pub installments: Option<String>,
    /// `1` when the page is in the checkout's frame.
    #[serde(default)]
    pub frame: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// The form's inputs, by the `id` their labels and errors point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Number,
    Expiry,
    Cvv,
    Name,
    CardType,
    Installments,
}

impl Field {
    pub fn id(self) -> &'static str {
        match self {
            Field::Number => "pp-number",
            Field::Expiry => "pp-expiry",
            Field::Cvv => "pp-cvv",
            Field::Name => "pp-name",
            // The first radio, where the summary's link takes the focus.
            Field::CardType => "pp-credit",
            Field::Installments => "pp-installments",
        }
    }
}

/// What the page asks for a transaction.
#[derive(Debug, Clone, Copy)]
pub struct Offer {
    pub country: Country,
    /// Credit or debit radios: a `CREDIT_CARD` leg in Brazil, where debit cards differ
    /// (one installment, always 3-D Secure).
    pub choice: bool,
    /// A `DEBIT_CARD` leg: debit, no choice.
    pub debit_only: bool,
    /// The installments select, where the country offers more than one.
    pub installments: &'static [u8],
}

impl Offer {
    pub fn of(method: WireMethod, country: Country) -> Offer {
        let options = installment_options(country);
        Offer {
            country,
            choice: !method.debit && country == Country::BR,
            debit_only: method.debit,
            installments: if method.debit || options.len() < 2 {
                &[]
            } else {
                options
            },
        }
    }
}

/// The card, or every field's problem in the form's order.
pub fn check(fields: &Fields, offer: &Offer) -> Result<Entered, Vec<(Field, Problem)>> {
    let mut problems = Vec::new();
    let number = card_number(&fields.number)
        .map_err(|code| problems.push((Field::Number, problem(Field::Number, code))))
        .ok();
    if let Err(code) = expiry(
        &expiry_text(&fields.expiry),
        server_kit::clock::year_month(),
    ) {
        problems.push((Field::Expiry, problem(Field::Expiry, code)));
    }
    // Without a valid number the brand, and so the code's length, is unknown: either
    // length passes until the number is fixed.
    let code = match &number {
        Some(number) => cvv(&fields.cvv, number.brand()).map(drop),
        None => cvv(&fields.cvv, CardBrand::Visa)
            .or_else(|_| cvv(&fields.cvv, CardBrand::Amex))
            .map(drop),
    };
    if let Err(code) = code {
        problems.push((Field::Cvv, problem(Field::Cvv, code)));
    }
    if let Err(code) = person_name(&fields.name) {
        problems.push((Field::Name, problem(Field::Name, code)));
    }
    let debit = if offer.choice {
        match fields.card_type.as_deref() {
            Some("credit") => Some(false),
            Some("debit") => Some(true),
            _ => {
                problems.push((Field::CardType, Problem::CardType));
                None
            }
        }
    } else {
        Some(offer.debit_only)
    };
    let installments = match fields.installments.as_deref().map(str::trim) {
        None | Some("") => Some(1),
        Some(text) => text.parse::<u8>().ok(),
    };
    let installments = match (debit, installments) {
        (Some(debit), Some(n)) => match check_installments(debit, offer.country, n) {
            Ok(()) => Some(n),
            Err(InstallmentsRefused::Debit) => {
                problems.push((Field::Installments, Problem::DebitInstallments));
                None
            }
            Err(InstallmentsRefused::NotOffered) => {
                problems.push((Field::Installments, Problem::Installments));
                None
            }
        },
        (_, None) => {
            problems.push((Field::Installments, Problem::Installments));
            None
        }
        (None, Some(n)) => Some(n),
    };
    match (number, debit, installments) {
        (Some(number), Some(debit), Some(installments)) if problems.is_empty() => Ok(Entered {
            number,
            debit,
            installments,
        }),
        _ => Err(problems),
    }
}

/// `MMYY` and `MMYYYY` (a numeric keypad has no slash) read as `MM/YY` and `MM/YYYY`.
fn expiry_text(typed: &str) -> String {
    let t = typed.trim();
    if matches!(t.len(), 4 | 6) && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}/{}", &t[..2], &t[2..])
    } else {
        t.to_owned()
    }
}

/// A validator's code as the field's problem: the specific ones where the payer can act
/// on them, the field's general advice otherwise.
fn problem(field: Field, code: ErrorCode) -> Problem {
    let general = match field {
        Field::Number => Problem::CardNumber,
        Field::Expiry => Problem::ExpiryFormat,
        Field::Cvv => Problem::Cvv,
        Field::Name => Problem::Name,
        Field::CardType => Problem::CardType,
        Field::Installments => Problem::Installments,
    };
    match code {
        ErrorCode::Required => Problem::Required,
        ErrorCode::InvalidCheckDigit if field == Field::Number => Problem::CardCheck,
        ErrorCode::UnsupportedBrand => Problem::Brand,
        ErrorCode::Expired => Problem::Expired,
        ErrorCode::ExpiryTooFar => Problem::ExpiryFar,
        ErrorCode::InvalidCheckDigit
        | ErrorCode::TooLong
        | ErrorCode::InvalidFormat
        | ErrorCode::RepeatedDigits
        | ErrorCode::InvalidEmail
        | ErrorCode::AmountFormat
        | ErrorCode::AmountTooManyDecimals
        | ErrorCode::AmountNegative
        | ErrorCode::AmountZero
        | ErrorCode::AmountOverflow
        | ErrorCode::CurrencyMismatch
        | ErrorCode::UnsupportedCountry
        | ErrorCode::UnsupportedCurrency
        | ErrorCode::UnsupportedMethod
        | ErrorCode::UnsupportedDocumentType
        | ErrorCode::InvalidLength
        | ErrorCode::NotMobile
        | ErrorCode::WrongCountryCode
        | ErrorCode::WrongNetwork
        | ErrorCode::AmountBelowMinimum
        | ErrorCode::AmountAboveMaximum
        | ErrorCode::WrongCode
        | ErrorCode::NotForMethod
        | ErrorCode::CardOnOrkestraPage => general,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(number: &str, expiry: &str, code: &str) -> Fields {
        Fields {
            number: number.into(),
            expiry: expiry.into(),
            cvv: code.into(),
            name: "Ana Souza".into(),
            ..Fields::default()
        }
    }

    fn credit_in(country: Country) -> Offer {
        Offer::of(WireMethod::from_wire("CREDIT_CARD").unwrap(), country)
    }

    #[test]
    fn brazil_offers_credit_or_debit_and_twelve_installments_colombia_no_choice() {
        let br = credit_in(Country::BR);
        assert!(br.choice);
        assert_eq!(br.installments.len(), 12);
        let co = credit_in(Country::CO);
        assert!(!co.choice);
        assert_eq!(co.installments.len(), 36);
    }

    #[test]
    fn a_good_card_passes_and_each_bad_field_is_named() {
        let offer = credit_in(Country::MX);
        let entered = check(&fields("4111 1111 1111 1111", "1234", "737"), &offer).unwrap();
        assert_eq!(entered.installments, 1);
        assert!(!entered.debit);
        let errors = check(&fields("4111111111111112", "13/30", ""), &offer)
            .err()
            .unwrap();
        assert_eq!(
            errors,
            [
                (Field::Number, Problem::CardCheck),
                (Field::Expiry, Problem::ExpiryFormat),
                (Field::Cvv, Problem::Required),
            ]
        );
    }

    #[test]
    fn installments_follow_the_countrys_options_and_debit_pays_once() {
        let mut f = fields("4111111111111111", "12/34", "123");
        f.installments = Some("2".into());
        let errors = check(&f, &credit_in(Country::MX)).err().unwrap();
        assert_eq!(errors, [(Field::Installments, Problem::Installments)]);
        f.card_type = Some("debit".into());
        let errors = check(&f, &credit_in(Country::BR)).err().unwrap();
        assert_eq!(errors, [(Field::Installments, Problem::DebitInstallments)]);
        f.card_type = None;
        let errors = check(&f, &credit_in(Country::BR)).err().unwrap();
        assert_eq!(errors, [(Field::CardType, Problem::CardType)]);
    }
}
