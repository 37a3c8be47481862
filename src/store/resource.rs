//! One resource as the store knows it: its statements (a whole record graph for a
//! partnership) and the statements pointing to it. What the Linked Data pages and RDF answers
//! of `serve` are made from.

use crate::vocab::foaf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Triple};
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;

/// What the store knows about one resource.
#[derive(Debug, Default)]
pub struct Description {
    /// The resource.
    pub iri: String,
    /// Its statements: a whole graph for a graph, a partnership or a scheme; else the
    /// statements about it.
    pub triples: Vec<Triple>,
    /// Statements pointing to it (for pages), capped.
    pub incoming: Vec<Triple>,
    /// Whether more incoming statements exist than kept.
    pub incoming_truncated: bool,
}

/// Incoming links shown on a page at most.
pub const MAX_INCOMING: usize = 200;

fn graph_triples(store: &Store, graph: NamedNodeRef<'_>) -> Result<Vec<Triple>, StorageError> {
    store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
        .map(|q| q.map(Triple::from))
        .collect()
}

/// Looks `iri` up; `None` when the store never mentions it.
pub fn describe(store: &Store, iri: &str) -> Result<Option<Description>, StorageError> {
    let Ok(node) = NamedNode::new(iri) else {
        return Ok(None);
    };
    let mut d = Description {
        iri: iri.to_string(),
        ..Default::default()
    };
    if store.contains_named_graph(node.as_ref())? {
        d.triples = graph_triples(store, node.as_ref())?;
    } else if let Some(q) = store
        .quads_for_pattern(
            None,
            Some(foaf::PRIMARY_TOPIC),
            Some(node.as_ref().into()),
            None,
        )
        .next()
    {
        // A partnership: its record graph holds it and everything it points to.
        let q: Quad = q?;
        match q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(g) => {
                d.triples = graph_triples(store, g.as_ref())?;
            }
            _ => return Ok(None),
        }
    } else {
        let mut seen = HashSet::new();
        for q in store.quads_for_pattern(
            Some(NamedOrBlankNodeRef::from(node.as_ref())),
            None,
            None,
            None,
        ) {
            let t = Triple::from(q?);
            if seen.insert(t.clone()) {
                d.triples.push(t);
            }
        }
    }
    let mut seen = HashSet::new();
    for q in store.quads_for_pattern(None, None, Some(node.as_ref().into()), None) {
        let t = Triple::from(q?);
        if t.predicate.as_str() == foaf::PRIMARY_TOPIC.as_str() {
            continue;
        }
        if seen.len() >= MAX_INCOMING {
            d.incoming_truncated = true;
            break;
        }
        if seen.insert(t.clone()) {
            d.incoming.push(t);
        }
    }
    if d.triples.is_empty() && d.incoming.is_empty() {
        return Ok(None);
    }
    d.triples.sort_by_cached_key(ToString::to_string);
    Ok(Some(d))
}
