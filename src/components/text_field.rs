//! A labelled text input with its message underneath.
//!
//! The proxy draws this markup too, for the hosted page's first screen before the wasm runs
//! (crates/orkestra-proxy/src/routes/hosted/form.rs): a change here is a change there, and
//! e2e/server-form.test.mjs fails until both agree.

use leptos::prelude::*;

use super::{aria_true, Reading};
use crate::kit::dom::{el, Dom, El};

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
) -> Dom {
    let hint = hint.filter(|h| !h.is_empty());
    let message_id = [id, "-error"].concat();
    let hint_id = hint.as_ref().map(|_| [id, "-hint"].concat());
    let input = el("input")
        .class("field__input")
        .attr("id", id)
        .attr("name", id)
        .attr("type", input_type)
        .attr_if("autocomplete", autocomplete)
        .attr_if("inputmode", inputmode)
        .attr_if("maxlength", maxlength.map(|m| m.to_string()).as_deref())
        .attr("spellcheck", "false")
        .prop_with("value", move || value.get().into());
    let mut input = described(input, &message_id, hint_id.clone(), error)
        .on("input", move |ev| on_input.run(event_target_value(&ev)));
    if let Some(on_blur) = on_blur {
        input = input.on("blur", move |_| on_blur.run(()));
    }
    let brand = brand.map(|brand| {
        el("span")
            .class("brand")
            .attr("data-testid", "card-brand")
            .attr("aria-live", "polite")
            .text_with(move || brand.get().unwrap_or_default().to_owned())
    });
    field_box(id, label, error)
        .child_if(
            hint.map(|hint| El::with("p", "field__hint", &hint).attr_if("id", hint_id.as_deref())),
        )
        .child(el("div").class("field__row").child(input).child_if(brand))
        .child(message(&message_id, error))
        .view()
}

/// A field's box and its visible label: the start of every field.
pub(crate) fn field_box(id: &str, label: &str, error: Reading<Option<&'static str>>) -> El {
    el("div")
        .class_with("field", "field--invalid", move || error.get().is_some())
        .child(label_for(id, label))
}

/// `input` marked `aria-invalid` while there is a message, and described by its hint (if
/// any) and then by the message: what a screen reader reads after the label.
pub(crate) fn described(
    input: El,
    message_id: &str,
    hint_id: Option<String>,
    error: Reading<Option<&'static str>>,
) -> El {
    let message_id = message_id.to_owned();
    input
        .attr_with("aria-invalid", move || aria_true(error.get().is_some()))
        .attr_with("aria-describedby", move || {
            let message = error.get().map(|_| message_id.as_str());
            match (hint_id.as_deref(), message) {
                (None, None) => None,
                (Some(h), None) => Some(h.to_owned()),
                (None, Some(m)) => Some(m.to_owned()),
                (Some(h), Some(m)) => Some([h, " ", m].concat()),
            }
        })
}

/// `<label for=id>`, visible, naming the input.
pub(crate) fn label_for(id: &str, label: &str) -> El {
    El::with("label", "field__label", label).attr("for", id)
}

/// A field's message region: always in the page and polite-live, so a message that
/// appears is announced.
pub(crate) fn message(id: &str, error: Reading<Option<&'static str>>) -> El {
    el("p")
        .class("field__error")
        .attr("id", id)
        .attr("aria-live", "polite")
        .text_with(move || error.get().unwrap_or_default().to_owned())
}
