//! `query`: SPARQL over the store, with the default graph as the union of all graphs (every
//! record lives in a named graph of its own).

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Term, TripleRef};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::{self, Write};

/// What can go wrong with a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query does not parse; the message gives line and column.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// The evaluation failed.
    #[error("evaluation failed: {0}")]
    Evaluation(String),
    /// Writing the results failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How to print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// Aligned columns for people (SELECT/ASK); Turtle for CONSTRUCT/DESCRIBE.
    Table,
    /// SPARQL 1.1 CSV results.
    Csv,
    /// SPARQL 1.1 TSV results.
    Tsv,
    /// SPARQL 1.1 JSON results.
    Json,
    /// SPARQL XML results.
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT/DESCRIBE).
    Ntriples,
    /// RDF/XML (CONSTRUCT/DESCRIBE).
    Rdfxml,
    /// JSON-LD (CONSTRUCT/DESCRIBE).
    Jsonld,
}

/// Evaluates `query` on `store` (default graph = union of all graphs).
pub fn evaluate<'a>(store: &'a Store, query: &str) -> Result<QueryResults<'a>, QueryError> {
    evaluate_with(store, query, None)
}

/// Evaluates `query` on `store` (default graph = union of all graphs), with the full-text
/// index's SERVICE answered by `search` when given.
pub fn evaluate_with<'a>(
    store: &'a Store,
    query: &str,
    search: Option<crate::store::search::service::SearchService>,
) -> Result<QueryResults<'a>, QueryError> {
    let mut evaluator = SparqlEvaluator::new();
    if let Some(search) = search {
        evaluator = evaluator.with_service_handler(crate::vocab::atlas::SEARCH_SERVICE, search);
    }
    let mut prepared = evaluator
        .parse_query(query)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    prepared.dataset_mut().set_default_graph_as_union();
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.to_string()))
}

/// A table cell for people: IRIs in angle brackets, literals by their value (the exact
/// datatypes are in the CSV, TSV, JSON and XML formats).
fn cell(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => format!("<{}>", n.as_str()),
        Term::Literal(l) => l.value().replace('\n', " "),
        other => other.to_string(),
    }
}

/// Writes results in `format`.
pub fn write(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    let results_format = match format {
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        ResultFormat::Xml => Some(QueryResultsFormat::Xml),
        _ => None,
    };
    match results {
        QueryResults::Boolean(b) => match results_format {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, b)?;
            }
            None => writeln!(out, "{b}")?,
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match results_format {
                Some(f) => {
                    let mut s = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut *out, variables)?;
                    for sol in solutions {
                        let sol = sol.map_err(|e| QueryError::Evaluation(e.to_string()))?;
                        s.serialize(&sol)?;
                    }
                    s.finish()?;
                }
                None => {
                    let mut rows = Vec::new();
                    for sol in solutions {
                        let sol = sol.map_err(|e| QueryError::Evaluation(e.to_string()))?;
                        rows.push(
                            variables
                                .iter()
                                .map(|v| sol.get(v).map(cell).unwrap_or_default())
                                .collect::<Vec<_>>(),
                        );
                    }
                    let header: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_string()).collect();
                    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
                    for r in &rows {
                        for (w, c) in widths.iter_mut().zip(r) {
                            *w = (*w).max(c.chars().count());
                        }
                    }
                    let line = |cells: &[String]| -> String {
                        let padded: Vec<String> = cells
                            .iter()
                            .zip(&widths)
                            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                            .collect();
                        padded.join(" | ").trim_end().to_string()
                    };
                    writeln!(out, "{}", line(&header))?;
                    writeln!(
                        out,
                        "{}",
                        widths
                            .iter()
                            .map(|w| "-".repeat(*w))
                            .collect::<Vec<_>>()
                            .join("-+-")
                    )?;
                    for r in &rows {
                        writeln!(out, "{}", line(r))?;
                    }
                    writeln!(
                        out,
                        "({} row{})",
                        rows.len(),
                        if rows.len() == 1 { "" } else { "s" }
                    )?;
                }
            }
        }
        QueryResults::Graph(triples) => {
            let rdf = match format {
                ResultFormat::Ntriples => RdfFormat::NTriples,
                ResultFormat::Rdfxml => RdfFormat::RdfXml,
                ResultFormat::Jsonld => RdfFormat::JsonLd {
                    profile: oxigraph::io::JsonLdProfileSet::empty(),
                },
                _ => RdfFormat::Turtle,
            };
            let mut ser = RdfSerializer::from_format(rdf);
            for (p, ns) in crate::vocab::PREFIXES {
                ser = ser.with_prefix(*p, *ns).map_err(io::Error::other)?;
            }
            let mut ser = ser.for_writer(&mut *out);
            for t in triples {
                let t = t.map_err(|e| QueryError::Evaluation(e.to_string()))?;
                ser.serialize_triple(TripleRef::from(&t))?;
            }
            ser.finish()?;
        }
    }
    Ok(())
}
