//! The steps of a bundle, in the order [`build`] runs them (the IATI file's step is in
//! `iati/bundle.rs`): each writes its files in the
//! staging folder and hands the next what it needs, so that the inputs are read once, the
//! store's facts asked once, and what changed since the previous release computed from the
//! rows written rather than from the files read back.
//!
//! Reading once, and `--previous`: a partnership keeps its previous IRI when it is the only
//! match of the previous release, and that matching is global (a candidate is ambiguous only
//! against the whole fresh set), while the IRIs must be decided before a record is mapped. So
//! with `--previous` the inputs are read once more, beforehand, for their identities alone
//! ([`matching`]); without it there is no such pass. Minting fresh IRIs first and renaming them
//! in the store afterwards would read once, but would rewrite every node minted under a
//! partnership (its graph, funding, roles, the statistics) after the fact: a second writer of
//! IRIs beside the mapping, for a pass that costs only parsing.

use super::catalog::{self, CatalogOptions, FileEntry};
use super::dates::{self, ReleaseDates};
use super::files::{FILES, Planned, measure, write_charts, write_file, write_triples, write_with};
use super::{
    Bundle, PublishError, PublishOptions, diff, facts, identity, package, personal, places,
    previous, readme, schema_org, tables,
};
use crate::jobs::Event;
use crate::jobs::import;
use crate::model::privacy::ContactPolicy;
use crate::rdf::{MapOptions, OutputFormat};
use crate::store::{self, dump};
use crate::validate::report::{RecordFindings, Summary};
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, Triple};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// The staging folder and its store, which every step writes to.
struct Staging<'a> {
    out: &'a Path,
    store: &'a store::Handle,
}

impl Staging<'_> {
    fn storage_error(&self, e: oxigraph::store::StorageError) -> PublishError {
        self.store.error(e).into()
    }
}

/// Builds the whole bundle in `out` (the staging folder).
pub(super) fn build(
    options: &PublishOptions,
    out: &Path,
    report: impl FnMut(Event<'_>),
) -> Result<Bundle, PublishError> {
    let st = store::open(&out.join("store"))?;
    let stage = Staging { out, store: &st };
    let previous = options
        .previous
        .as_deref()
        .map(previous::Previous::load)
        .transpose()?;
    let (map, matching) = matching(options, previous.as_ref());
    let imported = import_and_validate(&stage, options, &map, report)?;
    let options = &PublishOptions {
        missing_inputs: missing_inputs(options, &imported.summary),
        ..options.clone()
    };
    // The quads the import gathered for the search index are the store's while nothing
    // else writes to it: the places' links and a retired graph do.
    let mut search_quads = imported.summary.search_quads.clone();
    if options.wikidata_cache.is_some() || previous.is_some() {
        search_quads = crate::store::search::source::SearchQuads::default();
    }
    let with_places = link_wikidata(&stage, options)?;
    let mut facts = facts(&st)?;
    let dates = dates::decide(
        options.today,
        &options.config,
        options.source_date,
        facts.latest_date,
    );
    facts.latest_date = dates.data;
    let retired = identity_table(&stage, previous.as_ref(), &map, &imported, &dates)?;
    let canonical_sha256 = dumps(&stage)?;
    let (tables, this_release) = tables(&stage, options, previous.is_some(), with_places)?;
    let places = place_files(&stage, options, with_places, &dates)?;
    let (changes, release) = changes(out, previous.as_ref(), this_release)?;
    validation_report(out, &imported.validation)?;
    void(&stage, options)?;
    let iati = super::iati::bundle::step(out, &st, &options.config)?;
    let charts = write_charts(&st, &out.join("charts"), &dates.release_text("?"))?;
    let mut bundle = Bundle {
        charts,
        files: Vec::new(),
        violations: imported.validation.violations,
        warnings: imported.validation.warnings,
        import: imported.summary,
        tables,
        places,
        canonical_sha256,
        facts,
        no_longer_published: Vec::new(),
        previous_unreadable: None,
        release,
        matching,
        changes,
        retired,
        manifest_sha256: String::new(),
        iati,
    };
    readme_and_catalogue(out, options, &mut bundle)?;
    last_personal_check(out, options, &mut bundle)?;
    drop(st);
    search_index(out, &search_quads)?;
    Ok(bundle)
}

/// The mapping of this run, and which partnerships keep an IRI of the previous release: the
/// identity-only pass over the inputs, made only when there is a previous release.
fn matching(
    options: &PublishOptions,
    previous: Option<&previous::Previous>,
) -> (MapOptions, identity::Matching) {
    let base_map = MapOptions {
        base: options.base.clone(),
        contacts: options.contacts,
        ..MapOptions::default()
    };
    let Some(previous) = previous else {
        return (base_map, identity::Matching::default());
    };
    let fresh: Vec<identity::Identity> =
        crate::ingest::Records::new(options.inputs.clone(), options.from.clone())
            .filter_map(Result::ok)
            .map(|r| identity::Identity::of(&r, &base_map))
            .collect();
    let matching = identity::match_releases(&previous.identity, &fresh);
    let map = MapOptions {
        kept_ids: std::sync::Arc::new(matching.kept.clone()),
        ..base_map
    };
    (map, matching)
}

/// What the import step leaves: its counts (and the identities it read), the validation.
struct Imported {
    summary: import::ImportSummary,
    validation: Summary,
}

/// Imports (validation included) into the fresh store, with the rejects file; stops when an
/// input could not be read (unless partial runs are allowed) or nothing is left to publish.
fn import_and_validate(
    stage: &Staging<'_>,
    options: &PublishOptions,
    map: &MapOptions,
    mut report: impl FnMut(Event<'_>),
) -> Result<Imported, PublishError> {
    let mut validation = Summary::default();
    let mut warnings: BTreeMap<(String, usize), Vec<crate::validate::Finding>> = BTreeMap::new();
    let import_options = import::ImportOptions {
        from: options.from.clone(),
        map: map.clone(),
        extra_shapes: options.extra_shapes.clone(),
        // A new store: nothing to prune, nothing from an earlier run.
        prune: false,
        compact: true,
        collect_personal: options.contacts != ContactPolicy::Full,
        collect_identities: true,
        ..Default::default()
    };
    let summary = write_with(stage.out, "rejects.jsonl", false, |rejects| {
        import::run(
            stage.store,
            options.inputs.clone(),
            &import_options,
            Some(rejects),
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
        )
    })?;
    if !summary.unreadable_inputs.is_empty() && !options.allow_partial {
        return Err(PublishError::UnreadableInputs {
            count: summary.unreadable_inputs.len(),
        });
    }
    if summary.read == summary.rejected && !options.allow_empty {
        return Err(PublishError::Empty { read: summary.read });
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
    validation.records = summary.read;
    Ok(Imported {
        summary,
        validation,
    })
}

/// What the README and the catalogue say is missing: the paths that were not found, and the
/// files that could not be read during the run.
fn missing_inputs(options: &PublishOptions, summary: &import::ImportSummary) -> Vec<String> {
    options
        .missing_inputs
        .iter()
        .chain(&summary.unreadable_inputs)
        .cloned()
        .collect()
}

/// The Wikidata links, rebuilt offline from the publisher's cache, when given, and the foreign
/// partners' places with them when the review file is given too (read, never written);
/// whether the places were.
fn link_wikidata(stage: &Staging<'_>, options: &PublishOptions) -> Result<bool, PublishError> {
    let Some(cache) = &options.wikidata_cache else {
        return Ok(false);
    };
    let offline = crate::link::offline::Offline {
        cache: cache.clone(),
        review: options.review.clone(),
        // Decisions the review file lacks are dated only by a date the run is given.
        date: options
            .today
            .or(options.source_date)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    };
    let rebuilt =
        crate::link::offline::rebuild(stage.store, &offline).map_err(|e| PublishError::Link {
            path: cache.display().to_string(),
            message: e.to_string(),
        })?;
    Ok(rebuilt.places.is_some())
}

/// `places.csv`, `twinnings.csv` and `quickstatements.txt` ([`places`]), when the places were
/// rebuilt; the release date is the QuickStatements' retrieval date.
fn place_files(
    stage: &Staging<'_>,
    options: &PublishOptions,
    with_places: bool,
    dates: &ReleaseDates,
) -> Result<Option<places::PlacesCounts>, PublishError> {
    let (true, Some(cache)) = (with_places, &options.wikidata_cache) else {
        return Ok(None);
    };
    let date = dates.release_text("");
    places::write(stage.store, stage.out, cache, &date).map(Some)
}

/// The identity table, and the retired partnerships' graph (what `serve` answers 410 from);
/// the number of partnerships retired.
fn identity_table(
    stage: &Staging<'_>,
    previous: Option<&previous::Previous>,
    map: &MapOptions,
    imported: &Imported,
    dates: &ReleaseDates,
) -> Result<usize, PublishError> {
    // The identities the import read, first of each partnership whose graph was loaded.
    let mut seen = std::collections::BTreeSet::new();
    let mut published = Vec::new();
    for i in &imported.summary.identities {
        let graph = NamedNode::new_unchecked(map.base.graph(&i.id));
        if stage
            .store
            .contains_named_graph(&graph)
            .map_err(|e| stage.storage_error(e))?
            && seen.insert(i.partnership.clone())
        {
            published.push(i.clone());
        }
    }
    let previous_rows = previous.map(|p| p.identity.as_slice()).unwrap_or(&[]);
    let table = identity::next_table(previous_rows, published, &dates.release_text(""));
    write_with(stage.out, "identity.csv", false, |w| {
        identity::write(&table, w)
    })?;
    let retired: Vec<store::retired::Retired> = table
        .iter()
        .filter(|r| r.status == "retired")
        .map(|r| store::retired::Retired {
            iri: r.partnership.clone(),
            title: r.title.clone(),
            retired_on: r.retired_on.clone(),
        })
        .collect();
    store::retired::record(stage.store, &retired).map_err(|e| stage.storage_error(e))?;
    Ok(retired.len())
}

/// The dumps, the statistics cube (Turtle and a tidy table), the JSON-LD context and the
/// canonical hash; returns the hash.
fn dumps(stage: &Staging<'_>) -> Result<String, PublishError> {
    let (out, st) = (stage.out, stage.store);
    for (name, format) in [
        ("atlas.ttl.gz", OutputFormat::Turtle),
        ("atlas.nt.gz", OutputFormat::Ntriples),
        ("atlas.nq.gz", OutputFormat::Nquads),
        ("atlas.jsonld.gz", OutputFormat::Jsonld),
    ] {
        write_with(out, name, true, |w| dump::dump(st, format, None, w))?;
    }
    write_with(out, "atlas-statistics.ttl.gz", true, |w| {
        dump::dump(
            st,
            OutputFormat::Turtle,
            Some(store::statistics::STATISTICS_GRAPH),
            w,
        )
    })?;
    let cube = store::statistics::read::read(st).map_err(|e| stage.storage_error(e))?;
    write_file(out, "statistics.csv", store::statistics::cube::csv(&cube))?;
    write_file(out, "context.jsonld", crate::rdf::jsonld::CONTEXT_JSONLD)?;
    let (_, canonical_sha256) = dump::canonical(st, None, io::sink())?;
    write_file(
        out,
        "atlas.canonical.sha256",
        format!("{canonical_sha256}  RDFC-1.0 canonical N-Quads of atlas.nq.gz\n"),
    )?;
    Ok(canonical_sha256)
}

/// The CSV files and their descriptions (Frictionless Data Package, W3C CSVW); with a previous
/// release to compare with, what the tables say of this one.
fn tables(
    stage: &Staging<'_>,
    options: &PublishOptions,
    compared: bool,
    with_places: bool,
) -> Result<(tables::TableCounts, Option<diff::Release>), PublishError> {
    let out = stage.out;
    let mut release = compared.then(diff::FromTables::default);
    let counts = write_with(out, "partnerships.csv", false, |p| {
        write_with(out, "funding.csv", false, |f| {
            write_with(out, "partners.csv", false, |r| {
                tables::write(stage.store, p, f, r, release.as_mut())
            })
        })
    })?;
    for (name, value) in [
        (
            "datapackage.json",
            package::datapackage(&options.config, with_places),
        ),
        (
            "csv-metadata.json",
            package::csvw(&options.config, with_places),
        ),
    ] {
        write_json(out, name, &value)?;
    }
    Ok((counts, release.map(diff::FromTables::finish)))
}

/// Writes `value` as pretty JSON with a final line end.
fn write_json(out: &Path, name: &str, value: &impl serde::Serialize) -> Result<(), PublishError> {
    write_with(out, name, false, |w| {
        serde_json::to_writer_pretty(&mut *w, value).map_err(io::Error::other)?;
        io::Write::write_all(w, b"\n")
    })
}

/// What changed since the previous release (`changes.csv`), and which release this is.
fn changes(
    out: &Path,
    previous: Option<&previous::Previous>,
    this_release: Option<diff::Release>,
) -> Result<(Vec<diff::Change>, catalog::Release), PublishError> {
    let changes = match (previous, this_release) {
        (Some(p), Some(new)) => diff::diff(&p.release, &new),
        _ => Vec::new(),
    };
    write_with(out, "changes.csv", false, |w| diff::write_csv(&changes, w))?;
    let release = catalog::Release {
        number: previous.map_or(1, |p| p.number + 1),
        previous_date: previous.and_then(|p| p.date.clone()),
        changes: previous.map(|_| diff::counts(&changes)),
    };
    Ok((changes, release))
}

/// The validation report, in Turtle and as text.
fn validation_report(out: &Path, validation: &Summary) -> Result<(), PublishError> {
    write_with(out, "validation-report.ttl", false, |w| {
        validation.write_turtle(w, false)
    })?;
    write_with(out, "validation-report.txt", false, |w| {
        validation.write_text(w, false)
    })
}

/// The VoID description, with the dumps.
fn void(stage: &Staging<'_>, options: &PublishOptions) -> Result<(), PublishError> {
    let config = &options.config;
    let mut void = crate::store::describe::void_triples(
        stage.store,
        &config.dataset.iri,
        options.endpoint_url.as_deref(),
    )?;
    for name in ["atlas.nt.gz", "atlas.ttl.gz", "atlas.nq.gz"] {
        void.push(Triple::new(
            NamedNode::new_unchecked(&config.dataset.iri),
            crate::vocab::void::DATA_DUMP,
            NamedNode::new_unchecked(format!("{}{name}", config.files.download_url)),
        ));
    }
    void.sort_by_cached_key(ToString::to_string);
    write_with(stage.out, "void.ttl", false, |w| {
        write_triples(&void, RdfFormat::Turtle, w)
    })
}

/// Size and SHA-256 of the `planned` files, read back from `out`.
fn measured(out: &Path, planned: &[&Planned]) -> Result<Vec<FileEntry>, PublishError> {
    planned
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
                conforms_to: super::iati::bundle::conforms_to(p.name),
            })
        })
        .collect()
}

/// The README (which lists the data files), then every file measured, then the catalogue in
/// three syntaxes and its schema.org form. The catalogue is not in the store: Oxigraph's store
/// keeps integer-derived datatypes (the xsd:nonNegativeInteger DCAT-AP requires for
/// dcat:byteSize) as xsd:integer; `serve` reads `catalog.ttl` beside the store instead.
fn readme_and_catalogue(
    out: &Path,
    options: &PublishOptions,
    bundle: &mut Bundle,
) -> Result<(), PublishError> {
    let place_files: &[Planned] = if bundle.places.is_some() {
        places::FILES
    } else {
        &[]
    };
    // The files a run may leave out (the places' files without `--review`, the IATI file
    // without an IATI identifier) come last.
    let optional: Vec<&Planned> = place_files.iter().chain(bundle.iati.planned()).collect();
    let data_files: Vec<&Planned> = FILES
        .iter()
        .filter(|p| p.name != "README.md")
        .chain(optional.iter().copied())
        .collect();
    bundle.files = measured(out, &data_files)?;
    write_file(
        out,
        "README.md",
        readme::render(&options.config, options, bundle),
    )?;
    let all: Vec<&Planned> = FILES.iter().chain(optional.iter().copied()).collect();
    bundle.files = measured(out, &all)?;
    let triples = catalog::catalog(
        &options.config,
        &bundle.files,
        &bundle.facts,
        &CatalogOptions {
            endpoint_url: options.endpoint_url.clone(),
            full_contacts: options.contacts == ContactPolicy::Full,
            missing_inputs: options.missing_inputs.clone(),
            release: bundle.release.clone(),
        },
    );
    for (name, format) in [
        ("catalog.ttl", RdfFormat::Turtle),
        ("catalog.rdf", RdfFormat::RdfXml),
        (
            "catalog.jsonld",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        write_with(out, name, false, |w| write_triples(&triples, format, w))?;
    }
    // The same description for search engines (schema.org), as the server embeds it.
    if let Some(d) = schema_org::dataset(&triples) {
        write_json(out, "schema-org.jsonld", &d)?;
    }
    Ok(())
}

/// The full-text index of the bundle's store (`store/search-index/`), built once the store is
/// complete and closed (from the quads its import gathered, when nothing else wrote to it), so that the state it records is the state the bundle
/// carries and `serve` and `search` find it current.
fn search_index(
    out: &Path,
    gathered: &crate::store::search::source::SearchQuads,
) -> Result<(), PublishError> {
    import::build_search_index(&out.join("store"), gathered)?;
    Ok(())
}

/// The last check: under `role` and `none`, no file holds a name or an e-mail read.
fn last_personal_check(
    out: &Path,
    options: &PublishOptions,
    bundle: &mut Bundle,
) -> Result<(), PublishError> {
    if options.contacts == ContactPolicy::Full {
        return Ok(());
    }
    let personal = std::mem::take(&mut bundle.import.personal);
    let allowed = options
        .config
        .publisher
        .contact_email
        .iter()
        .cloned()
        .collect();
    personal::check_bundle(out, personal, allowed)
}
