//! Drawing every Atlas-wide chart (reading their numbers from the store, then the SVG) for a
//! store of 15,000 generated records: the time the first home page view costs.
//!
//! `cargo bench --bench charts [-- COUNT]`

use atlas_lod::charts::{self, svg::Lang};
use atlas_lod::ingest::{Input, InputFormat};
use atlas_lod::store::import;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let count: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(15_000);
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("records.jsonl");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&input)?);
        for r in atlas_lod::generate::records(2026, count) {
            serde_json::to_writer(&mut w, &r)?;
            std::io::Write::write_all(&mut w, b"\n")?;
        }
    }
    let path = dir.path().join("store");
    let store = atlas_lod::store::open(&path)?;
    let options = import::ImportOptions {
        from: InputFormat::Jsonl,
        ..Default::default()
    };
    import::run(
        &store,
        &path,
        vec![Input::File(input)],
        &options,
        None,
        |_| {},
        |_| {},
    )?;
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let data = charts::data::atlas(&store)?;
        let read = t.elapsed().as_secs_f64();
        let all = charts::atlas_charts(&data, Lang::Fr, "2026-11-26");
        let total = t.elapsed().as_secs_f64();
        let bytes: usize = all.iter().map(|c| c.svg.len()).sum();
        times.push((total, read, bytes));
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (min, max) = (times[0].0, times[times.len() - 1].0);
    let (median, read, bytes) = times[times.len() / 2];
    println!(
        "charts, {count} records: median {:.0} ms (reading the numbers {:.0} ms), min {:.0} ms, max {:.0} ms, 5 charts, {} KB of SVG",
        median * 1000.0,
        read * 1000.0,
        min * 1000.0,
        max * 1000.0,
        bytes / 1024
    );
    Ok(())
}
