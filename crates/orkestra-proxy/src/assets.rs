//! The built page (Trunk's `dist/`), read once at start-up.

use std::path::Path as FsPath;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The built page, read once at start-up.
#[derive(Debug, Clone)]
pub struct PageShell {
    pub html: Option<String>,
    /// `'sha256-…'` sources for the inline scripts Trunk writes into index.html (its
    /// module loader), so the CSP can allow exactly those and no other inline script.
    pub script_hashes: Vec<String>,
}

impl PageShell {
    pub fn load(assets_dir: &FsPath) -> PageShell {
        let html = std::fs::read_to_string(assets_dir.join("index.html")).ok();
        let script_hashes = html
            .as_deref()
            .map(inline_script_hashes)
            .unwrap_or_default();
        PageShell {
            html,
            script_hashes,
        }
    }
}

fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_start.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", STANDARD.encode(digest)));
        }
        rest = &body_start[close..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<script src="/assets/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }
}
