//! The built page (Trunk's `dist/`), read once at start-up.

use std::path::Path as FsPath;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use orkestra_core::api::locale::Locale;
use sha2::{Digest, Sha256};

/// The built page, read once at start-up.
#[derive(Debug, Clone)]
pub struct PageShell {
    pub html: Option<String>,
    /// `'sha256-…'` sources for the inline scripts Trunk writes into index.html (its
    /// module loader), so the CSP can allow exactly those and no other inline script.
    pub script_hashes: Vec<String>,
    /// The same for its inline `<style>` (`cargo xtask build` puts the stylesheet there, so
    /// the first paint waits for no second request).
    pub style_hashes: Vec<String>,
    /// `<link rel="preload">`s of the page's wasm chunks (`chunks.txt`, written by `cargo
    /// xtask build`: today the instructions' code), for a page that opens on them; made
    /// once here, the same for every such page.
    pub chunk_preloads: String,
    /// The languages' texts, for the hosted page's first paint and its data block.
    pub texts: Texts,
}

/// Each language's texts as `/assets/locales/<tag>.txt` serves them (one text a line, in
/// the order of `locales/keys.list`, both written by `cargo xtask build`).
#[derive(Debug, Clone, Default)]
pub struct Texts {
    keys: Vec<String>,
    files: Vec<(Locale, String)>,
}

impl Texts {
    fn load(dir: &FsPath) -> Texts {
        let Ok(keys) = std::fs::read_to_string(dir.join("keys.list")) else {
            return Texts::default();
        };
        let files = Locale::ALL
            .into_iter()
            .filter_map(|l| {
                let text = std::fs::read_to_string(dir.join(format!("{}.txt", l.tag()))).ok()?;
                Some((l, text))
            })
            .collect();
        Texts {
            keys: keys.lines().map(str::to_owned).collect(),
            files,
        }
    }

    /// A language's file, as served.
    pub fn file(&self, locale: Locale) -> Option<&str> {
        self.files
            .iter()
            .find(|(l, _)| *l == locale)
            .map(|(_, t)| t.as_str())
    }

    /// The text of the key named `key` in `locale`.
    pub fn text(&self, locale: Locale, key: &str) -> Option<&str> {
        let index = self.keys.iter().position(|k| k == key)?;
        self.file(locale)?.lines().nth(index)
    }
}

impl PageShell {
    pub fn load(assets_dir: &FsPath) -> PageShell {
        let html = std::fs::read_to_string(assets_dir.join("index.html")).ok();
        let hashes = |element| {
            html.as_deref()
                .map(|h| inline_hashes(h, element))
                .unwrap_or_default()
        };
        let chunk_preloads = std::fs::read_to_string(assets_dir.join("chunks.txt"))
            .map(|list| {
                list.lines()
                    .map(|chunk| {
                        format!(
                            "<link rel=\"preload\" as=\"fetch\" crossorigin \
                             href=\"/assets/{chunk}\" type=\"application/wasm\">"
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        PageShell {
            script_hashes: hashes("script"),
            style_hashes: hashes("style"),
            chunk_preloads,
            texts: Texts::load(&assets_dir.join("locales")),
            html,
        }
    }
}

/// `'sha256-…'` of every inline `<script>` (or `<style>`) with a body: scripts that load
/// a file (`src=`) and data blocks (`type="application/json"`, never executed) are not
/// code the CSP has to allow.
pub fn inline_hashes(html: &str, element: &str) -> Vec<String> {
    let (open, close_tag) = (format!("<{element}"), format!("</{element}>"));
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find(&close_tag) else {
            break;
        };
        if !tag.contains("src=") && !tag.contains("application/json") {
            hashes.push(sha256_source(&body_start[..close]));
        }
        rest = &body_start[close..];
    }
    hashes
}

/// A CSP hash source: `'sha256-<base64>'`.
pub fn sha256_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_code_is_hashed() {
        let html = r#"<script src="/assets/a.js"></script><script type="module">init()</script><script type="application/json" id="d">{}</script><style>p{}</style>"#;
        let hashes = inline_hashes(html, "script");
        assert_eq!(hashes.len(), 1);
        let expected = STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        assert_eq!(inline_hashes(html, "style"), [sha256_source("p{}")]);
    }
}
