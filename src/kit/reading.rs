//! [`Reading`]: a value a component shows and follows, read through a closure.

use leptos::prelude::*;

/// A value a component shows and follows: a closure over the page's state, called inside
/// the component's reactive updates, so they follow every signal it reads. Copy, like a
/// signal.
///
/// Leptos' `Signal` does the same, but it may also be a signal, a memo or a stored value,
/// and its reader of each kind was compiled for each value type. The page only ever
/// derives these values: a plain callback is about 1 KB less wasm (README, "Page size").
///
/// ```ignore
/// let error = Reading::new(move || form.with(|f| f.error(field)).map(message));
/// ```
pub struct Reading<T: 'static>(Callback<(), T>);

impl<T: 'static> Reading<T> {
    pub fn new(read: impl Fn() -> T + Send + Sync + 'static) -> Self {
        Reading(Callback::new(move |()| read()))
    }

    /// The value now; inside a reactive update, it follows what the closure reads.
    pub fn get(&self) -> T {
        self.0.run(())
    }

    /// The value now, without following it.
    pub fn get_untracked(&self) -> T {
        untrack(|| self.get())
    }
}

impl<T: Clone + Send + Sync + 'static> Reading<T> {
    /// A value that never changes.
    pub fn stored(value: T) -> Self {
        Reading::new(move || value.clone())
    }
}

impl<T: Clone + Send + Sync + 'static> From<RwSignal<T>> for Reading<T> {
    fn from(signal: RwSignal<T>) -> Self {
        Reading::new(move || signal.get())
    }
}

/// Nothing, for an optional prop left out (no message, no brand).
impl<T: Default + 'static> Default for Reading<T> {
    fn default() -> Self {
        Reading::new(T::default)
    }
}

impl<T> Clone for Reading<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Reading<T> {}
