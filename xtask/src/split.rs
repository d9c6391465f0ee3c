//! The page's wasm in parts: what the first screen needs, and chunks fetched when needed.
//!
//! Split points (wasm_split's macro, what Leptos' `#[lazy]` writes; only where the page is
//! built with `--cfg orkestra_split`: see `src/methods/later.rs`) are calls into a module
//! that is not there yet. wasm-split-cli's library (`wasm_split_cli_support`, the splitter cargo-leptos
//! uses) reads the linked wasm (linked with `--emit-relocs`, so it can move code), puts each
//! split point's code, and what only it uses, into a chunk, and writes the loader module the
//! main wasm imports to fetch and instantiate a chunk the first time it is called.
//!
//! Then, for both the hosted page (`dist/`) and the npm package:
//! - wasm-bindgen on the main module (`--keep-lld-exports`: the chunks link to its exports);
//! - the classes it exports for a dependency the page never calls dropped (`wasm_unused`);
//! - wasm-opt on every module, and the glue's import names shortened (`wasm_names`);
//! - every chunk and the loader named by a hash of what they hold: `/assets/` is served as
//!   immutable, so a changed file must get a new address.

use anyhow::{anyhow, bail, Context, Result};
use std::path::Path;

use crate::build::{minify_glue, optimise_wasm};
use crate::util::{cmd, run};

/// The flags the page's wasm needs for this: relocations kept for the splitter, and the cfg
/// that turns the split points on.
pub const PAGE_RUSTFLAGS: &str = "--cfg orkestra_split -Clink-args=--emit-relocs";

/// The import module the main wasm loads chunks through, as wasm-bindgen writes it into the
/// glue (`import * as … from "./split.js"`); renamed to the hashed loader afterwards.
const LINK_NAME: &str = "./split.js";

/// How the glue is written: the npm package's has TypeScript declarations beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Glue {
    Page,
    Package,
}

/// The file names of what a split wrote beside the glue and main module.
pub struct Parts {
    pub loader: String,
    pub chunks: Vec<String>,
}

/// The page's list of its chunks (`dist/chunks.txt`, one file name a line): the proxy
/// preloads them when a page opens on the instructions (after a reload), which would
/// otherwise ask for them one round trip after the main wasm.
pub const CHUNK_LIST: &str = "chunks.txt";

/// Splits `linked` (cargo's wasm) into `out`: glue and main module named `name`, the loader
/// and the chunks beside them.
pub fn split_and_bind(linked: &Path, out: &Path, name: &str, glue: Glue) -> Result<Parts> {
    let input = std::fs::read(linked).with_context(|| format!("reading {}", linked.display()))?;
    let work = out.join(".split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let main = work.join("main.wasm");
    let glue_name = format!("./{name}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &work;
        opts.main_out_path = &main;
        opts.main_module = &glue_name;
        opts.link_name = LINK_NAME;
        opts
    })
    .map_err(|e| anyhow!("splitting {}: {e:#}", linked.display()))?;
    if split.split_modules.is_empty() {
        bail!(
            "{} has no split point: was it built with `{PAGE_RUSTFLAGS}`?",
            linked.display()
        );
    }

    let mut bindgen = cmd("wasm-bindgen");
    bindgen.args(["--target", "web", "--keep-lld-exports"]);
    match glue {
        Glue::Page => drop(bindgen.arg("--no-typescript")),
        Glue::Package => {}
    }
    run(bindgen
        .args(["--out-name", name, "--out-dir"])
        .arg(out)
        .arg(&main))?;
    let wasm = out.join(format!("{name}_bg.wasm"));
    let glue_js = out.join(format!("{name}.js"));
    crate::wasm_unused::drop_unused_classes(&wasm, &glue_js)?;
    optimise_wasm(&wasm)?;
    crate::wasm_names::shorten_imports(&wasm, &glue_js)?;

    let mut loader = std::fs::read_to_string(work.join(LINK_NAME.trim_start_matches("./")))
        .context("the splitter wrote no loader")?;
    let mut chunks = Vec::new();
    for module in &split.split_modules {
        optimise_wasm(module)?;
        let bytes = std::fs::read(module)?;
        let old = module
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| anyhow!("a chunk without a name: {}", module.display()))?;
        let new = format!("{name}-{:016x}.wasm", fnv1a(&bytes));
        replace_once(
            &mut loader,
            &format!("\"./{old}\""),
            &format!("\"./{new}\""),
        )
        .with_context(|| format!("the loader's reference to {old}"))?;
        std::fs::write(out.join(&new), bytes)?;
        chunks.push(new);
    }
    let loader_name = format!("{name}-split-{:016x}.js", fnv1a(loader.as_bytes()));
    let loader_path = out.join(&loader_name);
    std::fs::write(&loader_path, loader)?;
    minify_glue(&loader_path)?;

    let mut js = std::fs::read_to_string(&glue_js)?;
    // `import * as import1 from "./split.js"`; the imports object's key stays as it is.
    replace_once(
        &mut js,
        &format!(" from \"{LINK_NAME}\""),
        &format!(" from \"./{loader_name}\""),
    )
    .context("the glue's import of the split loader")?;
    std::fs::write(&glue_js, js)?;
    minify_glue(&glue_js)?;
    std::fs::remove_dir_all(&work)?;
    println!(
        "wasm split: main {} bytes, {} chunk(s) {:?}",
        std::fs::metadata(&wasm)?.len(),
        chunks.len(),
        chunks
            .iter()
            .map(|c| std::fs::metadata(out.join(c)).map(|m| m.len()).unwrap_or(0))
            .collect::<Vec<_>>()
    );
    Ok(Parts {
        loader: loader_name,
        chunks,
    })
}

/// Replaces the one occurrence of `from` in `text`; more or none is an error (a guess would
/// load the wrong file).
fn replace_once(text: &mut String, from: &str, to: &str) -> Result<()> {
    match text.matches(from).count() {
        1 => {
            *text = text.replacen(from, to, 1);
            Ok(())
        }
        n => bail!("expected `{from}` once, found it {n} times"),
    }
}

/// FNV-1a, 64 bits: a name that changes with the content (not a security hash).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
