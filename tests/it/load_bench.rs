//! `bench/load` at a tiny scale, so that the script does not rot: it publishes nothing itself
//! here (the examples' bundle is given), sends every kind of its mix, and reports each with
//! what was expected of it and no unexpected 5xx. No time is asserted: the figures are
//! BENCHMARKS.md's, measured with the `measure` build.

use crate::common;

use std::process::Command;

/// The kinds the issue asks the mix to hold (search once it existed; /reconcile is optional,
/// `--with reconcile`, until the service exists).
const KINDS: [&str; 11] = [
    "query-new",
    "answer-kept",
    "not-modified",
    "page-fr",
    "page-en",
    "rdf",
    "home",
    "file",
    "search",
    "malformed",
    "oversized",
];

#[test]
fn bench_load_sends_every_kind_and_no_unexpected_5xx() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("publish")
        .arg(common::repo_path("examples/pages"))
        .arg(common::repo_path("examples/records"))
        .arg("--out")
        .arg(&bundle)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON is not set: run the tests through scripts/test.sh");
    let json = dir.path().join("load.jsonl");
    let o = Command::new(python)
        .arg(common::repo_path("bench/load"))
        .args(["--bin", env!("CARGO_BIN_EXE_atlas-lod")])
        .arg("--bundle")
        .arg(&bundle)
        .args(["--requests", "200", "--connections", "4", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    let said = format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "bench/load failed:\n{said}");

    let text = std::fs::read_to_string(&json).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let report: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(report["requests"], 200, "{said}");
    assert_eq!(report["records"], 5, "{said}");
    let kinds = report["kinds"].as_object().unwrap();
    let mut sent = 0;
    for kind in KINDS {
        let k = &kinds
            .get(kind)
            .unwrap_or_else(|| panic!("no {kind} in the report:\n{said}"));
        let count = k["count"].as_u64().unwrap();
        assert!(count >= 1, "{kind} never sent:\n{said}");
        sent += count;
        assert_eq!(k["errors"], 0, "{kind}:\n{said}");
        assert_eq!(k["unexpected_5xx"], 0, "{kind}:\n{said}");
        // Each kind answered with the status it is there for.
        let statuses = k["statuses"].as_object().unwrap();
        let expected: &[&str] = match kind {
            "query-new" => &["200", "503"],
            "not-modified" => &["304"],
            "malformed" | "oversized" => &["400", "413", "431"],
            _ => &["200"],
        };
        assert!(
            statuses.keys().all(|s| expected.contains(&s.as_str())),
            "{kind}: {statuses:?}\n{said}"
        );
        assert!(k["p99_ms"].as_f64().is_some(), "{kind}:\n{said}");
    }
    assert_eq!(sent, 200, "{said}");
    assert_eq!(kinds["answer-kept"]["not_kept"], 0, "{said}");
    // The server's memory was read while the requests ran.
    assert!(report["rss"]["samples"].as_u64().unwrap() >= 1, "{said}");
    assert!(report["rss"]["peak_kb"].as_u64().unwrap() > 0, "{said}");
    // The table is printed too, a row per kind.
    let out = String::from_utf8_lossy(&o.stdout);
    for kind in KINDS {
        assert!(
            out.lines().any(|l| l.starts_with(kind)),
            "no row for {kind}:\n{said}"
        );
    }
}
