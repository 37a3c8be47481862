//! `search`: the store's French full-text index asked from the command line (text, JSON, CSV).

use anyhow::{Context, Result, bail};
use atlas_lod::model::format;
use atlas_lod::store::search::{self, Kind, find::Question};
use clap::{Args as ClapArgs, ValueEnum};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// How hits are printed.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// One hit a line: score, kind, label, IRI.
    Text,
    /// The answer (total, hits, facets) as JSON.
    Json,
    /// CSV: iri, kind, label, score, countries.
    Csv,
}

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The words to look for ("eau potable burkina"); accents, case, elisions and plurals do
    /// not matter.
    #[arg(value_name = "WORDS")]
    words: Option<String>,
    /// The store folder (its index is `STORE/search-index`, built when missing or stale).
    #[arg(long)]
    store: PathBuf,
    /// Build the index again from the store, even when current.
    #[arg(long)]
    reindex: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// How many hits (1 to 200).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=search::find::MAX_LIMIT as i64))]
    limit: u16,
    /// Only things of this country (ISO code, or its French or English name).
    #[arg(long)]
    country: Option<String>,
    /// Only things of this kind: partnership, french-authority, foreign-partner,
    /// organisation, theme, country (repeatable).
    #[arg(long, value_name = "KIND")]
    kind: Vec<String>,
}

pub fn run(args: Args) -> Result<i32> {
    let mut kinds = Vec::new();
    for k in &args.kind {
        match Kind::from_code(k) {
            Some(k) => kinds.push(k),
            None => {
                eprintln!("error: unknown kind {k:?}");
                return Ok(2);
            }
        }
    }
    let index = search::open(&args.store, args.reindex)
        .with_context(|| format!("cannot open the index of {}", args.store.display()))?;
    let Some(words) = args.words else {
        // `--reindex` alone: the index is built, nothing to ask.
        return Ok(0);
    };
    // A country neither the tool nor the index knows is a mistake of the command (a misspelt
    // name, a wrong code), not a question without answers.
    if let Some(c) = &args.country
        && !index.has_country(c)?
        && atlas_lod::model::countries::by_alpha2(c).is_none()
        && atlas_lod::model::countries::by_name(c).is_none()
    {
        bail!(
            "--country {c}: not a country of the index nor of the tool's table (an ISO 3166-1 code, or the country's French or English name)"
        );
    }
    let answer = index.search(&Question {
        text: words,
        kinds,
        country: args.country,
        limit: usize::from(args.limit),
        ..Question::default()
    })?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&answer)?;
            writeln!(out, "{}", format::json_printable(&json))?;
        }
        // Labels come from the data: what would act on a terminal or in a spreadsheet is
        // shown escaped (in JSON as `\uXXXX`, which reads back the same).
        Format::Csv => {
            let mut w = format::csv_writer(&mut out, csv::Terminator::Any(b'\n'));
            w.write_record(["iri", "kind", "label", "score", "countries"])?;
            for h in &answer.hits {
                w.write_record([
                    h.iri.as_str(),
                    h.kind.as_str(),
                    &format::printable(&h.label),
                    &format!("{:.3}", h.score),
                    &format::printable(&h.countries.join("|")),
                ])?;
            }
            w.flush()?;
        }
        Format::Text => {
            writeln!(out, "{} hit(s)", answer.total)?;
            for h in &answer.hits {
                writeln!(
                    out,
                    "{:7.3}  {:<16}  {}  <{}>",
                    h.score,
                    h.kind,
                    format::printable(&h.label),
                    h.iri
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}
