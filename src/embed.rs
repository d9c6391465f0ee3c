//! The page's side of embedding (`docs/embedding.md`): whom the page tells what happens,
//! and how.
//!
//! - **Hosted**, at the top of its tab: nobody. The payer goes back to the merchant through
//!   the proxy's signed redirect ([`crate::leave`]).
//! - **In an iframe** made by the loader: the loader names the merchant's origin in the
//!   page's address (`?embed=<origin>`). The page believes it only when the session lists
//!   that origin in `embedOrigins` (the CSP's `frame-ancestors` already keeps every other
//!   origin from framing it), and then posts to `window.parent` with exactly that target
//!   origin, never `"*"`: if the parent is anyone else, the browser delivers nothing.
//!   Inbound messages count only from `window.parent`, at that origin, with the protocol's
//!   tag and version; the one command is `cancel`.
//! - **Inline**, mounted by the npm package's `mount()` into a merchant's element: the
//!   merchant's callback, in the same window.
//!
//! Messages carry no personal data: a method, a validity flag, ids and statuses.

use std::cell::{Cell, RefCell};

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::merchant::{SessionStatus, TransactionStatus};
use orkestra_core::catalog::PaymentMethod;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, MessageEvent, ResizeObserver};

use crate::api::ApiError;
use crate::state::{PaymentForm, Stage};

/// The tag every message carries, in both directions.
pub const PROTOCOL: &str = "orkestra-checkout";
/// Bumped on any change a merchant's code could notice.
pub const VERSION: u32 = 1;

/// What the npm package's `mount()` hands the page for talking to the merchant's page
/// (the session's token and the proxy's origin go to the app: `api::Api`).
pub struct Inline {
    pub root: HtmlElement,
    /// `(message) => void`: every event, as the iframe would post it.
    pub on_event: Function,
    /// `(tag) => url` of a language file shipped with the package.
    pub locale_url: Function,
}

#[derive(Default)]
struct Link {
    inline: Option<Inline>,
    /// The parent window's origin, once checked against the session.
    parent: Option<String>,
    session_id: String,
}

thread_local! {
    /// Not a context value: the merchant's callbacks, the iframe's parent and the session
    /// id are needed where no reactive owner is (the window's `message` listener, the
    /// resize observer, `unmount()` from the merchant's code), and live as long as the
    /// mount, not a component.
    static LINK: RefCell<Link> = RefCell::default();
}

pub fn set_inline(inline: Option<Inline>) {
    LINK.with(|l| {
        *l.borrow_mut() = Link {
            inline,
            ..Link::default()
        }
    });
}

/// Whether the page is mounted inline by the npm package's `mount()`.
pub fn is_inline() -> bool {
    LINK.with(|l| l.borrow().inline.is_some())
}

/// Where the page's language, direction and theme go: the mount element inline, else `<html>`.
pub fn root() -> Option<Element> {
    LINK.with(|l| match &l.borrow().inline {
        Some(inline) => Some(inline.root.clone().into()),
        None => document().document_element(),
    })
}

/// The address of a language file, when the package ships them.
pub fn locale_url(tag: &str) -> Option<String> {
    let url_of = LINK.with(|l| Some(l.borrow().inline.as_ref()?.locale_url.clone()))?;
    url_of.call1(&JsValue::NULL, &tag.into()).ok()?.as_string()
}

/// Whether a merchant's page surrounds this one (so it, not the page, leads the payer on).
pub fn is_embedded() -> bool {
    LINK.with(|l| {
        let link = l.borrow();
        link.inline.is_some() || link.parent.is_some()
    })
}

/// Starts talking to the merchant, if there is one to talk to: `ready`, then an event per
/// change of the chosen method or of the form's completeness (the screens' events come from
/// [`announce`], called by the checkout as its screen changes).
pub fn connect(token: &str, session: RwSignal<PageSession>, form: RwSignal<PaymentForm>) {
    let (id, status, origin) = session.with_untracked(|s| {
        (
            s.session_id.clone(),
            s.status,
            verified_parent(token, &s.embed_origins),
        )
    });
    let inline = LINK.with(|l| {
        let mut link = l.borrow_mut();
        link.session_id = id;
        link.parent = origin.clone();
        link.inline.is_some()
    });
    if let Some(origin) = origin {
        if let Some(html) = document().document_element() {
            // The page's own CSS lets an embedded page be as short as its content.
            let _ = html.set_attribute("data-embedded", "");
            follow_height(html);
        }
        listen(origin);
    } else if !inline {
        return;
    }
    emit("ready", &[("status", status.as_str().into())]);
    Effect::new(move |previous: Option<(PaymentMethod, bool)>| {
        let now = form.with(|f| (f.method(), f.is_valid()));
        if previous != Some(now) {
            emit(
                "change",
                &[
                    ("method", now.0.as_str().into()),
                    ("complete", now.1.into()),
                ],
            );
        }
        now
    });
}

/// The event a new screen means for the merchant, if any.
pub fn announce(session: &PageSession, stage: &Stage) {
    let tx = session.current_transaction();
    let tx_id: JsValue = tx.map_or(JsValue::NULL, |t| t.id.as_str().into());
    match stage {
        Stage::Action(_) => emit(
            "pending",
            &[
                ("transactionId", tx_id),
                (
                    "method",
                    tx.map_or(JsValue::NULL, |t| t.method.as_str().into()),
                ),
            ],
        ),
        Stage::Paid => emit("paid", &[("transactionId", tx_id)]),
        Stage::AttemptEnded(status) => emit(
            "failed",
            &[
                ("transactionId", tx_id),
                ("status", status.as_str().into()),
                (
                    "failureCode",
                    tx.and_then(|t| t.failure_code.as_deref())
                        .map_or(JsValue::NULL, JsValue::from),
                ),
            ],
        ),
        Stage::Closed(SessionStatus::Cancelled) => emit("cancelled", &[]),
        Stage::Closed(_) => emit("expired", &[]),
        Stage::InvalidCode => emit("error", &[("code", "invalid_payment_code".into())]),
        // A leg paid part of the charge and the form asks for the rest. The amounts are
        // the server's, for the merchant's page to show; nothing here can change them.
        Stage::Choose => {
            if let (Some(charge), Some(tx)) = (&session.charge, tx) {
                if tx.status == TransactionStatus::Paid {
                    emit(
                        "partially_paid",
                        &[
                            ("transactionId", tx_id),
                            ("paidAmount", charge.paid_amount.as_str().into()),
                            ("remainingAmount", charge.remaining_amount.as_str().into()),
                        ],
                    );
                }
            }
        }
        Stage::Creating | Stage::Unavailable => {}
    }
}

/// `error` for a request that failed without a field to show it on.
pub fn error(error: &ApiError) {
    if !error.field_errors().is_empty() {
        return;
    }
    let code = match error {
        ApiError::Network => "network_error",
        ApiError::Decode => "server_error",
        ApiError::Status {
            body: Some(body), ..
        } => body.code.as_str(),
        ApiError::Status { .. } => "server_error",
    };
    emit("error", &[("code", code.into())]);
}

/// Posts (or hands inline) one message: the protocol's envelope and `fields`.
pub fn emit(kind: &str, fields: &[(&str, JsValue)]) {
    // Taken out first: the merchant's callback may unmount the page, which clears the link.
    let (session_id, callback, origin) = LINK.with(|l| {
        let link = l.borrow();
        (
            link.session_id.clone(),
            link.inline.as_ref().map(|i| i.on_event.clone()),
            link.parent.clone(),
        )
    });
    if callback.is_none() && origin.is_none() {
        return;
    }
    let message = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&message, &key.into(), value);
    };
    set("protocol", &PROTOCOL.into());
    set("version", &VERSION.into());
    set("type", &kind.into());
    set("sessionId", &session_id.into());
    for (key, value) in fields {
        set(key, value);
    }
    if let Some(callback) = callback {
        let _ = callback.call1(&JsValue::NULL, &message);
    } else if let (Some(origin), Ok(Some(parent))) = (origin, window().parent()) {
        let _ = parent.post_message(&message, &origin);
    }
}

/// The merchant origin the loader named (in the address, or remembered from it when a
/// bank's page sent the payer back here), if this page is framed and the session allows it.
fn verified_parent(token: &str, allowed: &[String]) -> Option<String> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    if Object::is(&parent, &window) {
        return None;
    }
    let key = ["orkestra.embed.", token].concat();
    let storage = window.session_storage().ok().flatten();
    let search = window.location().search().ok()?;
    let named = embed_param(&search)
        .and_then(|raw| js_sys::decode_uri_component(raw).ok()?.as_string())
        .or_else(|| storage.as_ref()?.get_item(&key).ok()?)?;
    if !allowed.contains(&named) {
        return None;
    }
    if let Some(storage) = storage {
        let _ = storage.set_item(&key, &named);
    }
    Some(named)
}

/// `?locale=fr&embed=https%3A%2F%2Fshop.example` → `https%3A%2F%2Fshop.example` (still
/// percent-encoded: the browser decodes it).
pub fn embed_param(search: &str) -> Option<&str> {
    search
        .get(1..)?
        .split('&')
        .find_map(|pair| pair.strip_prefix("embed="))
}

/// Posts `resize` with the page's height whenever it changes, so the loader can size the
/// iframe to it (no inner scrollbar, no empty space).
fn follow_height(html: Element) {
    let last = Cell::new(0u32);
    let observed = html.clone();
    // Typed as the page's other callbacks (`live`), so wasm-bindgen adds no glue for a new
    // signature; the observer's arguments are not read.
    let on_resize = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        let height = observed.get_bounding_client_rect().height().ceil() as u32;
        if height != last.replace(height) {
            emit("resize", &[("height", height.into())]);
        }
    });
    if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&html);
    }
    // Observes for the page's lifetime: one checkout per iframe load.
    on_resize.forget();
}

/// Inbound commands from the merchant's window; everything else is ignored. `cancel`
/// presses the page's own cancel button, which is there only while cancelling is possible.
fn listen(origin: String) {
    let on_message = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let event: MessageEvent = event.unchecked_into();
        let from_parent = match (event.source(), window().parent()) {
            (Some(source), Ok(Some(parent))) => Object::is(&source, &parent),
            _ => false,
        };
        let data = event.data();
        let field = |key: &str| Reflect::get(&data, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if from_parent
            && event.origin() == origin
            && field("protocol").as_string().as_deref() == Some(PROTOCOL)
            && field("version").as_f64() == Some(f64::from(VERSION))
            && field("type").as_string().as_deref() == Some("cancel")
        {
            match document().get_element_by_id("cancel") {
                Some(button) => button.unchecked_into::<HtmlElement>().click(),
                None => emit("error", &[("code", "cancel_unavailable".into())]),
            }
        }
    });
    let _ =
        window().add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_names_the_merchants_origin_in_the_address() {
        assert_eq!(
            embed_param("?embed=http%3A%2F%2F127.0.0.1%3A8081"),
            Some("http%3A%2F%2F127.0.0.1%3A8081")
        );
        assert_eq!(
            embed_param("?locale=fr&embed=https://shop.example"),
            Some("https://shop.example")
        );
        assert_eq!(embed_param("?locale=fr&xembed=1"), None);
        assert_eq!(embed_param(""), None);
    }
}
