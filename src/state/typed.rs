//! What the payer did on the form the server drew before the page ran (the proxy's
//! `routes/hosted/form.rs`): the method chosen, what was typed, the split box. The page
//! starts its form from it, so a payer who began on a slow network loses nothing when the
//! page takes over. Read from the DOM by src/boot.rs; plain data here, so it is tested
//! under `cargo test`.

use orkestra_core::api::browser::{field_id, FormField};
use orkestra_core::catalog::PaymentMethod;

use super::PaymentForm;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedBefore {
    /// The picker's checked radio, by its value (`"PIX"`).
    pub method: Option<String>,
    /// Each text input that holds something, by its id.
    pub values: Vec<(String, String)>,
    /// The split box is checked, and the split amount if one was typed.
    pub split: bool,
    pub split_amount: Option<String>,
    /// The input the payer is in, by id: left as it is, without a message yet.
    pub focused: Option<String>,
    /// Where the caret (or selection) was in it, to put it back.
    pub caret: Option<(u32, u32)>,
}

impl TypedBefore {
    /// Whether the payer did anything at all there.
    pub fn is_empty(&self) -> bool {
        self.method.is_none() && self.values.is_empty() && !self.split
    }

    /// `form` as the payer left the drawn one: the method they chose (if the session
    /// offers it), the split and what they typed, each field they already left checked as
    /// if they had just left it (the page's own rule), the one they are in not yet.
    pub fn apply(&self, form: &mut PaymentForm, offered: &[PaymentMethod]) {
        let chosen = self
            .method
            .as_deref()
            .and_then(PaymentMethod::from_str_exact)
            .filter(|m| offered.contains(m) && *m != form.method());
        if let Some(method) = chosen {
            *form = form.switch(method);
        }
        let left = |id: &str| self.focused.as_deref() != Some(id);
        if self.split && form.remaining().is_some() {
            form.set_split(true);
            if let Some(amount) = &self.split_amount {
                form.set_split_amount(amount.clone());
                if left(SPLIT_AMOUNT_ID) {
                    form.blur_split();
                }
            }
        }
        for (id, value) in &self.values {
            // Brazil's credit-or-debit tiles: a choice of the card form, not a field.
            if id == CARD_TYPE_NAME {
                if form.has(FormField::Installments) {
                    form.set_debit(value == "debit");
                }
                continue;
            }
            let field = FormField::ALL.into_iter().find(|f| field_id(*f) == id);
            if let Some(field) = field.filter(|f| form.has(*f)) {
                form.set(field, value.clone());
                if left(id) {
                    form.blur(field);
                }
            }
        }
    }
}

/// The split amount's input (src/methods/split.rs's `AMOUNT_ID`).
pub const SPLIT_AMOUNT_ID: &str = "split-amount";

/// The name of Brazil's credit-or-debit radios (src/methods/card.rs).
pub const CARD_TYPE_NAME: &str = "card-type";

#[cfg(test)]
mod tests {
    use super::*;
    use orkestra_core::catalog::{Country, Market};
    use orkestra_core::methods::CardCapture;
    use orkestra_core::money::{Currency, Money};

    fn br_card() -> PaymentForm {
        let mut form = PaymentForm::new(
            Market::Country(Country::BR),
            PaymentMethod::Card,
            (2026, 11),
            CardCapture::Orkestra,
        );
        form.set_remaining(Some(Money::parse_lenient("150.00", Currency::BRL).unwrap()));
        form
    }

    fn typed(values: &[(&str, &str)]) -> TypedBefore {
        TypedBefore {
            values: values
                .iter()
                .map(|(id, v)| ((*id).to_owned(), (*v).to_owned()))
                .collect(),
            ..TypedBefore::default()
        }
    }

    #[test]
    fn what_was_typed_and_chosen_carries_over() {
        let mut form = br_card();
        let mut before = typed(&[
            ("payer-name", "Ana Souza"),
            ("payer-document", "529.982.247-25"),
        ]);
        before.method = Some("PIX".into());
        before.focused = Some("payer-document".into());
        before.apply(&mut form, &[PaymentMethod::Card, PaymentMethod::Pix]);
        assert_eq!(form.method(), PaymentMethod::Pix);
        assert_eq!(form.value(FormField::Name), "Ana Souza");
        assert_eq!(form.value(FormField::Document), "529.982.247-25");
        assert!(!before.is_empty());
    }

    #[test]
    fn a_card_typed_in_the_page_carries_over_with_its_plan_or_debit() {
        let direct = || {
            PaymentForm::new(
                Market::Country(Country::BR),
                PaymentMethod::Card,
                (2026, 11),
                CardCapture::Direct,
            )
        };
        let mut form = direct();
        let mut before = typed(&[
            ("card-number", "4111111111111111"),
            ("card-expiry", "1230"),
            ("card-cvv", "123"),
            ("card-installments", "3"),
            (CARD_TYPE_NAME, "credit"),
        ]);
        before.focused = Some("card-cvv".into());
        before.apply(&mut form, &[PaymentMethod::Card]);
        // As the page writes them: the number grouped, the expiry with its slash.
        assert_eq!(form.value(FormField::CardNumber), "4111 1111 1111 1111");
        assert_eq!(form.value(FormField::CardExpiry), "12/30");
        assert_eq!(form.value(FormField::CardCvv), "123");
        assert_eq!(form.value(FormField::Installments), "3");
        assert!(!form.debit());

        let mut form = direct();
        let before = typed(&[("card-installments", "3"), (CARD_TYPE_NAME, "debit")]);
        before.apply(&mut form, &[PaymentMethod::Card]);
        assert!(form.debit(), "debit chosen on the drawn tiles");
        assert_eq!(
            form.value(FormField::Installments),
            "1",
            "debit takes no parcelas"
        );
    }

    #[test]
    fn a_field_left_is_checked_and_the_one_the_payer_is_in_is_not() {
        let mut form = br_card();
        let mut before = typed(&[("payer-name", "Ana"), ("payer-document", "123")]);
        before.focused = Some("payer-document".into());
        before.apply(&mut form, &[PaymentMethod::Card]);
        // A bad CPF in the field the payer is still typing in: no message yet.
        assert_eq!(form.error(FormField::Document), None);
        let mut before = typed(&[("payer-document", "123")]);
        before.focused = Some("payer-name".into());
        let mut form = br_card();
        before.apply(&mut form, &[PaymentMethod::Card]);
        assert!(form.error(FormField::Document).is_some());
    }

    #[test]
    fn a_method_the_session_does_not_offer_and_unknown_ids_are_ignored() {
        let mut form = br_card();
        let mut before = typed(&[("card-number", "4111"), ("nothing", "x")]);
        before.method = Some("NEQUI".into());
        before.apply(&mut form, &[PaymentMethod::Card, PaymentMethod::Pix]);
        assert_eq!(form.method(), PaymentMethod::Card);
        // Orkestra's card page takes the card: this form has no card number.
        assert!(!form.has(FormField::CardNumber));
        assert_eq!(form, br_card());
        assert!(TypedBefore::default().is_empty());
    }

    #[test]
    fn a_document_type_chosen_carries_over() {
        let mut form = PaymentForm::new(
            Market::Country(Country::AR),
            PaymentMethod::BankTransfer,
            (2026, 11),
            CardCapture::Orkestra,
        );
        assert_eq!(form.value(FormField::DocumentType), "CUIT");
        let before = typed(&[("payer-document-type", "DNI"), ("payer-name", "Juan")]);
        before.apply(&mut form, &[PaymentMethod::BankTransfer]);
        assert_eq!(form.value(FormField::DocumentType), "DNI");
        assert_eq!(form.value(FormField::Name), "Juan");
    }

    #[test]
    fn the_split_and_its_amount_carry_over() {
        let mut form = br_card();
        let before = TypedBefore {
            split: true,
            split_amount: Some("40,00".into()),
            ..TypedBefore::default()
        };
        before.apply(&mut form, &[PaymentMethod::Card]);
        assert!(form.is_split());
        assert_eq!(form.split_amount(), "40,00");
        assert_eq!(form.split_error(), None);
    }
}
