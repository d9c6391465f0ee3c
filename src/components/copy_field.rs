//! A read-only value with a "Copy" button that says when it copied.

use js_sys::Reflect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Clipboard, HtmlDocument, HtmlInputElement};

use super::text_field::label_for;
use crate::kit::dom::{el, Dom, El};

/// A labelled read-only input holding `value`, and a button that copies it.
///
/// Copies with `navigator.clipboard`, falling back to selecting the text and
/// `execCommand("copy")` (iframes without the clipboard permission). The outcome
/// ("Copied", or how to copy by hand) is announced by a status region.
///
/// ```ignore
/// <CopyField id="pix-code" label="Pix code" value=emv copy="Copy" copied="Copied"
///     failed="Select the code and copy it" testid="pix-code"/>
/// ```
#[component]
pub fn CopyField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: String,
    /// The button's text.
    copy: &'static str,
    /// Announced after a successful copy.
    copied: &'static str,
    /// Announced when the browser refused to copy.
    failed: &'static str,
    /// `data-testid` of the input, for end-to-end tests.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> Dom {
    // What the last copy did: nothing yet, or whether it worked. Two booleans rather than
    // an `Option<&str>` signal: the page has boolean signals already, and each signal type
    // compiles its own code.
    let (tried, worked) = (RwSignal::new(false), RwSignal::new(false));
    let input = el("input")
        .class("field__input copy__input")
        .attr("id", id)
        .attr("readonly", "")
        .attr("value", &value)
        .attr_if("data-testid", testid);
    let field = input.element().unchecked_into::<HtmlInputElement>();
    let input = input.on("focus", {
        let field = field.clone();
        move |_| field.select()
    });
    let on_copy = move |_| {
        tried.set(false);
        let (field, value) = (field.clone(), value.clone());
        spawn_local(async move {
            let done = write_clipboard(&value).await || copy_selection(&field);
            worked.set(done);
            tried.set(true);
        });
    };
    let button = El::with("button", "button button--secondary", copy)
        .attr("type", "button")
        .on("click", on_copy);
    el("div")
        .class("copy")
        .child(label_for(id, label))
        .child(el("div").class("copy__row").child(input).child(button))
        .child(
            el("p")
                .class("copy__note")
                .attr("role", "status")
                .text_with(move || match (tried.get(), worked.get()) {
                    (false, _) => String::new(),
                    (true, true) => copied.to_owned(),
                    (true, false) => failed.to_owned(),
                }),
        )
        .view()
}

async fn write_clipboard(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    // `navigator.clipboard` is missing outside secure contexts: look before calling.
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).ok();
    let Some(clipboard) = clipboard.filter(|c| c.is_object()) else {
        return false;
    };
    let promise = clipboard.unchecked_into::<Clipboard>().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

fn copy_selection(input: &HtmlInputElement) -> bool {
    input.select();
    let document = web_sys::window().and_then(|w| w.document());
    document
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
}
