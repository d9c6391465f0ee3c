//! The instructions a payer follows after the request, as data: every code-to-pay method
//! (Pix, boleto, transfers, SEPA, cash vouchers, crypto) fills one [`Sheet`], and one
//! component draws them all. One view for six methods keeps the page small.

use leptos::prelude::*;
use orkestra_core::money::Currency;

use crate::components::{clicked, Amount, Barcode, CopyField, Countdown, QrCode};
use crate::context::{intl_tag, Lang};
use crate::format;
use crate::i18n::Key;

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
    let facts = sheet
        .facts
        .into_iter()
        .map(|(label, value)| view! { <div><dt>{label}</dt><dd><bdi>{value}</bdi></dd></div> })
        .collect_view();
    let places = (!sheet.places.is_empty()).then(|| {
        let items = sheet
            .places
            .into_iter()
            .map(|p| view! { <li>{p}</li> })
            .collect_view();
        view! {
            <h3 class="instructions__subtitle">{t(Key::WherePay)}</h3>
            <ul class="networks" data-testid="networks">{items}</ul>
        }
    });
    let safe_link = sheet
        .link
        .filter(|(url, _)| url.starts_with("https://") || url.starts_with("http://"));
    view! {
        <section class="instructions" data-testid=sheet.testid>
            {sheet.hint.map(|k| view! { <p class="instructions__hint">{t(k)}</p> })}
            {sheet.alert.map(|(before, emphasis, after)| view! {
                <div class="warning warning--strong" role="note" data-testid="network-warning">
                    <p>{t(before)}</p>
                    <p class="warning__emphasis"><bdi dir="ltr">{emphasis}</bdi></p>
                    <p>{t(after)}</p>
                </div>
            })}
            <dl class="facts">
                {sheet.amount.map(|(amount, currency)| view! {
                    <div><dt>{t(Key::ExactAmount)}</dt><dd><Amount amount currency/></dd></div>
                })}
                {facts}
            </dl>
            {sheet.qr.map(|(data, label, testid)| view! { <QrCode data label=t(label) testid/> })}
            {deadline.map(|deadline_ms| view! {
                <Countdown deadline_ms label=t(Key::ExpiresIn) expired=t(Key::CodeExpired)/>
            })}
            {when.map(|when| view! {
                <p class="instructions__when">{t(Key::PayBefore)}" "<bdi>{when}</bdi></p>
            })}
            {sheet.note.map(|k| view! { <p class="instructions__hint">{t(k)}</p> })}
            {copies}
            {sheet.barcode.map(|(digits, label)| view! { <Barcode digits label=t(label)/> })}
            {places}
            {sheet.warning.map(|k| view! { <p class="warning" role="note">{t(k)}</p> })}
            <div class="actions">
                {sheet.print.then(|| view! {
                    <button type="button" class="button button--secondary"
                        on:click=clicked(Callback::new(|()| drop(window().print())))>
                        {t(Key::Print)}
                    </button>
                })}
                {safe_link.map(|(url, k)| view! {
                    <a class="button button--secondary" href=url target="_blank" rel="noopener">
                        {t(k)}
                    </a>
                })}
            </div>
        </section>
    }
}
