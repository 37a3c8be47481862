//! The SPARQL 1.1 Service Description of an endpoint: what it answers, in which formats, over
//! which dataset (served at `/sparql` without a query).

use crate::vocab::{self, rdf, sd, void};
use oxigraph::model::{
    BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn triple(s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) -> Triple {
    Triple::new(s, p, o)
}

/// The description of the endpoint at `endpoint` (an absolute IRI); `updates` when it accepts
/// SPARQL updates.
pub fn service_description(endpoint: &str, updates: bool) -> Vec<Triple> {
    let endpoint = nn(endpoint);
    let mut t = vec![
        triple(endpoint.clone(), rdf::TYPE, sd::SERVICE.into_owned()),
        triple(endpoint.clone(), sd::ENDPOINT, endpoint.clone()),
        triple(
            endpoint.clone(),
            sd::SUPPORTED_LANGUAGE,
            sd::SPARQL11_QUERY.into_owned(),
        ),
        triple(
            endpoint.clone(),
            sd::FEATURE,
            sd::UNION_DEFAULT_GRAPH.into_owned(),
        ),
        triple(
            endpoint.clone(),
            sd::FEATURE,
            sd::BASIC_FEDERATED_QUERY.into_owned(),
        ),
    ];
    if updates {
        t.push(triple(
            endpoint.clone(),
            sd::SUPPORTED_LANGUAGE,
            sd::SPARQL11_UPDATE.into_owned(),
        ));
    }
    for f in vocab::formats::ALL {
        t.push(triple(endpoint.clone(), sd::RESULT_FORMAT, *f));
    }
    let dataset = BlankNode::new_unchecked("dataset");
    let default_graph = BlankNode::new_unchecked("defaultGraph");
    t.push(triple(endpoint, sd::DEFAULT_DATASET, dataset.clone()));
    t.push(triple(dataset.clone(), rdf::TYPE, sd::DATASET.into_owned()));
    t.push(triple(
        dataset.clone(),
        rdf::TYPE,
        void::DATASET.into_owned(),
    ));
    t.push(triple(
        dataset.clone(),
        vocab::dcterms::TITLE,
        Literal::new_language_tagged_literal_unchecked(
            "Atlas de la coopération décentralisée",
            "fr",
        ),
    ));
    t.push(triple(
        default_graph.clone(),
        rdf::TYPE,
        sd::GRAPH.into_owned(),
    ));
    t.push(triple(dataset, sd::DEFAULT_GRAPH, default_graph));
    t
}
