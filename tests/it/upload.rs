//! `publish --upload` against a local stand-in for the udata API v1
//! (`tests/clients/fake_udata.py` through [`StandIn`], which checks the headers and multipart
//! bodies it receives):
//! dry run, upload with retries, idempotent second run, replacement, and the clear errors.

use crate::common;

use common::stand_in::StandIn;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fake(env: &[(&str, &str)]) -> StandIn {
    StandIn::start(env)
}

/// The POSTs seen: status and note.
fn posts_of(f: &StandIn) -> Vec<(u64, String)> {
    f.log()
        .iter()
        .filter(|e| e["method"] == "POST")
        .map(|e| {
            (
                e["status"].as_u64().unwrap(),
                e["note"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn publish(out: &Path, api: &str, key: Option<&str>, extra: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_atlas-lod"));
    cmd.arg("publish")
        .arg(common::repo_path("examples/pages"))
        .arg(common::seed_path())
        .arg("--out")
        .arg(out)
        .args(["--upload", "--dataset", "atlas-test", "--api-base", api])
        .args(extra)
        .env_remove("DATAGOUV_API_KEY");
    if let Some(k) = key {
        cmd.env("DATAGOUV_API_KEY", k);
    }
    cmd.output().expect("publish runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sha1(path: &PathBuf) -> String {
    use sha1::Digest;
    sha1::Sha1::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn dry_run_upload_retry_idempotence_and_replacement() {
    let f = fake(&[
        ("FAKE_UDATA_FAIL_FIRST", "2"),
        ("FAKE_UDATA_FAIL_STATUS", "429"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    // Dry run: the plan, no POST.
    let o = publish(&out, &f.api(), None, &[]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("upload plan (dry run; --yes to send)"), "{t}");
    let planned = t
        .lines()
        .filter(|l| l.contains("/datasets/atlas-test/upload/ (multipart file="))
        .count();
    assert_eq!(planned, 24, "{t}");
    assert!(posts_of(&f).is_empty());
    // --yes without a key: refused before any request.
    let o = publish(&out, &f.api(), None, &["--yes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("DATAGOUV_API_KEY is not set"),
        "{}",
        text(&o)
    );
    // Upload: two 429s (refused before any work) are retried, then every file goes up with
    // udata's checksum.
    let o = publish(&out, &f.api(), Some("good-key"), &["--yes"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("uploaded 24 file(s), 0 unchanged"),
        "{}",
        text(&o)
    );
    let posts = posts_of(&f);
    assert_eq!(posts.iter().filter(|p| p.0 == 429).count(), 2, "{posts:?}");
    assert_eq!(posts.iter().filter(|p| p.0 == 201).count(), 24, "{posts:?}");
    let resources = f.resources();
    assert_eq!(resources.len(), 24);
    for r in &resources {
        let name = r["title"].as_str().unwrap();
        assert_eq!(
            r["checksum"]["value"].as_str().unwrap(),
            sha1(&out.join(name)),
            "{name}"
        );
    }
    // Second run: nothing to send.
    let before = posts_of(&f).len();
    let o = publish(&out, &f.api(), Some("good-key"), &["--yes"]);
    assert!(
        text(&o).contains("uploaded 0 file(s), 24 unchanged"),
        "{}",
        text(&o)
    );
    assert_eq!(posts_of(&f).len(), before);
    // Full contacts change the data files: they are replaced in place, the rest left alone.
    let o = publish(
        &out,
        &f.api(),
        Some("good-key"),
        &["--yes", "--contacts", "full"],
    );
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    let replaced: Vec<(u64, String)> = posts_of(&f).into_iter().skip(before).collect();
    assert!(
        replaced
            .iter()
            .all(|p| p.0 == 200 && p.1.starts_with("replaced ")),
        "{replaced:?}"
    );
    assert!(
        replaced.iter().any(|p| p.1 == "replaced atlas.nt.gz"),
        "{replaced:?}"
    );
    assert!(
        !replaced.iter().any(|p| p.1 == "replaced context.jsonld"),
        "{replaced:?}"
    );
    assert_eq!(f.resources().len(), 24, "replacing must not add resources");
}

/// A server that stores the file and then answers 503 must not get it twice: an upload is
/// not idempotent, so a 5xx ends the run with an error instead of a retry (exit 3: running
/// again completes it).
#[test]
fn an_upload_answered_5xx_is_not_sent_again() {
    let f = fake(&[("FAKE_UDATA_FAIL_AFTER_STORE", "1")]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let o = publish(&out, &f.api(), Some("good-key"), &["--yes"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(t.contains("503"), "{t}");
    let posts = posts_of(&f);
    assert_eq!(posts.len(), 1, "one POST, not retried: {posts:?}");
    assert_eq!(f.resources().len(), 1, "no duplicate resource");
    // The same failure before the server acted (FAKE_UDATA_FAIL_FIRST, 503) is not retried
    // either: the client cannot tell the two apart.
    let g = fake(&[("FAKE_UDATA_FAIL_FIRST", "1")]);
    let o = publish(&out, &g.api(), Some("good-key"), &["--yes"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert_eq!(posts_of(&g).len(), 1, "{:?}", posts_of(&g));
}

#[test]
fn refusals_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    // (server settings, API key, extra arguments, expected message)
    type Case<'a> = (
        &'a [(&'a str, &'a str)],
        Option<&'a str>,
        &'a [&'a str],
        &'a str,
    );
    let cases: &[Case] = &[
        (
            &[],
            Some("wrong-key"),
            &["--yes"],
            "the API key was refused (401)",
        ),
        (
            &[],
            Some("read-only"),
            &["--yes"],
            "may not edit dataset atlas-test (403)",
        ),
        (
            &[("FAKE_UDATA_DATASET", "another")],
            Some("good-key"),
            &["--yes"],
            "dataset atlas-test not found (404)",
        ),
        (
            &[("FAKE_UDATA_MAX_BYTES", "4000")],
            Some("good-key"),
            &["--yes"],
            "is too large for the server (413)",
        ),
    ];
    for (env, key, extra, message) in cases {
        let f = fake(env);
        let o = publish(&out, &f.api(), *key, extra);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{t}");
        assert!(t.contains(message), "expected {message:?} in {t}");
    }
}
