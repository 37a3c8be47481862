//! The one loop of every job over the pipeline's outcomes: it counts, writes the rejects file,
//! reports each rejection and warning as an [`Event`], and hands each record to the job's
//! [`Sink`] (an RDF writer, JSON Lines, the bulk loader or the transactional store, the
//! validation summary).

use super::pipeline::Outcome;
use crate::ingest::IngestError;
use crate::model::privacy::Redacted;
use crate::validate::report::{RecordFindings, reject_json};
use crate::validate::{Finding, Severity, ValidateError};
use oxigraph::model::Quad;
use serde_json::json;
use std::io::{self, Write};

/// What a job reports as it goes, for the caller to print (`convert`, `import`, `publish`).
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
    /// A record is the same partnership, with the same content, as an earlier record of the
    /// run: it is kept once (the earlier one).
    Duplicate {
        /// Where this record was read.
        file: &'a str,
        /// Its line.
        line: usize,
        /// Where the earlier one was read.
        first_file: &'a str,
        /// Its line.
        first_line: usize,
        /// The partnership's graph.
        graph: &'a str,
    },
}

/// What a job does with each record; [`drive`] does the rest.
pub trait Sink {
    /// Why the sink stops the run (bad records never do).
    type Error: From<ValidateError> + From<io::Error>;

    /// A record without violations (it may carry warnings): write or load it.
    fn valid(
        &mut self,
        record: Box<Redacted>,
        graph: String,
        quads: Vec<Quad>,
        findings: Option<&RecordFindings>,
    ) -> Result<(), Self::Error>;

    /// A record rejected by the shapes (reported and written to the rejects by [`drive`]).
    fn invalid(
        &mut self,
        _record: &Redacted,
        _graph: &str,
        _findings: RecordFindings,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    /// A record or an input that could not be read (reported by [`drive`]).
    fn unreadable(&mut self, _error: IngestError) -> Result<(), Self::Error> {
        Ok(())
    }

    /// Called after each outcome, with the counts so far (batching, progress).
    fn after(&mut self, _counts: &Counts) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// The counts every job keeps.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Outcomes seen (records read, good or bad, and unreadable inputs).
    pub read: usize,
    /// Records handed to the sink.
    pub valid: usize,
    /// Records rejected (unreadable or with violations).
    pub rejected: usize,
    /// Of those, records rejected by the shapes.
    pub invalid: usize,
    /// Valid records that carried at least one reader or SHACL warning.
    pub warned: usize,
    /// Records that repeated an earlier one of the run (same partnership, same content): kept
    /// once, neither written again nor rejected.
    pub duplicates: usize,
}

/// Runs `outcomes` into `sink`: rejected records go to `rejects` (JSON Lines) when given, and
/// every rejection and warning is passed to `report`. Stops at the first error of the
/// validator or the sink.
pub fn drive<S: Sink>(
    outcomes: impl IntoIterator<Item = Result<Outcome, ValidateError>>,
    sink: &mut S,
    mut rejects: Option<&mut dyn Write>,
    report: &mut impl FnMut(Event<'_>),
) -> Result<Counts, S::Error> {
    let mut counts = Counts::default();
    for outcome in outcomes {
        counts.read += 1;
        match outcome? {
            // A conflict is a rejected record like an unreadable one (its error says why).
            Outcome::Unreadable(e) | Outcome::Conflict(e) => {
                counts.rejected += 1;
                reject(Event::Rejected(&e), rejects.as_deref_mut(), report)?;
                sink.unreadable(e)?;
            }
            Outcome::Duplicate {
                record,
                graph,
                first,
            } => {
                counts.duplicates += 1;
                report(Event::Duplicate {
                    file: &record.source.file,
                    line: record.source.line,
                    first_file: &first.file,
                    first_line: first.line,
                    graph: &graph,
                });
            }
            Outcome::Invalid {
                record,
                graph,
                findings,
            } => {
                counts.rejected += 1;
                counts.invalid += 1;
                reject(Event::Invalid(&findings), rejects.as_deref_mut(), report)?;
                sink.invalid(&record, &graph, findings)?;
            }
            Outcome::Valid {
                record,
                graph,
                quads,
                findings,
            } => {
                if report_warnings(&record, findings.as_ref(), report) {
                    counts.warned += 1;
                }
                counts.valid += 1;
                sink.valid(record, graph, quads, findings.as_ref())?;
            }
        }
        sink.after(&counts)?;
    }
    Ok(counts)
}

/// Passes a written record's reader and SHACL warnings to `report`; true if there were any.
fn report_warnings(
    record: &Redacted,
    findings: Option<&RecordFindings>,
    report: &mut impl FnMut(Event<'_>),
) -> bool {
    let warnings = record.warnings_to_report();
    for w in warnings {
        report(Event::Warning {
            file: &record.source.file,
            line: w.line,
            field: &w.field,
            message: &w.message,
        });
    }
    let mut any = !warnings.is_empty();
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
fn reject<W: Write + ?Sized>(
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
fn write_reject_findings<W: Write + ?Sized>(
    w: &mut W,
    findings: &RecordFindings,
) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &reject_json(findings)).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// One rejects line for an unreadable record. The rejects file is an output (a bundle
/// publishes it), so it names the field and says what is wrong without the value read: a
/// value that could not be read may be anyone's name, and so may an unknown key.
fn write_reject_error<W: Write + ?Sized>(w: &mut W, e: &IngestError) -> io::Result<()> {
    let value = match e {
        IngestError::Record(r) => json!({
            "source": {"file": r.file, "line": r.line},
            "error": {"field": unquoted_field(&r.field), "message": unquoted(&r.message)},
        }),
        IngestError::Io { path, source } => json!({
            "source": {"file": path, "line": 0},
            "error": {"field": "file", "message": source.to_string()},
        }),
    };
    serde_json::to_writer(&mut *w, &value).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// `message` with every value it quotes (`"..."`, `` `...` ``) replaced by `…`.
fn unquoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        if c != '"' && c != '`' {
            out.push(c);
            continue;
        }
        // Up to the closing mark (a backslash escapes the next character).
        let mut closed = false;
        while let Some(d) = chars.next() {
            if d == '\\' {
                chars.next();
            } else if d == c {
                closed = true;
                break;
            }
        }
        out.push(c);
        out.push('…');
        if closed {
            out.push(c);
        }
    }
    out
}

/// A field path with the segments that are not field names of ours (an unknown key may be
/// anything) replaced by `…`.
fn unquoted_field(field: &str) -> String {
    field
        .split('.')
        .map(|segment| {
            let ours = !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_[]".contains(c));
            if ours { segment } else { "…" }
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejects_line_names_the_field_not_the_value() {
        assert_eq!(
            unquoted("invalid type: string \"Sarah VAILLANT\", expected i32 at line 1 column 9"),
            "invalid type: string \"…\", expected i32 at line 1 column 9"
        );
        assert_eq!(
            unquoted("unknown field `SarahVaillant`, expected one of `a`, `b`"),
            "unknown field `…`, expected one of `…`, `…`"
        );
        assert_eq!(
            unquoted("not a year: \"a \\\" b\" ok"),
            "not a year: \"…\" ok"
        );
        assert_eq!(unquoted("cut \"open"), "cut \"…");
        assert_eq!(unquoted_field("funding[0].year"), "funding[0].year");
        assert_eq!(unquoted_field("Sarah VAILLANT"), "…");
        assert_eq!(
            unquoted_field("foreign_contacts[0].SarahVaillant"),
            "foreign_contacts[0].…"
        );
    }
}
