//! The `convert` job: inputs -> records -> quads -> SHACL validation -> one output document.

use super::pipeline::{Outcome, Pipeline};
use crate::ingest::{IngestError, Input, Reading};
use crate::model::Record;
use crate::rdf::{MapOptions, Mapper, OutputFormat, RdfWriter};
use crate::validate::report::{RecordFindings, reject_json};
use crate::validate::{Finding, Severity, ValidateError, Validator};
use serde_json::json;
use std::io::{self, Write};

/// What `convert` reports as it goes, for the caller to print.
#[derive(Debug)]
pub enum Event<'a> {
    /// A record could not be read; the run goes on.
    Rejected(&'a IngestError),
    /// A record has SHACL violations: it is not written.
    Invalid(&'a RecordFindings),
    /// A reader warning: `file:line: field: message`.
    Warning {
        /// Source file.
        file: &'a str,
        /// Line.
        line: usize,
        /// Field.
        field: &'a str,
        /// Message.
        message: &'a str,
    },
    /// A SHACL warning on a record that is written.
    ShapeWarning {
        /// Source file.
        file: &'a str,
        /// Line.
        line: usize,
        /// The finding.
        finding: &'a Finding,
    },
    /// A theme path absent from the shipped scheme was minted (reported once per run).
    NewTheme(&'a [String]),
}

/// Counts of a finished run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Records written.
    pub converted: usize,
    /// Inputs or records rejected (unreadable or with violations).
    pub rejected: usize,
    /// Of those, records rejected by SHACL validation.
    pub invalid: usize,
    /// Written records that carried at least one reader or SHACL warning.
    pub warned: usize,
    /// Quads written (0 for records-jsonl).
    pub quads: usize,
}

/// Options of a conversion.
#[derive(Debug, Clone)]
pub struct ConvertOptions {
    /// How inputs are read.
    pub from: Reading,
    /// What is written.
    pub to: OutputFormat,
    /// Mapping options (base, contacts profile, generation time).
    pub map: MapOptions,
    /// Validate each record against the shapes and reject those with violations.
    pub validate: bool,
    /// Users' shapes (name, Turtle) added to ours.
    pub extra_shapes: Vec<(String, String)>,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        Self {
            from: Reading::default(),
            to: OutputFormat::Turtle,
            map: MapOptions::default(),
            validate: true,
            extra_shapes: Vec::new(),
        }
    }
}

/// Why a conversion stopped (bad records never stop it).
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// Writing the output or the rejects failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The shapes could not be loaded.
    #[error(transparent)]
    Shapes(#[from] ValidateError),
}

enum Sink<W: Write> {
    Rdf(RdfWriter<W>),
    Records(W),
}

/// Converts `inputs` to `out`; rejected records go to `rejects` (JSON Lines) when given, and
/// every rejection, warning and new theme is passed to `report`.
pub fn run<W: Write>(
    inputs: Vec<Input>,
    options: &ConvertOptions,
    out: W,
    mut rejects: Option<&mut dyn Write>,
    mut report: impl FnMut(Event<'_>),
) -> Result<(Summary, W), ConvertError> {
    let validator = if options.validate {
        Some(Validator::new(&options.extra_shapes)?)
    } else {
        None
    };
    let mut summary = Summary::default();
    let mut mapper = Mapper::new(options.map.clone());
    let mut sink = if options.to == OutputFormat::RecordsJsonl {
        Sink::Records(out)
    } else {
        Sink::Rdf(RdfWriter::new(options.to, out)?)
    };
    for outcome in Pipeline::new(inputs, options.from.clone(), options.map.clone(), validator) {
        match outcome? {
            Outcome::Unreadable(e) => {
                summary.rejected += 1;
                reject(Event::Rejected(&e), rejects.as_deref_mut(), &mut report)?;
            }
            Outcome::Invalid { findings, .. } => {
                summary.rejected += 1;
                summary.invalid += 1;
                reject(
                    Event::Invalid(&findings),
                    rejects.as_deref_mut(),
                    &mut report,
                )?;
            }
            Outcome::Valid {
                record,
                quads,
                findings,
                ..
            } => {
                if report_warnings(&record, findings.as_ref(), &mut report) {
                    summary.warned += 1;
                }
                match &mut sink {
                    Sink::Rdf(writer) => {
                        mapper.note_themes(&record);
                        let mut quads = quads;
                        summary.quads += quads.len();
                        writer.write_graph(&mut quads)?;
                    }
                    Sink::Records(out) => {
                        let mut rec = *record;
                        options.map.contacts.apply(&mut rec);
                        serde_json::to_writer(&mut *out, &rec).map_err(io::Error::other)?;
                        out.write_all(b"\n")?;
                    }
                }
                summary.converted += 1;
            }
        }
    }
    let out = match sink {
        Sink::Rdf(mut writer) => {
            let mut theme_quads = mapper.theme_quads();
            summary.quads += theme_quads.len();
            writer.write_graph(&mut theme_quads)?;
            writer.finish()?
        }
        Sink::Records(out) => out,
    };
    for path in mapper.new_themes() {
        report(Event::NewTheme(&path));
    }
    Ok((summary, out))
}

/// Passes a written record's reader and SHACL warnings to `report`; true if there were any.
pub fn report_warnings(
    record: &Record,
    findings: Option<&RecordFindings>,
    report: &mut impl FnMut(Event<'_>),
) -> bool {
    for w in &record.warnings {
        report(Event::Warning {
            file: &record.source.file,
            line: w.line,
            field: &w.field,
            message: &w.message,
        });
    }
    let mut any = !record.warnings.is_empty();
    for finding in findings.iter().flat_map(|f| f.findings.iter()) {
        if finding.severity != Severity::Violation {
            any = true;
            report(Event::ShapeWarning {
                file: &record.source.file,
                line: record.source.line,
                finding,
            });
        }
    }
    any
}

/// Writes a rejected record to the rejects file (when there is one) and reports it.
pub fn reject<W: Write + ?Sized>(
    event: Event<'_>,
    rejects: Option<&mut W>,
    report: &mut impl FnMut(Event<'_>),
) -> io::Result<()> {
    if let Some(w) = rejects {
        match &event {
            Event::Rejected(e) => write_reject_error(w, e)?,
            Event::Invalid(f) => write_reject_findings(w, f)?,
            _ => {}
        }
    }
    report(event);
    Ok(())
}

/// One rejects line for a record with violations.
pub fn write_reject_findings<W: Write + ?Sized>(
    w: &mut W,
    findings: &RecordFindings,
) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &reject_json(findings)).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// One rejects line for an unreadable record.
pub fn write_reject_error<W: Write + ?Sized>(w: &mut W, e: &IngestError) -> io::Result<()> {
    let value = match e {
        IngestError::Record(r) => json!({
            "source": {"file": r.file, "line": r.line},
            "error": {"field": r.field, "message": r.message},
        }),
        IngestError::Io { path, source } => json!({
            "source": {"file": path, "line": 0},
            "error": {"field": "file", "message": source.to_string()},
        }),
    };
    serde_json::to_writer(&mut *w, &value).map_err(io::Error::other)?;
    w.write_all(b"\n")
}
