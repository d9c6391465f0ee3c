//! What the hosted page's HTML brings (crates/orkestra-proxy's `routes/hosted`): the page
//! session and its language's texts in a JSON data block, and the summary drawn by the
//! server, which the page replaces with its own in the task that mounts it (no frame shows
//! neither). Without the block (an older proxy, a page saved to disk) the page asks for
//! both as before. Where the server drew the first screen's form too, what the payer typed
//! and chose there is read before it goes ([`typed_before`]) and the page starts from it,
//! the caret back where it was ([`restore_focus`]).

use leptos::prelude::document;
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;
use orkestra_core::money::Currency;
use orkestra_core::wire::{FromWire, Value};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::format;
use crate::i18n;
use crate::json::{parse, Js};
use crate::state::{TypedBefore, SPLIT_AMOUNT_ID};

/// The data block's id (the proxy's `summary::DATA_ID`).
const DATA_ID: &str = "orkestra-page";

/// The session the HTML carries, its language's texts added to the page's; `None` when
/// there is no readable block.
pub fn embedded_session() -> Option<PageSession> {
    let text = document().get_element_by_id(DATA_ID)?.text_content()?;
    let data = parse(&text)?;
    let session = PageSession::from_wire(&data.get("session"))?;
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
fn take_money(money: &Js) {
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

/// What the payer did on the server-drawn form: the checked method and tiles, every text
/// input they changed and the select's choice, the split box, and the input they are in with its caret. Read in
/// the task that replaces the form, so no keystroke falls between.
pub fn typed_before() -> TypedBefore {
    let mut typed = TypedBefore::default();
    let document = document();
    let Ok(inputs) = document.query_selector_all("main input, main select") else {
        return typed;
    };
    for i in 0..inputs.length() {
        let Some(node) = inputs.item(i) else {
            continue;
        };
        let Some(input) = node.dyn_ref::<HtmlInputElement>() else {
            // A select (the document's type): its value, read without another web-sys type.
            let value = js_sys::Reflect::get(&node, &JsValue::from_str("value")).ok();
            if let (Some(element), Some(value)) =
                (node.dyn_ref::<Element>(), value.and_then(|v| v.as_string()))
            {
                typed.values.push((element.id(), value));
            }
            continue;
        };
        match input.type_().as_str() {
            "radio" if input.checked() && input.name() == "method" => {
                typed.method = Some(input.value());
            }
            // A tile (operator, network), by its group's name: the field's id.
            "radio" if input.checked() => typed.values.push((input.name(), input.value())),
            "radio" => {}
            "checkbox" => typed.split |= input.checked(),
            _ => {
                // What the payer typed: not what the server wrote there (the merchant's
                // prefill, which the page's form starts with anyway).
                let value = input.value();
                if value.is_empty() || value == input.default_value() {
                    continue;
                }
                if input.id() == SPLIT_AMOUNT_ID {
                    typed.split_amount = Some(value);
                } else {
                    typed.values.push((input.id(), value));
                }
            }
        }
    }
    if let Some(active) = document.active_element() {
        if !active.id().is_empty() {
            // Radios and checkboxes have no caret: asking throws.
            typed.caret = active.dyn_ref::<HtmlInputElement>().and_then(|input| {
                let start = input.selection_start().ok().flatten()?;
                Some((start, input.selection_end().ok().flatten().unwrap_or(start)))
            });
            typed.focused = Some(active.id());
        }
    }
    typed
}

/// Puts the focus (and the caret) back in the input the payer was in, now the page's.
pub fn restore_focus(typed: &TypedBefore) {
    let Some(element) = typed
        .focused
        .as_deref()
        .and_then(|id| document().get_element_by_id(id))
    else {
        return;
    };
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    }
    if let (Some(input), Some((start, end))) = (element.dyn_ref::<HtmlInputElement>(), typed.caret)
    {
        // At the end of what was typed, the caret stays at the end of what the page shows,
        // which may be longer (a card number grouped, an expiry with its slash).
        let typed_len = typed
            .values
            .iter()
            .find(|(id, _)| *id == element.id())
            .map(|(_, value)| value.encode_utf16().count() as u32);
        let (start, end) = if typed_len == Some(end) && start == end {
            let shown = input.value().encode_utf16().count() as u32;
            (shown, shown)
        } else {
            (start, end)
        };
        let _ = input.set_selection_range(start, end);
    }
}

/// Removes what the server drew in `<body>`: the page draws the same next, in this task.
pub fn clear_server_drawn() {
    if let Some(body) = document().body() {
        body.set_text_content(None);
    }
}
