//! The `convert` job: inputs -> records -> quads (or records) -> one output document.

use crate::ingest::{self, IngestError, Input, InputFormat, Records};
use crate::model::privacy::ContactPolicy;
use crate::rdf::{MapOptions, Mapper, OutputFormat, RdfWriter};
use std::io::{self, Write};

/// What `convert` reports as it goes, for the caller to print.
#[derive(Debug)]
pub enum Event<'a> {
    /// A record could not be read; the run goes on.
    Rejected(&'a IngestError),
    /// A record was read with a warning: `file:line: field: message`.
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
    /// A theme path absent from the shipped scheme was minted (reported once per run).
    NewTheme(&'a [String]),
}

/// Counts of a finished run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Records written.
    pub converted: usize,
    /// Inputs or records rejected.
    pub rejected: usize,
    /// Records that carried at least one warning.
    pub warned: usize,
    /// Quads written (0 for records-jsonl).
    pub quads: usize,
}

/// Options of a conversion.
#[derive(Debug, Clone)]
pub struct ConvertOptions {
    /// How inputs are read.
    pub from: InputFormat,
    /// What is written.
    pub to: OutputFormat,
    /// Mapping options (base, contacts profile, generation time).
    pub map: MapOptions,
}

/// Converts `inputs` to `out`, calling `report` for every rejection, warning and new theme.
/// Errors are only those of writing the output; bad inputs are counted and reported.
pub fn run<W: Write>(
    inputs: Vec<Input>,
    options: &ConvertOptions,
    out: W,
    mut report: impl FnMut(Event<'_>),
) -> io::Result<(Summary, W)> {
    let mut summary = Summary::default();
    let records = Records::new(inputs, options.from);
    if options.to == OutputFormat::RecordsJsonl {
        let mut out = out;
        for item in records {
            match item {
                Ok(mut rec) => {
                    note_warnings(&mut summary, &rec, &mut report);
                    options.map.contacts.apply(&mut rec);
                    serde_json::to_writer(&mut out, &rec).map_err(io::Error::other)?;
                    out.write_all(b"\n")?;
                    summary.converted += 1;
                }
                Err(e) => {
                    summary.rejected += 1;
                    report(Event::Rejected(&e));
                }
            }
        }
        return Ok((summary, out));
    }
    let mut mapper = Mapper::new(options.map.clone());
    let mut writer = RdfWriter::new(options.to, out)?;
    for item in records {
        match item {
            Ok(rec) => {
                note_warnings(&mut summary, &rec, &mut report);
                let mut quads = mapper.map(&rec);
                summary.quads += quads.len();
                writer.write_graph(&mut quads)?;
                summary.converted += 1;
            }
            Err(e) => {
                summary.rejected += 1;
                report(Event::Rejected(&e));
            }
        }
    }
    let mut theme_quads = mapper.theme_quads();
    summary.quads += theme_quads.len();
    writer.write_graph(&mut theme_quads)?;
    let out = writer.finish()?;
    for path in mapper.new_themes() {
        report(Event::NewTheme(&path));
    }
    Ok((summary, out))
}

fn note_warnings(summary: &mut Summary, rec: &crate::Record, report: &mut impl FnMut(Event<'_>)) {
    if !rec.warnings.is_empty() {
        summary.warned += 1;
    }
    for w in &rec.warnings {
        report(Event::Warning {
            file: &rec.source.file,
            line: w.line,
            field: &w.field,
            message: &w.message,
        });
    }
}

/// Shorthand for the library user: expands paths, converts with default options to a string.
pub fn convert_paths_to_string(
    paths: &[String],
    to: OutputFormat,
    contacts: ContactPolicy,
) -> io::Result<(Summary, String)> {
    let (inputs, errors) = ingest::expand(paths);
    if let Some(e) = errors.into_iter().next() {
        return Err(io::Error::other(e.to_string()));
    }
    let options = ConvertOptions {
        from: InputFormat::Auto,
        to,
        map: MapOptions {
            contacts,
            ..Default::default()
        },
    };
    let (summary, out) = run(inputs, &options, Vec::new(), |_| {})?;
    Ok((summary, String::from_utf8_lossy(&out).into_owned()))
}
