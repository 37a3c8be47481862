//! The documentation cannot go stale: every output block of README.md and docs/*.md is made
//! again by `scripts/docs-output.sh` and compared, the numbers the prose quotes are checked,
//! and docs/architecture.md lists exactly the files of src/.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// README.md and every Markdown file of docs/.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![repo_path("README.md")];
    let mut guide: Vec<PathBuf> = std::fs::read_dir(repo_path("docs"))
        .unwrap_or_else(|e| panic!("docs/: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    guide.sort();
    docs.extend(guide);
    docs
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The blocks of a document marked `<!-- output: NAME -->`: (name, the block's text).
fn marked_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("<!-- output: ")
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            continue;
        };
        let opening = lines.next().unwrap_or("");
        assert!(
            opening.starts_with("```"),
            "{name}: no fenced block after the marker"
        );
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        blocks.push((name.to_string(), body.join("\n") + "\n"));
    }
    blocks
}

/// A folder where the script keeps the examples' bundle, published once per test run (every
/// block that shows a bundle starts from a copy of it); emptied when the run starts, so that
/// no bundle of an earlier binary is shown.
fn bundle_cache() -> &'static Path {
    static CACHE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-bundle");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        dir
    })
}

/// What the script prints for one block.
fn output_of(name: &str) -> String {
    let o = Command::new("bash")
        .arg(repo_path("scripts/docs-output.sh"))
        .arg(name)
        .env("ATLAS_LOD", env!("CARGO_BIN_EXE_atlas-lod"))
        .env("DOCS_BUNDLE_CACHE", bundle_cache())
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/docs-output.sh: {e}"));
    assert!(
        o.status.success(),
        "docs-output.sh {name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_output_block_is_what_its_commands_print_today() {
    let mut stale = Vec::new();
    let mut seen = BTreeSet::new();
    for doc in documents() {
        for (name, shown) in marked_blocks(&read(&doc)) {
            seen.insert(name.clone());
            let today = output_of(&name);
            if today != shown {
                stale.push(format!(
                    "{}: block {name} differs from what its commands print:\n--- shown\n{shown}--- today\n{today}",
                    doc.display()
                ));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{}\n(after checking the change: bash scripts/docs-output.sh --write)",
        stale.join("\n")
    );
    // Every block the script knows is shown somewhere, so none is kept up to date for nothing.
    let o = Command::new("bash")
        .arg(repo_path("scripts/docs-output.sh"))
        .arg("--list")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    for name in String::from_utf8_lossy(&o.stdout).lines() {
        assert!(seen.contains(name), "output {name} is shown in no document");
    }
}

/// Numbers the prose quotes, each with the block that must hold it.
const QUOTED: &[(&str, &str, &str)] = &[
    ("README.md", "tour-convert", "147 quad(s)"),
    ("README.md", "tour-publish", "read 5, published 5"),
];

#[test]
fn numbers_quoted_in_prose_sit_in_checked_output() {
    let readme = read(&repo_path("README.md"));
    let blocks = marked_blocks(&readme);
    for (doc, name, quoted) in QUOTED {
        let text = read(&repo_path(doc));
        let (_, block) = blocks
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{doc}: no block {name}"));
        assert!(
            block.contains(quoted),
            "{doc}: block {name} lacks {quoted:?}"
        );
        // The prose says it as the block does (without the "(s)").
        let said = quoted.replace("(s)", "s");
        assert!(
            text.replace(&format!("```\n{block}```"), "")
                .contains(&said),
            "{doc}: the prose no longer quotes {said:?}"
        );
    }
}

/// A block edited by hand is caught: the comparison sees one changed digit.
#[test]
fn a_hand_edited_block_is_caught() {
    let readme = read(&repo_path("README.md"));
    let (name, shown) = marked_blocks(&readme)
        .into_iter()
        .find(|(n, _)| n == "tour-convert")
        .unwrap_or_else(|| panic!("README.md: no block tour-convert"));
    let edited = shown.replacen("147", "155", 1);
    assert_ne!(edited, shown, "the block no longer quotes 147");
    assert_ne!(output_of(&name), edited);
}

/// Every file under src/ (paths relative to the repository).
fn source_files(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            source_files(&path, found);
        } else if let Ok(rel) = path.strip_prefix(repo_path("")) {
            found.insert(rel.to_string_lossy().into_owned());
        }
    }
}

#[test]
fn the_architecture_table_lists_exactly_the_files_of_src() {
    let text = read(&repo_path("docs/architecture.md"));
    // The table's rows: `| floor | `src/path` | what |`.
    let listed: BTreeSet<String> = text
        .lines()
        .filter(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(2))
        .filter_map(|cell| {
            cell.trim()
                .strip_prefix('`')?
                .strip_suffix('`')
                .map(str::to_string)
        })
        .filter(|p| p.starts_with("src/"))
        .collect();
    let mut present = BTreeSet::new();
    source_files(&repo_path("src"), &mut present);
    let missing: Vec<_> = present.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&present).collect();
    assert!(
        missing.is_empty() && gone.is_empty(),
        "docs/architecture.md: files of src/ missing from the table: {missing:?}; rows naming no file: {gone:?}"
    );
}
