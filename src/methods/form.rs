//! The method picker and the payment form of the chosen method. Submits once at a time,
//! under the payment's idempotency key.
//!
//! The proxy draws this markup too, for the hosted page's first screen before the wasm runs
//! (crates/orkestra-proxy/src/routes/hosted/form.rs): a change here is a change there, and
//! e2e/server-form.test.mjs fails until both agree.

use leptos::prelude::*;
use orkestra_core::api::browser::SubmitTransaction;
use orkestra_core::catalog::{cash_networks, PaymentMethod};
use orkestra_core::methods::cash_network_name;

use super::fields::{field_id, field_view};
use super::split::{SplitControl, AMOUNT_ID};
use super::wallet::focus;
use super::{method, method_name};
use crate::api::ApiError;
use crate::components::{aria_true, clicked, present, submitted, Choice, RadioGroup, Reading};
use crate::context::{page, Lang};
use crate::i18n::Key;
use crate::kit::fresh::fresh;
use crate::state::{PaymentForm, SubmitBlocked, TypedBefore};
use crate::submit::{Request, Submit};

/// A radio group of the session's methods, each by its name (and where a cash voucher
/// can be paid). Choosing one swaps the form, keeping what the payer already typed.
#[component]
pub fn MethodPicker(methods: Vec<PaymentMethod>, form: RwSignal<PaymentForm>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let country = form.with_untracked(|f| f.market().country());
    let options = methods
        .iter()
        .map(|m| {
            let mut choice = Choice::new(m.as_str(), method_name(lang, *m));
            if *m == PaymentMethod::Cash {
                let networks: Vec<String> = country
                    .map_or(&[][..], cash_networks)
                    .iter()
                    .map(|n| cash_network_name(n))
                    .collect();
                choice.hint = Some(networks.join(" · "));
            }
            choice
        })
        .collect();
    view! {
        <RadioGroup
            name="method"
            legend=lang.t(Key::ChooseMethod)
            options
            value=Reading::new(move || form.with(|f| f.method().as_str().to_owned()))
            on_change=Callback::new(move |v: String| {
                if let Some(m) = PaymentMethod::from_str_exact(&v) {
                    form.update(|f| *f = f.switch(m));
                }
            })
        />
    }
}

/// Moves focus to where a blocked submit needs the payer.
fn focus_blocked(blocked: SubmitBlocked) {
    match blocked {
        SubmitBlocked::Field(field) => focus(field_id(field)),
        SubmitBlocked::Amount => focus(AMOUNT_ID),
        SubmitBlocked::Unsupported => {}
    }
}

#[component]
pub fn PaymentFormView(form: RwSignal<PaymentForm>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let just_submitted = page().just_submitted;
    // Only a new method re-renders the inputs; typing updates them in place.
    let shape = Memo::new(move |_| form.with(|f| (f.method(), f.fields().to_vec())));
    let submit = Submit::new();
    // The last failure's message (none when its fields show it) and whether it was the
    // network (then a safe retry is offered). Signal types the page has anyway: each new
    // one compiles its own code.
    let failure = RwSignal::new(None::<Key>);
    let offline = RwSignal::new(false);
    // The request in flight or last sent: "Try again" after a network error resends it
    // as is, under the same key.
    let last = StoredValue::new(None::<SubmitTransaction>);
    let send = move |request: SubmitTransaction| {
        if submit.is_pending() {
            return;
        }
        crate::embed::emit("submitted", &[("method", request.method.as_str().into())]);
        // What the answer will show is fetched meanwhile.
        super::later::preload_instructions();
        last.set_value(Some(request.clone()));
        // The payment is what is sent: another body is another payment, with another key
        // (the card cut to its first six and last four digits: see `submit_intent`).
        let Some(body) = crate::wire::submit_intent(&request) else {
            // A body the page cannot write (never met: `wire_tests.rs` writes each method's).
            failure.set(Some(Key::ErrServer));
            return;
        };
        let request: Request =
            Box::new(move |api, key| Box::pin(async move { api.submit(&key, &request).await }));
        submit.send(&body, request, move |outcome| match outcome {
            Ok(()) => {
                just_submitted.set(true);
                failure.set(None);
                offline.set(false);
                // This leg is made: the next one (after a partial payment) starts
                // clean, with no card data and no split amount left in the page.
                form.update(|f| *f = f.next_leg());
            }
            Err(error) => {
                crate::embed::error(&error);
                let blocked = form.try_update(|f| f.show(&error.field_errors())).flatten();
                if let Some(blocked) = blocked {
                    focus_blocked(blocked);
                }
                // Field errors this form has no input for still need a message.
                let message = match error.message() {
                    None if blocked.is_none() => Some(Key::ErrRejected),
                    message => message,
                };
                offline.set(error == ApiError::Network);
                failure.set(message);
            }
        });
    };
    let on_submit = Callback::new(move |()| match form.try_update(PaymentForm::submit) {
        Some(Ok(request)) => send(request),
        Some(Err(blocked)) => focus_blocked(blocked),
        None => {}
    });
    let retry = Callback::new(move |()| last.get_value().into_iter().for_each(send));
    // The instructions' code starts coming as soon as the payer acts on the form (types,
    // chooses), or at once when the merchant filled it in whole: a payer who does is likely
    // to send it, and on a slow network the code then comes before the form's answer.
    // Once it has asked, it reads nothing more, so typing no longer runs it. A payer who
    // typed into the form the server drew (src/boot.rs) has acted already.
    let typed_before = use_context::<TypedBefore>().is_some_and(|t| !t.is_empty());
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) {
            return true;
        }
        form.track();
        let ask = asked.is_some() || typed_before || form.with_untracked(PaymentForm::is_valid);
        if ask {
            super::later::preload_instructions();
        }
        ask
    });
    // A charge to split (the session says what is left of it).
    let splits = form.with_untracked(|f| f.remaining().is_some());
    let body = move || {
        let (m, fields) = shape.get();
        let spec = method(m);
        // Another method is another form: built anew (`fresh`), not patched.
        fresh(view! {
            <h2 class="pay-form__title" id="form-title" tabindex="-1">{method_name(lang, m)}</h2>
            <p class="pay-form__intro">{lang.t(spec.intro)}</p>
            {splits.then(|| view! { <SplitControl form/> })}
            {fields.into_iter().map(|f| field_view(form, f)).collect_view()}
        })
    };
    let pay = move || {
        let key = if submit.pending() {
            Key::Submitting
        } else {
            method(shape.with(|s| s.0)).pay
        };
        lang.t(key)
    };
    view! {
        <form class="pay-form" novalidate on:submit=submitted(on_submit) data-testid="pay-form">
            {body}
            <div class="form-message" role="alert">
                {move || failure.get().map(|key| view! { <p>{lang.t(key)}</p> })}
                {move || offline.get().then(|| view! {
                    <button type="button" class="button button--secondary" on:click=clicked(retry)>
                        {lang.t(Key::RetrySafely)}
                    </button>
                })}
            </div>
            <button type="submit" class="button button--primary pay-form__submit"
                disabled=move || present(submit.pending()) aria-disabled=move || aria_true(submit.pending())>
                {pay}
            </button>
        </form>
    }
}
