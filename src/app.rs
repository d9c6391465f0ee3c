//! The top-level component: finds the token, loads the session, picks what to show.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::checkout::Checkout;
use crate::context::Lang;
use crate::i18n::{browser_locale, Key};

#[component]
pub fn App() -> impl IntoView {
    // Until the session says which language to speak, speak the browser's.
    let lang = Lang(browser_locale());
    let path = window().location().pathname().unwrap_or_default();
    let Some(token) = api::token_from_path(&path) else {
        return view! { <Notice lang key=Key::LinkInvalid/> }.into_any();
    };
    let load = {
        let token = token.clone();
        LocalResource::new(move || {
            let token = token.clone();
            async move { api::load_session(&token).await }
        })
    };
    let view = move || match load.get() {
        None => view! {
            <main class="page">
                <p class="notice notice--loading" role="status">{lang.t(Key::Loading)}</p>
            </main>
        }
        .into_any(),
        Some(Ok(session)) => view! { <Checkout token=token.clone() session/> }.into_any(),
        Some(Err(ApiError::Status { status: 404, .. })) => {
            view! { <Notice lang key=Key::LinkInvalid/> }.into_any()
        }
        Some(Err(_)) => view! {
            <main class="page">
                <div class="notice" role="alert">
                    <p>{lang.t(Key::LoadFailed)}</p>
                    <button class="button button--primary" on:click=move |_| load.refetch()>
                        {lang.t(Key::Retry)}
                    </button>
                </div>
            </main>
        }
        .into_any(),
    };
    view.into_any()
}

/// A page with one message and nothing to do.
#[component]
fn Notice(lang: Lang, key: Key) -> impl IntoView {
    view! {
        <main class="page">
            <p class="notice" role="alert">{lang.t(key)}</p>
        </main>
    }
}
