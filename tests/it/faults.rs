//! Faults on the way out: every fault kind of the stand-in ([`FAULTS`]) at every step of an
//! upload (the dataset read, each file) and of a push (each graph PUT, the DELETE of a graph
//! gone from the store). For each: the run's outcome (exit code 0, or 3 "run again") is the
//! one the table expects, the stand-in holds no duplicate and nothing wrong, and a second run
//! without the fault completes: one resource per file with its checksum, every graph with its
//! triples, the gone graph gone.
//!
//! The upload table runs the library's upload (`deliver::upload::run`) on a bundle built once,
//! its error mapped to the exit code by `deliver::transient`, the function the command line
//! decides with; `publish_upload_exit_codes` runs the real `publish --upload` for a few cases
//! to hold the mapping end to end. The push table runs the real `push` throughout.

use crate::common;
use atlas_lod::deliver::{self, upload};
use common::stand_in::{FAULTS, StandIn};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// The outcome a persistent fault of `kind` gives at a step: 0 when the client got a whole
/// status line and needs no body (a cut answer to a write: the server acted and said 2xx),
/// else 3 (every attempt failed: run again). A read needs its body, so a cut read is a 3.
fn expected(kind: &str, reads_body: bool) -> i32 {
    if kind == "cut" && !reads_body { 0 } else { 3 }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Builds the example bundle in `out` with a dry-run upload plan; returns the files planned.
fn bundle(out: &Path, api: &str) -> Vec<PathBuf> {
    let o = publish(out, api, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let files: Vec<PathBuf> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.split_once("(multipart file=")?.1.split_once(')'))
        .map(|(name, _)| out.join(name))
        .collect();
    assert!(files.len() > 20, "no upload plan: {}", text(&o));
    files
}

fn publish(out: &Path, api: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("publish")
        .arg(common::repo_path("examples/pages"))
        .arg(common::seed_path())
        .arg("--out")
        .arg(out)
        .args(["--upload", "--dataset", "atlas-test", "--api-base", api])
        .args(["--timeout", "2", "--attempts", "2", "--backoff-ms", "10"])
        .args(extra)
        .env("DATAGOUV_API_KEY", "good-key")
        .output()
        .expect("publish runs")
}

fn sha1(path: &Path) -> String {
    use sha1::Digest;
    hex(&sha1::Sha1::digest(
        std::fs::read(path).expect("bundle file"),
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stand-in's resources by title; fails on a duplicate title or a file we did not send.
fn resources_by_title(s: &StandIn, files: &[PathBuf], case: &str) -> BTreeMap<String, String> {
    let mut by_title = BTreeMap::new();
    for r in s.resources() {
        let title = r["title"].as_str().unwrap_or("").to_string();
        assert!(
            files
                .iter()
                .any(|f| f.file_name().is_some_and(|n| *n == *title)),
            "{case}: a resource for no file: {title}"
        );
        let sum = r["checksum"]["value"].as_str().unwrap_or("").to_string();
        let before = by_title.insert(title.clone(), sum);
        assert!(before.is_none(), "{case}: two resources for {title}");
    }
    by_title
}

/// Every file once, with its checksum.
fn assert_complete(s: &StandIn, files: &[PathBuf], case: &str) {
    let by_title = resources_by_title(s, files, case);
    assert_eq!(by_title.len(), files.len(), "{case}: files missing");
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        assert_eq!(by_title.get(&name), Some(&sha1(f)), "{case}: {name}");
    }
}

/// Short timeouts while a fault is set (each timed-out attempt costs that long); a generous
/// one once healed, so that a slow moment of a loaded machine is not taken for a fault.
fn upload_options(api: String, timeout: u64) -> upload::UploadOptions {
    upload::UploadOptions {
        api_base: api,
        dataset: "atlas-test".into(),
        api_key: Some("good-key".into()),
        execute: true,
        attempts: 2,
        backoff: Duration::from_millis(10),
        timeout: Duration::from_secs(timeout),
    }
}

/// The exit code the command line gives for an upload's result.
fn code(result: &Result<Vec<upload::Action>, upload::UploadError>) -> i32 {
    match result {
        Ok(_) => 0,
        Err(e) if deliver::transient(e) => 3,
        Err(_) => 2,
    }
}

#[test]
fn every_fault_at_every_upload_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("bundle");
    let planner = StandIn::start(&[]);
    let files = bundle(&out, &planner.api());
    let mut steps = vec![("dataset".to_string(), true)];
    for f in &files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
        steps.push((format!("upload:{}", name.unwrap_or_default()), false));
    }
    // One stand-in per kind, the kinds side by side: most of the time is spent waiting for
    // timeouts.
    std::thread::scope(|scope| {
        for kind in FAULTS {
            let (files, steps) = (&files, &steps);
            scope.spawn(move || {
                let s = StandIn::start(&[]);
                let (faulty, healed) = (upload_options(s.api(), 2), upload_options(s.api(), 30));
                for (step, reads_body) in steps {
                    let case = format!("{kind} at {step}");
                    s.reset();
                    s.fault(step, kind);
                    let first = upload::run(files, &faulty, |_| {});
                    assert_eq!(
                        code(&first),
                        expected(kind, *reads_body),
                        "{case}: {first:?}"
                    );
                    resources_by_title(&s, files, &case);
                    if first.is_ok() {
                        assert_complete(&s, files, &case);
                    }
                    s.heal();
                    let second = upload::run(files, &healed, |_| {});
                    assert!(second.is_ok(), "{case}: the second run: {second:?}");
                    assert_complete(&s, files, &format!("{case}, second run"));
                }
            });
        }
    });
}

/// The real command's exit codes: 3 for what may pass (the message names the fault), 2 for a
/// refusal, 0 when a second run completes the upload.
#[test]
fn publish_upload_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("bundle");
    let s = StandIn::start(&[]);
    let files = bundle(&out, &s.api());
    let middle = files[files.len() / 2]
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cases = [
        ("dataset", "503", "503"),
        (&*format!("upload:{middle}"), "timeout", "timed out"),
        (&*format!("upload:{middle}"), "reset", "reset"),
    ];
    for (step, kind, message) in cases {
        s.reset();
        s.fault(step, kind);
        let o = publish(&out, &s.api(), &["--yes"]);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(3), "{kind} at {step}: {t}");
        assert!(t.contains(message), "{kind} at {step}: {t}");
        resources_by_title(&s, &files, step);
        s.heal();
        let o = publish(&out, &s.api(), &["--yes"]);
        assert_eq!(o.status.code(), Some(0), "{kind} at {step}: {}", text(&o));
        assert_complete(&s, &files, step);
    }
    // A refusal is not a 3: running again would not help (an empty dataset, so that files
    // are sent and the key is checked).
    s.reset();
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("publish")
        .arg(common::repo_path("examples/pages"))
        .arg(common::seed_path())
        .arg("--out")
        .arg(&out)
        .args(["--upload", "--yes", "--dataset", "atlas-test", "--api-base"])
        .arg(s.api())
        .env("DATAGOUV_API_KEY", "wrong-key")
        .output()
        .expect("publish runs");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// The graphs of a store with their triple counts.
fn store_graphs(path: &Path) -> BTreeMap<String, u64> {
    let store = Store::open_read_only(path).expect("open the store");
    let mut graphs = BTreeMap::new();
    for g in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(n) = g.expect("graph") {
            let count = store
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(n.as_ref())))
                .count() as u64;
            graphs.insert(n.into_string(), count);
        }
    }
    assert!(graphs.len() > 4, "an empty store: {graphs:?}");
    graphs
}

/// The stand-in's graphs with their triple counts.
fn pushed_graphs(s: &StandIn) -> BTreeMap<String, u64> {
    let state = s.state();
    let graphs = state["graphs"].as_object().cloned().unwrap_or_default();
    graphs
        .into_iter()
        .map(|(g, v)| (g, v["triples"].as_u64().unwrap_or(0)))
        .collect()
}

const GONE: &str = "https://w3id.org/atlas-lod/graph/gone-since-the-last-push";

#[test]
fn every_fault_at_every_push_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("import")
        .arg(common::repo_path("examples/pages"))
        .arg(common::seed_path())
        .arg("--store")
        .arg(&store)
        .output()
        .expect("import runs");
    assert!(o.status.success(), "{}", text(&o));
    let graphs = store_graphs(&store);
    let mut steps: Vec<String> = graphs.keys().map(|g| format!("put:{g}")).collect();
    steps.push(format!("delete:{GONE}"));
    std::thread::scope(|scope| {
        for (k, kind) in FAULTS.iter().enumerate() {
            let (graphs, steps, store) = (&graphs, &steps, &store);
            let state = dir.path().join(format!("push-state-{k}.json"));
            scope.spawn(move || {
                let s = StandIn::start(&[]);
                // The last push sent GONE, since removed from the store: `--only-changed`
                // deletes it.
                let mut gone = serde_json::Map::new();
                gone.insert(GONE.into(), "0".into());
                let mut last_push = serde_json::Map::new();
                last_push.insert(s.graph_store(), gone.into());
                let last_push = serde_json::Value::Object(last_push);
                let push = |timeout: &str| {
                    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
                        .args(["push", "--only-changed", "--graph-store"])
                        .arg(s.graph_store())
                        .arg("--store")
                        .arg(store)
                        .arg("--state")
                        .arg(&state)
                        .args([
                            "--timeout",
                            timeout,
                            "--attempts",
                            "2",
                            "--backoff-ms",
                            "10",
                        ])
                        .output()
                        .expect("push runs")
                };
                for step in steps {
                    let case = format!("{kind} at {step}");
                    s.reset();
                    s.put_graph(
                        GONE,
                        "<http://example.org/s> <http://example.org/p> \"o\" .\n",
                    );
                    std::fs::write(&state, last_push.to_string()).expect("state");
                    s.fault(step, kind);
                    let o = push("2");
                    assert_eq!(
                        o.status.code(),
                        Some(expected(kind, false)),
                        "{case}: {}",
                        text(&o)
                    );
                    // Whatever is there is whole: a graph of the store with all its triples.
                    for (g, n) in pushed_graphs(&s) {
                        if g != GONE {
                            assert_eq!(graphs.get(&g), Some(&n), "{case}: {g}");
                        }
                    }
                    let expected_end = graphs.clone();
                    if o.status.success() {
                        assert_eq!(pushed_graphs(&s), expected_end, "{case}");
                    }
                    s.heal();
                    let o = push("30");
                    assert_eq!(o.status.code(), Some(0), "{case}, second run: {}", text(&o));
                    assert_eq!(pushed_graphs(&s), expected_end, "{case}, second run");
                }
            });
        }
    });
}
