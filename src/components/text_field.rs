//! A labelled text input with its message underneath.

use leptos::prelude::*;

use super::{aria_true, Reading};

/// A text input with a visible `<label for>` and a message region under it.
///
/// The message region is always in the page and polite-live, so a message that appears is
/// announced; while there is one, the input is `aria-invalid` and described by it (after
/// the hint, when there is one). A card number's `brand` sits next to the input.
///
/// ```ignore
/// <TextField id="payer-email" label="Email" value=email on_input=set_email
///     error=Reading::new(move || error.get()) input_type="email" autocomplete="email"/>
/// ```
#[component]
pub fn TextField(
    /// The input's id; the message's id is `{id}-error`, the hint's `{id}-hint`.
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_input: Callback<String>,
    /// Called when the input loses focus.
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
    /// The message to show, already translated; `None` when the value is fine.
    #[prop(optional, into)]
    error: Reading<Option<&'static str>>,
    /// A line under the label that helps fill the input ("+57", "(optional)").
    #[prop(optional, into)]
    hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    /// A card brand badge, announced politely as it changes (a prop rather than
    /// `children`, which were erased to an `AnyView` with an owned copy of themselves).
    #[prop(optional)]
    brand: Option<Reading<Option<&'static str>>>,
) -> impl IntoView {
    let hint = hint.filter(|h| !h.is_empty());
    let message_id = [id, "-error"].concat();
    let hint_id = hint.as_ref().map(|_| [id, "-hint"].concat());
    let described_by = {
        let (message_id, hint_id) = (message_id.clone(), hint_id.clone());
        move || {
            let error = error.get().map(|_| message_id.as_str());
            match (hint_id.as_deref(), error) {
                (None, None) => None,
                (Some(h), None) => Some(h.to_owned()),
                (None, Some(e)) => Some(e.to_owned()),
                (Some(h), Some(e)) => Some([h, " ", e].concat()),
            }
        }
    };
    let invalid = move || aria_true(error.get().is_some());
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
            <div class="field__row">
                <input
                    class="field__input"
                    id=id
                    name=id
                    type=input_type
                    autocomplete=autocomplete
                    inputmode=inputmode
                    maxlength=maxlength
                    spellcheck="false"
                    prop:value=move || value.get()
                    aria-invalid=invalid
                    aria-describedby=described_by
                    on:input=move |ev| on_input.run(event_target_value(&ev))
                    on:blur=move |_| {
                        if let Some(on_blur) = on_blur {
                            on_blur.run(())
                        }
                    }
                />
                {brand.map(|brand| view! {
                    <span class="brand" data-testid="card-brand" aria-live="polite">
                        {move || brand.get()}
                    </span>
                })}
            </div>
            <p class="field__error" id=message_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
