//! The ontology, the schemes, the context and the mapping agree on every term.

use atlas_lod::rdf::{MapOptions, Mapper};
use atlas_lod::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term};
use std::collections::BTreeSet;

fn parse(ttl: &str) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(ttl.as_bytes())
        .map(|q| q.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn subjects_with_label(quads: &[Quad], lang: &str) -> BTreeSet<String> {
    quads
        .iter()
        .filter(|q| q.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#label")
        .filter(|q| matches!(&q.object, Term::Literal(l) if l.language() == Some(lang)))
        .map(|q| q.subject.to_string().trim_matches(['<', '>']).to_string())
        .collect()
}

/// Every atlas: term the mapping can write, from generated records and the examples.
fn used_terms() -> (BTreeSet<String>, BTreeSet<String>) {
    let options = MapOptions::default();
    let profile = options.contacts;
    let mut mapper = Mapper::new(options);
    let mut quads = Vec::new();
    for r in atlas_lod::generate::records(11, 300) {
        quads.extend(mapper.map(&profile.redact(r)));
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pages");
    for e in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
    {
        let bytes = std::fs::read(e.path()).unwrap_or_else(|e| panic!("{e}"));
        let rec = atlas_lod::ingest::read_page_bytes(&bytes, "x").unwrap_or_else(|e| panic!("{e}"));
        quads.extend(mapper.map(&profile.redact(rec)));
    }
    quads.extend(mapper.theme_quads());
    let mut predicates = BTreeSet::new();
    let mut atlas_terms = BTreeSet::new();
    for q in &quads {
        predicates.insert(q.predicate.as_str().to_string());
        for iri in [
            Some(q.predicate.as_str().to_string()),
            match &q.object {
                Term::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            },
        ]
        .into_iter()
        .flatten()
        {
            if iri.starts_with(vocab::ns::ATLAS) {
                atlas_terms.insert(iri);
            }
        }
    }
    (predicates, atlas_terms)
}

#[test]
fn every_vocabulary_term_is_declared_with_french_and_english_labels() {
    let onto = parse(atlas_lod::rdf::ONTOLOGY_TTL);
    let fr = subjects_with_label(&onto, "fr");
    let en = subjects_with_label(&onto, "en");
    for term in vocab::atlas::ALL {
        assert!(
            fr.contains(term.as_str()) && en.contains(term.as_str()),
            "{term} lacks a label in atlas.ttl"
        );
    }
    let declared: BTreeSet<&str> = vocab::atlas::ALL.iter().map(|t| t.as_str()).collect();
    for term in fr.iter().filter(|t| t.starts_with(vocab::ns::ATLAS)) {
        assert!(
            declared.contains(term.as_str()),
            "{term} is in atlas.ttl but not in vocab.rs"
        );
    }
}

#[test]
fn the_mapping_writes_only_declared_terms_and_the_context_covers_them() {
    let (predicates, atlas_terms) = used_terms();
    let declared: BTreeSet<&str> = vocab::atlas::ALL.iter().map(|t| t.as_str()).collect();
    for t in &atlas_terms {
        assert!(
            declared.contains(t.as_str()),
            "{t} written but not declared"
        );
    }
    let context = atlas_lod::rdf::jsonld::CONTEXT_JSONLD;
    let doc: serde_json::Value = serde_json::from_str(context).unwrap_or_else(|e| panic!("{e}"));
    let ctx = doc["@context"].as_object().cloned().unwrap_or_default();
    let expand = |s: &str| -> String {
        match s.split_once(':') {
            Some((p, l)) => match ctx.get(p).and_then(|v| v.as_str()) {
                Some(ns) => format!("{ns}{l}"),
                None => s.to_string(),
            },
            None => s.to_string(),
        }
    };
    let covered: BTreeSet<String> = ctx
        .values()
        .filter_map(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v["@id"].as_str().map(str::to_string))
        })
        .map(|s| expand(&s))
        .collect();
    for p in predicates.iter().filter(|p| !p.ends_with("#type")) {
        assert!(covered.contains(p), "{p} has no term in context.jsonld");
    }
}

#[test]
fn status_and_kind_concepts_are_in_the_shipped_schemes() {
    let schemes = parse(atlas_lod::rdf::SCHEMES_TTL);
    let concepts: BTreeSet<String> = schemes
        .iter()
        .filter(|q| q.object.to_string() == "<http://www.w3.org/2004/02/skos/core#Concept>")
        .map(|q| q.subject.to_string().trim_matches(['<', '>']).to_string())
        .collect();
    use atlas_lod::rdf::iri;
    for iri in [
        iri::status("En cours"),
        iri::status("Terminé"),
        iri::kind("Projet de coopération décentralisée"),
        iri::kind("Jumelage"),
        iri::kind("Autre action extérieure"),
    ]
    .into_iter()
    .chain(
        atlas_lod::model::LevyLaw::ALL
            .iter()
            .map(|l| iri::levy_law(*l)),
    ) {
        assert!(concepts.contains(&iri), "{iri} missing from schemes.ttl");
        assert!(iri.contains("/levy/") || iri::in_shipped_scheme(&iri));
    }
}
