//! SQL lives only in the proxy's `store/`: no other module uses sqlx or writes a
//! statement.

use std::path::{Path, PathBuf};

/// Words that start a SQL statement, as they appear at the start of a string literal.
const STATEMENTS: &[&str] = &[
    "SELECT ",
    "INSERT INTO",
    "UPDATE ",
    "DELETE FROM",
    "CREATE TABLE",
    "CREATE INDEX",
    "ALTER TABLE",
    "DROP ",
    "BEGIN",
    "COMMIT",
    "LISTEN ",
    "NOTIFY ",
];

/// Each line of the proxy's sources outside `store/` that uses sqlx or opens a string
/// with a SQL statement, as `file:line: text`.
pub fn outside_store(src: &Path) -> Vec<String> {
    let store: PathBuf = src.join("store");
    let mut found = Vec::new();
    for file in crate::rust_files(src) {
        if file.starts_with(&store) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let sqlx = code.contains("sqlx::");
            let statement = code.split('"').skip(1).step_by(2).any(|literal| {
                STATEMENTS
                    .iter()
                    .any(|s| literal.trim_start().starts_with(s))
            });
            if sqlx || statement {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_is_only_in_the_proxys_store() {
        let src = crate::root().join("crates/orkestra-proxy/src");
        let found = outside_store(&src);
        assert!(
            found.is_empty(),
            "SQL outside store/:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn a_statement_in_a_string_is_found() {
        let dir = std::env::temp_dir().join(format!("arch-sql-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("store")).unwrap();
        std::fs::write(dir.join("store/ok.rs"), "const Q: &str = \"SELECT 1\";").unwrap();
        std::fs::write(
            dir.join("flow.rs"),
            "fn f() { q(\"UPDATE sessions SET x = 1\"); }",
        )
        .unwrap();
        let found = outside_store(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("flow.rs:1"));
    }
}
