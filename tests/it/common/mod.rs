//! Helpers shared by the integration tests.
#![allow(dead_code)]

use atlas_lod::convert::{self, ConvertOptions, Summary};
use atlas_lod::ingest::{Input, InputFormat};
use atlas_lod::jobs::Event;
use atlas_lod::model::privacy::ContactPolicy;
use atlas_lod::rdf::{MapOptions, OutputFormat};
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::PathBuf;

pub mod load;
pub mod server;
pub mod stand_in;

/// The real Atlas page in `../shared/seeds`. Missing is a failure, never a skip.
pub fn seed_path() -> PathBuf {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_2c1789aab79a3d11.txt");
    assert!(
        p.is_file(),
        "the reference page {} is missing: ../shared must sit beside the repository",
        p.display()
    );
    p
}

pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Converts inputs with the library, returning output text, summary and the printed events.
pub fn convert_inputs(
    inputs: Vec<Input>,
    from: InputFormat,
    to: OutputFormat,
    contacts: ContactPolicy,
) -> (String, Summary, Vec<String>) {
    let options = ConvertOptions {
        from: from.into(),
        to,
        map: MapOptions {
            contacts,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut events = Vec::new();
    let (summary, out) = convert::run(inputs, &options, Vec::new(), None, |e| {
        events.push(match e {
            Event::Rejected(e) => format!("error: {e}"),
            Event::Invalid(r) => format!(
                "invalid: {}:{}: {:?}",
                r.source.file, r.source.line, r.findings
            ),
            Event::ShapeWarning {
                file,
                line,
                finding,
            } => format!("shacl: {file}:{line}: {}", finding.message("en")),
            Event::Warning {
                file,
                line,
                field,
                message,
            } => format!("{file}:{line}: {field}: {message}"),
            Event::NewTheme(p) => format!("note: new theme {}", p.join(" > ")),
            Event::Duplicate {
                file,
                line,
                first_file,
                first_line,
                graph,
            } => format!("duplicate: {file}:{line} of {first_file}:{first_line} ({graph})"),
        })
    })
    .unwrap_or_else(|e| panic!("convert failed: {e}"));
    (String::from_utf8(out).unwrap_or_default(), summary, events)
}

pub fn convert_files(paths: &[PathBuf], to: OutputFormat) -> (String, Summary, Vec<String>) {
    convert_inputs(
        paths.iter().cloned().map(Input::File).collect(),
        InputFormat::Auto,
        to,
        ContactPolicy::Full,
    )
}

/// Converts page texts written to a temporary folder (named `NN.txt` in order).
pub fn convert_texts(texts: &[&[u8]], to: OutputFormat) -> (String, Summary, Vec<String>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let mut paths = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let p = dir.path().join(format!("{i:02}.txt"));
        std::fs::write(&p, t).unwrap_or_else(|e| panic!("write: {e}"));
        paths.push(p);
    }
    convert_files(&paths, to)
}

/// An in-memory store holding RDF text.
pub fn store_of(text: &str, format: RdfFormat) -> Store {
    let store = Store::new().unwrap_or_else(|e| panic!("store: {e}"));
    store
        .load_from_slice(format, text.as_bytes())
        .unwrap_or_else(|e| panic!("the output does not parse as {format:?}: {e}"));
    store
}

/// Runs a SELECT and returns each row as `var=value` strings (values in their N-Triples
/// form, literals as their lexical value only), sorted.
pub fn select(store: &Store, query: &str) -> Vec<Vec<String>> {
    let q = format!(
        "PREFIX atlas: <https://w3id.org/atlas-lod/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
{query}"
    );
    let results = SparqlEvaluator::new()
        .parse_query(&q)
        .unwrap_or_else(|e| panic!("bad test query: {e}\n{q}"))
        .on_store(store)
        .execute()
        .unwrap_or_else(|e| panic!("query failed: {e}"));
    let QueryResults::Solutions(solutions) = results else {
        panic!("not a SELECT");
    };
    let mut rows = Vec::new();
    for s in solutions {
        let s = s.unwrap_or_else(|e| panic!("solution: {e}"));
        rows.push(
            s.iter()
                .map(|(v, t)| {
                    let value = match t {
                        Term::Literal(l) => l.value().to_string(),
                        Term::NamedNode(n) => n.as_str().to_string(),
                        other => other.to_string(),
                    };
                    format!("{}={value}", v.as_str())
                })
                .collect(),
        );
    }
    rows.sort();
    rows
}

/// Runs a SELECT expected to give one row with one value.
pub fn one(store: &Store, query: &str) -> String {
    let rows = select(store, query);
    assert_eq!(rows.len(), 1, "expected one row for {query}: {rows:?}");
    assert_eq!(rows[0].len(), 1, "expected one value for {query}: {rows:?}");
    rows[0][0]
        .split_once('=')
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

/// The datatype of the single value a query returns.
pub fn datatype(store: &Store, query: &str) -> String {
    let results = SparqlEvaluator::new()
        .parse_query(&format!(
            "PREFIX atlas: <https://w3id.org/atlas-lod/ontology#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> {query}"
        ))
        .unwrap_or_else(|e| panic!("bad test query: {e}"))
        .on_store(store)
        .execute()
        .unwrap_or_else(|e| panic!("query failed: {e}"));
    let QueryResults::Solutions(mut solutions) = results else {
        panic!("not a SELECT");
    };
    match solutions.next() {
        Some(Ok(s)) => match s.values().first() {
            Some(Some(Term::Literal(l))) => l.datatype().as_str().to_string(),
            other => panic!("not a literal: {other:?}"),
        },
        other => panic!("no row: {other:?}"),
    }
}
