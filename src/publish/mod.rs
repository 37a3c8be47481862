//! `publish`: import, validate, and write the bundle a publisher uploads to data.gouv.fr —
//! dumps, flat CSV files, the validation report and rejects, VoID, a README and a DCAT-AP
//! catalogue describing every file (size and SHA-256 read back from the file).
//!
//! - `build`: the steps of a bundle, in order;
//! - [`config`]: the publisher's settings (`atlas-lod.toml`);
//! - [`dates`]: the dates of a release, with one precedence;
//! - `files`: which files a bundle holds, and how each is written and measured;
//! - `facts`: what the data says (counts, years, countries, keywords), for the descriptions;
//! - [`tables`]: the CSV files;
//! - [`places`]: the foreign partners' places and the twinnings compared with Wikidata's;
//! - [`catalog`]: the DCAT-AP 3.0.1 catalogue;
//! - [`readme`]: the dataset's README;
//! - [`iati`]: the IATI 2.03 activity file (`export iati`, and `iati-activities.xml` in a
//!   bundle when the publisher's IATI organisation identifier is set, its own step);
//! - [`personal`]: the last check that no contact's name or e-mail is in a file.
//!
//! Uploading, pushing and verifying a bundle are in [`crate::deliver`].
//!
//! A bundle holds only what its run read, and is replaced whole or not at all ([`replace`]):
//! the store is built afresh in a staging folder beside the bundle, every file is written there,
//! checked and listed in `SHA256SUMS` ([`manifest`]), and the folder is then swapped with the
//! bundle in one rename. A run that fails (an input that cannot be read, no record to publish, a
//! name found in a file), or is killed, leaves the previous bundle as it was.

mod build;
pub mod catalog;
pub mod config;
pub mod dates;
pub mod diff;
mod error;
mod facts;
mod files;
pub mod iati;
pub mod identity;
pub mod manifest;
pub mod package;
pub mod personal;
pub mod places;
pub mod previous;
pub mod readme;
pub mod replace;
pub mod schema_org;
pub mod tables;

use crate::ingest::{Input, Reading};
use crate::jobs::Event;
use crate::jobs::import;
use crate::model::privacy::ContactPolicy;
use crate::rdf::Base;
use catalog::{DataFacts, FileEntry};
use config::Config;
pub use error::PublishError;
use error::file_error;
pub use facts::facts;
pub use files::{CATALOG_FILES, bundle_files, measure, write_charts, write_triples};
use std::path::PathBuf;

/// How to publish.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// The inputs, as `import` reads them.
    pub inputs: Vec<Input>,
    /// How to read them.
    pub from: Reading,
    /// The bundle folder (its store goes in `store/`).
    pub out: PathBuf,
    /// The publisher's settings.
    pub config: Config,
    /// Contacts profile: `role` unless the publisher asks for more.
    pub contacts: ContactPolicy,
    /// The SPARQL endpoint that will serve the data, if any.
    pub endpoint_url: Option<String>,
    /// Today, when the release is to be dated today (`--now`) rather than from the config or
    /// the data; the caller reads the clock ([`dates`]).
    pub today: Option<chrono::NaiveDate>,
    /// The date of `SOURCE_DATE_EPOCH`, read by the caller: dates the release when the config
    /// does not ([`dates`]).
    pub source_date: Option<chrono::NaiveDate>,
    /// The namespace of the minted IRIs.
    pub base: Base,
    /// Users' shapes on top of ours.
    pub extra_shapes: Vec<(String, String)>,
    /// Inputs named on the command line that could not be found or read, published without
    /// because the publisher said so (`--allow-partial`); said in the README and catalogue.
    pub missing_inputs: Vec<String>,
    /// Publish even when an input cannot be read during the run.
    pub allow_partial: bool,
    /// Publish even when no record is left to publish (by default the previous bundle stays).
    pub allow_empty: bool,
    /// Rebuild the Wikidata links from this cache of `link wikidata` answers, offline.
    pub wikidata_cache: Option<PathBuf>,
    /// With the cache: the review file of the foreign partners' places (read only); the
    /// places are rebuilt and the bundle holds `places.csv`, `twinnings.csv` and
    /// `quickstatements.txt` ([`places`]).
    pub review: Option<PathBuf>,
    /// The previous release (its bundle folder, or the URL of it): partnerships keep their
    /// IRIs across releases, and the bundle says what changed (`identity`, `diff`).
    pub previous: Option<String>,
}

/// What a publish run made.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The files described by the catalogue, in catalogue order.
    pub files: Vec<FileEntry>,
    /// The import's counts.
    pub import: import::ImportSummary,
    /// Rows of the CSV files.
    pub tables: tables::TableCounts,
    /// The places' files, when the bundle has them.
    pub places: Option<places::PlacesCounts>,
    /// SHA-256 of the RDFC-1.0 canonical N-Quads of the data.
    pub canonical_sha256: String,
    /// Validation results: violations, warnings.
    pub violations: usize,
    /// Warnings.
    pub warnings: usize,
    /// What the data says.
    pub facts: DataFacts,
    /// The charts written in `charts/`: (id, title).
    pub charts: Vec<(String, String)>,
    /// Record graphs of the previous bundle's store that this run does not publish (its inputs
    /// do not hold them, or they were rejected), in store order.
    pub no_longer_published: Vec<String>,
    /// Why the previous bundle's store could not be compared with this one, if it could not.
    pub previous_unreadable: Option<String>,
    /// Which release this is, and what changed since the previous one.
    pub release: catalog::Release,
    /// The partnerships that kept an earlier IRI, and those left new for want of a single
    /// candidate.
    pub matching: identity::Matching,
    /// What changed since the previous release (empty without `--previous`).
    pub changes: Vec<diff::Change>,
    /// Partnerships retired, by this release or an earlier one.
    pub retired: usize,
    /// SHA-256 of the bundle's `SHA256SUMS` (`verify --expect` takes it).
    pub manifest_sha256: String,
    /// Whether `iati-activities.xml` was written, and the partnerships it left out.
    pub iati: iati::bundle::InBundle,
}

/// Runs the whole job: takes the lock of `options.out`, builds the bundle beside it, checks it,
/// then swaps it in ([`replace`]). On any error `options.out` is untouched and whatever the run
/// wrote beside it is removed.
pub fn run(
    options: &PublishOptions,
    report: impl FnMut(Event<'_>),
) -> Result<Bundle, PublishError> {
    let siblings = replace::Siblings::of(&options.out)?;
    let _lock = replace::lock(&siblings)?;
    replace::recover(&siblings)?;
    replace::check_replaceable(&siblings.out)?;
    let result = replace::build_and_swap(options, &siblings, report);
    // A failed run's files; after a swap, already gone. Left to the next run if this fails.
    let _ = replace::remove(&siblings.staging);
    let _ = replace::remove(&siblings.stdin);
    result
}
