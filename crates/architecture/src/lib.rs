//! Checks of the code's shape, run as this crate's unit tests (so `cargo xtask test` runs
//! them in its unit layer):
//! - [`imports`]: no import circle between the modules of a crate (a module never imports
//!   from a module that imports it, directly or through others), and the proxy's layers
//!   call one way: the wiring → routes, workers and doctor → flows → state and error →
//!   store, upstream and present → model and configuration → the leaves
//!   ([`imports::PROXY_LAYERS`]);
//! - [`sql`]: SQL only in the proxy's `store/`;
//! - [`sizes`]: no source file over 500 lines, but tests and the data tables listed with
//!   the reason they are one file.

pub mod imports;
pub mod sizes;
pub mod sql;

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/architecture is two levels below the root")
        .to_path_buf()
}

/// Every `.rs` file below `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Whether a file holds tests only (`tests.rs`, `*_tests.rs`, or under a `tests/` folder).
pub fn is_test_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name == "tests.rs"
        || name.ends_with("_tests.rs")
        || path.components().any(|c| c.as_os_str() == "tests")
}
