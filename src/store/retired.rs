//! Partnerships that were published once and are gone from the current release: a small graph
//! of their IRIs (`prov:invalidatedAtTime`, their last title), so that their IRIs keep
//! answering (`serve` says 410 Gone, with when and where they were last published).

use crate::rdf::vocab::{dcterms, ns, prov, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use oxigraph::store::{StorageError, Store};

/// The graph of retired partnerships.
pub fn graph() -> String {
    format!("{}graph/retired", ns::ID)
}

/// One retired partnership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retired {
    /// Its IRI.
    pub iri: String,
    /// Its last title.
    pub title: String,
    /// The date of the release that no longer had it (`YYYY-MM-DD`).
    pub retired_on: String,
}

/// Writes `retired` into the retired graph (replacing it).
pub fn record(store: &Store, retired: &[Retired]) -> Result<(), StorageError> {
    let g = NamedNode::new_unchecked(graph());
    store.clear_graph(g.as_ref())?;
    let name = GraphName::NamedNode(g);
    let mut quads = Vec::new();
    for r in retired {
        let Ok(s) = NamedNode::new(&r.iri) else {
            continue;
        };
        quads.push(Quad::new(
            s.clone(),
            prov::INVALIDATED_AT_TIME,
            Literal::new_typed_literal(format!("{}T00:00:00Z", r.retired_on), xsd::DATE_TIME),
            name.clone(),
        ));
        quads.push(Quad::new(
            s,
            dcterms::TITLE,
            Literal::new_simple_literal(&r.title),
            name.clone(),
        ));
    }
    store.extend(quads)
}

/// The retired partnership `iri`, if it is one.
pub fn lookup(store: &Store, iri: &str) -> Result<Option<Retired>, StorageError> {
    let Ok(s) = NamedNodeRef::new(iri) else {
        return Ok(None);
    };
    let g = NamedNode::new_unchecked(graph());
    let value = |p: NamedNodeRef<'_>| -> Result<Option<String>, StorageError> {
        for q in store.quads_for_pattern(Some(s.into()), Some(p), None, Some(g.as_ref().into())) {
            if let Term::Literal(l) = q?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    };
    let Some(when) = value(prov::INVALIDATED_AT_TIME)? else {
        return Ok(None);
    };
    Ok(Some(Retired {
        iri: iri.to_string(),
        title: value(dcterms::TITLE)?.unwrap_or_default(),
        retired_on: when.chars().take(10).collect(),
    }))
}
