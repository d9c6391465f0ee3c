//! The instructions a payer sees after submitting (a Pix code, a boleto, a bank transfer's
//! details…) are about an eighth of the page's wasm, and no payer needs them to fill in the
//! form. Built for the browser (`cargo xtask build` sets `--cfg orkestra_split`), they live
//! in a wasm chunk of their own that the page fetches when the form is sent, while the
//! request is on its way (`preload_instructions`), so a payer seldom waits for it. Leptos'
//! `#[lazy]` marks the split point; wasm-split-cli (`xtask/src/split.rs`) cuts the chunk out
//! after the build. Tests and the host build call the same functions without a chunk.

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use orkestra_core::api::browser::NextAction;

#[cfg(orkestra_split)]
#[allow(unsafe_code)] // the split point is an `extern` call that the macro writes
mod chunk {
    use leptos::prelude::*;
    use orkestra_core::api::browser::NextAction;

    #[leptos::lazy]
    pub fn instructions_chunk(action: NextAction) -> AnyView {
        super::super::instructions(action)
    }

    pub async fn preload() {
        __preload_instructions_chunk().await
    }
}

#[cfg(not(orkestra_split))]
mod chunk {
    use leptos::prelude::*;
    use orkestra_core::api::browser::NextAction;

    pub async fn instructions_chunk(action: NextAction) -> AnyView {
        super::super::instructions(action)
    }

    pub async fn preload() {}
}

/// Starts fetching the instructions' code (when the form is sent): nothing when it is here.
pub fn preload_instructions() {
    leptos::task::spawn_local(chunk::preload());
}

/// The instructions for `action`, drawn as soon as their code is here (at once when it
/// is); `then` runs after they are in the page (the screen's focus goes to their heading).
pub fn instructions_later(action: NextAction, then: fn()) -> AnyView {
    let shown = RwSignal::new(false);
    let view = StoredValue::new_local(None::<AnyView>);
    // Drawn under this screen's owner (their context, and dropped with the screen), but
    // not tracked: what they read must not redraw the screen.
    leptos::task::spawn_local(ScopedFuture::new_untracked(async move {
        let drawn = chunk::instructions_chunk(action).await;
        view.set_value(Some(drawn));
        shown.set(true);
        then();
    }));
    (move || {
        shown
            .get()
            .then(|| view.try_update_value(Option::take).flatten())
    })
    .into_any()
}
