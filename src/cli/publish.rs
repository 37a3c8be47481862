//! `publish`.

use super::reading::read_shapes;
use anyhow::{Context, Result, bail};
use atlas_lod::deliver::upload;
use atlas_lod::jobs::Event;
use atlas_lod::model::privacy::ContactPolicy;
use atlas_lod::publish::{self, PublishOptions, config::Config};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, folders or `-`, as `import` reads them.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// The bundle folder (the store goes in its `store/`).
    #[arg(long)]
    out: PathBuf,
    /// Publisher settings (TOML); defaults apply without it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    reading: super::reading::ReadingArgs,
    #[command(flatten)]
    mapping: super::mapping::MappingArgs,
    /// The SPARQL endpoint that will serve this data (adds a dcat:DataService).
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
    /// Date the catalogue today (by default: the config's dates, else SOURCE_DATE_EPOCH, else
    /// the latest date in the data, so that the bundle is reproducible).
    #[arg(long)]
    now: bool,
    /// Shapes (Turtle) to check on top of ours; may be repeated.
    #[arg(long = "shapes", value_name = "FILE")]
    shapes: Vec<PathBuf>,
    /// Upload the bundle to data.gouv.fr (dry run unless --yes).
    #[arg(long)]
    upload: bool,
    /// The data.gouv.fr dataset (id or slug) to upload to.
    #[arg(long, value_name = "ID")]
    dataset: Option<String>,
    /// The udata API root (https://demo.data.gouv.fr/api/1 for trials).
    #[arg(long, value_name = "URL", default_value = upload::PRODUCTION_API)]
    api_base: String,
    /// Really upload (the key comes from DATAGOUV_API_KEY).
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    sending: super::push::SendArgs,
    /// Publish even when some inputs cannot be found or read (by default nothing is written
    /// then); the bundle's README and catalogue name the missing inputs.
    #[arg(long)]
    allow_partial: bool,
    /// Publish even when no record is left to publish (by default a run that read none, or
    /// rejected all, fails and leaves the previous bundle as it was).
    #[arg(long)]
    allow_empty: bool,
    /// The previous release (its bundle folder, or the URL of the folder of its files):
    /// partnerships keep their IRIs, retired ones are recorded, and the bundle says what
    /// changed (changes.csv, README, catalogue).
    #[arg(long, value_name = "DIR|URL")]
    previous: Option<String>,
    /// Rebuild the Wikidata links from this cache of `link wikidata` answers, offline (the
    /// bundle's store is built afresh by every run).
    #[arg(long, value_name = "FILE")]
    wikidata_cache: Option<PathBuf>,
    /// With --wikidata-cache: the review file of the foreign partners' places (`link wikidata
    /// --review`), read and never written. The places are rebuilt offline and the bundle holds
    /// places.csv, twinnings.csv and quickstatements.txt.
    #[arg(long, value_name = "FILE", requires = "wikidata_cache")]
    review: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<i32> {
    let config = match &args.config {
        Some(p) => Config::read(p)?,
        None => Config::default(),
    };
    if args.upload && args.dataset.is_none() {
        bail!("--upload needs --dataset ID");
    }
    let reading = args.reading.reading()?;
    let (inputs, path_errors) = super::reading::expand(
        &args.inputs,
        &reading,
        false,
        std::slice::from_ref(&args.out),
    );
    // A folder that held nothing to read is refused like a path that cannot be read, unless an
    // empty bundle was asked for.
    let (empty, path_errors): (Vec<_>, Vec<_>) = path_errors
        .into_iter()
        .partition(atlas_lod::ingest::walk::is_empty_folder);
    for e in &empty {
        if args.allow_empty {
            super::messages::note(e);
        } else {
            super::messages::error(format_args!(
                "{e}: nothing was published (the previous bundle, if any, is untouched); give --allow-empty to publish without it"
            ));
        }
    }
    if !empty.is_empty() && !args.allow_empty {
        return Ok(super::messages::FAILED);
    }
    let mut tally = super::messages::Tally::default();
    tally.paths(&path_errors);
    if !path_errors.is_empty() && !args.allow_partial {
        // No prune, no bundle, no upload from a run that could not read all its inputs.
        super::messages::error(format_args!(
            "{} input(s) could not be read: nothing was published (the previous bundle, if any, is untouched); give --allow-partial to publish the rest",
            path_errors.len()
        ));
        return Ok(super::messages::FAILED);
    }
    let missing_inputs = path_errors
        .iter()
        .map(|e| match e {
            atlas_lod::ingest::IngestError::Io { path, .. } => path.clone(),
            other => other.to_string(),
        })
        .collect();
    let map = args.mapping.map_options()?;
    let options = PublishOptions {
        inputs,
        from: reading,
        out: args.out.clone(),
        config,
        contacts: map.contacts,
        endpoint_url: args.endpoint_url.clone(),
        today: args.now.then(super::clock::today),
        source_date: super::clock::source_date()?,
        base: map.base,
        extra_shapes: read_shapes(&args.shapes)?,
        missing_inputs,
        allow_partial: args.allow_partial,
        allow_empty: args.allow_empty,
        wikidata_cache: args.wikidata_cache.clone(),
        review: args.review.clone(),
        previous: args.previous.clone(),
    };
    let bundle = publish::run(&options, |event| {
        tally.event(&event);
        // Warnings and notes are in the bundle's validation report; errors are said here.
        if matches!(
            event,
            Event::Rejected(_) | Event::Invalid(_) | Event::Duplicate { .. }
        ) && let Some(text) = super::messages::event_text(&event, false)
        {
            eprintln!("{text}");
        }
    })
    .with_context(|| format!("publishing into {}", args.out.display()))?;
    super::reading::report_authorities(&options.from);
    report_iati(&args, &bundle.iati);
    // `--quiet`: errors only, as on every command (the exit code says the rest).
    if !super::messages::quiet() {
        report(&args, &bundle);
    }
    if args.upload {
        upload(&args, &bundle)?;
    }
    Ok(tally.code())
}

/// What the run made, said on standard output (notes and warnings on standard error).
fn report(args: &Args, bundle: &publish::Bundle) {
    let i = &bundle.import;
    println!(
        "read {}, published {}, rejected {}, duplicates {} (published once); {} partnerships, {} funding rows, {} partner rows; {} violation(s), {} warning(s); contacts: {}",
        i.read,
        i.read - i.rejected - i.duplicates,
        i.rejected,
        i.duplicates,
        bundle.tables.partnerships,
        bundle.tables.funding,
        bundle.tables.partners,
        bundle.violations,
        bundle.warnings,
        match ContactPolicy::from(args.mapping.contacts) {
            ContactPolicy::Full => "full (names and e-mails published)",
            ContactPolicy::Role => "role (no names, no e-mails)",
            ContactPolicy::None => "none",
        }
    );
    if let Some(p) = &bundle.places {
        println!(
            "places: {} foreign partners linked to Wikidata ({} with a point); {} twinnings compared, {} in the Atlas only",
            p.places, p.points, p.twinnings, p.atlas_only
        );
    }
    for f in &bundle.files {
        println!(
            "  {:<24} {:>10} bytes  sha256 {}",
            f.name,
            f.size,
            &f.sha256[..16]
        );
    }
    for c in publish::CATALOG_FILES {
        let what = if c.starts_with("schema-org") {
            "schema.org Dataset (JSON-LD) of the files above, for search engines"
        } else {
            "DCAT-AP 3.0.1 catalogue of the files above"
        };
        println!("  {c:<24} {what}");
    }
    println!(
        "  {:<24} SHA-256 of every file above and of the charts",
        publish::manifest::MANIFEST
    );
    println!("canonical N-Quads SHA-256: {}", bundle.canonical_sha256);
    println!(
        "SHA256SUMS SHA-256: {} (keep it apart from the bundle: `atlas-lod verify {} --expect {}` then checks every byte)",
        bundle.manifest_sha256,
        args.out.display(),
        bundle.manifest_sha256
    );
    if let Some((added, removed, changed)) = bundle.release.changes {
        println!(
            "release {}: {added} added, {removed} removed, {changed} changed since {}; {} IRI(s) kept by matching, {} retired",
            bundle.release.number,
            bundle
                .release
                .previous_date
                .as_deref()
                .unwrap_or("the previous release"),
            bundle.matching.kept.len(),
            bundle.retired
        );
        for (minted, kept) in &bundle.matching.kept {
            super::messages::note(format_args!("kept the previous IRI: {minted} is {kept}"));
        }
        for (iri, candidates) in &bundle.matching.ambiguous {
            super::messages::warning(format_args!(
                "{iri} matches several partnerships of the previous release ({}): left new, not guessed",
                candidates.join(", ")
            ));
        }
    }
    if let Some(why) = &bundle.previous_unreadable {
        super::messages::note(format_args!(
            "the previous bundle's store could not be read, so what it held is not compared with this one: {why}"
        ));
    }
    // What the previous bundle had and this one has not: said, never silent.
    const SHOWN: usize = 20;
    for g in bundle.no_longer_published.iter().take(SHOWN) {
        super::messages::note(format_args!(
            "no longer published (in the previous bundle, not in this run): {g}"
        ));
    }
    if bundle.no_longer_published.len() > SHOWN {
        super::messages::note(format_args!(
            "... and {} more graph(s) no longer published",
            bundle.no_longer_published.len() - SHOWN
        ));
    }
}

/// What became of `iati-activities.xml`: left out without the publisher's IATI identifier
/// (with the key to set), or the partnerships it could not hold.
fn report_iati(args: &Args, iati: &publish::iati::bundle::InBundle) {
    use publish::iati::bundle::InBundle;
    let config = args
        .config
        .as_ref()
        .map_or("a config file (--config atlas-lod.toml)".to_string(), |p| {
            p.display().to_string()
        });
    let left_out = match iati {
        InBundle::NotConfigured => {
            super::messages::warning(format_args!(
                "{} left out of the bundle: no IATI organisation identifier; set `organisation` \
                 under `[iati]` in {config} to the publisher's own IATI identifier (docs/iati.md)",
                publish::iati::FILE_NAME
            ));
            return;
        }
        InBundle::NoneValid { left_out } => {
            super::messages::warning(format_args!(
                "{} left out of the bundle: no partnership makes a valid IATI activity",
                publish::iati::FILE_NAME
            ));
            left_out
        }
        InBundle::Written { left_out, .. } => left_out,
    };
    const SHOWN: usize = 20;
    for l in left_out.iter().take(SHOWN) {
        super::messages::warning(format_args!(
            "{}: left out of the IATI file: {}",
            l.iri, l.reason
        ));
    }
    if left_out.len() > SHOWN {
        super::messages::warning(format_args!(
            "... and {} more partnership(s) left out of the IATI file",
            left_out.len() - SHOWN
        ));
    }
}

/// Uploads the bundle's files to data.gouv.fr (a dry run unless `--yes`).
fn upload(args: &Args, bundle: &publish::Bundle) -> Result<()> {
    let mut files: Vec<PathBuf> = bundle
        .files
        .iter()
        .map(|f| args.out.join(&f.name))
        .collect();
    files.extend(publish::CATALOG_FILES.iter().map(|c| args.out.join(c)));
    let key = std::env::var("DATAGOUV_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    let options = upload::UploadOptions {
        api_base: args.api_base.trim_end_matches('/').to_string(),
        dataset: args.dataset.clone().unwrap_or_default(),
        api_key: key,
        execute: args.yes,
        attempts: args.sending.retry().attempts,
        backoff: args.sending.retry().backoff,
        timeout: args.sending.timeout(3600),
    };
    if !args.yes {
        println!("upload plan (dry run; --yes to send):");
    }
    let actions = upload::run(&files, &options, |a| println!("  {a}"))?;
    if args.yes {
        let sent = actions
            .iter()
            .filter(|a| !matches!(a, upload::Action::Unchanged { .. }))
            .count();
        println!(
            "uploaded {sent} file(s), {} unchanged",
            actions.len() - sent
        );
    }
    Ok(())
}
