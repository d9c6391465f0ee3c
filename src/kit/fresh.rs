//! [`fresh`]: a view erased to `AnyView` that is built anew, never patched.
//!
//! A reactive closure that returns a view rebuilds its previous output in place when the
//! new one has the same type. For the page's big views (a screen, a method's form, the
//! instructions) that never happens while the payer is in them: the screen changes type
//! when the stage changes, and the form's inputs are drawn again only when the method
//! changes. But `into_any` compiles the patching code of every view it erases, and that
//! was about as much wasm as building them (README, "Page size"). [`Fresh`] keeps the
//! build and replaces the patch by "build the new view, put it where the old one was".

use std::future::Future;

use leptos::prelude::{AnyView, IntoAny};
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// `view` as an `AnyView` that an update of the same type replaces instead of patching.
pub fn fresh(view: impl RenderHtml + 'static) -> AnyView {
    Fresh(view).into_any()
}

/// A view whose rebuild is a new build (see the module's documentation).
pub struct Fresh<V>(pub V);

impl<V: Render> Render for Fresh<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        replace(state, self.0.build());
    }
}

/// Puts a newly built view where the old one is, and drops the old one.
///
/// Only for views with a DOM node of their own to put the new one before (an element,
/// or a list with one): what has none (`()`, a `None`, an empty [`crate::kit::dom::Dom`]) could
/// not be replaced, and stays.
pub fn replace<S: Mountable>(state: &mut S, mut new: S) {
    if state.insert_before_this(&mut new) {
        state.unmount();
        *state = new;
    }
}

// The rest only forwards to the view: server rendering and hydration are never used by
// this client-rendered page, but `AnyView` asks for them.
impl<V: AddAnyAttr> AddAnyAttr for Fresh<V> {
    type Output<A: Attribute> = V::Output<A>;

    fn add_any_attr<A: Attribute>(self, attr: A) -> Self::Output<A>
    where
        Self::Output<A>: RenderHtml,
    {
        self.0.add_any_attr(attr)
    }
}

impl<V: RenderHtml + 'static> RenderHtml for Fresh<V> {
    type AsyncOutput = Fresh<V::AsyncOutput>;
    /// Itself: `into_any` asks for an owned view, and tachys's `into_owned` turns every
    /// `&'static str` of a view into an `Arc<str>` and every reactive attribute into an
    /// `Arc<Mutex<dyn FnMut>>`, all code of its own. The page's views own what they hold.
    type Owned = Self;
    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    fn resolve(self) -> impl Future<Output = Self::AsyncOutput> + Send {
        let inner = self.0.resolve();
        async move { Fresh(inner.await) }
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
