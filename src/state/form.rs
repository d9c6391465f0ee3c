//! The payer form: what was typed, and which message each field shows. The rules are
//! orkestra-core's (`PayerInput::check_field` / `validate`); this only decides *when* a
//! field's message appears: on blur once the field holds something, on submit always, and
//! it follows the value while the payer fixes it.

use orkestra_core::api::browser::{PayerField, PayerInput, SubmitTransaction};
use orkestra_core::api::merchant::CustomerInput;
use orkestra_core::catalog::{Country, PaymentMethod};
use orkestra_core::error::{ErrorCode, FieldError};

/// The form's fields in the order they appear (and receive focus).
pub const FIELDS: [PayerField; 3] = [PayerField::Name, PayerField::Document, PayerField::Email];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayerForm {
    input: PayerInput,
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

impl PayerForm {
    /// The form as the merchant pre-filled it; no message shows until the payer acts.
    pub fn prefilled(customer: Option<&CustomerInput>) -> Self {
        let field = |value: Option<&Option<String>>| value.cloned().flatten().unwrap_or_default();
        PayerForm {
            input: PayerInput {
                name: field(customer.map(|c| &c.name)),
                document: field(customer.map(|c| &c.document)),
                email: field(customer.map(|c| &c.email)),
            },
            errors: [None; 3],
        }
    }

    pub fn value(&self, field: PayerField) -> &str {
        match field {
            PayerField::Name => &self.input.name,
            PayerField::Document => &self.input.document,
            PayerField::Email => &self.input.email,
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
            PayerField::Name => &mut self.input.name,
            PayerField::Document => &mut self.input.document,
            PayerField::Email => &mut self.input.email,
        } = value;
        if self.errors[index(field)].is_some() {
            self.errors[index(field)] = self.input.check_field(field).err();
        }
    }

    /// Leaving a field checks it, unless it is still empty and untouched by an error.
    pub fn blur(&mut self, field: PayerField) {
        if !self.value(field).trim().is_empty() || self.errors[index(field)].is_some() {
            self.errors[index(field)] = self.input.check_field(field).err();
        }
    }

    /// Whether every field passes its rule.
    pub fn is_valid(&self) -> bool {
        FIELDS.iter().all(|f| self.input.check_field(*f).is_ok())
    }

    /// Checks everything and shows every message; the request to send, or where to go.
    pub fn submit(&mut self, country: Country) -> Result<SubmitTransaction, SubmitBlocked> {
        match self.input.validate(country, PaymentMethod::Pix) {
            Ok(_) => {
                self.errors = [None; 3];
                Ok(SubmitTransaction {
                    method: PaymentMethod::Pix,
                    payer: self.input.clone(),
                })
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
        PayerField::Email => 2,
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
