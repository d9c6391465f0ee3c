//! `cargo xtask build`: the payment page (trunk, release) then wasm-opt, the npm package
//! (`pkg`); and the servers.

use crate::setup::{self, Toolchain, WasmMode};
use crate::util::{self, cmd, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The wasm features rustc emits for wasm32-unknown-unknown by default; wasm-opt must be told
/// about each one it meets or it refuses to validate the module. All are supported by Chromium.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];

/// Size-only compiler flags for the page's release build (trunk), used only on the build-std
/// path (`WasmMode::DebianBuildStd`); not for `cargo xtask test --layer wasm`, whose panics
/// should keep their messages. Measured in README's "Page size":
/// - `-Cpanic=immediate-abort` (with `-Zunstable-options`): a panic is an immediate wasm
///   `unreachable` trap. No panic message and no panic hook can run (src/main.rs leaves
///   `console_error_panic_hook` out in this mode); a panic still shows in the browser console
///   as "RuntimeError: unreachable" with its wasm stack, and the page stops. Accepted for
///   size: the formatting and unwinding machinery of panics is most of what this removes.
/// - `-Zlocation-detail=none`: no file/line/column strings for panics and `#[track_caller]`.
/// - `-Zfmt-debug=none`: `#[derive(Debug)]` and `{:?}` print nothing (nothing on the page
///   shows Debug output).
const BUILD_STD_PAGE_RUSTFLAGS: &str =
    "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none";
/// Target-only rustflags: build scripts and proc macros (host) keep theirs.
const PAGE_RUSTFLAGS_VAR: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
/// std's features when cargo builds it (`-Zbuild-std-features`): the size-first algorithm
/// choices, and no `panic-unwind` (cargo's default, useless with immediate-abort).
const BUILD_STD_FEATURES: &str = "optimize_for_size";

pub fn dist_dir() -> PathBuf {
    util::root().join("dist")
}

/// Build the page into dist/ and shrink its wasm. Returns dist/.
pub fn build_page(tc: &Toolchain) -> Result<PathBuf> {
    check_default_members()?;
    // Fetch first (online): trunk runs cargo with --offline so that a wasm-bindgen mismatch
    // fails loudly instead of downloading, and with build-std this also fetches std's crates.
    run(tc
        .wasm_cmd("cargo")
        .args(["fetch", "--target", "wasm32-unknown-unknown"]))?;
    // Trunk.toml: dist, public_url, no_sri (wasm-opt rewrites the wasm after trunk hashed it).
    // index.html has data-wasm-opt="0": trunk would download its own wasm-opt otherwise.
    let mut trunk = tc.wasm_cmd("trunk");
    trunk.args(["build", "--release", "--offline"]);
    let mut flags = std::env::var(PAGE_RUSTFLAGS_VAR).unwrap_or_default();
    flags.push(' ');
    flags.push_str(crate::split::PAGE_RUSTFLAGS);
    if tc.mode == WasmMode::DebianBuildStd {
        // Only where std is compiled from source: these need nightly options (RUSTC_BOOTSTRAP
        // is already set for build-std) and a std built with the same panic strategy. With
        // rustup's prebuilt wasm32 std the page builds with stable flags only, bigger.
        flags.push(' ');
        flags.push_str(BUILD_STD_PAGE_RUSTFLAGS);
        trunk.env("CARGO_UNSTABLE_BUILD_STD_FEATURES", BUILD_STD_FEATURES);
    }
    trunk.env(PAGE_RUSTFLAGS_VAR, flags.trim_start());
    run(&mut trunk)?;
    let dist = dist_dir();
    // Trunk's wasm-bindgen output is replaced by the split one, under the same names (the
    // HTML trunk wrote points at them).
    let wasm = find_bg_wasm(&dist)?;
    let name = glue_of(&wasm);
    let name = name
        .file_stem()
        .and_then(|n| n.to_str())
        .context("the page's glue has no name")?;
    let parts =
        crate::split::split_and_bind(&linked_page_wasm()?, &dist, name, crate::split::Glue::Page)?;
    preload_module(&dist, name, &parts.loader)?;
    std::fs::write(
        dist.join(crate::split::CHUNK_LIST),
        parts
            .chunks
            .iter()
            .map(|c| format!("{c}\n"))
            .collect::<String>(),
    )?;
    strip_locale_keys(&dist.join("locales"))?;
    inline_stylesheet(&dist)?;
    // The npm package is the same wasm; its iframe loader goes to dist/checkout.js.
    crate::pkg::build(&dist)?;
    precompress(&dist)?;
    Ok(dist)
}

/// The glue imports the split loader (`split`): without a `modulepreload` of its own, the
/// browser would ask for it only once the glue has come, one round trip later. Written
/// beside trunk's preload of the glue.
fn preload_module(dist: &Path, glue: &str, loader: &str) -> Result<()> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let glue_link = format!("<link crossorigin href=/assets/{glue}.js rel=modulepreload>");
    if html.matches(&glue_link).count() != 1 {
        bail!(
            "{}: no single `{glue_link}` to put the loader's preload beside",
            index.display()
        );
    }
    let loader_link = format!("<link crossorigin href=/assets/{loader} rel=modulepreload>");
    std::fs::write(
        &index,
        html.replacen(&glue_link, &format!("{glue_link}{loader_link}"), 1),
    )?;
    Ok(())
}

/// Cargo's wasm of the page, before wasm-bindgen: what trunk built, and what the splitter reads.
pub(crate) fn linked_page_wasm() -> Result<PathBuf> {
    let wasm =
        util::host_target_dir().join("wasm/wasm32-unknown-unknown/release/orkestra-checkout.wasm");
    if !wasm.is_file() {
        bail!(
            "{} is missing: the page's release build makes it",
            wasm.display()
        );
    }
    Ok(wasm)
}

/// Trunk runs `cargo build --manifest-path Cargo.toml --bin orkestra-checkout`, and cargo looks
/// for that bin only among the workspace's default members: without "." there, trunk fails with
/// a buried "no bin target named `orkestra-checkout` in default-run packages".
fn check_default_members() -> Result<()> {
    let manifest = std::fs::read_to_string(util::root().join("Cargo.toml"))?;
    let Some(start) = manifest.find("\ndefault-members") else {
        return Ok(());
    };
    let rest = &manifest[start..];
    let list = &rest[..rest.find(']').unwrap_or(rest.len())];
    if !list.contains("\".\"") {
        bail!(
            "trunk cannot build the page: Cargo.toml's workspace default-members must include \".\" \
             (cargo resolves trunk's `--bin orkestra-checkout` among the default members only)"
        );
    }
    Ok(())
}

fn find_bg_wasm(dist: &Path) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("_bg.wasm"))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("trunk produced no *_bg.wasm in {}", dist.display()),
        _ => bail!("several *_bg.wasm files in {}: {found:?}", dist.display()),
    }
}

/// wasm-opt -Oz in place (trunk rewrites dist/ on every build, so this never runs twice on the
/// same file), repeated until a pass gains nothing (`--converge`): a second -Oz found 286
/// more gzip bytes when measured, a few seconds of build for them. The `producers` and
/// `target_features` sections (which toolchain built it; browsers ignore both) are dropped:
/// about 200 gzip bytes.
pub(crate) fn optimise_wasm(wasm: &Path) -> Result<()> {
    let opt = setup::wasm_opt();
    if !opt.is_file() {
        bail!("{} is missing: run `cargo xtask setup`", opt.display());
    }
    let before = std::fs::metadata(wasm)?.len();
    let tmp = wasm.with_extension("opt.wasm");
    run(cmd(&opt)
        .arg(wasm)
        .arg("-o")
        .arg(&tmp)
        .arg("-Oz")
        .arg("--converge")
        .args(["--strip-producers", "--strip-target-features"])
        .args(WASM_OPT_FEATURES))?;
    std::fs::rename(&tmp, wasm)?;
    let after = std::fs::metadata(wasm)?.len();
    println!("wasm-opt: {before} -> {after} bytes");
    Ok(())
}

/// `x_bg.wasm` → `x.js`, the wasm-bindgen glue that loads it.
fn glue_of(wasm: &Path) -> PathBuf {
    let name = wasm
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    wasm.with_file_name(format!("{}.js", name.trim_end_matches("_bg.wasm")))
}

/// terser on wasm-bindgen's glue, in place: 7,224 -> 5,625 gzip bytes when measured. `--module`
/// keeps the exports (`default`, `mount`…) the page and the npm package import by name.
pub(crate) fn minify_glue(js: &Path) -> Result<()> {
    let terser = setup::terser();
    if !terser.is_file() {
        bail!("{} is missing: run `cargo xtask setup`", terser.display());
    }
    let before = std::fs::metadata(js)?.len();
    let tmp = js.with_extension("min.js");
    run(cmd(&terser)
        .arg(js)
        .args(["--module", "--compress", "passes=2", "--mangle", "-o"])
        .arg(&tmp))?;
    std::fs::rename(&tmp, js)?;
    let after = std::fs::metadata(js)?.len();
    println!("terser: {before} -> {after} bytes");
    Ok(())
}

/// Each `locales/<tag>.txt` in dist/ as its texts alone, one a line in `Key` order (what the
/// page's build.rs writes for the built-in English, and what the page reads either way): a
/// payer downloads no key names (Arabic: 3,309 -> 2,222 gzip bytes when measured). The
/// page's build.rs checks that no text contains the ` = ` that separates them.
fn strip_locale_keys(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        let mut texts = String::with_capacity(text.len());
        let mut keys = String::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once(" = ") else {
                bail!("{}: `{line}` is not `Key = text`", path.display());
            };
            texts.push_str(value);
            texts.push('\n');
            keys.push_str(key);
            keys.push('\n');
        }
        std::fs::write(&path, texts)?;
        // The key names in file order, for the proxy, which draws the hosted page's first
        // paint from these files (every language has en.txt's keys in its order: build.rs).
        if path.file_stem().is_some_and(|s| s == "en") {
            std::fs::write(dir.join("keys.list"), keys)?;
        }
    }
    Ok(())
}

/// The stylesheet into index.html as a `<style>` (the proxy allows it by its hash): the
/// hosted page's first paint (the summary the proxy draws) then waits for no second
/// request. The file stays in dist/ for anything that links it.
fn inline_stylesheet(dist: &Path) -> Result<()> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let stylesheet = |i: &usize| {
        html[*i..]
            .split('>')
            .next()
            .is_some_and(|tag| tag.contains("stylesheet"))
    };
    let Some(at) = html.match_indices("<link").map(|(i, _)| i).find(stylesheet) else {
        bail!("{}: no stylesheet link to inline", index.display());
    };
    let end = at + html[at..].find('>').context("an unclosed <link>")? + 1;
    let tag = &html[at..end];
    let href = tag
        .split_once("href=")
        .map(|(_, rest)| rest.trim_start_matches(['"', '\'']))
        .and_then(|rest| rest.split(['"', '\'', ' ', '>']).next())
        .context("a stylesheet link without href")?;
    let file = href.rsplit('/').next().unwrap_or(href);
    let css = std::fs::read_to_string(dist.join(file))
        .with_context(|| format!("reading the stylesheet {file}"))?;
    if css.contains("</style") {
        bail!("{file} contains `</style`: it cannot be inlined");
    }
    let inlined = [
        &html[..at],
        "<style>",
        css.trim_end(),
        "</style>",
        &html[end..],
    ]
    .concat();
    std::fs::write(&index, inlined)?;
    Ok(())
}

/// A brotli (quality 11) and a gzip -9 copy next to every wasm, JS, CSS and language file
/// (`x.wasm.br`, `x.wasm.gz`), which the proxy sends to browsers that take them, brotli
/// first: compressing once at build time, at the highest level, costs nothing per request.
/// Brotli is about a sixth smaller on the wasm (123,496 against 147,304 bytes when
/// measured); gzip stays for the browsers and tools without brotli, and is what
/// `cargo xtask size` budgets.
fn precompress(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != ".stage") {
                precompress(&path)?;
            }
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css" | "txt")
        ) {
            run(cmd("gzip").args(["-9", "-n", "-k", "-f"]).arg(&path))?;
            brotli_copy(&path)?;
        }
    }
    Ok(())
}

/// `path` compressed with brotli at its highest quality, as `path.br`.
fn brotli_copy(path: &Path) -> Result<()> {
    let input = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut name = path.as_os_str().to_owned();
    name.push(".br");
    let mut out = Vec::with_capacity(input.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut input.as_slice(), &mut out, &params)
        .with_context(|| format!("compressing {}", path.display()))?;
    std::fs::write(&name, out).with_context(|| format!("writing {}.br", path.display()))?;
    Ok(())
}

/// The three servers, dev profile, host toolchain.
pub fn build_servers() -> Result<()> {
    run(cmd("cargo").args([
        "build",
        "-p",
        "orkestra-sandbox",
        "-p",
        "orkestra-proxy",
        "-p",
        "demo-shop",
    ]))
}
