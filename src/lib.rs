//! The Orkestra Checkout payment page: a Leptos app, client-side rendered, served at
//! `/pay/{token}` (also inside merchants' iframes).
//!
//! Logic lives in plain types ([`state`], [`format`], [`api`]'s error rules) with tests;
//! components only wire them to the DOM.

pub mod api;
pub mod app;
pub mod checkout;
pub mod components;
pub mod context;
pub mod format;
pub mod fresh;
pub mod i18n;
pub mod idempotency;
pub mod json;
pub mod live;
pub mod methods;
pub mod state;
pub mod theme;
pub mod wire;

/// Mounts the page on `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(app::App);
}
