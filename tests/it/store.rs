//! The on-disk store: import, re-import, prune, query and dump through the real binary, and
//! crash safety under SIGKILL.

use crate::common::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

fn atlas_lod(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run atlas-lod: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Quads per graph name, as N-Quads lines.
fn by_graph(quads: impl IntoIterator<Item = Quad>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for q in quads {
        let g = match &q.graph_name {
            GraphName::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        };
        out.entry(g).or_default().insert(q.to_string());
    }
    out
}

fn store_graphs(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let store = Store::open_read_only(dir).unwrap_or_else(|e| panic!("{e}"));
    by_graph(store.iter().map(|q| q.unwrap_or_else(|e| panic!("{e}"))))
}

fn convert_graphs(inputs: &[&str], extra: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut args = vec!["convert", "--to", "nquads"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(extra);
    let o = atlas_lod(&args);
    by_graph(
        RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(&o.stdout)
            .map(|q| q.unwrap_or_else(|e| panic!("{e}"))),
    )
}

fn dump(dir: &Path, format: &str) -> Vec<u8> {
    let o = atlas_lod(&["dump", "--store", &s(dir), "--format", format]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    o.stdout
}

#[test]
fn import_reimport_prune_and_dump() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = dir.path().join("store");
    let seed = s(&seed_path());
    let examples = s(&repo_path("examples"));

    let full = ["--contacts", "full"];
    let o = atlas_lod(&[
        "import",
        &seed,
        &examples,
        "--store",
        &s(&store),
        full[0],
        full[1],
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("read 6, loaded 6, replaced 0, unchanged 0, rejected 0")
            && err.contains("(bulk load)"),
        "{err}"
    );

    // Every record graph holds exactly what convert writes for it; plus vocabulary graphs.
    let graphs = store_graphs(&store);
    let expected = convert_graphs(&[&seed, &examples], &full);
    for (g, quads) in &expected {
        if g == "https://w3id.org/atlas-lod/theme/" {
            assert!(quads.is_subset(&graphs[g]), "theme graph");
        } else {
            assert_eq!(graphs.get(g), Some(quads), "{g}");
        }
    }
    assert!(graphs.contains_key("https://w3id.org/atlas-lod/ontology"));
    assert!(graphs.contains_key("https://w3id.org/atlas-lod/schemes"));
    assert!(graphs.contains_key("https://w3id.org/atlas-lod/statistics"));
    assert_eq!(graphs.len(), expected.len() + 3);
    let first_dump = dump(&store, "nquads");

    // Re-importing the same input changes nothing, byte for byte.
    let o = atlas_lod(&[
        "import",
        &seed,
        &examples,
        "--store",
        &s(&store),
        full[0],
        full[1],
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("loaded 0, replaced 0, unchanged 6"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(dump(&store, "nquads"), first_dump);

    // A changed record replaces its graph: the role profile drops names.
    let o = atlas_lod(&["import", &seed, "--store", &s(&store), "--contacts", "role"]);
    assert_eq!(o.status.code(), Some(0));
    let after = store_graphs(&store);
    let seed_role = convert_graphs(&[&seed], &["--contacts", "role"]);
    let (seed_graph, seed_quads) = seed_role
        .iter()
        .find(|(g, _)| g.contains("/graph/"))
        .unwrap_or_else(|| panic!("no record graph"));
    assert_eq!(&after[seed_graph], seed_quads);
    assert!(
        !after[seed_graph].iter().any(|q| q.contains("VAILLANT")),
        "names dropped"
    );
    assert!(
        store_graphs(&store)
            .values()
            .flatten()
            .any(|q| q.contains("Correspondant coopération décentralisée"))
    );

    // --prune keeps only this input's records.
    let o = atlas_lod(&["import", &seed, "--store", &s(&store), "--prune"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stderr).contains("pruned 5"), "{}", text(&o.stderr));
    let pruned = store_graphs(&store);
    assert_eq!(pruned.keys().filter(|g| g.contains("/graph/")).count(), 1);

    // Dumps: every format parses back to the store's content; output is stable.
    let all: BTreeSet<String> = pruned.values().flatten().cloned().collect();
    for (format, rdf) in [("nquads", RdfFormat::NQuads), ("trig", RdfFormat::TriG)] {
        let bytes = dump(&store, format);
        let back: BTreeSet<String> = RdfParser::from_format(rdf)
            .for_slice(&bytes)
            .map(|q| q.unwrap_or_else(|e| panic!("{e}")).to_string())
            .collect();
        assert_eq!(back, all, "{format}");
        assert_eq!(dump(&store, format), bytes, "{format} is deterministic");
    }
    let triples: BTreeSet<String> = pruned
        .values()
        .flatten()
        .map(|l| {
            let q = RdfParser::from_format(RdfFormat::NQuads)
                .for_slice(format!("{l} .").as_bytes())
                .next();
            oxigraph::model::Triple::from(q.and_then(Result::ok).unwrap_or_else(|| panic!("{l}")))
                .to_string()
        })
        .collect();
    for (format, rdf) in [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("rdfxml", RdfFormat::RdfXml),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let bytes = dump(&store, format);
        let back: BTreeSet<String> = RdfParser::from_format(rdf)
            .for_slice(&bytes)
            .map(|q| {
                let q = q.unwrap_or_else(|e| panic!("{format}: {e}"));
                if matches!(rdf, RdfFormat::JsonLd { .. }) {
                    q.to_string()
                } else {
                    oxigraph::model::Triple::from(q).to_string()
                }
            })
            .collect();
        if matches!(rdf, RdfFormat::JsonLd { .. }) {
            assert_eq!(back, all, "{format}");
        } else {
            assert_eq!(back, triples, "{format}");
        }
    }
    // One graph, gzip.
    let o = atlas_lod(&[
        "dump",
        "--store",
        &s(&store),
        "--format",
        "nquads",
        "--graph",
        seed_graph,
        "--gzip",
    ]);
    let mut gz = flate2::read::GzDecoder::new(&o.stdout[..]);
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut gz, &mut plain).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plain.lines().count(), pruned[seed_graph].len());
    assert_eq!(
        atlas_lod(&[
            "dump",
            "--store",
            &s(&store),
            "--format",
            "nquads",
            "--graph",
            seed_graph,
            "--gzip"
        ])
        .stdout,
        o.stdout
    );
}

#[test]
fn canonical_dumps_agree_across_stores_built_differently() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let seed = s(&seed_path());
    let pages = repo_path("examples/pages");
    let dogbo = s(&pages.join("eau-dogbo.txt"));
    let cuenca = s(&pages.join("jumelage-cuenca.txt"));
    // a: one bulk load; b: three imports into a store that is no longer empty.
    assert_eq!(
        atlas_lod(&["import", &seed, &dogbo, &cuenca, "--store", &s(&a)])
            .status
            .code(),
        Some(0)
    );
    for input in [&cuenca, &dogbo, &seed] {
        assert_eq!(
            atlas_lod(&["import", input, "--store", &s(&b)])
                .status
                .code(),
            Some(0)
        );
    }
    let sha = |dir: &Path| {
        let out = dir.with_extension("nq");
        let o = atlas_lod(&["dump", "--store", &s(dir), "--canonical", "-o", &s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let err = text(&o.stderr);
        let sha = err
            .split("SHA-256 ")
            .nth(1)
            .unwrap_or_default()
            .trim()
            .to_string();
        assert_eq!(sha.len(), 64, "{err}");
        let bytes = std::fs::read(&out).unwrap_or_default();
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, sha, "the printed hash is the file's");
        sha
    };
    assert_eq!(sha(&a), sha(&b));
}

#[test]
fn query_formats_and_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = dir.path().join("store");
    assert_eq!(
        atlas_lod(&["import", &s(&seed_path()), "--store", &s(&store)])
            .status
            .code(),
        Some(0)
    );
    let st = s(&store);
    let q = "PREFIX atlas: <https://w3id.org/atlas-lod/ontology#> SELECT ?y (SUM(?a) AS ?t) WHERE { ?f atlas:year ?y ; atlas:amount ?a } GROUP BY ?y ORDER BY ?y";
    let o = atlas_lod(&["query", "--store", &st, q]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let table = text(&o.stdout);
    assert!(table.starts_with("y "), "{table}");
    assert!(table.contains("\n2017 | 45685\n2018 | 49685\n"), "{table}");
    assert!(table.ends_with("(2 rows)\n"), "{table}");
    let o = atlas_lod(&["query", "--store", &st, "--format", "csv", q]);
    assert_eq!(
        text(&o.stdout).replace("\r\n", "\n"),
        "y,t\n2017,45685\n2018,49685\n",
        "csv"
    );
    for (format, results) in [
        ("tsv", oxigraph::sparql::results::QueryResultsFormat::Tsv),
        ("json", oxigraph::sparql::results::QueryResultsFormat::Json),
        ("xml", oxigraph::sparql::results::QueryResultsFormat::Xml),
    ] {
        let o = atlas_lod(&["query", "--store", &st, "--format", format, q]);
        assert_eq!(o.status.code(), Some(0));
        let parsed = oxigraph::sparql::results::QueryResultsParser::from_format(results)
            .for_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        let oxigraph::sparql::results::SliceQueryResultsParserOutput::Solutions(solutions) = parsed
        else {
            panic!("{format}: not solutions");
        };
        let values: Vec<String> = solutions
            .map(|s| s.unwrap_or_else(|e| panic!("{e}")))
            .filter_map(|s| {
                s.get("t").map(|t| match t {
                    oxigraph::model::Term::Literal(l) => l.value().to_string(),
                    other => other.to_string(),
                })
            })
            .collect();
        assert_eq!(values, vec!["45685", "49685"], "{format}");
    }
    let o = atlas_lod(&[
        "query",
        "--store",
        &st,
        "--format",
        "json",
        "ASK { ?s a <https://w3id.org/atlas-lod/ontology#Partnership> }",
    ]);
    assert_eq!(text(&o.stdout), "{\"head\":{},\"boolean\":true}");
    let o = atlas_lod(&[
        "query",
        "--store",
        &st,
        "CONSTRUCT { ?p <http://purl.org/dc/terms/title> ?t } WHERE { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> ; <http://purl.org/dc/terms/title> ?t }",
    ]);
    let back: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&o.stdout)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.len(), 1);
    let o = atlas_lod(&[
        "query",
        "--store",
        &st,
        "--format",
        "ntriples",
        "DESCRIBE <http://publications.europa.eu/resource/authority/country/CAN>",
    ]);
    let back: Vec<_> = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(&o.stdout)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(back.len() >= 4, "{}", text(&o.stdout));
    // A query file and standard input.
    let file = repo_path("queries/funding-per-year-and-funder.rq");
    let o = atlas_lod(&[
        "query",
        "--store",
        &st,
        "--file",
        &s(&file),
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("Cosmetic Valley"));
    // Syntax errors show the position.
    let o = atlas_lod(&["query", "--store", &st, "SELECT ?x WHERE { ?x ?y }"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("syntax error") && err.contains("1:"), "{err}");
}

#[test]
fn a_store_held_by_another_process_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = dir.path().join("store");
    let held = Store::open(&store).unwrap_or_else(|e| panic!("{e}"));
    let o = atlas_lod(&["import", &s(&seed_path()), "--store", &s(&store)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is in use by another process"),
        "{}",
        text(&o.stderr)
    );
    drop(held);
    assert_eq!(
        atlas_lod(&["import", &s(&seed_path()), "--store", &s(&store)])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn sigkill_during_import_leaves_every_record_old_or_new() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = dir.path().join("store");
    let records = dir.path().join("records.jsonl");
    let o = atlas_lod(&[
        "generate",
        "--count",
        "1000",
        "--seed",
        "31",
        "-o",
        &s(&records),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let input = s(&records);
    // Version A (names kept) then version B (role profile): same graphs, other content.
    let old = convert_graphs(&[&input], &["--contacts", "full"]);
    let new = convert_graphs(&[&input], &["--contacts", "role"]);
    let record_graphs: Vec<&String> = old.keys().filter(|g| g.contains("/graph/")).collect();
    assert!(record_graphs.len() > 900);
    assert!(
        record_graphs
            .iter()
            .filter(|g| old[**g] != new[**g])
            .count()
            > 400,
        "the versions differ"
    );
    assert_eq!(
        atlas_lod(&[
            "import",
            &input,
            "--store",
            &s(&store),
            "--contacts",
            "full"
        ])
        .status
        .code(),
        Some(0)
    );

    let check = |label: &str| -> (usize, usize) {
        let got = store_graphs(&store);
        let (mut n_old, mut n_new) = (0, 0);
        for g in &record_graphs {
            let q = got
                .get(*g)
                .unwrap_or_else(|| panic!("{label}: {g} vanished"));
            if q == &new[*g] {
                n_new += 1;
            } else if q == &old[*g] {
                n_old += 1;
            } else {
                panic!("{label}: {g} is neither the old nor the new version");
            }
        }
        (n_old, n_new)
    };
    // 25 kills at moments spread over the import (a fixed pseudo-random sequence, so a failure
    // can be replayed); each run imports the other version, so every run has work to do.
    let mut mixed = 0;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..25 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay_ms = 50 + (x >> 33) % 700;
        let profile = if i % 2 == 0 { "role" } else { "full" };
        let mut child = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
            .args([
                "import",
                &input,
                "--store",
                &s(&store),
                "--contacts",
                profile,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let (n_old, n_new) = check(&format!("kill {i} after {delay_ms} ms ({profile})"));
        if n_old > 0 && n_new > 0 {
            mixed += 1;
        }
    }
    // The next import completes and leaves every record new.
    let o = atlas_lod(&[
        "import",
        &input,
        "--store",
        &s(&store),
        "--contacts",
        "role",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(check("after the last import"), (0, record_graphs.len()));
    println!("kills that left a mix of old and new records: {mixed} of 25");
    assert!(
        mixed >= 3,
        "the kills should land mid-import now and then: {mixed} of 25"
    );
}

/// RocksDB table files in a store folder.
fn table_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sst"))
        })
        .count()
}

#[test]
fn every_bulk_import_ends_compacted() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("g.jsonl");
    let o = atlas_lod(&[
        "generate",
        "--count",
        "300",
        "--seed",
        "3",
        "--to",
        "records-jsonl",
        "-o",
        &s(&records),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (merged, loaded) = (dir.path().join("merged"), dir.path().join("loaded"));
    let o = atlas_lod(&["import", &s(&records), "--store", &s(&merged)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = atlas_lod(&[
        "import",
        &s(&records),
        "--store",
        &s(&loaded),
        "--no-compact",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // The loader writes files per index and per batch; merged, about one per index remains.
    let (m, l) = (table_files(&merged), table_files(&loaded));
    assert!(m < l, "merged {m} files, not merged {l}");
    assert!(m <= 12, "{m} files after the default import");
    // Same data either way.
    assert_eq!(dump(&merged, "nquads"), dump(&loaded, "nquads"));
}
