//! `export`: the store written in another community's format (IATI 2.03 activities).

use super::messages;
use anyhow::{Context, Result};
use atlas_lod::publish::config::Config;
use atlas_lod::publish::iati::{self, Reporter};
use atlas_lod::store;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(clap::Subcommand, Debug)]
enum Format {
    /// An IATI 2.03 activity file: one iati-activity per partnership, its funding as planned
    /// disbursements, its themes as OECD DAC purpose codes. Needs the publisher's IATI
    /// organisation identifier (`[iati] organisation` in the config).
    Iati(IatiArgs),
}

#[derive(clap::Args, Debug)]
pub struct IatiArgs {
    /// The store folder.
    #[arg(long)]
    store: PathBuf,
    /// Where to write the file (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The publisher's settings (atlas-lod.toml), with `[iati] organisation`.
    #[arg(long, value_name = "FILE", default_value = "atlas-lod.toml")]
    config: PathBuf,
}

/// Runs `export`.
pub fn run(args: Args) -> Result<i32> {
    match args.format {
        Format::Iati(a) => run_iati(a),
    }
}

fn run_iati(args: IatiArgs) -> Result<i32> {
    let config = Config::read(&args.config)?;
    let Some(reporter) = Reporter::from_config(&config) else {
        messages::error(format!(
            "{}: no [iati] organisation: an IATI file names its reporting organisation by the \
             publisher's own IATI identifier, which cannot be made up; add it to the config",
            args.config.display()
        ));
        return Ok(messages::FAILED);
    };
    let st = store::open_read_only(&args.store)?;
    let (list, left_out) = iati::activities(&st, &reporter).context("cannot read the store")?;
    for l in &left_out {
        messages::warning(format!(
            "{}: left out of the IATI file: {}",
            l.iri, l.reason
        ));
    }
    if list.is_empty() {
        messages::error(format!(
            "no partnership makes a valid IATI activity ({} left out): nothing written",
            left_out.len()
        ));
        return Ok(messages::REJECTED);
    }
    let stdout = super::output::is_stdout(Some(&args.output));
    let mut out = super::output::create(Some(&args.output))?;
    let total = iati::write(&mut out, &reporter, &list)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    out.flush()
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let target = if stdout {
        "standard output".to_string()
    } else {
        args.output.display().to_string()
    };
    messages::summary(format!(
        "wrote {} IATI activities to {target} ({} EUR of funding); left out {}",
        list.len(),
        atlas_lod::model::format::decimal(total),
        left_out.len()
    ));
    // The exit rule: 1 when some records could not be written, the others were.
    Ok(if left_out.is_empty() {
        messages::SUCCESS
    } else {
        messages::REJECTED
    })
}
