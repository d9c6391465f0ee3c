//! A faithful local emulator of the Orkestra API: orders → charges → transactions, HTTP
//! Basic auth, order notifications delivered at least once, and test controls under
//! `/_sandbox`. The README says where Orkestra's docs were silent and what we chose.
//!
//! Its layers import one way: `routes` (thin handlers: parse, call the machine, answer) →
//! `machine` (the state machine of transactions, refunds and payouts: statuses,
//! transitions, the rules, and the wire objects its notifications carry) → `methods` (each
//! payment method's checks and instructions) and `store` (all SQL; rows typed as they are
//! read) → orkestra-core. `payment_page` (Orkestra's card page: texts, form, HTML) is
//! used by `routes` and uses `methods`. `workers` move things on by time and deliver notifications;
//! `startup` wires it all.

mod amounts;
mod auth;
mod config;
mod error;
mod instructions;
mod machine;
mod methods;
mod payment_page;
mod pix;
mod routes;
mod startup;
mod state;
mod store;
mod time;
mod workers;

pub use config::Config;
pub use startup::Application;
