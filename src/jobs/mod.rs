//! The jobs: what the commands run, each a loop over the pipeline's outcomes.
//!
//! - [`pipeline`]: read -> map -> validate, in parallel batches, in input order;
//! - [`drive`]: the one loop over the pipeline's outcomes (counts, rejects, the [`Event`]s
//!   every job reports), into a job's [`drive::Sink`];
//! - [`convert`]: records to one RDF document (or canonical records);
//! - [`import`]: records into the store (bulk load or transactions, prune);
//! - [`validate`]: the `validate` command's inputs (pages, records, RDF) against the shapes.
//!
//! The publication ([`crate::publish`]) and the synthetic data ([`crate::generate`]) are jobs
//! too, in folders of their own.

pub mod convert;
pub mod drive;
pub mod import;
pub mod pipeline;
pub mod validate;

pub use drive::Event;
