//! `import`: stream records through parse -> map -> validate -> load.
//!
//! An empty store is filled with Oxigraph's bulk loader (atomic: all or nothing). A store that
//! has data is updated one batch of records per transaction: each record's graph is cleared and
//! rewritten in the same transaction, so a crash leaves every record wholly old or wholly new.

use super::convert::{Event, reject, report_warnings};
use super::pipeline::{BATCH, Outcome, Pipeline};
use crate::ingest::{Input, Reading};
use crate::rdf::{MapOptions, Mapper};
use crate::store::{ONTOLOGY_GRAPH, SCHEMES_GRAPH, StoreError, THEMES_GRAPH, storage_error};
use crate::validate::Validator;
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
    /// Compact the store after a bulk load (`publish` does, as its store is served). The loader writes a batch of files per index for
    /// every few hundred thousand quads, all overlapping (graph names are hashes); until they
    /// are merged every read visits each of them, and reads slow down as the store grows.
    pub compact: bool,
    /// Gather the names and e-mails of every contact read (for `publish`'s last check that
    /// none of them is in a file it writes).
    pub collect_personal: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            from: Reading::default(),
            map: MapOptions::default(),
            extra_shapes: Vec::new(),
            prune: false,
            bulk_memory_mb: 256,
            compact: false,
            collect_personal: false,
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
    /// Records rejected (unreadable or invalid).
    pub rejected: usize,
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
    /// Quads in the store at the end.
    pub quads: usize,
    /// Whether the bulk loader was used (the store was empty).
    pub bulk: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
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

/// Adds the names and e-mails of `record` not collected yet to `out`.
fn collect(
    out: &mut Vec<crate::model::privacy::PersonalText>,
    seen: &mut HashSet<(String, bool)>,
    record: &crate::model::Record,
) {
    for t in crate::model::privacy::personal_texts(record) {
        if seen.insert((t.text.clone(), t.exact_case)) {
            out.push(t);
        }
    }
}

/// Imports `inputs` into `store`; `report` receives every rejection and warning, `progress`
/// the number of records read so far.
pub fn run(
    store: &Store,
    path: &Path,
    inputs: Vec<Input>,
    options: &ImportOptions,
    mut rejects: Option<&mut dyn Write>,
    mut report: impl FnMut(Event<'_>),
    mut progress: impl FnMut(&ImportSummary),
) -> Result<ImportSummary, StoreError> {
    let started = Instant::now();
    let err = |e| storage_error(path, e);
    let validator = Validator::new(&options.extra_shapes)?;
    let mut summary = ImportSummary::default();
    let mut mapper = Mapper::new(options.map.clone());
    // Graph names of this input, as 128-bit hashes: at a million records, strings cost ~100 MB.
    let mut seen: HashSet<u128> = HashSet::new();
    // The personal texts already collected: each person once, however many records name them.
    let mut people: HashSet<(String, bool)> = HashSet::new();
    let pipeline = Pipeline::new(
        inputs,
        options.from.clone(),
        options.map.clone(),
        Some(validator),
    );
    let bulk = store.is_empty().map_err(err)?;
    summary.bulk = bulk;

    // Records of this input, with their quads, as they come; a batch is written at a time.
    let mut pending: Vec<(String, Vec<Quad>)> = Vec::new();
    let mut deferred: Vec<(String, Vec<Quad>)> = Vec::new();
    let mut loader = bulk.then(|| {
        store
            .bulk_loader()
            .with_num_threads(2)
            .with_max_memory_size_in_megabytes(options.bulk_memory_mb)
    });
    if let Some(l) = loader.as_mut() {
        l.load_quads(vocabulary_quads()).map_err(err)?;
    }

    let flush = |pending: &mut Vec<(String, Vec<Quad>)>,
                 loader: &mut Option<oxigraph::store::BulkLoader<'_>>,
                 summary: &mut ImportSummary|
     -> Result<(), StoreError> {
        if pending.is_empty() {
            return Ok(());
        }
        match loader {
            Some(l) => {
                summary.loaded += pending.len();
                l.load_quads(pending.drain(..).flat_map(|(_, q)| q))
                    .map_err(err)?;
            }
            None => {
                // Only the difference is written: an unchanged record costs a read, and a
                // changed one touches only the quads that changed, in the same transaction.
                let mut t = store.start_transaction().map_err(err)?;
                for (graph, quads) in pending.drain(..) {
                    let g = GraphName::NamedNode(named(&graph));
                    let old: HashSet<Quad> = t
                        .quads_for_pattern(None, None, None, Some(g.as_ref()))
                        .collect::<Result<_, _>>()
                        .map_err(err)?;
                    let new: HashSet<Quad> = quads.into_iter().collect();
                    if old.is_empty() {
                        summary.loaded += 1;
                    } else if old == new {
                        summary.unchanged += 1;
                        continue;
                    } else {
                        summary.replaced += 1;
                    }
                    for q in old.difference(&new) {
                        t.remove(q);
                    }
                    for q in new.difference(&old) {
                        t.insert(q);
                    }
                }
                t.commit().map_err(err)?;
            }
        }
        Ok(())
    };

    // Reading, mapping and validating run in a thread of their own, a few batches ahead of
    // the loading, so that both use the cores at the same time.
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
    for batch in rx {
        for outcome in batch {
            summary.read += 1;
            match outcome? {
                Outcome::Unreadable(e) => {
                    summary.rejected += 1;
                    if let crate::ingest::IngestError::Io { path, .. } = &e {
                        summary.unreadable_inputs.push(path.clone());
                    }
                    reject(Event::Rejected(&e), rejects.as_deref_mut(), &mut report)?;
                }
                Outcome::Invalid {
                    graph,
                    findings,
                    record,
                } => {
                    if options.collect_personal {
                        collect(&mut summary.personal, &mut people, &record);
                    }
                    // The record is in the input: its old version, if any, stays and is not pruned.
                    seen.insert(key(&graph));
                    summary.rejected += 1;
                    reject(
                        Event::Invalid(&findings),
                        rejects.as_deref_mut(),
                        &mut report,
                    )?;
                }
                Outcome::Valid {
                    record,
                    graph,
                    quads,
                    findings,
                } => {
                    if report_warnings(&record, findings.as_ref(), &mut report) {
                        summary.warned += 1;
                    }
                    if options.collect_personal {
                        collect(&mut summary.personal, &mut people, &record);
                    }
                    mapper.note_themes(&record);
                    if seen.insert(key(&graph)) {
                        pending.push((graph, quads));
                    } else if bulk {
                        // The same record twice in one input: the bulk loader cannot replace, so the
                        // later version is written after it, in a transaction.
                        deferred.push((graph, quads));
                    } else {
                        pending.push((graph, quads));
                    }
                }
            }
            // The bulk loader works best on whole batches of its own size.
            let due = if bulk {
                pending.iter().map(|(_, q)| q.len()).sum::<usize>() >= BULK_BATCH_QUADS
            } else {
                pending.len() >= BATCH
            };
            if due {
                flush(&mut pending, &mut loader, &mut summary)?;
            }
            if summary.read % 1000 == 0 {
                progress(&summary);
            }
        }
    }
    if producer.join().is_err() {
        return Err(StoreError::Io(std::io::Error::other(
            "the reading thread panicked",
        )));
    }
    flush(&mut pending, &mut loader, &mut summary)?;
    if let Some(mut l) = loader.take() {
        l.load_quads(mapper.theme_quads()).map_err(err)?;
        l.commit().map_err(err)?;
    }

    let record_prefix = options.map.base.graph("");
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

    summary.prune_withheld = options.prune && !summary.unreadable_inputs.is_empty();
    if options.prune && !summary.prune_withheld {
        let mut stale: Vec<NamedOrBlankNode> = Vec::new();
        for g in store.named_graphs() {
            // A store error here must stop the prune, not shorten its list.
            if let NamedOrBlankNode::NamedNode(n) = g.map_err(err)?
                && n.as_str().starts_with(&record_prefix)
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
    }
    store.flush().map_err(err)?;
    if bulk && options.compact {
        store.optimize().map_err(err)?;
    }
    summary.quads = store.len().map_err(err)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
