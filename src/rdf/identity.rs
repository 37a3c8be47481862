//! What recognises a partnership across releases, read from the record as it is mapped: its
//! IRI and id, and the fields a later release matches on (`publish --previous`, whose matching
//! and table live in `crate::publish::identity`).

use crate::model::Record;
use crate::model::names::normalise;
use crate::rdf::MapOptions;
use std::collections::BTreeSet;

/// One partnership as the identity table holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// Its IRI.
    pub partnership: String,
    /// The record id (last segment of the IRI).
    pub id: String,
    /// The Atlas id, when the input had it.
    pub atlas_id: String,
    /// Its title (for people reading the table).
    pub title: String,
    /// French authorities, normalised, sorted.
    pub french: BTreeSet<String>,
    /// Foreign partners as `name@country`, normalised, sorted.
    pub foreign: BTreeSet<String>,
    /// Start year, when known.
    pub start_year: String,
    /// `published`, or `retired` (gone from a release).
    pub status: String,
    /// When it was retired (the date of the release that no longer had it).
    pub retired_on: String,
}

impl Identity {
    /// The identity of `record` under `map` (its id after earlier releases are applied).
    pub fn of(record: &Record, map: &MapOptions) -> Identity {
        let id = map.record_id(record);
        Identity {
            partnership: map.base.partnership(&id),
            id,
            atlas_id: record.atlas_id.clone().unwrap_or_default(),
            title: record.title.clone(),
            french: record
                .french_partners
                .iter()
                .map(|p| normalise(&p.name))
                .collect(),
            foreign: record
                .foreign_partners
                .iter()
                .map(|p| {
                    format!(
                        "{}@{}",
                        normalise(&p.name),
                        p.country.as_deref().unwrap_or("")
                    )
                })
                .collect(),
            start_year: record.start_year.map(|y| y.to_string()).unwrap_or_default(),
            status: "published".into(),
            retired_on: String::new(),
        }
    }
}
