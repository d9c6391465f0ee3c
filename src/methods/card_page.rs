//! A card typed on Orkestra's payment page (`cardCapture: orkestra`): that page in a frame
//! of ours, sized to its content. The card number and security code go from the payer's
//! keyboard to Orkestra's origin only, never through this page, its scripts or the
//! merchant's. The outcome comes from the live status (Orkestra's notification to the
//! proxy), as for every method: the frame's messages are read for their height only, and
//! only from that frame at Orkestra's origin.
//!
//! Where a frame cannot be used (a merchant's CSP without Orkestra in `frame-src`, a
//! browser that will not show it), the link opens the same page in this window; Orkestra
//! then sends the payer back to the hosted page by its unguessable address.

use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, HtmlElement, MessageEvent};

use crate::context::Lang;
use crate::i18n::Key;
use crate::kit::dom::{el, Dom, El};

/// Heights Orkestra's page may ask for, in CSS pixels: a message cannot shrink the frame
/// to nothing or stretch the checkout without end.
const HEIGHTS: (f64, f64) = (240.0, 2400.0);

/// Drawn once (`El`), like the other instructions that change nothing in place.
pub fn card_page(url: String) -> Dom {
    let lang = expect_context::<Lang>();
    // The proxy took the address only on Orkestra's configured origin; still, nothing but
    // a web address is ever framed or followed.
    let origin =
        origin_of(&url).filter(|_| url.starts_with("https://") || url.starts_with("http://"));
    let Some(origin) = origin else {
        return el("p").view();
    };
    let join = if url.contains('?') { "&" } else { "?" };
    let address = [url.as_str(), join, "lang=", lang.0.tag()].concat();
    let frame = el("iframe")
        .class("card-page__frame")
        .attr("src", &[address.as_str(), "&frame=1"].concat())
        .attr("title", lang.t(Key::CardPageTitle))
        .attr("data-testid", "card-page-frame");
    // Focus stays the checkout's: it lands on this screen's heading, as on every screen,
    // and the next Tab goes into Orkestra's form; past its last field, Tab comes back here.
    StoredValue::new_local(Follow::height(frame.element().unchecked_into(), origin));
    el("section")
        .class("instructions card-page")
        .attr("data-testid", "card-page")
        .child(El::with(
            "p",
            "instructions__hint",
            lang.t(Key::CardPageHint),
        ))
        .child(frame)
        .child(
            El::with("a", "card-page__open", lang.t(Key::CardPageOpen))
                .attr("href", &address)
                .attr("data-testid", "card-page-open"),
        )
        .view()
}

/// `scheme://host[:port]` of an absolute address: what `MessageEvent.origin` says.
fn origin_of(url: &str) -> Option<&str> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    (end > start).then(|| &url[..end])
}

/// Sizes the frame to the height Orkestra's page posts; stops listening when dropped
/// (with the view that owns it).
struct Follow(Closure<dyn FnMut(Event)>);

impl Follow {
    fn height(frame: HtmlElement, origin: &str) -> Follow {
        let origin = origin.to_owned();
        let on_message = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let event: MessageEvent = event.unchecked_into();
            let from_frame = match (
                event.source(),
                Reflect::get(&frame, &"contentWindow".into()),
            ) {
                (Some(source), Ok(window)) => Object::is(&source, &window),
                _ => false,
            };
            if !from_frame || event.origin() != origin {
                return;
            }
            let height = Reflect::get(&event.data(), &"orkestraPaymentPage".into())
                .and_then(|page| Reflect::get(&page, &"height".into()))
                .ok()
                .and_then(|h| h.as_f64())
                .filter(|h| h.is_finite());
            if let Some(h) = height {
                // Whole pixels, written as an integer: formatting an `f64` would bring
                // float printing into the wasm (2 KB) for no visible difference.
                let px = h.clamp(HEIGHTS.0, HEIGHTS.1).ceil() as u32;
                // Through the CSSOM: the page's CSP allows no inline `style` attribute.
                if let Ok(style) = Reflect::get(&frame, &"style".into()) {
                    let value = JsValue::from([&px.to_string(), "px"].concat());
                    let _ = Reflect::set(&style, &"height".into(), &value);
                }
            }
        });
        let _ = window()
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        Follow(on_message)
    }
}

impl Drop for Follow {
    fn drop(&mut self) {
        let _ = window()
            .remove_event_listener_with_callback("message", self.0.as_ref().unchecked_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn the_origin_is_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://pay.orkestra.example/p/abc?x=1"),
            Some("https://pay.orkestra.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8090/_sandbox/pay/t"),
            Some("http://127.0.0.1:8090")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8090"),
            Some("http://127.0.0.1:8090")
        );
        assert_eq!(origin_of("/relative"), None);
        assert_eq!(origin_of("https://"), None);
    }
}
