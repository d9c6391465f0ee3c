//! No source file over 500 lines: a file says one thing, and 500 lines is a reason to
//! split it. Tests are left out, and so are the data tables below, each a table that reads
//! best whole.

use std::path::Path;

pub const MAX_LINES: usize = 500;

/// Files allowed to be longer, with why.
pub const DATA_TABLES: &[(&str, &str)] = &[];

/// The folders whose sources are checked.
pub const CHECKED: &[&str] = &["src", "crates", "clients", "xtask/src"];

/// Each source file over [`MAX_LINES`] (tests and data tables left out), with its length.
pub fn oversized(root: &Path) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for dir in CHECKED {
        for file in crate::rust_files(&root.join(dir)) {
            let relative = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            if crate::is_test_file(&file)
                || relative.contains("/target/")
                || DATA_TABLES.iter().any(|(path, _)| *path == relative)
            {
                continue;
            }
            let lines = std::fs::read_to_string(&file)
                .unwrap_or_default()
                .lines()
                .count();
            if lines > MAX_LINES {
                found.push((relative, lines));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_source_file_is_over_500_lines() {
        let found = oversized(&crate::root());
        assert!(found.is_empty(), "files over {MAX_LINES} lines: {found:?}");
    }
}
