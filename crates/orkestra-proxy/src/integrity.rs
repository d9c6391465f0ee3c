//! What a merchant pins the payment page's scripts by (PCI DSS 6.4.3 and 11.6.1): the
//! SHA-384 of each file the proxy serves, as Subresource Integrity values, and the loader at
//! an address named by its content (`/checkout/<hash>.js`), whose bytes never change under
//! that address. Computed from the files as they are on disk, which are the bytes served
//! (a browser that takes brotli or gzip gets the `.br` or `.gz` copy, whose decompression
//! is those bytes).

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

/// One served file: its path on the proxy and its `integrity` value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pinned {
    pub path: String,
    pub integrity: String,
}

/// The iframe loader (`checkout.js` in the assets directory), if built.
pub fn loader(assets_dir: &Path) -> Option<(Pinned, Vec<u8>)> {
    let bytes = std::fs::read(assets_dir.join("checkout.js")).ok()?;
    let pinned = Pinned {
        path: format!("/checkout/{}.js", versioned_name(&bytes)),
        integrity: sri(&bytes),
    };
    Some((pinned, bytes))
}

/// Every page asset served under `/assets/` (languages included), by path: not the brotli
/// and gzip copies, and not `index.html`, which the proxy composes per session.
pub fn assets(assets_dir: &Path) -> Vec<Pinned> {
    let mut pinned = Vec::new();
    for (dir, prefix) in [
        (assets_dir.to_path_buf(), "/assets"),
        (assets_dir.join("locales"), "/assets/locales"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let served = name.ends_with(".js")
                || name.ends_with(".wasm")
                || name.ends_with(".css")
                || name.ends_with(".txt");
            if !served {
                continue;
            }
            if let Ok(bytes) = std::fs::read(entry.path()) {
                pinned.push(Pinned {
                    path: format!("{prefix}/{name}"),
                    integrity: sri(&bytes),
                });
            }
        }
    }
    pinned.sort_by(|a, b| a.path.cmp(&b.path));
    pinned
}

/// `sha384-<base64>`: the form of an `integrity` attribute or import-map entry.
pub fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", STANDARD.encode(Sha384::digest(bytes)))
}

/// The first 16 hex digits of the SHA-256: the loader's name at its versioned address.
fn versioned_name(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_integrity_value_is_sha384_in_base64() {
        // The SRI specification's example digest of "alert('Hello, world.');".
        assert_eq!(
            sri(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
        assert_eq!(versioned_name(b"x").len(), 16);
    }
}
