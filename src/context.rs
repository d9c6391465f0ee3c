//! What the page's components share, as named context values.

use leptos::prelude::RwSignal;
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;

use crate::i18n::{t, Key};

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

/// Set when this page load made the current attempt: a redirect the server then asks
/// for is followed at once. After a reload it is not, so coming back never loops.
#[derive(Debug, Clone, Copy)]
pub struct JustSubmitted(pub RwSignal<bool>);

/// The `Intl` locale for numbers and dates: the language in the payer's country's variant
/// (`es-MX`), see `format::intl_tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntlTag(pub &'static str);
