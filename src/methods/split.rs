//! Splitting the charge: "pay only part with this method" and the part's amount. The
//! next leg then pays the rest, by any method the session offers.

use leptos::prelude::*;

use crate::components::AmountField;
use crate::context::{Lang, Session};
use crate::i18n::{amount_error, Key};
use crate::state::PaymentForm;

/// The id of the split amount's input: the form moves focus to it.
pub const AMOUNT_ID: &str = "split-amount";

/// The split checkbox and, while it is checked, the amount of this leg (it starts at all
/// that is left). Shown only when the session has a charge to split.
#[component]
pub fn SplitControl(form: RwSignal<PaymentForm>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let Session(session) = expect_context::<Session>();
    let currency = session.with_untracked(|s| s.currency);
    let on = Memo::new(move |_| form.with(PaymentForm::is_split));
    let amount = move || {
        on.get().then(|| {
            view! {
                <AmountField id=AMOUNT_ID label=lang.t(Key::SplitAmount) currency
                    hint=lang.t(Key::SplitHint)
                    value=Signal::derive(move || form.with(PaymentForm::split_amount))
                    on_input=Callback::new(move |v| form.update(|f| f.set_split_amount(v)))
                    on_blur=Callback::new(move |()| form.update(PaymentForm::blur_split))
                    error=Signal::derive(move || {
                        form.with(PaymentForm::split_error).map(|c| lang.t(amount_error(c)))
                    })/>
            }
        })
    };
    view! {
        <div class="split">
            <label class="check" for="split-toggle">
                <input type="checkbox" id="split-toggle" class="check__input"
                    prop:checked=move || on.get()
                    on:change=move |ev| form.update(|f| f.set_split(event_target_checked(&ev)))/>
                {lang.t(Key::SplitToggle)}
            </label>
            {amount}
        </div>
    }
}
