//! atlas-lod: the French *Atlas de la coopération décentralisée* as linked open data.
//!
//! The pipeline, one module per stage:
//! - [`ingest`]: readers (Atlas text pages, JSON Lines) yielding one [`model::Record`] at a time;
//! - [`model`]: the canonical record, the contract between stages (plus countries, themes,
//!   privacy profiles);
//! - [`rdf`]: vocabulary, deterministic IRIs, the Record -> quads mapping, the writers and the
//!   service description;
//! - [`validate`]: the SHACL shapes and the per-record reports;
//! - [`store`]: the embedded Oxigraph store (query, dump, labels, its description);
//! - [`jobs`]: the pipeline, the one drive loop and its sinks: the `convert`, `import` and
//!   `validate` jobs;
//! - [`charts`]: SVG charts of the Atlas, for the pages and the bundle;
//! - [`publish`]: the data.gouv.fr bundle (dumps, CSV, DCAT-AP catalogue);
//! - [`deliver`]: a bundle uploaded to data.gouv.fr, pushed to a triple store, or verified;
//! - [`serve`]: the SPARQL endpoint and Linked Data pages over a store;
//! - [`generate`]: synthetic records and pages of realistic shape, for tests and benchmarks.

pub mod charts;
pub mod deliver;
pub mod generate;
pub mod http;
pub mod ingest;
pub mod jobs;
pub mod link;
pub mod model;
pub mod publish;
pub mod rdf;
pub mod serve;
pub mod store;
pub mod validate;
pub mod vocab;

pub use jobs::{convert, pipeline};
pub use model::Record;
