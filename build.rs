//! The page's messages live in `locales/<tag>.txt` (one `Key = text` per line). English
//! defines the keys: this script turns `en.txt` into the `i18n::Key` enum, checks that every
//! other language has exactly the same keys in the same order (a missing or extra key fails
//! the build, naming it), writes each language's texts alone for `include_str!`, and hashes
//! the files into `LOCALES_VERSION`, which the page puts in the URL it fetches a language
//! from (the proxy serves `/assets` as immutable, so a changed file needs a new URL).

use std::fmt::Write as _;
use std::path::Path;

const LOCALES: [&str; 5] = ["en", "es", "pt-BR", "fr", "ar"];

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut keys: Vec<String> = Vec::new();
    for tag in LOCALES {
        let path = format!("locales/{tag}.txt");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for byte in text.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        let entries = parse(&path, &text);
        let names: Vec<String> = entries.iter().map(|(k, _)| k.clone()).collect();
        if tag == "en" {
            keys = names;
        } else if names != keys {
            let missing: Vec<&String> = keys.iter().filter(|k| !names.contains(k)).collect();
            let extra: Vec<&String> = names.iter().filter(|k| !keys.contains(k)).collect();
            panic!(
                "{path} does not have en.txt's keys in en.txt's order: missing {missing:?}, \
                 extra {extra:?}"
            );
        }
        let texts: String = entries.iter().map(|(_, v)| format!("{v}\n")).collect();
        std::fs::write(Path::new(&out).join(format!("{tag}.txt")), texts).expect("write texts");
    }
    let mut enum_src = String::from(
        "/// A message of the page, named for what it says (generated from locales/en.txt).\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Key {\n",
    );
    for key in &keys {
        let _ = writeln!(enum_src, "    {key},");
    }
    enum_src.push_str("}\n\n/// Every key's name, in file order.\npub const KEY_NAMES: [&str; ");
    let _ = write!(enum_src, "{}] = [", keys.len());
    for key in &keys {
        let _ = write!(enum_src, "\"{key}\", ");
    }
    enum_src.push_str("];\n");
    std::fs::write(Path::new(&out).join("keys.rs"), enum_src).expect("write keys.rs");
    println!("cargo:rustc-env=LOCALES_VERSION={hash:016x}");
}

/// `Key = text` lines; blank lines and `#` comments are skipped.
fn parse(path: &str, text: &str) -> Vec<(String, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, line)| {
            let (key, value) = line
                .split_once(" = ")
                .unwrap_or_else(|| panic!("{path}:{}: not `Key = text`", i + 1));
            let ok = key.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && key.chars().all(|c| c.is_ascii_alphanumeric());
            assert!(ok, "{path}:{}: `{key}` is not a key name", i + 1);
            assert!(
                !value.trim().is_empty(),
                "{path}:{}: `{key}` has no text",
                i + 1
            );
            // The page reads a line with ` = ` as `Key = text`, and one without as a text
            // alone (how built-in and served files are written), and skips `#` comments.
            assert!(
                !value.contains(" = ") && !value.starts_with('#'),
                "{path}:{}: `{key}`'s text has ` = ` or starts with `#`",
                i + 1
            );
            (key.to_owned(), value.to_owned())
        })
        .collect()
}
