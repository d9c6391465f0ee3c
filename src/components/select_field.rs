//! A labelled drop-down list with its message underneath.
//!
//! The proxy draws this markup too, for the hosted page's first screen before the wasm runs
//! (crates/orkestra-proxy/src/routes/hosted/form.rs): a change here is a change there, and
//! e2e/server-form.test.mjs fails until both agree.

use leptos::prelude::*;

use super::text_field::{described, field_box, message};
use super::Reading;
use crate::kit::dom::{el, Dom};

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
) -> Dom {
    let message_id = [id, "-error"].concat();
    let select = el("select")
        .class("field__input field__select")
        .attr("id", id)
        .attr("name", id)
        .attr_if("autocomplete", autocomplete);
    let mut select = described(select, &message_id, None, error)
        .on("change", move |ev| on_change.run(event_target_value(&ev)));
    // The value when drawn: afterwards the select keeps the payer's choice.
    let now = value.get_untracked();
    let option = |value: &str, text: &str| {
        let o = el("option").attr("value", value).text(text);
        o.attr_if("selected", (now == value).then_some(""))
    };
    if let Some(text) = placeholder {
        select = select.child(option("", text));
    }
    for c in &options {
        select = select.child(option(&c.value, &c.label));
    }
    field_box(id, label, error)
        .child(select)
        .child(message(&message_id, error))
        .view()
}
