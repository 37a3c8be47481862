//! Any bytes as JSON Lines of canonical records: reading every line, then mapping the records.

use atlas_lod::ingest::jsonl::JsonlReader;
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::redact_and_map;

/// One input.
pub fn run(data: &[u8]) {
    for record in JsonlReader::new(std::io::Cursor::new(data), "fuzz.jsonl".into()).flatten() {
        let _ = redact_and_map(&MapOptions::default(), record);
    }
}
