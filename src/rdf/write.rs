//! Writing quads: Turtle (with prefixes), N-Triples, N-Quads, TriG, RDF/XML and compacted
//! JSON-LD, one record graph at a time, each graph sorted so that output is byte-stable.

use super::jsonld::JsonLdWriter;
use crate::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{Quad, TripleRef};
use std::io::{self, Write};

/// The output formats of `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Turtle with prefixes (graph names dropped; provenance stays on the graph IRI).
    Turtle,
    /// N-Triples (graph names dropped).
    Ntriples,
    /// N-Quads, one named graph per record.
    Nquads,
    /// TriG, one named graph per record, with prefixes.
    Trig,
    /// RDF/XML (graph names dropped).
    Rdfxml,
    /// JSON-LD 1.1 compacted with `ontology/context.jsonld`, one `@graph` per record.
    Jsonld,
    /// Canonical records as JSON Lines (not RDF): `convert --from jsonl` reads them back.
    RecordsJsonl,
}

impl OutputFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Turtle => "ttl",
            OutputFormat::Ntriples => "nt",
            OutputFormat::Nquads => "nq",
            OutputFormat::Trig => "trig",
            OutputFormat::Rdfxml => "rdf",
            OutputFormat::Jsonld => "jsonld",
            OutputFormat::RecordsJsonl => "jsonl",
        }
    }

    fn rdf_format(self) -> Option<(RdfFormat, bool)> {
        match self {
            OutputFormat::Turtle => Some((RdfFormat::Turtle, true)),
            OutputFormat::Ntriples => Some((RdfFormat::NTriples, true)),
            OutputFormat::Nquads => Some((RdfFormat::NQuads, false)),
            OutputFormat::Trig => Some((RdfFormat::TriG, false)),
            OutputFormat::Rdfxml => Some((RdfFormat::RdfXml, true)),
            OutputFormat::Jsonld | OutputFormat::RecordsJsonl => None,
        }
    }
}

enum Inner<W: Write> {
    Ox {
        serializer: Box<WriterQuadSerializer<W>>,
        triples_only: bool,
        /// The Turtle-family serializers end on " ." without a line break.
        end_with_newline: bool,
    },
    JsonLd(JsonLdWriter<W>),
}

/// Writes graphs one after the other in one of the RDF formats.
pub struct RdfWriter<W: Write> {
    inner: Inner<W>,
}

impl<W: Write> RdfWriter<W> {
    /// A writer of `format` over `writer`. `records-jsonl` is not RDF and is refused.
    pub fn new(format: OutputFormat, writer: W) -> io::Result<Self> {
        if format == OutputFormat::Jsonld {
            return Ok(Self {
                inner: Inner::JsonLd(JsonLdWriter::new(writer)?),
            });
        }
        let Some((rdf_format, triples_only)) = format.rdf_format() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "records-jsonl is not an RDF format",
            ));
        };
        let mut serializer = RdfSerializer::from_format(rdf_format);
        if matches!(
            rdf_format,
            RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
        ) {
            for (prefix, iri) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
            }
        }
        Ok(Self {
            inner: Inner::Ox {
                serializer: Box::new(serializer.for_writer(writer)),
                triples_only,
                end_with_newline: matches!(rdf_format, RdfFormat::Turtle | RdfFormat::TriG),
            },
        })
    }

    /// Writes one graph's quads (sorted and de-duplicated first).
    pub fn write_graph(&mut self, quads: &mut Vec<Quad>) -> io::Result<()> {
        sort_quads(quads);
        match &mut self.inner {
            Inner::Ox {
                serializer,
                triples_only: true,
                ..
            } => {
                for q in quads.iter() {
                    serializer.serialize_triple(TripleRef::new(
                        &q.subject,
                        &q.predicate,
                        &q.object,
                    ))?;
                }
                Ok(())
            }
            Inner::Ox { serializer, .. } => {
                for q in quads.iter() {
                    serializer.serialize_quad(q)?;
                }
                Ok(())
            }
            Inner::JsonLd(w) => w.write_graph(quads),
        }
    }

    /// Ends the document and returns the writer.
    pub fn finish(self) -> io::Result<W> {
        match self.inner {
            Inner::Ox {
                serializer,
                end_with_newline,
                ..
            } => {
                let mut w = serializer.finish()?;
                if end_with_newline {
                    w.write_all(b"\n")?;
                }
                Ok(w)
            }
            Inner::JsonLd(w) => w.finish(),
        }
    }
}

/// Sorts by graph, subject, predicate, object (their N-Triples forms) and removes duplicates.
pub fn sort_quads(quads: &mut Vec<Quad>) {
    let mut keyed: Vec<(String, Quad)> = quads
        .drain(..)
        .map(|q| {
            (
                format!(
                    "{}\u{0}{}\u{0}{}\u{0}{}",
                    q.graph_name, q.subject, q.predicate, q.object
                ),
                q,
            )
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    quads.extend(keyed.into_iter().map(|(_, q)| q));
}
