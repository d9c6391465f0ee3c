//! The clock, from server-kit.

pub use server_kit::clock::{now_ms, parse_rfc3339, rfc3339};
