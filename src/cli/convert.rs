use anyhow::{Context, Result};
use atlas_lod::convert::{self, ConvertOptions};
use atlas_lod::rdf::{MapOptions, OutputFormat};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, folders (read recursively, in name order) or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    #[command(flatten)]
    reading: super::reading::ReadingArgs,
    /// What to write.
    #[arg(long, value_enum, default_value = "turtle")]
    to: super::values::Output,
    /// Output file (standard output when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    mapping: super::mapping::MappingArgs,
    /// `prov:generatedAtTime` of every record graph (RFC 3339); defaults to
    /// `SOURCE_DATE_EPOCH` when set, otherwise none, so that output does not depend on the clock.
    #[arg(long)]
    generated_at: Option<String>,
    /// Write rejected records (unreadable, or with SHACL violations) here, as JSON Lines (`-`:
    /// standard output).
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Shapes (Turtle) to check on top of ours; may be repeated.
    #[arg(long = "shapes", value_name = "FILE")]
    shapes: Vec<PathBuf>,
    /// Skip SHACL validation (every readable record is written).
    #[arg(long)]
    no_validate: bool,
}

fn generated_at(arg: Option<String>) -> Result<Option<String>> {
    if let Some(a) = arg {
        let t = chrono::DateTime::parse_from_rfc3339(&a)
            .with_context(|| format!("--generated-at {a:?} is not an RFC 3339 date-time"))?;
        return Ok(Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));
    }
    Ok(super::clock::source_date_epoch()?
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
}

pub fn run(args: Args) -> Result<i32> {
    let to: OutputFormat = args.to.into();
    let options = ConvertOptions {
        from: args.reading.reading()?,
        to,
        map: MapOptions {
            generated_at: generated_at(args.generated_at)?,
            ..args.mapping.map_options()?
        },
        validate: !args.no_validate,
        extra_shapes: super::reading::read_shapes(&args.shapes)?,
    };
    use super::output;
    output::one_on_stdout(&[
        ("the RDF", output::is_stdout(args.output.as_deref())),
        (
            "the rejects",
            args.rejects
                .as_deref()
                .is_some_and(|p| output::is_stdout(Some(p))),
        ),
    ])?;
    let mut rejects = output::create_if(args.rejects.as_deref())?.map(BufWriter::new);
    let (inputs, path_errors) = super::reading::expand(
        &args.inputs,
        &options.from,
        false,
        &output::files(&[args.output.as_ref(), args.rejects.as_ref()]),
    );
    let mut tally = super::messages::Tally::default();
    tally.paths(&path_errors);
    let out = output::create(args.output.as_deref())?;
    let mut stderr = std::io::stderr().lock();
    let rejects_writer = rejects.as_mut().map(|w| w as &mut dyn Write);
    let (summary, out) = convert::run(
        inputs,
        &options,
        BufWriter::new(out),
        rejects_writer,
        |event| {
            tally.event(&event);
            if let Some(text) = super::messages::event_text(&event, true) {
                let _ = writeln!(stderr, "{text}");
            }
        },
    )
    .context("cannot convert")?;
    super::reading::report_authorities(&options.from);
    if let Some(mut w) = rejects {
        w.flush().context("cannot write the rejects")?;
    }
    out.into_inner()
        .map_err(|e| e.into_error())
        .and_then(|mut w| w.flush())
        .context("cannot write the output")?;
    let rejected = summary.rejected + path_errors.len();
    super::messages::summary(format_args!(
        "converted {} record(s), {} quad(s); rejected {} ({} invalid); {} with warnings; {} duplicate(s) written once",
        summary.converted,
        summary.quads,
        rejected,
        summary.invalid,
        summary.warned,
        summary.duplicates
    ));
    Ok(tally.code())
}
