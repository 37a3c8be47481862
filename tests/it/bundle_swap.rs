//! A bundle is replaced whole or not at all, and `verify` checks the whole bundle: `publish`
//! killed with SIGKILL at random points, two runs into one `--out`, standard input, runs with
//! nothing to publish, and a bundle with a file added, removed or edited.

use crate::common;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
}

fn page(name: &str) -> PathBuf {
    common::repo_path(&format!("examples/pages/{name}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn publish(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("publish")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .expect("publish runs")
}

fn verify(bundle: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("verify")
        .arg(bundle)
        .args(extra)
        .output()
        .expect("verify runs")
}

/// The partnerships a bundle publishes (rows of partnerships.csv).
fn partnerships(bundle: &Path) -> usize {
    let t = std::fs::read_to_string(bundle.join("partnerships.csv")).unwrap();
    t.lines().count() - 1
}

/// What sits beside the bundle in its parent folder, but the lock.
fn beside(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".bundle.atlas-lod.lock")
        .collect();
    v.sort();
    v
}

/// The manifest's SHA-256 that `publish` printed.
fn printed_manifest_sha(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout);
    let line = out
        .lines()
        .find(|l| l.starts_with("SHA256SUMS SHA-256: "))
        .unwrap_or_else(|| panic!("no manifest hash printed: {out}"));
    line["SHA256SUMS SHA-256: ".len()..][..64].to_string()
}

/// A small deterministic generator (xorshift64*): the kill points are the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn publish_killed_at_random_points_leaves_the_old_bundle_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    // Two releases that differ: one page, then both pages.
    let one = vec![page("eau-dogbo.txt")];
    let two = vec![page("eau-dogbo.txt"), page("jumelage-cuenca.txt")];
    let started = Instant::now();
    let o = publish(&one, &out, &[]);
    assert!(o.status.success(), "{}", text(&o));
    // The run's duration, measured once: kills are spread over it (and a little past it).
    let duration = started.elapsed();
    assert_eq!(partnerships(&out), 1);

    const KILLS: usize = 30;
    let mut rng = Rng(0x05ee_da71_a5b0_d1e5_u64);
    let (mut old, mut new, mut finished) = (0, 0, 0);
    let mut expected_now = 1;
    for i in 0..KILLS {
        // Always the release that is not in place: old and new differ.
        let inputs = if expected_now == 1 { &two } else { &one };
        let target = inputs.len();
        let at = duration.mul_f64((rng.next() % 1500) as f64 / 1000.0);
        let mut child = bin()
            .arg("publish")
            .args(inputs)
            .arg("--out")
            .arg(&out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        // SIGKILL: no handler, no clean-up of its own.
        let _ = child.kill();
        let status = child.wait().unwrap();
        // Killed, or finished: never failed (a lock or leftovers of the previous kill that
        // stopped it would show here).
        let done = status.success();
        if done {
            finished += 1;
        } else {
            assert_eq!(
                status.signal(),
                Some(9),
                "kill {i}: the run failed: {status}"
            );
        }
        let v = verify(&out, &[]);
        assert_eq!(
            v.status.code(),
            Some(0),
            "kill {i} after {at:?}: verify fails on --out:\n{}",
            text(&v)
        );
        let now = partnerships(&out);
        if now == target {
            new += 1;
        } else {
            assert!(
                !done,
                "kill {i}: the run finished but its bundle is not in place"
            );
            assert_eq!(
                now, expected_now,
                "kill {i}: neither the old bundle nor the new one"
            );
            old += 1;
        }
        expected_now = now;
    }
    eprintln!(
        "{KILLS} kills over a {duration:?} run: verify passed after every one ({old} left the old bundle, {new} the new one; {finished} had finished before the kill)"
    );
    // A next run succeeds, and nothing of the killed runs is left beside the bundle.
    let o = publish(&two, &out, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(partnerships(&out), 2);
    let v = verify(&out, &["--expect", &printed_manifest_sha(&o)]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    assert_eq!(beside(dir.path()), ["bundle"]);
}

#[test]
fn a_second_publish_into_the_same_folder_fails_at_once_and_names_the_other_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let o = publish(&[page("eau-dogbo.txt")], &out, &[]);
    assert!(o.status.success(), "{}", text(&o));

    // The first run holds the lock while it waits for its standard input: the overlap is
    // certain, not a race.
    let mut first = bin()
        .args(["publish", "-", "--out"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lock = dir.path().join(".bundle.atlas-lod.lock");
    // The deadline only catches a run that never takes the lock.
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::read_to_string(&lock).unwrap_or_default().trim() != first.id().to_string() {
        assert!(
            Instant::now() < deadline,
            "the first run never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = publish(&[page("jumelage-cuenca.txt")], &out, &[]);
    let t = text(&second);
    assert_eq!(second.status.code(), Some(2), "{t}");
    assert!(t.contains("is being published by another run"), "{t}");
    assert!(t.contains(&format!("pid {}", first.id())), "{t}");
    assert!(t.contains(".bundle.atlas-lod.lock"), "{t}");
    // The first run goes on and publishes its page.
    let seed = std::fs::read(page("jumelage-cuenca.txt")).unwrap();
    first.stdin.take().unwrap().write_all(&seed).unwrap();
    let o = first.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let v = verify(&out, &[]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));

    // Two runs started at once: one publishes; any other fails saying why; the bundle is whole.
    let spawn = |p: &str| {
        bin()
            .arg("publish")
            .arg(page(p))
            .arg("--out")
            .arg(&out)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("eau-dogbo.txt"), spawn("jumelage-cuenca.txt"));
    let outputs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    assert!(outputs.iter().any(|o| o.status.success()));
    for o in outputs.iter().filter(|o| !o.status.success()) {
        assert!(
            text(o).contains("is being published by another run"),
            "{}",
            text(o)
        );
    }
    let v = verify(&out, &[]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    assert_eq!(beside(dir.path()), ["bundle"]);
}

#[test]
fn nothing_to_publish_never_replaces_a_bundle_and_stdin_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let o = publish(&[page("eau-dogbo.txt")], &out, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let before = std::fs::read(out.join("SHA256SUMS")).unwrap();
    let unchanged = |what: &str| {
        assert_eq!(
            std::fs::read(out.join("SHA256SUMS")).unwrap(),
            before,
            "{what}: the bundle changed"
        );
        assert_eq!(partnerships(&out), 1, "{what}");
        assert_eq!(beside(dir.path()), ["bundle"], "{what}");
    };

    // `publish -` with nothing on standard input.
    let o = publish(&[PathBuf::from("-")], &out, &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("no record was read"), "{t}");
    unchanged("empty standard input");

    // A folder that holds no input.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = publish(std::slice::from_ref(&empty), &out, &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("--allow-empty"), "{t}");
    std::fs::remove_dir(&empty).unwrap();
    unchanged("an empty folder");

    // A page on standard input is published, named `-` like `import -` names it.
    let mut child = bin()
        .args(["publish", "-", "--out"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let page_text = std::fs::read(page("jumelage-cuenca.txt")).unwrap();
    child.stdin.take().unwrap().write_all(&page_text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(partnerships(&out), 1);
    assert_ne!(std::fs::read(out.join("SHA256SUMS")).unwrap(), before);
    let v = verify(&out, &[]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));

    // Asked for, an empty bundle is published.
    std::fs::create_dir(&empty).unwrap();
    let o = publish(std::slice::from_ref(&empty), &out, &["--allow-empty"]);
    std::fs::remove_dir(&empty).unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(partnerships(&out), 0);
    let leftover: Vec<String> = beside(dir.path());
    assert_eq!(leftover, ["bundle"]);
}

#[test]
fn a_folder_that_is_not_a_bundle_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let o = publish(&[page("eau-dogbo.txt")], dir.path(), &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("is not a bundle"), "{t}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

/// Copies a bundle folder (the store aside: it is not checked).
fn copy_bundle(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if e.file_type().unwrap().is_dir() {
            if name != "store" {
                copy_bundle(&e.path(), &to.join(&name));
            }
        } else {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
        }
    }
}

#[test]
fn verify_checks_the_whole_folder_and_says_what_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let o = publish(&[page("eau-dogbo.txt")], &out, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let expect = printed_manifest_sha(&o);
    let check = |name: &str, change: &dyn Fn(&Path), extra: &[&str]| -> (Option<i32>, String) {
        let copy = dir.path().join(name);
        copy_bundle(&out, &copy);
        change(&copy);
        let v = verify(&copy, extra);
        (
            v.status.code(),
            String::from_utf8_lossy(&v.stdout).into_owned(),
        )
    };

    // Untouched: passes, and says what it cannot check.
    let v = verify(&out, &[]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    let err = String::from_utf8_lossy(&v.stderr);
    assert!(err.contains("not checked: store/"), "{err}");
    assert!(err.contains("not a forger"), "{err}");
    let v = verify(&out, &["--expect", &expect]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    assert!(!String::from_utf8_lossy(&v.stderr).contains("not a forger"));

    // An added file: a script in an SVG beside the charts, and a file at the top.
    let (code, t) = check(
        "added",
        &|d| {
            std::fs::write(
                d.join("charts/evil.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            )
            .unwrap();
            std::fs::write(d.join("notes.txt"), "x").unwrap();
        },
        &[],
    );
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("charts/evil.svg: is in the bundle but not in SHA256SUMS"),
        "{t}"
    );
    assert!(
        t.contains("notes.txt: is in the bundle but not in SHA256SUMS"),
        "{t}"
    );

    // A missing file (a chart: not in the catalogue, in the manifest).
    let (code, t) = check(
        "missing",
        &|d| std::fs::remove_file(d.join("charts/themes.png")).unwrap(),
        &[],
    );
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("charts/themes.png: listed in SHA256SUMS but missing"),
        "{t}"
    );

    // The catalogue edited: another licence.
    let relicense = |d: &Path| {
        let p = d.join("catalog.ttl");
        let t = std::fs::read_to_string(&p).unwrap();
        let edited = t.replace(
            atlas_lod::publish::config::ETALAB_2,
            "https://opendatacommons.org/licenses/odbl/1-0/",
        );
        assert_ne!(edited, t, "no Etalab licence in the catalogue");
        std::fs::write(&p, edited).unwrap();
    };
    let (code, t) = check("licence", &relicense, &[]);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("catalog.ttl: SHA-256 is "), "{t}");
    assert!(t.contains("SHA256SUMS says"), "{t}");

    // An SVG edited.
    let (code, t) = check(
        "svg",
        &|d| {
            let p = d.join("charts/themes.svg");
            let s = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, s.replacen("<svg", "<svg onload=\"alert(1)\"", 1)).unwrap();
        },
        &[],
    );
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("charts/themes.svg: SHA-256 is "), "{t}");

    // A forger who rewrites SHA256SUMS too: unseen without --expect (as verify says), caught
    // with it.
    let forge = |d: &Path| {
        relicense(d);
        let sums = d.join("SHA256SUMS");
        let t = std::fs::read_to_string(&sums).unwrap();
        let new = atlas_lod::publish::measure(&d.join("catalog.ttl"))
            .unwrap()
            .1;
        let rewritten: String = t
            .lines()
            .map(|l| match l.split_once("  ") {
                Some((_, "catalog.ttl")) => format!("{new}  catalog.ttl\n"),
                _ => format!("{l}\n"),
            })
            .collect();
        std::fs::write(&sums, rewritten).unwrap();
    };
    let (code, t) = check("forged", &forge, &[]);
    assert_eq!(code, Some(0), "{t}");
    let (code, t) = check("forged-expect", &forge, &["--expect", &expect]);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("SHA256SUMS: SHA-256 is "), "{t}");
    assert!(t.contains("--expect says"), "{t}");
}
