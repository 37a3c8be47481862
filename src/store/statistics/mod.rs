//! The statistics cube: the questions asked again and again (how much money per year, per
//! country, per theme, per kind of funder; how many partnerships), answered once per import
//! and kept in the store as a W3C RDF Data Cube in a graph of its own.
//!
//! - [`tally`]: what each record graph adds, summed exactly;
//! - [`structure`]: the component properties and the data sets, each saying what it counts;
//! - [`cube`]: the data sets' structures and observations as quads, and the tidy CSV;
//! - [`read`]: the cube read back from the store (the charts and the home page use it);
//! - this module: the numbers ([`Cube`]), who paid ([`FunderType`]), and [`rebuild`], which
//!   recounts from the record graphs of a store.
//!
//! A fresh import tallies the records as they pass (no store scan); an import into a store
//! with data, a prune and a SPARQL update change records the pipeline has not seen, so the
//! cube is recounted from the store's graphs after them.

pub mod cube;
pub mod read;
pub mod structure;
pub mod tally;

use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};
use oxsdatatypes::Decimal;
use std::collections::BTreeMap;

pub use tally::Tally;

/// The graph of the cube.
pub const STATISTICS_GRAPH: &str = crate::vocab::ns::STATISTICS;

/// Who paid: the four kinds the funding chart stacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FunderType {
    /// The French State (ministries, the French development agency).
    State,
    /// French local authorities.
    FrenchAuthority,
    /// Foreign partners.
    ForeignPartners,
    /// Everyone else (EU, water agencies, companies...).
    Others,
}

impl FunderType {
    /// All, in stacking order.
    pub const ALL: [FunderType; 4] = [
        FunderType::State,
        FunderType::FrenchAuthority,
        FunderType::ForeignPartners,
        FunderType::Others,
    ];

    /// The key used in data attributes, CSV files, code IRIs and the SPARQL query.
    pub fn key(self) -> &'static str {
        match self {
            FunderType::State => "state",
            FunderType::FrenchAuthority => "french-authority",
            FunderType::ForeignPartners => "foreign-partners",
            FunderType::Others => "others",
        }
    }

    /// The type of a key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// Classifies a funder by its class and its name (the rule of
    /// `queries/chart-funding-per-year-by-funder-type.rq`).
    pub fn of(is_french_authority: bool, is_foreign_partner: bool, label: &str) -> Self {
        if is_french_authority {
            FunderType::FrenchAuthority
        } else if is_foreign_partner || label.contains("partenaires étrangers") {
            FunderType::ForeignPartners
        } else if label.starts_with("Ministère")
            || label.starts_with("Agence française de développement")
            || label.starts_with("État")
        {
            FunderType::State
        } else {
            FunderType::Others
        }
    }
}

/// The numbers of the cube, one table per data set; only non-empty cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cube {
    /// Year -> (euros, partnerships funded that year).
    pub funding_by_year: BTreeMap<i32, (Decimal, u64)>,
    /// (year, funder type) -> euros.
    pub funding_by_year_and_funder_type: BTreeMap<(i32, FunderType), Decimal>,
    /// (year, country IRI) -> (euros, partnerships funded that year).
    pub funding_by_year_and_country: BTreeMap<(i32, String), (Decimal, u64)>,
    /// Country IRI -> (partnerships, euros of those partnerships, all years).
    pub partnerships_by_country: BTreeMap<String, (u64, Decimal)>,
    /// (level 1 or 2, theme IRI) -> (partnerships whose main theme is it or below it, their
    /// euros).
    pub partnerships_by_theme: BTreeMap<(u8, String), (u64, Decimal)>,
    /// (year, DAC sector category IRI) -> (euros, partnerships funded that year): each
    /// partnership in its main theme's one category.
    pub funding_by_year_and_dac_sector: BTreeMap<(i32, String), (Decimal, u64)>,
    /// DAC sector category IRI -> (partnerships whose main theme is in it, their euros).
    pub partnerships_by_dac_sector: BTreeMap<String, (u64, Decimal)>,
    /// (kind IRI, status IRI) -> (partnerships, their euros).
    pub partnerships_by_kind_and_status: BTreeMap<(String, String), (u64, Decimal)>,
    /// Year -> euros raised under the 1% laws (never part of funding).
    pub levies_by_year: BTreeMap<i32, Decimal>,
    /// Year -> (partnerships started, partnerships ended).
    pub started_and_ended: BTreeMap<i32, (u64, u64)>,
}

/// Whether `graph` holds statements the cube counts from (every named graph but the cube's).
fn counted(graph: &NamedOrBlankNode) -> bool {
    !matches!(graph, NamedOrBlankNode::NamedNode(n) if n.as_str() == STATISTICS_GRAPH)
}

/// Recounts the cube from every graph of `store`.
pub fn count(store: &Store) -> Result<Cube, StorageError> {
    let mut tally = Tally::new();
    for g in store.named_graphs() {
        let g = g?;
        if !counted(&g) {
            continue;
        }
        let quads: Vec<Quad> = store
            .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
            .collect::<Result<_, _>>()?;
        tally.add_graph(&quads);
    }
    Ok(tally.finish())
}

/// Replaces the cube's graph in `store` with `cube`, in one transaction.
pub fn write(store: &Store, cube: &Cube) -> Result<(), StorageError> {
    let graph = NamedNode::new_unchecked(STATISTICS_GRAPH);
    let quads = cube::quads(cube, GraphNameRef::NamedNode(graph.as_ref()));
    let mut t = store.start_transaction()?;
    t.clear_graph(graph.as_ref())?;
    t.extend(&quads);
    t.commit()
}

/// Recounts the cube from the store's graphs and writes it: after anything that changed
/// records the pipeline did not see (an import into a store with data, a prune, an update).
pub fn rebuild(store: &Store) -> Result<Cube, StorageError> {
    let cube = count(store)?;
    write(store, &cube)?;
    Ok(cube)
}

/// Whether the store holds a cube.
pub fn present(store: &Store) -> Result<bool, StorageError> {
    store.contains_named_graph(NamedNodeRef::new_unchecked(STATISTICS_GRAPH))
}
