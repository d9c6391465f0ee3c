//! Pix: the payer form (name, CPF/CNPJ, email) and the screen with the code to pay.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use orkestra_core::api::browser::{FormField as PayerField, SubmitTransaction};

use crate::api::{self, ApiError};
use crate::components::{CopyField, Countdown, QrCode, TextField};
use crate::context::{Lang, Session, Token};
use crate::i18n::{field_error, Key};
use crate::state::{is_newer, PayerForm, SubmitBlocked, FIELDS};
use crate::{format, idempotency};

/// The payer form. Submits once at a time, under the payment's idempotency key.
#[component]
pub fn PixForm(form: RwSignal<PayerForm>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let Session(session) = expect_context::<Session>();
    let Token(token) = expect_context::<Token>();
    let inputs: [NodeRef<html::Input>; 3] = Default::default();
    let focus = move |field: PayerField| {
        let index = FIELDS.iter().position(|f| *f == field).unwrap_or(0);
        if let Some(input) = inputs[index].get_untracked() {
            let _ = input.focus();
        }
    };
    let submit = Action::new_local(move |request: &SubmitTransaction| {
        let (token, request) = (token.clone(), request.clone());
        async move {
            let key = idempotency::key_for(&token);
            let result = api::submit(&token, &key, &request).await;
            match &result {
                Ok(_) => idempotency::forget(&token),
                Err(error) if error.is_definitive() => idempotency::forget(&token),
                Err(_) => {}
            }
            match result {
                Ok(updated) => {
                    session.try_update(|s| is_newer(s, &updated).then(|| *s = updated));
                    Ok(())
                }
                Err(error) => {
                    if let Some(field) =
                        form.try_update(|f| f.show(&error.field_errors())).flatten()
                    {
                        focus(field);
                    }
                    Err(error)
                }
            }
        }
    });
    let pending = submit.pending();
    // The request in flight or last sent: "Try again" after a network error resends it as is.
    let last = StoredValue::new(None::<SubmitTransaction>);
    let send = move |request: SubmitTransaction| {
        if !pending.get_untracked() {
            last.set_value(Some(request.clone()));
            submit.dispatch(request);
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let country =
            session.with_untracked(|s| s.country.unwrap_or(orkestra_core::catalog::Country::BR));
        match form.try_update(|f| f.submit(country)) {
            Some(Ok(request)) => send(request),
            Some(Err(SubmitBlocked::Field(field))) => focus(field),
            Some(Err(SubmitBlocked::Unsupported)) | None => {}
        }
    };
    let failure = move || submit.value().get().and_then(Result::err);
    let retry = move |_| last.get_value().into_iter().for_each(send);
    let field = move |field: PayerField, id, label, input_type, autocomplete, inputmode| {
        let index = FIELDS.iter().position(|f| *f == field).unwrap_or(0);
        view! {
            <TextField
                id
                label=lang.t(label)
                value=Signal::derive(move || form.with(|f| f.value(field).to_owned()))
                on_input=Callback::new(move |value| form.update(|f| f.set(field, value)))
                on_blur=Callback::new(move |()| form.update(|f| f.blur(field)))
                error=Signal::derive(move || {
                    form.with(|f| f.error(field)).map(|code| lang.t(field_error(field, code)))
                })
                input_type
                autocomplete
                inputmode
                node_ref=inputs[index]
            />
        }
    };
    view! {
        <form class="pay-form" novalidate on:submit=on_submit>
            <h2 class="pay-form__title">{lang.t(Key::PayWithPix)}</h2>
            <p class="pay-form__intro">{lang.t(Key::PixIntro)}</p>
            {field(PayerField::Name, "payer-name", Key::FieldName, "text", "name", "text")}
            {field(PayerField::Document, "payer-document", Key::FieldDocument, "text", "off", "text")}
            {field(PayerField::Email, "payer-email", Key::FieldEmail, "email", "email", "email")}
            <div class="form-message" role="alert">
                {move || failure().map(|error| {
                    let network = error == ApiError::Network;
                    view! {
                        {error.message().map(|key| view! { <p>{lang.t(key)}</p> })}
                        {network.then(|| view! {
                            <button type="button" class="button button--secondary" on:click=retry>
                                {lang.t(Key::RetrySafely)}
                            </button>
                        })}
                    }
                })}
            </div>
            <button type="submit" class="button button--primary pay-form__submit" disabled=move || pending.get()>
                {move || lang.t(if pending.get() { Key::Submitting } else { Key::Pay })}
            </button>
        </form>
    }
}

/// The Pix code to pay: QR, copy-paste code and the time left.
#[component]
pub fn PixAwaiting(emv: String, expires_at: String) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let deadline = format::timestamp_ms(&expires_at);
    view! {
        <section class="pix">
            <p class="pix__hint">{lang.t(Key::ScanQr)}</p>
            <QrCode data=emv.clone() label=lang.t(Key::QrLabel)/>
            {deadline.map(|deadline_ms| view! {
                <Countdown deadline_ms label=lang.t(Key::ExpiresIn) expired=lang.t(Key::CodeExpired)/>
            })}
            <p class="pix__hint">{lang.t(Key::OrCopy)}</p>
            <CopyField
                id="pix-code"
                label=lang.t(Key::CopyLabel)
                value=emv
                copy=lang.t(Key::Copy)
                copied=lang.t(Key::Copied)
                failed=lang.t(Key::CopyFailed)
                testid="pix-code"
            />
        </section>
    }
}
