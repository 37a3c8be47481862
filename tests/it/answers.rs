//! Answers that are right or say why not: `diff` names every field that changed (and says when
//! the contact profiles differ), `validate` never says CONFORMS about an input it did not read,
//! the folder walk reads each page once and nothing else (no `.ttl`, not its own bundle, not
//! round a link loop), and two records of one partnership in one run are kept once when they
//! agree and rejected, named, when they do not.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn atlas(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("atlas-lod runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The seed page with each `(old, new)` replaced once, written as `dir/name`.
fn seed_with(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut page = std::fs::read_to_string(common::seed_path()).unwrap();
    for (old, new) in edits {
        assert!(page.contains(old), "the seed holds {old:?}");
        page = page.replacen(old, new, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, page).unwrap();
    path
}

fn publish(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"publish"];
    for i in inputs {
        args.push(i);
    }
    args.push(&"--out");
    args.push(&out);
    for e in extra {
        args.push(e);
    }
    atlas(&args)
}

const LEVY_ROW: &str = "Cosmetic Valley 20400 2017";
const DESCRIPTION: &str = "La Cosmétique française est le leader mondial";
const CONTEXT: &str = "1)Sur le plan international";
const ROLE: &str = "Correspondant coopération décentralisée";
const THEME: &str = "Pôles de compétitivité, clusters, filières";

#[test]
fn diff_names_every_changed_field_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let old = seed_with(
        dir.path(),
        "old.txt",
        &[(LEVY_ROW, "Cosmetic Valley 20400 500 2017")],
    );
    let new = seed_with(
        dir.path(),
        "new.txt",
        &[
            (LEVY_ROW, "Cosmetic Valley 20400 700 2017"),
            (
                DESCRIPTION,
                "La Cosmétique française reste le leader mondial",
            ),
            (CONTEXT, "1) Sur le plan mondial"),
            (ROLE, "Correspondante coopération décentralisée"),
            (THEME, "Clusters et filières"),
        ],
    );
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (input, out) in [(&old, &a), (&new, &b)] {
        let o = publish(&[input], out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let o = atlas(&[&"diff", &a, &b]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    let changed: Vec<&str> = t.lines().filter(|l| l.starts_with("changed ")).collect();
    assert_eq!(changed.len(), 1, "{t}");
    let fields: Vec<&str> = changed[0]
        .rsplit_once(": ")
        .map(|(_, f)| f.split(", ").collect())
        .unwrap_or_default();
    for expected in ["description", "context", "contacts", "main_theme"] {
        assert!(fields.contains(&expected), "{expected} in {fields:?}\n{t}");
    }
    assert!(
        fields
            .iter()
            .any(|f| f.starts_with("levy Cosmetic Valley 2017")),
        "{fields:?}\n{t}"
    );
    // Nothing else: the funding amount, the title and the partners did not change.
    assert_eq!(fields.len(), 5, "{fields:?}");
    assert!(t.contains("0 added, 0 removed, 1 changed"), "{t}");
    assert!(
        t.contains(r#"  levy Cosmetic Valley 2017 "#) && t.contains(r#""500" -> "700""#),
        "{t}"
    );

    // The JSON output carries the same fields; a release against itself has none.
    let o = atlas(&[&"diff", &a, &b, &"--format", &"json"]);
    let changes: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(changes[0]["fields"].as_array().map(Vec::len), Some(5));
    let o = atlas(&[&"diff", &b, &b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("0 added, 0 removed, 0 changed"));
}

#[test]
fn diff_says_contact_profiles_differ_and_reports_nothing_they_explain() {
    let dir = tempfile::tempdir().unwrap();
    let (role, full) = (dir.path().join("role"), dir.path().join("full"));
    let seed = common::seed_path();
    let o = publish(&[&seed], &role, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = publish(&[&seed], &full, &["--contacts", "full"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = atlas(&[&"diff", &role, &full]);
    let t = text(&o);
    assert!(
        t.contains("contact profiles differ: old role, new full"),
        "{t}"
    );
    // The same pages: what differs is the profile alone, so nothing is reported.
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("0 added, 0 removed, 0 changed"), "{t}");

    // Two full releases compare names and e-mails too.
    let renamed = seed_with(
        dir.path(),
        "renamed.txt",
        &[("Stéphane CATTA", "Stéphanie CATTA")],
    );
    let full2 = dir.path().join("full2");
    let o = publish(&[&renamed], &full2, &["--contacts", "full"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = atlas(&[&"diff", &full, &full2]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("contact_people"), "{t}");
    assert!(!t.contains("contact profiles differ"), "{t}");
}

#[test]
fn validate_says_nothing_conforms_that_it_did_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let verdicts = |o: &Output| -> Vec<String> {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.starts_with("CONFORMS"))
            .map(str::to_string)
            .collect()
    };
    let o = atlas(&[&"validate", &missing]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(verdicts(&o).is_empty(), "{t}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("missing.txt"),
        "{t}"
    );
    assert!(t.contains("NOT VALIDATED"), "{t}");

    // Beside a good page: still no CONFORMS, still 2.
    let seed = common::seed_path();
    let o = atlas(&[&"validate", &seed, &missing]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(verdicts(&o).is_empty(), "{}", text(&o));
    let o = atlas(&[&"validate", &seed, &missing, &"--format", &"json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["conforms"], false);
    assert_eq!(
        json["unread"][0]
            .as_str()
            .map(|s| s.ends_with("missing.txt")),
        Some(true)
    );

    // A page that cannot be read as one (no bytes at all): one record rejected, exit 1.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let o = atlas(&[&"validate", &seed, &empty]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(verdicts(&o).is_empty(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("empty.txt"));

    // The seed alone does conform.
    let o = atlas(&[&"validate", &seed]);
    assert_eq!(verdicts(&o).len(), 1, "{}", text(&o));
}

/// A folder of inputs as people keep them: a page, its twin through a link, an RDF file, a
/// README, a link back up the tree.
fn messy_folder(root: &Path) -> PathBuf {
    let input = root.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::copy(common::seed_path(), input.join("a.txt")).unwrap();
    std::fs::write(
        input.join("b.ttl"),
        "<https://example.org/s> <https://example.org/p> \"not a page\" .\n",
    )
    .unwrap();
    std::fs::write(input.join("README.md"), "# pages\n").unwrap();
    std::os::unix::fs::symlink(&input, input.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(input.join("a.txt"), input.join("sub/again.txt")).unwrap();
    input
}

#[test]
fn the_walk_reads_each_page_once_and_nothing_else() {
    use atlas_lod::ingest::walk::{self, Kinds};
    use atlas_lod::ingest::{Input, InputFormat};
    let dir = tempfile::tempdir().unwrap();
    let input = messy_folder(dir.path());
    let out = input.join("dist");

    // Published twice into a folder inside the input: the second run does not read the first
    // run's bundle (nor its store, nor its validation-report.txt).
    for run in 0..2 {
        let o = publish(&[&input], &out, &[]);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(0), "run {run}: {t}");
        assert!(t.contains("read 1, published 1"), "run {run}: {t}");
        let note = t
            .lines()
            .find(|l| l.contains("not read:"))
            .unwrap_or_default();
        assert!(
            note.contains("2 of a kind this command does not read") && note.contains(".ttl"),
            "the skipped files are said: {t}"
        );
        assert!(note.contains("already read through another link"), "{note}");
        if run == 1 {
            assert!(note.contains("1 this run's own output"), "{note}");
        }
    }

    let e = walk::expand(
        &[input.display().to_string()],
        Kinds::for_reading(InputFormat::Auto, false),
        std::slice::from_ref(&out),
    );
    assert!(e.errors.is_empty(), "{:?}", e.errors);
    assert_eq!(e.inputs, vec![Input::File(input.join("a.txt"))]);
    assert_eq!(e.skipped.outputs, vec![out.clone()]);
    assert!(e.skipped.other_kinds.contains(&input.join("b.ttl")));
    assert!(e.skipped.other_kinds.contains(&input.join("README.md")));
    assert!(e.skipped.repeated.contains(&input.join("sub/again.txt")));
    assert!(e.skipped.repeated.contains(&input.join("sub/loop")));
    // Without being told the output, the bundle is still recognised as one.
    let e = walk::expand(
        &[input.display().to_string()],
        Kinds::for_reading(InputFormat::Auto, false),
        &[],
    );
    assert_eq!(e.inputs.len(), 1);
    assert_eq!(e.skipped.made_here, vec![out.clone()]);

    // convert and validate read the same one page; validate takes the RDF file too.
    let o = atlas(&[
        &"convert",
        &input,
        &"-o",
        &dir.path().join("out.nq"),
        &"--to",
        &"nquads",
    ]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("converted 1 record(s)"), "{t}");
    let o = atlas(&[&"validate", &input]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    // The page and b.ttl; the bundle is named as skipped, not read.
    assert!(t.contains("2 record(s) validated"), "{t}");
    assert!(t.contains("1 a bundle or store made by atlas-lod"), "{t}");
}

fn graphs_of(nquads: &str) -> std::collections::BTreeSet<String> {
    nquads
        .lines()
        .filter(|l| l.contains("/id/graph/"))
        .filter_map(|l| {
            l.trim_end_matches(" .")
                .rsplit(' ')
                .next()
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn two_pages_of_one_partnership_are_kept_once_or_rejected_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let a = seed_with(dir.path(), "a.txt", &[]);
    let twin = seed_with(dir.path(), "twin.txt", &[]);
    let other = seed_with(
        dir.path(),
        "other.txt",
        &[(LEVY_ROW, "Cosmetic Valley 20500 2017")],
    );

    // The same content twice: a warning naming both files, one graph.
    let o = atlas(&[&"convert", &a, &twin, &"--to", &"nquads"]);
    let t = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{t}");
    let warning = t
        .lines()
        .find(|l| l.starts_with("warning:") && l.contains("same partnership"));
    let warning = warning.unwrap_or_else(|| panic!("no duplicate warning: {t}"));
    assert!(
        warning.contains("a.txt") && warning.contains("twin.txt"),
        "{warning}"
    );
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(graphs_of(&out).len(), 1, "{out}");
    let single = atlas(&[&"convert", &a, &"--to", &"nquads"]);
    assert_eq!(
        out,
        String::from_utf8_lossy(&single.stdout),
        "the twin added nothing"
    );

    // Other funding under the same identity: an error naming both files and the field, exit
    // 1, the first kept.
    let o = atlas(&[&"convert", &a, &other, &"--to", &"nquads"]);
    let t = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{t}");
    let error = t.lines().find(|l| l.starts_with("error:"));
    let error = error.unwrap_or_else(|| panic!("no conflict error: {t}"));
    assert!(
        error.contains("a.txt") && error.contains("other.txt"),
        "{error}"
    );
    assert!(error.contains("funding Cosmetic Valley 2017"), "{error}");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(graphs_of(&out).len(), 1);
    assert!(
        out.contains("\"20400\"") && !out.contains("\"20500\""),
        "{out}"
    );

    // publish: the same rule, the bundle holds the first.
    let bundle = dir.path().join("bundle");
    let o = publish(&[&a, &other], &bundle, &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("other.txt") && t.contains("funding Cosmetic Valley 2017"),
        "{t}"
    );
    let funding = std::fs::read_to_string(bundle.join("funding.csv")).unwrap();
    assert!(
        funding.contains("20400") && !funding.contains("20500"),
        "{funding}"
    );
    let o = publish(&[&a, &twin], &dir.path().join("bundle2"), &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        t.contains("published 1") && t.contains("duplicates 1"),
        "{t}"
    );
}
