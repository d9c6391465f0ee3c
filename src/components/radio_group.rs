//! A group of radio buttons with a visible legend: one choice among a few.
//!
//! The proxy draws this markup too, for the hosted page's first screen before the wasm runs
//! (crates/orkestra-proxy/src/routes/hosted/form.rs): a change here is a change there, and
//! e2e/server-form.test.mjs fails until both agree.

use leptos::prelude::*;

use super::text_field::{described, message};
use super::{Choice, Reading};
use crate::kit::dom::{el, Dom, El};

/// A `<fieldset>` of radio buttons, each with its own visible label. The browser makes
/// it keyboard-operable (Tab into the group, arrows to choose). The first radio's id is
/// `name`, so a form can move focus to the group.
///
/// ```ignore
/// <RadioGroup name="operator" legend="Mobile network" options value on_change/>
/// ```
#[component]
pub fn RadioGroup(
    name: &'static str,
    legend: &'static str,
    options: Vec<Choice>,
    #[prop(into)] value: Reading<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] error: Reading<Option<&'static str>>,
    /// Lays the options out as tiles side by side when they fit.
    #[prop(optional)]
    tiles: bool,
) -> Dom {
    let message_id = [name, "-error"].concat();
    let list = options.into_iter().enumerate().fold(
        el("div").class("radios__list"),
        |list, (i, choice)| {
            let id = if i == 0 {
                name.to_owned()
            } else {
                [name, "-", &i.to_string()].concat()
            };
            let v = choice.value.clone();
            let input = el("input")
                .class("radio__input")
                .attr("type", "radio")
                .attr("id", &id)
                .attr("name", name)
                .attr("value", &choice.value)
                .prop_with("checked", move || (value.get() == v).into())
                .on("change", move |ev| on_change.run(event_target_value(&ev)));
            let label = el("label")
                .class("radio__label")
                .attr("for", &id)
                .child(el("span").text(&choice.label))
                .child_if(choice.hint.map(|h| El::with("span", "radio__hint", &h)));
            list.child(el("div").class("radio").child(input).child(label))
        },
    );
    let class = if tiles {
        "field radios radios--tiles"
    } else {
        "field radios"
    };
    let group = el("fieldset")
        .class_with(class, "field--invalid", move || error.get().is_some())
        .attr("role", "radiogroup");
    described(group, &message_id, None, error)
        .child(El::with("legend", "field__label", legend))
        .child(list)
        .child(message(&message_id, error))
        .view()
}
