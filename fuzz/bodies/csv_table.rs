//! Any bytes as a table read through the example mapping: decoding, delimiter detection,
//! header resolution, every row, then mapping the records.

use atlas_lod::ingest::mapping::Mapping;
use atlas_lod::ingest::tabular::TableReader;
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::redact_and_map;
use std::sync::{Arc, OnceLock};

fn mapping() -> Option<Arc<Mapping>> {
    static MAPPING: OnceLock<Option<Arc<Mapping>>> = OnceLock::new();
    MAPPING
        .get_or_init(|| {
            Mapping::parse(
                include_str!("../../examples/csv/mapping.toml"),
                "mapping.toml",
            )
            .ok()
            .map(Arc::new)
        })
        .clone()
}

/// One input.
pub fn run(data: &[u8]) {
    let Some(mapping) = mapping() else { return };
    for record in TableReader::new(data, "fuzz.csv".into(), mapping).flatten() {
        let _ = redact_and_map(&MapOptions::default(), record);
    }
}
