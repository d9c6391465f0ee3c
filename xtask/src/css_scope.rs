//! The page's stylesheet scoped under one element, for the npm package's inline mount: every
//! selector is prefixed with the mount element's class, and the document-wide ones (`:root`,
//! `html`, `body`) become that element. So the checkout's rules reach nothing of the
//! merchant's page, and outrank the merchant's own element rules (`button { … }`) inside it.
//!
//! Enough CSS for our own stylesheet, not a general parser: rules, comments, `@media` and
//! `@supports` (scoped inside), `@keyframes` and `@font-face` (copied as they are). Strings
//! and comments never hold braces in it; a stray brace fails the build instead of guessing.

use anyhow::{bail, Result};

/// Rules only a whole document has: the hosted page inside a merchant's iframe.
const DOCUMENT_ONLY: &str = "[data-embedded]";

pub fn scope(css: &str, root: &str) -> Result<String> {
    let mut out = String::with_capacity(css.len() + css.len() / 4);
    scope_block(css, root, &mut out)?;
    Ok(out)
}

fn scope_block(mut css: &str, root: &str, out: &mut String) -> Result<()> {
    loop {
        let trimmed = css.trim_start();
        out.push_str(&css[..css.len() - trimmed.len()]);
        css = trimmed;
        if css.is_empty() {
            return Ok(());
        }
        if let Some(rest) = css.strip_prefix("/*") {
            let end = rest.find("*/").map(|i| i + 4);
            let Some(end) = end else {
                bail!("unclosed comment")
            };
            out.push_str(&css[..end]);
            css = &css[end..];
            continue;
        }
        let Some(open) = css.find('{') else {
            bail!("text after the last rule: {css:?}");
        };
        if css[..open].contains(';') && css.starts_with('@') {
            // `@import …;`, `@charset …;`: a statement, not a block.
            let end = css.find(';').map_or(css.len(), |i| i + 1);
            out.push_str(&css[..end]);
            css = &css[end..];
            continue;
        }
        let close = matching_brace(css, open)?;
        let prelude = css[..open].trim_end();
        let body = &css[open + 1..close];
        if prelude.starts_with("@media") || prelude.starts_with("@supports") {
            out.push_str(prelude);
            out.push_str(" {");
            scope_block(body, root, out)?;
            out.push('}');
        } else if prelude.starts_with('@') {
            out.push_str(&css[..=close]);
        } else {
            let selectors: Vec<String> = split_selectors(prelude)
                .into_iter()
                .filter_map(|s| scope_selector(s, root))
                .collect();
            if !selectors.is_empty() {
                out.push_str(&selectors.join(",\n"));
                out.push_str(" {");
                out.push_str(body);
                out.push('}');
            }
        }
        css = &css[close + 1..];
    }
}

/// The index of the `}` closing the `{` at `open`.
fn matching_brace(css: &str, open: usize) -> Result<usize> {
    let mut depth = 0usize;
    for (i, c) in css[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(open + i);
                }
            }
            _ => {}
        }
    }
    bail!("unclosed block: {}", &css[..open.min(80)])
}

/// `a, b:not(c, d)` → `a`, `b:not(c, d)`: commas outside brackets and parentheses.
fn split_selectors(list: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(list[start..].trim());
    parts
}

fn scope_selector(selector: &str, root: &str) -> Option<String> {
    if selector.contains(DOCUMENT_ONLY) {
        return None;
    }
    for document in [":root", "html", "body"] {
        if let Some(rest) = selector.strip_prefix(document) {
            // `html` but not `htmlfoo`: the next character starts another part or nothing.
            if rest.is_empty() || rest.starts_with([' ', ':', '[', '.', '>', '+', '~']) {
                return Some(format!("{root}{rest}"));
            }
        }
    }
    Some(format!("{root} {selector}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_selector_lands_under_the_mount_element() {
        let css = "/* why */\n:root {\n  --x: 1;\n}\n\nhtml { a: b }\nbody{margin:0}\n\
                   *,\n*::before { box-sizing: border-box; }\n.page > p, h1 { c: d }\n";
        let scoped = scope(css, ".ork").unwrap();
        assert_eq!(
            scoped,
            "/* why */\n.ork {\n  --x: 1;\n}\n\n.ork { a: b }\n.ork {margin:0}\n\
             .ork *,\n.ork *::before { box-sizing: border-box; }\n.ork .page > p,\n.ork h1 { c: d }\n"
        );
    }

    #[test]
    fn media_queries_are_scoped_inside_and_keyframes_are_kept() {
        let css =
            "@media (prefers-color-scheme: dark) { :root:not([data-scheme=\"light\"]) { a: b } }\n\
                   @keyframes spin { from { x: 0 } to { x: 1 } }\n\
                   :root[data-scheme=\"dark\"] { c: d }";
        let scoped = scope(css, ".ork").unwrap();
        assert!(scoped.contains(
            "@media (prefers-color-scheme: dark) { .ork:not([data-scheme=\"light\"]) { a: b } }"
        ));
        assert!(scoped.contains("@keyframes spin { from { x: 0 } to { x: 1 } }"));
        assert!(scoped.contains(".ork[data-scheme=\"dark\"] { c: d }"));
    }

    #[test]
    fn rules_for_the_iframe_page_are_dropped_and_lookalike_names_kept() {
        let scoped = scope("[data-embedded] body { a: b }\nhtmlish { c: d }", ".ork").unwrap();
        assert_eq!(scoped, "\n.ork htmlish { c: d }");
        assert!(scope("a { b: c", ".ork").is_err());
    }
}
