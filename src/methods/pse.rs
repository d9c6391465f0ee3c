//! PSE: the payer's bank, from the live list the proxy serves (never hard-coded: banks
//! join and leave PSE).

use leptos::prelude::*;

use super::fields::Bound;
use crate::components::{clicked, Choice, SelectField};
use crate::context::{page, Lang};
use crate::i18n::Key;
use crate::kit::fresh::fresh;

#[component]
pub fn BankField(b: Bound) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let api = page().api;
    // `None` while loading or after a failure (`failed`).
    let options = RwSignal::new(Vec::new());
    let failed = RwSignal::new(false);
    let load = move || {
        let api = api.clone();
        failed.set(false);
        leptos::task::spawn_local(async move {
            match api.load_banks().await {
                Ok(list) => options.set(
                    list.into_iter()
                        .map(|b| Choice::new(b.code, b.name))
                        .collect(),
                ),
                Err(_) => failed.set(true),
            }
        });
    };
    load();
    view! {
        // Drawn again once the list arrives (a new select, see `fresh`).
        {move || fresh(view! {
            <SelectField id="pse-bank" label=lang.t(Key::FieldBank) options=options.get()
                value=b.value on_change=b.on_choose error=b.error placeholder=lang.t(Key::ChooseBank)/>
        })}
        {move || failed.get().then(|| {
            let load = load.clone();
            view! {
                <p class="form-message" role="alert">
                    {lang.t(Key::BanksFailed)}" "
                    <button type="button" class="button button--secondary" on:click=clicked(Callback::new(move |()| load()))>
                        {lang.t(Key::Retry)}
                    </button>
                </p>
            }
        })}
    }
}
