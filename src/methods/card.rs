//! Cards: the number (grouped, with its brand), expiry and CVV, the instalments the
//! country offers (parcelas, meses sin intereses, cuotas), and credit or debit in Brazil.
//! The 3-D Secure step that may follow is a [`super::redirect::Redirect`].
//!
//! The proxy draws this markup too, for the hosted page's first screen before the wasm runs
//! (crates/orkestra-proxy/src/routes/hosted/form.rs, the installments' words included): a
//! change here is a change there, and e2e/server-form.test.mjs fails until both agree.

use leptos::prelude::*;
use orkestra_core::api::browser::FormField;
use orkestra_core::catalog::{Country, InstalmentPlan};

use super::fields::{field_id, Bound};
use crate::components::{CardNumberField, Choice, RadioGroup, Reading, SelectField, TextField};
use crate::context::Lang;
use crate::i18n::Key;
use crate::kit::fresh::fresh;
use crate::state::{PaymentForm, CARD_TYPE_NAME};

pub fn number(b: Bound) -> AnyView {
    let lang = expect_context::<Lang>();
    let id = field_id(FormField::CardNumber);
    fresh(view! {
        <CardNumberField id label=lang.t(Key::FieldCardNumber) value=b.value
            on_input=b.on_input on_blur=b.on_blur error=b.error/>
    })
}

pub fn expiry(b: Bound) -> AnyView {
    numeric(FormField::CardExpiry, Key::FieldExpiry, "cc-exp", 5, b)
}

pub fn cvv(b: Bound) -> AnyView {
    numeric(FormField::CardCvv, Key::FieldCvv, "cc-csc", 4, b)
}

/// A short field typed on the numeric keyboard (the page adds the expiry's slash).
fn numeric(
    field: FormField,
    label: Key,
    autocomplete: &'static str,
    maxlength: u32,
    b: Bound,
) -> AnyView {
    let lang = expect_context::<Lang>();
    let id = field_id(field);
    fresh(view! {
        <TextField id label=lang.t(label) value=b.value on_input=b.on_input
            on_blur=b.on_blur error=b.error autocomplete inputmode="numeric" maxlength/>
    })
}

/// The instalment plans, in the country's words; in Brazil, credit or debit first
/// (the number cannot tell a combo card's function, and debit takes no parcelas).
pub fn installments(form: RwSignal<PaymentForm>, b: Bound) -> AnyView {
    let lang = expect_context::<Lang>();
    let country = form.with_untracked(|f| f.market().country());
    let plan = country.map_or(InstalmentPlan::Single, InstalmentPlan::of);
    let (label, unit) = match plan {
        InstalmentPlan::Parcelas => (Key::InstallmentsParcelas, Key::UnitParcelas),
        InstalmentPlan::MesesSinIntereses => (Key::InstallmentsMsi, Key::UnitMsi),
        InstalmentPlan::Cuotas | InstalmentPlan::Single => {
            (Key::InstallmentsCuotas, Key::UnitCuotas)
        }
    };
    let options: Vec<Choice> = plan
        .options()
        .iter()
        .map(|n| {
            let text = if *n == 1 {
                lang.t(Key::SinglePayment).to_owned()
            } else {
                [&n.to_string(), " ", lang.t(unit)].concat()
            };
            Choice::new(n.to_string(), text)
        })
        .collect();
    let debit = move || form.with(PaymentForm::debit);
    let card_type = (country == Some(Country::BR)).then(|| {
        view! {
            <RadioGroup
                name=CARD_TYPE_NAME
                legend=lang.t(Key::CardType)
                options=vec![
                    Choice::new("credit", lang.t(Key::Credit)),
                    Choice::new("debit", lang.t(Key::Debit)),
                ]
                value=Reading::new(move || if debit() { "debit" } else { "credit" }.to_owned())
                on_change=Callback::new(move |v: String| form.update(|f| f.set_debit(v == "debit")))
                tiles=true
            />
        }
    });
    // Always a node to replace: the card type in Brazil, the plans elsewhere (debit, which
    // hides them, is Brazil's only).
    fresh(view! {
        {card_type}
        {move || (!debit()).then(|| fresh(view! {
            <SelectField id=field_id(FormField::Installments) label=lang.t(label)
                options=options.clone() value=b.value on_change=b.on_choose
                error=b.error/>
        }))}
    })
}
