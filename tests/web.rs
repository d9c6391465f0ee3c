//! DOM checks of the shared components in a real browser (`wasm-bindgen-test`, headless
//! Chromium): what assistive technology and the end-to-end tests rely on.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use orkestra_checkout::components::{CopyField, QrCode, Reading, TextField};
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
                value=Reading::stored("529".to_owned())
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
    // Left out while the value is fine (the same as "false").
    assert_eq!(input.get_attribute("aria-invalid"), None);
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
    // Left out while the value is fine (the same as "false").
    assert_eq!(input.get_attribute("aria-invalid"), None);
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

mod shared_inputs {
    use super::*;
    use orkestra_checkout::components::{
        Amount, AmountField, Barcode, CardNumberField, Choice, OtpField, PhoneField, RadioGroup,
        SelectField,
    };
    use orkestra_checkout::context::Lang;
    use orkestra_core::api::locale::Locale;
    use orkestra_core::money::Currency;

    fn described_text(root: &HtmlElement, input: &Element) -> String {
        input
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .split(' ')
            .filter_map(|id| {
                root.query_selector(&["[id='", id, "']"].concat())
                    .ok()
                    .flatten()
            })
            .filter_map(|e| e.text_content())
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[wasm_bindgen_test]
    async fn a_select_is_named_by_its_label_and_announces_its_error() {
        let root = container();
        let error = RwSignal::new(None);
        let value = RwSignal::new(String::new());
        let _m = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <SelectField id="pse-bank" label="Your bank" value on_change=Callback::new(move |v| value.set(v))
                    options=vec![Choice::new("051", "Davivienda"), Choice::new("001", "Banco de Bogotá")]
                    placeholder="Choose your bank" error/>
            }
        });
        settle().await;
        let select = find(&root, "select");
        let labels = select
            .clone()
            .dyn_into::<web_sys::HtmlSelectElement>()
            .unwrap()
            .labels();
        assert_eq!(
            labels.item(0).unwrap().text_content().as_deref(),
            Some("Your bank")
        );
        assert_eq!(root.query_selector_all("option").unwrap().length(), 3);
        error.set(Some("Please choose an option."));
        settle().await;
        assert_eq!(
            select.get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
        assert_eq!(described_text(&root, &select), "Please choose an option.");
        let message = find(&root, "#pse-bank-error");
        assert_eq!(
            message.get_attribute("aria-live").as_deref(),
            Some("polite")
        );
    }

    #[wasm_bindgen_test]
    async fn a_radio_group_has_a_legend_and_a_label_per_choice() {
        let root = container();
        let value = RwSignal::new("MTN".to_owned());
        let error = RwSignal::new(None);
        let _m = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <RadioGroup name="operator" legend="Mobile network" value error
                    on_change=Callback::new(move |v| value.set(v))
                    options=vec![Choice::new("MTN", "MTN"), Choice::new("AT", "AT")]/>
            }
        });
        settle().await;
        assert_eq!(
            find(&root, "legend").text_content().as_deref(),
            Some("Mobile network")
        );
        let radios = root.query_selector_all("input[type='radio']").unwrap();
        assert_eq!(radios.length(), 2);
        for i in 0..radios.length() {
            let radio: HtmlInputElement = radios.item(i).unwrap().dyn_into().unwrap();
            assert_eq!(
                radio.labels().unwrap().length(),
                1,
                "each radio has its label"
            );
        }
        let first: HtmlInputElement = find(&root, "#operator").dyn_into().unwrap();
        assert!(first.checked(), "the value is checked");
        let second: HtmlInputElement = find(&root, "#operator-1").dyn_into().unwrap();
        second.click();
        settle().await;
        assert_eq!(value.get_untracked(), "AT");
        error.set(Some("Please choose an option."));
        settle().await;
        let group = find(&root, "fieldset");
        assert_eq!(group.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(described_text(&root, &group), "Please choose an option.");
    }

    #[wasm_bindgen_test]
    async fn the_card_number_field_shows_the_brand_as_the_payer_types() {
        let root = container();
        let value = RwSignal::new(String::new());
        let _m = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <CardNumberField id="card-number" label="Card number" value
                    on_input=Callback::new(move |v: String| value.set(orkestra_checkout::state::card::group_card_number(&v)))/>
            }
        });
        let input: HtmlInputElement = find(&root, "input").dyn_into().unwrap();
        assert_eq!(
            input.get_attribute("autocomplete").as_deref(),
            Some("cc-number")
        );
        assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
        input.set_value("378282246310005");
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        settle().await;
        assert_eq!(input.value(), "3782 822463 10005", "grouped 4-6-5");
        let brand = find(&root, "[data-testid='card-brand']");
        assert_eq!(brand.text_content().as_deref(), Some("American Express"));
        assert_eq!(brand.get_attribute("aria-live").as_deref(), Some("polite"));
    }

    #[wasm_bindgen_test]
    async fn the_phone_field_tells_the_calling_code_through_its_description() {
        let root = container();
        let error = RwSignal::new(None);
        let _m = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <PhoneField id="payer-phone" label="Mobile number" calling_code="233"
                    value=Reading::stored(String::new()) on_input=Callback::new(|_: String| {}) error/>
            }
        });
        settle().await;
        let input = find(&root, "input");
        assert_eq!(input.get_attribute("type").as_deref(), Some("tel"));
        assert_eq!(described_text(&root, &input), "+233");
        error.set(Some("Enter a valid mobile number."));
        settle().await;
        assert_eq!(
            described_text(&root, &input),
            "+233 | Enter a valid mobile number."
        );
    }

    #[wasm_bindgen_test]
    async fn the_amount_field_names_its_currency_and_announces_its_error() {
        let root = container();
        let error = RwSignal::new(None);
        let typed = RwSignal::new(String::new());
        let _m = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <AmountField id="split-amount" label="Amount to pay" currency=Currency::BRL
                    hint="The rest comes next." value=Reading::new(move || typed.get())
                    on_input=Callback::new(move |v| typed.set(v)) error/>
            }
        });
        settle().await;
        let input = find(&root, "input");
        assert_eq!(input.get_attribute("inputmode").as_deref(), Some("decimal"));
        assert_eq!(described_text(&root, &input), "BRL · The rest comes next.");
        let label = find(&root, "label");
        assert_eq!(label.get_attribute("for").as_deref(), Some("split-amount"));
        error.set(Some("Enter an amount above zero."));
        settle().await;
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(
            described_text(&root, &input),
            "BRL · The rest comes next. | Enter an amount above zero."
        );
    }

    #[wasm_bindgen_test]
    fn the_otp_field_takes_six_digits_from_the_sms() {
        let root = container();
        let _m = leptos::mount::mount_to(root.clone(), || {
            view! {
                <OtpField id="otp" label="6-digit code" value=Reading::stored(String::new())
                    on_input=Callback::new(|_: String| {})/>
            }
        });
        let input = find(&root, "input");
        assert_eq!(
            input.get_attribute("autocomplete").as_deref(),
            Some("one-time-code")
        );
        assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
        assert_eq!(input.get_attribute("maxlength").as_deref(), Some("6"));
    }

    #[wasm_bindgen_test]
    fn amounts_are_formatted_by_the_browsers_intl() {
        let root = container();
        let _m = leptos::mount::mount_to(root.clone(), || {
            provide_context(Lang(Locale::PtBr));
            view! {
                <Amount amount="1500.50" currency=Currency::BRL/>
                <Amount amount="25.000000" currency=Currency::USDT/>
            }
        });
        let amounts = root.query_selector_all(".amount").unwrap();
        let text = |i| amounts.item(i).unwrap().text_content().unwrap_or_default();
        assert_eq!(text(0).replace('\u{a0}', " "), "R$ 1.500,50");
        assert_eq!(text(1), "25,00 USDT");
    }

    #[wasm_bindgen_test]
    fn an_amount_the_server_wrote_is_shown_as_written_and_others_by_intl() {
        // What the hosted HTML's data block brings for its session (src/boot.rs). The text
        // differs from Intl's on purpose, to tell which one the page showed.
        orkestra_checkout::format::take_written(
            "pt-BR",
            Currency::BRL,
            "77.00".into(),
            "R$ 77,00 (server)".into(),
        );
        assert_eq!(
            orkestra_checkout::format::money_in("pt-BR", "77.00", Currency::BRL),
            "R$ 77,00 (server)"
        );
        // Another amount, tag or currency goes to Intl.
        let intl = |tag, amount, currency| {
            orkestra_checkout::format::money_in(tag, amount, currency).replace('\u{a0}', " ")
        };
        assert_eq!(intl("pt-BR", "78.00", Currency::BRL), "R$ 78,00");
        assert_eq!(intl("pt-BR", "77.00", Currency::USD), "US$ 77,00");
        assert!(!intl("es-MX", "77.00", Currency::BRL).contains("server"));
    }

    #[wasm_bindgen_test]
    fn a_boleto_barcode_is_an_svg_path_with_a_name() {
        let root = container();
        let _m = leptos::mount::mount_to(root.clone(), || {
            view! { <Barcode digits="34191140200000123451090000012345678901234567" label="Boleto barcode"/> }
        });
        let svg = find(&root, "svg");
        assert_eq!(
            svg.get_attribute("aria-label").as_deref(),
            Some("Boleto barcode")
        );
        assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
        let d = find(&root, "path").get_attribute("d").unwrap_or_default();
        assert_eq!(
            d.matches('M').count(),
            2 + 22 * 5 + 2,
            "start, 5 bars per pair of digits, stop"
        );
        assert!(root.query_selector("[style]").unwrap().is_none());
    }
}

/// The npm package's side of the page: the inline mount and its callback.
mod inline {
    use super::*;
    use js_sys::{Function, Reflect};
    use orkestra_checkout::embed::{self, Inline};
    use wasm_bindgen::JsValue;

    fn get(object: &JsValue, key: &str) -> JsValue {
        Reflect::get(object, &key.into()).unwrap()
    }

    /// What a merchant's callback heard: `window.__heard`.
    fn heard() -> js_sys::Array {
        get(&window().into(), "__heard").unchecked_into()
    }

    fn recorder() -> Function {
        Function::new_with_args("e", "(window.__heard ||= []).push(e)")
    }

    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    #[wasm_bindgen_test]
    fn inline_events_reach_the_merchants_callback_in_the_protocols_envelope() {
        let root = container();
        let _ = Reflect::set(&window().into(), &"__heard".into(), &js_sys::Array::new());
        embed::set_inline(Some(Inline {
            root: root.clone(),
            on_event: recorder(),
            locale_url: Function::new_with_args("tag", "return '/package/locales/' + tag + '.txt'"),
        }));
        embed::emit("paid", &[("transactionId", "tx_1".into())]);
        let message = heard().get(0);
        assert_eq!(get(&message, "protocol"), "orkestra-checkout");
        assert_eq!(get(&message, "version"), 1);
        assert_eq!(get(&message, "type"), "paid");
        assert_eq!(get(&message, "transactionId"), "tx_1");
        assert!(get(&message, "sessionId").is_string());
        assert_eq!(
            embed::locale_url("fr").as_deref(),
            Some("/package/locales/fr.txt")
        );
        let page_root: JsValue = embed::root().unwrap().into();
        assert_eq!(page_root, JsValue::from(root));
        assert!(embed::is_embedded());

        embed::set_inline(None);
        embed::emit("paid", &[]);
        assert_eq!(heard().length(), 1, "nothing is posted once unmounted");
        assert!(!embed::is_embedded());
        assert!(embed::locale_url("fr").is_none());
    }

    #[wasm_bindgen_test]
    async fn mount_renders_into_the_merchants_element_and_unmount_empties_it() {
        let root = container();
        let origin = window().location().origin().unwrap();
        // An unknown token: the test server answers 404, and the page says so in place.
        orkestra_checkout::mount_inline(
            root.clone(),
            "pt_unknown".into(),
            origin,
            recorder(),
            recorder(),
        );
        for _ in 0..50 {
            // The loading notice (role=status) comes first; the 404's (role=alert) after.
            if root
                .query_selector(".notice[role=alert]")
                .unwrap()
                .is_some()
            {
                break;
            }
            sleep(100).await;
        }
        let notice = find(&root, ".notice");
        assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
        assert!(
            document()
                .body()
                .unwrap()
                .query_selector(":scope > main")
                .unwrap()
                .is_none(),
            "nothing outside the element"
        );
        orkestra_checkout::unmount();
        settle().await;
        assert_eq!(root.child_element_count(), 0);
    }
}
