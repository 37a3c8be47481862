//! `link`: links from the store to other datasets.

use anyhow::{Context, Result};
use atlas_lod::link::places::{self, PlacesOptions, PlacesSummary, ReviewMode};
use atlas_lod::link::twinnings;
use atlas_lod::link::wikidata::{self, Cache, LinkOptions, LinkSummary};
use atlas_lod::store;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    target: Target,
}

#[derive(clap::Subcommand, Debug)]
enum Target {
    /// owl:sameAs links to Wikidata items, by ISO 3166-1 alpha-2 code (countries), SIREN and
    /// INSEE municipality code (French authorities), into the graph
    /// https://w3id.org/atlas-lod/links/wikidata.
    Wikidata(WikidataArgs),
}

#[derive(clap::Args, Debug)]
pub struct WikidataArgs {
    /// The store folder.
    #[arg(long)]
    store: PathBuf,
    /// The SPARQL endpoint to ask.
    #[arg(long, value_name = "URL", default_value = atlas_lod::vocab::wikidata::ENDPOINT)]
    endpoint: String,
    /// The cache of answers: read first, written after every batch; keep it to link offline.
    #[arg(long, value_name = "FILE", default_value = "wikidata-cache.json")]
    cache: PathBuf,
    /// Ask nothing: link from the cache alone.
    #[arg(long)]
    offline: bool,
    /// Keys per request.
    #[arg(long, default_value_t = 80)]
    batch: usize,
    /// Seconds one request may take.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Attempts per request (429 and 5xx are retried, with back-off).
    #[arg(long, value_name = "N", default_value_t = 5)]
    attempts: u32,
    /// The reconciliation service (W3C Reconciliation API v0.2) foreign partners' names are
    /// asked of, in their country.
    #[arg(long, value_name = "URL", default_value = atlas_lod::vocab::wikidata::RECONCILE)]
    reconcile: String,
    /// Names per reconciliation request.
    #[arg(long, value_name = "N", default_value_t = 10)]
    reconcile_batch: usize,
    /// The review file of foreign partners' places: read first (a reviewed row wins),
    /// rewritten with every partner.
    #[arg(long, value_name = "FILE", default_value = "places-review.csv")]
    review: PathBuf,
    /// Link by identifier only (countries, French authorities): no reconciliation of foreign
    /// partners, no review file.
    #[arg(long, conflicts_with_all = ["report"])]
    no_places: bool,
    /// Also write twinnings.csv (the Atlas's twinnings against Wikidata's) and
    /// quickstatements.txt (the P190 statements Wikidata lacks) into this folder.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
}

/// Prints what the places run did.
pub fn print_places(s: &PlacesSummary) {
    let decisions: Vec<String> = s
        .decisions
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    println!(
        "{} foreign partners ({} organisations): {} names asked in {} reconciliation request(s), {} SPARQL request(s) ({} retried); {}; {} places linked, {} points",
        s.partners,
        s.organisations,
        s.asked,
        s.reconcile_requests,
        s.sparql_requests,
        s.retries,
        decisions.join(", "),
        s.links,
        s.points
    );
}

/// Prints a link summary and its ambiguous keys.
pub fn print_summary(s: &LinkSummary) {
    println!(
        "{} keys: {} from the cache, {} asked in {} request(s) ({} retried); {} found, {} not found, {} ambiguous; {} owl:sameAs links",
        s.keys,
        s.cached,
        s.asked,
        s.requests,
        s.retries,
        s.found,
        s.not_found,
        s.ambiguous.len(),
        s.links
    );
    for a in &s.ambiguous {
        super::messages::warning(format_args!(
            "{} {:?} names {} items ({}): not linked",
            a.property,
            a.key,
            a.items.len(),
            a.items.join(", ")
        ));
    }
}

pub fn run(args: Args) -> Result<i32> {
    match args.target {
        Target::Wikidata(a) => {
            // Offline, the cache is the only source: a wrong path would link nothing, quietly.
            if a.offline && !a.cache.is_file() {
                anyhow::bail!(
                    "--offline: no cache file {} (the cache of answers is what an offline run links from)",
                    a.cache.display()
                );
            }
            let st = store::open_existing(&a.store)?;
            let options = LinkOptions {
                endpoint: a.endpoint.clone(),
                offline: a.offline,
                batch: a.batch,
                timeout: Duration::from_secs(a.timeout),
                retry: atlas_lod::http::Retry {
                    attempts: a.attempts.max(1),
                    ..Default::default()
                },
                ..LinkOptions::new(a.cache.clone())
            };
            let summary = wikidata::run(&st, &options, |_| {})
                .with_context(|| format!("linking {} to {}", a.store.display(), a.endpoint))?;
            print_summary(&summary);
            if a.no_places {
                return Ok(0);
            }
            let date = match super::clock::source_date()? {
                Some(d) => d,
                None => super::clock::today(),
            }
            .format("%Y-%m-%d")
            .to_string();
            let places_options = PlacesOptions {
                service: a.reconcile.clone(),
                review: a.review.clone(),
                batch: a.reconcile_batch,
                items_batch: a.batch,
                date: date.clone(),
                review_mode: ReviewMode::Rewrite,
            };
            let places = places::run(&st, &options, &places_options).with_context(|| {
                format!(
                    "linking the places of {} with {}",
                    a.store.display(),
                    a.reconcile
                )
            })?;
            print_places(&places);
            println!("review file: {}", a.review.display());
            if let Some(dir) = &a.report {
                let cache = Cache::load(&a.cache)?;
                let r =
                    twinnings::report(&st, &a.store, &cache, dir, &date).with_context(|| {
                        format!("writing the twinnings report in {}", dir.display())
                    })?;
                println!(
                    "twinnings: {} in both, {} in the Atlas only ({} QuickStatements lines), {} in Wikidata only: {}",
                    r.both,
                    r.atlas_only,
                    r.atlas_only * 2,
                    r.wikidata_only,
                    dir.display()
                );
            }
            Ok(0)
        }
    }
}
