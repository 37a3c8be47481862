//! The embedded Oxigraph store (RocksDB on disk): import, query, dump.
//!
//! Layout: one named graph per record (`{base}graph/{id}`), the theme scheme in
//! `https://w3id.org/atlas-lod/theme/`, the ontology and the status/kind/role/levy schemes in
//! graphs of their own.

pub mod dump;
pub mod import;
pub mod labels;
pub mod query;

use oxigraph::store::{StorageError, Store};
use std::path::Path;

/// Graph of the ontology (`ontology/atlas.ttl`).
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/atlas-lod/ontology";
/// Graph of the status, kind, role and 1% law schemes (`ontology/schemes.ttl`).
pub const SCHEMES_GRAPH: &str = "https://w3id.org/atlas-lod/schemes";
/// Graph of the `owl:sameAs` links to Wikidata (`link wikidata`); outside the record graphs,
/// so `import --prune` leaves it.
pub const WIKIDATA_LINKS_GRAPH: &str = "https://w3id.org/atlas-lod/links/wikidata";
/// Graph of the theme scheme.
pub const THEMES_GRAPH: &str = crate::rdf::vocab::ns::THEME;

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
    /// Loading the shapes failed.
    #[error(transparent)]
    Shapes(#[from] crate::validate::ValidateError),
    /// Writing an output failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Opens (or creates) the store in `path` for writing.
pub fn open(path: &Path) -> Result<Store, StoreError> {
    Store::open(path).map_err(|e| storage_error(path, e))
}

/// Opens an existing store in `path` for reading only (several readers may share it).
pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
    if !path.join("CURRENT").is_file() {
        return Err(StoreError::Storage {
            path: path.display().to_string(),
            cause: StorageError::Other("no store here (import into it first)".into()),
        });
    }
    Store::open_read_only(path).map_err(|e| storage_error(path, e))
}

/// RocksDB says "lock" when another process holds the store: say so plainly.
pub fn storage_error(path: &Path, e: StorageError) -> StoreError {
    let text = e.to_string().to_lowercase();
    if text.contains("lock") {
        StoreError::Locked {
            path: path.display().to_string(),
        }
    } else {
        StoreError::Storage {
            path: path.display().to_string(),
            cause: e,
        }
    }
}
