//! Short names for the functions the wasm imports from wasm-bindgen's JS glue.
//!
//! wasm-bindgen names each import after the JS it calls plus a 16-digit hash
//! (`__wbg_set_textContent_0177b2a6d9293c2c`), and every name is written twice: in the wasm's
//! import section and as a key of the glue's imports object. Hashes do not compress: the
//! page's ~160 imports cost about 3.3 KB of gzip in the wasm and 1.9 KB in the JS (README,
//! "Page size"). This renames them `a`, `b`, … `$9` in both files after wasm-opt, as
//! emscripten's `--minify-imports` does; only names change, not one instruction. Exports keep
//! their names: the glue's `.d.ts` (the npm package's types) describes them.
//!
//! Enough of the wasm format for that: the sections are copied as they are, except the import
//! section, whose entries are rewritten with the same descriptions. Anything unexpected (an
//! import kind or limits this does not know, an imports-object key that is not found exactly
//! once in the glue) fails the build instead of guessing.

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::Path;

/// The import section's id (WebAssembly core spec, "Modules › Binary format").
const IMPORT_SECTION: u8 = 2;

/// Renames, in place, the imports `wasm` takes from `glue` (wasm-bindgen's `--target web`
/// output, before terser: its imports object has one `name: function…` key per import).
pub fn shorten_imports(wasm: &Path, glue: &Path) -> Result<()> {
    let bytes = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let js =
        std::fs::read_to_string(glue).with_context(|| format!("reading {}", glue.display()))?;
    let (bytes, names) = rename_glue_imports(&bytes)?;
    let (js, dropped) = drop_unimported(&js, &names)?;
    let js = rename_keys(&js, &names)?;
    std::fs::write(wasm, bytes)?;
    std::fs::write(glue, js)?;
    println!(
        "wasm-bindgen imports: {} renamed, {dropped} the wasm no longer imports dropped",
        names.len()
    );
    Ok(())
}

/// The glue without the imports-object entries whose import wasm-opt removed with the code
/// that called it (`wasm_unused` drops exports nothing calls). wasm-bindgen writes the object
/// as `    const import0 = {`, one entry a key at eight spaces (`        name: function…`),
/// up to `    };`.
fn drop_unimported(js: &str, imported: &HashMap<String, String>) -> Result<(String, usize)> {
    const OPEN: &str = "    const import0 = {\n";
    const CLOSE: &str = "\n    };\n";
    let start = js
        .find(OPEN)
        .context("the glue has no `const import0 = {`: not what xtask/src/wasm_names.rs expects")?
        + OPEN.len();
    let end = start
        + js[start..]
            .find(CLOSE)
            .context("the glue's imports object does not end with `    };`")?
        + 1;
    let mut out = String::with_capacity(js.len());
    out.push_str(&js[..start]);
    let (mut keep, mut dropped, mut seen) = (true, 0, 0);
    for line in js[start..end].split_inclusive('\n') {
        if let Some(key) = entry_key(line) {
            keep = key == "__proto__" || imported.contains_key(key);
            dropped += usize::from(!keep);
            seen += usize::from(imported.contains_key(key));
        }
        if keep {
            out.push_str(line);
        }
    }
    // An entry written otherwise than this reads would be kept whole and silently: every
    // import the wasm has must have been seen as an entry.
    if seen != imported.len() {
        bail!(
            "the glue's imports object has {seen} of the wasm's {} imports as entries this \
             reads: not what xtask/src/wasm_names.rs expects",
            imported.len()
        );
    }
    out.push_str(&js[end..]);
    Ok((out, dropped))
}

/// The key an imports-object entry starts with: a name at eight spaces, then `: `.
fn entry_key(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("        ")?;
    let (key, _) = rest.split_once(": ")?;
    (!key.is_empty() && key.chars().all(is_name_char)).then_some(key)
}

/// The glue's own module: wasm-bindgen names it `./<out-name>_bg.js`.
fn is_glue_module(module: &str) -> bool {
    module.starts_with("./") && module.ends_with("_bg.js")
}

/// The module with the glue's imports renamed, and the map old name → new name.
fn rename_glue_imports(wasm: &[u8]) -> Result<(Vec<u8>, HashMap<String, String>)> {
    let mut names = HashMap::new();
    let out = rewrite_section(wasm, IMPORT_SECTION, |body| {
        rename_in_section(body, &mut names)
    })?;
    Ok((out, names))
}

/// `wasm` with the body of its section `id` replaced by what `rewrite` makes of it; every
/// other section is copied as it is.
pub(crate) fn rewrite_section(
    wasm: &[u8],
    id: u8,
    mut rewrite: impl FnMut(&[u8]) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        bail!("not a wasm module");
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let (size, body_at) = leb(wasm, at + 1)?;
        let end = body_at + size as usize;
        let body = wasm
            .get(body_at..end)
            .context("a section runs past the end")?;
        if wasm[at] == id {
            let rewritten = rewrite(body)?;
            out.push(id);
            push_leb(&mut out, rewritten.len() as u32);
            out.extend_from_slice(&rewritten);
        } else {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok(out)
}

fn rename_in_section(body: &[u8], names: &mut HashMap<String, String>) -> Result<Vec<u8>> {
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::with_capacity(body.len() / 2);
    push_leb(&mut out, count);
    for _ in 0..count {
        let (module, next) = name(body, at)?;
        let (field, next) = name(body, next)?;
        let desc_end = skip_import_desc(body, next)?;
        let field = if is_glue_module(module) {
            let fresh = short_name(names.len());
            names.entry(field.to_owned()).or_insert(fresh).as_str()
        } else {
            field
        };
        push_name(&mut out, module);
        push_name(&mut out, field);
        out.extend_from_slice(&body[next..desc_end]);
        at = desc_end;
    }
    if at != body.len() {
        bail!("the import section has bytes after its last entry");
    }
    Ok(out)
}

/// Where an import's description (what kind of thing is imported) ends.
fn skip_import_desc(body: &[u8], at: usize) -> Result<usize> {
    let kind = *body.get(at).context("an import without a kind")?;
    let at = at + 1;
    Ok(match kind {
        // A function (its type index) or a tag (attribute byte, then type index).
        0x00 => leb(body, at)?.1,
        0x04 => leb(body, at + 1)?.1,
        // A table: its element type (one byte), then limits.
        0x01 => skip_limits(body, at + 1)?,
        0x02 => skip_limits(body, at)?,
        // A global: value type and mutability, one byte each.
        0x03 => at + 2,
        other => bail!("an import of unknown kind {other:#x}"),
    })
}

/// Limits: flags (bit 0: a maximum follows; bit 1: shared; bit 2: 64-bit; bit 3: a page
/// size follows), the minimum, then what the flags announce.
fn skip_limits(body: &[u8], at: usize) -> Result<usize> {
    let flags = *body.get(at).context("limits without flags")?;
    if flags > 0x0f {
        bail!("limits with unknown flags {flags:#x}");
    }
    let mut at = leb(body, at + 1)?.1;
    if flags & 1 != 0 {
        at = leb(body, at)?.1;
    }
    if flags & 8 != 0 {
        at = leb(body, at)?.1;
    }
    Ok(at)
}

/// `a`…`z`, `A`…`Z`, `_`, `$`, then two characters: valid JS property names, never a
/// key the glue's imports object already has (`__proto__`).
fn short_name(n: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$0123456789";
    if n < FIRST.len() {
        return (FIRST[n] as char).to_string();
    }
    let n = n - FIRST.len();
    let first = FIRST[(n / REST.len()) % FIRST.len()] as char;
    let mut s = first.to_string();
    s.push(REST[n % REST.len()] as char);
    if n >= FIRST.len() * REST.len() {
        s.push_str(&(n / (FIRST.len() * REST.len())).to_string());
    }
    s
}

/// Each old name, as a key (`old:` not preceded by a name character), replaced by its new
/// one; a key found other than exactly once fails.
fn rename_keys(js: &str, names: &HashMap<String, String>) -> Result<String> {
    let mut at_key: Vec<(usize, &str, &str)> = Vec::with_capacity(names.len());
    for (old, new) in names {
        let key = format!("{old}:");
        let found: Vec<usize> = js
            .match_indices(&key)
            .map(|(i, _)| i)
            .filter(|&i| !js[..i].ends_with(is_name_char))
            .collect();
        match found.as_slice() {
            [one] => at_key.push((*one, old, new)),
            _ => bail!(
                "the glue has {} keys `{old}:`, not one: its imports object is not what \
                 xtask/src/wasm_names.rs expects",
                found.len()
            ),
        }
    }
    at_key.sort_unstable();
    let mut out = String::with_capacity(js.len());
    let mut copied = 0;
    for (at, old, new) in at_key {
        out.push_str(&js[copied..at]);
        out.push_str(new);
        copied = at + old.len();
    }
    out.push_str(&js[copied..]);
    Ok(out)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

pub(crate) fn leb(bytes: &[u8], mut at: usize) -> Result<(u32, usize)> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).context("a number runs past the end")?;
        at += 1;
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    bail!("a number longer than 5 bytes")
}

pub(crate) fn push_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub(crate) fn name(bytes: &[u8], at: usize) -> Result<(&str, usize)> {
    let (len, at) = leb(bytes, at)?;
    let end = at + len as usize;
    let text = bytes.get(at..end).context("a name runs past the end")?;
    Ok((
        std::str::from_utf8(text).context("a name that is not UTF-8")?,
        end,
    ))
}

pub(crate) fn push_name(out: &mut Vec<u8>, name: &str) {
    push_leb(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions and a memory from the glue and one function from
    /// elsewhere, followed by a custom section that must come through untouched.
    fn module() -> Vec<u8> {
        let mut imports = vec![4];
        for (module, field, desc) in [
            (
                "./page_bg.js",
                "__wbg_alert_0123456789abcdef",
                &[0x00, 0x01][..],
            ),
            (
                "./page_bg.js",
                "__wbindgen_init_externref_table",
                &[0x00, 0x00],
            ),
            ("./page_bg.js", "memory", &[0x02, 0x01, 0x11, 0x80, 0x01]),
            ("env", "other", &[0x00, 0x02]),
        ] {
            push_name(&mut imports, module);
            push_name(&mut imports, field);
            imports.extend_from_slice(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(IMPORT_SECTION);
        push_leb(&mut wasm, imports.len() as u32);
        wasm.extend_from_slice(&imports);
        wasm.extend_from_slice(&[0, 4, 1, b'x', 9, 9]);
        wasm
    }

    #[test]
    fn glue_imports_get_short_names_and_the_rest_is_kept() {
        let (out, names) = rename_glue_imports(&module()).unwrap();
        assert_eq!(names.len(), 3);
        assert_eq!(names["__wbg_alert_0123456789abcdef"], "a");
        assert_eq!(names["__wbindgen_init_externref_table"], "b");
        assert_eq!(names["memory"], "c");
        let (section, body_at) = (out[8], 9);
        assert_eq!(section, IMPORT_SECTION);
        let (size, at) = leb(&out, body_at).unwrap();
        let body = &out[at..at + size as usize];
        let mut expected = vec![4];
        for (module, field, desc) in [
            ("./page_bg.js", "a", &[0x00, 0x01][..]),
            ("./page_bg.js", "b", &[0x00, 0x00]),
            ("./page_bg.js", "c", &[0x02, 0x01, 0x11, 0x80, 0x01]),
            ("env", "other", &[0x00, 0x02]),
        ] {
            push_name(&mut expected, module);
            push_name(&mut expected, field);
            expected.extend_from_slice(desc);
        }
        assert_eq!(body, &expected[..]);
        assert_eq!(&out[at + size as usize..], &[0, 4, 1, b'x', 9, 9]);
    }

    #[test]
    fn keys_are_renamed_and_nothing_else() {
        let names = HashMap::from([
            ("__wbg_get_1".to_owned(), "a".to_owned()),
            ("__wbg_get_10".to_owned(), "b".to_owned()),
        ]);
        let js = "const import0 = { __proto__: null, __wbg_get_1: function(x) { return x.__wbg_get_1 }, \
                  __wbg_get_10: function() {}, };";
        assert_eq!(
            rename_keys(js, &names).unwrap(),
            "const import0 = { __proto__: null, a: function(x) { return x.__wbg_get_1 }, \
             b: function() {}, };"
        );
    }

    #[test]
    fn entries_the_wasm_no_longer_imports_are_dropped() {
        let imported = HashMap::from([("__wbg_keep_1".to_owned(), "a".to_owned())]);
        let js = "function f() {}\n    const import0 = {\n        __proto__: null,\n        \
                  __wbg_gone_2: function(arg0) {\n            const ret = arg0.x;\n            \
                  return ret;\n        },\n        __wbg_keep_1: function() { return handleError(function (arg0) {\n            \
                  arg0.y();\n        }, arguments); },\n    };\n    return {};\n";
        let (out, dropped) = drop_unimported(js, &imported).unwrap();
        assert_eq!(dropped, 1);
        assert_eq!(
            out,
            "function f() {}\n    const import0 = {\n        __proto__: null,\n        \
             __wbg_keep_1: function() { return handleError(function (arg0) {\n            \
             arg0.y();\n        }, arguments); },\n    };\n    return {};\n"
        );
        assert!(drop_unimported("const x = {};", &imported).is_err());
        // An imported entry written another way (not at eight spaces) is not silently kept.
        let other =
            "    const import0 = {\n        __proto__: null,\n      __wbg_keep_1: 1,\n    };\n";
        assert!(drop_unimported(other, &imported).is_err());
    }

    #[test]
    fn a_key_missing_or_repeated_fails() {
        let names = HashMap::from([("__wbg_get_1".to_owned(), "a".to_owned())]);
        assert!(rename_keys("{ other: 1 }", &names).is_err());
        assert!(rename_keys("{ __wbg_get_1: 1, __wbg_get_1: 2 }", &names).is_err());
        // `x__wbg_get_1:` is another key.
        assert!(rename_keys("{ x__wbg_get_1: 1 }", &names).is_err());
    }

    #[test]
    fn short_names_are_distinct_identifiers() {
        let all: Vec<String> = (0..5000).map(short_name).collect();
        let distinct: std::collections::HashSet<&String> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        for n in &all {
            assert!(!n.starts_with(|c: char| c.is_ascii_digit()));
            assert!(n.chars().all(is_name_char));
        }
    }

    #[test]
    fn unknown_import_kinds_fail() {
        let mut imports = vec![1];
        push_name(&mut imports, "./page_bg.js");
        push_name(&mut imports, "x");
        imports.push(0x07);
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(IMPORT_SECTION);
        push_leb(&mut wasm, imports.len() as u32);
        wasm.extend_from_slice(&imports);
        assert!(rename_glue_imports(&wasm).is_err());
    }
}
