//! The `queries/` set on a store, in process, as `bench/run` compares it with pyoxigraph on
//! the same data: every non-federated query once to warm up, then RUNS times; one JSON line
//! per query (its times in seconds and its row count).
//!
//! `cargo bench --bench queries -- STORE_DIR QUERIES_DIR RUNS`

use atlas_lod::store::{self, query::evaluate};
use oxigraph::sparql::QueryResults;
use std::time::Instant;

/// As in the CLI (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rows(store: &oxigraph::store::Store, text: &str) -> Result<usize, Box<dyn std::error::Error>> {
    Ok(match evaluate(store, text)? {
        QueryResults::Solutions(s) => {
            let mut n = 0;
            for row in s {
                row?;
                n += 1;
            }
            n
        }
        QueryResults::Boolean(_) => 1,
        QueryResults::Graph(g) => {
            let mut n = 0;
            for t in g {
                t?;
                n += 1;
            }
            n
        }
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (Some(store_dir), Some(queries_dir)) = (args.first(), args.get(1)) else {
        return Err("usage: cargo bench --bench queries -- STORE_DIR QUERIES_DIR RUNS".into());
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let st = store::open_read_only(std::path::Path::new(store_dir))?;
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(queries_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        if text.contains("SERVICE") {
            continue;
        }
        rows(&st, &text)?;
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..runs {
            let t = Instant::now();
            n = rows(&st, &text)?;
            times.push(t.elapsed().as_secs_f64());
        }
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{{\"query\": {}, \"rows\": {n}, \"times\": {times:?}}}",
            serde_json::to_string(&name)?
        );
    }
    Ok(())
}
