//! What the page's components share, as named context values.

use leptos::prelude::{expect_context, use_context, RwSignal, Update};
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;

use crate::api::Api;
use crate::i18n::{t, Key};
use crate::state::is_newer;

/// The language the page speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(pub Locale);

impl Lang {
    pub fn t(self, key: Key) -> &'static str {
        t(self.0, key)
    }
}

/// The session as last heard from the server; every screen derives from it.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<PageSession>);

impl Session {
    /// Takes a snapshot from the server (a submit's answer, the live status) unless it is
    /// older than the one shown: they can cross on the wire.
    pub fn take(self, incoming: PageSession) {
        self.0
            .try_update(|current| is_newer(current, &incoming).then(|| *current = incoming));
    }
}

/// What every part of one checkout shares, as one context value: each type looked up in
/// the context costs its own lookup code in the wasm (README, "Page size"). [`Lang`] stays
/// its own value: components are also drawn without a checkout (the language alone).
#[derive(Debug, Clone)]
pub struct Page {
    pub session: Session,
    /// The browser API of this page (the proxy's origin and the page token).
    pub api: Api,
    /// Set when this page load made the current attempt: a redirect the server then asks
    /// for is followed at once. After a reload it is not, so coming back never loops.
    pub just_submitted: RwSignal<bool>,
    /// The `Intl` locale for numbers and dates: the language in the payer's country's
    /// variant (`es-MX`), see orkestra-core's `Locale::intl_tag`.
    pub intl_tag: &'static str,
}

/// The checkout's shared values (provided by `Checkout`).
pub fn page() -> Page {
    expect_context::<Page>()
}

/// The `Intl` tag for numbers and dates: the checkout's, else its language's.
pub fn intl_tag() -> &'static str {
    use_context::<Page>().map_or_else(|| expect_context::<Lang>().0.tag(), |p| p.intl_tag)
}
