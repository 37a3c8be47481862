//! The index built from the store in one pass: each property the index needs is read once,
//! whole, straight from the store's indexes (a scan of that property across every graph), and
//! the documents are put together in memory, then written with one commit. What the store
//! holds is what the index says, after an import, a prune, a replaced record or `--previous`
//! alike.
//!
//! Why not SPARQL: the same organisations, countries and themes are written into every record
//! graph that names them, and over the union of the graphs a join of their properties grows
//! with the square (or worse, through each OPTIONAL) of the number of graphs that repeat them;
//! asking labels one IRI at a time cost a lookup each. A build took minutes for 1,000 records.
//!
//! Only texts meant for everyone are read: titles, descriptions, context, objectives,
//! beneficiaries, names of organisations, themes and countries. Contacts' names and e-mails
//! (`foaf:name`, `vcard`) are never kept: labels are read only for the organisations, themes,
//! statuses and kinds the partnerships name, whatever the contact profile of the store.

use super::{Fields, Kind, SearchError};
use crate::model::countries;
use crate::vocab::{self, atlas, dcterms, org, owl, rdf, skos};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::{Index, TantivyDocument};

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Built {
    /// Partnerships indexed.
    pub partnerships: usize,
    /// Organisations indexed.
    pub organisations: usize,
    /// Themes and countries indexed.
    pub concepts: usize,
}

/// One partnership as the index sees it.
#[derive(Default)]
struct Partnership {
    title: Option<String>,
    body: Vec<String>,
    related: BTreeSet<String>,
    countries: BTreeSet<String>,
    themes: BTreeSet<String>,
    status: Option<String>,
    kind: Option<String>,
    start: Option<String>,
}

/// A country: French name, English name, codes.
#[derive(Clone, Default)]
struct Country {
    fr: String,
    en: Option<String>,
    codes: Vec<String>,
}

/// An object as the build reads it. Texts sort French first, then untagged, then other
/// languages, each by value: the first text of a set is the one a label takes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    /// A literal, with the rank of its language (0 French, 1 none, 2 another).
    Text(u8, String),
    /// An IRI (or a blank node, as `_:id`).
    Node(String),
}

impl Value {
    fn of(term: Term) -> Value {
        match term {
            Term::NamedNode(n) => Value::Node(n.into_string()),
            Term::BlankNode(b) => Value::Node(format!("_:{}", b.as_str())),
            Term::Literal(l) => {
                let rank = match l.language() {
                    Some("fr") => 0,
                    None => 1,
                    Some(_) => 2,
                };
                Value::Text(rank, l.value().to_string())
            }
            #[allow(unreachable_patterns)]
            other => Value::Node(other.to_string()),
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Value::Text(_, t) => Some(t),
            Value::Node(_) => None,
        }
    }

    fn node(&self) -> Option<&str> {
        match self {
            Value::Node(n) => Some(n),
            Value::Text(..) => None,
        }
    }

    /// The lexical form, whatever it is.
    fn lexical(&self) -> &str {
        match self {
            Value::Text(_, t) | Value::Node(t) => t,
        }
    }
}

fn subject_key(s: NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.into_string(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn store_error(e: impl std::fmt::Display) -> SearchError {
    SearchError::Store(e.to_string())
}

/// Subject -> objects of every triple with `predicate` in any graph of `store` (or in
/// `graph` alone), each once; subjects `keep` refuses are not kept.
type Objects = BTreeMap<String, BTreeSet<Value>>;

fn scan(
    store: &Store,
    predicate: NamedNodeRef<'_>,
    graph: Option<GraphNameRef<'_>>,
    keep: impl Fn(&str) -> bool,
) -> Result<Objects, SearchError> {
    let mut out: Objects = BTreeMap::new();
    for q in store.quads_for_pattern(None, Some(predicate), None, graph) {
        let q = q.map_err(store_error)?;
        let s = subject_key(q.subject);
        if keep(&s) {
            out.entry(s).or_default().insert(Value::of(q.object));
        }
    }
    Ok(out)
}

/// The subjects of type `class` in any graph.
fn of_type(store: &Store, class: NamedNodeRef<'_>) -> Result<BTreeSet<String>, SearchError> {
    store
        .quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None)
        .map(|q| q.map(|q| subject_key(q.subject)).map_err(store_error))
        .collect()
}

/// The first text of `subject` in `objects` (French first).
fn first_text(objects: &Objects, subject: &str) -> Option<String> {
    objects
        .get(subject)?
        .iter()
        .find_map(|v| v.text().map(str::to_string))
}

/// The first IRI of `subject` in `objects`.
fn first_node<'a>(objects: &'a Objects, subject: &str) -> Option<&'a str> {
    objects.get(subject)?.iter().find_map(Value::node)
}

/// The IRIs of `subject` in `objects`.
fn nodes<'a>(objects: &'a Objects, subject: &str) -> impl Iterator<Item = &'a str> {
    objects
        .get(subject)
        .into_iter()
        .flatten()
        .filter_map(Value::node)
}

/// The naming properties, each read once for every use: titles (of the partnerships and of
/// the IRIs asked for), and every preferred label and label (themes, statuses, kinds and
/// countries have preferred labels, organisations labels).
struct Naming {
    titles: Objects,
    preferred: Objects,
    labels: Objects,
}

impl Naming {
    fn read(store: &Store, titled: impl Fn(&str) -> bool) -> Result<Naming, SearchError> {
        Ok(Naming {
            titles: scan(store, dcterms::TITLE, None, titled)?,
            preferred: scan(store, skos::PREF_LABEL, None, |_| true)?,
            labels: scan(store, vocab::rdfs::LABEL, None, |_| true)?,
        })
    }
}

/// Labels of the IRIs asked for, as [`crate::store::labels::label`] gives them: its title,
/// preferred label, label or name, in that order of properties, French first. Only the IRIs
/// asked for are kept (a person's `foaf:name` is never one of them).
struct Labels(BTreeMap<String, String>);

impl Labels {
    fn read(
        store: &Store,
        wanted: &BTreeSet<String>,
        naming: &Naming,
    ) -> Result<Labels, SearchError> {
        let mut found: BTreeMap<String, String> = BTreeMap::new();
        let mut unnamed: BTreeSet<&str> = BTreeSet::new();
        for w in wanted {
            let label = [&naming.titles, &naming.preferred, &naming.labels]
                .into_iter()
                .find_map(|objects| first_text(objects, w));
            match label {
                Some(l) => {
                    found.insert(w.clone(), l);
                }
                None => {
                    unnamed.insert(w);
                }
            }
        }
        // The last of the label properties, read only when something asked for has no other.
        if !unnamed.is_empty() {
            let names = scan(store, vocab::foaf::NAME, None, |s| unnamed.contains(s))?;
            for s in names.keys() {
                found.extend(first_text(&names, s).map(|l| (s.clone(), l)));
            }
        }
        Ok(Labels(found))
    }

    fn of(&self, iri: &str) -> Option<String> {
        self.0.get(iri).cloned()
    }
}

/// The countries the store names, with their English names (Natural Earth's) and codes.
fn countries(store: &Store, naming: &Naming) -> Result<BTreeMap<String, Country>, SearchError> {
    let english: BTreeMap<&str, &str> = crate::model::geo::outlines()
        .map(|(a3, name, _)| (a3, name))
        .collect();
    let all = of_type(store, atlas::COUNTRY)?;
    let keep = |s: &str| all.contains(s);
    let labels = &naming.preferred;
    let alpha2 = scan(store, atlas::ISO_ALPHA2, None, keep)?;
    let alpha3 = scan(store, atlas::ISO_ALPHA3, None, keep)?;
    let mut out: BTreeMap<String, Country> = BTreeMap::new();
    for c in &all {
        let Some(fr) = first_text(labels, c) else {
            continue;
        };
        let a2 = alpha2.get(c).into_iter().flatten().map(Value::lexical);
        let a3: Vec<&str> = alpha3
            .get(c)
            .into_iter()
            .flatten()
            .map(Value::lexical)
            .collect();
        let mut codes: Vec<String> = a2
            .clone()
            .chain(a3.iter().copied())
            .map(str::to_lowercase)
            .collect();
        let en = a3
            .first()
            .and_then(|a3| english.get(a3))
            .map(|s| s.to_string());
        if !a3.is_empty()
            && let Some(known) = a2.clone().next().and_then(countries::by_alpha2)
        {
            codes.push(super::key(known.name_fr));
        }
        codes.push(super::key(&fr));
        if let Some(en) = &en {
            codes.push(super::key(en));
        }
        codes.sort();
        codes.dedup();
        out.insert(c.clone(), Country { fr, en, codes });
    }
    Ok(out)
}

/// What the partnerships name, read once.
struct Links {
    status: Objects,
    kind: Objects,
    start: Objects,
    /// Partners, project owners, implementers and funders.
    organisations: BTreeMap<String, BTreeSet<String>>,
    /// French and foreign partners only (an organisation's partnerships).
    partners: BTreeMap<String, BTreeSet<String>>,
    countries: BTreeMap<String, BTreeSet<String>>,
    themes: Objects,
    /// Theme -> its broader theme.
    broader: BTreeMap<String, String>,
}

fn links(store: &Store, ps: &BTreeSet<String>) -> Result<Links, SearchError> {
    let is_p = |s: &str| ps.contains(s);
    let mut organisations: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut partners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let foreign = scan(store, atlas::FOREIGN_PARTNER_PROP, None, is_p)?;
    for prop in [
        atlas::FRENCH_PARTNER,
        atlas::FOREIGN_PARTNER_PROP,
        atlas::PROJECT_OWNER,
        atlas::IMPLEMENTER,
    ] {
        let read;
        let objects = if prop == atlas::FOREIGN_PARTNER_PROP {
            &foreign
        } else {
            read = scan(store, prop, None, is_p)?;
            &read
        };
        let partner = prop == atlas::FRENCH_PARTNER || prop == atlas::FOREIGN_PARTNER_PROP;
        for (p, os) in objects {
            for o in os.iter().filter_map(Value::node) {
                organisations
                    .entry(p.clone())
                    .or_default()
                    .insert(o.to_string());
                if partner {
                    partners.entry(p.clone()).or_default().insert(o.to_string());
                }
            }
        }
    }
    let funding = scan(store, atlas::FUNDING_PROP, None, is_p)?;
    let funding_nodes: BTreeSet<&str> =
        funding.values().flatten().filter_map(Value::node).collect();
    let funders = scan(store, atlas::FUNDER, None, |s| funding_nodes.contains(s))?;
    for (p, fs) in &funding {
        for f in fs.iter().filter_map(Value::node) {
            for o in nodes(&funders, f) {
                organisations
                    .entry(p.clone())
                    .or_default()
                    .insert(o.to_string());
            }
        }
    }
    let foreign_partners: BTreeSet<&str> =
        foreign.values().flatten().filter_map(Value::node).collect();
    let located = scan(store, atlas::COUNTRY_PROP, None, |s| {
        foreign_partners.contains(s)
    })?;
    let mut countries: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (p, fps) in &foreign {
        for fp in fps.iter().filter_map(Value::node) {
            for c in nodes(&located, fp) {
                countries
                    .entry(p.clone())
                    .or_default()
                    .insert(c.to_string());
            }
        }
    }
    let mut themes = scan(store, atlas::MAIN_THEME, None, is_p)?;
    for (p, ts) in scan(store, atlas::OTHER_THEME, None, is_p)? {
        themes.entry(p).or_default().extend(ts);
    }
    let broader = scan(store, skos::BROADER, None, |_| true)?
        .into_iter()
        .filter_map(|(t, bs)| Some((t, bs.iter().find_map(Value::node)?.to_string())))
        .collect();
    Ok(Links {
        status: scan(store, atlas::STATUS, None, is_p)?,
        kind: scan(store, atlas::PARTNERSHIP_KIND, None, is_p)?,
        start: scan(store, atlas::START_YEAR, None, is_p)?,
        organisations,
        partners,
        countries,
        themes,
        broader,
    })
}

impl Links {
    /// The path of a theme, top first, following `skos:broader` (at most 8 levels, no cycles).
    fn theme_path(&self, concept: &str) -> Vec<String> {
        let mut path = vec![concept.to_string()];
        let mut current = concept;
        for _ in 0..8 {
            match self.broader.get(current) {
                Some(b) if !path.contains(b) => {
                    path.push(b.clone());
                    current = b;
                }
                _ => break,
            }
        }
        path.reverse();
        path
    }

    /// Every IRI a label is needed for: statuses, kinds, organisations and themes (with
    /// their broader ones).
    fn labelled(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for objects in [&self.status, &self.kind] {
            out.extend(
                objects
                    .values()
                    .flatten()
                    .filter_map(Value::node)
                    .map(str::to_string),
            );
        }
        out.extend(self.organisations.values().flatten().cloned());
        for t in self.themes.values().flatten().filter_map(Value::node) {
            out.extend(self.theme_path(t));
        }
        out
    }
}

/// The texts of the partnerships `ps`: the title, then the description, context, objectives
/// and beneficiaries, each in order.
fn texts(
    store: &Store,
    ps: &BTreeSet<String>,
    naming: &Naming,
) -> Result<BTreeMap<String, Partnership>, SearchError> {
    let is_p = |s: &str| ps.contains(s);
    let mut out: BTreeMap<String, Partnership> = ps
        .iter()
        .map(|p| (p.clone(), Partnership::default()))
        .collect();
    for (p, e) in out.iter_mut() {
        e.title = first_text(&naming.titles, p);
    }
    for prop in [
        dcterms::DESCRIPTION,
        atlas::CONTEXT,
        atlas::OBJECTIVE,
        atlas::BENEFICIARIES,
    ] {
        for (p, values) in scan(store, prop, None, is_p)? {
            if let Some(e) = out.get_mut(&p) {
                e.body
                    .extend(values.iter().filter_map(Value::text).map(str::to_string));
            }
        }
    }
    Ok(out)
}

/// The partnerships of the store, keyed by IRI, with what they name.
fn partnerships(
    store: &Store,
    ps: &BTreeSet<String>,
    links: &Links,
    naming: &Naming,
    names: &Labels,
    all_countries: &BTreeMap<String, Country>,
) -> Result<BTreeMap<String, Partnership>, SearchError> {
    let mut out = texts(store, ps, naming)?;
    for (p, e) in out.iter_mut() {
        e.status = first_node(&links.status, p).and_then(|s| names.of(s));
        e.kind = first_node(&links.kind, p).and_then(|k| names.of(k));
        e.start = links
            .start
            .get(p)
            .and_then(|ys| ys.iter().next())
            .map(|y| y.lexical().to_string());
        for o in links.organisations.get(p).into_iter().flatten() {
            e.related.extend(names.of(o));
        }
        for c in links.countries.get(p).into_iter().flatten() {
            if let Some(country) = all_countries.get(c) {
                e.countries.insert(c.clone());
                e.related.insert(country.fr.clone());
                e.related.extend(country.en.clone());
            }
        }
        for t in nodes(&links.themes, p) {
            let labelled: Vec<String> = links
                .theme_path(t)
                .iter()
                .filter_map(|step| names.of(step))
                .collect();
            if let Some(top) = labelled.first() {
                e.themes.insert(top.clone());
            }
            e.related.extend(labelled);
        }
    }
    Ok(out)
}

/// Writes every document of the store into `index` (empty) and commits, once.
pub fn write(store: &Store, index: &Index, f: &Fields) -> Result<Built, SearchError> {
    let ps = of_type(store, atlas::PARTNERSHIP)?;
    let links = links(store, &ps)?;
    let organisations = of_type(store, org::ORGANIZATION)?;
    let mut wanted = links.labelled();
    let themes = theme_labels(store)?;
    wanted.extend(themes.keys().cloned());
    let naming = Naming::read(store, |s| ps.contains(s) || wanted.contains(s))?;
    let all_countries = countries(store, &naming)?;
    let names = Labels::read(store, &wanted, &naming)?;
    let ps = partnerships(store, &ps, &links, &naming, &names, &all_countries)?;
    // Each organisation's number of partnerships and their start years, for the
    // reconciliation's conditions.
    let mut org_years: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut org_count: BTreeMap<String, usize> = BTreeMap::new();
    for (p, os) in &links.partners {
        for o in os {
            *org_count.entry(o.clone()).or_default() += 1;
            if let Some(y) = ps.get(p).and_then(|p| p.start.clone()) {
                org_years.entry(o.clone()).or_default().insert(y);
            }
        }
    }
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 50_000_000)?;
    let mut built = Built::default();
    for (iri, p) in &ps {
        writer.add_document(partnership_document(f, iri, p, &all_countries))?;
        built.partnerships += 1;
    }
    let orgs = Organisations {
        iris: &organisations,
        countries: &all_countries,
        counts: &org_count,
        years: &org_years,
    };
    built.organisations = orgs.write(store, &mut writer, f, &naming.labels)?;
    built.concepts = concepts(&mut writer, f, &themes, &names, &all_countries)?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(built)
}

/// A partnership's document.
fn partnership_document(
    f: &Fields,
    iri: &str,
    p: &Partnership,
    all_countries: &BTreeMap<String, Country>,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.iri, iri);
    d.add_text(f.kind, Kind::Partnership.code());
    let title = p.title.clone().unwrap_or_default();
    d.add_text(f.label, &title);
    d.add_text(f.name, &title);
    d.add_text(f.body, p.body.join("\n"));
    d.add_text(
        f.related,
        p.related.iter().cloned().collect::<Vec<_>>().join(" · "),
    );
    for c in &p.countries {
        if let Some(country) = all_countries.get(c) {
            d.add_text(f.country, &country.fr);
            for code in &country.codes {
                d.add_text(f.country_key, code);
            }
        }
    }
    for t in &p.themes {
        d.add_text(f.theme, t);
    }
    p.status.iter().for_each(|s| d.add_text(f.status, s));
    p.kind.iter().for_each(|s| d.add_text(f.pkind, s));
    if let Some(y) = &p.start {
        d.add_text(f.year, y);
        if let Ok(n) = y.parse::<i32>() {
            d.add_text(f.decade, (n - n.rem_euclid(10)).to_string());
        }
    }
    d
}

/// The organisations: French local authorities, foreign partners and the others (funders,
/// implementers), by name, with country, SIREN, INSEE code and Wikidata item.
struct Organisations<'a> {
    iris: &'a BTreeSet<String>,
    countries: &'a BTreeMap<String, Country>,
    counts: &'a BTreeMap<String, usize>,
    years: &'a BTreeMap<String, BTreeSet<String>>,
}

impl Organisations<'_> {
    fn write(
        &self,
        store: &Store,
        writer: &mut tantivy::IndexWriter,
        f: &Fields,
        labels: &Objects,
    ) -> Result<usize, SearchError> {
        let keep = |s: &str| self.iris.contains(s);
        let authorities = of_type(store, atlas::FRENCH_LOCAL_AUTHORITY)?;
        let foreign = of_type(store, atlas::FOREIGN_PARTNER)?;
        let located = scan(store, atlas::COUNTRY_PROP, None, keep)?;
        let siren = scan(store, atlas::SIREN, None, keep)?;
        let insee = scan(store, atlas::INSEE_CODE, None, keep)?;
        let same_as = scan(store, owl::SAME_AS, None, keep)?;
        let mut n = 0;
        for iri in self.iris {
            // An organisation without an `rdfs:label` is not indexed (nothing to find it by).
            let Some(name) = first_text(labels, iri) else {
                continue;
            };
            let kind = if authorities.contains(iri) {
                Kind::FrenchAuthority
            } else if foreign.contains(iri) {
                Kind::ForeignPartner
            } else {
                Kind::Organisation
            };
            let mut d = TantivyDocument::default();
            d.add_text(f.iri, iri);
            d.add_text(f.kind, kind.code());
            d.add_text(f.label, &name);
            d.add_text(f.name, &name);
            let country = nodes(&located, iri).find_map(|c| self.countries.get(c));
            if let Some(country) = country {
                d.add_text(f.country, &country.fr);
                d.add_text(
                    f.related,
                    [Some(country.fr.clone()), country.en.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · "),
                );
                for code in &country.codes {
                    d.add_text(f.country_key, code);
                }
            }
            let lexical = |o: &Objects| {
                o.get(iri)
                    .and_then(|v| v.iter().next())
                    .map(|v| v.lexical().to_string())
            };
            lexical(&siren).iter().for_each(|s| d.add_text(f.siren, s));
            lexical(&insee).iter().for_each(|s| d.add_text(f.insee, s));
            nodes(&same_as, iri)
                .find(|w| w.starts_with(crate::vocab::wikidata::ENTITY))
                .iter()
                .for_each(|w| d.add_text(f.wikidata, w));
            d.add_text(
                f.count,
                self.counts.get(iri).copied().unwrap_or(0).to_string(),
            );
            for y in self.years.get(iri).into_iter().flatten() {
                d.add_text(f.year, y);
            }
            writer.add_document(d)?;
            n += 1;
        }
        Ok(n)
    }
}

/// Every label of each theme of the theme scheme, French first.
fn theme_labels(store: &Store) -> Result<BTreeMap<String, Vec<String>>, SearchError> {
    let graph = NamedNodeRef::new_unchecked(crate::store::THEMES_GRAPH);
    Ok(scan(store, skos::PREF_LABEL, Some(graph.into()), |_| true)?
        .into_iter()
        .map(|(t, ls)| {
            (
                t,
                ls.iter()
                    .filter_map(Value::text)
                    .map(str::to_string)
                    .collect(),
            )
        })
        .collect())
}

/// Themes (every level, from the theme scheme) and the countries the store names.
fn concepts(
    writer: &mut tantivy::IndexWriter,
    f: &Fields,
    themes: &BTreeMap<String, Vec<String>>,
    names: &Labels,
    all_countries: &BTreeMap<String, Country>,
) -> Result<usize, SearchError> {
    let mut n = 0;
    // Every label of a theme, the French one as its label, the others (English) as related.
    for (iri, all) in themes {
        let label = names
            .of(iri)
            .or_else(|| all.first().cloned())
            .unwrap_or_default();
        let mut d = TantivyDocument::default();
        d.add_text(f.iri, iri);
        d.add_text(f.kind, Kind::Theme.code());
        d.add_text(f.label, &label);
        for l in all {
            d.add_text(f.name, l);
            if *l != label {
                d.add_text(f.related, l);
            }
        }
        writer.add_document(d)?;
        n += 1;
    }
    for (iri, c) in all_countries {
        let mut d = TantivyDocument::default();
        d.add_text(f.iri, iri);
        d.add_text(f.kind, Kind::Country.code());
        d.add_text(f.label, &c.fr);
        d.add_text(f.name, &c.fr);
        if let Some(en) = &c.en {
            d.add_text(f.related, en);
            d.add_text(f.name, en);
        }
        d.add_text(f.country, &c.fr);
        for code in &c.codes {
            d.add_text(f.country_key, code);
        }
        writer.add_document(d)?;
        n += 1;
    }
    Ok(n)
}
