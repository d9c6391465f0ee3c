//! DOM checks of the shared components in a real browser (`wasm-bindgen-test`, headless
//! Chromium): what assistive technology and the end-to-end tests rely on.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use orkestra_checkout::components::{CopyField, QrCode, TextField};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const EMV: &str = "00020126330014br.gov.bcb.pix011112345678909520400005303986540510.505802BR5912LOJA EXEMPLO6009SAO PAULO62130509PEDIDO12363045119";

/// A fresh element in the document to mount into.
fn container() -> HtmlElement {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root.unchecked_into()
}

fn find(root: &HtmlElement, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// Lets the reactive system apply pending updates to the DOM.
async fn settle() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

fn field(root: HtmlElement, error: RwSignal<Option<&'static str>>) -> impl Drop {
    leptos::mount::mount_to(root, move || {
        view! {
            <TextField
                id="payer-document"
                label="CPF or CNPJ"
                value=Signal::stored("529".to_owned())
                on_input=Callback::new(|_: String| {})
                error=error
            />
        }
    })
}

#[wasm_bindgen_test]
async fn a_text_field_is_named_by_its_visible_label() {
    let root = container();
    let _mounted = field(root.clone(), RwSignal::new(None));
    settle().await;
    let label = find(&root, "label");
    assert_eq!(
        label.get_attribute("for").as_deref(),
        Some("payer-document")
    );
    assert!(
        label.get_bounding_client_rect().height() > 0.0,
        "the label is visible"
    );
    let input: HtmlInputElement = find(&root, "input").dyn_into().unwrap();
    assert_eq!(input.id(), "payer-document");
    assert_eq!(input.value(), "529");
    // The accessible name of an input comes from the labels the browser associates.
    let labels = input.labels().expect("an input has labels");
    assert_eq!(labels.length(), 1);
    assert_eq!(
        labels.item(0).unwrap().text_content().as_deref(),
        Some("CPF or CNPJ")
    );
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(input.get_attribute("aria-describedby"), None);
}

#[wasm_bindgen_test]
async fn an_error_marks_the_input_and_describes_it_with_the_message() {
    let root = container();
    let error = RwSignal::new(None);
    let _mounted = field(root.clone(), error);
    error.set(Some("This CPF or CNPJ is not valid."));
    settle().await;
    let input = find(&root, "input");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = input
        .get_attribute("aria-describedby")
        .expect("aria-describedby");
    let message = document()
        .get_element_by_id(&described_by)
        .expect("the message node");
    assert_eq!(
        message.text_content().as_deref(),
        Some("This CPF or CNPJ is not valid.")
    );
    assert_eq!(
        message.get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    assert!(
        root.contains(Some(&message)),
        "the message is the field's own"
    );

    error.set(None);
    settle().await;
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(input.get_attribute("aria-describedby"), None);
    assert_eq!(message.text_content().as_deref(), Some(""));
}

#[wasm_bindgen_test]
fn the_qr_code_is_an_svg_path_without_inline_styles() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! { <QrCode data=EMV label="Pix QR code"/> }
    });
    let svg = find(&root, "svg[data-testid='pix-qr']");
    assert_eq!(
        svg.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("Pix QR code")
    );
    let path = find(&root, "svg path");
    let d = path.get_attribute("d").unwrap_or_default();
    assert!(d.starts_with("M4 4h7"), "the top-left finder pattern: {d}");
    assert!(d.matches('M').count() > 50, "a real symbol has many runs");
    assert!(
        root.query_selector("[style]").unwrap().is_none(),
        "no inline styles"
    );
}

#[wasm_bindgen_test]
fn the_copy_field_shows_the_code_read_only_with_a_copy_button() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! {
            <CopyField id="pix-code" label="Pix copy and paste code" value=EMV copy="Copy"
                copied="Copied" failed="Copy it yourself" testid="pix-code"/>
        }
    });
    let input: HtmlInputElement = find(&root, "[data-testid='pix-code']").dyn_into().unwrap();
    assert_eq!(input.value(), EMV);
    assert!(input.read_only());
    let labels = input.labels().expect("an input has labels");
    assert_eq!(
        labels.item(0).unwrap().text_content().as_deref(),
        Some("Pix copy and paste code")
    );
    let button = find(&root, "button");
    assert_eq!(button.text_content().as_deref(), Some("Copy"));
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    assert!(root.query_selector("[role='status']").unwrap().is_some());
}
