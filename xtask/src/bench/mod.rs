//! `cargo xtask bench …`: benchmarks, not tests. They print figures (each beside a floor
//! measured in the same run) and fail only when they cannot run.

pub mod page;
pub mod proxy;
mod scripts;
mod wrk;
