//! `import`, `query` and `dump`.

use super::reading::read_shapes;
use anyhow::{Context, Result, bail};
use atlas_lod::ingest;
use atlas_lod::jobs::import;
use atlas_lod::store::search::source::SearchQuads;

use atlas_lod::store::{self, dump, query};
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Files, folders or `-`, as `convert` reads them.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// The store folder (created when absent).
    #[arg(long)]
    store: PathBuf,
    #[command(flatten)]
    reading: super::reading::ReadingArgs,
    #[command(flatten)]
    mapping: super::mapping::MappingArgs,
    /// Remove the graphs of records absent from this input (a full refresh). Withheld when an
    /// input cannot be read; every graph removed is named.
    #[arg(long)]
    prune: bool,
    /// Do not merge the store's files at the end (RocksDB compaction, done by default after a
    /// bulk load and whenever the store has more than 48 table files): a faster import, slower
    /// reads afterwards.
    #[arg(long)]
    no_compact: bool,
    /// Kept for scripts written before compaction became the default (it changes nothing).
    #[arg(long, hide = true)]
    compact: bool,
    /// Write rejected records here, as JSON Lines (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Shapes (Turtle) to check on top of ours; may be repeated.
    #[arg(long = "shapes", value_name = "FILE")]
    shapes: Vec<PathBuf>,
    /// Print every warning (by default only their count).
    #[arg(long)]
    verbose: bool,
    /// After the import, rebuild the Wikidata links graph from this cache of `link wikidata`
    /// answers, offline.
    #[arg(long, value_name = "FILE")]
    wikidata_cache: Option<PathBuf>,
    /// With --wikidata-cache: also rebuild the foreign partners' places, a person's decisions
    /// in this review file winning (the file is read, never written).
    #[arg(long, value_name = "FILE", requires = "wikidata_cache")]
    review: Option<PathBuf>,
}

/// The cache and review files of `import`, checked and read before anything is loaded: a
/// wrong path or a file that is not one must not leave a store half done.
fn check_link_files(args: &ImportArgs) -> Result<()> {
    for (flag, path) in [
        ("--wikidata-cache", args.wikidata_cache.as_ref()),
        ("--review", args.review.as_ref()),
    ] {
        if let Some(p) = path.filter(|p| !p.is_file()) {
            let what = if p.exists() {
                "not a file"
            } else {
                "no such file"
            };
            anyhow::bail!("{flag}: {what} {}", p.display());
        }
    }
    // And read before anything is loaded: a file that is not a cache or a review file is
    // said before the store changes.
    if let Some(cache) = &args.wikidata_cache {
        atlas_lod::link::wikidata::Cache::load(cache)?;
    }
    if let Some(review) = &args.review {
        atlas_lod::link::review::load(review)?;
    }
    Ok(())
}

pub fn run_import(args: ImportArgs) -> Result<i32> {
    check_link_files(&args)?;
    let mut options = import::ImportOptions {
        from: args.reading.reading()?,
        map: args.mapping.map_options()?,
        extra_shapes: read_shapes(&args.shapes)?,
        prune: args.prune,
        compact: !args.no_compact,
        ..Default::default()
    };
    let (inputs, path_errors) = super::reading::expand(
        &args.inputs,
        &options.from,
        false,
        &super::output::files(&[Some(&args.store), args.rejects.as_ref()]),
    );
    let mut tally = super::messages::Tally::default();
    tally.paths(&path_errors);
    if options.prune && !path_errors.is_empty() {
        // The run cannot tell which records those inputs held: removing "absent" ones would
        // remove them.
        super::messages::error(format_args!(
            "--prune withheld: {} input(s) could not be read, so no graph is removed",
            path_errors.len()
        ));
        options.prune = false;
    }
    // Pages are one record per file: then the total is known.
    let total = inputs
        .iter()
        .all(|i| matches!(i, ingest::Input::File(p) if p.extension().is_some_and(|e| e == "txt")))
        .then_some(inputs.len() as u64);
    let st = store::open(&args.store)?;
    let mut rejects = super::output::create_if(args.rejects.as_deref())?.map(BufWriter::new);
    let bar = super::messages::progress_bar().then(|| {
        let bar = match total {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} records {per_sec} eta {eta} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let started = std::time::Instant::now();
    let verbose = args.verbose;
    let rejects_writer = rejects.as_mut().map(|w| w as &mut dyn Write);
    let summary = import::run(
        &st,
        inputs,
        &options,
        rejects_writer,
        |event| {
            tally.event(&event);
            let line = super::messages::event_text(&event, verbose);
            if let Some(l) = line {
                match &bar {
                    Some(b) => b.println(l),
                    None => eprintln!("{l}"),
                }
            }
        },
        |s| match &bar {
            Some(b) => {
                b.set_position(s.read as u64);
                b.set_message(format!("{} rejected", s.rejected));
            }
            None => {
                if super::messages::progress_every().is_some_and(|n| s.read % n == 0) {
                    eprintln!(
                        "{} records read, {} rejected, {:.0} records/s",
                        s.read,
                        s.rejected,
                        s.read as f64 / started.elapsed().as_secs_f64().max(1e-9)
                    );
                }
            }
        },
    )?;
    super::reading::report_authorities(&options.from);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(mut w) = rejects {
        w.flush().context("cannot write the rejects")?;
    }
    super::messages::summary(format_args!(
        "read {}, loaded {}, replaced {}, unchanged {}, rejected {}, duplicates {} (loaded once), warnings {}, pruned {}; {} quads in the store; {:.2} s{}",
        summary.read,
        summary.loaded,
        summary.replaced,
        summary.unchanged,
        summary.rejected,
        summary.duplicates,
        summary.warned,
        summary.pruned,
        summary.quads,
        summary.seconds,
        if summary.bulk { " (bulk load)" } else { "" }
    ));
    if summary.prune_withheld {
        super::messages::error(format_args!(
            "--prune withheld: {} input(s) could not be read, so no graph is removed",
            summary.unreadable_inputs.len()
        ));
    }
    report_pruned(&summary.pruned_graphs, args.verbose);
    // The quads gathered on the way are the store's only while nothing else writes to it.
    let mut gathered = summary.search_quads.clone();
    if let Some(cache) = &args.wikidata_cache {
        gathered = SearchQuads::default();
        let date = match super::clock::source_date()? {
            Some(d) => d,
            None => super::clock::today(),
        };
        let options = atlas_lod::link::offline::Offline {
            cache: cache.clone(),
            review: args.review.clone(),
            date: date.format("%Y-%m-%d").to_string(),
        };
        let links = atlas_lod::link::offline::rebuild(&st, &options)?;
        super::link::print_summary(&links.identifiers);
        if let Some(places) = &links.places {
            super::link::print_places(places);
        } else if links.places_left_out {
            super::messages::note(format_args!(
                "foreign partners' places not rebuilt: give --review FILE (the review file of link wikidata) to rebuild them"
            ));
        }
    }
    // The full-text index, from the store as it is kept: closed first.
    drop(st);
    search_index(&args.store, &gathered)?;
    Ok(tally.code())
}

/// Builds the store's search index (from the records loaded when `gathered` holds them) and
/// says how.
fn search_index(store: &std::path::Path, gathered: &SearchQuads) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let (built, origin) = import::build_search_index(store, gathered)
        .context("the records are in the store, but its search index could not be built")?;
    super::messages::note(format_args!(
        "search index: {} partnership(s), {} organisation(s), {} theme(s) and country(ies), from {} in {:.2} s",
        built.partnerships,
        built.organisations,
        built.concepts,
        match origin {
            atlas_lod::store::search::Origin::Records => "the records loaded",
            atlas_lod::store::search::Origin::Store => "the store",
        },
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// Names the graphs a prune removed: all of them with `--verbose`, else the first twenty.
fn report_pruned(graphs: &[String], verbose: bool) {
    const SHOWN: usize = 20;
    let shown = if verbose { graphs.len() } else { SHOWN };
    for g in graphs.iter().take(shown) {
        super::messages::note(format_args!("pruned {g}"));
    }
    if graphs.len() > shown {
        super::messages::note(format_args!(
            "... and {} more graph(s) pruned (--verbose lists them all)",
            graphs.len() - shown
        ));
    }
}

#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    /// The SPARQL query (or use --file, or `-` for standard input).
    #[arg(value_name = "QUERY")]
    query: Option<String>,
    /// The store folder.
    #[arg(long)]
    store: PathBuf,
    /// Read the query from this file.
    #[arg(long, value_name = "Q.rq")]
    file: Option<PathBuf>,
    /// Output format (default: a table, or Turtle for CONSTRUCT/DESCRIBE).
    #[arg(long, value_enum, default_value = "table")]
    format: super::values::Results,
}

pub fn run_query(args: QueryArgs) -> Result<i32> {
    let text = match (&args.query, &args.file) {
        (Some(q), None) if q == "-" => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
        (Some(q), None) => q.clone(),
        (None, Some(f)) => {
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?
        }
        _ => bail!("give the query as an argument, with --file, or `-` for standard input"),
    };
    let st = store::open_read_only(&args.store)?;
    // SERVICE <https://w3id.org/atlas-lod/search> is answered by the store's index.
    let search = atlas_lod::store::search::service::SearchService::of_store(
        (*st).clone(),
        args.store.clone(),
    );
    let results = match query::evaluate_with(&st, &text, Some(search)) {
        Ok(r) => r,
        Err(e @ query::QueryError::Syntax(_)) => {
            super::messages::error(e);
            return Ok(2);
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    query::write(results, args.format.into(), &mut out)?;
    out.flush()?;
    Ok(0)
}

#[derive(clap::Args, Debug)]
pub struct DumpArgs {
    /// The store folder.
    #[arg(long)]
    store: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "turtle")]
    format: super::values::Output,
    /// Only this graph.
    #[arg(long, value_name = "IRI")]
    graph: Option<String>,
    /// Output file (standard output when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Compress with gzip.
    #[arg(long)]
    gzip: bool,
    /// RDFC-1.0 canonical N-Quads; prints their SHA-256 on standard error.
    #[arg(long)]
    canonical: bool,
}

pub fn run_dump(args: DumpArgs) -> Result<i32> {
    let st = store::open_read_only(&args.store)?;
    // Checked before the output is created, so that a wrong name leaves no empty file.
    if let Some(g) = &args.graph {
        dump::graph_of(&st, g)?;
    }
    let out = BufWriter::new(super::output::create(args.output.as_deref())?);
    if args.gzip {
        // mtime 0 and no file name in the header: the same data gives the same bytes.
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(out, flate2::Compression::default());
        write_dump(&st, &args, &mut gz)?;
        gz.finish()?.flush()?;
    } else {
        let mut out = out;
        write_dump(&st, &args, &mut out)?;
        out.flush()?;
    }
    Ok(0)
}

fn write_dump(st: &oxigraph::store::Store, args: &DumpArgs, out: &mut impl Write) -> Result<()> {
    if args.canonical {
        let (n, sha) = dump::canonical(st, args.graph.as_deref(), &mut *out)?;
        eprintln!("{n} quads, canonical N-Quads (RDFC-1.0) SHA-256 {sha}");
    } else {
        let n = dump::dump(st, args.format.into(), args.graph.as_deref(), &mut *out)?;
        eprintln!("{n} quads written");
    }
    Ok(())
}
