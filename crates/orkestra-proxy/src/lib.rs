//! The merchant backend proxy of Orkestra Checkout: the only place the Orkestra API
//! credentials live. It serves the merchant API (`/v1`), the hosted page (`/pay/{token}`)
//! and its browser API (`/api/pay/{token}`), receives Orkestra's notifications
//! (`/webhooks/orkestra`) and forwards signed webhooks to the merchant.
//!
//! Its modules call one way (docs/architecture.md): `routes` (HTTP) and `workers`
//! (background) → `flows` (the rules, one use case a file) → `store` (the only SQL),
//! `upstream` (the only code that knows Orkestra's wire) and `present` (what the merchant
//! and the page see) → `model` and orkestra-core.

mod assets;
pub mod config;
pub mod doctor;
mod error;
mod flows;
mod health;
mod ids;
mod integrity;
mod limits;
mod metrics;
mod model;
mod present;
pub mod requests;
mod routes;
mod signing;
mod snapshots;
mod startup;
mod state;
mod store;
mod time;
mod upstream;
mod workers;

pub use config::Config;
pub use routes::app;
pub use startup::Application;
