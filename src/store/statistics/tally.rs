//! What every record graph adds to the statistics, summed exactly (`xsd:decimal`, as SPARQL
//! sums). A graph is read on its own; what needs the whole Atlas (who a funder is, which themes
//! are above which) is gathered on the way and settled by [`Tally::finish`].

use super::{Cube, FunderType};
use crate::vocab::{atlas, rdf, rdfs, skos};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use oxsdatatypes::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

/// The running sums.
#[derive(Debug, Default)]
pub struct Tally {
    cube: Cube,
    /// (year, funder IRI) -> euros: funders are typed once the whole Atlas is read.
    funder_cells: HashMap<(i32, String), Decimal>,
    /// Sets of main themes -> (partnerships, euros): rolled up the scheme at the end.
    main_themes: BTreeMap<Vec<String>, (u64, Decimal)>,
    /// (sets of main themes, year) -> (euros, partnerships funded that year): given their DAC
    /// sector category at the end.
    main_theme_years: BTreeMap<(Vec<String>, i32), (Decimal, u64)>,
    /// Theme concept -> its DAC sector category, where it has one of its own.
    categories: HashMap<String, String>,
    french_authorities: HashSet<String>,
    foreign_partners: HashSet<String>,
    /// Organisation -> its smallest `rdfs:label` (SPARQL's `MIN`).
    labels: HashMap<String, String>,
    broader: HashMap<String, Vec<String>>,
    levels: HashMap<String, i64>,
}

fn key(s: &NamedOrBlankNode) -> String {
    subject_str(s).to_string()
}

fn term_key(t: &Term) -> Option<String> {
    match t {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::BlankNode(b) => Some(b.as_str().to_string()),
        _ => None,
    }
}

fn literal(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

/// The year of a `gYear` or `date` (its first four digits, as the queries read it).
pub fn year_of(text: &str) -> Option<i32> {
    let y = text.get(..4)?;
    if y.bytes().all(|b| b.is_ascii_digit()) {
        y.parse().ok()
    } else {
        None
    }
}

fn add(sum: &mut Decimal, amount: Decimal) {
    // At 18 fractional digits a Decimal holds 10^20 euros: no Atlas overflows it.
    *sum = sum.checked_add(amount).unwrap_or(*sum);
}

/// One graph's statements, by subject then predicate (borrowed: a record is indexed without
/// copying its texts).
struct Index<'a> {
    by_subject: HashMap<&'a str, Vec<(&'a str, &'a Term)>>,
}

fn subject_str(s: &NamedOrBlankNode) -> &str {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str(),
        NamedOrBlankNode::BlankNode(b) => b.as_str(),
    }
}

impl<'a> Index<'a> {
    fn new(quads: &'a [Quad]) -> Self {
        let mut by_subject: HashMap<&'a str, Vec<(&'a str, &'a Term)>> = HashMap::new();
        for q in quads {
            by_subject
                .entry(subject_str(&q.subject))
                .or_default()
                .push((q.predicate.as_str(), &q.object));
        }
        Self { by_subject }
    }

    fn objects(&self, s: &str, p: oxigraph::model::NamedNodeRef<'_>) -> Vec<&'a Term> {
        self.by_subject
            .get(s)
            .map(|v| {
                v.iter()
                    .filter(|(pp, _)| *pp == p.as_str())
                    .map(|(_, o)| *o)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn nodes(&self, s: &str, p: oxigraph::model::NamedNodeRef<'_>) -> BTreeSet<String> {
        self.objects(s, p)
            .into_iter()
            .filter_map(term_key)
            .collect()
    }

    fn literals(&self, s: &str, p: oxigraph::model::NamedNodeRef<'_>) -> BTreeSet<&'a str> {
        self.objects(s, p).into_iter().filter_map(literal).collect()
    }

    /// The amounts of `s` under `p` (`atlas:amount` of a funding row, `atlas:levyAmount` of
    /// a levy).
    fn amounts(&self, s: &str, p: oxigraph::model::NamedNodeRef<'_>) -> Vec<Decimal> {
        self.objects(s, p)
            .into_iter()
            .filter_map(literal)
            .filter_map(|v| Decimal::from_str(v).ok())
            .collect()
    }

    fn years(&self, s: &str) -> Vec<i32> {
        self.objects(s, atlas::YEAR)
            .into_iter()
            .filter_map(literal)
            .filter_map(year_of)
            .collect()
    }
}

impl Tally {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one graph: a record's (its partnership counted), or any other (what it says of
    /// organisations and themes is noted).
    pub fn add_graph(&mut self, quads: &[Quad]) {
        let mut partnerships = Vec::new();
        for q in quads {
            let p = q.predicate.as_ref();
            if p == rdf::TYPE {
                if let Term::NamedNode(class) = &q.object {
                    let class = class.as_ref();
                    if class == atlas::PARTNERSHIP {
                        partnerships.push(key(&q.subject));
                    } else if class == atlas::FRENCH_LOCAL_AUTHORITY {
                        self.french_authorities.insert(key(&q.subject));
                    } else if class == atlas::FOREIGN_PARTNER {
                        self.foreign_partners.insert(key(&q.subject));
                    }
                }
            } else if p == rdfs::LABEL {
                if let Term::Literal(l) = &q.object {
                    let smallest = self
                        .labels
                        .entry(key(&q.subject))
                        .or_insert_with(|| l.value().to_string());
                    if l.value() < smallest.as_str() {
                        *smallest = l.value().to_string();
                    }
                }
            } else if p == skos::BROADER {
                if let Some(o) = term_key(&q.object) {
                    self.broader.entry(key(&q.subject)).or_default().push(o);
                }
            } else if p == atlas::DAC_SECTOR_CATEGORY {
                if let Some(o) = term_key(&q.object) {
                    self.categories.insert(key(&q.subject), o);
                }
            } else if p == atlas::LEVEL
                && let Some(level) = literal(&q.object).and_then(|v| v.parse().ok())
            {
                self.levels.insert(key(&q.subject), level);
            }
        }
        if partnerships.is_empty() {
            return;
        }
        partnerships.sort_unstable();
        partnerships.dedup();
        let index = Index::new(quads);
        for p in &partnerships {
            self.add_partnership(&index, p);
        }
    }

    fn add_partnership(&mut self, g: &Index<'_>, p: &str) {
        let cube = &mut self.cube;
        let mut total = Decimal::from(0);
        let mut per_year: BTreeMap<i32, Decimal> = BTreeMap::new();
        for f in g.nodes(p, atlas::FUNDING_PROP) {
            let amounts = g.amounts(&f, atlas::AMOUNT);
            let years = g.years(&f);
            for a in &amounts {
                add(&mut total, *a);
            }
            for y in &years {
                for a in &amounts {
                    add(per_year.entry(*y).or_default(), *a);
                    for o in g.nodes(&f, atlas::FUNDER) {
                        add(self.funder_cells.entry((*y, o)).or_default(), *a);
                    }
                }
                for levy in g.nodes(&f, atlas::LEVY_PROP) {
                    for a in g.amounts(&levy, atlas::LEVY_AMOUNT) {
                        add(cube.levies_by_year.entry(*y).or_default(), a);
                    }
                }
            }
        }
        for (y, a) in &per_year {
            let cell = cube.funding_by_year.entry(*y).or_default();
            add(&mut cell.0, *a);
            cell.1 += 1;
        }
        let mut countries = BTreeSet::new();
        for o in g.nodes(p, atlas::FOREIGN_PARTNER_PROP) {
            countries.extend(g.nodes(&o, atlas::COUNTRY_PROP));
        }
        for c in &countries {
            let cell = cube.partnerships_by_country.entry(c.clone()).or_default();
            cell.0 += 1;
            add(&mut cell.1, total);
            for (y, a) in &per_year {
                let cell = cube
                    .funding_by_year_and_country
                    .entry((*y, c.clone()))
                    .or_default();
                add(&mut cell.0, *a);
                cell.1 += 1;
            }
        }
        let themes: Vec<String> = g.nodes(p, atlas::MAIN_THEME).into_iter().collect();
        if !themes.is_empty() {
            for (y, a) in &per_year {
                let cell = self
                    .main_theme_years
                    .entry((themes.clone(), *y))
                    .or_default();
                add(&mut cell.0, *a);
                cell.1 += 1;
            }
            let cell = self.main_themes.entry(themes).or_default();
            cell.0 += 1;
            add(&mut cell.1, total);
        }
        for k in g.nodes(p, atlas::PARTNERSHIP_KIND) {
            for s in g.nodes(p, atlas::STATUS) {
                let cell = cube
                    .partnerships_by_kind_and_status
                    .entry((k.clone(), s))
                    .or_default();
                cell.0 += 1;
                add(&mut cell.1, total);
            }
        }
        for d in g.literals(p, atlas::START_YEAR) {
            if let Some(y) = year_of(d) {
                cube.started_and_ended.entry(y).or_default().0 += 1;
            }
        }
        for d in g.literals(p, atlas::END_DATE) {
            if let Some(y) = year_of(d) {
                cube.started_and_ended.entry(y).or_default().1 += 1;
            }
        }
    }

    /// The concepts of `level` at or above `concept` (following `skos:broader`, no cycles).
    fn ancestors_at(&self, concept: &str, level: i64) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut seen = HashSet::new();
        let mut todo = vec![concept.to_string()];
        while let Some(c) = todo.pop() {
            if !seen.insert(c.clone()) {
                continue;
            }
            if self.levels.get(&c) == Some(&level) {
                out.insert(c.clone());
            }
            if let Some(b) = self.broader.get(&c) {
                todo.extend(b.iter().cloned());
            }
        }
        out
    }

    /// The one DAC sector category of a partnership with these main themes: the category of
    /// the nearest concept at or above them that has one (the longest IRI, a narrower
    /// concept's IRI extending its parent's path; then the smallest category), the rule by
    /// which the IATI file picks the main theme's purpose code.
    fn category_of(&self, themes: &[String]) -> Option<String> {
        let mut best: Option<(usize, &String)> = None;
        for t in themes {
            let mut seen = HashSet::new();
            let mut todo = vec![t.as_str()];
            while let Some(c) = todo.pop() {
                if !seen.insert(c) {
                    continue;
                }
                if let Some(cat) = self.categories.get(c) {
                    let better =
                        best.is_none_or(|(len, b)| c.len() > len || (c.len() == len && cat < b));
                    if better {
                        best = Some((c.len(), cat));
                    }
                }
                if let Some(b) = self.broader.get(c) {
                    todo.extend(b.iter().map(String::as_str));
                }
            }
        }
        best.map(|(_, cat)| cat.clone())
    }

    /// The cube: funders typed, themes rolled up to levels 1 and 2.
    pub fn finish(mut self) -> Cube {
        let mut cube = std::mem::take(&mut self.cube);
        for ((y, o), a) in &self.funder_cells {
            let t = FunderType::of(
                self.french_authorities.contains(o),
                self.foreign_partners.contains(o),
                self.labels.get(o).map_or("", String::as_str),
            );
            add(
                cube.funding_by_year_and_funder_type
                    .entry((*y, t))
                    .or_default(),
                *a,
            );
        }
        for (themes, (n, a)) in &self.main_themes {
            if let Some(cat) = self.category_of(themes) {
                let cell = cube.partnerships_by_dac_sector.entry(cat).or_default();
                cell.0 += n;
                add(&mut cell.1, *a);
            }
            for level in [1u8, 2] {
                let mut above = BTreeSet::new();
                for t in themes {
                    above.extend(self.ancestors_at(t, i64::from(level)));
                }
                for t in above {
                    let cell = cube.partnerships_by_theme.entry((level, t)).or_default();
                    cell.0 += n;
                    add(&mut cell.1, *a);
                }
            }
        }
        for ((themes, y), (a, n)) in &self.main_theme_years {
            if let Some(cat) = self.category_of(themes) {
                let cell = cube
                    .funding_by_year_and_dac_sector
                    .entry((*y, cat))
                    .or_default();
                add(&mut cell.0, *a);
                cell.1 += n;
            }
        }
        cube
    }
}
