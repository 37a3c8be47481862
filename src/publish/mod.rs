//! `publish`: import, validate, and write the bundle a publisher uploads to data.gouv.fr —
//! dumps, flat CSV files, the validation report and rejects, VoID, a README and a DCAT-AP
//! catalogue describing every file (size and SHA-256 read back from the file).
//!
//! - [`config`]: the publisher's settings (`atlas-lod.toml`);
//! - `files`: which files a bundle holds, and how each is written and measured;
//! - `facts`: what the data says (counts, years, countries, keywords), for the descriptions;
//! - [`tables`]: the CSV files;
//! - [`catalog`]: the DCAT-AP 3.0.1 catalogue;
//! - [`readme`]: the dataset's README;
//! - [`personal`]: the last check that no contact's name or e-mail is in a file;
//! - [`upload`]: the udata API v1 client (dry run by default);
//! - [`push`]: every graph to another triple store (SPARQL 1.1 Graph Store Protocol).
//!
//! A bundle holds only what its run read, and is replaced whole or not at all ([`replace`]):
//! the store is built afresh in a staging folder beside the bundle, every file is written there,
//! checked and listed in `SHA256SUMS` ([`manifest`]), and the folder is then swapped with the
//! bundle in one rename. A run that fails (an input that cannot be read, no record to publish, a
//! name found in a file), or is killed, leaves the previous bundle as it was.

pub mod catalog;
pub mod config;
pub mod diff;
mod error;
mod facts;
mod files;
pub mod identity;
pub mod manifest;
pub mod package;
pub mod personal;
pub mod previous;
pub mod push;
pub mod readme;
pub mod replace;
pub mod schema_org;
pub mod tables;
pub mod upload;
pub mod verify;

use crate::ingest::{Input, Reading};
use crate::jobs::convert::Event;
use crate::jobs::import;
use crate::model::privacy::ContactPolicy;
use crate::rdf::{MapOptions, OutputFormat};
use crate::store::{self, dump};
use crate::validate::report::{RecordFindings, Summary};
use catalog::{CatalogOptions, DataFacts, FileEntry};
use config::Config;
pub use error::PublishError;
use error::file_error;
pub use facts::facts;
pub use files::{CATALOG_FILES, bundle_files, measure, write_charts, write_triples};
use files::{FILES, Planned, create};
use oxigraph::io::RdfFormat;
use oxigraph::model::Triple;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Writes a whole file, naming it in the error.
fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), PublishError> {
    std::fs::write(path, contents).map_err(file_error(path))
}

/// How to publish.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// The inputs, as `import` reads them.
    pub inputs: Vec<Input>,
    /// How to read them.
    pub from: Reading,
    /// The bundle folder (its store goes in `store/`).
    pub out: PathBuf,
    /// The publisher's settings.
    pub config: Config,
    /// Contacts profile: `role` unless the publisher asks for more.
    pub contacts: ContactPolicy,
    /// The SPARQL endpoint that will serve the data, if any.
    pub endpoint_url: Option<String>,
    /// Dates from today rather than from the config or the data.
    pub now: bool,
    /// Users' shapes on top of ours.
    pub extra_shapes: Vec<(String, String)>,
    /// Inputs named on the command line that could not be found or read, published without
    /// because the publisher said so (`--allow-partial`); said in the README and catalogue.
    pub missing_inputs: Vec<String>,
    /// Publish even when an input cannot be read during the run.
    pub allow_partial: bool,
    /// Publish even when no record is left to publish (by default the previous bundle stays).
    pub allow_empty: bool,
    /// Rebuild the Wikidata links from this cache of `link wikidata` answers, offline.
    pub wikidata_cache: Option<PathBuf>,
    /// The previous release (its bundle folder, or the URL of it): partnerships keep their
    /// IRIs across releases, and the bundle says what changed (`identity`, `diff`).
    pub previous: Option<String>,
}

/// What a publish run made.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The files described by the catalogue, in catalogue order.
    pub files: Vec<FileEntry>,
    /// The import's counts.
    pub import: import::ImportSummary,
    /// Rows of the CSV files.
    pub tables: tables::TableCounts,
    /// SHA-256 of the RDFC-1.0 canonical N-Quads of the data.
    pub canonical_sha256: String,
    /// Validation results: violations, warnings.
    pub violations: usize,
    /// Warnings.
    pub warnings: usize,
    /// What the data says.
    pub facts: DataFacts,
    /// The charts written in `charts/`: (id, title).
    pub charts: Vec<(String, String)>,
    /// Record graphs of the previous bundle's store that this run does not publish (its inputs
    /// do not hold them, or they were rejected), in store order.
    pub no_longer_published: Vec<String>,
    /// Why the previous bundle's store could not be compared with this one, if it could not.
    pub previous_unreadable: Option<String>,
    /// Which release this is, and what changed since the previous one.
    pub release: catalog::Release,
    /// The partnerships that kept an earlier IRI, and those left new for want of a single
    /// candidate.
    pub matching: identity::Matching,
    /// What changed since the previous release (empty without `--previous`).
    pub changes: Vec<diff::Change>,
    /// Partnerships retired, by this release or an earlier one.
    pub retired: usize,
    /// SHA-256 of the bundle's `SHA256SUMS` (`verify --expect` takes it).
    pub manifest_sha256: String,
}

/// Runs the whole job: takes the lock of `options.out`, builds the bundle beside it, checks it,
/// then swaps it in ([`replace`]). On any error `options.out` is untouched and whatever the run
/// wrote beside it is removed.
pub fn run(
    options: &PublishOptions,
    report: impl FnMut(Event<'_>),
) -> Result<Bundle, PublishError> {
    let siblings = replace::Siblings::of(&options.out)?;
    let _lock = replace::lock(&siblings)?;
    replace::recover(&siblings)?;
    replace::check_replaceable(&siblings.out)?;
    let result = replace::build_and_swap(options, &siblings, report);
    // A failed run's files; after a swap, already gone. Left to the next run if this fails.
    let _ = replace::remove(&siblings.staging);
    let _ = replace::remove(&siblings.stdin);
    result
}

/// Builds the whole bundle in `out` (the staging folder).
fn build(
    options: &PublishOptions,
    out: &Path,
    mut report: impl FnMut(Event<'_>),
) -> Result<Bundle, PublishError> {
    let store_path = out.join("store");
    let st = store::open(&store_path)?;

    // Identity: the previous release's table, and this run's records matched against it.
    let previous = options
        .previous
        .as_deref()
        .map(previous::Previous::load)
        .transpose()?;
    let base_map = MapOptions {
        contacts: options.contacts,
        ..MapOptions::default()
    };
    let fresh: Vec<identity::Identity> =
        crate::ingest::Records::new(options.inputs.clone(), options.from.clone())
            .filter_map(Result::ok)
            .map(|r| identity::Identity::of(&r, &base_map))
            .collect();
    let matching = match &previous {
        Some(p) => identity::match_releases(&p.identity, &fresh),
        None => identity::Matching::default(),
    };
    let map = MapOptions {
        kept_ids: std::sync::Arc::new(matching.kept.clone()),
        ..base_map
    };

    // Import (validation included), with the rejects file and the report.
    let mut validation = Summary::default();
    let mut warnings: BTreeMap<(String, usize), Vec<crate::validate::Finding>> = BTreeMap::new();
    let import_summary = {
        let mut rejects = create(&out.join("rejects.jsonl"), false)?;
        let import_options = import::ImportOptions {
            from: options.from.clone(),
            map: map.clone(),
            extra_shapes: options.extra_shapes.clone(),
            // A new store: nothing to prune, nothing from an earlier run.
            prune: false,
            compact: true,
            collect_personal: options.contacts != ContactPolicy::Full,
            ..Default::default()
        };
        let s = import::run(
            &st,
            &store_path,
            options.inputs.clone(),
            &import_options,
            Some(&mut rejects),
            |event| {
                match &event {
                    Event::Invalid(r) => validation.add((*r).clone()),
                    Event::ShapeWarning {
                        file,
                        line,
                        finding,
                    } => warnings
                        .entry((file.to_string(), *line))
                        .or_default()
                        .push((*finding).clone()),
                    _ => {}
                }
                report(event);
            },
            |_| {},
        )?;
        rejects.finish()?;
        s
    };
    if !import_summary.unreadable_inputs.is_empty() && !options.allow_partial {
        return Err(PublishError::UnreadableInputs {
            count: import_summary.unreadable_inputs.len(),
        });
    }
    if import_summary.read == import_summary.rejected && !options.allow_empty {
        return Err(PublishError::Empty {
            read: import_summary.read,
        });
    }
    // What the README and the catalogue say is missing: the paths that were not found, and
    // the files that could not be read during the run.
    let options = &PublishOptions {
        missing_inputs: options
            .missing_inputs
            .iter()
            .chain(&import_summary.unreadable_inputs)
            .cloned()
            .collect(),
        ..options.clone()
    };
    if let Some(cache) = &options.wikidata_cache {
        let link = crate::link::wikidata::LinkOptions {
            offline: true,
            ..crate::link::wikidata::LinkOptions::new(cache.clone())
        };
        crate::link::wikidata::run(&st, &store_path, &link, |_| {}).map_err(|e| {
            PublishError::Link {
                path: cache.display().to_string(),
                message: e.to_string(),
            }
        })?;
    }
    for ((file, line), findings) in warnings {
        let record = findings
            .first()
            .map(|f| f.focus_node.to_string())
            .unwrap_or_default();
        validation.add(RecordFindings {
            source: crate::model::Source {
                file,
                line,
                url: None,
            },
            record,
            findings,
        });
    }
    validation.records = import_summary.read;

    // The identity table, and the retired partnerships' graph (what `serve` answers 410 from).
    let release_date = release_date(options, &facts(&st)?);
    let published: Vec<identity::Identity> = {
        let mut seen = std::collections::BTreeSet::new();
        let mut rows = Vec::new();
        for mut i in fresh {
            if let Some(kept) = matching.kept.get(&i.id) {
                i.id = kept.clone();
                i.partnership = map.base.partnership(&i.id);
            }
            let graph = oxigraph::model::NamedNode::new_unchecked(map.base.graph(&i.id));
            if st
                .contains_named_graph(&graph)
                .map_err(|e| store::storage_error(&store_path, e))?
                && seen.insert(i.partnership.clone())
            {
                rows.push(i);
            }
        }
        rows
    };
    let previous_rows = previous
        .as_ref()
        .map(|p| p.identity.as_slice())
        .unwrap_or(&[]);
    let table = identity::next_table(previous_rows, published, &release_date);
    {
        let mut w = create(&out.join("identity.csv"), false)?;
        identity::write(&table, &mut w)?;
        w.finish()?;
    }
    let retired: Vec<store::retired::Retired> = table
        .iter()
        .filter(|r| r.status == "retired")
        .map(|r| store::retired::Retired {
            iri: r.partnership.clone(),
            title: r.title.clone(),
            retired_on: r.retired_on.clone(),
        })
        .collect();
    store::retired::record(&st, &retired).map_err(|e| store::storage_error(&store_path, e))?;

    // Dumps.
    for (name, format) in [
        ("atlas.ttl.gz", OutputFormat::Turtle),
        ("atlas.nt.gz", OutputFormat::Ntriples),
        ("atlas.nq.gz", OutputFormat::Nquads),
        ("atlas.jsonld.gz", OutputFormat::Jsonld),
    ] {
        let mut w = create(&out.join(name), true)?;
        dump::dump(&st, format, None, &mut w)?;
        w.finish()?;
    }
    // The statistics cube: its graph alone in Turtle, and as a tidy table.
    {
        let mut w = create(&out.join("atlas-statistics.ttl.gz"), true)?;
        dump::dump(
            &st,
            OutputFormat::Turtle,
            Some(store::statistics::STATISTICS_GRAPH),
            &mut w,
        )?;
        w.finish()?;
        let cube =
            store::statistics::read::read(&st).map_err(|e| store::storage_error(&store_path, e))?;
        write_file(
            &out.join("statistics.csv"),
            store::statistics::cube::csv(&cube),
        )?;
    }
    write_file(
        &out.join("context.jsonld"),
        crate::rdf::jsonld::CONTEXT_JSONLD,
    )?;
    let (_, canonical_sha256) = dump::canonical(&st, None, io::sink())?;
    write_file(
        &out.join("atlas.canonical.sha256"),
        format!("{canonical_sha256}  RDFC-1.0 canonical N-Quads of atlas.nq.gz\n"),
    )?;

    // Tables.
    let counts = {
        let mut p = create(&out.join("partnerships.csv"), false)?;
        let mut f = create(&out.join("funding.csv"), false)?;
        let mut r = create(&out.join("partners.csv"), false)?;
        let c = tables::write(&st, &mut p, &mut f, &mut r)?;
        p.finish()?;
        f.finish()?;
        r.finish()?;
        c
    };

    // The CSV files described: Frictionless Data Package and W3C CSVW.
    for (name, value) in [
        ("datapackage.json", package::datapackage(&options.config)),
        ("csv-metadata.json", package::csvw(&options.config)),
    ] {
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| PublishError::Io(io::Error::other(e)))?;
        write_file(&out.join(name), format!("{text}\n"))?;
    }

    // What changed since the previous release.
    let changes = match &previous {
        Some(p) => {
            let read = |name: &str| {
                std::fs::read_to_string(out.join(name)).map_err(file_error(&out.join(name)))
            };
            let new = diff::Release::from_tables(
                &read("partnerships.csv")?,
                &read("funding.csv")?,
                "this release",
            )
            .map_err(|e| PublishError::Io(io::Error::other(e)))?;
            diff::diff(&p.release, &new)
        }
        None => Vec::new(),
    };
    {
        let mut w = create(&out.join("changes.csv"), false)?;
        diff::write_csv(&changes, &mut w)?;
        w.finish()?;
    }
    let release = catalog::Release {
        number: previous.as_ref().map_or(1, |p| p.number + 1),
        previous_date: previous.as_ref().and_then(|p| p.date.clone()),
        changes: previous.as_ref().map(|_| diff::counts(&changes)),
    };

    // Validation report.
    {
        let mut w = create(&out.join("validation-report.ttl"), false)?;
        validation.write_turtle(&mut w, false)?;
        w.finish()?;
        let mut w = create(&out.join("validation-report.txt"), false)?;
        validation.write_text(&mut w, false)?;
        w.finish()?;
    }

    // VoID, with the dumps.
    let config = &options.config;
    let mut void = crate::store::describe::void_triples(
        &st,
        &config.dataset.iri,
        options.endpoint_url.as_deref(),
    )?;
    for name in ["atlas.nt.gz", "atlas.ttl.gz", "atlas.nq.gz"] {
        void.push(Triple::new(
            oxigraph::model::NamedNode::new_unchecked(&config.dataset.iri),
            crate::rdf::vocab::void::DATA_DUMP,
            oxigraph::model::NamedNode::new_unchecked(format!(
                "{}{name}",
                config.files.download_url
            )),
        ));
    }
    void.sort_by_cached_key(ToString::to_string);
    {
        let mut w = create(&out.join("void.ttl"), false)?;
        write_triples(&void, RdfFormat::Turtle, &mut w)?;
        w.finish()?;
    }

    let mut facts = facts(&st)?;
    let charts_written = {
        let date = config
            .dataset
            .modified
            .or(config.dataset.issued)
            .or(facts.latest_date)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "?".into());
        write_charts(&st, &out.join("charts"), &date)?
    };
    if options.now {
        facts.latest_date = Some(chrono::Local::now().date_naive());
    } else if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
    {
        facts.latest_date = Some(epoch.date_naive());
    }

    // README, then every file measured.
    let mut bundle = Bundle {
        charts: charts_written,
        files: Vec::new(),
        import: import_summary,
        tables: counts,
        canonical_sha256,
        violations: validation.violations,
        warnings: validation.warnings,
        facts,
        no_longer_published: Vec::new(),
        previous_unreadable: None,
        release: release.clone(),
        matching,
        changes,
        retired: retired.len(),
        manifest_sha256: String::new(),
    };
    let measured = |names: &[&Planned]| -> Result<Vec<FileEntry>, PublishError> {
        names
            .iter()
            .map(|p| {
                let path = out.join(p.name);
                let (size, sha256) = measure(&path).map_err(|source| PublishError::File {
                    path: path.display().to_string(),
                    source,
                })?;
                Ok(FileEntry {
                    name: p.name.to_string(),
                    size,
                    sha256,
                    media_type: p.media_type,
                    file_type: p.file_type,
                    gzip: p.gzip,
                    title_fr: p.title_fr.to_string(),
                    title_en: p.title_en.to_string(),
                })
            })
            .collect()
    };
    let data_files: Vec<&Planned> = FILES.iter().filter(|p| p.name != "README.md").collect();
    bundle.files = measured(&data_files)?;
    write_file(
        &out.join("README.md"),
        readme::render(config, options, &bundle),
    )?;
    let all: Vec<&Planned> = FILES.iter().collect();
    bundle.files = measured(&all)?;

    // The catalogue, in three syntaxes. Not in the store: Oxigraph's store keeps integer-derived
    // datatypes (the xsd:nonNegativeInteger DCAT-AP requires for dcat:byteSize) as xsd:integer;
    // `serve` reads `catalog.ttl` beside the store instead.
    let triples = catalog::catalog(
        config,
        &bundle.files,
        &bundle.facts,
        &CatalogOptions {
            endpoint_url: options.endpoint_url.clone(),
            full_contacts: options.contacts == ContactPolicy::Full,
            missing_inputs: options.missing_inputs.clone(),
            release,
        },
    );
    {
        let mut w = create(&out.join("catalog.ttl"), false)?;
        write_triples(&triples, RdfFormat::Turtle, &mut w)?;
        w.finish()?;
    }
    {
        let mut w = create(&out.join("catalog.rdf"), false)?;
        write_triples(&triples, RdfFormat::RdfXml, &mut w)?;
        w.finish()?;
    }
    {
        let mut w = create(&out.join("catalog.jsonld"), false)?;
        write_triples(
            &triples,
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            &mut w,
        )?;
        w.finish()?;
    }

    // The same description for search engines (schema.org), as the server embeds it.
    if let Some(d) = schema_org::dataset(&triples) {
        let text =
            serde_json::to_string_pretty(&d).map_err(|e| PublishError::Io(io::Error::other(e)))?;
        write_file(&out.join("schema-org.jsonld"), format!("{text}\n"))?;
    }

    // The last check: under `role` and `none`, no file holds a name or an e-mail read.
    if options.contacts != ContactPolicy::Full {
        let personal = std::mem::take(&mut bundle.import.personal);
        let allowed = options
            .config
            .publisher
            .contact_email
            .iter()
            .cloned()
            .collect();
        personal::check_bundle(out, personal, allowed)?;
    }
    drop(st);
    Ok(bundle)
}

/// The date of this release: `--now`'s today, the configured date, `SOURCE_DATE_EPOCH`, or
/// the latest date in the data (so that the same inputs give the same bundle).
fn release_date(options: &PublishOptions, facts: &DataFacts) -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.date_naive());
    let date = if options.now {
        Some(chrono::Local::now().date_naive())
    } else {
        options
            .config
            .dataset
            .modified
            .or(options.config.dataset.issued)
            .or(epoch)
            .or(facts.latest_date)
    };
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
