//! PSE and 3-D Secure: the payer continues on the bank's page, which sends them back here.
//!
//! Right after the submit the page goes there by itself; after a reload (the payer came
//! back before the bank answered) it only offers the button, so it never loops.

use leptos::prelude::*;

use crate::context::{page, Lang};
use crate::i18n::Key;
use crate::kit::dom::{el, Dom, El};

#[component]
pub fn Redirect(url: String, text: Key, button: Key) -> Dom {
    let lang = expect_context::<Lang>();
    let just_submitted = page().just_submitted;
    let safe = url.starts_with("https://") || url.starts_with("http://");
    if safe && just_submitted.get_untracked() {
        just_submitted.set(false);
        // This frame: the hosted page, or the merchant's iframe, which the bank's page
        // returns to.
        let _ = window().location().assign(&url);
    }
    el("section")
        .class("instructions")
        .attr("data-testid", "redirect")
        .child(El::with("p", "instructions__hint", lang.t(text)))
        .child_if(safe.then(|| {
            El::with("a", "button button--primary", lang.t(button))
                .attr("href", &url)
                .attr("data-testid", "redirect-link")
        }))
        .view()
}
