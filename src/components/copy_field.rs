//! A read-only value with a "Copy" button that says when it copied.

use js_sys::Reflect;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Clipboard, HtmlDocument, HtmlInputElement};

use super::clicked;

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
) -> impl IntoView {
    let input_ref = NodeRef::<html::Input>::new();
    // What the last copy did: nothing yet, or whether it worked. Two booleans rather than
    // an `Option<&str>` signal: the page has boolean signals already, and each signal type
    // compiles its own code.
    let (tried, worked) = (RwSignal::new(false), RwSignal::new(false));
    let text = StoredValue::new(value.clone());
    let on_copy = move |_| {
        tried.set(false);
        spawn_local(async move {
            let done = write_clipboard(&text.get_value()).await
                || input_ref
                    .get_untracked()
                    .is_some_and(|i| copy_selection(&i));
            worked.set(done);
            tried.set(true);
        });
    };
    view! {
        <div class="copy">
            <label class="field__label" for=id>{label}</label>
            <div class="copy__row">
                <input
                    class="field__input copy__input"
                    id=id
                    readonly
                    value=value
                    data-testid=testid
                    node_ref=input_ref
                    on:focus=move |_| {
                        if let Some(input) = input_ref.get_untracked() {
                            input.select();
                        }
                    }
                />
                <button type="button" class="button button--secondary" on:click=clicked(Callback::new(on_copy))>
                    {copy}
                </button>
            </div>
            <p class="copy__note" role="status">{move || tried.get().then(|| if worked.get() { copied } else { failed })}</p>
        </div>
    }
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
