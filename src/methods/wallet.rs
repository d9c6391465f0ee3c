//! Wallets: Nequi and mobile money ask the payer to approve on their phone; Daviplata
//! (and some operators) send a one-time code the payer types here.

use leptos::prelude::*;
use orkestra_core::validate::Operator;

use crate::api::ApiError;
use crate::components::{present, submitted, Countdown, OtpField, Reading};
use crate::context::{page, Lang};
use crate::format;
use crate::i18n::Key;
use crate::kit::dom::{dom, el, El};
use crate::state::card::digits;
use crate::submit::{Request, Submit};

#[component]
pub fn ApproveOnPhone(
    phone: String,
    operator: Option<String>,
    expires_at: String,
) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let operator = operator.map(|code| {
        Operator::ALL
            .into_iter()
            .find(|o| o.as_str() == code)
            .map_or(code, |o| o.name().to_owned())
    });
    let deadline = format::timestamp_ms(&expires_at);
    let mut prompt = phone_prompt(lang.t(Key::SentTo), &phone);
    if let Some(o) = operator {
        prompt = prompt.text(&[" (", &o, ")"].concat());
    }
    let text = dom(vec![
        Some(prompt),
        Some(El::with("p", "instructions__hint", lang.t(Key::ApproveHow))),
    ]);
    view! {
        <section class="instructions" data-testid="approve-on-phone">
            {text}
            {deadline.map(|deadline_ms| view! {
                <Countdown deadline_ms label=lang.t(Key::ExpiresIn) expired=lang.t(Key::StillWaiting)/>
            })}
        </section>
    }
}

#[component]
pub fn EnterOtp(phone: String, expires_at: String) -> impl IntoView {
    let deadline = format::timestamp_ms(&expires_at);
    let lang = expect_context::<Lang>();
    let session = page().session.0;
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Key>);
    let submit = Submit::new();
    let send = move |otp: String| {
        let id = session.with_untracked(|s| s.current_transaction().map(|t| t.id.clone()));
        let Some(id) = id else { return };
        // One key per code sent: a retry of this code reuses it, a new code gets another.
        let intent = [&id, " ", &otp].concat();
        let request: Request = Box::new(move |api, key| {
            Box::pin(async move { api.submit_otp(&key, &id, &otp).await })
        });
        submit.send(&intent, request, move |outcome| {
            if let Err(e) = outcome {
                error.set(Some(match e {
                    ApiError::Network => Key::ErrNetwork,
                    e if e.is_definitive() => Key::ErrWrongCode,
                    e => e.message().unwrap_or(Key::ErrServer),
                }));
            }
        });
    };
    let on_submit = Callback::new(move |()| {
        let otp = code.get_untracked();
        if otp.len() != 6 {
            error.set(Some(Key::ErrOtp));
            focus("otp");
        } else if !submit.is_pending() {
            error.set(None);
            send(otp);
        }
    });
    view! {
        <form class="instructions pay-form" novalidate on:submit=submitted(on_submit) data-testid="otp-form">
            {phone_prompt(lang.t(Key::OtpHint), &phone).view()}
            <OtpField
                id="otp"
                label=lang.t(Key::FieldOtp)
                value=code
                on_input=Callback::new(move |v: String| {
                    code.set(digits(&v, 6));
                    if error.get_untracked() == Some(Key::ErrOtp) && code.with_untracked(|c| c.len() == 6) {
                        error.set(None);
                    }
                })
                error=Reading::new(move || error.get().map(|k| lang.t(k)))
            />
            // Owned, like the countdown's text: one kind of changing text in the wasm, not two.
            <button type="submit" class="button button--primary" disabled=move || present(submit.pending())>
                {move || lang.t(if submit.pending() { Key::Submitting } else { Key::ConfirmCode }).to_owned()}
            </button>
            {deadline.map(|deadline_ms| view! {
                <Countdown deadline_ms label=lang.t(Key::ExpiresIn) expired=lang.t(Key::CodeExpired)/>
            })}
        </form>
    }
}

/// Moves focus to the element with this id, if it is in the page.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// "Sent to +57 300 …": the phone kept left-to-right inside Arabic text.
fn phone_prompt(before: &str, phone: &str) -> El {
    El::with("p", "phone-prompt", before).text(" ").child(
        el("bdi")
            .attr("dir", "ltr")
            .attr("data-testid", "phone")
            .text(phone),
    )
}
