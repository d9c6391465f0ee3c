//! What wasm-bindgen exports for a dependency the page never calls, taken out before
//! wasm-opt so that the code only it reached goes too.
//!
//! Leptos always builds `server_fn` with its `browser` feature, which brings `wasm-streams`,
//! whose `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `…Sink`, `…ByteSource`: Rust
//! streams handed to JS) are exports of every Leptos wasm. An export is a root: wasm-opt keeps
//! it and all it calls, and the glue defines a JS class for each. The page has no server
//! functions and no Rust stream crosses to JS, so nothing calls them: measured, they were
//! 10 KB of the main module and 3 KB of the glue, raw.
//!
//! This drops their exports from the wasm (the export section rewritten, the rest copied),
//! their classes from the glue, and their declarations from the `.d.ts` files beside it.
//! Anything not found where wasm-bindgen 0.2.130 writes it fails the build; so does a
//! mention of a class left behind.

use anyhow::{bail, Context, Result};
use std::path::Path;

use crate::wasm_names::{leb, name, push_leb, push_name, rewrite_section};

/// The export section's id (WebAssembly core spec, "Modules › Binary format").
const EXPORT_SECTION: u8 = 7;

/// wasm-streams' classes, as the glue names them.
pub const UNUSED_CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Drops [`UNUSED_CLASSES`] from `wasm`, its glue `glue` and every `.d.ts` in the glue's
/// directory.
pub fn drop_unused_classes(wasm: &Path, glue: &Path) -> Result<()> {
    let bytes = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let (bytes, dropped) = drop_exports(&bytes, &UNUSED_CLASSES)?;
    let mut js =
        std::fs::read_to_string(glue).with_context(|| format!("reading {}", glue.display()))?;
    for class in UNUSED_CLASSES {
        js = drop_class_js(&js, class)?;
    }
    left_behind(&js, glue)?;
    let dir = glue.parent().context("the glue has no directory")?;
    // Every file is cut and checked before any is written: a failure leaves wasm-bindgen's
    // output as it was, not half of it changed.
    let mut declarations = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.to_string_lossy().ends_with(".d.ts") {
            continue;
        }
        let mut ts = std::fs::read_to_string(&path)?;
        for class in UNUSED_CLASSES {
            ts = drop_class_ts(&ts, class);
        }
        left_behind(&ts, &path)?;
        declarations.push((path, ts));
    }
    for (path, ts) in declarations {
        std::fs::write(path, ts)?;
    }
    std::fs::write(wasm, bytes)?;
    std::fs::write(glue, js)?;
    println!("unused wasm-bindgen classes: {dropped} exports dropped");
    Ok(())
}

/// The export names wasm-bindgen gives a class's methods and its destructor.
fn is_export_of(export: &str, class: &str) -> bool {
    let lower = class.to_ascii_lowercase();
    export == format!("__wbg_{lower}_free") || export.starts_with(&format!("{lower}_"))
}

/// The module without the exports of `classes`, and how many were dropped. Each class must
/// have had some: one that has none is no longer exported, and this list is out of date.
fn drop_exports(wasm: &[u8], classes: &[&str]) -> Result<(Vec<u8>, usize)> {
    let mut found = vec![0usize; classes.len()];
    let out = rewrite_section(wasm, EXPORT_SECTION, |body| {
        let (count, mut entry) = leb(body, 0)?;
        let mut kept = Vec::new();
        let mut kept_count = 0u32;
        for _ in 0..count {
            let (export, next) = name(body, entry)?;
            // A kind byte, then an index.
            let end_of_entry = leb(body, next + 1)?.1;
            match classes.iter().position(|c| is_export_of(export, c)) {
                Some(class) => found[class] += 1,
                None => {
                    push_name(&mut kept, export);
                    kept.extend_from_slice(&body[next..end_of_entry]);
                    kept_count += 1;
                }
            }
            entry = end_of_entry;
        }
        if entry != body.len() {
            bail!("the export section has bytes after its last entry");
        }
        let mut section = Vec::with_capacity(kept.len() + 5);
        push_leb(&mut section, kept_count);
        section.extend_from_slice(&kept);
        Ok(section)
    })?;
    if let Some(i) = found.iter().position(|&n| n == 0) {
        bail!(
            "the wasm exports nothing of {}: update UNUSED_CLASSES in xtask/src/wasm_unused.rs",
            classes[i]
        );
    }
    Ok((out, found.iter().sum()))
}

/// The glue without `class`: its definition, its `Symbol.dispose` line and its
/// finalization registry.
fn drop_class_js(js: &str, class: &str) -> Result<String> {
    let js = cut(js, &format!("export class {class} {{\n"), "\n}\n")?;
    let js = cut(
        &js,
        &format!(
            "if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
        ),
        "",
    )?;
    cut(&js, &format!("const {class}Finalization = "), ";\n")
}

/// `ts` without `class`'s declaration and the lines that name its exports.
fn drop_class_ts(ts: &str, class: &str) -> String {
    let ts = cut(ts, &format!("export class {class} {{\n"), "\n}\n").unwrap_or(ts.to_owned());
    ts.split_inclusive('\n')
        .filter(|line| {
            !line
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|word| is_export_of(word, class))
        })
        .collect()
}

/// `text` without the one piece that starts with `start` and ends with the first `end`
/// after it (included); `start` found other than once fails.
fn cut(text: &str, start: &str, end: &str) -> Result<String> {
    let mut found = text.match_indices(start).map(|(i, _)| i);
    let (Some(from), None) = (found.next(), found.next()) else {
        bail!(
            "expected `{}` once in wasm-bindgen's output",
            start.trim_end()
        );
    };
    let rest = from + start.len();
    let to = rest
        + text[rest..]
            .find(end)
            .with_context(|| format!("no `{}` after `{}`", end.trim(), start.trim_end()))?
        + end.len();
    Ok(format!("{}{}", &text[..from], &text[to..]))
}

fn left_behind(text: &str, file: &Path) -> Result<()> {
    for class in UNUSED_CLASSES {
        if text.contains(class) || text.contains(&class.to_ascii_lowercase()) {
            bail!(
                "{} still mentions {class} after it was dropped",
                file.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(out: &mut Vec<u8>, export: &str, index: u8) {
        push_name(out, export);
        out.extend_from_slice(&[0x00, index]);
    }

    #[test]
    fn a_class_exports_go_and_the_rest_stays() {
        let mut section = vec![4];
        export(&mut section, "mount", 1);
        export(&mut section, "__wbg_intounderlyingsink_free", 2);
        export(&mut section, "intounderlyingsink_write", 3);
        export(&mut section, "intounderlyingsinker", 4);
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(EXPORT_SECTION);
        push_leb(&mut wasm, section.len() as u32);
        wasm.extend_from_slice(&section);
        wasm.extend_from_slice(&[0, 2, 1, b'x']);

        let (out, dropped) = drop_exports(&wasm, &["IntoUnderlyingSink"]).unwrap();
        assert_eq!(dropped, 2);
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        let mut kept = vec![2];
        export(&mut kept, "mount", 1);
        export(&mut kept, "intounderlyingsinker", 4);
        expected.push(EXPORT_SECTION);
        push_leb(&mut expected, kept.len() as u32);
        expected.extend_from_slice(&kept);
        expected.extend_from_slice(&[0, 2, 1, b'x']);
        assert_eq!(out, expected);

        // A class the module does not export means the list is stale.
        assert!(drop_exports(&wasm, &["IntoUnderlyingSource"]).is_err());
    }

    #[test]
    fn the_glue_loses_the_class_and_keeps_its_neighbours() {
        let js = "export class A {\n    f() {\n        wasm.a_f();\n    }\n}\n\
                  if (Symbol.dispose) A.prototype[Symbol.dispose] = A.prototype.free;\n\
                  export function mount() {}\n\
                  const AFinalization = (typeof FinalizationRegistry === 'undefined')\n    \
                  ? { register: () => {}, unregister: () => {} }\n    \
                  : new FinalizationRegistry(ptr => wasm.__wbg_a_free(ptr, 1));\n\
                  function keep() {}\n";
        assert_eq!(
            drop_class_js(js, "A").unwrap(),
            "export function mount() {}\nfunction keep() {}\n"
        );
        // Written otherwise than wasm-bindgen writes it: the build fails.
        assert!(drop_class_js("export class A{}\n", "A").is_err());
    }

    #[test]
    fn the_declarations_lose_the_class_and_its_exports() {
        let ts = "export class A {\n    free(): void;\n}\n\nexport function mount(): void;\n\
                  export interface InitOutput {\n    readonly a_f: (a: number) => void;\n    \
                  readonly __wbg_a_free: (a: number, b: number) => void;\n    \
                  readonly mount: () => void;\n}\n";
        assert_eq!(
            drop_class_ts(ts, "A"),
            "\nexport function mount(): void;\nexport interface InitOutput {\n    \
             readonly mount: () => void;\n}\n"
        );
    }
}
