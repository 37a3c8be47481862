//! Links to other datasets: identifiers of French authorities from the public list, and
//! `owl:sameAs` links to Wikidata items.

pub mod authorities;
pub mod wikidata;
