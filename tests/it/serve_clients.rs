//! `serve` driven by real outside clients: rdflib and SPARQLWrapper (Python), roqet (rasqal),
//! headless Chromium (playwright-core), and wrk for load. The tools come from
//! `scripts/test-tools.sh`; a missing tool fails the test, it never skips.

use crate::common;

use crate::common::server::{Server, agent, answer};
use std::process::Command;

fn tool_env(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: run the tests through scripts/test.sh (or source scripts/setup.sh and scripts/test-tools.sh first)")
    })
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

const SEED: &str = "https://w3id.org/atlas-lod/id/partnership/654fd6cb4fd2d21f";

#[test]
fn rdflib_and_sparqlwrapper() {
    let s = Server::start(&[]);
    let python = tool_env("ATLAS_LOD_PYTHON");
    let out = run(Command::new(python)
        .arg(common::repo_path("tests/clients/sparql_clients.py"))
        .arg(format!("{}/sparql", s.url)));
    assert_eq!(out.matches("ok: ").count(), 8, "{out}");
    assert!(!out.contains("FAILED"), "{out}");
}

#[test]
fn roqet() {
    let s = Server::start(&[]);
    let endpoint = format!("{}/sparql", s.url);
    let roqet = |args: &[&str]| {
        let out = Command::new("roqet")
            .args(args)
            .output()
            .expect("roqet runs (Debian package rasqal-utils)");
        assert!(
            out.status.code().is_some_and(|c| c == 0 || c == 2),
            "{args:?}: {out:?}"
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // SELECT over the protocol (`-p`; roqet reads the SPARQL XML results).
    let (select, _) = roqet(&[
        "-q",
        "-p",
        &endpoint,
        "-r",
        "csv",
        "-e",
        &format!("SELECT ?t WHERE {{ <{SEED}> <http://purl.org/dc/terms/title> ?t }}"),
    ]);
    assert!(
        select.contains("La Beauté connectée de la France au Québec"),
        "{select}"
    );
    assert_eq!(select.lines().count(), 2, "{select}");
    // roqet 0.9.33's `-p` only reads variable bindings: ASK runs in roqet over a SERVICE call
    // to us, CONSTRUCT is fetched as RDF by roqet's data loader (its own RDF parser and Accept).
    let (_, yes) = roqet(&[
        "-e",
        &format!("ASK {{ SERVICE <{endpoint}> {{ <{SEED}> ?p ?o }} }}"),
    ]);
    assert!(yes.contains("boolean result: true"), "{yes}");
    let (_, no) = roqet(&[
        "-e",
        &format!("ASK {{ SERVICE <{endpoint}> {{ <http://example.org/none> ?p ?o }} }}"),
    ]);
    assert!(no.contains("boolean result: false"), "{no}");
    let construct = format!("CONSTRUCT {{ <{SEED}> ?p ?o }} WHERE {{ <{SEED}> ?p ?o }}");
    let source = format!(
        "{endpoint}?query={}",
        form_urlencoded::byte_serialize(construct.as_bytes()).collect::<String>()
    );
    let (triples, _) = roqet(&[
        "-q",
        "-D",
        &source,
        "-e",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ]);
    let lines: Vec<&str> = triples
        .lines()
        .filter(|l| l.starts_with(&format!("<{SEED}>")))
        .collect();
    assert!(lines.len() > 20, "{triples}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("dc/terms/title") && l.contains("La Beaut")),
        "{triples}"
    );
}

#[test]
fn query_page_in_headless_chromium() {
    let s = Server::start(&[]);
    let node_path = tool_env("ATLAS_LOD_NODE_PATH");
    let shots = common::repo_path("target/screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let out = run(Command::new("node")
        .env("NODE_PATH", node_path)
        .arg(common::repo_path("tests/clients/query_page.cjs"))
        .arg(&s.url)
        .arg(&shots));
    assert!(out.starts_with("ok: "), "{out}");
    for f in [
        "query-editor.png",
        "query-page.png",
        "partnership-page.png",
        "home-charts.png",
        "partnership-chart.png",
    ] {
        let len = std::fs::metadata(shots.join(f))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 10_000, "{f}: {len} bytes");
    }
}

/// The home page, a partnership's page and the query page in headless Chromium at 1280x800,
/// in French and in English: each opens at its top (no scroll, no focus taken), its header
/// and h1 on the first screen; the home page states the store's partnership count. The
/// screenshots are kept in the test's temp folder, whose path is printed, to be looked at.
#[test]
fn first_screens_in_headless_chromium() {
    let s = Server::start(&[]);
    let node_path = tool_env("ATLAS_LOD_NODE_PATH");
    let count = answer(
        agent()
            .get(&format!("{}/sparql", s.url))
            .query(
                "query",
                "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> }",
            )
            .set("Accept", "text/csv")
            .call(),
    )
    .2;
    let count = count.lines().nth(1).unwrap_or_default().trim().to_string();
    assert!(count.parse::<u64>().is_ok_and(|n| n > 1), "{count}");
    let shots = tempfile::tempdir().expect("screenshot folder");
    let shots = shots.keep();
    eprintln!("first screens in {}", shots.display());
    let out = run(Command::new("node")
        .env("NODE_PATH", node_path)
        .arg(common::repo_path("tests/clients/first_screens.cjs"))
        .arg(&s.url)
        .arg(&shots)
        .arg("/id/partnership/654fd6cb4fd2d21f")
        .arg(&count));
    assert!(out.starts_with("ok: 6 first screens"), "{out}");
    for page in ["home", "partnership", "query"] {
        for lang in ["fr", "en"] {
            let f = shots.join(format!("first-screen-{page}-{lang}.png"));
            let len = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
            assert!(len > 10_000, "{}: {len} bytes", f.display());
        }
    }
}

/// 10,000 requests, 32 at a time, mixing record lookups (Linked Data and SPARQL) with
/// aggregates over a 1,000-record store: no error.
#[test]
fn load_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.jsonl");
    run(Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["generate", "--count", "1000", "--seed", "7", "--output"])
        .arg(&records));
    let store = dir.path().join("store");
    run(Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("import")
        .arg(&records)
        .arg("--store")
        .arg(&store));
    let s = Server::on_store(&store, &["--max-concurrent", "4"], &[]);
    let ids = answer(
        agent()
            .get(&format!("{}/sparql", s.url))
            .query("query", "SELECT ?p WHERE { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> } ORDER BY ?p LIMIT 50")
            .set("Accept", "text/csv")
            .call(),
    )
    .2;
    let partnerships: Vec<String> = ids.lines().skip(1).map(|l| l.trim().to_string()).collect();
    assert_eq!(partnerships.len(), 50);
    let enc = |s: &str| -> String { form_urlencoded::byte_serialize(s.as_bytes()).collect() };
    let mut paths = Vec::new();
    for p in &partnerships {
        let local = p.trim_start_matches("https://w3id.org/atlas-lod");
        paths.push((local.to_string(), "text/turtle".to_string()));
        paths.push((
            format!(
                "/sparql?query={}",
                enc(&format!("SELECT ?p ?o WHERE {{ <{p}> ?p ?o }}"))
            ),
            "application/sparql-results+json".to_string(),
        ));
    }
    for q in [
        "funding-per-year-and-funder",
        "partnerships-per-kind-and-status",
        "levies-per-year",
    ] {
        let text = std::fs::read_to_string(common::repo_path(&format!("queries/{q}.rq"))).unwrap();
        paths.push((
            format!("/sparql?query={}", enc(&text)),
            "text/csv".to_string(),
        ));
    }
    let load = common::load::run(&s.url, &paths, 5000, dir.path());
    assert!(load.requests >= 10_000.0, "{}", load.line);
    assert_eq!(load.non2xx, 0.0, "{}", load.line);
    assert_eq!(load.errors, [0.0; 4], "{}", load.line);
    eprintln!("load: {} in {:?}", load.line, load.elapsed);
}
