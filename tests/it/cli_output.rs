//! Where the command line writes: `-o -` is standard output, each OS error is said once, and
//! the manual covers every subcommand and each of its long options.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};

fn atlas_lod_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap_or_else(|e| panic!("cannot run atlas-lod: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// A store of the example pages, for the commands that read one.
fn example_store(dir: &Path) -> String {
    let store = dir.join("store");
    let pages = repo_path("examples/pages");
    let o = atlas_lod_in(
        dir,
        &[
            "import",
            &pages.to_string_lossy(),
            "--store",
            &store.to_string_lossy(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    store.to_string_lossy().into_owned()
}

#[test]
fn dash_output_is_standard_output_and_no_file_named_dash() {
    let dir = temp();
    let pages = repo_path("examples/pages");
    let pages = pages.to_string_lossy();
    let store = example_store(dir.path());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["convert", &pages, "-o", "-"], "@prefix"),
        (
            vec!["convert", &pages, "--to", "nquads", "--output", "-"],
            "<https://w3id.org/atlas-lod/",
        ),
        (vec!["dump", "--store", &store, "-o", "-"], "@prefix"),
        (
            vec!["dump", "--store", &store, "--canonical", "-o", "-"],
            "<",
        ),
        (vec!["generate", "--count", "2", "-o", "-"], "\"title\""),
        (
            vec!["validate", &pages, "--report", "-"],
            "sh:ValidationReport",
        ),
    ];
    for (args, expected) in cases {
        let o = atlas_lod_in(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stdout).contains(expected),
            "{args:?}: standard output lacks {expected:?}: {}",
            text(&o.stdout).chars().take(300).collect::<String>()
        );
        assert!(
            !dir.path().join("-").exists(),
            "{args:?} wrote a file named -"
        );
    }
    // The Turtle report takes standard output in place of the text report.
    let o = atlas_lod_in(dir.path(), &["validate", &pages, "--report", "-"]);
    assert!(!text(&o.stdout).contains("CONFORMS"), "{}", text(&o.stdout));
    // Two outputs cannot share it.
    let o = atlas_lod_in(
        dir.path(),
        &["convert", &pages, "-o", "-", "--rejects", "-"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("standard output"),
        "{}",
        text(&o.stderr)
    );
    // A folder target is no file: `-` is refused, not created.
    let o = atlas_lod_in(
        dir.path(),
        &["generate", "--count", "1", "--to", "atlas-text", "-o", "-"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn a_graph_not_in_the_store_is_a_mistake_not_an_empty_dump() {
    let dir = temp();
    let store = example_store(dir.path());
    for graph in ["https://example.org/no-such-graph", "not an iri"] {
        let o = atlas_lod_in(
            dir.path(),
            &["dump", "--store", &store, "--graph", graph, "-o", "out.ttl"],
        );
        assert_eq!(o.status.code(), Some(2), "{graph}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains(graph), "{}", text(&o.stderr));
        assert!(
            !dir.path().join("out.ttl").exists(),
            "an empty file was left"
        );
    }
    let o = atlas_lod_in(
        dir.path(),
        &[
            "dump",
            "--store",
            &store,
            "--graph",
            "https://w3id.org/atlas-lod/ontology",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("Ontology"), "{}", text(&o.stdout));
}

#[test]
fn an_os_error_is_printed_once() {
    let dir = temp();
    std::fs::write(dir.path().join("file"), "not a folder").unwrap_or_else(|e| panic!("{e}"));
    let pages = repo_path("examples/pages");
    let pages = pages.to_string_lossy();
    let store = example_store(dir.path());
    let cases: Vec<Vec<&str>> = vec![
        vec!["convert", &pages, "-o", "file/out.ttl"],
        vec![
            "convert",
            &pages,
            "-o",
            "out.ttl",
            "--rejects",
            "file/rejects.jsonl",
        ],
        vec!["import", &pages, "--store", "file/store"],
        vec!["publish", &pages, "--out", "file/bundle"],
        vec!["dump", "--store", &store, "-o", "file/dump.ttl"],
        vec!["generate", "--count", "1", "-o", "file/records.jsonl"],
        vec!["validate", &pages, "--report", "file/report.ttl"],
        vec!["man", "--dir", "file/man"],
    ];
    for args in cases {
        let o = atlas_lod_in(dir.path(), &args);
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        // ENOTDIR or EEXIST, whichever the call met: each said once.
        let said = ["(os error 20)", "(os error 17)"]
            .iter()
            .map(|m| stderr.matches(m).count())
            .sum::<usize>();
        assert_eq!(said, 1, "{args:?}: {stderr}");
    }
}

/// The subcommands `--help` lists (at every depth) with their long options.
fn commands_and_options(path: &mut Vec<String>, found: &mut Vec<(String, Vec<String>)>) {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let help = text(&atlas_lod_in(Path::new("."), &args).stdout);
    let options: Vec<String> = help
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("-")
                .and_then(|l| l.split_once(", "))
                .map_or(l, |(_, r)| r);
            l.strip_prefix("--")
                .map(|o| o.split([' ', '=', '<']).next().unwrap_or("").to_string())
        })
        .filter(|o| !o.is_empty() && o != "help" && o != "version")
        .collect();
    found.push((path.join(" "), options));
    let subcommands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .map(|s| {
            s.lines()
                .filter_map(|l| l.split_whitespace().next().map(str::to_string))
                .filter(|c| c != "help")
                .collect()
        })
        .unwrap_or_default();
    for sub in subcommands {
        path.push(sub);
        commands_and_options(path, found);
        path.pop();
    }
}

#[test]
fn the_manual_names_every_subcommand_and_each_long_option() {
    let mut found = Vec::new();
    commands_and_options(&mut Vec::new(), &mut found);
    let names: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    for expected in ["convert", "publish", "serve", "link wikidata", "man"] {
        assert!(
            names.contains(&expected),
            "--help lacks {expected}: {names:?}"
        );
    }
    let options = found.iter().map(|(_, o)| o.len()).sum::<usize>();
    assert!(
        options > 40,
        "too few long options read from --help: {found:?}"
    );
    let o = atlas_lod_in(Path::new("."), &["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let roff = text(&o.stdout).replace("\\-", "-");
    let dir = temp();
    let o = atlas_lod_in(dir.path(), &["man", "--dir", "pages"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for (command, options) in &found {
        let page = if command.is_empty() {
            "atlas-lod".to_string()
        } else {
            format!("atlas-lod-{}", command.replace(' ', "-"))
        };
        assert!(
            roff.contains(&format!(".TH {page} ")),
            "no page {page} in `atlas-lod man`"
        );
        let file = std::fs::read_to_string(dir.path().join("pages").join(format!("{page}.1")))
            .unwrap_or_else(|e| panic!("{page}.1: {e}"))
            .replace("\\-", "-");
        // The options of this page: from its .TH to the next one.
        let section = roff
            .split(".TH ")
            .find(|s| s.starts_with(&format!("{page} ")))
            .unwrap_or("");
        for option in options {
            let flag = format!("--{option}");
            assert!(
                section.contains(&flag),
                "{page}: `atlas-lod man` lacks {flag}"
            );
            assert!(file.contains(&flag), "{page}.1 lacks {flag}");
        }
    }
}
