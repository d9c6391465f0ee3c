//! The clock, from server-kit.

pub use server_kit::clock::{now_ms, rfc3339};
