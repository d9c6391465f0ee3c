//! The browser API: what the payment page reads and sends, scoped to one session by the
//! unguessable token in its URL. Amounts and methods only ever come from the server.

use serde::{Deserialize, Serialize};

use super::locale::Locale;
use super::merchant::{CustomerInput, SessionStatus, TransactionStatus};
use crate::catalog::{Country, PaymentMethod};
use crate::error::{ErrorCode, FieldError};
use crate::money::Currency;
use crate::validate::{self, BrDocument, Email, PersonName};

/// `GET /api/pay/{token}`: everything the page needs to render, and nothing secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageSession {
    pub status: SessionStatus,
    pub country: Country,
    pub currency: Currency,
    /// Decimal string in major units with the currency's digits, e.g. "150.00".
    pub amount: String,
    pub locale: Locale,
    pub merchant_name: String,
    pub expires_at: String,
    pub methods: Vec<PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerInput>,
    pub transactions: Vec<PageTransaction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
}

impl PageSession {
    /// The attempt the page shows: the newest one.
    pub fn current_transaction(&self) -> Option<&PageTransaction> {
        self.transactions.last()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageTransaction {
    pub id: String,
    pub method: PaymentMethod,
    pub amount: String,
    pub status: TransactionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_action: Option<NextAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
}

/// What the payer has to do after submitting, per method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NextAction {
    /// Scan the QR code or paste the "Pix Copia e Cola" code into a banking app.
    #[serde(rename_all = "camelCase")]
    PixQrCode { emv: String, expires_at: String },
}

/// `POST /api/pay/{token}/transactions`, sent with an `Idempotency-Key` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitTransaction {
    pub method: PaymentMethod,
    pub payer: PayerInput,
}

/// The payer's form as typed. Validated by the page while typing and again by the proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayerInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub email: String,
}

/// A payer that passed every rule of its country and method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    pub name: PersonName,
    pub document: BrDocument,
    pub email: Email,
}

impl PayerInput {
    /// One field's rule, so the page can check a field on blur with the same code the proxy
    /// runs on submit.
    pub fn check_field(&self, field: PayerField) -> Result<(), ErrorCode> {
        match field {
            PayerField::Name => validate::person_name(&self.name).map(drop),
            PayerField::Document => BrDocument::parse(&self.document).map(drop),
            PayerField::Email => validate::email(&self.email).map(drop),
        }
    }

    pub fn validate(
        &self,
        country: Country,
        method: PaymentMethod,
    ) -> Result<Payer, Vec<FieldError>> {
        if country != Country::BR || method != PaymentMethod::Pix {
            return Err(vec![FieldError::new(
                "method",
                ErrorCode::UnsupportedMethod,
            )]);
        }
        let name = validate::person_name(&self.name);
        let document = BrDocument::parse(&self.document);
        let email = validate::email(&self.email);
        match (name, document, email) {
            (Ok(name), Ok(document), Ok(email)) => Ok(Payer {
                name,
                document,
                email,
            }),
            (name, document, email) => {
                let errors = [
                    (PayerField::Name, name.err()),
                    (PayerField::Document, document.err()),
                    (PayerField::Email, email.err()),
                ];
                Err(errors
                    .into_iter()
                    .filter_map(|(field, code)| Some(FieldError::new(field.path(), code?)))
                    .collect())
            }
        }
    }
}

/// The fields of the payer form, named as in error paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayerField {
    Name,
    Document,
    Email,
}

impl PayerField {
    pub fn path(self) -> &'static str {
        match self {
            PayerField::Name => "payer.name",
            PayerField::Document => "payer.document",
            PayerField::Email => "payer.email",
        }
    }
}

/// One event of the live status stream (`GET /api/pay/{token}/events`, Server-Sent Events):
/// the whole page session each time, so a page that missed events is still right.
pub type StatusEvent = PageSession;

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, document: &str, email: &str) -> PayerInput {
        PayerInput {
            name: name.into(),
            document: document.into(),
            email: email.into(),
        }
    }

    #[test]
    fn a_valid_pix_payer_passes() {
        let payer = input("Maria da Silva", "529.982.247-25", "maria@example.com")
            .validate(Country::BR, PaymentMethod::Pix)
            .expect("valid payer");
        assert_eq!(payer.document.digits(), "52998224725");
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = input("", "529.982.247-26", "maria@")
            .validate(Country::BR, PaymentMethod::Pix)
            .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["payer.name", "payer.document", "payer.email"]);
        assert_eq!(errors[1].code, ErrorCode::InvalidCheckDigit);
    }

    #[test]
    fn next_actions_are_tagged_by_type() {
        let action = NextAction::PixQrCode {
            emv: "000201".into(),
            expires_at: "2026-01-01T00:00:00Z".into(),
        };
        let json = serde_json::to_value(&action).unwrap();
        assert_eq!(json["type"], "pix_qr_code");
        assert_eq!(json["expiresAt"], "2026-01-01T00:00:00Z");
    }
}
