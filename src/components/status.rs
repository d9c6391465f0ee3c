//! The page's status region: what is happening now, announced as it changes.

use leptos::prelude::*;

/// A `role="status"` region, always in the page so that new content is announced.
///
/// `data-status` carries the machine-readable status (the current attempt's, else the
/// session's) for end-to-end tests; `children` are what people read.
///
/// ```ignore
/// <Status status=move || "pending">{move || "Waiting for payment…"}</Status>
/// ```
#[component]
pub fn Status<C: IntoView + 'static>(
    /// A closure rather than a `Signal`: the page has no other `Signal<&str>`, whose
    /// machinery would be compiled for this one attribute.
    status: impl Fn() -> &'static str + Send + Sync + 'static,
    /// Typed, not `Children`: erasing them to an `AnyView` compiled an owned copy of them.
    children: TypedChildren<C>,
) -> impl IntoView {
    view! {
        <div class="status" role="status" data-testid="status" data-status=move || Some(status().to_owned())>
            {children.into_inner()()}
        </div>
    }
}
