//! Links to other datasets: `owl:sameAs` links to Wikidata items. (The French authorities'
//! identifiers are attached at read time: [`crate::ingest::authorities`].)

pub mod wikidata;
