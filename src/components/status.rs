//! The page's status region: what is happening now, announced as it changes.

use leptos::prelude::*;

/// A `role="status"` region, always in the page so that new content is announced.
///
/// `data-status` carries the machine-readable status (the current attempt's, else the
/// session's) for end-to-end tests; `children` are what people read.
///
/// ```ignore
/// <Status status=Signal::derive(move || "pending")>{move || "Waiting for payment…"}</Status>
/// ```
#[component]
pub fn Status(#[prop(into)] status: Signal<&'static str>, children: Children) -> impl IntoView {
    view! {
        <div class="status" role="status" data-testid="status" data-status=status>
            {children()}
        </div>
    }
}
