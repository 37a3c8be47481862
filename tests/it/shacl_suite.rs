//! The W3C SHACL core test suite, run through our validator exactly as the pipeline uses the
//! engine (shapes compiled by `Validator::from_shapes_data`, data validated in memory). Each
//! test file carries its expected report; results are compared as the engine's reports
//! (without nested `sh:detail`, which the suite leaves out).

use crate::common;

use atlas_lod::validate::{Validator, findings};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use rudof_rdf::rdf_core::{Any, NeighsRDF, RDFFormat};
use shacl::validator::report::ValidationReport;
use shacl::validator::store::{Graph, Store};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Tests of the core suite that this engine, as we use it, is known not to pass; each has its
/// reason in the README. A test leaving this list, or a new failure, fails this test.
const KNOWN_FAILURES: &[&str] = &[];

fn base_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn path_of(iri: &str) -> PathBuf {
    PathBuf::from(iri.trim_start_matches("file://"))
}

fn parse(path: &Path) -> Vec<oxigraph::model::Quad> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(base_of(path))
        .unwrap_or_else(|e| panic!("{e}"))
        .for_slice(&bytes)
        .map(|q| q.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// (subject, object) of every triple with this predicate (blank nodes as labelled in `quads`).
fn pairs_in(quads: &[oxigraph::model::Quad], predicate: &str) -> Vec<(String, Term)> {
    quads
        .iter()
        .filter(|q| q.predicate.as_str() == predicate)
        .cloned()
        .map(|q| {
            let s = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
                other => other.to_string(),
            };
            (s, q.object)
        })
        .collect()
}

fn includes(manifest: &Path) -> Vec<PathBuf> {
    pairs_in(&parse(manifest), &format!("{MF}include"))
        .into_iter()
        .filter_map(|(_, o)| match o {
            Term::NamedNode(n) => Some(path_of(n.as_str())),
            _ => None,
        })
        .collect()
}

fn load(path: &Path) -> sparql_service::RdfData {
    Graph::from_path(path, &RDFFormat::Turtle, Some(&base_of(path)))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .store()
        .clone()
}

/// Runs the `sht:Validate` entries of one test file; returns (name, passed).
fn run_file(file: &Path) -> Vec<(String, bool, usize)> {
    let mut out = Vec::new();
    let quads = parse(file);
    let pairs = |p: &str| pairs_in(&quads, p);
    let validates: BTreeSet<String> = pairs(RDF_TYPE)
        .into_iter()
        .filter(|(_, o)| matches!(o, Term::NamedNode(n) if n.as_str() == format!("{SHT}Validate")))
        .map(|(s, _)| s)
        .collect();
    let actions = pairs(&format!("{MF}action"));
    let data_graphs = pairs(&format!("{SHT}dataGraph"));
    let shapes_graphs = pairs(&format!("{SHT}shapesGraph"));
    for entry in validates {
        let name = format!(
            "{}/{}",
            file.parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let action = actions
            .iter()
            .find(|(s, _)| *s == entry)
            .map(|(_, o)| o.to_string());
        let graph_of = |list: &[(String, Term)]| -> PathBuf {
            let iri = list
                .iter()
                .find(|(s, _)| Some(s.clone()) == action)
                .and_then(|(_, o)| match o {
                    Term::NamedNode(n) => Some(n.as_str().to_string()),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{name}: no graph for the action"));
            path_of(&iri)
        };
        let data_path = graph_of(&data_graphs);
        let shapes_path = graph_of(&shapes_graphs);

        // The expected report, read by the engine's own parser from the test file.
        let mut manifest = load(file);
        let entry_node = oxigraph::model::NamedNode::new_unchecked(entry.clone());
        let result_term = manifest
            .triples_matching(
                &NamedOrBlankNode::NamedNode(entry_node),
                &oxigraph::model::NamedNode::new_unchecked(format!("{MF}result")),
                &Any,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .map(|t| t.object)
            .next()
            .unwrap_or_else(|| panic!("{name}: no mf:result"));
        let expected = ValidationReport::parse(&mut manifest, result_term)
            .unwrap_or_else(|e| panic!("{name}: expected report: {e}"))
            .without_details();

        let passed = match Validator::from_shapes_data(load(&shapes_path), &name) {
            Ok(v) => match v.report_for(load(&data_path)) {
                Ok(report) => {
                    let report = report.without_details();
                    // Our findings are built from every engine result.
                    assert_eq!(findings(&report).len(), report.results().len(), "{name}");
                    report == expected
                }
                Err(e) => {
                    println!("{name}: validation error: {e}");
                    false
                }
            },
            Err(e) => {
                println!("{name}: shapes error: {e}");
                false
            }
        };
        // The comparison can fail: an empty report differs from any expected non-empty one.
        if !expected.results().is_empty() {
            assert!(
                ValidationReport::new() != expected,
                "{name}: report equality is vacuous"
            );
        }
        out.push((name, passed, expected.results().len()));
    }
    out
}

#[test]
fn w3c_shacl_core_suite() {
    let root = common::repo_path("../shared/standards/shacl-test-suite/core/manifest.ttl");
    assert!(root.is_file(), "{} is missing", root.display());
    let root = root.canonicalize().unwrap_or_else(|e| panic!("{e}"));
    let mut results = Vec::new();
    for sub in includes(&root) {
        for file in includes(&sub) {
            results.extend(run_file(&file));
        }
    }
    let failed: Vec<&str> = results
        .iter()
        .filter(|(_, ok, _)| !ok)
        .map(|(n, _, _)| n.as_str())
        .collect();
    let passed = results.len() - failed.len();
    let expected_results: usize = results.iter().map(|(_, _, n)| n).sum();
    println!(
        "W3C SHACL core: {passed} of {} passed ({expected_results} expected results); failed: {failed:?}",
        results.len()
    );
    assert!(
        expected_results > 150,
        "the expected reports were not read: {expected_results} results"
    );
    assert_eq!(results.len(), 98, "the core suite has 98 tests");
    assert_eq!(
        failed, KNOWN_FAILURES,
        "failures changed: update KNOWN_FAILURES and the README"
    );
}
