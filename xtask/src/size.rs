//! `cargo xtask size`: the hosted page's transfer size (gzip -9 of its wasm, JS and CSS, plus
//! the largest language file a payer may fetch: English is built in, another language is
//! one `locales/<tag>.txt`): before the form can be used (the budget's), and with the wasm
//! chunks fetched once it is sent (`report`).
//!
//! What each size lever saved is in README's "Page size". To see what the wasm is made of,
//! take the build before wasm-opt, with its names (`strip = "debuginfo"` keeps the symbol
//! names; trunk's and xtask's wasm-opt drop them), through the same steps without `-Oz`'s
//! name stripping, and read it with twiggy (`cargo install twiggy`):
//!
//! ```sh
//! cargo xtask build   # leaves target/wasm/wasm32-unknown-unknown/release/orkestra-checkout.wasm
//! wasm-bindgen --target web --out-dir /tmp/names --out-name page \
//!     target/wasm/wasm32-unknown-unknown/release/orkestra-checkout.wasm
//! node_modules/.bin/wasm-opt /tmp/names/page_bg.wasm -o /tmp/names/opt.wasm -Oz -g \
//!     --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
//!     --enable-reference-types --enable-multivalue --enable-mutable-globals
//! twiggy top -n 40 /tmp/names/opt.wasm        # biggest functions and data (the "function
//! twiggy dominators -d 2 /tmp/names/opt.wasm  #   names" row is the name section itself)
//! twiggy paths /tmp/names/opt.wasm 'NAME'     # who keeps NAME alive
//! ```
//!
//! With `-g` the code matches the shipped wasm to within about 1% (the name section aside).

use crate::util::cmd;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The budget `cargo xtask test` enforces: the page's goal (issue 5), for the build that
/// ships, with the size-only flags of the build-std path (`xtask/src/build.rs`).
pub const BUDGET_GZIP_BYTES: u64 = 160_000;

/// The budget on the rustup path, whose stable compiler takes none of those flags: they
/// saved 16,779 bytes when measured one by one (README, "Page size"), so this is the goal
/// plus that and some room. Not measured on a rustup machine from here (none is at hand).
pub const RUSTUP_BUDGET_GZIP_BYTES: u64 = 185_000;

/// The budget for a build by `tc`.
pub fn budget(tc: &crate::setup::Toolchain) -> u64 {
    match tc.mode {
        crate::setup::WasmMode::DebianBuildStd => BUDGET_GZIP_BYTES,
        crate::setup::WasmMode::RustupTarget => RUSTUP_BUDGET_GZIP_BYTES,
    }
}

/// The iframe loader (`xtask/src/pkg.rs`): the merchant's page loads it, the payment page
/// never does, so it is not part of the page's size.
const LOADER: &str = "checkout.js";

/// Print each file's gzip -9 size, `first-screen-gzip-bytes: N` (what the page needs before
/// the payer can fill in the form: everything but the wasm chunks) and `total-gzip-bytes`
/// (with the chunks); return the first screen's N, which the budget applies to.
///
/// Why the budget is the first screen's: the chunks (`xtask/src/split.rs`) are fetched once
/// the payer acts on the form, so they weigh on neither the page's load nor its time to interactive; the way bundlers' budgets treat lazy chunks (webpack's
/// `maxEntrypointSize`). The total is printed beside it, and README says what the split
/// costs in all.
pub fn report(dist: &Path) -> Result<u64> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.sort();
    if files.is_empty() {
        bail!("no wasm, JS or CSS files in {}", dist.display());
    }
    // The chunks are the ones the build listed (`split::CHUNK_LIST`); a build without the
    // list has none.
    let listed = std::fs::read_to_string(dist.join(crate::split::CHUNK_LIST)).unwrap_or_default();
    let is_chunk = |file: &Path| {
        file.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| listed.lines().any(|chunk| chunk == n))
    };
    let (mut first, mut chunks) = (0, 0);
    // The brotli copies the build wrote beside them, which browsers that take brotli get.
    let (mut first_br, mut chunks_br) = (Some(0), Some(0));
    for f in &files {
        let raw = std::fs::metadata(f)?.len();
        let gz = gzip9_len(f)?;
        let name = f.strip_prefix(dist).unwrap_or(f).display();
        if is_chunk(f) {
            chunks += gz;
            chunks_br = chunks_br.zip(brotli_len(f)).map(|(a, b)| a + b);
            println!("{name}: {gz} gzip-9 bytes ({raw} raw), a chunk fetched once the payer acts on the form");
        } else {
            first += gz;
            first_br = first_br.zip(brotli_len(f)).map(|(a, b)| a + b);
            println!("{name}: {gz} gzip-9 bytes ({raw} raw)");
        }
    }
    if let Some((name, gz)) = largest_language(&dist.join("locales"))? {
        first += gz;
        first_br = first_br
            .zip(brotli_len(&dist.join("locales").join(&name)))
            .map(|(a, b)| a + b);
        println!("locales/{name}: {gz} gzip-9 bytes (the largest language a payer fetches)");
    }
    if let Some((first_br, chunks_br)) = first_br.zip(chunks_br) {
        println!(
            "the same in brotli, as the build's .br copies: first screen {first_br} bytes, \
             with the chunks {} bytes",
            first_br + chunks_br
        );
    }
    println!("first-screen-gzip-bytes: {first}");
    println!("total-gzip-bytes: {}", first + chunks);
    Ok(first)
}

/// The size of the build's brotli copy of `file` (`file.br`), if it wrote one.
fn brotli_len(file: &Path) -> Option<u64> {
    let mut name = file.as_os_str().to_owned();
    name.push(".br");
    std::fs::metadata(name).ok().map(|m| m.len())
}

/// The biggest `locales/*.txt` other than English (which is compiled into the wasm).
fn largest_language(dir: &Path) -> Result<Option<(String, u64)>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut largest: Option<(String, u64)> = None;
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !name.ends_with(".txt") || name == "en.txt" {
            continue;
        }
        let gz = gzip9_len(&path)?;
        if largest.as_ref().is_none_or(|(_, g)| gz > *g) {
            largest = Some((name, gz));
        }
    }
    Ok(largest)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            // Trunk's staging dir is not served.
            if path.file_name().is_some_and(|n| n != ".stage") {
                collect(&path, out)?;
            }
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        ) && path.file_name().is_none_or(|n| n != LOADER)
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Byte count of `gzip -9 -c file` (the real tool, so the number matches what anyone can check).
fn gzip9_len(file: &Path) -> Result<u64> {
    let out = cmd("gzip")
        .args(["-9", "-c", "-n"])
        .arg(file)
        .stderr(Stdio::inherit())
        .output()
        .context("running gzip")?;
    if !out.status.success() {
        bail!("gzip -9 failed on {}", file.display());
    }
    Ok(out.stdout.len() as u64)
}
