//! Records to RDF: vocabulary, IRI minting, the mapping, and the writers.
//!
//! - [`vocab`]: every term, once, as `NamedNodeRef` constants;
//! - [`iri`]: the deterministic IRIs (base, record ids, concepts);
//! - [`map`]: a `Record` to its quads, in its own graph;
//! - [`write`]: the serializers (Turtle first), [`jsonld`]: JSON-LD with our context;
//! - [`hash`]: the content hash of a record's quads;
//! - [`service`]: the SPARQL service description, as RDF.

pub mod fields;
pub mod hash;
pub mod identity;
pub mod iri;
pub mod jsonld;
pub mod map;
pub mod service;

pub mod write;

pub use iri::Base;
pub use map::{MapOptions, Mapper};
pub use write::{OutputFormat, RdfWriter};

/// The ontology (`ontology/atlas.ttl`).
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/atlas.ttl");
/// The status, partnership-kind, role and 1% law schemes (`ontology/schemes.ttl`).
pub const SCHEMES_TTL: &str = include_str!("../../ontology/schemes.ttl");
