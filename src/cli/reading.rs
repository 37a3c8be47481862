//! The options every reading subcommand shares: input format, table mapping, authorities.

use anyhow::{Context, Result};
use atlas_lod::ingest::Reading;
use atlas_lod::ingest::authorities::Authorities;
use atlas_lod::ingest::mapping::Mapping;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args, Debug, Clone)]
pub struct ReadingArgs {
    /// How to read the inputs (`auto`: `.jsonl` files are records, `.csv`/`.tsv` tables, the
    /// rest Atlas pages).
    #[arg(long, value_enum, default_value = "auto")]
    pub from: super::values::Inputs,
    /// Column mapping of tables (TOML; see examples/csv/mapping.toml).
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,
    /// The list of French local authorities (CSV with name, SIREN, INSEE code and type):
    /// attaches SIREN and INSEE codes to French partners whose name and type match one entry.
    #[arg(long, value_name = "FILE.csv")]
    pub authorities: Option<PathBuf>,
    /// Atlas ids of inputs that do not carry theirs (CSV: input file, file name or
    /// `file:line`, then the Atlas id): their IRIs then never change with their title.
    #[arg(long, value_name = "FILE.csv")]
    pub ids: Option<PathBuf>,
}

impl ReadingArgs {
    /// Loads the mapping and the authorities named.
    pub fn reading(&self) -> Result<Reading> {
        let mapping = match &self.mapping {
            Some(p) => Some(Arc::new(Mapping::load(p)?)),
            None => None,
        };
        let authorities = match &self.authorities {
            Some(p) => Some(Arc::new(Authorities::load(p)?)),
            None => None,
        };
        let ids = match &self.ids {
            Some(p) => Some(Arc::new(atlas_lod::ingest::ids::load(p)?)),
            None => None,
        };
        Ok(Reading {
            format: self.from.into(),
            mapping,
            authorities,
            ids,
        })
    }
}

/// Prints how French partners fared against the authorities list, when one was given.
pub fn report_authorities(reading: &Reading) {
    if let Some(a) = &reading.authorities {
        let (matched, unmatched, ambiguous) = a.counts.get();
        super::messages::summary(format_args!(
            "authorities: {matched} French partners matched, {unmatched} unmatched, {ambiguous} ambiguous (see the warnings; nothing is guessed)"
        ));
    }
}

/// Expands the inputs for `reading`: folders give the kinds of files `--from` reads (and RDF
/// files when `rdf`), tables only with a mapping; `outputs` (this run's own files and folders)
/// are never read. What the walk left out is said in one note, the skipped tables in another.
pub fn expand(
    args: &[String],
    reading: &Reading,
    rdf: bool,
    outputs: &[PathBuf],
) -> (
    Vec<atlas_lod::ingest::Input>,
    Vec<atlas_lod::ingest::IngestError>,
) {
    use atlas_lod::ingest::walk;
    let mut kinds = walk::Kinds::for_reading(reading.format, reading.mapping.is_some());
    if rdf {
        kinds = kinds.with_rdf();
    }
    let mut found = walk::expand(args, kinds, outputs);
    if let Some(m) = &reading.mapping {
        // The tables the mapping joins are read with the main table, not on their own.
        found
            .inputs
            .retain(|i| !matches!(i, atlas_lod::ingest::Input::File(p) if m.joins(p)));
    }
    if let Some(first) = found.skipped.tables.first() {
        super::messages::note(format_args!(
            "{} table(s) in the folders given were not read, {} among them: give --mapping FILE.toml to read tables",
            found.skipped.tables.len(),
            first.display()
        ));
    }
    if let Some(sentence) = found.skipped.sentence() {
        super::messages::note(sentence);
    }
    (found.inputs, found.errors)
}

/// Reads `--shapes` files as (name, Turtle).
pub fn read_shapes(paths: &[PathBuf]) -> Result<Vec<(String, String)>> {
    paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|t| (p.display().to_string(), t))
                .with_context(|| format!("cannot read shapes {}", p.display()))
        })
        .collect()
}
