//! The numbers behind the charts: the Atlas-wide ones read from the statistics cube
//! ([`crate::store::statistics`]), a partnership's from its record graph. The same numbers
//! come from the SPARQL queries in `queries/chart-*.rq` (the captions name them and the tests
//! compare both); at 15,000 records each of those queries takes seconds in the query engine,
//! reading the cube a few milliseconds.

use crate::vocab::{atlas, rdfs, skos};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::store::statistics::{self, Cube};

pub use crate::store::statistics::FunderType;

/// Partnerships of a top theme, and of each of its sub-themes.
pub type ThemeCount = (usize, BTreeMap<String, usize>);

/// Everything the Atlas-wide charts show.
#[derive(Debug, Clone, Default)]
pub struct AtlasData {
    /// Year -> funder type -> euros.
    pub funding: BTreeMap<i32, BTreeMap<FunderType, f64>>,
    /// Year -> euros raised under the 1% laws (shown apart).
    pub levies: BTreeMap<i32, f64>,
    /// Country (alpha-3) -> (partnerships, euros of those partnerships).
    pub countries: BTreeMap<String, (usize, f64)>,
    /// Country (alpha-3) -> French name.
    pub country_names: BTreeMap<String, String>,
    /// Top theme -> its counts, by main theme.
    pub themes: BTreeMap<String, ThemeCount>,
    /// Year -> (partnerships started, partnerships ended).
    pub lifecycle: BTreeMap<i32, (usize, usize)>,
}

fn subject_key(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

fn iri(t: &Term) -> Option<&str> {
    match t {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

fn number(t: &Term) -> Option<f64> {
    match t {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    }
}

fn year(t: &Term) -> Option<i32> {
    match t {
        Term::Literal(l) => l.value().get(..4)?.parse().ok(),
        _ => None,
    }
}

/// A label of `iri` (see [`crate::store::labels::label`]), empty when it has none.
pub fn label(store: &Store, iri: &str) -> Result<String, StorageError> {
    Ok(crate::store::labels::label(store, iri)?.unwrap_or_default())
}

fn euros(d: oxsdatatypes::Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// The data sets of the cube the Atlas-wide charts draw.
const CHARTED: [&str; 6] = [
    "funding-by-year-and-funder-type",
    "levies-by-year",
    "partnerships-by-country",
    "partnerships-by-theme-level-1",
    "partnerships-by-theme-level-2",
    "partnerships-started-and-ended",
];

/// Reads the Atlas-wide numbers from the statistics cube (a few thousand statements, read at
/// once). A store without a cube (written by an earlier version) is counted in memory.
pub fn atlas(store: &Store) -> Result<AtlasData, StorageError> {
    let cube = if statistics::present(store)? {
        statistics::read::read_sets(store, &CHARTED)?
    } else {
        statistics::count(store)?
    };
    from_cube(store, &cube)
}

/// The charts' numbers from the cube; names from the store.
pub fn from_cube(store: &Store, cube: &Cube) -> Result<AtlasData, StorageError> {
    let mut d = AtlasData::default();
    for ((y, t), a) in &cube.funding_by_year_and_funder_type {
        *d.funding.entry(*y).or_default().entry(*t).or_default() += euros(*a);
    }
    for (y, a) in &cube.levies_by_year {
        d.levies.insert(*y, euros(*a));
    }
    for (c, (n, a)) in &cube.partnerships_by_country {
        let code = c.rsplit('/').next().unwrap_or("").to_string();
        d.country_names.insert(code.clone(), label(store, c)?);
        d.countries
            .insert(code, (usize::try_from(*n).unwrap_or(usize::MAX), euros(*a)));
    }
    let mut names: HashMap<String, String> = HashMap::new();
    let mut name = |i: &str| -> Result<String, StorageError> {
        if let Some(l) = names.get(i) {
            return Ok(l.clone());
        }
        let l = label(store, i)?;
        names.insert(i.to_string(), l.clone());
        Ok(l)
    };
    for ((level, t), (n, _)) in &cube.partnerships_by_theme {
        let n = usize::try_from(*n).unwrap_or(usize::MAX);
        if *level == 1 {
            d.themes.entry(name(t)?).or_default().0 += n;
        } else {
            let path = crate::store::labels::theme_path(store, t)?;
            let Some(top) = path.first() else { continue };
            let top = name(top)?;
            *d.themes
                .entry(top)
                .or_default()
                .1
                .entry(name(t)?)
                .or_default() += n;
        }
    }
    for (y, (s, e)) in &cube.started_and_ended {
        d.lifecycle.insert(
            *y,
            (
                usize::try_from(*s).unwrap_or(usize::MAX),
                usize::try_from(*e).unwrap_or(usize::MAX),
            ),
        );
    }
    Ok(d)
}

/// One partnership's funding: year -> funder name -> euros, from its record graph.
pub fn partnership_funding(
    triples: &[oxigraph::model::Triple],
    partnership: &str,
) -> BTreeMap<i32, BTreeMap<String, f64>> {
    let objects = |s: &str, p: NamedNodeRef<'_>| -> Vec<&Term> {
        triples
            .iter()
            .filter(|t| subject_key(&t.subject) == s && t.predicate.as_ref() == p)
            .map(|t| &t.object)
            .collect()
    };
    let mut out: BTreeMap<i32, BTreeMap<String, f64>> = BTreeMap::new();
    for f in objects(partnership, atlas::FUNDING_PROP) {
        let Some(f) = iri(f) else { continue };
        let y = objects(f, atlas::YEAR).into_iter().find_map(year);
        let a = objects(f, atlas::AMOUNT).into_iter().find_map(number);
        let funder = objects(f, atlas::FUNDER)
            .into_iter()
            .find_map(iri)
            .map(|o| {
                objects(o, rdfs::LABEL)
                    .into_iter()
                    .find_map(|l| match l {
                        Term::Literal(l) => Some(l.value().to_string()),
                        _ => None,
                    })
                    .unwrap_or_else(|| o.to_string())
            })
            .unwrap_or_default();
        if let (Some(y), Some(a)) = (y, a) {
            *out.entry(y).or_default().entry(funder).or_default() += a;
        }
    }
    out
}

/// Partnerships per start year among `partnerships`.
pub fn started_per_year(
    store: &Store,
    partnerships: &BTreeSet<String>,
) -> Result<BTreeMap<i32, usize>, StorageError> {
    let mut out = BTreeMap::new();
    for p in partnerships {
        let Ok(n) = NamedNodeRef::new(p) else {
            continue;
        };
        for q in store.quads_for_pattern(Some(n.into()), Some(atlas::START_YEAR), None, None) {
            if let Some(y) = year(&q?.object) {
                *out.entry(y).or_default() += 1;
                break;
            }
        }
    }
    Ok(out)
}

/// The partnerships with a foreign partner in `country` (EU authority IRI).
pub fn partnerships_in_country(
    store: &Store,
    country: &str,
) -> Result<BTreeSet<String>, StorageError> {
    let Ok(c) = NamedNodeRef::new(country) else {
        return Ok(BTreeSet::new());
    };
    let partners: HashSet<String> = store
        .quads_for_pattern(None, Some(atlas::COUNTRY_PROP), Some(c.into()), None)
        .map(|q| q.map(|q| subject_key(&q.subject)))
        .collect::<Result<_, _>>()?;
    let mut out = BTreeSet::new();
    for o in partners {
        let Ok(o) = NamedNodeRef::new(&o) else {
            continue;
        };
        for q in store.quads_for_pattern(
            None,
            Some(atlas::FOREIGN_PARTNER_PROP),
            Some(o.into()),
            None,
        ) {
            out.insert(subject_key(&q?.subject));
        }
    }
    Ok(out)
}

/// The partnerships whose main or other theme is `theme` or below it.
pub fn partnerships_in_theme(store: &Store, theme: &str) -> Result<BTreeSet<String>, StorageError> {
    let mut themes = vec![theme.to_string()];
    let mut i = 0;
    while i < themes.len() && themes.len() < 10_000 {
        let Ok(t) = NamedNodeRef::new(&themes[i]) else {
            break;
        };
        let narrower: Vec<String> = store
            .quads_for_pattern(None, Some(skos::BROADER), Some(t.into()), None)
            .map(|q| q.map(|q| subject_key(&q.subject)))
            .collect::<Result<_, _>>()?;
        for n in narrower {
            if !themes.contains(&n) {
                themes.push(n);
            }
        }
        i += 1;
    }
    let mut out = BTreeSet::new();
    for t in &themes {
        let Ok(t) = NamedNodeRef::new(t) else {
            continue;
        };
        for p in [atlas::MAIN_THEME, atlas::OTHER_THEME] {
            for q in store.quads_for_pattern(None, Some(p), Some(t.into()), None) {
                out.insert(subject_key(&q?.subject));
            }
        }
    }
    Ok(out)
}
