//! What the benchmarks share: generated records (fixed seed) and a store loaded from them.
#![allow(dead_code)]

use atlas_lod::ingest::{Input, InputFormat};
use atlas_lod::jobs::import;
use std::path::{Path, PathBuf};

/// The record count given on the command line (`cargo bench --bench X -- COUNT`), or `default`.
pub fn count(default: u64) -> u64 {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .find_map(|a| a.parse().ok())
        .unwrap_or(default)
}

/// Writes `count` generated records (seed 2026) as JSON Lines in `dir`.
pub fn records_file(dir: &Path, count: u64) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let input = dir.join("records.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&input)?);
    for r in atlas_lod::generate::records(2026, count) {
        serde_json::to_writer(&mut w, &r)?;
        std::io::Write::write_all(&mut w, b"\n")?;
    }
    std::io::Write::flush(&mut w)?;
    Ok(input)
}

/// Imports `input` into a new store at `dir/store`, compacted as `publish` leaves the store it
/// serves (unless `NO_COMPACT` is set, to compare), and returns its path.
pub fn imported_store(dir: &Path, input: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let path = dir.join("store");
    let store = atlas_lod::store::open(&path)?;
    let options = import::ImportOptions {
        from: InputFormat::Jsonl.into(),
        compact: std::env::var_os("NO_COMPACT").is_none(),
        ..Default::default()
    };
    import::run(
        &store,
        vec![Input::File(input.to_path_buf())],
        &options,
        None,
        |_| {},
        |_| {},
    )?;
    Ok(path)
}
