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
