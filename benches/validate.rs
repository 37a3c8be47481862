//! Validation throughput: 15,000 generated records validated per record on all cores, as the
//! pipeline does. Writes the first 1,000 records and the effective shapes for the side-by-side
//! pySHACL run of `bench/validate.sh`.
//!
//! `cargo bench --bench validate [-- COUNT OUT_DIR]` (`FULL_TTL=1` writes every record, to
//! `records-COUNT.ttl`). The last but two lines of output are one JSON line for `bench/run`.

use atlas_lod::generate;
use atlas_lod::rdf::map::{record_theme_quads, redact_and_map};
use atlas_lod::rdf::{MapOptions, OutputFormat, RdfWriter};
use atlas_lod::validate::{Severity, Validator, shapes};
use rayon::prelude::*;
use std::time::Instant;

/// As in the CLI (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let count: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(15_000);
    let out_dir = std::path::PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "target/bench".into()),
    );
    std::fs::create_dir_all(&out_dir)?;

    let options = MapOptions::default();
    let graphs: Vec<Vec<oxigraph::model::Quad>> = generate::records(2026, count)
        .map(|r| {
            let mut q = redact_and_map(&options, r.clone());
            q.extend(record_theme_quads(&r));
            q
        })
        .collect();
    let triples: usize = graphs.iter().map(Vec::len).sum();

    let t = Instant::now();
    let validator = Validator::new(&[])?;
    let compile = t.elapsed();
    // One warm-up pass over a few records, then the measured runs.
    for g in graphs.iter().take(50) {
        validator.validate_quads(g)?;
    }
    let mut times = Vec::new();
    let mut results = (0, 0);
    if let Ok(b) = std::env::var("BATCH") {
        let b: usize = b.parse()?;
        let t = Instant::now();
        let merged: Vec<Vec<oxigraph::model::Quad>> =
            graphs.chunks(b).map(|c| c.concat()).collect();
        let n: usize = merged
            .par_iter()
            .map(|g| validator.validate_quads(g).map(|f| f.len()))
            .sum::<Result<usize, _>>()?;
        println!("batch {b}: {:.3} s, {n} results", t.elapsed().as_secs_f64());
    }
    for _ in 0..3 {
        let t = Instant::now();
        let findings: Vec<_> = graphs
            .par_iter()
            .map(|g| validator.validate_quads(g))
            .collect::<Result<Vec<_>, _>>()?;
        times.push(t.elapsed().as_secs_f64());
        results = findings
            .iter()
            .flatten()
            .fold((0, 0), |(v, w), f| match f.severity {
                Severity::Violation => (v + 1, w),
                _ => (v, w + 1),
            });
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "shapes compiled in {:.1} ms",
        compile.as_secs_f64() * 1000.0
    );
    println!(
        "atlas-lod: {count} records ({triples} triples) validated in {median:.3} s (median of 3: {:.3} .. {:.3}), {:.0} records/s, {} violations, {} warnings, {} threads",
        times[0],
        times[times.len() - 1],
        count as f64 / median,
        results.0,
        results.1,
        rayon::current_num_threads()
    );

    println!(
        "{{\"tool\": \"atlas-lod\", \"records\": {count}, \"triples\": {triples}, \"times\": {times:?}, \"violations\": {}, \"warnings\": {}, \"threads\": {}}}",
        results.0,
        results.1,
        rayon::current_num_threads()
    );

    // The first 1,000 records (all of them with FULL_TTL=1) for the other engines, with the
    // shapes as we apply them.
    let sample = if std::env::var_os("FULL_TTL").is_some() {
        graphs.len()
    } else {
        1000.min(graphs.len())
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(
        out_dir.join(format!("records-{sample}.ttl")),
    )?);
    let mut writer = RdfWriter::new(OutputFormat::Turtle, &mut file)?;
    for g in graphs.iter().take(sample) {
        writer.write_graph(&mut g.clone())?;
    }
    writer.finish()?;
    std::fs::write(
        out_dir.join("shapes.ttl"),
        shapes::atlas_shapes_for_current_year(),
    )?;
    let t = Instant::now();
    let sample_findings: usize = graphs[..sample]
        .par_iter()
        .map(|g| validator.validate_quads(g).map(|f| f.len()))
        .sum::<Result<usize, _>>()?;
    println!(
        "atlas-lod: {sample} records validated in {:.3} s, {sample_findings} results",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
