//! Records to RDF: vocabulary, IRI minting, the mapping, and the writers.

pub mod hash;
pub mod iri;
pub mod jsonld;
pub mod map;
pub mod service;
pub mod vocab;
pub mod write;

pub use iri::Base;
pub use map::{MapOptions, Mapper};
pub use write::{OutputFormat, RdfWriter};

/// The ontology (`ontology/atlas.ttl`).
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/atlas.ttl");
/// The status, partnership-kind, role and 1% law schemes (`ontology/schemes.ttl`).
pub const SCHEMES_TTL: &str = include_str!("../../ontology/schemes.ttl");
