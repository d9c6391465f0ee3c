//! What the hosted page's HTML brings (crates/orkestra-proxy's `routes/hosted`): the page
//! session and its language's texts in a JSON data block, and the summary drawn by the
//! server, which the page replaces with its own in the task that mounts it (no frame shows
//! neither). Without the block (an older proxy, a page saved to disk) the page asks for
//! both as before.

use leptos::prelude::document;
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;

use orkestra_core::money::Currency;
use wasm_bindgen::JsValue;

use crate::format;
use crate::i18n;
use crate::json::{parse, Value};
use crate::wire;

/// The data block's id (the proxy's `summary::DATA_ID`).
const DATA_ID: &str = "orkestra-page";

/// The session the HTML carries, its language's texts added to the page's; `None` when
/// there is no readable block.
pub fn embedded_session() -> Option<PageSession> {
    let text = document().get_element_by_id(DATA_ID)?.text_content()?;
    let data = parse(&text)?;
    let session = wire::session(&data.get("session"))?;
    let locale = data.get("locale").text().and_then(|t| Locale::from_tag(&t));
    if let (Some(locale), Some(texts)) = (locale, data.get("texts").text()) {
        i18n::add(locale, texts);
    }
    take_money(&data.get("money"));
    Some(session)
}

/// The session's amounts as the server wrote them for the page's `Intl` tag
/// (`{"tag","currency","amounts":{decimal: text}}`), for [`format::take_written`]. A block
/// without them (an older proxy) leaves the page to `Intl`.
fn take_money(money: &JsValue) {
    let (Some(tag), Some(currency)) = (
        money.get("tag").text(),
        money
            .get("currency")
            .text()
            .and_then(|c| Currency::from_code(&c)),
    ) else {
        return;
    };
    let amounts = money.get("amounts");
    for decimal in amounts.keys().unwrap_or_default() {
        if let Some(text) = amounts.get(&decimal).text() {
            format::take_written(&tag, currency, decimal, text);
        }
    }
}

/// Removes what the server drew in `<body>`: the page draws the same next, in this task.
pub fn clear_server_drawn() {
    if let Some(body) = document().body() {
        body.set_text_content(None);
    }
}
