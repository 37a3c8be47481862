//! Links to other datasets: `owl:sameAs` links to Wikidata items, by identifier
//! ([`wikidata`]) or, for foreign partners, by reconciliation of their names ([`places`]);
//! both rebuilt without the network from their cache and the review file ([`offline`]).
//! (The French authorities' identifiers are attached at read time:
//! [`crate::ingest::authorities`].)

pub mod decide;
pub mod facts;
pub mod offline;
pub mod places;
pub mod reconcile;
pub mod review;
pub mod twinnings;
pub mod wikidata;
