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
//! A bundle holds only what its run read: the store is built afresh in a staging folder beside
//! the bundle, every file is written there and checked, and only then moved into place. A run
//! that fails (an input that cannot be read, a name found in a file) leaves the previous bundle
//! as it was.

pub mod catalog;
pub mod config;
pub mod diff;
mod facts;
mod files;
pub mod identity;
pub mod package;
pub mod personal;
pub mod previous;
pub mod push;
pub mod readme;
pub mod schema_org;
pub mod tables;
pub mod upload;
pub mod verify;

use crate::ingest::{Input, Reading};
use crate::jobs::convert::Event;
use crate::jobs::import;
use crate::model::privacy::ContactPolicy;
use crate::rdf::{MapOptions, OutputFormat};
use crate::store::{self, StoreError, dump};
use crate::validate::report::{RecordFindings, Summary};
use catalog::{CatalogOptions, DataFacts, FileEntry};
use config::Config;
pub use facts::facts;
pub use files::{CATALOG_FILES, bundle_files, measure, write_triples};
use files::{FILES, Planned, create};
use oxigraph::io::RdfFormat;
use oxigraph::model::Triple;
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The import into the bundle's store stopped.
    #[error(transparent)]
    Import(#[from] crate::jobs::import::ImportError),
    /// The store, below.
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// Dumping.
    #[error(transparent)]
    Dump(#[from] dump::DumpError),
    /// Writing a file.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// Other I/O.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A query over the store.
    #[error(transparent)]
    Query(#[from] crate::store::describe::DescribeError),
    /// The previous release named by `--previous` cannot be read.
    #[error(transparent)]
    Previous(#[from] previous::PreviousError),
    /// Inputs could not be read: nothing is published without `--allow-partial`.
    #[error(
        "{count} input(s) could not be read: nothing was published (the previous bundle, if any, is untouched); give --allow-partial to publish the rest"
    )]
    UnreadableInputs {
        /// How many.
        count: usize,
    },
    /// An e-mail address or a phone number (anyone's) is in a file about to be published under
    /// `role` or `none`.
    #[error(
        "{file} would hold {what} (not quoted: personal data); nothing was published. Under --contacts role or none no e-mail address (but publisher.contact_email) and no phone number is published: remove it from the input, or publish with --contacts full"
    )]
    ContactDetails {
        /// The bundle file, by name.
        file: String,
        /// What was found: "an e-mail address" or "a phone number".
        what: String,
    },
    /// A contact's name or e-mail is in a file about to be published under `role` or `none`.
    #[error(
        "{file} would hold the name or e-mail of a contact read at {source_file}:{line} (not quoted: personal data); nothing was published. Remove it from the input (a free-text field that quotes the person), or publish with --contacts full"
    )]
    PersonalData {
        /// The bundle file, by name.
        file: String,
        /// Where the contact was read.
        source_file: String,
        /// Its line.
        line: usize,
    },
    /// Linking to Wikidata from a cache.
    #[error("linking to Wikidata from {path}: {message}")]
    Link {
        /// The cache file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

fn file_error(path: &Path) -> impl FnOnce(io::Error) -> PublishError + '_ {
    move |source| PublishError::File {
        path: path.display().to_string(),
        source,
    }
}

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
}

/// Writes every Atlas-wide chart as `charts/ID.svg`, `charts/ID.png` and `charts/ID.csv`
/// (French labels; the date of the data in the caption).
pub fn write_charts(
    store: &Store,
    dir: &Path,
    date: &str,
) -> Result<Vec<(String, String)>, PublishError> {
    std::fs::create_dir_all(dir).map_err(|source| PublishError::File {
        path: dir.display().to_string(),
        source,
    })?;
    let data = crate::charts::data::atlas(store)?;
    let charts = crate::charts::atlas_charts(&data, crate::model::lang::Lang::Fr, date);
    let mut written = Vec::new();
    for c in charts {
        let file = |ext: &str| dir.join(format!("{}.{ext}", c.id));
        write_file(&file("svg"), &c.svg)?;
        write_file(&file("csv"), &c.csv)?;
        let png = crate::charts::png::render(&c.svg).map_err(|e| PublishError::File {
            path: file("png").display().to_string(),
            source: io::Error::other(e),
        })?;
        write_file(&file("png"), png)?;
        written.push((c.id.to_string(), c.title));
    }
    Ok(written)
}

/// The folder, inside the bundle folder, where a run writes before anything is moved into
/// place.
pub const STAGING: &str = ".atlas-lod-staging";

/// Runs the whole job: builds the bundle in the staging folder, checks it, then moves it into
/// `options.out`. On any error the staging folder is removed and `options.out` is untouched.
pub fn run(
    options: &PublishOptions,
    report: impl FnMut(Event<'_>),
) -> Result<Bundle, PublishError> {
    let out = &options.out;
    std::fs::create_dir_all(out).map_err(file_error(out))?;
    let stage = out.join(STAGING);
    if stage.exists() {
        // Left by a run that was killed: never part of a bundle.
        std::fs::remove_dir_all(&stage).map_err(file_error(&stage))?;
    }
    std::fs::create_dir_all(&stage).map_err(file_error(&stage))?;
    let built = build(options, &stage, report);
    let result = built.and_then(|mut bundle| {
        // A previous store that cannot be read does not stop the publication: it is said.
        match dropped(&out.join("store"), &stage.join("store")) {
            Ok(d) => bundle.no_longer_published = d,
            Err(e) => bundle.previous_unreadable = Some(e.to_string()),
        }
        move_into_place(&stage, out)?;
        Ok(bundle)
    });
    if stage.exists() {
        let _ = std::fs::remove_dir_all(&stage);
    }
    result
}

/// The record graphs of the `old` store (the previous bundle's, if any) that the `new` one
/// does not hold: what this publication stops publishing.
fn dropped(old: &Path, new: &Path) -> Result<Vec<String>, PublishError> {
    if !old.join("CURRENT").is_file() {
        return Ok(Vec::new());
    }
    let prefix = MapOptions::default().base.graph("");
    let graphs = |path: &Path| -> Result<Vec<String>, PublishError> {
        let st = store::open_read_only(path)?;
        let mut out = Vec::new();
        for g in st.named_graphs() {
            let g = g.map_err(|e| store::storage_error(path, e))?;
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g
                && n.as_str().starts_with(&prefix)
            {
                out.push(n.into_string());
            }
        }
        Ok(out)
    };
    let kept: std::collections::HashSet<String> = graphs(new)?.into_iter().collect();
    Ok(graphs(old)?
        .into_iter()
        .filter(|g| !kept.contains(g))
        .collect())
}

/// Replaces each entry of `out` by the one of the same name in `stage`.
fn move_into_place(stage: &Path, out: &Path) -> Result<(), PublishError> {
    let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(stage)
        .map_err(file_error(stage))?
        .map(|e| e.map(|e| e.file_name()).map_err(file_error(stage)))
        .collect::<Result<_, _>>()?;
    names.sort();
    for name in names {
        let (from, to) = (stage.join(&name), out.join(&name));
        if to.is_dir() {
            std::fs::remove_dir_all(&to).map_err(file_error(&to))?;
        } else if to.exists() {
            std::fs::remove_file(&to).map_err(file_error(&to))?;
        }
        std::fs::rename(&from, &to).map_err(file_error(&to))?;
    }
    Ok(())
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
        let finder = personal::Finder::new(personal)?.with_contact_details(allowed);
        if let Some(hit) = finder.scan_dir(out, &["store"])? {
            let file = hit
                .file
                .strip_prefix(out)
                .unwrap_or(&hit.file)
                .display()
                .to_string();
            if hit.text.line == 0 {
                return Err(PublishError::ContactDetails {
                    file,
                    what: hit.text.text,
                });
            }
            return Err(PublishError::PersonalData {
                file,
                source_file: hit.text.file,
                line: hit.text.line,
            });
        }
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
