//! A labelled drop-down list with its message underneath.

use leptos::prelude::*;

use super::{aria_true, changed, Reading};

/// One option of a [`SelectField`] or a [`super::RadioGroup`]: what is sent, what is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// A second line under the label (radio groups only).
    pub hint: Option<String>,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
            hint: None,
        }
    }
}

/// A `<select>` with a visible `<label for>`, an optional empty first option
/// (`placeholder`) and a polite-live message region, as [`super::TextField`].
///
/// ```ignore
/// <SelectField id="pse-bank" label="Your bank" options=banks value=bank
///     on_change=set_bank placeholder="Choose your bank"/>
/// ```
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    options: Vec<Choice>,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] error: Reading<Option<&'static str>>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let message_id = [id, "-error"].concat();
    let described_by = {
        let message_id = message_id.clone();
        move || error.get().map(|_| message_id.clone())
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>{label}</label>
            <select
                class="field__input field__select"
                id=id
                name=id
                autocomplete=autocomplete
                aria-invalid=move || aria_true(error.get().is_some())
                aria-describedby=described_by
                on:change=changed(on_change)
            >
                {placeholder.map(|text| view! {
                    <option value="" selected=value.get_untracked().is_empty()>{text}</option>
                })}
                {options
                    .into_iter()
                    .map(|c| {
                        // The value when drawn: afterwards the select keeps the payer's choice.
                        let selected = value.get_untracked() == c.value;
                        view! { <option value=c.value selected=selected>{c.label}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="field__error" id=message_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}
