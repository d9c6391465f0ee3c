//! What each module of a crate imports from the others (its `use` declarations and every
//! `crate::`, `super::` and `self::` path in its code, tests left out), and the circles
//! that makes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use syn::visit::Visit;

/// A module by its path within the crate (`["flows", "submit"]`; the crate root is `[]`).
pub type Module = Vec<String>;

/// One import: where it is written, and the module it reaches.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: Module,
    pub to: Module,
    pub file: String,
    pub line: usize,
}

/// The modules of the crate whose sources are in `src` (test files left out), and the
/// imports between them.
pub fn graph(src: &Path) -> (BTreeSet<Module>, Vec<Edge>) {
    // A crate with a library: its `main.rs` is another crate (the binary) using it.
    let has_lib = src.join("lib.rs").exists();
    let files: Vec<_> = crate::rust_files(src)
        .into_iter()
        .filter(|f| !crate::is_test_file(f))
        .filter(|f| !(has_lib && *f == src.join("main.rs")))
        .collect();
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Ok(parsed) = syn::parse_file(&text) else {
            panic!("{} does not parse", file.display());
        };
        let from = module_of(src, file);
        let mut paths = Paths::default();
        paths.visit_file(&parsed);
        for (segments, line) in paths.found {
            if let Some(to) = resolve(&from, &segments, &modules) {
                if to != from {
                    edges.push(Edge {
                        from: from.clone(),
                        to,
                        file: file.display().to_string(),
                        line,
                    });
                }
            }
        }
    }
    (modules, edges)
}

/// `src/flows/submit.rs` → `flows::submit`; `src/flows/mod.rs` → `flows`; `src/lib.rs` → root.
fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The module a path written in `from` reaches: the longest prefix of it that is a
/// module. `None` for paths into other crates (or local names), and so for a path relative
/// to `from` (`use child::Item` in a `mod.rs`): a parent re-exporting its children is not
/// counted as importing them, or every child using `super::` would make a circle with it.
fn resolve(from: &Module, segments: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let mut base: Module = match segments.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => from.clone(),
        Some("super") => from.clone(),
        _ => return None,
    };
    let mut rest = &segments[1..];
    if segments[0] == "super" {
        base.pop();
        while rest.first().map(String::as_str) == Some("super") {
            base.pop();
            rest = &rest[1..];
        }
    }
    let mut candidate = base.clone();
    candidate.extend(rest.iter().cloned());
    while candidate.len() > base.len() {
        if modules.contains(&candidate) {
            return Some(candidate);
        }
        candidate.pop();
    }
    modules.contains(&base).then_some(base)
}

/// Every path of a file, with its line, outside test code.
#[derive(Default)]
struct Paths {
    found: Vec<(Vec<String>, usize)>,
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        (a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string() == "test"))
            || a.path().is_ident("test")
    })
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.push_use(prefix, Some(n.ident.to_string()), &n.ident),
            syn::UseTree::Rename(r) => self.push_use(prefix, Some(r.ident.to_string()), &r.ident),
            syn::UseTree::Glob(g) => {
                let line = g.star_token.spans[0].start().line;
                self.found.push((prefix.clone(), line));
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn push_use(&mut self, prefix: &[String], name: Option<String>, ident: &syn::Ident) {
        let mut path = prefix.to_vec();
        // `use super::{self, x}`: `self` names the prefix itself.
        if let Some(name) = name.filter(|n| n != "self") {
            path.push(name);
        }
        self.found.push((path, ident.span().start().line));
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    /// `pub(crate)` and `pub(super)` say who may see an item, not what it imports.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(first) = path.segments.first() {
            self.found.push((segments, first.ident.span().start().line));
        }
        syn::visit::visit_path(self, path);
    }
}

/// The import circles: groups of modules each reaching the others through imports
/// (strongly connected components of more than one module), each with the imports that
/// make it.
pub fn circles(modules: &BTreeSet<Module>, edges: &[Edge]) -> Vec<Vec<Edge>> {
    let index: BTreeMap<&Module, usize> = modules.iter().enumerate().map(|(i, m)| (m, i)).collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); modules.len()];
    for e in edges {
        next[index[&e.from]].push(index[&e.to]);
    }
    let components = tarjan(&next);
    components
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|component| {
            let members: BTreeSet<usize> = component.into_iter().collect();
            edges
                .iter()
                .filter(|e| members.contains(&index[&e.from]) && members.contains(&index[&e.to]))
                .cloned()
                .collect()
        })
        .collect()
}

/// Tarjan's strongly connected components, iteratively (no recursion depth limit).
fn tarjan(next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = next.len();
    let (mut index, mut low) = (vec![usize::MAX; n], vec![0; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let mut counter = 0;
    let mut components = Vec::new();
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// The proxy's layers, highest first: a module may import only from its own layer's
/// folder or from the layers below it. Each place follows from what the module imports
/// (a module sits above everything it uses):
pub const PROXY_LAYERS: &[&[&str]] = &[
    // The wiring: the crate root and `startup` build everything and start it.
    &["", "startup"],
    // The entry points: HTTP routes, background workers, and `doctor` (the configuration
    // checked read-only, from the command line).
    &["routes", "workers", "doctor"],
    // The rules, one use case a file.
    &["flows"],
    // What flows and routes share: the handles of a running proxy (`state`) and the one
    // error an answer is made from (`error`, which wraps the store's and upstream's).
    &["state", "error"],
    // The only SQL, the only code that knows Orkestra's wire, and what the merchant and
    // the page see (made from the model, never from the store).
    &["store", "upstream", "present"],
    // What the proxy keeps as domain types, its configuration, and fixed parts (the built
    // page and the digests a merchant pins it by).
    &[
        "model",
        "config",
        "assets",
        "integrity",
        "limits",
        "signing",
    ],
    // Leaves that import nothing of the crate: a request's id and client, counters,
    // liveness, the page's snapshots, ids and time.
    &["requests", "metrics", "health", "snapshots", "ids", "time"],
];

/// The imports that go up the proxy's layers (or sideways between two folders of one
/// layer, say `store` importing `upstream`).
pub fn against_layers(edges: &[Edge], layers: &[&[&str]]) -> Vec<Edge> {
    let layer = |m: &Module| {
        let top = m.first().map_or("", String::as_str);
        layers.iter().position(|l| l.contains(&top))
    };
    edges
        .iter()
        .filter(|e| {
            let (from_top, to_top) = (e.from.first(), e.to.first());
            if from_top == to_top {
                return false;
            }
            match (layer(&e.from), layer(&e.to)) {
                (Some(from), Some(to)) => to <= from,
                // A folder not in the list is a mistake in the list: report it.
                _ => true,
            }
        })
        .cloned()
        .collect()
}

/// One line an import, a path written several times on one line named once.
pub fn describe(edges: &[Edge]) -> String {
    let mut lines: Vec<String> = edges
        .iter()
        .map(|e| {
            format!(
                "  {} -> {} ({}:{})",
                e.from.join("::"),
                e.to.join("::"),
                e.file,
                e.line
            )
        })
        .collect();
    lines.dedup();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_crate(crate_dir: &str) {
        let src = crate::root().join(crate_dir).join("src");
        let (modules, edges) = graph(&src);
        assert!(modules.len() > 3, "{} has modules", src.display());
        let circles = circles(&modules, &edges);
        let report: Vec<String> = circles.iter().map(|c| describe(c)).collect();
        assert!(
            circles.is_empty(),
            "import circles in {crate_dir}:\n{}",
            report.join("\n\n")
        );
    }

    #[test]
    fn the_proxys_modules_import_one_way() {
        check_crate("crates/orkestra-proxy");
        let src = crate::root().join("crates/orkestra-proxy/src");
        let (_, edges) = graph(&src);
        let wrong = against_layers(&edges, PROXY_LAYERS);
        assert!(
            wrong.is_empty(),
            "imports against the layers:\n{}",
            describe(&wrong)
        );
    }

    #[test]
    fn the_sandboxs_modules_import_one_way() {
        check_crate("crates/orkestra-sandbox");
    }

    #[test]
    fn the_cores_modules_import_one_way() {
        check_crate("crates/orkestra-core");
    }

    #[test]
    fn a_circle_is_found_and_a_line_is_not() {
        let m = |s: &str| -> Module {
            s.split("::")
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect()
        };
        let modules: BTreeSet<Module> = ["a", "b", "c", "d"].iter().map(|s| m(s)).collect();
        let edge = |from: &str, to: &str| Edge {
            from: m(from),
            to: m(to),
            file: String::new(),
            line: 0,
        };
        let line = [edge("a", "b"), edge("b", "c"), edge("a", "c")];
        assert!(circles(&modules, &line).is_empty());
        let circle = [
            edge("a", "b"),
            edge("b", "c"),
            edge("c", "a"),
            edge("c", "d"),
        ];
        let found = circles(&modules, &circle);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), 3, "the three imports that make it");
    }

    #[test]
    fn paths_resolve_to_the_longest_module_prefix() {
        let m = |s: &str| -> Module {
            s.split("::")
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect()
        };
        let modules: BTreeSet<Module> = ["", "flows", "flows::submit", "flows::settle", "store"]
            .iter()
            .map(|s| m(s))
            .collect();
        let path = |s: &str| -> Vec<String> { s.split("::").map(String::from).collect() };
        let from = m("flows::submit");
        assert_eq!(
            resolve(&from, &path("super::settle::settle"), &modules),
            Some(m("flows::settle"))
        );
        assert_eq!(
            resolve(&from, &path("super::in_progress"), &modules),
            Some(m("flows"))
        );
        assert_eq!(
            resolve(&from, &path("crate::store::Store"), &modules),
            Some(m("store"))
        );
        assert_eq!(resolve(&from, &path("crate::MAX"), &modules), Some(m("")));
        assert_eq!(resolve(&from, &path("serde::Serialize"), &modules), None);
    }
}
