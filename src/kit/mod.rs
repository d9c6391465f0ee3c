//! The page's kit beside Leptos: how it draws with fewer bytes than `view!` alone. These
//! files, and no others, name Leptos' internals (`tachys`' view traits, `RenderEffect`);
//! those traits gain members between Leptos minor versions, which is why Cargo.toml pins
//! Leptos to one version. When to use which, and why: docs/page-idioms.md.
//!
//! - [`dom`]: [`dom::El`], one non-generic element builder, and [`dom::Dom`], one view
//!   type for everything it draws (what is drawn once, and the shared inputs).
//! - [`fresh`]: a view erased to `AnyView` that is built anew instead of patched (a screen,
//!   a method's form).
//! - [`reading`]: [`reading::Reading`], a value a component follows through a closure, for
//!   props that Leptos would type as `Signal`.

pub mod dom;
pub mod fresh;
pub mod reading;
