//! Any bytes as the column mapping of a table (`--mapping FILE.toml`): parsed and checked, then,
//! when accepted, used to read the example table (header resolution, every row, mapping). An
//! error is a fine answer; a panic, a hang or a crash is a bug.

use atlas_lod::ingest::mapping::Mapping;
use atlas_lod::ingest::tabular::TableReader;
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::redact_and_map;
use std::sync::Arc;

const TABLE: &[u8] = include_bytes!("../../examples/csv/partnerships.csv");

/// One input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mapping) = Mapping::parse(text, "fuzz.toml") else {
        return;
    };
    let _ = mapping.columns.named();
    let _ = mapping.key_column();
    for record in TableReader::new(TABLE, "partnerships.csv".into(), Arc::new(mapping)).flatten() {
        let _ = redact_and_map(&MapOptions::default(), record);
    }
}
