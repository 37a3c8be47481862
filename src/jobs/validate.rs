//! `validate`'s inputs: anything `convert` reads (mapped first), or RDF files.

use super::drive::{Sink, drive};
use super::pipeline::Pipeline;
use crate::ingest::{IngestError, Input, Reading};
use crate::model::Source;
use crate::model::privacy::Redacted;
use crate::rdf::MapOptions;
use crate::validate::report::{RecordFindings, Summary};
use crate::validate::{ValidateError, Validator};
use crate::vocab::ns;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The RDF format of a file, by extension; `None` for record inputs.
pub fn rdf_format(input: &Input) -> Option<RdfFormat> {
    let Input::File(p) = input else { return None };
    match p.extension().and_then(|e| e.to_str()) {
        Some("ttl") => Some(RdfFormat::Turtle),
        Some("nt") => Some(RdfFormat::NTriples),
        Some("nq") => Some(RdfFormat::NQuads),
        Some("trig") => Some(RdfFormat::TriG),
        _ => None,
    }
}

/// What went wrong with one input, for the caller to print.
#[derive(Debug)]
pub enum InputProblem {
    /// A record input could not be read.
    Record(IngestError),
    /// An RDF file could not be read or parsed.
    Rdf {
        /// The file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// The validate sink: every record's findings into the summary, good or bad.
struct Findings {
    summary: Summary,
    problems: Vec<InputProblem>,
}

impl Sink for Findings {
    type Error = ValidateError;

    fn unreadable(&mut self, e: IngestError) -> Result<(), ValidateError> {
        self.problems.push(InputProblem::Record(e));
        Ok(())
    }

    fn invalid(
        &mut self,
        _record: &Redacted,
        _graph: &str,
        findings: RecordFindings,
    ) -> Result<(), ValidateError> {
        self.summary.add(findings);
        Ok(())
    }

    // With a validator, every valid record carries its findings (maybe none).
    fn valid(
        &mut self,
        _record: Box<Redacted>,
        _graph: String,
        _quads: Vec<Quad>,
        findings: Option<&RecordFindings>,
    ) -> Result<(), ValidateError> {
        if let Some(f) = findings {
            self.summary.add(f.clone());
        }
        Ok(())
    }
}

/// Validates every input as `map` would write it; returns the summary and the inputs that
/// could not be read.
pub fn validate_inputs(
    validator: &Validator,
    inputs: Vec<Input>,
    from: impl Into<Reading>,
    map: MapOptions,
) -> Result<(Summary, Vec<InputProblem>), ValidateError> {
    let (rdf, records): (Vec<Input>, Vec<Input>) =
        inputs.into_iter().partition(|i| rdf_format(i).is_some());
    // The same read -> map -> validate as convert and import.
    let pipeline = Pipeline::new(records, from, map, Some(validator.clone()));
    let mut sink = Findings {
        summary: Summary::default(),
        problems: Vec::new(),
    };
    // `validate` prints its summary, not each event.
    drive(pipeline, &mut sink, None, &mut |_| {})?;
    let Findings {
        mut summary,
        mut problems,
    } = sink;
    for input in rdf {
        let file = input.name();
        let Some(format) = rdf_format(&input) else {
            continue;
        };
        // The file is named by the problem; the message is the reader's or the parser's.
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                let message = e.to_string();
                problems.push(InputProblem::Rdf { file, message });
                continue;
            }
        };
        let parsed = RdfParser::from_format(format)
            .for_slice(&bytes)
            .collect::<Result<Vec<Quad>, _>>();
        let quads = match parsed {
            Ok(q) => q,
            Err(e) => {
                let message = e.to_string();
                problems.push(InputProblem::Rdf { file, message });
                continue;
            }
        };
        if quads.is_empty() {
            // An empty graph conforms to any shapes: saying CONFORMS of it would hide a wrong file.
            let message = "holds no triple: nothing to validate".to_string();
            problems.push(InputProblem::Rdf { file, message });
            continue;
        }
        for r in validate_dataset(validator, &file, quads)? {
            summary.add(r);
        }
    }
    Ok((summary, problems))
}

/// Each named graph is validated with the default graph and the theme graph beside it; a
/// file without named graphs is validated whole.
pub fn validate_dataset(
    validator: &Validator,
    file: &str,
    quads: Vec<Quad>,
) -> Result<Vec<RecordFindings>, ValidateError> {
    let mut graphs: BTreeMap<String, Vec<Quad>> = BTreeMap::new();
    let mut shared = Vec::new();
    for q in quads {
        match &q.graph_name {
            GraphName::NamedNode(n) if n.as_str() != ns::THEME => {
                graphs.entry(n.as_str().to_string()).or_default().push(q);
            }
            _ => shared.push(q),
        }
    }
    if graphs.is_empty() {
        let findings = validator.validate_quads(&shared)?;
        return Ok(vec![RecordFindings {
            source: Source {
                file: file.to_string(),
                line: 0,
                url: None,
            },
            record: file.to_string(),
            findings,
        }]);
    }
    graphs
        .into_par_iter()
        .map(|(name, mut quads)| {
            quads.extend(shared.iter().cloned());
            Ok(RecordFindings {
                source: Source {
                    file: file.to_string(),
                    line: 0,
                    url: None,
                },
                record: name,
                findings: validator.validate_quads(&quads)?,
            })
        })
        .collect()
}
