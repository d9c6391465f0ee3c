//! The npm package `@orkestra/checkout` (`docs/embedding.md`), built after the page:
//!
//! - `pkg/orkestra-checkout/wasm/`: wasm-bindgen's `--target web` output of the page's
//!   release wasm (the same code as the hosted page), shrunk like the page's;
//! - the JS layer, compiled by TypeScript from `www/package/src` (with wasm-bindgen's
//!   `.d.ts`, so the inline mount is type-checked against the real exports);
//! - `checkout.css`: the page's stylesheet scoped under `.orkestra-checkout` (`css_scope`);
//! - `locales/`: the languages the page fetches (English is built in);
//! - `package.json` and `README.md` from `www/package`.
//!
//! `npm pack` then writes `pkg/orkestra-checkout-<version>.tgz`, and the iframe loader
//! (`iframe.js`, self-contained) is copied to `dist/checkout.js`, which the proxy serves.
//! Nothing in `pkg/` is committed (.gitignore).

use crate::build::linked_page_wasm;
use crate::util::{self, cmd, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

const NAME: &str = "orkestra-checkout";
/// The class the inline mount puts on the merchant's element (www/package/src/inline.ts).
const SCOPE: &str = ".orkestra-checkout";
/// Languages shipped as files; English is compiled into the wasm.
const FETCHED_LOCALES: [&str; 4] = ["es", "pt-BR", "fr", "ar"];

/// Rules only the package needs: the mount element is a block, no taller than its content
/// (the hosted page's `body` fills the window), with the inherited text properties a
/// merchant's page may have changed set back.
const PACKAGE_CSS: &str = "
/* The mount element (added by the package, not from style/checkout.css). */
.orkestra-checkout {
  display: block;
  min-block-size: 0;
  text-align: start;
  text-transform: none;
  letter-spacing: normal;
  word-spacing: normal;
}

.orkestra-checkout :is(button, input, select, textarea) {
  font: inherit;
  letter-spacing: inherit;
  text-transform: none;
}
";

pub fn dir() -> PathBuf {
    util::root().join("pkg")
}

/// Builds the package and the loader; returns the tarball.
pub fn build(dist: &Path) -> Result<PathBuf> {
    let root = util::root();
    let source = root.join("www/package");
    let staging = dir().join("build");
    let out = dir().join(NAME);
    for d in [&staging, &out] {
        let _ = std::fs::remove_dir_all(d);
    }
    std::fs::create_dir_all(staging.join("src/wasm"))?;
    copy_dir(&source.join("src"), &staging.join("src"))?;
    std::fs::copy(source.join("tsconfig.json"), staging.join("tsconfig.json"))?;

    let bindings = staging.join("src/wasm");
    crate::split::split_and_bind(
        &linked_page_wasm()?,
        &bindings,
        "orkestra_checkout",
        crate::split::Glue::Package,
    )?;

    let tsc = root.join("node_modules/.bin/tsc");
    if !tsc.is_file() {
        bail!("{} is missing: run `cargo xtask setup`", tsc.display());
    }
    run(cmd(&tsc)
        .arg("-p")
        .arg(staging.join("tsconfig.json"))
        .arg("--outDir")
        .arg(&out))?;
    copy_dir(&bindings, &out.join("wasm"))?;

    let css = std::fs::read_to_string(root.join("style/checkout.css"))?;
    let scoped = crate::css_scope::scope(&css, SCOPE).context("scoping style/checkout.css")?;
    std::fs::write(out.join("checkout.css"), scoped + PACKAGE_CSS)?;
    std::fs::create_dir_all(out.join("locales"))?;
    for tag in FETCHED_LOCALES {
        let name = format!("{tag}.txt");
        std::fs::copy(
            root.join("locales").join(&name),
            out.join("locales").join(&name),
        )?;
    }
    for file in ["package.json", "README.md"] {
        std::fs::copy(source.join(file), out.join(file))?;
    }

    // One tarball in pkg/: the packaging tests install that one.
    for entry in std::fs::read_dir(dir())?.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".tgz") {
            std::fs::remove_file(entry.path())?;
        }
    }
    let packed = util::output(
        cmd("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(dir())
            .current_dir(&out),
    )
    .context("npm pack failed")?;
    let name = packed
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let tarball = dir().join(name.trim());
    let size = std::fs::metadata(&tarball)
        .with_context(|| format!("npm pack wrote no {}", tarball.display()))?
        .len();
    println!("npm package: {} ({size} bytes)", tarball.display());

    std::fs::copy(out.join("iframe.js"), dist.join("checkout.js"))?;
    let _ = std::fs::remove_dir_all(&staging);
    Ok(tarball)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let path = entry?.path();
        if path.is_file() {
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, to.join(name))?;
            }
        }
    }
    Ok(())
}
