use super::reading::read_shapes;
use anyhow::{Context, Result};
use atlas_lod::jobs::validate::{InputProblem, validate_inputs};
use atlas_lod::validate::Validator;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Grouped by shape, path and message, with counts and the first offending records.
    Text,
    /// The same results as JSON.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Atlas pages, record files (`.jsonl`), RDF files (`.ttl`, `.nt`, `.nq`, `.trig`), folders, `-`.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    #[command(flatten)]
    reading: super::reading::ReadingArgs,
    #[command(flatten)]
    mapping: super::mapping::MappingArgs,
    /// Shapes (Turtle) to check on top of ours; may be repeated.
    #[arg(long = "shapes", value_name = "FILE")]
    shapes: Vec<PathBuf>,
    /// Write a standard sh:ValidationReport (Turtle) here (`-`: standard output, in place of
    /// the text or JSON report).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Warnings fail too.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> Result<i32> {
    let validator = Validator::new(&read_shapes(&args.shapes)?)?;
    let reading = args.reading.reading()?;
    let (inputs, path_errors) = super::reading::expand(
        &args.inputs,
        &reading,
        true,
        &args.report.iter().cloned().collect::<Vec<_>>(),
    );
    let (mut summary, problems) = validate_inputs(
        &validator,
        inputs,
        reading.clone(),
        args.mapping.map_options()?,
    )?;
    // What could not be read was not validated: the verdict must say so, never CONFORMS.
    summary.unread = path_errors
        .iter()
        .map(unread_name)
        .chain(problems.iter().map(|p| match p {
            InputProblem::Record(e) => unread_name(e),
            InputProblem::Rdf { file, .. } => file.clone(),
        }))
        .collect();
    super::reading::report_authorities(&reading);
    for e in &path_errors {
        super::messages::error(e);
    }
    for p in &problems {
        match p {
            InputProblem::Record(e) => super::messages::error(e),
            InputProblem::Rdf { file, message } => {
                super::messages::error(format!("{file}: {message}"))
            }
        }
    }
    // `--report -`: the Turtle report takes standard output, in place of the text or JSON one.
    let report_on_stdout = args
        .report
        .as_deref()
        .is_some_and(|p| super::output::is_stdout(Some(p)));
    let mut stdout = std::io::stdout().lock();
    match args.format {
        _ if report_on_stdout => {}
        // File names and messages come from the inputs: what would act on a terminal is
        // shown escaped (in JSON as `\uXXXX`, which reads back the same).
        ReportFormat::Text => {
            let mut text = Vec::new();
            summary.write_text(&mut text, args.strict)?;
            let text = String::from_utf8_lossy(&text);
            stdout.write_all(atlas_lod::model::format::printable(&text).as_bytes())?;
        }
        ReportFormat::Json => {
            let json = serde_json::to_string_pretty(&summary.to_json(args.strict))?;
            writeln!(
                stdout,
                "{}",
                atlas_lod::model::format::json_printable(&json)
            )?;
        }
    }
    if let Some(path) = &args.report {
        drop(stdout);
        let file = super::output::create(Some(path))?;
        summary
            .write_turtle(std::io::BufWriter::new(file), args.strict)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    // An input that cannot be found, read or parsed as RDF is an I/O failure; a record that
    // cannot be read is one rejected record.
    let failed = !path_errors.is_empty()
        || problems.iter().any(|p| {
            matches!(
                p,
                InputProblem::Rdf { .. }
                    | InputProblem::Record(atlas_lod::ingest::IngestError::Io { .. })
            )
        });
    if failed {
        return Ok(super::messages::FAILED);
    }
    if summary.records == 0 {
        // Inputs that hold no record are most often the wrong inputs: a usage error, not a pass.
        super::messages::error("no record in the inputs: nothing was validated");
        return Ok(super::messages::FAILED);
    }
    Ok(if summary.conforms(args.strict) && problems.is_empty() {
        super::messages::SUCCESS
    } else {
        super::messages::REJECTED
    })
}

/// The name of what an error kept from being read: the file, or `file:line` for a record.
fn unread_name(e: &atlas_lod::ingest::IngestError) -> String {
    match e {
        atlas_lod::ingest::IngestError::Io { path, .. } => path.clone(),
        atlas_lod::ingest::IngestError::Record(r) => format!("{}:{}", r.file, r.line),
    }
}
