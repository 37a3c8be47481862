//! Canonical hashes of RDF: RDFC-1.0 canonical N-Quads, sorted, hashed with SHA-256. Two
//! graphs with the same hash hold the same triples, whatever their blank node labels.

use crate::vocab::{atlas, dcterms, prov};
use oxigraph::model::{NamedOrBlankNode, Quad};
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use sha2::{Digest, Sha256};

/// The canonical N-Quads lines of `dataset` (each ending in ` .\n`, sorted) and their SHA-256
/// in hex.
pub fn canonical(mut dataset: Dataset) -> (Vec<String>, String) {
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort_unstable();
    let mut hasher = Sha256::new();
    for l in &lines {
        hasher.update(l.as_bytes());
    }
    (lines, hex::encode(hasher.finalize()))
}

/// The canonical hash of `quads`.
pub fn quads_hash<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> String {
    let mut dataset = Dataset::new();
    for q in quads {
        dataset.insert(q);
    }
    canonical(dataset).1
}

/// Whether a quad says where its record was read (file, line, address, time): what differs
/// between two sources of the same partnership.
pub fn is_provenance(q: &Quad) -> bool {
    let about_graph = match (&q.subject, &q.graph_name) {
        (NamedOrBlankNode::NamedNode(s), oxigraph::model::GraphName::NamedNode(g)) => s == g,
        _ => false,
    };
    about_graph
        && [
            atlas::SOURCE_FILE,
            atlas::SOURCE_LINE,
            prov::WAS_DERIVED_FROM,
            dcterms::SOURCE,
            prov::GENERATED_AT_TIME,
        ]
        .contains(&q.predicate.as_ref())
}

/// The canonical hash of a record's quads without their provenance: the same partnership
/// read from a page, a JSON line or a table row has the same content hash.
pub fn content_hash(quads: &[Quad]) -> String {
    quads_hash(quads.iter().filter(|q| !is_provenance(q)))
}

/// A quick digest of a record's content (its quads as a set, without provenance): equal for
/// two readings of the same partnership, whatever the order of their quads. Not canonical
/// across blank nodes (record graphs have none) nor stable across versions: compare digests
/// of one run only.
pub fn content_digest(quads: &[Quad]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut each: Vec<u64> = quads
        .iter()
        .filter(|q| !is_provenance(q))
        .map(|q| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            q.hash(&mut h);
            h.finish()
        })
        .collect();
    each.sort_unstable();
    each.dedup();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    each.hash(&mut h);
    h.finish()
}
