//! The embedded Oxigraph store (RocksDB on disk): import, query, dump.
//!
//! Layout: one named graph per record (`{base}graph/{id}`), the theme scheme in
//! `https://w3id.org/atlas-lod/theme/`, the ontology and the status/kind/role/levy schemes in
//! graphs of their own.
//!
//! - this module: opening (read-write, read-only), what an error of the store means;
//! - [`base`]: the instance namespace the store's records were minted under;
//! - [`query`]: SPARQL and its result formats; [`dump`]: dumps and RDFC-1.0;
//! - [`labels`]: the name of a resource, a theme's path; [`resource`]: one resource's
//!   statements; [`describe`]: VoID and counting SELECTs;
//! - [`statistics`]: the statistics cube (RDF Data Cube), counted and read back.

pub mod base;
pub mod describe;
pub mod dump;
pub mod labels;
pub mod place;
pub mod query;
pub mod resource;
pub mod retired;
pub mod search;
pub mod statistics;

use oxigraph::store::{StorageError, Store};
use std::path::{Path, PathBuf};

/// Graph of the ontology (`ontology/atlas.ttl`).
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/atlas-lod/ontology";
/// Graph of the status, kind, role and 1% law schemes (`ontology/schemes.ttl`).
pub const SCHEMES_GRAPH: &str = "https://w3id.org/atlas-lod/schemes";
/// Graph of the `owl:sameAs` links to Wikidata (`link wikidata`); outside the record graphs,
/// so `import --prune` leaves it.
pub const WIKIDATA_LINKS_GRAPH: &str = "https://w3id.org/atlas-lod/links/wikidata";
/// Graph of the theme scheme.
pub const THEMES_GRAPH: &str = crate::vocab::ns::THEME;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process has the store open.
    #[error("the store {path} is in use by another process (close it, or wait for it to finish)")]
    Locked {
        /// The store folder.
        path: String,
    },
    /// RocksDB or Oxigraph failed (the cause is in the message, not chained: RocksDB's own
    /// message already repeats its cause, and chaining printed it twice).
    #[error("store {path}: {cause}")]
    Storage {
        /// The store folder.
        path: String,
        /// The underlying error.
        cause: StorageError,
    },
    /// RocksDB found the store's files damaged.
    #[error(
        "store {path} is damaged: {cause} (restore it from a backup, or import again into an empty folder)"
    )]
    Corrupt {
        /// The store folder.
        path: String,
        /// RocksDB's words.
        cause: StorageError,
    },
    /// The store holds records minted under another base IRI than this run's `--base`.
    #[error(
        "the store {path} holds records under {held}, not {asked}: import with --base {held}, or into an empty folder"
    )]
    OtherBase {
        /// The store folder.
        path: String,
        /// The base the store's records have.
        held: String,
        /// The base this run mints under.
        asked: String,
    },
    /// Writing an output failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// An open store with the folder it lives in: every error it gives names the folder.
pub struct Handle {
    store: Store,
    path: PathBuf,
}

impl Handle {
    /// The store folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `e`, classified and naming the store folder (see [`storage_error`]).
    pub fn error(&self, e: StorageError) -> StoreError {
        storage_error(&self.path, e)
    }
}

impl std::ops::Deref for Handle {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

/// Opens (or creates, with its parent folders) the store in `path` for writing.
pub fn open(path: &Path) -> Result<Handle, StoreError> {
    std::fs::create_dir_all(path).map_err(|e| storage_error(path, StorageError::Io(e)))?;
    let store = Store::open(path).map_err(|e| storage_error(path, e))?;
    Ok(Handle {
        store,
        path: path.to_path_buf(),
    })
}

/// Fails when `path` holds no store (a mistyped path must not become a new, empty store).
fn existing(path: &Path) -> Result<(), StoreError> {
    if path.join("CURRENT").is_file() {
        return Ok(());
    }
    Err(StoreError::Storage {
        path: path.display().to_string(),
        cause: StorageError::Other("no store here (import into it first)".into()),
    })
}

/// Opens the store in `path` for writing; it must exist (what adds to a store, as `link`
/// does, never creates one).
pub fn open_existing(path: &Path) -> Result<Handle, StoreError> {
    existing(path)?;
    open(path)
}

/// Opens an existing store in `path` for reading only (several readers may share it).
pub fn open_read_only(path: &Path) -> Result<Handle, StoreError> {
    existing(path)?;
    let store = Store::open_read_only(path).map_err(|e| storage_error(path, e))?;
    Ok(Handle {
        store,
        path: path.to_path_buf(),
    })
}

/// Whether the store holds contacts' names or e-mail addresses (`foaf:givenName`,
/// `foaf:familyName`, `foaf:mbox`: what `--contacts full` writes), in any graph.
pub fn holds_personal_data(store: &Store) -> Result<bool, StorageError> {
    use crate::vocab::foaf;
    for p in [foaf::MBOX, foaf::GIVEN_NAME, foaf::FAMILY_NAME] {
        if let Some(q) = store.quads_for_pattern(None, Some(p), None, None).next() {
            q?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Classifies a storage error by its kind: another process holding the store, a full disk, a
/// damaged store, or anything else (with RocksDB's own words).
pub fn storage_error(path: &Path, e: StorageError) -> StoreError {
    let path_text = path.display().to_string();
    match &e {
        StorageError::Io(io) if is_lock_error(io) => StoreError::Locked { path: path_text },
        StorageError::Corruption(_) => StoreError::Corrupt {
            path: path_text,
            cause: e,
        },
        _ => StoreError::Storage {
            path: path_text,
            cause: e,
        },
    }
}

/// Whether an I/O error is RocksDB failing to take the store's `LOCK` file. Its file lock
/// fails with `IO error: While lock file: DIR/LOCK: <errno text>` (another process) or
/// `IO error: lock hold by current process, ...` (this one): the status's fields are compared
/// one by one, as Oxigraph splits them, never the message as a whole.
fn is_lock_error(io: &std::io::Error) -> bool {
    let Some(inner) = io.get_ref() else {
        return false;
    };
    let message = inner.to_string();
    let mut fields = message.split(": ");
    if fields.next() != Some("IO error") {
        return false;
    }
    match fields.next() {
        Some("While lock file") => fields.next().is_some_and(|f| f.ends_with("/LOCK")),
        Some(f) => f.starts_with("lock hold by current process"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(message: &str) -> StorageError {
        StorageError::Io(std::io::Error::other(message.to_string()))
    }

    #[test]
    fn errors_are_told_apart_by_kind() {
        let p = Path::new("/data/store");
        let locked =
            io("IO error: While lock file: /data/store/LOCK: Resource temporarily unavailable");
        assert!(matches!(
            storage_error(p, locked),
            StoreError::Locked { .. }
        ));
        let same = io(
            "IO error: lock hold by current process, acquire time 1 acquiring thread 2: /data/store/LOCK: No locks available",
        );
        assert!(matches!(storage_error(p, same), StoreError::Locked { .. }));
        // "block" holds "lock": a checksum error is not a store in use.
        let block = io(
            "IO error: block checksum mismatch: stored = 1, computed = 2 in /data/store/000012.sst",
        );
        assert!(matches!(
            storage_error(p, block),
            StoreError::Storage { .. }
        ));
        let other =
            io("IO error: While reading block: /data/store/000012.sst: lock-free read failed");
        assert!(matches!(
            storage_error(p, other),
            StoreError::Storage { .. }
        ));
        let text = StorageError::Other("unlocked block".into());
        assert!(matches!(storage_error(p, text), StoreError::Storage { .. }));
    }
}
