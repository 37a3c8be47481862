//! Every output format parses back to the same RDF; JSON-LD is compacted with our context.

use crate::common::*;
use atlas_lod::model::privacy::ContactPolicy;
use atlas_lod::rdf::OutputFormat;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad, Triple};
use std::collections::BTreeSet;

fn seed_and_examples() -> Vec<std::path::PathBuf> {
    let mut paths = vec![seed_path()];
    let examples = repo_path("examples/pages");
    let mut more: Vec<_> = std::fs::read_dir(&examples)
        .unwrap_or_else(|e| panic!("{}: {e}", examples.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    more.sort();
    assert!(!more.is_empty(), "no example pages");
    paths.extend(more);
    paths
}

fn parse(text: &str, format: RdfFormat) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_slice(text.as_bytes())
        .map(|q| q.unwrap_or_else(|e| panic!("{format:?} output does not parse: {e}")))
        .map(|q: Quad| q.to_string())
        .collect()
}

/// The same quads with their graph names dropped, as triple formats write them.
fn triples(nq: &str) -> BTreeSet<String> {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(nq.as_bytes())
        .map(|q| q.unwrap_or_else(|e| panic!("{e}")))
        .map(|q| Triple::from(q).to_string())
        .collect()
}

#[test]
fn all_formats_agree() {
    let paths = seed_and_examples();
    let (nq, summary, events) = convert_files(&paths, OutputFormat::Nquads);
    assert_eq!(summary.rejected, 0, "{events:?}");
    let quads = parse(&nq, RdfFormat::NQuads);
    assert!(quads.len() > 300, "{} quads", quads.len());
    let triples = triples(&nq);

    let (trig, _, _) = convert_files(&paths, OutputFormat::Trig);
    assert_eq!(parse(&trig, RdfFormat::TriG), quads, "TriG");

    let (jsonld, _, _) = convert_files(&paths, OutputFormat::Jsonld);
    let from_jsonld = parse(
        &jsonld,
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    );
    assert_eq!(from_jsonld, quads, "JSON-LD expands to other quads");

    for (format, rdf) in [
        (OutputFormat::Turtle, RdfFormat::Turtle),
        (OutputFormat::Ntriples, RdfFormat::NTriples),
        (OutputFormat::Rdfxml, RdfFormat::RdfXml),
    ] {
        let (text, _, _) = convert_files(&paths, format);
        let got: BTreeSet<String> = RdfParser::from_format(rdf)
            .for_slice(text.as_bytes())
            .map(|q| q.unwrap_or_else(|e| panic!("{format:?}: {e}")))
            .map(|q| Triple::from(q).to_string())
            .collect();
        assert_eq!(got, triples, "{format:?}");
    }
}

#[test]
fn jsonld_uses_context_terms() {
    let (jsonld, _, _) = convert_files(&[seed_path()], OutputFormat::Jsonld);
    let doc: serde_json::Value = serde_json::from_str(&jsonld).unwrap_or_else(|e| panic!("{e}"));
    let context: serde_json::Value = serde_json::from_str(atlas_lod::rdf::jsonld::CONTEXT_JSONLD)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["@context"], context["@context"]);
    let record = &doc["@graph"][0]["@graph"];
    let partnership = record
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["@type"] == "Partnership"))
        .unwrap_or_else(|| panic!("no partnership node in {record}"));
    assert_eq!(
        partnership["title"],
        "La Beauté connectée de la France au Québec"
    );
    assert_eq!(partnership["startYear"], "2017");
    assert_eq!(partnership["triennial"], "false");
    assert_eq!(partnership["endDate"], "2018-12-31");
    // No key fell back to a full IRI: the context covers every predicate we write.
    let text = jsonld.replace("\"@id\": \"http", "");
    for line in text.lines() {
        let key = line
            .trim_start()
            .strip_prefix('"')
            .and_then(|l| l.split_once("\":"))
            .map(|(k, _)| k);
        if let Some(k) = key {
            assert!(!k.starts_with("http"), "full IRI key {k}");
        }
    }
}

#[test]
fn graph_names_are_one_per_record() {
    let paths = seed_and_examples();
    let (nq, summary, _) = convert_files(&paths, OutputFormat::Nquads);
    let graphs: BTreeSet<String> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(nq.as_bytes())
        .filter_map(Result::ok)
        .filter_map(|q| match q.graph_name {
            GraphName::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(graphs.len(), summary.converted + 1, "{graphs:?}");
    assert!(graphs.contains("https://w3id.org/atlas-lod/theme/"));
}

#[test]
fn privacy_profiles() {
    let paths = seed_and_examples();
    let full = convert_inputs_paths(&paths, ContactPolicy::Full);
    for personal in ["VAILLANT", "Sarah", "sarah.vaillant", "Garro", "jmgarro@"] {
        assert!(
            full.contains(personal),
            "{personal} missing from the full profile"
        );
    }
    let role = convert_inputs_paths(&paths, ContactPolicy::Role);
    for personal in [
        "VAILLANT",
        "Sarah",
        "sarah.vaillant",
        "Garro",
        "jmgarro",
        "mailto:",
        "foaf:Person",
        "givenName",
    ] {
        assert!(
            !role.contains(personal),
            "{personal} leaked under --contacts role"
        );
    }
    assert!(
        role.contains("Correspondant coopération décentralisée"),
        "roles are kept"
    );
    assert!(role.contains("atlas:ContactRole"));
    let none = convert_inputs_paths(&paths, ContactPolicy::None);
    assert!(
        !none.contains("ContactRole") && !none.contains("Correspondant"),
        "no contact under none"
    );
    assert!(!none.contains("VolunteerRole"));
}

fn convert_inputs_paths(paths: &[std::path::PathBuf], contacts: ContactPolicy) -> String {
    let inputs = paths
        .iter()
        .cloned()
        .map(atlas_lod::ingest::Input::File)
        .collect();
    let (ttl, _, _) = convert_inputs(
        inputs,
        atlas_lod::ingest::InputFormat::Auto,
        OutputFormat::Turtle,
        contacts,
    );
    let (jsonl, _, _) = convert_inputs(
        paths
            .iter()
            .cloned()
            .map(atlas_lod::ingest::Input::File)
            .collect(),
        atlas_lod::ingest::InputFormat::Auto,
        OutputFormat::RecordsJsonl,
        contacts,
    );
    format!("{ttl}\n{jsonl}")
}
