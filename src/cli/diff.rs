//! `diff OLD NEW`: what changed between two releases (bundles or stores).

use anyhow::Result;
use atlas_lod::publish::diff::{self, Release};
use std::io::Write;
use std::path::PathBuf;

/// How the changes are written.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A line per partnership, an indented line per field.
    Text,
    /// A JSON array of changes.
    Json,
    /// `changes.csv`'s columns: a row per field change.
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The earlier release: a bundle folder or a store folder.
    old: PathBuf,
    /// The later release.
    new: PathBuf,
    /// How to write the changes.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Exit 0 when the releases hold the same partnerships, 1 when they differ, 2 on error.
pub fn run(args: Args) -> Result<i32> {
    let old = Release::read(&args.old)?;
    let new = Release::read(&args.new)?;
    let changes = diff::diff(&old, &new);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Text => diff::write_text(&changes, &mut out)?,
        Format::Json => diff::write_json(&changes, &mut out)?,
        Format::Csv => diff::write_csv(&changes, &mut out)?,
    }
    out.flush()?;
    Ok(if changes.is_empty() {
        super::messages::SUCCESS
    } else {
        super::messages::REJECTED
    })
}
