//! The numbers behind the charts, read from the store by index scans: one scan per property,
//! joined in memory. The same numbers come from the SPARQL queries in `queries/chart-*.rq`
//! (the captions name them and the tests compare both); at 15,000 records each of those
//! queries takes seconds in the query engine, the scans a fraction of that.

use crate::rdf::vocab::{atlas, rdf, rdfs, skos};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

    /// The key used in data attributes, CSV files and the SPARQL query.
    pub fn key(self) -> &'static str {
        match self {
            FunderType::State => "state",
            FunderType::FrenchAuthority => "french-authority",
            FunderType::ForeignPartners => "foreign-partners",
            FunderType::Others => "others",
        }
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

/// (subject, object) of every quad with predicate `p`, all graphs.
fn pairs(store: &Store, p: NamedNodeRef<'_>) -> Result<Pairs, StorageError> {
    store
        .quads_for_pattern(None, Some(p), None, None)
        .map(|q| q.map(|q| (subject_key(&q.subject), q.object)))
        .collect()
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

fn instances(store: &Store, class: NamedNodeRef<'_>) -> Result<HashSet<String>, StorageError> {
    store
        .quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None)
        .map(|q| q.map(|q| subject_key(&q.subject)))
        .collect()
}

/// A label of `iri` (see [`crate::store::labels::label`]), empty when it has none.
pub fn label(store: &Store, iri: &str) -> Result<String, StorageError> {
    Ok(crate::store::labels::label(store, iri)?.unwrap_or_default())
}

/// Every scan [`atlas`] needs, run on all cores at once: each returned quad costs Oxigraph a
/// few string lookups, and the scans are independent.
const SCANNED: [NamedNodeRef<'static>; 11] = [
    atlas::AMOUNT,
    atlas::YEAR,
    atlas::FUNDER,
    atlas::LEVY_PROP,
    atlas::FUNDING_PROP,
    atlas::COUNTRY_PROP,
    atlas::FOREIGN_PARTNER_PROP,
    skos::BROADER,
    atlas::MAIN_THEME,
    atlas::START_YEAR,
    atlas::END_DATE,
];

/// (subject, object) pairs of one predicate.
type Pairs = Vec<(String, Term)>;
type Scans = HashMap<NamedNodeRef<'static>, Pairs>;

fn scan_all(store: &Store) -> Result<Scans, StorageError> {
    let results: Vec<Result<(NamedNodeRef<'static>, Pairs), StorageError>> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = SCANNED
                .iter()
                .map(|p| scope.spawn(move || pairs(store, *p).map(|v| (*p, v))))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(StorageError::Other(
                            "a store scan stopped abnormally".into(),
                        ))
                    })
                })
                .collect()
        });
    results.into_iter().collect()
}

/// Reads the Atlas-wide numbers.
pub fn atlas(store: &Store) -> Result<AtlasData, StorageError> {
    let mut d = AtlasData::default();
    let mut scans = scan_all(store)?;
    let mut take = |p: NamedNodeRef<'static>| scans.remove(&p).unwrap_or_default();
    // Funding rows.
    let amounts: HashMap<String, f64> = take(atlas::AMOUNT)
        .into_iter()
        .filter_map(|(s, o)| number(&o).map(|n| (s, n)))
        .collect();
    let years: HashMap<String, i32> = take(atlas::YEAR)
        .into_iter()
        .filter_map(|(s, o)| year(&o).map(|y| (s, y)))
        .collect();
    let funders: HashMap<String, String> = take(atlas::FUNDER)
        .into_iter()
        .filter_map(|(s, o)| iri(&o).map(|i| (s, i.to_string())))
        .collect();
    let authorities = instances(store, atlas::FRENCH_LOCAL_AUTHORITY)?;
    let foreign = instances(store, atlas::FOREIGN_PARTNER)?;
    let mut types: HashMap<String, FunderType> = HashMap::new();
    for (f, y) in &years {
        let Some(amount) = amounts.get(f) else {
            continue;
        };
        let t = match funders.get(f) {
            Some(o) => match types.get(o) {
                Some(t) => *t,
                None => {
                    let t = FunderType::of(
                        authorities.contains(o),
                        foreign.contains(o),
                        &label(store, o)?,
                    );
                    types.insert(o.clone(), t);
                    t
                }
            },
            None => FunderType::Others,
        };
        *d.funding.entry(*y).or_default().entry(t).or_default() += amount;
    }
    for (f, l) in take(atlas::LEVY_PROP) {
        if let (Some(y), Some(a)) = (years.get(&f), iri(&l).and_then(|l| amounts.get(l))) {
            *d.levies.entry(*y).or_default() += a;
        }
    }
    // Partnership totals.
    let mut totals: HashMap<String, f64> = HashMap::new();
    for (p, f) in take(atlas::FUNDING_PROP) {
        if let Some(a) = iri(&f).and_then(|f| amounts.get(f)) {
            *totals.entry(p).or_default() += a;
        }
    }
    // Countries: partner -> country, partnership -> partners.
    let country_of: HashMap<String, String> = take(atlas::COUNTRY_PROP)
        .into_iter()
        .filter_map(|(s, o)| iri(&o).map(|c| (s, c.to_string())))
        .collect();
    let mut per_country: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (p, o) in take(atlas::FOREIGN_PARTNER_PROP) {
        if let Some(c) = iri(&o).and_then(|o| country_of.get(o)) {
            per_country.entry(c.clone()).or_default().insert(p);
        }
    }
    for (c, ps) in per_country {
        let code = c.rsplit('/').next().unwrap_or("").to_string();
        let funding: f64 = ps.iter().filter_map(|p| totals.get(p)).sum();
        d.country_names.insert(code.clone(), label(store, &c)?);
        d.countries.insert(code, (ps.len(), funding));
    }
    // Themes: the main theme's top and second levels.
    let broader: HashMap<String, String> = take(skos::BROADER)
        .into_iter()
        .filter_map(|(s, o)| iri(&o).map(|b| (s, b.to_string())))
        .collect();
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut counted: HashSet<String> = HashSet::new();
    for (p, t) in take(atlas::MAIN_THEME) {
        let Some(t) = iri(&t) else { continue };
        if !counted.insert(p) {
            continue;
        }
        let mut path = vec![t.to_string()];
        while let Some(b) = path.last().and_then(|l| broader.get(l)) {
            if path.contains(b) || path.len() > 8 {
                break;
            }
            path.push(b.clone());
        }
        path.reverse();
        let mut name = |i: &str| -> Result<String, StorageError> {
            if let Some(l) = labels.get(i) {
                return Ok(l.clone());
            }
            let l = label(store, i)?;
            labels.insert(i.to_string(), l.clone());
            Ok(l)
        };
        let top = name(&path[0])?;
        let second = path.get(1).map(|s| name(s)).transpose()?;
        let entry = d.themes.entry(top).or_default();
        entry.0 += 1;
        if let Some(second) = second {
            *entry.1.entry(second).or_default() += 1;
        }
    }
    // Started and ended per year.
    let mut started: HashSet<String> = HashSet::new();
    for (p, y) in take(atlas::START_YEAR) {
        if let Some(y) = year(&y)
            && started.insert(p)
        {
            d.lifecycle.entry(y).or_default().0 += 1;
        }
    }
    let mut ended: HashSet<String> = HashSet::new();
    for (p, e) in take(atlas::END_DATE) {
        if let Some(y) = year(&e)
            && ended.insert(p)
        {
            d.lifecycle.entry(y).or_default().1 += 1;
        }
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
