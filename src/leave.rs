//! Leaving the page: back to the merchant once the payment is over, or cancelling it.
//!
//! On the hosted page the way back is the proxy's `/pay/{token}/return`, which sends the
//! payer on to the merchant's `returnUrl` (its `cancelUrl` once cancelled) with the outcome
//! signed; the page never builds the merchant's address itself. Embedded, the merchant's
//! own page is around the payer: it hears `paid` or `cancelled` ([`crate::embed`]) and leads
//! on, so the page offers no way back.
//!
//! Cancelling is a plain form posted to the proxy (`POST /pay/{token}/cancel`), which
//! cancels and answers with the way back or, for a page in an iframe (`?stay`), with the
//! page again, which then tells the merchant `cancelled`. A form costs the page no script.

use leptos::prelude::*;
use orkestra_core::api::merchant::SessionStatus;

use crate::context::{page, Lang, Page, Session};
use crate::embed;
use crate::i18n::Key;
use crate::kit::dom::{el, Dom, El};

/// The proxy's signed redirect to the merchant.
pub fn return_address(token: &str) -> String {
    format!("/pay/{token}/return")
}

/// "Back to the store", on the hosted page of a session with somewhere to go back to.
#[component]
pub fn BackToStore() -> Option<Dom> {
    let lang = expect_context::<Lang>();
    let Page {
        session: Session(session),
        api,
        ..
    } = page();
    let way_back = session.with_untracked(|s| {
        let cancelled = s.status == SessionStatus::Cancelled;
        s.return_url.is_some() || (cancelled && s.cancel_url.is_some())
    });
    (way_back && !embed::is_embedded()).then(|| {
        El::with("a", "button button--secondary", lang.t(Key::BackToStore))
            .attr("href", &return_address(api.token()))
            .attr("target", "_top")
            .attr("data-testid", "back-to-store")
            .view()
    })
}

/// "Cancel payment", on the hosted page of a session with somewhere to go, and in an
/// iframe. Inline, the merchant's own page offers the way out (their server cancels).
#[component]
pub fn CancelPayment() -> Option<Dom> {
    let lang = expect_context::<Lang>();
    let Page {
        session: Session(session),
        api,
        ..
    } = page();
    let embedded = embed::is_embedded();
    let offered = !embed::is_inline()
        && (embedded
            || session.with_untracked(|s| s.cancel_url.is_some() || s.return_url.is_some()));
    let stay = if embedded { "?stay" } else { "" };
    offered.then(|| {
        let button = El::with(
            "button",
            "button button--secondary",
            lang.t(Key::CancelPayment),
        )
        .attr("type", "submit")
        .attr("id", "cancel")
        .attr("data-testid", "cancel");
        el("form")
            .attr("method", "post")
            .attr("action", &["/pay/", api.token(), "/cancel", stay].concat())
            .child(button)
            .view()
    })
}
