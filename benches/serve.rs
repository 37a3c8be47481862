//! Endpoint latency, side by side in one run: the same queries over HTTP (a real `serve` on
//! loopback, keep-alive client) and in-process on the same store (parse, evaluate, serialise
//! to SPARQL JSON), for a record lookup and for an aggregate over the whole store.
//!
//! `cargo bench --bench serve [-- COUNT]` (default 15,000 records).

mod common;

use atlas_lod::serve::{self, ServeOptions};
use oxigraph::sparql::SparqlEvaluator;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(name: &str, mut ms: Vec<f64>) -> f64 {
    ms.sort_by(|a, b| a.total_cmp(b));
    let p50 = percentile(&ms, 0.5);
    println!(
        "{name:<34} n={:<4} p50 {p50:>8.2} ms  p90 {:>8.2} ms  p99 {:>8.2} ms",
        ms.len(),
        percentile(&ms, 0.9),
        percentile(&ms, 0.99)
    );
    p50
}

fn in_process(store: &oxigraph::store::Store, query: &str) -> usize {
    let mut prepared = SparqlEvaluator::new()
        .parse_query(query)
        .expect("query parses");
    prepared.dataset_mut().set_default_graph_as_union();
    let results = prepared.on_store(store).execute().expect("query runs");
    serve::sparql::serialize(
        results,
        "application/sparql-results+json",
        usize::MAX,
        Duration::from_secs(600),
        &oxigraph::sparql::CancellationToken::new(),
    )
    .expect("serialises")
    .len()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count = common::count(15_000);
    let dir = tempfile::tempdir()?;
    let input = common::records_file(dir.path(), count)?;
    let path = common::imported_store(dir.path(), &input)?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server_store = path.clone();
    let server = std::thread::spawn(move || {
        serve::serve_on(
            listener,
            ServeOptions {
                store: server_store,
                timeout: Duration::from_secs(600),
                max_rows: usize::MAX,
                ..Default::default()
            },
            |_| {},
            async move {
                let _ = stop_rx.await;
            },
        )
    });
    std::thread::sleep(Duration::from_millis(500));
    let store = atlas_lod::store::open_read_only(&path)?;
    let agent = ureq::AgentBuilder::new().build();
    let endpoint = format!("http://{addr}/sparql");
    let ids: Vec<String> = {
        let mut q = SparqlEvaluator::new()
            .parse_query("SELECT ?p WHERE { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> } ORDER BY ?p LIMIT 200")?;
        q.dataset_mut().set_default_graph_as_union();
        match q.on_store(&store).execute()? {
            oxigraph::sparql::QueryResults::Solutions(s) => s
                .filter_map(|r| r.ok().and_then(|r| r.get("p").map(|t| t.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    };
    let lookup = |iri: &str| format!("SELECT ?p ?o WHERE {{ {iri} ?p ?o }}");
    let aggregate = include_str!("../queries/funding-per-year-and-funder.rq");
    let http = |q: &str| -> usize {
        let r = agent
            .post(&endpoint)
            .set("Content-Type", "application/sparql-query")
            .set("Accept", "application/sparql-results+json")
            .send_string(q)
            .expect("HTTP query");
        r.into_string().expect("body").len()
    };
    println!(
        "serve latency, {count} records, {} partnerships sampled",
        ids.len()
    );
    // Warm both paths once.
    assert_eq!(http(&lookup(&ids[0])), in_process(&store, &lookup(&ids[0])));
    let (mut h, mut l) = (Vec::new(), Vec::new());
    for round in 0..3 {
        for id in &ids {
            let q = lookup(id);
            // Alternate the order so neither path always runs on a warmer cache.
            let mut pair = [0.0, 0.0];
            for k in 0..2 {
                let which = (k + round) % 2;
                let t = Instant::now();
                if which == 0 {
                    http(&q);
                } else {
                    in_process(&store, &q);
                }
                pair[which] = t.elapsed().as_secs_f64() * 1000.0;
            }
            h.push(pair[0]);
            l.push(pair[1]);
        }
    }
    let lookup_http = summary("record lookup, HTTP", h);
    let lookup_local = summary("record lookup, in-process", l);
    let (mut h, mut l) = (Vec::new(), Vec::new());
    http(aggregate);
    for round in 0..10 {
        let mut pair = [0.0, 0.0];
        for k in 0..2 {
            let which = (k + round) % 2;
            let t = Instant::now();
            if which == 0 {
                http(aggregate);
            } else {
                in_process(&store, aggregate);
            }
            pair[which] = t.elapsed().as_secs_f64() * 1000.0;
        }
        h.push(pair[0]);
        l.push(pair[1]);
    }
    let agg_http = summary("aggregate (funding per year), HTTP", h);
    let agg_local = summary("aggregate, in-process", l);
    println!(
        "HTTP overhead at p50: record lookup +{:.2} ms; aggregate {:+.1}%",
        lookup_http - lookup_local,
        (agg_http / agg_local - 1.0) * 100.0
    );
    let _ = stop_tx.send(());
    let _ = server.join();
    Ok(())
}
