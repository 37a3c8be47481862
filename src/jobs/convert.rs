//! The `convert` job: inputs -> records -> quads -> SHACL validation -> one output document.

use super::drive::{Event, Sink, drive};
use super::pipeline::Pipeline;
use crate::ingest::{Input, Reading};
use crate::model::privacy::Redacted;
use crate::rdf::{MapOptions, Mapper, OutputFormat, RdfWriter};
use crate::validate::report::RecordFindings;
use crate::validate::{ValidateError, Validator};
use oxigraph::model::Quad;
use std::io::{self, Write};

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
    /// Records that repeated an earlier one (same partnership, same content): written once.
    pub duplicates: usize,
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

/// Where `convert` writes: one RDF document, or the records themselves as JSON Lines.
enum Output<W: Write> {
    Rdf(RdfWriter<W>),
    Records(W),
}

/// The convert sink: each valid record written to the output as it comes.
struct Writer<W: Write> {
    out: Output<W>,
    mapper: Mapper,
    quads: usize,
}

impl<W: Write> Sink for Writer<W> {
    type Error = ConvertError;

    fn valid(
        &mut self,
        record: Box<Redacted>,
        _graph: String,
        mut quads: Vec<Quad>,
        _findings: Option<&RecordFindings>,
    ) -> Result<(), ConvertError> {
        match &mut self.out {
            Output::Rdf(writer) => {
                self.mapper.note_themes(&record);
                self.quads += quads.len();
                writer.write_graph(&mut quads)?;
            }
            Output::Records(out) => {
                serde_json::to_writer(&mut *out, &**record).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }
}

/// Converts `inputs` to `out`; rejected records go to `rejects` (JSON Lines) when given, and
/// every rejection, warning and new theme is passed to `report`.
pub fn run<W: Write>(
    inputs: Vec<Input>,
    options: &ConvertOptions,
    out: W,
    rejects: Option<&mut dyn Write>,
    mut report: impl FnMut(Event<'_>),
) -> Result<(Summary, W), ConvertError> {
    let validator = if options.validate {
        Some(Validator::new(&options.extra_shapes)?)
    } else {
        None
    };
    let mut sink = Writer {
        out: if options.to == OutputFormat::RecordsJsonl {
            Output::Records(out)
        } else {
            Output::Rdf(RdfWriter::new(options.to, out)?)
        },
        mapper: Mapper::new(options.map.clone()),
        quads: 0,
    };
    let pipeline = Pipeline::new(inputs, options.from.clone(), options.map.clone(), validator);
    let counts = drive(pipeline, &mut sink, rejects, &mut report)?;
    let mut summary = Summary {
        converted: counts.valid,
        rejected: counts.rejected,
        invalid: counts.invalid,
        warned: counts.warned,
        quads: sink.quads,
        duplicates: counts.duplicates,
    };
    let out = match sink.out {
        Output::Rdf(mut writer) => {
            let mut theme_quads = sink.mapper.theme_quads();
            summary.quads += theme_quads.len();
            writer.write_graph(&mut theme_quads)?;
            writer.finish()?
        }
        Output::Records(out) => out,
    };
    for path in sink.mapper.new_themes() {
        report(Event::NewTheme(&path));
    }
    Ok((summary, out))
}
