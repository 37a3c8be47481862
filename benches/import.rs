//! Import throughput, side by side in one run: 15,000 generated records imported into a new
//! store (read, map, validate, bulk load), then the same quads dumped to N-Quads and loaded
//! with Oxigraph's bulk loader alone; then a re-import of the unchanged input.
//!
//! `cargo bench --bench import [-- COUNT]`

mod common;

use atlas_lod::ingest::{Input, InputFormat};
use atlas_lod::jobs::import;
use atlas_lod::rdf::OutputFormat;
use atlas_lod::store::dump;
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::time::Instant;

/// As in the CLI (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn import_once(
    store: &atlas_lod::store::Handle,
    input: &std::path::Path,
) -> Result<import::ImportSummary, Box<dyn std::error::Error>> {
    let options = import::ImportOptions {
        from: InputFormat::Jsonl.into(),
        ..Default::default()
    };
    Ok(import::run(
        store,
        vec![Input::File(input.to_path_buf())],
        &options,
        None,
        |_| {},
        |_| {},
    )?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count = common::count(15_000);
    let dir = tempfile::tempdir()?;
    let input = common::records_file(dir.path(), count)?;

    let path = dir.path().join("store");
    let store = atlas_lod::store::open(&path)?;
    let t = Instant::now();
    let s = import_once(&store, &input)?;
    let import_s = t.elapsed().as_secs_f64();
    println!(
        "import: {count} records, {} quads, {import_s:.2} s ({:.0} quads/s, {:.0} records/s), {} rejected",
        s.quads,
        s.quads as f64 / import_s,
        count as f64 / import_s,
        s.rejected
    );

    let nq = dir.path().join("dump.nq");
    dump::dump(
        &store,
        OutputFormat::Nquads,
        None,
        std::io::BufWriter::new(std::fs::File::create(&nq)?),
    )?;
    let raw_path = dir.path().join("raw");
    let raw = Store::open(&raw_path)?;
    let t = Instant::now();
    let bytes = std::fs::read(&nq)?;
    let mut loader = raw
        .bulk_loader()
        .with_num_threads(2)
        .with_max_memory_size_in_megabytes(256);
    loader.load_from_slice(RdfFormat::NQuads, &bytes)?;
    loader.commit()?;
    let raw_s = t.elapsed().as_secs_f64();
    let raw_quads = raw.len()?;
    println!(
        "raw bulk load of the same quads: {raw_quads} quads, {raw_s:.2} s ({:.0} quads/s)",
        raw_quads as f64 / raw_s
    );
    println!(
        "import throughput / raw bulk load throughput: {:.0}%",
        100.0 * raw_s / import_s
    );

    let t = Instant::now();
    let s2 = import_once(&store, &input)?;
    let reimport_s = t.elapsed().as_secs_f64();
    println!(
        "re-import of the unchanged input: {reimport_s:.2} s ({} unchanged, {} replaced), {:.2}x the first import",
        s2.unchanged,
        s2.replaced,
        reimport_s / import_s
    );
    Ok(())
}
