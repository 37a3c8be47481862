//! The shared front of every job: read records, map them, validate them, in input order.
//!
//! Records are read one at a time and processed in batches: mapping and validation of a batch
//! run on all cores, results come out in input order, so output is deterministic and memory is
//! bounded by the batch size, not the input size.
//!
//! One run never holds two records of one partnership (the same minted IRI, so the same
//! graph): the first is kept; a later one with the same content is a duplicate (kept once,
//! reported with both sources), a later one with other content a conflict (rejected, reported
//! with both sources and the fields that differ). The same rule holds in every job.

use crate::ingest::{IngestError, Input, Reading, RecordError, Records};
use crate::model::privacy::Redacted;
use crate::model::privacy::{ContactPolicy, refusal};
use crate::model::{Record, Source};
use crate::rdf::MapOptions;
use crate::rdf::map::{map_record, record_theme_quads};
use crate::validate::report::RecordFindings;
use crate::validate::{ValidateError, Validator};
use oxigraph::model::Quad;
use rayon::prelude::*;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// Records mapped and validated together.
pub const BATCH: usize = 512;

/// What became of one input record.
#[derive(Debug)]
pub enum Outcome {
    /// It could not be read.
    Unreadable(IngestError),
    /// It has SHACL violations.
    Invalid {
        /// The record as read.
        record: Box<Redacted>,
        /// Its graph name.
        graph: String,
        /// Every finding.
        findings: RecordFindings,
    },
    /// An earlier record of this run is the same partnership with the same content: this one
    /// is not written again.
    Duplicate {
        /// The record as read.
        record: Box<Redacted>,
        /// Its graph name (the earlier record's).
        graph: String,
        /// Where the earlier record was read.
        first: Source,
    },
    /// An earlier record of this run is the same partnership with other content: this one is
    /// rejected (the error names both sources and the fields that differ), the first is kept.
    Conflict(IngestError),
    /// It is good to write (it may carry warnings).
    Valid {
        /// The record as read.
        record: Box<Redacted>,
        /// Its graph name.
        graph: String,
        /// Its quads, all in its graph.
        quads: Vec<Quad>,
        /// SHACL findings (warnings only), when validated.
        findings: Option<RecordFindings>,
    },
}

/// Reads, maps and validates inputs; yields one [`Outcome`] per record, in input order.
pub struct Pipeline {
    records: Records,
    reading: Reading,
    map: MapOptions,
    validator: Option<Validator>,
    ready: VecDeque<Result<Outcome, ValidateError>>,
    identities: Identities,
}

/// The partnerships written so far in this run: graph key -> content digest and source. At a
/// million records this is a few tens of MB (keys and digests, file names shared).
#[derive(Default)]
struct Identities {
    seen: HashMap<u128, Seen>,
    files: Vec<Arc<str>>,
    file_index: HashMap<Arc<str>, u32>,
}

struct Seen {
    digest: u64,
    file: u32,
    line: u32,
}

/// A graph name's key (SHA-256, first 128 bits): shorter than the name, no collision in practice.
fn graph_key(graph: &str) -> u128 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(graph.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(bytes)
}

impl Identities {
    fn file(&mut self, name: &str) -> u32 {
        if let Some(last) = self.files.last()
            && &**last == name
        {
            return (self.files.len() - 1) as u32;
        }
        if let Some(i) = self.file_index.get(name) {
            return *i;
        }
        let name: Arc<str> = Arc::from(name);
        let i = self.files.len() as u32;
        self.files.push(name.clone());
        self.file_index.insert(name, i);
        i
    }

    /// The earlier record of the same graph, if any, and whether its content was the same;
    /// otherwise remembers this one.
    fn check(&mut self, key: u128, digest: u64, source: &Source) -> Option<(Source, bool)> {
        if let Some(seen) = self.seen.get(&key) {
            let first = Source {
                file: self.files[seen.file as usize].to_string(),
                line: seen.line as usize,
                url: None,
            };
            return Some((first, seen.digest == digest));
        }
        let file = self.file(&source.file);
        self.seen.insert(
            key,
            Seen {
                digest,
                file,
                line: u32::try_from(source.line).unwrap_or(u32::MAX),
            },
        );
        None
    }
}

impl Pipeline {
    /// A pipeline over `inputs`; no validation when `validator` is `None`.
    pub fn new(
        inputs: Vec<Input>,
        from: impl Into<Reading>,
        map: MapOptions,
        validator: Option<Validator>,
    ) -> Self {
        let reading: Reading = from.into();
        Self {
            records: Records::new(inputs, reading.clone()),
            reading,
            map,
            validator,
            ready: VecDeque::new(),
            identities: Identities::default(),
        }
    }

    fn fill(&mut self) {
        let mut batch: Vec<Result<Record, IngestError>> = Vec::with_capacity(BATCH);
        for item in self.records.by_ref() {
            batch.push(item);
            if batch.len() == BATCH {
                break;
            }
        }
        let map = &self.map;
        let validator = self.validator.as_ref();
        let done: Vec<Result<Processed, ValidateError>> = batch
            .into_par_iter()
            .map(|item| match item {
                Err(e) => Ok((Outcome::Unreadable(e), None)),
                Ok(record) => process(map, validator, record),
            })
            .collect();
        // In input order: the first record of a partnership is the one kept.
        for item in done {
            let outcome = match item {
                Ok((outcome, Some((key, digest)))) => self.identity(outcome, key, digest),
                Ok((outcome, None)) => Ok(outcome),
                Err(e) => Err(e),
            };
            self.ready.push_back(outcome);
        }
    }

    /// A valid record checked against the partnerships this run already kept.
    fn identity(
        &mut self,
        outcome: Outcome,
        key: u128,
        digest: u64,
    ) -> Result<Outcome, ValidateError> {
        let Outcome::Valid {
            record,
            graph,
            quads,
            findings,
        } = outcome
        else {
            return Ok(outcome);
        };
        match self.identities.check(key, digest, &record.source) {
            None => Ok(Outcome::Valid {
                record,
                graph,
                quads,
                findings,
            }),
            Some((first, true)) => Ok(Outcome::Duplicate {
                record,
                graph,
                first,
            }),
            Some((first, false)) => {
                let fields = self.differing(&first, &quads);
                let partnership = self.map.base.partnership(&self.map.record_id(&record));
                let (field, what) = if fields.is_empty() {
                    ("identity".to_string(), "its content differs".to_string())
                } else {
                    let shown: Vec<&str> = fields.iter().take(8).map(String::as_str).collect();
                    let more = fields.len().saturating_sub(shown.len());
                    (
                        shown.join(", "),
                        format!(
                            "{} differ{}",
                            shown.join(", "),
                            if more > 0 {
                                format!(" (and {more} more field(s))")
                            } else {
                                String::new()
                            }
                        ),
                    )
                };
                Ok(Outcome::Conflict(IngestError::Record(RecordError::new(
                    &record.source.file,
                    record.source.line,
                    &field,
                    format!(
                        "the same partnership ({partnership}) as {}:{}, but {what}: this record is rejected, the first is kept",
                        first.file, first.line
                    ),
                ))))
            }
        }
    }

    /// The fields in which `quads` differ from the record first read at `first` (read again:
    /// conflicts are rare, and keeping every record's fields would cost memory); none when it
    /// cannot be read again (standard input).
    fn differing(&self, first: &Source, quads: &[Quad]) -> Vec<String> {
        use crate::rdf::fields::partnership_fields;
        if first.file == "-" {
            return Vec::new();
        }
        let again = Records::new(
            vec![Input::File(first.file.clone().into())],
            self.reading.clone(),
        )
        .filter_map(Result::ok)
        .find(|r| r.source.line == first.line);
        let (Some(again), Some(now)) = (again, partnership_fields(quads)) else {
            return Vec::new();
        };
        match partnership_fields(&map_record(&self.map, &self.map.contacts.redact(again))) {
            Some(before) => before.differing(&now, |_| true),
            None => Vec::new(),
        }
    }
}

impl Iterator for Pipeline {
    type Item = Result<Outcome, ValidateError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            self.fill();
        }
        self.ready.pop_front()
    }
}

/// An outcome, and for a valid record its graph key and content digest.
type Processed = (Outcome, Option<(u128, u64)>);

/// Maps and validates one record; a valid one comes with its graph key and content digest.
fn process(
    map: &MapOptions,
    validator: Option<&Validator>,
    record: Record,
) -> Result<Processed, ValidateError> {
    // A text that quotes a contact by name would publish the name whatever the profile, and
    // so would an address or a number where no profile replaces it (a file name, an id, a
    // kind or status, a country label): under `role` and `none` the record is refused, in
    // every job alike.
    let refused = (map.contacts != ContactPolicy::Full)
        .then(|| refusal(&record))
        .flatten();
    if let Some((field, what)) = refused {
        let error = RecordError::new(
            &record.source.file,
            record.source.line,
            field,
            format!(
                "{what} (not quoted: personal data); under --contacts {} the record is not written: correct it, or publish with --contacts full",
                map.contacts.name()
            ),
        );
        return Ok((Outcome::Unreadable(IngestError::Record(error)), None));
    }
    let record = map.contacts.redact(record);
    let quads = map_record(map, &record);
    let id = map.record_id(&record);
    let graph = map.base.graph(&id);
    let findings = match validator {
        Some(v) => {
            let mut g = quads.clone();
            g.extend(record_theme_quads(&record));
            Some(RecordFindings {
                source: record.source.clone(),
                record: map.base.partnership(&id),
                findings: v.validate_quads(&g)?,
            })
        }
        None => None,
    };
    Ok(match findings {
        Some(f) if f.has_violation() => (
            Outcome::Invalid {
                record: Box::new(record),
                graph,
                findings: f,
            },
            None,
        ),
        findings => {
            let identity = (graph_key(&graph), crate::rdf::hash::content_digest(&quads));
            (
                Outcome::Valid {
                    record: Box::new(record),
                    graph,
                    quads,
                    findings,
                },
                Some(identity),
            )
        }
    })
}
