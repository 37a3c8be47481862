//! A full disk during import: a clear error naming the store and the cause, and a store that
//! still opens with every record it held before. The disk is a 6 MB tmpfs mounted for the test
//! (root or CAP_SYS_ADMIN needed, as on this project's machines and CI; without it the test
//! fails, it does not skip).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = privileged("umount").arg(&self.0).status();
    }
}

/// `cmd`, through `sudo -n` when not root.
fn privileged(cmd: &str) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if root {
        Command::new(cmd)
    } else {
        let mut c = Command::new("sudo");
        c.args(["-n", cmd]);
        c
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("atlas-lod runs")
}

fn partnerships(store: &Path) -> String {
    let st = atlas_lod::store::open_read_only(store).expect("the store opens after a full disk");
    common::one(
        &st,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> } }",
    )
}

#[test]
fn a_full_disk_gives_a_clear_error_and_a_readable_store() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = privileged("mount")
        .args(["-t", "tmpfs", "-o", "size=6m", "tmpfs"])
        .arg(&disk)
        .status()
        .expect("mount runs");
    assert!(
        mounted.success(),
        "cannot mount a tmpfs: this test needs root or CAP_SYS_ADMIN"
    );
    let _guard = Mount(disk.clone());
    let (small, large) = (
        dir.path().join("small.jsonl"),
        dir.path().join("large.jsonl"),
    );
    let s = |p: &Path| p.to_string_lossy().into_owned();
    assert!(
        run(&["generate", "--count", "20", "--seed", "6", "-o", &s(&small)])
            .status
            .success()
    );
    assert!(
        run(&[
            "generate",
            "--count",
            "3000",
            "--seed",
            "5",
            "-o",
            &s(&large)
        ])
        .status
        .success()
    );
    let store = disk.join("store");
    // Into an empty store (the bulk loader): the error, and a store that still opens.
    let o = run(&["import", &s(&large), "--store", &s(&store)]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("error: store {}: ", store.display()))
            && err.contains("No space left on device"),
        "{err}"
    );
    assert_eq!(
        err.matches("No space left on device").count(),
        2,
        "the cause once (RocksDB says it twice itself): {err}"
    );
    partnerships(&store);
    std::fs::remove_dir_all(&store).unwrap();
    // Into a store holding 20 records (transactions): those 20 survive, intact.
    assert!(
        run(&["import", &s(&small), "--store", &s(&store)])
            .status
            .success()
    );
    let before = run(&["dump", "--store", &s(&store), "--canonical"]);
    assert!(before.status.success());
    let o = run(&["import", &s(&large), "--store", &s(&store)]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(partnerships(&store), "20");
    let after = run(&["dump", "--store", &s(&store), "--canonical"]);
    assert_eq!(
        before.stdout, after.stdout,
        "the records held before changed"
    );
    let q = run(&["query", "--store", &s(&store), "ASK { ?s ?p ?o }"]);
    assert!(q.status.success() && String::from_utf8_lossy(&q.stdout).contains("true"));
}

/// SHA-256 of every file of a folder, by path inside it.
fn hashes(dir: &Path) -> std::collections::BTreeMap<String, String> {
    use sha2::Digest;
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let sum = sha2::Sha256::digest(std::fs::read(&p).unwrap());
                out.insert(
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    format!("{sum:x}"),
                );
            }
        }
    }
    out
}

/// What sits in `dir` but the lock of a bundle.
fn beside(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".atlas-lod.lock"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_full_disk_during_publish_leaves_the_previous_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = privileged("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={PUBLISH_DISK}")])
        .arg("tmpfs")
        .arg(&disk)
        .status()
        .expect("mount runs");
    assert!(
        mounted.success(),
        "cannot mount a tmpfs: this test needs root or CAP_SYS_ADMIN"
    );
    let _guard = Mount(disk.clone());
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let large = dir.path().join("large.jsonl");
    assert!(
        run(&[
            "generate",
            "--count",
            "3000",
            "--seed",
            "5",
            "-o",
            &s(&large)
        ])
        .status
        .success()
    );
    let page = |n: &str| s(&common::repo_path(&format!("examples/pages/{n}")));
    let out = disk.join("bundle");
    let o = run(&["publish", &page("eau-dogbo.txt"), "--out", &s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = hashes(&out);
    // The new bundle does not fit beside the old one.
    let o = run(&["publish", &s(&large), "--out", &s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(hashes(&out), before, "the previous bundle changed");
    let v = run(&["verify", &s(&out)]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    // The half-built bundle is gone: the space is free again for the next run.
    assert_eq!(beside(&disk), ["bundle"]);
    let o = run(&[
        "publish",
        &page("eau-dogbo.txt"),
        &page("jumelage-cuenca.txt"),
        "--out",
        &s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(hashes(&out), before);
}

/// The tmpfs of the publish case: a one-page bundle twice over fits, 3,000 records do not.
const PUBLISH_DISK: &str = "24m";
