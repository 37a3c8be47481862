//! Regression guard of the hot paths, with criterion: reading the seed page, mapping its
//! record to quads, validating its record graph, and the same for a generated record with
//! many funding rows. `cargo bench --bench hot_paths -- --save-baseline main` records a
//! baseline; `-- --baseline main` compares a change with it.

use atlas_lod::generate;
use atlas_lod::ingest::read_page_bytes;
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::{record_theme_quads, redact_and_map};
use atlas_lod::validate::Validator;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// As in the CLI (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn seed() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seeds/000_2c1789aab79a3d11.txt"
    );
    std::fs::read(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (../shared must be beside the repository)"))
}

fn hot_paths(c: &mut Criterion) {
    let page = seed();
    let options = MapOptions::default();
    let validator = Validator::new(&[]).unwrap_or_else(|e| panic!("shapes: {e}"));
    let record = read_page_bytes(&page, "seed.txt").unwrap_or_else(|e| panic!("{e}"));
    let big = generate::records(7, 200)
        .max_by_key(|r| r.funding.len())
        .unwrap_or_else(|| panic!("no generated record"));

    c.bench_function("read seed page", |b| {
        b.iter(|| read_page_bytes(black_box(&page), "seed.txt"))
    });
    c.bench_function("map seed record", |b| {
        b.iter(|| redact_and_map(black_box(&options), black_box(record.clone())))
    });
    c.bench_function("map generated record (most funding rows of 200)", |b| {
        b.iter(|| redact_and_map(black_box(&options), black_box(big.clone())))
    });
    for (name, r) in [("seed", &record), ("generated", &big)] {
        let mut quads = redact_and_map(&options, r.clone());
        quads.extend(record_theme_quads(r));
        c.bench_function(&format!("validate {name} record graph"), |b| {
            b.iter(|| validator.validate_quads(black_box(&quads)))
        });
    }
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
