//! Crashes: `publish`, `import` and `link wikidata` killed with SIGKILL at seeded random
//! moments, [`KILLS`] times each per run of the suite, the seed new at every run (the day and
//! a counter kept in the build's temporary folder), so that the runs add up to many points;
//! `bench/crashes.sh` runs 50 per command. After every kill what the command promises holds:
//! the bundle is, file for file, the previous one or the new one; every record graph of the
//! store is wholly its old or its new version; the links graph is the old one or the new one.
//! Then the next run completes. A failure prints the seed: write it (hex) to
//! `$CARGO_TARGET_DIR/tmp/crash-replay-COMMAND` to replay the same moments.

use crate::common;
use oxigraph::model::{GraphName, GraphNameRef, NamedNodeRef};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// Kills per command per run.
const KILLS: usize = 10;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn run<A: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[A]) -> Output {
    let o = bin().args(args).output().expect("atlas-lod runs");
    assert!(o.status.success(), "{args:?}: {}", text(&o));
    o
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

// A seed spread over 64 bits, and the kill points drawn from it.
use atlas_lod::generate::Rng;

/// This run's seed for `command`: a replay file when there is one, else the day and a run
/// counter (both files in the build's temporary folder: no environment variable read).
fn seed(command: &str) -> u64 {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let replay = dir.join(format!("crash-replay-{command}"));
    if let Ok(t) = std::fs::read_to_string(&replay) {
        let t = t.trim().trim_start_matches("0x");
        return u64::from_str_radix(t, 16).unwrap_or_else(|_| panic!("{replay:?}: not hex"));
    }
    let counter = dir.join(format!("crash-runs-{command}"));
    let runs: u64 = std::fs::read_to_string(&counter)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0);
    std::fs::write(&counter, (runs + 1).to_string()).expect("the run counter");
    let day = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let salt = command
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31) ^ u64::from(b));
    Rng::new((day << 24) ^ runs ^ (salt << 40)).next_u64()
}

/// Moments spread over a run of `duration` (and a little past it, so some runs finish).
fn moments(seed: u64, duration: Duration) -> Vec<Duration> {
    let mut rng = Rng::new(seed);
    (0..KILLS)
        .map(|_| duration.mul_f64((rng.next_u64() % 1200) as f64 / 1000.0))
        .collect()
}

/// Runs `cmd`, SIGKILLs it after `at`; true when it had finished (successfully) before.
fn kill_after(mut cmd: Command, at: Duration, label: &str) -> bool {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("atlas-lod starts");
    std::thread::sleep(at);
    let _ = child.kill();
    let status = child.wait().expect("wait");
    if !status.success() {
        assert_eq!(
            status.signal(),
            Some(9),
            "{label}: the run failed: {status}"
        );
    }
    status.success()
}

/// Timed run of `args`, which must succeed.
fn timed<A: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[A]) -> Duration {
    let started = Instant::now();
    run(args);
    started.elapsed()
}

/// SHA-256 of every file of a bundle but its store (RocksDB's own files differ run to run;
/// the store is compared by its quads).
fn bundle_files(dir: &Path) -> BTreeMap<String, String> {
    use sha2::Digest;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("bundle folder") {
            let p = e.expect("entry").path();
            let rel = s(p.strip_prefix(dir).expect("inside"));
            if p.is_dir() {
                if rel != "store" {
                    stack.push(p);
                }
            } else {
                let sum = sha2::Sha256::digest(std::fs::read(&p).expect("file"));
                out.insert(rel, format!("{sum:x}"));
            }
        }
    }
    assert!(out.len() > 10, "not a bundle: {dir:?}");
    out
}

/// Quads per graph, as N-Quads lines.
fn graphs(store: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let st = Store::open_read_only(store).unwrap_or_else(|e| panic!("{store:?} opens: {e}"));
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for q in st.iter() {
        let q = q.expect("quad");
        let g = match &q.graph_name {
            GraphName::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        };
        out.entry(g).or_default().insert(q.to_string());
    }
    out
}

/// A bundle in place: which of the releases it is, by its files and its store's quads.
fn which_release(out: &Path, releases: &[(BTreeMap<String, String>, usize)], label: &str) -> usize {
    let files = bundle_files(out);
    let i = releases
        .iter()
        .position(|(r, _)| *r == files)
        .unwrap_or_else(|| panic!("{label}: the bundle is neither the old one nor the new one"));
    let quads: usize = graphs(&out.join("store")).values().map(BTreeSet::len).sum();
    assert_eq!(quads, releases[i].1, "{label}: the bundle's store");
    i
}

#[test]
fn publish_killed_leaves_the_previous_bundle_or_the_new_one() {
    let seed = seed("publish");
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .map(|n| s(&common::repo_path(&format!("examples/pages/{n}"))))
            .collect()
    };
    let inputs = [
        pages(&["eau-dogbo.txt"]),
        pages(&["eau-dogbo.txt", "jumelage-cuenca.txt"]),
    ];
    let publish_args = |i: usize, out: &Path| -> Vec<String> {
        let mut a = vec!["publish".to_string()];
        a.extend(inputs[i].iter().cloned());
        a.extend(["--out".to_string(), s(out)]);
        a
    };
    // Each release built once in its own folder: what a kill may leave, file for file.
    let mut releases = Vec::new();
    let mut duration = Duration::MAX;
    for i in 0..2 {
        let reference = dir.path().join(format!("release-{i}"));
        let args = publish_args(i, &reference);
        duration = duration.min(timed(&args));
        let quads = graphs(&reference.join("store"))
            .values()
            .map(BTreeSet::len)
            .sum();
        releases.push((bundle_files(&reference), quads));
    }
    let out = dir.path().join("out").join("bundle");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
    let args = publish_args(0, &out);
    run(&args);
    let mut now = which_release(&out, &releases, "first run");
    let (mut swaps, mut finishes) = (0, 0);
    for (k, at) in moments(seed, duration).into_iter().enumerate() {
        let label = format!("seed {seed:#x}, kill {k} after {at:?}");
        let target = 1 - now;
        let mut cmd = bin();
        cmd.args(publish_args(target, &out));
        let finished = kill_after(cmd, at, &label);
        let after = which_release(&out, &releases, &label);
        assert!(
            !finished || after == target,
            "{label}: finished, not in place"
        );
        finishes += usize::from(finished);
        swaps += usize::from(after != now);
        now = after;
    }
    eprintln!(
        "seed {seed:#x}: publish killed {KILLS} times over a {duration:?} run: the old bundle or the new one whole every time ({swaps} swapped, {finishes} finished first)"
    );
    let args = publish_args(1 - now, &out);
    run(&args);
    assert_eq!(which_release(&out, &releases, "the last run"), 1 - now);
    let beside: Vec<String> = std::fs::read_dir(out.parent().expect("parent"))
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".atlas-lod.lock"))
        .collect();
    assert_eq!(
        beside,
        ["bundle"],
        "seed {seed:#x}: leftovers of killed runs"
    );
}

#[test]
fn import_killed_leaves_every_record_graph_old_or_new() {
    let seed = seed("import");
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records.jsonl");
    run(&[
        "generate",
        "--count",
        "150",
        "--seed",
        "17",
        "-o",
        &s(&records),
    ]);
    let import = |store: &Path, profile: &str| -> Vec<String> {
        [
            "import",
            &s(&records),
            "--store",
            &s(store),
            "--contacts",
            profile,
        ]
        .map(str::to_string)
        .to_vec()
    };
    // The two versions of every record graph, each from a store of its own.
    let profiles = ["full", "role"];
    let mut versions = Vec::new();
    for p in profiles {
        let reference = dir.path().join(format!("store-{p}"));
        let a = import(&reference, p);
        run(&a);
        let mut g = graphs(&reference);
        g.retain(|name, _| name.contains("/graph/"));
        versions.push(g);
    }
    assert!(versions[0].len() >= 150 && versions[0] != versions[1]);
    let store = dir.path().join("store");
    let a = import(&store, "full");
    run(&a);
    // The run's duration: a whole re-import over the existing store, the work killed below.
    let a = import(&store, "role");
    let duration = timed(&a);
    // How many record graphs are each version (a record without contacts is both).
    let check = |label: &str| -> [usize; 2] {
        let now = graphs(&store);
        let mut counts = [0, 0];
        for (name, old) in &versions[0] {
            let got = now
                .get(name)
                .unwrap_or_else(|| panic!("{label}: {name} vanished"));
            let is = [got == old, Some(got) == versions[1].get(name)];
            assert!(
                is[0] || is[1],
                "{label}: {name} is neither its old nor its new version"
            );
            for (c, i) in counts.iter_mut().zip(is) {
                *c += usize::from(i);
            }
        }
        counts
    };
    let mut mixed = 0;
    for (k, at) in moments(seed, duration).into_iter().enumerate() {
        let label = format!("seed {seed:#x}, kill {k} after {at:?}");
        let profile = profiles[k % 2];
        let mut cmd = bin();
        cmd.args(import(&store, profile));
        let finished = kill_after(cmd, at, &label);
        let counts = check(&label);
        if finished {
            assert_eq!(
                counts[k % 2],
                versions[0].len(),
                "{label}: finished, not all new"
            );
        }
        mixed += usize::from(counts.iter().all(|c| *c < versions[0].len()));
    }
    eprintln!(
        "seed {seed:#x}: import killed {KILLS} times over a {duration:?} run: every record graph old or new every time ({mixed} left a mix)"
    );
    let a = import(&store, "role");
    run(&a);
    let last = check(&format!("seed {seed:#x}: the last run"));
    assert_eq!(last[1], versions[0].len(), "seed {seed:#x}: the last run");
}

const LINKS: &str = "https://w3id.org/atlas-lod/links/wikidata";

/// A cache of `link wikidata` answers giving every country code an item (`Q{base + n}`).
fn country_cache(path: &Path, base: usize) {
    let table = std::fs::read_to_string(common::repo_path("src/model/countries.tsv"))
        .expect("countries.tsv");
    let mut codes = serde_json::Map::new();
    for (n, line) in table.lines().filter(|l| !l.starts_with('#')).enumerate() {
        if let Some(code) = line.split('\t').next().filter(|c| c.len() == 2) {
            codes.insert(code.into(), serde_json::json!([format!("Q{}", base + n)]));
        }
    }
    let cache = serde_json::json!({ "properties": { "P297": codes } });
    std::fs::write(path, cache.to_string()).expect("cache");
}

fn links(store: &Path) -> (BTreeSet<String>, usize) {
    let st = Store::open_read_only(store).unwrap_or_else(|e| panic!("{store:?} opens: {e}"));
    let g = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(LINKS));
    let quads = st
        .quads_for_pattern(None, None, None, Some(g))
        .map(|q| q.expect("quad").to_string())
        .collect();
    (quads, st.len().expect("count"))
}

#[test]
fn link_killed_leaves_the_old_links_or_the_new_ones() {
    let seed = seed("link");
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records.jsonl");
    run(&[
        "generate",
        "--count",
        "150",
        "--seed",
        "23",
        "-o",
        &s(&records),
    ]);
    let store = dir.path().join("store");
    run(&["import", &s(&records), "--store", &s(&store)]);
    let caches = [
        dir.path().join("cache-a.json"),
        dir.path().join("cache-b.json"),
    ];
    country_cache(&caches[0], 1000);
    country_cache(&caches[1], 5000);
    let link = |i: usize| -> Vec<String> {
        [
            "link",
            "wikidata",
            "--offline",
            "--no-places",
            "--store",
            &s(&store),
            "--cache",
            &s(&caches[i]),
        ]
        .map(str::to_string)
        .to_vec()
    };
    // The two link sets, each written once: a kill leaves one or the other.
    let mut states = Vec::new();
    let mut duration = Duration::MAX;
    for i in 0..2 {
        let a = link(i);
        duration = duration.min(timed(&a));
        states.push(links(&store));
    }
    assert!(
        !states[0].0.is_empty() && states[0].0 != states[1].0,
        "no links made"
    );
    let mut now = 1;
    let mut finishes = 0;
    for (k, at) in moments(seed, duration).into_iter().enumerate() {
        let label = format!("seed {seed:#x}, kill {k} after {at:?}");
        let target = 1 - now;
        let mut cmd = bin();
        cmd.args(link(target));
        let finished = kill_after(cmd, at, &label);
        let got = links(&store);
        now = states
            .iter()
            .position(|st| *st == got)
            .unwrap_or_else(|| panic!("{label}: the links are neither the old nor the new ones"));
        assert!(
            !finished || now == target,
            "{label}: finished, not in place"
        );
        finishes += usize::from(finished);
        for c in &caches {
            let t = std::fs::read_to_string(c).expect("cache");
            assert!(
                serde_json::from_str::<serde_json::Value>(&t).is_ok(),
                "{label}: {c:?} broken"
            );
        }
    }
    eprintln!(
        "seed {seed:#x}: link killed {KILLS} times over a {duration:?} run: the old links or the new ones every time ({finishes} finished first)"
    );
    let a = link(1 - now);
    run(&a);
    assert_eq!(
        links(&store),
        states[1 - now],
        "seed {seed:#x}: the last run"
    );
}
