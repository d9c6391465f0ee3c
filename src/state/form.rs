//! The payment form of every method: what was typed, and which message each field shows.
//!
//! Which inputs a method needs comes from orkestra-core (`form_fields`), and so do the
//! rules (`SubmitTransaction::check_field` / `validate`, the code the proxy runs). This only
//! decides *when* a field's message appears: on blur once the field holds something, on
//! submit always, and it follows the value while the payer fixes it.

use orkestra_core::api::browser::{
    form_fields, CardInput, FormField, MethodInput, SubmitTransaction,
};
use orkestra_core::api::merchant::CustomerInput;
use orkestra_core::catalog::{
    amount_limits, method_document_types, mobile_operators, Market, PaymentMethod,
};
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::methods::CardCapture;
use orkestra_core::money::{Amount, Money, PositiveMoney};
use orkestra_core::split::ChargeBalance;
use orkestra_core::validate;

use super::card::{digits, format_expiry, group_card_number};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentForm {
    market: Market,
    /// Where cards are typed: on Orkestra's page, the card form asks only the payer.
    capture: CardCapture,
    /// (year, month): card expiry is judged against the payer's today.
    today: (u16, u8),
    input: SubmitTransaction,
    fields: Vec<FormField>,
    /// The message each of `fields` shows, in the same order.
    errors: Vec<Option<ErrorCode>>,
    /// The operator was picked from the phone's prefix, not by the payer: a new number
    /// may pick another.
    operator_from_phone: bool,
    /// What no paid or pending leg of the payer's charge covers yet, from the session.
    remaining: Option<Money>,
    /// Splitting: the amount this leg pays, as typed. `None` pays all that is left.
    split: Option<String>,
    split_error: Option<ErrorCode>,
}

/// Why a submit did not produce a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitBlocked {
    /// The first field (in page order) that failed; it should receive focus.
    Field(FormField),
    /// The split amount failed (it comes first in the form); it should receive focus.
    Amount,
    /// The session's market does not offer this method.
    Unsupported,
}

impl PaymentForm {
    /// An empty form for `method`; no message shows until the payer acts.
    pub fn new(
        market: Market,
        method: PaymentMethod,
        today: (u16, u8),
        capture: CardCapture,
    ) -> Self {
        let fields = form_fields(market, method, capture);
        let mut form = PaymentForm {
            market,
            capture,
            today,
            input: SubmitTransaction::new(method),
            errors: vec![None; fields.len()],
            fields,
            operator_from_phone: false,
            remaining: None,
            split: None,
            split_error: None,
        };
        form.defaults();
        form
    }

    /// What the merchant already knows of the payer, in the fields this method asks for.
    pub fn prefilled(mut self, customer: Option<&CustomerInput>) -> Self {
        if let Some(c) = customer {
            let payer = &mut self.input.payer;
            for (slot, value) in [
                (&mut payer.name, &c.name),
                (&mut payer.document, &c.document),
                (&mut payer.email, &c.email),
            ] {
                if let Some(value) = value {
                    slot.clone_from(value);
                }
            }
        }
        self
    }

    /// The same payer on another method: what they typed carries over, the messages do not.
    pub fn switch(&self, method: PaymentMethod) -> Self {
        let mut next = PaymentForm::new(self.market, method, self.today, self.capture);
        let default_type =
            std::mem::replace(&mut next.input.payer, self.input.payer.clone()).document_type;
        // The document type carries over only where the new method takes it.
        let offered = self.market.country().is_some_and(|c| {
            method_document_types(c, method)
                .iter()
                .any(|t| t.as_str() == next.input.payer.document_type)
        });
        if !offered || !next.has(FormField::DocumentType) {
            next.input.payer.document_type = default_type;
        }
        next.pick_operator();
        // A split carries over too: the payer is choosing which method pays this part.
        next.remaining = self.remaining;
        next.split.clone_from(&self.split);
        next
    }

    /// The form for the payer's next leg once one is paid or under way: the same payer
    /// and method, nothing of the card, and no split amount (the next leg pays the rest
    /// unless the payer splits again).
    pub fn next_leg(&self) -> Self {
        let mut next = self.switch(self.method());
        next.split = None;
        next
    }

    /// What is left to pay, as the latest session says (`None`: the session has no
    /// charge, so no split).
    pub fn set_remaining(&mut self, remaining: Option<Money>) {
        self.remaining = remaining;
        if self.split_error.is_some() {
            self.split_error = self.check_split();
        }
    }

    pub fn remaining(&self) -> Option<Money> {
        self.remaining
    }

    /// Whether this leg pays only part of what is left.
    pub fn is_split(&self) -> bool {
        self.split.is_some()
    }

    /// Turns splitting on (the amount starts at all that is left, for the payer to lower)
    /// or off (this leg pays everything left).
    pub fn set_split(&mut self, on: bool) {
        self.split = on.then(|| {
            self.remaining
                .map(|m| m.to_decimal_string())
                .unwrap_or_default()
        });
        self.split_error = None;
    }

    /// "Try again" after a leg that paid part of the charge ended unpaid: the replacement
    /// asks for the same amount, unless that is all that is left anyway.
    pub fn replace_leg(&mut self, amount: &str) {
        let Some(remaining) = self.remaining else {
            return;
        };
        if let Ok(amount) = Money::parse_lenient(amount, remaining.currency()) {
            self.split = (amount != remaining).then(|| amount.to_decimal_string());
            self.split_error = None;
        }
    }

    pub fn split_amount(&self) -> String {
        self.split.clone().unwrap_or_default()
    }

    pub fn set_split_amount(&mut self, text: String) {
        self.split = Some(text);
        if self.split_error.is_some() {
            self.split_error = self.check_split();
        }
    }

    pub fn blur_split(&mut self) {
        if self.split.as_ref().is_some_and(|s| !s.trim().is_empty()) || self.split_error.is_some() {
            self.split_error = self.check_split();
        }
    }

    pub fn split_error(&self) -> Option<ErrorCode> {
        self.split_error
    }

    /// The split amount as the request sends it (exactly the currency's decimals), or
    /// why it cannot be sent: the rules are orkestra-core's, the ones the proxy applies
    /// (`ChargeBalance::next_leg` within the method's limits in this market). "40,00" and
    /// "40.00" are both forty.
    fn split_request(&self) -> Result<Option<Amount>, ErrorCode> {
        let Some(text) = &self.split else {
            return Ok(None);
        };
        let Some(remaining) = self.remaining else {
            return Err(ErrorCode::AmountAboveMaximum);
        };
        // "٤٠٫٠٠" as the Arabic page writes amounts, "40,00" or "40.00".
        let typed = validate::normalize(text).trim().replace(',', ".");
        if typed.is_empty() {
            return Err(ErrorCode::Required);
        }
        let amount = Money::parse_lenient(&typed, remaining.currency())?;
        let left = PositiveMoney::new(remaining).map_err(|_| ErrorCode::AmountAboveMaximum)?;
        let limits = amount_limits(self.market, self.method());
        let leg = ChargeBalance::new(left, [])
            .and_then(|b| b.next_leg(Some(amount), (limits.min, limits.max)))
            .map_err(|e| e.code())?;
        Ok(Some(Amount::from(leg.get())))
    }

    fn check_split(&self) -> Option<ErrorCode> {
        self.split_request().err()
    }

    fn defaults(&mut self) {
        let method = self.method();
        if self.has(FormField::DocumentType) {
            let first = self
                .market
                .country()
                .and_then(|c| method_document_types(c, method).first());
            if let Some(first) = first {
                self.input.payer.document_type = first.as_str().to_owned();
            }
        }
        if let MethodInput::Pse { person_type, .. } = &mut self.input.details {
            "NATURAL".clone_into(person_type);
        }
    }

    pub fn market(&self) -> Market {
        self.market
    }

    pub fn method(&self) -> PaymentMethod {
        self.input.method
    }

    /// The inputs of this method, in page (and focus) order.
    pub fn fields(&self) -> &[FormField] {
        &self.fields
    }

    pub fn has(&self, field: FormField) -> bool {
        self.fields.contains(&field)
    }

    /// What the field holds, as its input shows it.
    pub fn value(&self, field: FormField) -> String {
        if field == FormField::Installments {
            return self.card().installments.to_string();
        }
        let text = match field {
            FormField::Method => self.method().as_str(),
            _ => self.slot(field).map_or("", |s| s.as_str()),
        };
        text.to_owned()
    }

    fn card(&self) -> &CardInput {
        const NONE: &CardInput = &CardInput {
            number: String::new(),
            expiry: String::new(),
            cvv: String::new(),
            installments: 1,
            debit: false,
        };
        match &self.input.details {
            MethodInput::Card(card) => card,
            MethodInput::None
            | MethodInput::Pse { .. }
            | MethodInput::MobileMoney { .. }
            | MethodInput::Crypto { .. }
            | MethodInput::Cash { .. } => NONE,
        }
    }

    /// Where the form keeps what the payer typed in `field`; `None` for an input the
    /// method does not have, or one that is no text.
    fn slot(&self, field: FormField) -> Option<&String> {
        let p = &self.input.payer;
        Some(match field {
            FormField::Name => &p.name,
            FormField::DocumentType => &p.document_type,
            FormField::Document => &p.document,
            FormField::Email => &p.email,
            FormField::Phone => &p.phone,
            FormField::Street => &p.address.street,
            FormField::Number => &p.address.number,
            FormField::District => &p.address.district,
            FormField::City => &p.address.city,
            FormField::State => &p.address.state,
            FormField::PostalCode => &p.address.postal_code,
            FormField::Bank
            | FormField::PersonType
            | FormField::Operator
            | FormField::Network
            | FormField::CardNumber
            | FormField::CardExpiry
            | FormField::CardCvv => return self.input.details.text(field),
            FormField::Method | FormField::Installments => return None,
        })
    }

    fn slot_mut(&mut self, field: FormField) -> Option<&mut String> {
        let p = &mut self.input.payer;
        Some(match field {
            FormField::Name => &mut p.name,
            FormField::DocumentType => &mut p.document_type,
            FormField::Document => &mut p.document,
            FormField::Email => &mut p.email,
            FormField::Phone => &mut p.phone,
            FormField::Street => &mut p.address.street,
            FormField::Number => &mut p.address.number,
            FormField::District => &mut p.address.district,
            FormField::City => &mut p.address.city,
            FormField::State => &mut p.address.state,
            FormField::PostalCode => &mut p.address.postal_code,
            FormField::Bank
            | FormField::PersonType
            | FormField::Operator
            | FormField::Network
            | FormField::CardNumber
            | FormField::CardExpiry
            | FormField::CardCvv => return self.input.details.text_mut(field),
            FormField::Method | FormField::Installments => return None,
        })
    }

    /// The message the field shows now, if any.
    pub fn error(&self, field: FormField) -> Option<ErrorCode> {
        self.index(field).and_then(|i| self.errors[i])
    }

    /// Typing or choosing. Card inputs are reshaped as the payer types (grouped number,
    /// `MM/YY`, digits-only CVV); a phone pre-selects its operator; every message already
    /// shown follows the new values (and clears once right), but no new one appears.
    pub fn set(&mut self, field: FormField, value: String) {
        let value = match field {
            FormField::CardNumber => group_card_number(&value),
            FormField::CardExpiry => format_expiry(&value),
            FormField::CardCvv => digits(&value, 4),
            _ => value,
        };
        match field {
            FormField::Installments => {
                if let MethodInput::Card(card) = &mut self.input.details {
                    card.installments = value.parse().unwrap_or(1);
                }
            }
            FormField::Method => {}
            _ => {
                if let Some(slot) = self.slot_mut(field) {
                    *slot = value;
                }
            }
        }
        match field {
            FormField::Phone => self.pick_operator(),
            FormField::Operator => self.operator_from_phone = false,
            _ => {}
        }
        self.recheck();
    }

    /// Brazilian cards: whether the payer pays by debit (the number cannot tell).
    pub fn debit(&self) -> bool {
        self.card().debit
    }

    pub fn set_debit(&mut self, debit: bool) {
        if let MethodInput::Card(card) = &mut self.input.details {
            card.debit = debit;
            if debit {
                // Instalments are a credit product.
                card.installments = 1;
            }
        }
        self.recheck();
    }

    /// The operator the phone's prefix belongs to, unless the payer chose one.
    fn pick_operator(&mut self) {
        let chosen = self.slot(FormField::Operator).map(String::as_str);
        if !self.has(FormField::Operator) || !(chosen == Some("") || self.operator_from_phone) {
            return;
        }
        let Some(country) = self.market.country() else {
            return;
        };
        let operator = validate::phone(country, &self.input.payer.phone)
            .ok()
            .and_then(|p| p.operator())
            .filter(|o| mobile_operators(country).contains(o));
        if let (Some(operator), Some(slot)) = (operator, self.slot_mut(FormField::Operator)) {
            operator.as_str().clone_into(slot);
            self.operator_from_phone = true;
        }
    }

    fn recheck(&mut self) {
        for i in 0..self.fields.len() {
            if self.errors[i].is_some() {
                self.errors[i] = self.check(self.fields[i]);
            }
        }
    }

    /// Leaving a field checks it, unless it is still empty and shows no message.
    pub fn blur(&mut self, field: FormField) {
        if let Some(i) = self.index(field) {
            if !self.value(field).trim().is_empty() || self.errors[i].is_some() {
                self.errors[i] = self.check(field);
            }
        }
    }

    fn check(&self, field: FormField) -> Option<ErrorCode> {
        self.input.check_field(self.market, field, self.today).err()
    }

    fn index(&self, field: FormField) -> Option<usize> {
        self.fields.iter().position(|f| *f == field)
    }

    /// Whether every field passes its rule, the split amount included.
    pub fn is_valid(&self) -> bool {
        self.fields.iter().all(|f| self.check(*f).is_none()) && self.check_split().is_none()
    }

    /// Checks everything and shows every message: the exact request to send, or where
    /// to go.
    pub fn submit(&mut self) -> Result<SubmitTransaction, SubmitBlocked> {
        let split = self.split_request();
        self.split_error = split.as_ref().err().copied();
        match (
            self.input.validate(self.market, self.today, self.capture),
            split,
        ) {
            (Ok(_), Ok(amount)) => {
                self.errors.iter_mut().for_each(|e| *e = None);
                let mut request = self.input.clone();
                request.amount = amount;
                Ok(request)
            }
            (Ok(_), Err(_)) => Err(SubmitBlocked::Amount),
            (Err(errors), split) => {
                let first = self.show(&errors);
                Err(match first {
                    _ if split.is_err() => SubmitBlocked::Amount,
                    Some(blocked) => blocked,
                    None => SubmitBlocked::Unsupported,
                })
            }
        }
    }

    /// Shows a verdict on fields (the server's, or `validate`'s): where to go first, in
    /// page order (the split amount, then the method's fields). Paths this form does not
    /// have are ignored.
    pub fn show(&mut self, errors: &[FieldError]) -> Option<SubmitBlocked> {
        let mut first = None;
        let mut amount = false;
        for error in errors {
            if error.field == "amount" && self.split.is_some() {
                self.split_error = Some(error.code);
                amount = true;
            } else if let Some(i) = FormField::from_path(&error.field).and_then(|f| self.index(f)) {
                self.errors[i] = Some(error.code);
                first = Some(first.map_or(i, |f: usize| f.min(i)));
            }
        }
        if amount {
            return Some(SubmitBlocked::Amount);
        }
        first.map(|i| SubmitBlocked::Field(self.fields[i]))
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
