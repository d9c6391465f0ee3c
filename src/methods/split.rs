//! Splitting the charge: "pay only part with this method" and the part's amount (the next
//! leg then pays the rest, by any method the session offers), and "pay another way" for a
//! leg still waiting on the payer.

use leptos::prelude::*;

use crate::components::{clicked, present, AmountField, Reading};
use crate::context::{page, Lang, Session};
use crate::i18n::{amount_error, Key};
use crate::state::PaymentForm;
use crate::submit::{Request, Submit};

/// The id of the split amount's input: the form moves focus to it.
pub use crate::state::SPLIT_AMOUNT_ID as AMOUNT_ID;

/// The split checkbox and, while it is checked, the amount of this leg (it starts at all
/// that is left). Shown only when the session has a charge to split.
#[component]
pub fn SplitControl(form: RwSignal<PaymentForm>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let Session(session) = page().session;
    let currency = session.with_untracked(|s| s.currency);
    let on = move || form.with(PaymentForm::is_split);
    // Always in the page, hidden (and so out of the accessibility tree and the tab order)
    // while the box is unchecked: one build, no view that comes and goes.
    let amount = view! {
        <div class="split__amount" prop:hidden=move || !on()>
            <AmountField id=AMOUNT_ID label=lang.t(Key::SplitAmount) currency
                hint=lang.t(Key::SplitHint)
                value=Reading::new(move || form.with(PaymentForm::split_amount))
                on_input=Callback::new(move |v| form.update(|f| f.set_split_amount(v)))
                on_blur=Callback::new(move |()| form.update(PaymentForm::blur_split))
                error=Reading::new(move || {
                    form.with(PaymentForm::split_error).map(|c| lang.t(amount_error(c)))
                })/>
        </div>
    };
    view! {
        <div class="split">
            <label class="check" for="split-toggle">
                <input type="checkbox" id="split-toggle" class="check__input"
                    prop:checked=on
                    on:change=move |ev| form.update(|f| f.set_split(event_target_checked(&ev)))/>
                {lang.t(Key::SplitToggle)}
            </label>
            {amount}
        </div>
    }
}

/// "Pay another way" under a code, voucher or transfer still waiting: withdraws that leg
/// (the proxy asks Orkestra to cancel it; its amount is free again), then `on_withdrawn`
/// gets the leg's id and amount so the form asks for the same amount by another method.
#[component]
pub fn PayAnotherWay(on_withdrawn: Callback<(String, String)>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let session = page().session.0;
    let submit = Submit::new();
    let failed = RwSignal::new(None::<Key>);
    let withdraw = move |_| {
        let leg = session.with_untracked(|s| {
            s.current_transaction()
                .map(|t| (t.id.clone(), t.amount.clone()))
        });
        let Some((id, amount)) = leg else {
            return;
        };
        // Withdrawing twice answers the same: one key per leg.
        let intent = ["withdraw ", &id].concat();
        let leg = id.clone();
        let request: Request =
            Box::new(move |api, key| Box::pin(async move { api.withdraw(&key, &leg).await }));
        submit.send(&intent, request, move |outcome| match outcome {
            Ok(()) => {
                failed.set(None);
                on_withdrawn.run((id, amount));
            }
            Err(error) => failed.set(Some(error.message().unwrap_or(Key::ErrRejected))),
        });
    };
    view! {
        <div class="withdraw">
            <button type="button" class="button button--secondary" data-testid="pay-another-way"
                disabled=move || present(submit.pending()) on:click=clicked(Callback::new(withdraw))>
                {lang.t(Key::PayAnotherWay)}
            </button>
            <div class="form-message" role="alert">
                {move || failed.get().map(|k| view! { <p>{lang.t(k)}</p> })}
            </div>
        </div>
    }
}
