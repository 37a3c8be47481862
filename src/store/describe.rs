//! What the store holds, described: the VoID description of its data (counts, class and
//! property partitions), built from the store by the publication and by the server alike.

use crate::vocab::{self, rdf, void};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator, SparqlSyntaxError};
use oxigraph::store::Store;

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn triple(s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) -> Triple {
    Triple::new(s, p, o)
}

/// Why the description could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum DescribeError {
    /// One of the counting queries does not parse (a bug of ours).
    #[error("a VoID query does not parse: {0}")]
    Syntax(#[from] SparqlSyntaxError),
    /// Counting failed in the store.
    #[error("counting the store failed: {0}")]
    Evaluation(#[from] QueryEvaluationError),
}

/// The rows of a SELECT over the union of all graphs (a cell per variable, unbound: `None`).
pub fn select(store: &Store, query: &str) -> Result<Vec<Vec<Option<Term>>>, DescribeError> {
    let mut prepared = SparqlEvaluator::new().parse_query(query)?;
    prepared.dataset_mut().set_default_graph_as_union();
    // The counting queries are all SELECTs.
    let QueryResults::Solutions(solutions) = prepared.on_store(store).execute()? else {
        return Ok(Vec::new());
    };
    let vars = solutions.variables().to_vec();
    let mut rows = Vec::new();
    for s in solutions {
        let s = s?;
        rows.push(vars.iter().map(|v| s.get(v).cloned()).collect());
    }
    Ok(rows)
}

/// The VoID description of the store's data (counted over distinct triples of all graphs),
/// for the dataset `dataset` served at `endpoint` when given.
pub fn void_triples(
    store: &Store,
    dataset: &str,
    endpoint: Option<&str>,
) -> Result<Vec<Triple>, DescribeError> {
    let ds = nn(dataset);
    let partition = |kind: &str, i: usize| {
        let sep = if dataset.contains('#') { "-" } else { "#" };
        nn(&format!("{dataset}{sep}{kind}-{i}"))
    };
    let mut t = vec![
        triple(ds.clone(), rdf::TYPE, void::DATASET.into_owned()),
        triple(
            ds.clone(),
            vocab::dcterms::TITLE,
            Literal::new_language_tagged_literal_unchecked(
                "Atlas de la coopération décentralisée et des autres actions extérieures",
                "fr",
            ),
        ),
        triple(
            ds.clone(),
            vocab::dcterms::TITLE,
            Literal::new_language_tagged_literal_unchecked(
                "Atlas of decentralised cooperation and other external actions",
                "en",
            ),
        ),
        triple(
            ds.clone(),
            void::URI_SPACE,
            Literal::new_simple_literal(vocab::ns::ROOT),
        ),
        triple(ds.clone(), void::ROOT_RESOURCE, nn(vocab::ns::THEME)),
    ];
    if let Some(e) = endpoint {
        t.push(triple(ds.clone(), void::SPARQL_ENDPOINT, nn(e)));
    }
    for (_, ns) in vocab::PREFIXES {
        t.push(triple(ds.clone(), void::VOCABULARY, nn(ns)));
    }
    let int = |n: &Option<Term>| -> Literal {
        match n {
            Some(Term::Literal(l)) => {
                Literal::new_typed_literal(l.value(), vocab::xsd::INTEGER.into_owned())
            }
            _ => Literal::from(0i64),
        }
    };
    let totals = select(
        store,
        "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) \
         WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
    )?;
    if let Some(row) = totals.first() {
        t.push(triple(ds.clone(), void::TRIPLES, int(&row[0])));
        t.push(triple(ds.clone(), void::DISTINCT_SUBJECTS, int(&row[1])));
        t.push(triple(ds.clone(), void::PROPERTIES, int(&row[2])));
    }
    let entities = select(
        store,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?s)) }",
    )?;
    if let Some(row) = entities.first() {
        t.push(triple(ds.clone(), void::ENTITIES, int(&row[0])));
    }
    let classes = select(
        store,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c ORDER BY ?c",
    )?;
    t.push(triple(
        ds.clone(),
        void::CLASSES,
        Literal::from(classes.len() as i64),
    ));
    for (i, row) in classes.iter().enumerate() {
        let Some(Term::NamedNode(c)) = &row[0] else {
            continue;
        };
        let part = partition("class", i);
        t.push(triple(ds.clone(), void::CLASS_PARTITION, part.clone()));
        t.push(triple(part.clone(), void::CLASS, c.clone()));
        t.push(triple(part, void::ENTITIES, int(&row[1])));
    }
    let properties = select(
        store,
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?p ORDER BY ?p",
    )?;
    for (i, row) in properties.iter().enumerate() {
        let Some(Term::NamedNode(p)) = &row[0] else {
            continue;
        };
        let part = partition("property", i);
        t.push(triple(ds.clone(), void::PROPERTY_PARTITION, part.clone()));
        t.push(triple(part.clone(), void::PROPERTY, p.clone()));
        t.push(triple(part, void::TRIPLES, int(&row[1])));
    }
    Ok(t)
}
