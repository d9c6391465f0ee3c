//! The loaded page: the order summary, the status region and the current screen, all
//! derived from the session signal that the live status and the submit keep fresh.

use leptos::prelude::*;
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::merchant::{SessionStatus, TransactionStatus};
use orkestra_core::catalog::{Market, PaymentMethod};
use orkestra_core::money::Money;

use crate::api::Api;
use crate::components::{amount_el, clicked, Status};
use crate::context::{Lang, Page, Session};
use crate::i18n::{requested_locale, Key};
use crate::kit::dom::{dom, el, Dom, El};
use crate::kit::fresh::fresh;
use crate::leave::{BackToStore, CancelPayment};
use crate::live::Live;
use crate::methods::form::{MethodPicker, PaymentFormView};
use crate::methods::later::instructions_later;
use crate::methods::split::PayAnotherWay;
use crate::methods::{waiting_heading, withdrawable};
use crate::state::{
    partly_paid, progress, remaining, status_attr, PaymentForm, Stage, TypedBefore,
};
use crate::theme;
use crate::{embed, idempotency};

#[component]
pub fn Checkout(api: Api, session: PageSession) -> impl IntoView {
    // The payer's explicit choice (`?locale=`) wins over the merchant's.
    let lang = Lang(requested_locale().unwrap_or(session.locale));
    let merchant = session.merchant_name.clone();
    let (amount, currency) = (session.amount.clone(), session.currency);
    let methods = session.offered_methods();
    let form = RwSignal::new(
        PaymentForm::new(
            session.market().unwrap_or(Market::World),
            session.initial_method().unwrap_or(PaymentMethod::Crypto),
            today(),
            session.card_capture,
        )
        .prefilled(session.customer.as_ref()),
    );
    form.update_untracked(|f| f.set_remaining(remaining(&session)));
    // What the payer typed into the form the server drew, before this page ran.
    if let Some(typed) = use_context::<TypedBefore>().filter(|t| !t.is_empty()) {
        form.update_untracked(|f| typed.apply(f, &methods));
    }
    if let Some(appearance) = &session.appearance {
        theme::apply(appearance);
    }
    let follow = !session.status.is_final();
    let session = RwSignal::new(session);
    provide_context(lang);
    provide_context(Page {
        session: Session(session),
        api: api.clone(),
        just_submitted: RwSignal::new(false),
        intl_tag: lang.0.intl_tag(session.with_untracked(|s| s.country)),
    });
    set_document_language(lang);
    if follow {
        let live = Live::follow(api.clone(), move |incoming| Session(session).take(incoming));
        // Owned by this component: dropped (and stopped) with it.
        StoredValue::new_local(live);
    }

    // The ended attempt the payer chose to leave behind with "Try again" (empty: none; a
    // `String` signal like the OTP's code rather than a signal type of its own).
    let dismissed = RwSignal::new(String::new());
    let stage = Memo::new(move |_| {
        dismissed
            .with(|d| session.with(|s| Stage::of(s, Some(d.as_str()).filter(|d| !d.is_empty()))))
    });
    // What a new leg may take follows the session (a leg paid, one released).
    Effect::new(move |_| {
        let left = session.with(remaining);
        if form.with_untracked(|f| f.remaining() != left) {
            form.update(|f| f.set_remaining(left));
        }
    });
    let token = api.token().to_owned();
    embed::connect(&token, session, form);
    // A new screen: tell an embedding merchant, and focus its heading, so keyboard and
    // screen reader users land on it.
    Effect::new(move |previous: Option<Stage>| {
        let now = stage.get();
        if previous.as_ref() != Some(&now) {
            session.with_untracked(|s| embed::announce(s, &now));
        }
        if previous.is_some_and(|p| p != now) {
            focus_heading();
        }
        now
    });
    // Leaves a leg that ended ("Try again") or was withdrawn ("Pay another way") for the
    // form, which asks for the same amount. What is left is read from the session here:
    // after a withdrawal the effect above has not seen the new one yet.
    let replace_leg = Callback::new(move |(id, amount): (String, String)| {
        let left = session.with_untracked(remaining);
        form.update(|f| {
            f.set_remaining(left);
            f.replace_leg(&amount);
        });
        dismissed.set(id);
    });
    let try_again = Callback::new(move |()| {
        idempotency::forget(&token);
        let current = session.with_untracked(|s| {
            s.current_transaction()
                .map(|t| (t.id.clone(), t.amount.clone()))
        });
        current.into_iter().for_each(|leg| replace_leg.run(leg));
    });
    // The first screen keeps the focus where the browser put it; later ones move it.
    let first_screen = StoredValue::new(true);
    let screen = move || {
        let then_focus: fn() = if first_screen.get_value() {
            || {}
        } else {
            focus_heading
        };
        first_screen.set_value(false);
        match stage.get() {
            Stage::Choose => {
                let picker = (methods.len() > 1).then(|| {
                    view! { <MethodPicker methods=methods.clone() form/> }
                });
                fresh(view! { {picker} <PaymentFormView form/> <CancelPayment/> })
            }
            // Their code may still be on its way (`methods::later`): their heading takes
            // the focus when they are drawn, as a new screen's does.
            Stage::Action(action) if withdrawable(&action) => {
                let sheet = instructions_later(action, then_focus);
                fresh(view! { {sheet} <PayAnotherWay on_withdrawn=replace_leg/> })
            }
            Stage::Action(action) => instructions_later(action, then_focus),
            Stage::AttemptEnded(_) => fresh(view! {
                <button class="button button--primary" data-testid="try-again" on:click=clicked(try_again)>
                    {lang.t(Key::TryAgain)}
                </button>
                <CancelPayment/>
            }),
            // No link is no node: `fresh` could not replace it, but a paid or closed page
            // is never redrawn.
            Stage::Paid | Stage::Closed(_) => fresh(view! { <BackToStore/> }),
            // A code that fails its checksum may have been garbled on the way: read it again.
            Stage::InvalidCode => fresh(view! {
                <button class="button button--primary" on:click=clicked(Callback::new(|()| drop(window().location().reload())))>
                    {lang.t(Key::Retry)}
                </button>
            }),
            Stage::Creating | Stage::Unavailable => ().into_any(),
        }
    };
    // One payer of several sees their share, and which one it is ("Your share (2/3)").
    let total_label = session.with_untracked(|s| match &s.charge {
        Some(c) if c.count > 1 => {
            format!("{} ({}/{})", lang.t(Key::YourShare), c.index + 1, c.count)
        }
        _ => lang.t(Key::Total).to_owned(),
    });
    // What the legs paid and hold, and what is left, once a leg has paid or holds part.
    let balance = move || {
        session.with(|s| {
            let (paid, pending) = progress(s)?;
            let left = remaining(s)?;
            let row = |list: El, key: Key, money: Money, testid| {
                list.child(el("dt").text(lang.t(key)))
                    .child(el("dd").child(amount_el(
                        &money.to_decimal_string(),
                        currency,
                        Some(testid),
                    )))
            };
            let mut list = row(
                el("dl").class("summary__balance"),
                Key::BalancePaid,
                paid,
                "paid-amount",
            );
            if pending.minor() > 0 {
                list = row(list, Key::BalancePending, pending, "pending-amount");
            }
            Some(row(list, Key::BalanceLeft, left, "left-amount").view())
        })
    };
    let heading = dom(vec![
        Some(El::with("h1", "summary__merchant", &merchant)),
        Some(
            el("p")
                .class("summary__total")
                .child(El::with("span", "summary__label", &total_label))
                .child(amount_el(&amount, currency, Some("amount"))),
        ),
    ]);
    // The status region follows the stage alone, not every snapshot of the live status:
    // redrawn, it would drop the focus from its heading. Whether part is paid is read when
    // the stage changes, which it always does when a leg gets paid (it was in flight).
    view! {
        <main class="page">
            <header class="summary">
                {heading}
                {balance}
            </header>
            <Status status=move || session.with(status_attr)>
                {move || stage_status(lang, stage.get(), session.with_untracked(partly_paid))}
            </Status>
            {screen}
        </main>
    }
}

/// (year, month) on the payer's clock, for card expiry.
fn today() -> (u16, u8) {
    let now = js_sys::Date::new_0();
    (now.get_full_year() as u16, now.get_month() as u8 + 1)
}

/// What the status region says on each screen.
/// `part_paid`: a leg paid part of the charge, so the form is for the rest.
fn stage_status(lang: Lang, stage: Stage, part_paid: bool) -> Option<Dom> {
    let (heading, detail) = match stage {
        Stage::Choose if part_paid => (Key::PartPaid, None),
        Stage::Choose => return None,
        Stage::Paid => {
            let heading = stage_heading("paid__heading", lang.t(Key::Paid));
            return Some(
                el("div")
                    .class("paid")
                    .attr("data-testid", "paid")
                    .child(heading)
                    .child(el("p").text(lang.t(Key::PaidDetail)))
                    .view(),
            );
        }
        Stage::Creating => (Key::Creating, None),
        Stage::Action(action) => (waiting_heading(&action), None),
        Stage::InvalidCode => (Key::ErrBadCode, None),
        Stage::AttemptEnded(status) => (attempt_heading(status), Some(Key::AttemptEndedDetail)),
        Stage::Closed(SessionStatus::Cancelled) => (Key::SessionCancelled, None),
        Stage::Closed(_) => (Key::SessionExpired, None),
        Stage::Unavailable => (Key::MethodUnavailable, None),
    };
    Some(dom(vec![
        Some(stage_heading("status__heading", lang.t(heading))),
        detail.map(|d| El::with("p", "status__detail", lang.t(d))),
    ]))
}

/// The heading of a screen, which the page focuses when the screen changes.
fn stage_heading(class: &str, text: &str) -> El {
    El::with("h2", class, text)
        .attr("id", "stage-heading")
        .attr("tabindex", "-1")
}

/// The heading of an attempt that ended unpaid (`Stage::AttemptEnded`: failed, expired or
/// cancelled; the other statuses never end one, and read as a failure if they did).
fn attempt_heading(status: TransactionStatus) -> Key {
    match status {
        TransactionStatus::Expired => Key::AttemptExpired,
        TransactionStatus::Cancelled => Key::AttemptCancelled,
        TransactionStatus::Failed
        | TransactionStatus::Creating
        | TransactionStatus::Pending
        | TransactionStatus::Paid => Key::AttemptFailed,
    }
}

/// `<html lang dir>` (the mount element's, inline): screen readers pick their voice from
/// it, and Arabic reads right to left.
fn set_document_language(lang: Lang) {
    if let Some(root) = embed::root() {
        let _ = root.set_attribute("lang", lang.0.tag());
        let _ = root.set_attribute("dir", if lang.0.is_rtl() { "rtl" } else { "ltr" });
    }
}

/// Moves focus to the screen's heading once it is drawn.
fn focus_heading() {
    request_animation_frame(|| {
        for id in ["stage-heading", "form-title"] {
            if document().get_element_by_id(id).is_some() {
                crate::methods::focus(id);
                break;
            }
        }
    });
}
