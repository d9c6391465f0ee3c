//! The payer inputs every method shares, each a [`TextField`] set up for what it holds:
//! the right keyboard, autofill and length.
//!
//! The proxy draws this markup too, for the hosted page's first screen before the wasm runs
//! (crates/orkestra-proxy/src/routes/hosted/form.rs): a change here is a change there, and
//! e2e/server-form.test.mjs fails until both agree.

use leptos::prelude::*;
use orkestra_core::validate::brand_of_prefix;

use super::{Reading, TextField};

/// A mobile number, typed nationally or with `+`; the country's calling code shows as a
/// hint so the payer knows which numbers are taken.
///
/// ```ignore
/// <PhoneField id="payer-phone" label="Mobile number" calling_code="57" value on_input/>
/// ```
#[component]
pub fn PhoneField(
    id: &'static str,
    label: &'static str,
    calling_code: &'static str,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] error: Reading<Option<&'static str>>,
    #[prop(optional)] optional: Option<&'static str>,
) -> impl IntoView {
    let hint = ["+", calling_code, " ", optional.unwrap_or("")].concat();
    view! {
        <TextField id label value on_input on_blur=on_blur.unwrap_or(Callback::new(|()| {})) error
            hint=hint.trim_end().to_owned() input_type="tel" autocomplete="tel" inputmode="tel"
            maxlength=20/>
    }
}

/// An identity document number (CPF, RUT, cédula…): no autocorrect, no autofill guess.
#[component]
pub fn DocumentField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] error: Reading<Option<&'static str>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <TextField id label value on_input on_blur=on_blur.unwrap_or(Callback::new(|()| {})) error
            hint=hint.map(str::to_owned).unwrap_or_default() autocomplete="off" maxlength=24/>
    }
}

/// A card number, shown grouped as the caller formats it, with the brand the digits so
/// far belong to (announced politely as it changes).
///
/// ```ignore
/// <CardNumberField id="card-number" label="Card number" value on_input/>
/// ```
#[component]
pub fn CardNumberField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] error: Reading<Option<&'static str>>,
) -> impl IntoView {
    let brand = Reading::new(move || brand_of_prefix(&value.get()).map(|b| b.display_name()));
    view! {
        <TextField id label value on_input on_blur=on_blur.unwrap_or(Callback::new(|()| {})) error
            autocomplete="cc-number" inputmode="numeric" maxlength=23 brand/>
    }
}

/// A one-time code: digits only, and the browser may fill it from the SMS.
#[component]
pub fn OtpField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] error: Reading<Option<&'static str>>,
) -> impl IntoView {
    view! {
        <TextField id label value on_input error autocomplete="one-time-code"
            inputmode="numeric" maxlength=6/>
    }
}

/// An amount the payer types in major units ("40,00" or "40.00"), with its currency code
/// in the description so the payer knows which money it is.
///
/// ```ignore
/// <AmountField id="split-amount" label="Amount" currency=Currency::BRL value on_input/>
/// ```
#[component]
pub fn AmountField(
    id: &'static str,
    label: &'static str,
    currency: orkestra_core::money::Currency,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] error: Reading<Option<&'static str>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let hint = match hint {
        Some(hint) => [currency.code(), " · ", hint].concat(),
        None => currency.code().to_owned(),
    };
    view! {
        <TextField id label value on_input on_blur=on_blur.unwrap_or(Callback::new(|()| {})) error
            hint autocomplete="off" inputmode="decimal" maxlength=24/>
    }
}
