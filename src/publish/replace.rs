//! A bundle is replaced whole or not at all.
//!
//! `--out` stays a plain folder that users read, copy and upload. A run takes an advisory lock
//! on a file beside it (`.NAME.atlas-lod.lock`: the kernel drops it when the process dies, so a
//! killed run never blocks the next one), builds the new bundle in a sibling folder
//! (`.NAME.atlas-lod-staging`), syncs it to disk, and swaps it with `--out` in one
//! `renameat2(RENAME_EXCHANGE)`: at every instant `--out` is the old bundle whole or the new one
//! whole. The old bundle, now under the staging name, is then deleted; whatever a killed run
//! left beside `--out` is deleted by the next run before it builds anything.
//!
//! Where the exchange is not available (a file system or system without it) the swap falls
//! back to two renames through `.NAME.atlas-lod-old`; a run killed between them leaves no
//! `--out` but the old bundle whole under that name, which the next run puts back first.

use super::{Bundle, PublishError, PublishOptions, file_error};
use crate::ingest::Input;
use crate::jobs::Event;
use crate::rdf::MapOptions;
use crate::store;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The paths a run uses beside its bundle.
#[derive(Debug, Clone)]
pub struct Siblings {
    /// The bundle folder (`--out`, symbolic links resolved).
    pub out: PathBuf,
    /// The lock file (kept: deleting it would let two runs lock two different files).
    pub lock: PathBuf,
    /// Where the new bundle is built.
    pub staging: PathBuf,
    /// The old bundle during a swap by two renames.
    pub old: PathBuf,
    /// Standard input, saved to be read twice (identities, then the import).
    pub stdin: PathBuf,
}

impl Siblings {
    /// The paths beside `out`; creates the folder that holds it.
    pub fn of(out: &Path) -> Result<Self, PublishError> {
        let out = if out.exists() {
            // A symbolic link given as --out: the folder it points to is the bundle, and the
            // link keeps pointing to it after the swap.
            out.canonicalize().map_err(file_error(out))?
        } else {
            let absolute = std::path::absolute(out).map_err(file_error(out))?;
            let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
                return Err(not_a_folder(out));
            };
            std::fs::create_dir_all(parent).map_err(file_error(parent))?;
            parent
                .canonicalize()
                .map_err(file_error(parent))?
                .join(name)
        };
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(not_a_folder(&out));
        };
        let beside = |suffix: &str| {
            let mut n = std::ffi::OsString::from(".");
            n.push(name);
            n.push(suffix);
            parent.join(n)
        };
        Ok(Self {
            lock: beside(".atlas-lod.lock"),
            staging: beside(".atlas-lod-staging"),
            old: beside(".atlas-lod-old"),
            stdin: beside(".atlas-lod-stdin"),
            out,
        })
    }
}

fn not_a_folder(out: &Path) -> PublishError {
    PublishError::NotABundle {
        out: out.display().to_string(),
        why: "not a folder name".into(),
    }
}

/// The lock of one `--out`, held until dropped (or until the process dies).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the lock of `siblings.out` without waiting: a second run into the same folder fails
/// at once, naming the lock and the pid of the run that holds it.
///
/// Not waiting is deliberate: two runs into one folder are a mistake (two schedulers, two
/// terminals), and a waiting run would publish its own inputs over the other's a moment later,
/// with no one told.
pub fn lock(siblings: &Siblings) -> Result<Lock, PublishError> {
    let path = &siblings.lock;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(file_error(path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            return Err(PublishError::Locked {
                out: siblings.out.display().to_string(),
                lock: path.display().to_string(),
                pid: text.trim().parse().ok(),
            });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(file_error(path)(e)),
    }
    // The pid, for the message of a run that finds the lock taken.
    file.set_len(0).map_err(file_error(path))?;
    writeln!(file, "{}", std::process::id()).map_err(file_error(path))?;
    Ok(Lock { _file: file })
}

/// Puts back a bundle left under the old name by a swap killed half-way, then deletes every
/// other leftover of a killed run. Call with the lock held.
pub fn recover(siblings: &Siblings) -> Result<(), PublishError> {
    if !exists(&siblings.out)? && exists(&siblings.old)? {
        std::fs::rename(&siblings.old, &siblings.out).map_err(file_error(&siblings.out))?;
    }
    for leftover in [&siblings.staging, &siblings.old, &siblings.stdin] {
        remove(leftover)?;
    }
    Ok(())
}

/// Removes a file or folder if it is there.
pub fn remove(path: &Path) -> Result<(), PublishError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).map_err(file_error(path)),
        Ok(_) => std::fs::remove_file(path).map_err(file_error(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(file_error(path)(e)),
    }
}

fn exists(path: &Path) -> Result<bool, PublishError> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(file_error(path)(e)),
    }
}

/// Refuses to replace a folder that is not a bundle: `--out` is replaced whole, and a folder
/// of other files (a mistyped `--out .`) must not vanish with it. A bundle holds its
/// `catalog.ttl` or its `SHA256SUMS`; a folder that holds only names a bundle holds (a `store`
/// that `import` filled, say), or nothing, may be replaced too.
pub fn check_replaceable(out: &Path) -> Result<(), PublishError> {
    let not = |why: String| PublishError::NotABundle {
        out: out.display().to_string(),
        why,
    };
    let entries = match std::fs::read_dir(out) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            return Err(not("it is a file".into()));
        }
        Err(e) => return Err(file_error(out)(e)),
    };
    let mut names = Vec::new();
    for e in entries {
        names.push(e.map_err(file_error(out))?.file_name());
    }
    names.sort();
    let is_bundle = names
        .iter()
        .any(|n| n == "catalog.ttl" || n == super::manifest::MANIFEST);
    let bundle_names = super::bundle_files();
    let foreign = names.iter().find(|n| {
        let n = n.to_string_lossy();
        // `.atlas-lod-staging`: what a killed run of earlier versions left inside.
        !(bundle_names.iter().any(|(b, _)| *b == n)
            || ["charts", super::manifest::STORE, ".atlas-lod-staging"].contains(&n.as_ref()))
    });
    match foreign {
        Some(first) if !is_bundle => Err(not(format!(
            "it holds {} but no catalog.ttl nor {}",
            first.to_string_lossy(),
            super::manifest::MANIFEST
        ))),
        _ => Ok(()),
    }
}

/// Flushes every file and folder under `dir` to disk, so that the swap never publishes a
/// bundle whose files a power cut could still lose.
pub fn sync_tree(dir: &Path) -> Result<(), PublishError> {
    for e in std::fs::read_dir(dir).map_err(file_error(dir))? {
        let e = e.map_err(file_error(dir))?;
        let path = e.path();
        let kind = e.file_type().map_err(file_error(&path))?;
        if kind.is_dir() {
            sync_tree(&path)?;
        } else if kind.is_file() {
            File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(file_error(&path))?;
        }
    }
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(file_error(dir))
}

/// Swaps the built bundle in: after this, `siblings.out` is the new bundle, and the old one is
/// deleted. Call with the lock held, after [`sync_tree`].
pub fn swap_in(siblings: &Siblings) -> Result<(), PublishError> {
    let (staging, out) = (&siblings.staging, &siblings.out);
    if !exists(out)? {
        std::fs::rename(staging, out).map_err(file_error(out))?;
    } else {
        match exchange(staging, out) {
            Ok(()) => {}
            Err(e) if unsupported(&e) => {
                // Not atomic: a kill between the two renames leaves the old bundle whole under
                // `old`, and `recover` puts it back.
                std::fs::rename(out, &siblings.old).map_err(file_error(out))?;
                std::fs::rename(staging, out).map_err(file_error(out))?;
            }
            Err(e) => return Err(file_error(out)(e)),
        }
    }
    if let Some(parent) = out.parent() {
        sync_dir(parent)?;
    }
    // The old bundle, now under the staging name (or `old`). The new one is in place whatever
    // happens here: what cannot be removed now is removed by the next run.
    let _ = remove(staging);
    let _ = remove(&siblings.old);
    Ok(())
}

/// Exchanges two paths in one step.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether the exchange failed for want of support (system or file system), not of rights.
fn unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        let code = e.raw_os_error();
        if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP]
            .iter()
            .any(|n| Some(n.raw_os_error()) == code)
        {
            return true;
        }
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Saves standard input to `path` (a file named `-` in a folder of its own, so that records
/// read from it still name their source `-`), and returns that file.
pub fn spool_stdin(folder: &Path) -> Result<PathBuf, PublishError> {
    std::fs::create_dir_all(folder).map_err(file_error(folder))?;
    let path = folder.join("-");
    let mut file = File::create(&path).map_err(file_error(&path))?;
    io::copy(&mut io::stdin().lock(), &mut file).map_err(file_error(&path))?;
    Ok(path)
}

/// Builds the bundle beside `siblings.out` and swaps it in (the lock held by the caller).
pub(super) fn build_and_swap(
    options: &PublishOptions,
    siblings: &Siblings,
    report: impl FnMut(Event<'_>),
) -> Result<Bundle, PublishError> {
    // Standard input is read twice (identities, then the import): saved first.
    let mut options = options.clone();
    if options.inputs.contains(&Input::Stdin) {
        let saved = spool_stdin(&siblings.stdin)?;
        // Said as such, rather than as a page rejected for being empty.
        let empty = std::fs::metadata(&saved).map_err(file_error(&saved))?.len() == 0;
        if empty && options.inputs.len() == 1 && !options.allow_empty {
            return Err(PublishError::Empty { read: 0 });
        }
        for i in &mut options.inputs {
            if *i == Input::Stdin {
                *i = Input::File(saved.clone());
            }
        }
    }
    let stage = &siblings.staging;
    std::fs::create_dir(stage).map_err(file_error(stage))?;
    let mut bundle = super::build::build(&options, stage, report)?;
    // A previous store that cannot be read does not stop the publication: it is said.
    match dropped(&siblings.out.join("store"), &stage.join("store")) {
        Ok(d) => bundle.no_longer_published = d,
        Err(e) => bundle.previous_unreadable = Some(e.to_string()),
    }
    bundle.manifest_sha256 = super::manifest::write(stage).map_err(file_error(stage))?;
    sync_tree(stage)?;
    swap_in(siblings)?;
    Ok(bundle)
}

/// The record graphs of the `old` store (the previous bundle's, if any) that the `new` one
/// does not hold: what this publication stops publishing.
fn dropped(old: &Path, new: &Path) -> Result<Vec<String>, PublishError> {
    if !old.join("CURRENT").is_file() {
        return Ok(Vec::new());
    }
    let prefix = MapOptions::default().base.graph("");
    let graphs = |path: &Path| -> Result<Vec<String>, PublishError> {
        let st = store::open_read_only(path)?;
        let mut out = Vec::new();
        for g in st.named_graphs() {
            let g = g.map_err(|e| store::storage_error(path, e))?;
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g
                && n.as_str().starts_with(&prefix)
            {
                out.push(n.into_string());
            }
        }
        Ok(out)
    };
    let kept: std::collections::HashSet<String> = graphs(new)?.into_iter().collect();
    Ok(graphs(old)?
        .into_iter()
        .filter(|g| !kept.contains(g))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_with_the_holders_pid_and_a_dropped_one_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let s = Siblings::of(&dir.path().join("bundle")).unwrap();
        let held = lock(&s).unwrap();
        // Another open file description of the same file: flock conflicts even in one process.
        match lock(&s) {
            Err(PublishError::Locked { pid, lock, .. }) => {
                assert_eq!(pid, Some(std::process::id()));
                assert!(lock.ends_with(".bundle.atlas-lod.lock"), "{lock}");
            }
            other => panic!("{other:?}"),
        }
        drop(held);
        lock(&s).unwrap();
    }

    #[test]
    fn swap_replaces_the_whole_folder_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let s = Siblings::of(&dir.path().join("bundle")).unwrap();
        std::fs::create_dir_all(&s.out).unwrap();
        std::fs::write(s.out.join("catalog.ttl"), "old").unwrap();
        std::fs::write(s.out.join("gone.csv"), "old").unwrap();
        std::fs::create_dir_all(&s.staging).unwrap();
        std::fs::write(s.staging.join("catalog.ttl"), "new").unwrap();
        swap_in(&s).unwrap();
        assert_eq!(
            std::fs::read_to_string(s.out.join("catalog.ttl")).unwrap(),
            "new"
        );
        assert!(!s.out.join("gone.csv").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn recovery_puts_back_a_bundle_left_half_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let s = Siblings::of(&dir.path().join("bundle")).unwrap();
        std::fs::create_dir_all(&s.old).unwrap();
        std::fs::write(s.old.join("catalog.ttl"), "old").unwrap();
        std::fs::create_dir_all(&s.staging).unwrap();
        recover(&s).unwrap();
        assert_eq!(
            std::fs::read_to_string(s.out.join("catalog.ttl")).unwrap(),
            "old"
        );
        assert!(!s.staging.exists() && !s.old.exists());
    }

    #[test]
    fn a_folder_of_other_files_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            check_replaceable(dir.path()),
            Err(PublishError::NotABundle { .. })
        ));
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        check_replaceable(&empty).unwrap();
        // A store `import` filled, alone: replaced by the bundle built from it.
        std::fs::create_dir(empty.join("store")).unwrap();
        check_replaceable(&empty).unwrap();
        check_replaceable(&dir.path().join("absent")).unwrap();
    }
}
