//! `import`: stream records through parse -> map -> validate -> load.
//!
//! An empty store is filled with Oxigraph's bulk loader (atomic: all or nothing). A store that
//! has data is updated one batch of records per transaction: each record's graph is cleared and
//! rewritten in the same transaction, so a crash leaves every record wholly old or wholly new.

use super::drive::{Counts, Event, Sink, drive};
use super::pipeline::{BATCH, Outcome, Pipeline};
use crate::ingest::{IngestError, Input, Reading};
use crate::model::privacy::Redacted;
use crate::rdf::{MapOptions, Mapper};
use crate::store::search::Origin;
use crate::store::search::source::{Gathered, SearchQuads};
use crate::store::{
    Handle, ONTOLOGY_GRAPH, SCHEMES_GRAPH, StoreError, THEMES_GRAPH, storage_error,
};
use crate::validate::Validator;
use crate::validate::report::RecordFindings;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::Store;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Options of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// How inputs are read.
    pub from: Reading,
    /// Mapping options.
    pub map: MapOptions,
    /// Users' shapes added to ours.
    pub extra_shapes: Vec<(String, String)>,
    /// Remove the graphs of records absent from this input.
    pub prune: bool,
    /// Memory the bulk loader may use, in MB.
    pub bulk_memory_mb: usize,
    /// Compact the store after a bulk load, and after a transactional import once it has more
    /// than [`MAX_TABLE_FILES`] files (the default). The loader writes a batch of files per
    /// index for every few hundred thousand quads, all overlapping (graph names are hashes);
    /// until they are merged every read visits each of them, and reads slow down as the store
    /// grows.
    pub compact: bool,
    /// Gather the names and e-mails of every contact read (for `publish`'s last check that
    /// none of them is in a file it writes).
    pub collect_personal: bool,
    /// Gather the identity of every record read (`publish`'s identity table), so that the
    /// inputs are read once rather than once more for it.
    pub collect_identities: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            from: Reading::default(),
            map: MapOptions::default(),
            extra_shapes: Vec::new(),
            prune: false,
            bulk_memory_mb: 256,
            compact: true,
            collect_personal: false,
            collect_identities: false,
        }
    }
}

/// Counts of an import.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportSummary {
    /// Records read (good or bad).
    pub read: usize,
    /// Records loaded into a graph that did not exist.
    pub loaded: usize,
    /// Records whose graph was replaced by a different version.
    pub replaced: usize,
    /// Records already in the store exactly as in this input.
    pub unchanged: usize,
    /// Records rejected (unreadable, invalid, or in conflict with an earlier record of the
    /// same partnership).
    pub rejected: usize,
    /// Records that repeated an earlier one (same partnership, same content): loaded once.
    pub duplicates: usize,
    /// Loaded records with reader or SHACL warnings.
    pub warned: usize,
    /// Record graphs removed by `--prune`.
    pub pruned: usize,
    /// Their names, in store order.
    pub pruned_graphs: Vec<String>,
    /// Inputs that could not be read at all (a file that vanished or cannot be opened): while
    /// there is one, `prune` is not applied, since the run cannot tell which records it lost.
    pub unreadable_inputs: Vec<String>,
    /// Whether `prune` was asked for and withheld for that reason.
    pub prune_withheld: bool,
    /// Names and e-mails of the contacts read, each once, with where it was first read (when
    /// `collect_personal`).
    pub personal: Vec<crate::model::privacy::PersonalText>,
    /// The identity of every record read and mapped (valid or not), in input order (when
    /// `collect_identities`).
    pub identities: Vec<crate::rdf::identity::Identity>,
    /// Quads in the store at the end.
    pub quads: usize,
    /// Whether the bulk loader was used (the store was empty).
    pub bulk: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The quads gathered for the search index on their way to the store (a bulk load that
    /// wrote nothing else), for [`build_search_index`].
    pub search_quads: SearchQuads,
}

/// Table files (RocksDB `.sst`) a store updated in transactions may reach before an import
/// merges them (a merged store has about one per index).
pub const MAX_TABLE_FILES: usize = 48;

/// The table files of the store in `path`.
pub fn table_files(path: &Path) -> usize {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "sst"))
        .count()
}

/// Quads handed to the bulk loader at a time: its batch size for `bulk_memory_mb` on 2 threads.
const BULK_BATCH_QUADS: usize = 125_000;

/// A graph name's key in the set of seen records (SHA-256, first 128 bits).
fn key(graph: &str) -> u128 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(graph.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(bytes)
}

fn named(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// The ontology and the schemes, each in its graph.
fn vocabulary_quads() -> Vec<Quad> {
    let mut quads = Vec::new();
    for (ttl, graph) in [
        (crate::rdf::ONTOLOGY_TTL, ONTOLOGY_GRAPH),
        (crate::rdf::SCHEMES_TTL, SCHEMES_GRAPH),
    ] {
        let g = GraphName::NamedNode(named(graph));
        quads.extend(
            RdfParser::from_format(RdfFormat::Turtle)
                .for_slice(ttl.as_bytes())
                .flatten()
                .map(|q| Quad::new(q.subject, q.predicate, q.object, g.clone())),
        );
    }
    quads
}

/// Adds the names and e-mails that redaction removed from `record`, not collected yet, to
/// `out`.
fn collect(
    out: &mut Vec<crate::model::privacy::PersonalText>,
    seen: &mut HashSet<(String, bool)>,
    record: &Redacted,
) {
    for t in record.removed() {
        if seen.insert((t.text.clone(), t.exact_case)) {
            out.push(t.clone());
        }
    }
}

/// Why an import stopped (bad records never stop it).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The shapes could not be loaded, or validation failed.
    #[error(transparent)]
    Shapes(#[from] crate::validate::ValidateError),
    /// Writing the rejects failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The full-text index could not be built.
    #[error(transparent)]
    Search(#[from] crate::store::search::SearchError),
}

/// The import sink: records gathered in batches, each batch handed to the bulk loader (an
/// empty store) or written in one transaction (a store with data).
struct Loader<'a, 'p> {
    store: &'a Store,
    path: &'p Path,
    options: &'a ImportOptions,
    summary: ImportSummary,
    mapper: Mapper,
    /// Graph names of this input, as 128-bit hashes: at a million records, strings cost ~100 MB.
    seen: HashSet<u128>,
    /// The personal texts already collected: each person once, however many records name them.
    people: HashSet<(String, bool)>,
    /// Records of this input, with their quads, as they come; a batch is written at a time.
    pending: Vec<(String, Vec<Quad>)>,
    /// The same record twice in one input, under the bulk loader: written after it.
    deferred: Vec<(String, Vec<Quad>)>,
    loader: Option<oxigraph::store::BulkLoader<'a>>,
    /// The statistics, tallied from the records as they pass (an empty store only: into a
    /// store with data, the cube is recounted from the store at the end).
    tally: Option<crate::store::statistics::Tally>,
    /// The quads the search index reads, gathered as they pass (an empty store only).
    gather: Option<Gathered>,
    progress: &'a mut dyn FnMut(&ImportSummary),
}

impl Loader<'_, '_> {
    fn err(&self, e: oxigraph::store::StorageError) -> StoreError {
        storage_error(self.path, e)
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if let Some(l) = self.loader.as_mut() {
            self.summary.loaded += self.pending.len();
            let quads = self.pending.drain(..).flat_map(|(_, q)| q);
            return l.load_quads(quads).map_err(|e| storage_error(self.path, e));
        }
        // Only the difference is written: an unchanged record costs a read, and a changed one
        // touches only the quads that changed, in the same transaction.
        let mut t = self.store.start_transaction().map_err(|e| self.err(e))?;
        for (graph, quads) in self.pending.drain(..) {
            let g = GraphName::NamedNode(named(&graph));
            let old: HashSet<Quad> = t
                .quads_for_pattern(None, None, None, Some(g.as_ref()))
                .collect::<Result<_, _>>()
                .map_err(|e| storage_error(self.path, e))?;
            let new: HashSet<Quad> = quads.into_iter().collect();
            if old.is_empty() {
                self.summary.loaded += 1;
            } else if old == new {
                self.summary.unchanged += 1;
                continue;
            } else {
                self.summary.replaced += 1;
            }
            for q in old.difference(&new) {
                t.remove(q);
            }
            for q in new.difference(&old) {
                t.insert(q);
            }
        }
        t.commit().map_err(|e| self.err(e))
    }
}

impl Loader<'_, '_> {
    /// Keeps `record`'s identity, when asked. Duplicates and conflicts are not handed to the
    /// sink: an earlier record of the same partnership was, and the identity table keeps the
    /// first of each partnership.
    fn identify(&mut self, record: &Redacted) {
        if self.options.collect_identities {
            self.summary
                .identities
                .push(crate::rdf::identity::Identity::of(
                    record,
                    &self.options.map,
                ));
        }
    }
}

impl Sink for Loader<'_, '_> {
    type Error = ImportError;

    fn unreadable(&mut self, e: IngestError) -> Result<(), ImportError> {
        if let IngestError::Io { path, .. } = e {
            self.summary.unreadable_inputs.push(path);
        }
        Ok(())
    }

    fn invalid(
        &mut self,
        record: &Redacted,
        graph: &str,
        _findings: RecordFindings,
    ) -> Result<(), ImportError> {
        if self.options.collect_personal {
            collect(&mut self.summary.personal, &mut self.people, record);
        }
        self.identify(record);
        // The record is in the input: its old version, if any, stays and is not pruned.
        self.seen.insert(key(graph));
        Ok(())
    }

    fn valid(
        &mut self,
        record: Box<Redacted>,
        graph: String,
        quads: Vec<Quad>,
        _findings: Option<&RecordFindings>,
    ) -> Result<(), ImportError> {
        if self.options.collect_personal {
            collect(&mut self.summary.personal, &mut self.people, &record);
        }
        self.identify(&record);
        self.mapper.note_themes(&record);
        if self.seen.insert(key(&graph)) || self.loader.is_none() {
            if let Some(t) = self.tally.as_mut() {
                t.add_graph(&quads);
            }
            if let Some(g) = self.gather.as_mut() {
                g.add(&quads);
            }
            self.pending.push((graph, quads));
        } else {
            // The same record twice in one input: the bulk loader cannot replace, so the later
            // version is written after it, in a transaction.
            self.deferred.push((graph, quads));
        }
        Ok(())
    }

    fn after(&mut self, counts: &Counts) -> Result<(), ImportError> {
        self.summary.read = counts.read;
        // The bulk loader works best on whole batches of its own size.
        let due = if self.loader.is_some() {
            self.pending.iter().map(|(_, q)| q.len()).sum::<usize>() >= BULK_BATCH_QUADS
        } else {
            self.pending.len() >= BATCH
        };
        if due {
            self.flush()?;
        }
        if counts.read.is_multiple_of(1000) {
            (self.progress)(&self.summary);
        }
        Ok(())
    }
}

/// Imports `inputs` into `store`; `report` receives every rejection and warning, `progress`
/// the number of records read so far.
pub fn run(
    handle: &Handle,
    inputs: Vec<Input>,
    options: &ImportOptions,
    rejects: Option<&mut dyn Write>,
    mut report: impl FnMut(Event<'_>),
    mut progress: impl FnMut(&ImportSummary),
) -> Result<ImportSummary, ImportError> {
    let (store, path): (&Store, &Path) = (handle, handle.path());
    let started = Instant::now();
    let err = |e| storage_error(path, e);
    let validator = Validator::new(&options.extra_shapes)?;
    let pipeline = Pipeline::new(
        inputs,
        options.from.clone(),
        options.map.clone(),
        Some(validator),
    );
    let bulk = store.is_empty().map_err(err)?;
    crate::store::base::record(path, &options.map.base, !bulk)?;
    let mut sink = Loader {
        store,
        path,
        options,
        summary: ImportSummary {
            bulk,
            ..Default::default()
        },
        mapper: Mapper::new(options.map.clone()),
        seen: HashSet::new(),
        people: HashSet::new(),
        pending: Vec::new(),
        deferred: Vec::new(),
        loader: bulk.then(|| {
            store
                .bulk_loader()
                .with_num_threads(2)
                .with_max_memory_size_in_megabytes(options.bulk_memory_mb)
        }),
        tally: bulk.then(crate::store::statistics::Tally::new),
        gather: bulk.then(Gathered::new),
        progress: &mut progress,
    };
    if let Some(l) = sink.loader.as_mut() {
        let vocabulary = vocabulary_quads();
        if let Some(g) = sink.gather.as_mut() {
            g.add(&vocabulary);
        }
        l.load_quads(vocabulary).map_err(err)?;
    }

    let counts = read_and_load(pipeline, &mut sink, rejects, &mut report)?;
    sink.flush()?;
    let Loader {
        mut summary,
        mapper,
        seen,
        deferred,
        loader,
        tally,
        mut gather,
        ..
    } = sink;
    summary.read = counts.read;
    summary.rejected = counts.rejected;
    summary.duplicates = counts.duplicates;
    summary.warned = counts.warned;
    // A record read twice replaces its first version after the bulk load: the tally counted
    // both, so the cube is recounted from the store then.
    let recount = !bulk || !deferred.is_empty();
    if let Some(l) = loader {
        finish_bulk_load(
            path,
            l,
            tally.filter(|_| !recount),
            mapper.theme_quads(),
            gather.as_mut(),
        )?;
    }
    let record_prefix = options.map.base.graph("");
    write_after_load(store, path, options, bulk, deferred, &mapper, &mut summary)?;
    summary.prune_withheld = options.prune && !summary.unreadable_inputs.is_empty();
    if options.prune && !summary.prune_withheld {
        prune(store, path, &record_prefix, &seen, &mut summary)?;
    }
    let changed = summary.loaded + summary.replaced + summary.pruned > 0;
    if recount && (changed || !crate::store::statistics::present(store).map_err(err)?) {
        crate::store::statistics::rebuild(store).map_err(err)?;
    }
    store.flush().map_err(err)?;
    // Reads visit every file of the store: a bulk load ends merged, and a store updated in
    // transactions is merged again once its files pass a bound.
    if options.compact && (bulk || table_files(path) > MAX_TABLE_FILES) {
        store.optimize().map_err(err)?;
    }
    summary.quads = store.len().map_err(err)?;
    // The gathered quads are the store's only when nothing but the bulk load wrote to it (a
    // record read twice is written after it, and a recount rewrites the cube).
    summary.search_quads = SearchQuads(
        gather
            .filter(|g| g.is_whole() && !recount && summary.replaced == 0 && summary.pruned == 0)
            .map(std::sync::Arc::new),
    );
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Builds the full-text index of the store at `path`, once the import is over and the store
/// closed (an open store's files are not yet the ones it keeps): from the quads the import
/// gathered when they are all the store holds of what the index reads (a bulk load), else
/// from the store (the records loaded, pruned and replaced); never from the inputs again.
pub fn build_search_index(
    path: &Path,
    gathered: &SearchQuads,
) -> Result<(crate::store::search::build::Built, Origin), ImportError> {
    Ok(match &gathered.0 {
        Some(g) => crate::store::search::build_gathered(g, path)?,
        None => (crate::store::search::rebuild(path)?, Origin::Store),
    })
}

/// Reads, maps and validates the records in a thread of their own, a few batches ahead of the
/// loading into `sink`, so that both use the cores at the same time.
fn read_and_load(
    pipeline: Pipeline,
    sink: &mut Loader<'_, '_>,
    rejects: Option<&mut dyn Write>,
    report: &mut impl FnMut(Event<'_>),
) -> Result<Counts, ImportError> {
    let (tx, rx) =
        std::sync::mpsc::sync_channel::<Vec<Result<Outcome, crate::validate::ValidateError>>>(2);
    let producer = std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH);
        for outcome in pipeline {
            batch.push(outcome);
            if batch.len() == BATCH && tx.send(std::mem::take(&mut batch)).is_err() {
                return;
            }
        }
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
    });
    let counts = drive(rx.into_iter().flatten(), sink, rejects, report)?;
    if producer.join().is_err() {
        return Err(std::io::Error::other("the reading thread panicked").into());
    }
    Ok(counts)
}

/// Ends a bulk load: the statistics tallied on the way (`tally`, unless the cube is to be
/// recounted from the store) and the themes used, then the commit.
fn finish_bulk_load(
    path: &Path,
    mut l: oxigraph::store::BulkLoader<'_>,
    tally: Option<crate::store::statistics::Tally>,
    themes: Vec<Quad>,
    mut gather: Option<&mut Gathered>,
) -> Result<(), StoreError> {
    let err = |e| storage_error(path, e);
    if let Some(mut tally) = tally {
        tally.add_graph(&themes);
        tally.add_graph(&vocabulary_quads());
        let graph = named(crate::store::statistics::STATISTICS_GRAPH);
        let cube = crate::store::statistics::cube::quads(&tally.finish(), graph.as_ref().into());
        if let Some(g) = gather.as_deref_mut() {
            g.add(&cube);
        }
        l.load_quads(cube).map_err(err)?;
    }
    if let Some(g) = gather {
        g.add(&themes);
    }
    l.load_quads(themes).map_err(err)?;
    l.commit().map_err(err)?;
    Ok(())
}

/// One transaction after the loading: the records read twice under the bulk loader, and into
/// a store with data the vocabulary and the themes of this version of the tool.
fn write_after_load(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    bulk: bool,
    deferred: Vec<(String, Vec<Quad>)>,
    mapper: &Mapper,
    summary: &mut ImportSummary,
) -> Result<(), StoreError> {
    let err = |e| storage_error(path, e);

    let mut t = store.start_transaction().map_err(err)?;
    for (graph, quads) in deferred {
        let g = named(&graph);
        t.clear_graph(&g).map_err(err)?;
        t.extend(&quads);
        summary.replaced += 1;
    }
    if !bulk {
        // Vocabulary and themes: rewritten so that they match this version of the tool.
        for graph in [ONTOLOGY_GRAPH, SCHEMES_GRAPH] {
            t.clear_graph(&named(graph)).map_err(err)?;
        }
        t.extend(&vocabulary_quads());
        if options.prune {
            t.clear_graph(&named(THEMES_GRAPH)).map_err(err)?;
        }
        t.extend(&mapper.theme_quads());
    }
    t.commit().map_err(err)?;
    Ok(())
}

/// Removes the record graphs (named under `record_prefix`) this input did not have, a batch
/// per transaction, and lists them in `summary`.
fn prune(
    store: &Store,
    path: &Path,
    record_prefix: &str,
    seen: &HashSet<u128>,
    summary: &mut ImportSummary,
) -> Result<(), StoreError> {
    let err = |e| storage_error(path, e);

    let mut stale: Vec<NamedOrBlankNode> = Vec::new();
    for g in store.named_graphs() {
        // A store error here must stop the prune, not shorten its list.
        if let NamedOrBlankNode::NamedNode(n) = g.map_err(err)?
            && n.as_str().starts_with(record_prefix)
            && !seen.contains(&key(n.as_str()))
        {
            stale.push(n.into());
        }
    }
    for chunk in stale.chunks(BATCH) {
        let mut t = store.start_transaction().map_err(err)?;
        for g in chunk {
            t.remove_named_graph(g).map_err(err)?;
        }
        t.commit().map_err(err)?;
        for g in chunk {
            summary.pruned += 1;
            if let NamedOrBlankNode::NamedNode(n) = g {
                summary.pruned_graphs.push(n.as_str().to_string());
            }
        }
    }
    Ok(())
}
