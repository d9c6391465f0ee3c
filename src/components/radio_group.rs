//! A group of radio buttons with a visible legend: one choice among a few.

use leptos::prelude::*;

use super::{aria_true, changed, Choice, Reading};

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
) -> impl IntoView {
    let message_id = [name, "-error"].concat();
    let described_by = {
        let message_id = message_id.clone();
        move || error.get().map(|_| message_id.clone())
    };
    let radios = options
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let id = if i == 0 {
                name.to_owned()
            } else {
                [name, "-", &i.to_string()].concat()
            };
            let checked = {
                let v = choice.value.clone();
                move || value.get() == v
            };
            view! {
                <div class="radio">
                    <input
                        class="radio__input"
                        type="radio"
                        id=id.clone()
                        name=name
                        value=choice.value
                        prop:checked=checked
                        on:change=changed(on_change)
                    />
                    <label class="radio__label" for=id>
                        <span>{choice.label}</span>
                        {choice.hint.map(|h| view! { <span class="radio__hint">{h}</span> })}
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="field radios"
            class:radios--tiles=tiles
            class:field--invalid=move || error.get().is_some()
            role="radiogroup"
            aria-invalid=move || aria_true(error.get().is_some())
            aria-describedby=described_by
        >
            <legend class="field__label">{legend}</legend>
            <div class="radios__list">{radios}</div>
            <p class="field__error" id=message_id aria-live="polite">
                {move || error.get()}
            </p>
        </fieldset>
    }
}
