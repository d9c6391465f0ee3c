//! The top-level component: finds the token, loads the session, picks what to show.

use leptos::prelude::*;
use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;

use crate::api::{self, Api, ApiError};
use crate::checkout::Checkout;
use crate::components::clicked;
use crate::context::Lang;
use crate::i18n::{self, browser_locale, requested_locale, Key};
use crate::kit::dom::{el, Dom, El};
use crate::kit::fresh::fresh;

/// `embedded`: the session the hosted page's HTML carries, when it does ([`crate::boot`]);
/// otherwise the page asks for it. `api`: the browser API the npm package's `mount()` names
/// (the proxy's origin and the token); on the hosted page, this origin and the token in
/// the address.
#[component]
pub fn App(embedded: Option<PageSession>, api: Option<Api>) -> impl IntoView {
    // Until the session says which language to speak, speak the browser's.
    let lang = Lang(browser_locale());
    let path = window().location().pathname().unwrap_or_default();
    let hosted = || api::token_from_path(&path).map(|token| Api::new(String::new(), token));
    let Some(api) = api.or_else(hosted) else {
        return notice(lang, Key::LinkInvalid).into_any();
    };
    // A signal filled by a task, not a `LocalResource`: the same behaviour for this one
    // request without Leptos's async-derived machinery in the bundle (README, "Page size").
    let loaded = embedded.is_some();
    let load = RwSignal::new(embedded.map(Ok));
    if !loaded {
        load_session(load, api.clone());
    }
    let view = move || match load.get() {
        None => page_of(
            El::with("p", "notice notice--loading", lang.t(Key::Loading)).attr("role", "status"),
        )
        .into_any(),
        Some(Ok(session)) => fresh(view! { <Checkout api=api.clone() session/> }),
        Some(Err(ApiError::Status { status: 404, .. })) => {
            notice(lang, Key::LinkInvalid).into_any()
        }
        // Patched, not replaced, when a retry fails again: the focused button stays.
        Some(Err(_)) => {
            let api = api.clone();
            let retry = move |_| load_session(load, api.clone());
            view! {
                <main class="page">
                    <div class="notice" role="alert">
                        <p>{lang.t(Key::LoadFailed)}</p>
                        <button class="button button--primary" on:click=clicked(Callback::new(retry))>
                            {lang.t(Key::Retry)}
                        </button>
                    </div>
                </main>
            }
            .into_any()
        }
    };
    view.into_any()
}

/// Loads the session into `load`, with the language it will be shown in. A retry keeps the
/// error on screen until its answer comes, as `LocalResource::refetch` did.
///
/// The browser's language is fetched alongside the session (it is usually the session's
/// too); a session in yet another language waits for that one. The payer's explicit
/// `?locale=` wins over both, as in [`Checkout`].
fn load_session(load: RwSignal<Option<Result<PageSession, ApiError>>>, api: Api) {
    leptos::task::spawn_local(async move {
        let (session, ()) =
            futures_util::future::join(api.load_session(), load_texts(browser_locale())).await;
        if let Ok(session) = &session {
            load_texts(requested_locale().unwrap_or(session.locale)).await;
        }
        load.try_set(Some(session));
    });
}

/// Fetches `locale`'s texts once: from the npm package's files when mounted inline, else
/// from the proxy's `/assets`. On failure (offline, an old cached file) the page speaks
/// English rather than not at all.
async fn load_texts(locale: Locale) {
    if i18n::is_loaded(locale) {
        return;
    }
    let url = crate::embed::locale_url(locale.tag()).unwrap_or_else(|| {
        format!(
            "/assets/locales/{}.txt?v={}",
            locale.tag(),
            i18n::LOCALES_VERSION
        )
    });
    if let Some(text) = api::get_text(&url).await {
        i18n::add(locale, text);
    }
}

/// A page with one message and nothing to do.
fn notice(lang: Lang, key: Key) -> Dom {
    page_of(El::with("p", "notice", lang.t(key)).attr("role", "alert"))
}

/// `<main class="page">` around one element.
fn page_of(content: El) -> Dom {
    el("main").class("page").child(content).view()
}
