//! The floors of the library (DESIGN.md, section 2): a module only uses the floors below it
//! (or its own). Read from the source: every `crate::` path of every file under `src/`.
//!
//! The floors, from the ground: the vocabulary (`vocab`), the model and outgoing HTTP;
//! ingest; rdf; validate; store; link; charts (drawn from the store, for the pages and the
//! bundle); the jobs (`jobs`, `publish`, `generate`); what delivers or checks a built bundle
//! (`deliver`) and serve, side by side; the command line (`cli`, in the
//! binary, over the library's public API).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The floor of a module path (`store`, `vocab`, ...), or `None` for the crate root.
fn floor(path: &str) -> Option<usize> {
    let top = path.split("::").next().unwrap_or_default();
    Some(match top {
        "vocab" | "model" | "http" => 1,
        "ingest" => 2,
        "rdf" => 3,
        "validate" => 4,
        "store" => 5,
        "link" => 6,
        "charts" => 7,
        "jobs" | "publish" | "generate" | "convert" | "pipeline" => 8,
        "deliver" | "serve" => 9,
        "cli" => 10,
        // `Record`, re-exports of the root: the table of contents.
        _ => return None,
    })
}

/// The module paths a source text names through `crate::` (plain paths and `use crate::{..}`,
/// on one line or several).
fn named_paths(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                if let Some(first) = item.split_whitespace().next() {
                    out.insert(first.trim_end_matches(':').to_string());
                }
            }
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        out.insert(path.trim_end_matches(':').to_string());
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()).unwrap_or_default())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The uses of a higher floor in `text`, a file of module `module` (`store::dump`, ...).
fn violations(module: &str, text: &str) -> Vec<String> {
    let Some(own) = floor(module) else {
        return Vec::new();
    };
    named_paths(text)
        .into_iter()
        .filter(|p| floor(p).is_some_and(|f| f > own))
        .map(|p| {
            format!(
                "{module} (floor {own}) uses crate::{p} (floor {})",
                floor(&p).unwrap_or(0)
            )
        })
        .collect()
}

#[test]
fn each_module_uses_only_the_floors_below_it() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "{} files read", files.len());
    let mut found = Vec::new();
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap_or(f);
        let module = rel
            .with_extension("")
            .to_string_lossy()
            .replace('/', "::")
            .trim_end_matches("::mod")
            .to_string();
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        checked += 1;
        let text = std::fs::read_to_string(f).unwrap_or_default();
        found.extend(violations(&module, &text));
    }
    assert!(checked > 50);
    assert!(
        found.is_empty(),
        "modules using a floor above their own:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_use() {
    let text = "use crate::store::{self, StoreError};\nuse crate::{\n    model::Record,\n    serve::pages,\n};\nfn f() { crate::jobs::convert::run(); } // crate::cli::x\n";
    assert_eq!(
        violations("store::dump", text),
        [
            "store::dump (floor 5) uses crate::jobs::convert::run (floor 8)",
            "store::dump (floor 5) uses crate::serve::pages (floor 9)",
        ]
    );
    assert!(violations("serve::pages", text).is_empty());
    assert!(violations("model::themes", "use crate::vocab::{rdf, skos};").is_empty());
    assert_eq!(violations("model::themes", "use crate::rdf::map;").len(), 1);
}

/// The order inside `serve` (its `mod.rs` says the same): a module uses only the ones before
/// it. Same level: neither uses the other.
fn serve_level(module: &str) -> Option<usize> {
    Some(match module {
        "negotiate" | "examples" | "hydra" | "federation" | "cache" | "validators" | "assets" => 0,
        "respond" => 1,
        "html" => 2,
        "state" => 3,
        "sparql" | "describe" => 4,
        "catalog" | "home" | "linked_data" | "discover" | "editor" | "search" | "reconcile" => 5,
        _ => return None,
    })
}

/// The sibling modules of `serve` a file of `serve` names (`super::x` from a direct child,
/// `crate::serve::x` from anywhere).
fn serve_siblings(text: &str, direct_child: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut patterns = vec!["crate::serve::"];
        if direct_child {
            patterns.push("super::");
        }
        for pat in patterns {
            for (i, _) in code.match_indices(pat) {
                let rest = &code[i + pat.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if serve_level(&name).is_some() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn serve_modules_use_only_those_below_them() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/serve");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut found = Vec::new();
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(&dir).unwrap_or(f);
        let top = rel
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .unwrap_or_default();
        let Some(own) = serve_level(&top) else {
            continue; // mod.rs: the routes, above everything
        };
        checked += 1;
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let direct_child = rel.components().count() == 1;
        for used in serve_siblings(&text, direct_child) {
            let level = serve_level(&used).unwrap_or(0);
            if used != top && level >= own {
                found.push(format!(
                    "serve::{top} (level {own}) uses serve::{used} (level {level})"
                ));
            }
        }
    }
    assert!(checked >= 12, "{checked} files of serve read");
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The check sees a use upward.
    assert!(serve_siblings("use super::state::Shared;", true).contains("state"));
}
