//! The built page (Trunk's `dist/`), read once at start-up.

use std::collections::HashMap;
use std::ops::Range;
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
/// the order of `locales/keys.list`, both written by `cargo xtask build`), indexed once at
/// start: a hosted page looks up a few dozen texts per request.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    keys: HashMap<String, usize>,
    files: Vec<Language>,
}

/// One language's file, and where each of its lines is in it.
#[derive(Debug, Clone)]
struct Language {
    locale: Locale,
    file: String,
    lines: Vec<Range<usize>>,
}

impl Texts {
    fn load(dir: &FsPath) -> Texts {
        let Ok(keys) = std::fs::read_to_string(dir.join("keys.list")) else {
            return Texts::default();
        };
        let files = Locale::ALL
            .into_iter()
            .filter_map(|locale| {
                let file =
                    std::fs::read_to_string(dir.join(format!("{}.txt", locale.tag()))).ok()?;
                let lines = file
                    .lines()
                    .map(|line| {
                        let start = line.as_ptr() as usize - file.as_ptr() as usize;
                        start..start + line.len()
                    })
                    .collect();
                Some(Language {
                    locale,
                    file,
                    lines,
                })
            })
            .collect();
        Texts {
            keys: keys
                .lines()
                .enumerate()
                .map(|(i, k)| (k.to_owned(), i))
                .collect(),
            files,
        }
    }

    fn language(&self, locale: Locale) -> Option<&Language> {
        self.files.iter().find(|l| l.locale == locale)
    }

    /// A language's file, as served.
    pub fn file(&self, locale: Locale) -> Option<&str> {
        self.language(locale).map(|l| l.file.as_str())
    }

    /// The text of the key named `key` in `locale`.
    pub fn text(&self, locale: Locale, key: &str) -> Option<&str> {
        let index = *self.keys.get(key)?;
        let language = self.language(locale)?;
        Some(&language.file[language.lines.get(index)?.clone()])
    }

    /// The text of `key` in `locale`, else in English, as the page falls back.
    pub fn text_or_english(&self, locale: Locale, key: &str) -> Option<&str> {
        self.text(locale, key)
            .or_else(|| self.text(Locale::En, key))
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
    fn texts_are_found_by_key_name_in_each_language_english_standing_in() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keys.list"), "Loading\nPay\nOnlyEnglish\n").unwrap();
        std::fs::write(dir.path().join("en.txt"), "Loading…\nPay\nEnglish\n").unwrap();
        std::fs::write(dir.path().join("pt-BR.txt"), "Carregando…\r\nPagar\r\n").unwrap();
        let texts = Texts::load(dir.path());
        assert_eq!(texts.text(Locale::PtBr, "Loading"), Some("Carregando…"));
        assert_eq!(texts.text(Locale::PtBr, "Pay"), Some("Pagar"));
        assert_eq!(texts.text(Locale::PtBr, "OnlyEnglish"), None);
        assert_eq!(
            texts.text_or_english(Locale::PtBr, "OnlyEnglish"),
            Some("English")
        );
        assert_eq!(texts.text_or_english(Locale::Fr, "Pay"), Some("Pay"));
        assert_eq!(texts.text(Locale::En, "NoSuchKey"), None);
        assert_eq!(texts.file(Locale::PtBr), Some("Carregando…\r\nPagar\r\n"));
    }

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
