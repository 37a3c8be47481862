//! `dump`: the store as a file, byte-identical for the same content; RDFC-1.0 canonical
//! N-Quads with their SHA-256 so that two publishers can prove they hold the same dataset.

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};
use oxrdf::Dataset;
use std::io::{self, Write};

use crate::rdf::{OutputFormat, RdfWriter};

/// What can go wrong while dumping.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// Reading the store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The format is not an RDF format.
    #[error("{0:?} is not an RDF format")]
    Format(OutputFormat),
    /// The graph asked for is not an IRI, or not a graph of the store.
    #[error("--graph {0}: {1}")]
    Graph(String, &'static str),
}

/// The named graph `iri` of `store`: a graph that is not there is a mistake of the command,
/// not an empty dump.
pub fn graph_of(store: &Store, iri: &str) -> Result<NamedNode, DumpError> {
    let node = NamedNode::new(iri).map_err(|_| DumpError::Graph(iri.into(), "not an IRI"))?;
    if store.contains_named_graph(&node)? {
        Ok(node)
    } else {
        Err(DumpError::Graph(iri.into(), "no such graph in the store"))
    }
}

/// The graphs to dump, in name order: all of them, or one.
fn graphs(store: &Store, only: Option<&str>) -> Result<Vec<GraphName>, DumpError> {
    if let Some(g) = only {
        let node = graph_of(store, g)?;
        return Ok(vec![GraphName::NamedNode(node)]);
    }
    let mut names: Vec<String> = Vec::new();
    for g in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(n) = g? {
            names.push(n.as_str().to_string());
        }
    }
    names.sort();
    let mut out = vec![GraphName::DefaultGraph];
    out.extend(
        names
            .into_iter()
            .map(|n| GraphName::NamedNode(NamedNode::new_unchecked(n))),
    );
    Ok(out)
}

/// Writes the store (or one graph) in `format`, graph by graph in name order, each graph
/// sorted: the same content always gives the same bytes.
pub fn dump(
    store: &Store,
    format: OutputFormat,
    graph: Option<&str>,
    out: impl Write,
) -> Result<usize, DumpError> {
    if format == OutputFormat::RecordsJsonl {
        return Err(DumpError::Format(format));
    }
    let mut writer = RdfWriter::new(format, out)?;
    let mut count = 0;
    for g in graphs(store, graph)? {
        let mut quads: Vec<Quad> = store
            .quads_for_pattern(None, None, None, Some(g.as_ref()))
            .collect::<Result<_, _>>()?;
        count += quads.len();
        writer.write_graph(&mut quads)?;
    }
    writer.finish()?;
    Ok(count)
}

/// Writes RDFC-1.0 canonical N-Quads (sorted lines) and returns their SHA-256 in hex.
pub fn canonical(
    store: &Store,
    graph: Option<&str>,
    mut out: impl Write,
) -> Result<(usize, String), DumpError> {
    let mut dataset = Dataset::new();
    for g in graphs(store, graph)? {
        for q in store.quads_for_pattern(None, None, None, Some(g.as_ref())) {
            dataset.insert(&q?);
        }
    }
    let (lines, hex) = crate::rdf::hash::canonical(dataset);
    for l in &lines {
        out.write_all(l.as_bytes())?;
    }
    out.flush()?;
    Ok((lines.len(), hex))
}
