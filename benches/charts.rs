//! Drawing every Atlas-wide chart (reading their numbers from the store, then the SVG) for a
//! store of 15,000 generated records: the time the first home page view costs.
//!
//! `cargo bench --bench charts [-- COUNT]`

mod common;

use atlas_lod::charts::{self, svg::Lang};
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count = common::count(15_000);
    let dir = tempfile::tempdir()?;
    let input = common::records_file(dir.path(), count)?;
    let store = atlas_lod::store::open_read_only(&common::imported_store(dir.path(), &input)?)?;
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
