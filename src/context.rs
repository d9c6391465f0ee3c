//! What the page's components share, as named context values.

use leptos::prelude::{RwSignal, Update};
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;

use crate::i18n::{t, Key};
use crate::state::is_newer;

/// The page token from the URL, which names the session in every API call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token(pub String);

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

/// Set when this page load made the current attempt: a redirect the server then asks
/// for is followed at once. After a reload it is not, so coming back never loops.
#[derive(Debug, Clone, Copy)]
pub struct JustSubmitted(pub RwSignal<bool>);

/// The `Intl` locale for numbers and dates: the language in the payer's country's variant
/// (`es-MX`), see `format::intl_tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntlTag(pub &'static str);
