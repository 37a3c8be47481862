//! The shared front of every job: read records, map them, validate them, in input order.
//!
//! Records are read one at a time and processed in batches: mapping and validation of a batch
//! run on all cores, results come out in input order, so output is deterministic and memory is
//! bounded by the batch size, not the input size.

use crate::ingest::{IngestError, Input, Reading, RecordError, Records};
use crate::model::Record;
use crate::model::privacy::{ContactPolicy, quoted_person};
use crate::rdf::MapOptions;
use crate::rdf::map::{map_record, record_theme_quads};
use crate::validate::report::RecordFindings;
use crate::validate::{ValidateError, Validator};
use oxigraph::model::Quad;
use rayon::prelude::*;
use std::collections::VecDeque;

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
        record: Box<Record>,
        /// Its graph name.
        graph: String,
        /// Every finding.
        findings: RecordFindings,
    },
    /// It is good to write (it may carry warnings).
    Valid {
        /// The record as read.
        record: Box<Record>,
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
    map: MapOptions,
    validator: Option<Validator>,
    ready: VecDeque<Result<Outcome, ValidateError>>,
}

impl Pipeline {
    /// A pipeline over `inputs`; no validation when `validator` is `None`.
    pub fn new(
        inputs: Vec<Input>,
        from: impl Into<Reading>,
        map: MapOptions,
        validator: Option<Validator>,
    ) -> Self {
        Self {
            records: Records::new(inputs, from),
            map,
            validator,
            ready: VecDeque::new(),
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
        let done: Vec<Result<Outcome, ValidateError>> = batch
            .into_par_iter()
            .map(|item| match item {
                Err(e) => Ok(Outcome::Unreadable(e)),
                Ok(record) => process(map, validator, record),
            })
            .collect();
        self.ready.extend(done);
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

fn process(
    map: &MapOptions,
    validator: Option<&Validator>,
    record: Record,
) -> Result<Outcome, ValidateError> {
    // A text that quotes a contact by name would publish the name whatever the profile:
    // under `role` and `none` the record is refused, in every job alike.
    if map.contacts != ContactPolicy::Full
        && let Some(field) = quoted_person(&record)
    {
        return Ok(Outcome::Unreadable(IngestError::Record(RecordError::new(
            &record.source.file,
            record.source.line,
            field,
            format!(
                "the text names a contact or volunteer of the page (not quoted: personal data); under --contacts {} the record is not written: correct the text, or publish with --contacts full",
                map.contacts.name()
            ),
        ))));
    }
    let quads = map_record(map, &record);
    let mut redacted = record.clone();
    map.contacts.apply(&mut redacted);
    let id = map.record_id(&redacted);
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
        Some(f) if f.has_violation() => Outcome::Invalid {
            record: Box::new(record),
            graph,
            findings: f,
        },
        findings => Outcome::Valid {
            record: Box::new(record),
            graph,
            quads,
            findings,
        },
    })
}
