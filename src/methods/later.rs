//! The instructions a payer sees after submitting (a Pix code, a boleto, a bank transfer's
//! details…) are about an eighth of the page's wasm, and no payer needs them to fill in the
//! form. Built for the browser (`cargo xtask build` sets `--cfg orkestra_split`), they live
//! in a wasm chunk of their own that the page starts fetching when the payer first acts on
//! the form (or at once when the merchant filled it in whole), and again when the form is
//! sent if that failed (`preload_instructions`), so a payer seldom waits for it. The split
//! point is wasm_split's macro (what Leptos' `#[lazy]` writes, plus `fallible`: a chunk that
//! cannot be fetched is an error the page shows with a retry, not a crash); wasm-split-cli
//! (`xtask/src/split.rs`) cuts the chunk out after the build. Tests and the host build call
//! the same functions without a chunk.

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use orkestra_core::api::browser::NextAction;

use crate::components::clicked;
use crate::context::Lang;
use crate::i18n::Key;

/// The chunk could not be fetched (the network): asking again may succeed.
pub struct NotLoaded;

#[cfg(orkestra_split)]
#[allow(unsafe_code)] // the split point is an `extern` call that the macro writes
mod chunk {
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;
    use orkestra_core::api::browser::NextAction;

    use super::NotLoaded;

    impl From<SplitLoaderError> for NotLoaded {
        fn from(_: SplitLoaderError) -> NotLoaded {
            NotLoaded
        }
    }

    #[leptos::wasm_split::wasm_split(
        orkestra_instructions,
        wasm_split_path = ::leptos::wasm_split,
        preload(fetch_chunk),
        fallible
    )]
    pub fn instructions_chunk(action: NextAction) -> Result<AnyView, NotLoaded> {
        Ok(super::super::instructions(action))
    }

    pub async fn preload() {
        // A failure here is met again, and shown, when the instructions are drawn.
        let _ = fetch_chunk().await;
    }
}

#[cfg(not(orkestra_split))]
mod chunk {
    use leptos::prelude::*;
    use orkestra_core::api::browser::NextAction;

    use super::NotLoaded;

    pub async fn instructions_chunk(action: NextAction) -> Result<AnyView, NotLoaded> {
        Ok(super::super::instructions(action))
    }

    pub async fn preload() {}
}

/// Starts fetching the instructions' code: nothing when it is here or on its way. The form
/// asks when the payer first acts on it (`form::PaymentFormView`), so that on a slow network
/// the code comes before the form's answer, and again when it is sent, in case that first
/// fetch failed.
pub fn preload_instructions() {
    leptos::task::spawn_local(chunk::preload());
}

/// The instructions for `action`, drawn as soon as their code is here (at once when it
/// is); `then` runs after they are in the page (the screen's focus goes to their heading).
/// If their code cannot be fetched, a notice says so and offers to try again.
pub fn instructions_later(action: NextAction, then: fn()) -> AnyView {
    let lang = expect_context::<Lang>();
    let shown = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let view = StoredValue::new_local(None::<AnyView>);
    let action = StoredValue::new(action);
    let load = move || {
        failed.set(false);
        // Drawn under this screen's owner (their context, and dropped with the screen),
        // but not tracked: what they read must not redraw the screen.
        leptos::task::spawn_local(ScopedFuture::new_untracked(async move {
            match chunk::instructions_chunk(action.get_value()).await {
                Ok(drawn) => {
                    view.set_value(Some(drawn));
                    shown.set(true);
                    then();
                }
                Err(NotLoaded) => failed.set(true),
            }
        }));
    };
    load();
    let retry = Callback::new(move |()| load());
    // Always an `AnyView` (nothing is `()`): the page's other screens render the same type,
    // so this adds no view code of its own.
    (move || {
        if shown.get() {
            view.try_update_value(Option::take)
                .flatten()
                .unwrap_or_else(|| ().into_any())
        } else if failed.get() {
            view! {
                <div class="notice" role="alert" data-testid="instructions-failed">
                    <p>{lang.t(Key::LoadFailed)}</p>
                    <button class="button button--primary" on:click=clicked(retry)>
                        {lang.t(Key::Retry)}
                    </button>
                </div>
            }
            .into_any()
        } else {
            ().into_any()
        }
    })
    .into_any()
}
