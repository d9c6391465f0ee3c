//! One input component per form field, chosen by an exhaustive `match` over
//! [`FormField`]: a field the catalog adds does not compile until it has its input.

use leptos::prelude::*;
use orkestra_core::api::browser::FormField;
use orkestra_core::catalog::{
    method_document_types, mobile_operators, payer_field_is_optional, Country, PayerField,
    PaymentMethod,
};
use orkestra_core::validate::{phone::calling_code, Network};

use super::{card, pse};
use crate::components::{
    Choice, DocumentField, PhoneField, RadioGroup, Reading, SelectField, TextField,
};
use crate::context::{Lang, Page};
use crate::i18n::{field_error, Key};
use crate::kit::fresh::fresh;
use crate::state::PaymentForm;

/// A field's value, message and callbacks, bound to the form signal.
#[derive(Clone, Copy)]
pub struct Bound {
    pub value: Reading<String>,
    pub on_input: Callback<String>,
    pub on_blur: Callback<()>,
    /// A choice (select, radio) is checked as soon as it is made.
    pub on_choose: Callback<String>,
    pub error: Reading<Option<&'static str>>,
}

pub fn bind(form: RwSignal<PaymentForm>, field: FormField) -> Bound {
    let lang = expect_context::<Lang>();
    Bound {
        value: Reading::new(move || form.with(|f| f.value(field))),
        on_input: Callback::new(move |v| form.update(|f| f.set(field, v))),
        on_blur: Callback::new(move |()| form.update(|f| f.blur(field))),
        on_choose: Callback::new(move |v| {
            form.update(|f| {
                f.set(field, v);
                f.blur(field);
            })
        }),
        error: Reading::new(move || {
            form.with(|f| f.error(field))
                .map(|code| lang.t(field_error(field, code)))
        }),
    }
}

pub use orkestra_core::api::browser::field_id;

/// The input of `field` in the form's method and market.
pub fn field_view(form: RwSignal<PaymentForm>, field: FormField) -> AnyView {
    let lang = expect_context::<Lang>();
    let (market, method) = form.with_untracked(|f| (f.market(), f.method()));
    let country = market.country();
    let b = bind(form, field);
    let id = field_id(field);
    let optional = |catalog: PayerField| {
        country
            .is_some_and(|c| payer_field_is_optional(c, method, catalog))
            .then(|| lang.t(Key::Optional))
    };
    let text = move |label: Key, autocomplete: &'static str| {
        fresh(view! {
            <TextField id label=lang.t(label) value=b.value on_input=b.on_input on_blur=b.on_blur
                error=b.error autocomplete/>
        })
    };
    match field {
        // The method picker above the form.
        FormField::Method => ().into_any(),
        FormField::Name if method == PaymentMethod::Card => text(Key::FieldCardName, "cc-name"),
        FormField::Name => text(Key::FieldName, "name"),
        FormField::DocumentType => {
            let types = country.map_or(&[][..], |c| method_document_types(c, method));
            let options = types
                .iter()
                .map(|t| Choice::new(t.as_str(), t.known_as()))
                .collect::<Vec<_>>();
            fresh(view! {
                <SelectField id label=lang.t(Key::FieldDocumentType) options
                    value=b.value on_change=b.on_choose error=b.error/>
            })
        }
        FormField::Document => {
            let label = document_label(lang, country, method);
            let hint = optional(PayerField::Document);
            fresh(view! {
                <DocumentField id label value=b.value on_input=b.on_input on_blur=b.on_blur
                    error=b.error hint=hint.unwrap_or("")/>
            })
        }
        FormField::Email => {
            let hint = optional(PayerField::Email).unwrap_or("");
            fresh(view! {
                <TextField id label=lang.t(Key::FieldEmail) value=b.value on_input=b.on_input
                    on_blur=b.on_blur error=b.error hint=hint input_type="email"
                    autocomplete="email" inputmode="email"/>
            })
        }
        FormField::Phone => {
            let code = country.map_or("", calling_code);
            let hint = optional(PayerField::Phone).unwrap_or("");
            fresh(view! {
                <PhoneField id label=lang.t(Key::FieldPhone) calling_code=code value=b.value
                    on_input=b.on_input on_blur=b.on_blur error=b.error optional=hint/>
            })
        }
        FormField::Street => text(Key::FieldStreet, "address-line1"),
        FormField::Number => text(Key::FieldNumber, "off"),
        FormField::District => text(Key::FieldDistrict, "address-level3"),
        FormField::City => text(Key::FieldCity, "address-level2"),
        FormField::State => fresh(view! {
            <TextField id label=lang.t(Key::FieldState) value=b.value on_input=b.on_input
                on_blur=b.on_blur error=b.error autocomplete="address-level1" maxlength=2/>
        }),
        FormField::PostalCode => fresh(view! {
            <TextField id label=lang.t(Key::FieldPostalCode) value=b.value on_input=b.on_input
                on_blur=b.on_blur error=b.error autocomplete="postal-code" inputmode="numeric"
                maxlength=9/>
        }),
        FormField::CardNumber => card::number(b),
        FormField::CardExpiry => card::expiry(b),
        FormField::CardCvv => card::cvv(b),
        FormField::Installments => card::installments(form, b),
        FormField::Bank => fresh(view! { <pse::BankField b/> }),
        FormField::PersonType => radios(
            id,
            lang.t(Key::FieldPersonType),
            vec![
                Choice::new("NATURAL", lang.t(Key::PersonNatural)),
                Choice::new("JURIDICA", lang.t(Key::PersonJuridica)),
            ],
            b,
        ),
        FormField::Operator => {
            let operators = country.map_or(&[][..], mobile_operators);
            let options = operators
                .iter()
                .map(|o| Choice::new(o.as_str(), o.name()))
                .collect();
            radios(id, lang.t(Key::FieldOperator), options, b)
        }
        FormField::Network => {
            // The session's currency decides (USDC: its native deployments only).
            let currency =
                use_context::<Page>().map(|p| p.session.0.with_untracked(|s| s.currency));
            let options = Network::offered_for(currency)
                .map(|n| Choice::new(n.as_str(), n.known_as()))
                .collect();
            radios(id, lang.t(Key::FieldNetwork), options, b)
        }
    }
}

fn radios(name: &'static str, legend: &'static str, options: Vec<Choice>, b: Bound) -> AnyView {
    fresh(view! {
        <RadioGroup name legend options value=b.value on_change=b.on_choose error=b.error tiles=true/>
    })
}

/// "CPF or CNPJ" in Brazil (the number tells which), the type's name where there is only
/// one (RUT), else "Document number" next to a type choice.
fn document_label(lang: Lang, country: Option<Country>, method: PaymentMethod) -> &'static str {
    let types = country.map_or(&[][..], |c| method_document_types(c, method));
    match (country, types) {
        (Some(Country::BR), _) => lang.t(Key::FieldDocumentBr),
        (_, [only]) => only.known_as(),
        _ => lang.t(Key::FieldDocument),
    }
}
