//! Any bytes as an Atlas page: decoding, reading, then mapping what was read to RDF. An error
//! is a fine answer; a panic, a hang or a crash is a bug.

use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::redact_and_map;

/// One input.
pub fn run(data: &[u8]) {
    if let Ok(record) = atlas_lod::ingest::read_page_bytes(data, "fuzz.txt") {
        let _ = redact_and_map(&MapOptions::default(), record);
    }
}
