//! A labelled text input with its message underneath.

use leptos::html;
use leptos::prelude::*;

/// A text input with a visible `<label for>` and a message region under it.
///
/// The message region is always in the page and polite-live, so a message that appears is
/// announced; while there is one, the input is `aria-invalid` and described by it.
///
/// ```ignore
/// <TextField id="payer-email" label="Email" value=email on_input=set_email
///     error=Signal::derive(move || error.get()) input_type="email" autocomplete="email"/>
/// ```
#[component]
pub fn TextField(
    /// The input's id; the message's id is `{id}-error`.
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    /// Called when the input loses focus.
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
    /// The message to show, already translated; `None` when the value is fine.
    #[prop(optional, into)]
    error: Signal<Option<&'static str>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Lets the form move focus here (to the first invalid field on submit).
    #[prop(optional)]
    node_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let message_id = format!("{id}-error");
    let described_by = {
        let message_id = message_id.clone();
        move || error.get().map(|_| message_id.clone())
    };
    let invalid = move || {
        if error.get().is_some() {
            "true"
        } else {
            "false"
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>{label}</label>
            <input
                class="field__input"
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                prop:value=move || value.get()
                aria-invalid=invalid
                aria-describedby=described_by
                disabled=move || disabled.get()
                node_ref=node_ref
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=move |_| {
                    if let Some(on_blur) = on_blur {
                        on_blur.run(())
                    }
                }
            />
            <p class="field__error" id=message_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
