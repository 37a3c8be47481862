//! `diff OLD NEW`: what changed between two releases (bundles or stores).

use anyhow::Result;
use atlas_lod::publish::diff::{self, Release};
use std::io::Write;
use std::path::PathBuf;

/// How the changes are written.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A line per partnership with the names of its changed fields, an indented line per field.
    Text,
    /// A JSON array of changes.
    Json,
    /// `changes.csv`'s columns: a row per field change.
    Csv,
}

/// What `diff --help` says of the comparison and of the text output.
const AFTER_HELP: &str = "\
Both releases are read from their data (a bundle's atlas.nq.gz, a store's record graphs), and \
every field of each partnership is compared: title, atlas_id, description, context, history, \
objective, beneficiaries, kind, status, first_agreement_year, start_year, end_date, \
triennial, communication_france, communication_partner_countries, evaluation, main_theme, \
other_themes, french_partners, foreign_partners, project_owners, implementers, \
diplomatic_post, contacts, volunteers, contact_people (names and e-mails), one field per \
funding row (`funding FUNDER YEAR`, in euros) and one per levy (`levy FUNDER YEAR LAW`).

Contacts are compared as far as the two contact profiles allow: whole when they agree, \
names and e-mails only when both are `full`, organisations only (contact_organisations, \
volunteer_entities) between `role` and `full`, not at all against `none`. The profile is the \
one a bundle's README declares, otherwise the one its data shows.

Text output, one line each:
  note: contact profiles differ: old role, new full: ...
  added IRI \"title\"
  removed IRI \"title\"
  changed IRI \"title\": field, field
    field: \"before\" -> \"after\"      (values past 160 characters are cut; json and csv hold them whole)
  N added, N removed, N changed

Exit status: 0 the releases hold the same partnerships, 1 they differ, 2 a release cannot be read.";

#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
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
    let comparison = diff::compare(&old, &new);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Text => diff::write_text(&comparison, &mut out)?,
        Format::Json => diff::write_json(&comparison.changes, &mut out)?,
        Format::Csv => diff::write_csv(&comparison.changes, &mut out)?,
    }
    out.flush()?;
    if args.format != Format::Text {
        // The text output says them itself; the others keep their shape and say them here.
        for n in diff::notes(&comparison) {
            super::messages::note(n);
        }
    }
    Ok(if comparison.changes.is_empty() {
        super::messages::SUCCESS
    } else {
        super::messages::REJECTED
    })
}
