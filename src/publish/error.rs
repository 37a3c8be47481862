//! What can go wrong when publishing.

use super::previous;
use crate::store::{StoreError, dump};
use std::io;
use std::path::Path;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The import into the bundle's store stopped.
    #[error(transparent)]
    Import(#[from] crate::jobs::import::ImportError),
    /// The store, below.
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// Dumping.
    #[error(transparent)]
    Dump(#[from] dump::DumpError),
    /// Writing a file.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// Other I/O.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A query over the store.
    #[error(transparent)]
    Query(#[from] crate::store::describe::DescribeError),
    /// The store's full-text index could not be built.
    #[error(transparent)]
    Search(#[from] crate::store::search::SearchError),
    /// The previous release named by `--previous` cannot be read.
    #[error(transparent)]
    Previous(#[from] previous::PreviousError),
    /// Inputs could not be read: nothing is published without `--allow-partial`.
    #[error(
        "{count} input(s) could not be read: nothing was published (the previous bundle, if any, is untouched); give --allow-partial to publish the rest"
    )]
    UnreadableInputs {
        /// How many.
        count: usize,
    },
    /// The run read no record to publish: an empty bundle replaces nothing without
    /// `--allow-empty`.
    #[error(
        "{}: nothing was published (the previous bundle, if any, is untouched); give --allow-empty to publish an empty bundle",
        if *read == 0 { "no record was read from the inputs".to_string() } else { format!("all {read} record(s) read were rejected") }
    )]
    Empty {
        /// Records read (all rejected).
        read: usize,
    },
    /// Another run holds the bundle folder.
    #[error(
        "{out} is being published by another run ({}; lock {lock}): nothing was done; run again once it has finished",
        match pid { Some(p) => format!("pid {p}"), None => "pid unknown".to_string() }
    )]
    Locked {
        /// The bundle folder.
        out: String,
        /// The lock file.
        lock: String,
        /// The pid of the run that holds it, as it wrote it.
        pid: Option<u32>,
    },
    /// `--out` is not a bundle and not empty: it is not replaced.
    #[error(
        "{out} is not a bundle ({why}): publish replaces --out whole, so it must be a bundle, an empty folder or a new path"
    )]
    NotABundle {
        /// The folder.
        out: String,
        /// Why it is not one.
        why: String,
    },
    /// An e-mail address or a phone number (anyone's) is in a file about to be published under
    /// `role` or `none`.
    #[error(
        "{file} would hold {what} (not quoted: personal data); nothing was published. Under --contacts role or none no e-mail address (but publisher.contact_email) and no phone number is published: remove it from the input, or publish with --contacts full"
    )]
    ContactDetails {
        /// The bundle file, by name.
        file: String,
        /// What was found: "an e-mail address" or "a phone number".
        what: String,
    },
    /// A contact's name or e-mail is in a file about to be published under `role` or `none`.
    #[error(
        "{file} would hold the name or e-mail of a contact read at {source_file}:{line} (not quoted: personal data); nothing was published. Remove it from the input (a free-text field that quotes the person), or publish with --contacts full"
    )]
    PersonalData {
        /// The bundle file, by name.
        file: String,
        /// Where the contact was read.
        source_file: String,
        /// Its line.
        line: usize,
    },
    /// Linking to Wikidata from a cache.
    #[error("linking to Wikidata from {path}: {message}")]
    Link {
        /// The cache file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

pub(super) fn file_error(path: &Path) -> impl FnOnce(io::Error) -> PublishError + '_ {
    move |source| PublishError::File {
        path: path.display().to_string(),
        source,
    }
}
