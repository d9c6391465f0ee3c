//! The Orkestra Checkout payment page: a Leptos app, client-side rendered, served at
//! `/pay/{token}` (also inside merchants' iframes), and mounted into a merchant's element by
//! the npm package (`docs/embedding.md`).
//!
//! Logic lives in plain types ([`state`], [`format`], [`api`]'s error rules) with tests;
//! components only wire them to the DOM.

pub mod api;
pub mod app;
pub mod boot;
pub mod checkout;
pub mod components;
pub mod context;
pub mod embed;
pub mod format;
pub mod i18n;
pub mod idempotency;
pub mod json;
pub mod kit;
pub mod leave;
pub mod live;
pub mod methods;
pub mod state;
pub mod submit;
pub mod theme;
pub mod wire;

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;

/// The marker of the hosted page's `<body>` (index.html). The same wasm is the npm
/// package's, where it must not take over the merchant's page: it waits for [`mount`].
const HOSTED_MARKER: &str = "data-orkestra-hosted";

/// Mounts the page on `<body>`, when this is the hosted page, with the session its HTML
/// carries ([`boot`]).
pub fn mount_hosted() {
    if leptos::prelude::document()
        .body()
        .is_some_and(|b| b.has_attribute(HOSTED_MARKER))
    {
        let embedded = boot::embedded_session();
        let typed = boot::typed_before();
        boot::clear_server_drawn();
        let carried = typed.clone();
        leptos::mount::mount_to_body(move || {
            leptos::prelude::provide_context(carried);
            app::App(app::AppProps {
                embedded,
                api: None,
            })
        });
        boot::restore_focus(&typed);
    }
}

thread_local! {
    /// The inline checkout, while mounted: one per merchant page at a time.
    static INLINE: RefCell<Option<Box<dyn std::any::Any>>> = RefCell::new(None);
}

/// The npm package's `mount()`: the page inside `root`, for the session `token`, talking
/// to the proxy at the origin `api_origin` (through its CORS), `on_event` hearing what the iframe
/// would post, `locale_url(tag)` giving the package's language files. A second mount
/// replaces the first.
#[wasm_bindgen(js_name = mount)]
pub fn mount_inline(
    root: web_sys::HtmlElement,
    token: String,
    api_origin: String,
    on_event: js_sys::Function,
    locale_url: js_sys::Function,
) {
    unmount();
    embed::set_inline(Some(embed::Inline {
        root: root.clone(),
        on_event,
        locale_url,
    }));
    let api = Some(api::Api::new(api_origin, token));
    let handle = leptos::mount::mount_to(root, move || {
        app::App(app::AppProps {
            embedded: None,
            api,
        })
    });
    INLINE.with(|i| *i.borrow_mut() = Some(Box::new(handle)));
}

/// Removes the inline checkout (its live status stream stops with it).
#[wasm_bindgen]
pub fn unmount() {
    // Dropped outside the borrow: unmounting runs the page's cleanups.
    let handle = INLINE.with(|i| i.borrow_mut().take());
    drop(handle);
    embed::set_inline(None);
}
