//! The instructions a payer follows after the request, as data: every code-to-pay method
//! (Pix, boleto, transfers, SEPA, cash vouchers, crypto) fills one [`Sheet`], and one
//! component draws them all. One view for six methods keeps the page small.

use leptos::prelude::*;
use orkestra_core::money::Currency;

use crate::components::{amount_el, barcode_el, clicked, qr_el, CopyField, Countdown};
use crate::context::{intl_tag, Lang};
use crate::format;
use crate::i18n::Key;
use crate::kit::dom::{dom, el, El};

/// What one method shows, top to bottom; empty parts are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// `data-testid` of the section, for end-to-end tests.
    pub testid: &'static str,
    pub hint: Option<Key>,
    /// A strong warning: the text, its emphasised middle line, the consequence.
    pub alert: Option<(Key, String, Key)>,
    /// The exact amount to pay, when it is not the session's obvious total.
    pub amount: Option<(String, Currency)>,
    /// Plain facts: (label, value).
    pub facts: Vec<(&'static str, String)>,
    /// A QR code of this text, its accessible name and test id.
    pub qr: Option<(String, Key, &'static str)>,
    /// When the instructions stop being valid (RFC 3339).
    pub expires_at: Option<String>,
    pub note: Option<Key>,
    /// Values to copy: (id, label, value).
    pub copies: Vec<(&'static str, &'static str, String)>,
    /// An ITF barcode of these digits and its accessible name.
    pub barcode: Option<(String, Key)>,
    /// Where to pay, under a "Where to pay" heading.
    pub places: Vec<String>,
    pub warning: Option<Key>,
    pub print: bool,
    /// A document to open (a boleto's PDF).
    pub link: Option<(String, Key)>,
}

#[component]
pub fn SheetView(sheet: Sheet) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let t = move |k: Key| lang.t(k);
    let deadline = sheet.expires_at.as_deref().and_then(format::timestamp_ms);
    let when = sheet
        .expires_at
        .as_deref()
        .and_then(|e| format::date_time(intl_tag(), e));
    let copies = sheet
        .copies
        .into_iter()
        .map(|(id, label, value)| {
            view! {
                <CopyField id label value copy=t(Key::Copy) copied=t(Key::Copied)
                    failed=t(Key::CopyFailed) testid=id/>
            }
        })
        .collect_view();
    // Everything but the countdown, the copy buttons and the print button is drawn once
    // and never changes: it is built with `crate::kit::dom`, which costs no code per shape.
    let hint = |k: Key| El::with("p", "instructions__hint", t(k));
    let fact = |label: &str, value: El| {
        el("div")
            .child(el("dt").text(label))
            .child(el("dd").child(value))
    };
    let mut facts = el("dl").class("facts");
    if let Some((amount, currency)) = &sheet.amount {
        facts = facts.child(fact(
            t(Key::ExactAmount),
            amount_el(amount, *currency, None),
        ));
    }
    for (label, value) in &sheet.facts {
        facts = facts.child(fact(label, el("bdi").text(value)));
    }
    let top = dom(vec![
        sheet.hint.map(hint),
        sheet.alert.map(|(before, emphasis, after)| {
            el("div")
                .class("warning warning--strong")
                .attr("role", "note")
                .attr("data-testid", "network-warning")
                .child(el("p").text(t(before)))
                .child(
                    el("p")
                        .class("warning__emphasis")
                        .child(el("bdi").attr("dir", "ltr").text(&emphasis)),
                )
                .child(el("p").text(t(after)))
        }),
        Some(facts),
        sheet
            .qr
            .and_then(|(data, label, testid)| qr_el(&data, t(label), testid)),
    ]);
    let middle = dom(vec![
        when.map(|when| {
            El::with("p", "instructions__when", t(Key::PayBefore))
                .text(" ")
                .child(el("bdi").text(&when))
        }),
        sheet.note.map(hint),
    ]);
    let places = (!sheet.places.is_empty()).then(|| {
        sheet.places.iter().fold(
            el("ul").class("networks").attr("data-testid", "networks"),
            |list, p| list.child(el("li").text(p)),
        )
    });
    let bottom = dom(vec![
        sheet
            .barcode
            .and_then(|(digits, label)| barcode_el(&digits, t(label))),
        places
            .is_some()
            .then(|| El::with("h3", "instructions__subtitle", t(Key::WherePay))),
        places,
        sheet
            .warning
            .map(|k| El::with("p", "warning", t(k)).attr("role", "note")),
    ]);
    let link = sheet
        .link
        .filter(|(url, _)| url.starts_with("https://") || url.starts_with("http://"))
        .map(|(url, k)| {
            El::with("a", "button button--secondary", t(k))
                .attr("href", &url)
                .attr("target", "_blank")
                .attr("rel", "noopener")
                .view()
        });
    view! {
        <section class="instructions" data-testid=sheet.testid>
            {top}
            {deadline.map(|deadline_ms| view! {
                <Countdown deadline_ms label=t(Key::ExpiresIn) expired=t(Key::CodeExpired)/>
            })}
            {middle}
            {copies}
            {bottom}
            <div class="actions">
                {sheet.print.then(|| view! {
                    <button type="button" class="button button--secondary"
                        on:click=clicked(Callback::new(|()| drop(window().print())))>
                        {t(Key::Print)}
                    </button>
                })}
                {link}
            </div>
        </section>
    }
}
