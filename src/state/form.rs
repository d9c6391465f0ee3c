//! The payer form: what was typed, and which message each field shows. The rules are
//! orkestra-core's (`PayerInput::check_field` / `validate`); this only decides *when* a
//! field's message appears: on blur once the field holds something, on submit always, and
//! it follows the value while the payer fixes it.

use orkestra_core::api::browser::{FormField as PayerField, PayerInput, SubmitTransaction};
use orkestra_core::api::merchant::CustomerInput;
use orkestra_core::catalog::{Country, Market, PaymentMethod};
use orkestra_core::error::{ErrorCode, FieldError};

/// The form's fields in the order they appear (and receive focus).
pub const FIELDS: [PayerField; 3] = [PayerField::Name, PayerField::Document, PayerField::Email];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayerForm {
    input: SubmitTransaction,
    errors: [Option<ErrorCode>; 3],
}

/// Why a submit did not produce a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitBlocked {
    /// The first field (in page order) that failed; it should receive focus.
    Field(PayerField),
    /// The session's country or method is not one this form can pay.
    Unsupported,
}

impl Default for PayerForm {
    fn default() -> Self {
        PayerForm::prefilled(None)
    }
}

impl PayerForm {
    /// The form as the merchant pre-filled it; no message shows until the payer acts.
    pub fn prefilled(customer: Option<&CustomerInput>) -> Self {
        let field = |value: Option<&Option<String>>| value.cloned().flatten().unwrap_or_default();
        PayerForm {
            input: SubmitTransaction {
                method: Some(PaymentMethod::Pix),
                payer: PayerInput {
                    name: field(customer.map(|c| &c.name)),
                    document: field(customer.map(|c| &c.document)),
                    email: field(customer.map(|c| &c.email)),
                    ..Default::default()
                },
                ..Default::default()
            },
            errors: [None; 3],
        }
    }

    pub fn value(&self, field: PayerField) -> &str {
        match field {
            PayerField::Name => &self.input.payer.name,
            PayerField::Document => &self.input.payer.document,
            PayerField::Email => &self.input.payer.email,
            _ => "",
        }
    }

    /// The message the field shows now, if any.
    pub fn error(&self, field: PayerField) -> Option<ErrorCode> {
        self.errors[index(field)]
    }

    /// Typing: an existing message follows the value (and clears once it is right);
    /// no new message appears mid-typing.
    pub fn set(&mut self, field: PayerField, value: String) {
        *match field {
            PayerField::Name => &mut self.input.payer.name,
            PayerField::Document => &mut self.input.payer.document,
            PayerField::Email => &mut self.input.payer.email,
            _ => return,
        } = value;
        if self.errors[index(field)].is_some() {
            self.errors[index(field)] = self.check(field);
        }
    }

    /// Leaving a field checks it, unless it is still empty and untouched by an error.
    pub fn blur(&mut self, field: PayerField) {
        if !self.value(field).trim().is_empty() || self.errors[index(field)].is_some() {
            self.errors[index(field)] = self.check(field);
        }
    }

    // PIX asks for no card, so no date is needed.
    fn check(&self, field: PayerField) -> Option<ErrorCode> {
        self.input
            .check_field(Market::Country(Country::BR), field, (0, 0))
            .err()
    }

    /// Whether every field passes its rule.
    pub fn is_valid(&self) -> bool {
        FIELDS.iter().all(|f| self.check(*f).is_none())
    }

    /// Checks everything and shows every message; the request to send, or where to go.
    pub fn submit(&mut self, country: Country) -> Result<SubmitTransaction, SubmitBlocked> {
        match self.input.validate(Market::Country(country), (0, 0)) {
            Ok(_) => {
                self.errors = [None; 3];
                Ok(self.input.clone())
            }
            Err(errors) => Err(match self.show(&errors) {
                Some(field) => SubmitBlocked::Field(field),
                None => SubmitBlocked::Unsupported,
            }),
        }
    }

    /// Shows the server's verdict on fields (`payer.document`, …); the first field that
    /// failed, in page order. Paths this form does not have are ignored.
    pub fn show(&mut self, errors: &[FieldError]) -> Option<PayerField> {
        for error in errors {
            if let Some(field) = field_for_path(&error.field) {
                self.errors[index(field)] = Some(error.code);
            }
        }
        FIELDS
            .into_iter()
            .find(|f| errors.iter().any(|e| field_for_path(&e.field) == Some(*f)))
    }
}

/// The form field an error path names.
pub fn field_for_path(path: &str) -> Option<PayerField> {
    FIELDS.into_iter().find(|f| f.path() == path)
}

fn index(field: PayerField) -> usize {
    match field {
        PayerField::Name => 0,
        PayerField::Document => 1,
        _ => 2,
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
