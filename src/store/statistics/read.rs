//! The cube read back from its graph: a few thousand statements at most, so the charts and the
//! home page answer at once instead of summing every funding row of the Atlas.

use super::cube::{DATA_SETS, DataSet};
use super::{Cube, FunderType, STATISTICS_GRAPH};
use crate::vocab::{ns, qb, rdf};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use oxsdatatypes::Decimal;
use std::str::FromStr;

fn text(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) => Some(l.value()),
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

/// The cube in `store`'s statistics graph (empty when there is none).
pub fn read(store: &Store) -> Result<Cube, StorageError> {
    let all: Vec<&str> = DATA_SETS.iter().map(|d| d.slug).collect();
    read_sets(store, &all)
}

/// The observations of the data sets named `slugs` only (the charts need five of the eleven,
/// and not the largest): each data set's observations found by `qb:dataSet`, then each one's
/// statements.
pub fn read_sets(store: &Store, slugs: &[&str]) -> Result<Cube, StorageError> {
    let graph = NamedNodeRef::new_unchecked(STATISTICS_GRAPH);
    let mut cube = Cube::default();
    for set in DATA_SETS.iter().filter(|d| slugs.contains(&d.slug)) {
        let iri = super::cube::data_set_iri(set.slug);
        let data_set = NamedNodeRef::new_unchecked(&iri);
        let observations: Vec<NamedOrBlankNode> = store
            .quads_for_pattern(
                None,
                Some(qb::DATA_SET_PROP),
                Some(data_set.into()),
                Some(graph.into()),
            )
            .map(|q| q.map(|q| q.subject))
            .collect::<Result<_, _>>()?;
        for o in observations {
            let statements: Vec<(String, Term)> = store
                .quads_for_pattern(Some(o.as_ref()), None, None, Some(graph.into()))
                .map(|q| q.map(|q| (q.predicate.into_string(), q.object)))
                .collect::<Result<_, _>>()?;
            let typed = statements
                .iter()
                .any(|(p, o)| p == rdf::TYPE.as_str() && text(o) == Some(qb::OBSERVATION.as_str()));
            if !typed {
                continue;
            }
            let value = |p: NamedNodeRef<'_>| {
                statements
                    .iter()
                    .find(|(pp, _)| pp == p.as_str())
                    .and_then(|(_, o)| text(o))
            };
            add(&mut cube, set, &value);
        }
    }
    Ok(cube)
}

fn add<'a>(cube: &mut Cube, set: &DataSet, value: &impl Fn(NamedNodeRef<'_>) -> Option<&'a str>) {
    let dim = |i: usize| set.dimensions.get(i).and_then(|p| value(*p));
    let year = |i: usize| dim(i).and_then(super::tally::year_of);
    let measure = |i: usize| set.measures.get(i).and_then(|p| value(*p));
    let euros = |i: usize| measure(i).and_then(|v| Decimal::from_str(v).ok());
    let count = |i: usize| measure(i).and_then(|v| v.parse::<u64>().ok());
    match set.slug {
        "funding-by-year" => {
            if let (Some(y), Some(a), Some(n)) = (year(0), euros(0), count(1)) {
                cube.funding_by_year.insert(y, (a, n));
            }
        }
        "funding-by-year-and-funder-type" => {
            let t = dim(1)
                .and_then(|i| i.strip_prefix(ns::FUNDER_TYPE))
                .and_then(FunderType::from_key);
            if let (Some(y), Some(t), Some(a)) = (year(0), t, euros(0)) {
                cube.funding_by_year_and_funder_type.insert((y, t), a);
            }
        }
        "funding-by-year-and-country" => {
            if let (Some(y), Some(c), Some(a), Some(n)) = (year(0), dim(1), euros(0), count(1)) {
                cube.funding_by_year_and_country
                    .insert((y, c.to_string()), (a, n));
            }
        }
        "partnerships-by-country" => {
            if let (Some(c), Some(n), Some(a)) = (dim(0), count(0), euros(1)) {
                cube.partnerships_by_country.insert(c.to_string(), (n, a));
            }
        }
        "partnerships-by-theme-level-1" | "partnerships-by-theme-level-2" => {
            let level = if set.slug.ends_with('1') { 1 } else { 2 };
            if let (Some(t), Some(n), Some(a)) = (dim(0), count(0), euros(1)) {
                cube.partnerships_by_theme
                    .insert((level, t.to_string()), (n, a));
            }
        }
        "funding-by-year-and-dac-sector" => {
            if let (Some(y), Some(c), Some(a), Some(n)) = (year(0), dim(1), euros(0), count(1)) {
                cube.funding_by_year_and_dac_sector
                    .insert((y, c.to_string()), (a, n));
            }
        }
        "partnerships-by-dac-sector" => {
            if let (Some(c), Some(n), Some(a)) = (dim(0), count(0), euros(1)) {
                cube.partnerships_by_dac_sector
                    .insert(c.to_string(), (n, a));
            }
        }
        "partnerships-by-kind-and-status" => {
            if let (Some(k), Some(s), Some(n), Some(a)) = (dim(0), dim(1), count(0), euros(1)) {
                cube.partnerships_by_kind_and_status
                    .insert((k.to_string(), s.to_string()), (n, a));
            }
        }
        "levies-by-year" => {
            if let (Some(y), Some(a)) = (year(0), euros(0)) {
                cube.levies_by_year.insert(y, a);
            }
        }
        "partnerships-started-and-ended" => {
            if let (Some(y), Some(s), Some(e)) = (year(0), count(0), count(1)) {
                cube.started_and_ended.insert(y, (s, e));
            }
        }
        _ => {}
    }
}
