//! `link`: links from the store to other datasets.

use anyhow::{Context, Result};
use atlas_lod::link::wikidata::{self, LinkOptions, LinkSummary};
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
            let st = store::open(&a.store)?;
            let options = LinkOptions {
                endpoint: a.endpoint.clone(),
                offline: a.offline,
                batch: a.batch,
                timeout: Duration::from_secs(a.timeout),
                ..LinkOptions::new(a.cache.clone())
            };
            let summary = wikidata::run(&st, &a.store, &options, |_| {})
                .with_context(|| format!("linking {} to {}", a.store.display(), a.endpoint))?;
            print_summary(&summary);
            Ok(0)
        }
    }
}
