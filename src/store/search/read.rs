//! What the index reads from the store: each partnership from its own triples, one at a
//! time, with the labels of what it names looked up and kept; the organisations, countries
//! and themes from scans of their properties across every graph (see [`super::build`] for
//! why not SPARQL). Never a contact's name or e-mail: labels are read only for what the
//! partnerships name.

use super::SearchError;
use super::source::Source;
use crate::model::countries;
use crate::vocab::{self, atlas, dcterms, rdf, skos};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, TermRef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One partnership as the index sees it.
#[derive(Default)]
pub(super) struct Partnership {
    pub(super) title: Option<String>,
    pub(super) body: Vec<String>,
    pub(super) related: BTreeSet<String>,
    pub(super) countries: BTreeSet<String>,
    pub(super) themes: BTreeSet<String>,
    pub(super) status: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) start: Option<String>,
    /// Its French and foreign partners (an organisation's partnerships).
    pub(super) partners: BTreeSet<String>,
}

/// A country: French name, English name, codes.
#[derive(Clone, Default)]
pub(super) struct Country {
    pub(super) fr: String,
    pub(super) en: Option<String>,
    pub(super) codes: Vec<String>,
}

/// An object as the build reads it. Texts sort French first, then untagged, then other
/// languages, each by value: the first text of a set is the one a label takes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Value {
    /// A literal, with the rank of its language (0 French, 1 none, 2 another).
    Text(u8, String),
    /// An IRI (or a blank node, as `_:id`).
    Node(String),
}

impl Value {
    pub(super) fn of(term: TermRef<'_>) -> Value {
        match term {
            TermRef::NamedNode(n) => Value::Node(n.as_str().to_string()),
            TermRef::BlankNode(b) => Value::Node(format!("_:{}", b.as_str())),
            TermRef::Literal(l) => {
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

    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Value::Text(_, t) => Some(t),
            Value::Node(_) => None,
        }
    }

    pub(super) fn node(&self) -> Option<&str> {
        match self {
            Value::Node(n) => Some(n),
            Value::Text(..) => None,
        }
    }

    /// The lexical form, whatever it is.
    pub(super) fn lexical(&self) -> &str {
        match self {
            Value::Text(_, t) | Value::Node(t) => t,
        }
    }
}

pub(super) fn subject_key(s: NamedOrBlankNodeRef<'_>) -> String {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => n.as_str().to_string(),
        NamedOrBlankNodeRef::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

/// Subject -> objects of every triple with `predicate` in any graph of `store` (or in
/// `graph` alone), each once; subjects `keep` refuses are not kept.
pub(super) type Objects = BTreeMap<String, BTreeSet<Value>>;

pub(super) fn scan(
    store: &dyn Source,
    predicate: NamedNodeRef<'_>,
    graph: Option<GraphNameRef<'_>>,
    keep: impl Fn(&str) -> bool,
) -> Result<Objects, SearchError> {
    let mut out: Objects = BTreeMap::new();
    store.scan_predicate(predicate, None, graph, &mut |s, o| {
        let s = subject_key(s);
        if keep(&s) {
            out.entry(s).or_default().insert(Value::of(o));
        }
    })?;
    Ok(out)
}

/// The subjects of type `class` in any graph.
pub(super) fn of_type(
    store: &dyn Source,
    class: NamedNodeRef<'_>,
) -> Result<BTreeSet<String>, SearchError> {
    let mut out = BTreeSet::new();
    store.scan_predicate(rdf::TYPE, Some(class.into()), None, &mut |s, _| {
        out.insert(subject_key(s));
    })?;
    Ok(out)
}

/// The first text of `subject` in `objects` (French first).
pub(super) fn first_text(objects: &Objects, subject: &str) -> Option<String> {
    objects
        .get(subject)?
        .iter()
        .find_map(|v| v.text().map(str::to_string))
}

/// The IRIs of `subject` in `objects`.
pub(super) fn nodes<'a>(objects: &'a Objects, subject: &str) -> impl Iterator<Item = &'a str> {
    objects
        .get(subject)
        .into_iter()
        .flatten()
        .filter_map(Value::node)
}

/// The values of `subject` for `predicate`, in every graph, each once.
pub(super) fn values_of(
    store: &dyn Source,
    subject: &str,
    predicate: NamedNodeRef<'_>,
) -> Result<BTreeSet<Value>, SearchError> {
    let mut out = BTreeSet::new();
    store.scan_subject(subject, &[predicate], &mut |_, o| {
        out.insert(Value::of(o));
    })?;
    Ok(out)
}

/// The first text of `subject` for `predicate` (French first).
pub(super) fn text_of(
    store: &dyn Source,
    subject: &str,
    predicate: NamedNodeRef<'_>,
) -> Result<Option<String>, SearchError> {
    Ok(values_of(store, subject, predicate)?
        .iter()
        .find_map(|v| v.text().map(str::to_string)))
}

/// What the partnerships name, looked up one IRI at a time and kept: labels, the countries
/// of foreign partners, the theme tree. Its size follows the distinct organisations, themes
/// and statuses, not the records (each names the same ones again).
pub(super) struct Lookup<'a> {
    store: &'a dyn Source,
    labels: HashMap<String, Option<String>>,
    located: HashMap<String, Vec<String>>,
    /// Theme -> its broader theme.
    broader: BTreeMap<String, String>,
}

impl<'a> Lookup<'a> {
    pub(super) fn new(store: &'a dyn Source) -> Result<Lookup<'a>, SearchError> {
        let broader = scan(store, skos::BROADER, None, |_| true)?
            .into_iter()
            .filter_map(|(t, bs)| Some((t, bs.iter().find_map(Value::node)?.to_string())))
            .collect();
        Ok(Lookup {
            store,
            labels: HashMap::new(),
            located: HashMap::new(),
            broader,
        })
    }

    /// The label of `iri` as [`crate::store::labels::label`] gives it: its title, preferred
    /// label, label or name, in that order of properties, French first. Asked only for what
    /// a partnership names (a person's `foaf:name` is never one of them).
    pub(super) fn label(&mut self, iri: &str) -> Result<Option<String>, SearchError> {
        if let Some(known) = self.labels.get(iri) {
            return Ok(known.clone());
        }
        let mut found = None;
        for p in [
            dcterms::TITLE,
            skos::PREF_LABEL,
            vocab::rdfs::LABEL,
            vocab::foaf::NAME,
        ] {
            found = text_of(self.store, iri, p)?;
            if found.is_some() {
                break;
            }
        }
        self.labels.insert(iri.to_string(), found.clone());
        Ok(found)
    }

    /// The countries a foreign partner is located in.
    fn located(&mut self, partner: &str) -> Result<&[String], SearchError> {
        if !self.located.contains_key(partner) {
            let found = values_of(self.store, partner, atlas::COUNTRY_PROP)?
                .iter()
                .filter_map(Value::node)
                .map(str::to_string)
                .collect();
            self.located.insert(partner.to_string(), found);
        }
        Ok(self.located.get(partner).map_or(&[], Vec::as_slice))
    }

    /// The path of a theme, top first, following `skos:broader` (at most 8 levels, no cycles).
    pub(super) fn theme_path(&self, concept: &str) -> Vec<String> {
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
}

/// The countries the store names, with their English names (Natural Earth's) and codes.
pub(super) fn countries(store: &dyn Source) -> Result<BTreeMap<String, Country>, SearchError> {
    let english: BTreeMap<&str, &str> = crate::model::geo::outlines()
        .map(|(a3, name, _)| (a3, name))
        .collect();
    let all = of_type(store, atlas::COUNTRY)?;
    let keep = |s: &str| all.contains(s);
    let labels = &scan(store, skos::PREF_LABEL, None, keep)?;
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

/// What a partnership's own triples give, by property (the order of [`READ`]).
const READ: [NamedNodeRef<'static>; 15] = [
    dcterms::TITLE,
    dcterms::DESCRIPTION,
    atlas::CONTEXT,
    atlas::OBJECTIVE,
    atlas::BENEFICIARIES,
    atlas::STATUS,
    atlas::PARTNERSHIP_KIND,
    atlas::START_YEAR,
    atlas::FRENCH_PARTNER,
    atlas::FOREIGN_PARTNER_PROP,
    atlas::PROJECT_OWNER,
    atlas::IMPLEMENTER,
    atlas::FUNDING_PROP,
    atlas::MAIN_THEME,
    atlas::OTHER_THEME,
];

/// The partnership `iri`, read from its own triples (in every graph) and what they name:
/// the title, then the description, context, objectives and beneficiaries, each in order;
/// the names of its organisations (partners, project owners, implementers and funders),
/// countries and themes.
pub(super) fn partnership(
    store: &dyn Source,
    iri: &str,
    lookup: &mut Lookup<'_>,
    all_countries: &BTreeMap<String, Country>,
) -> Result<Partnership, SearchError> {
    let mut by: [BTreeSet<Value>; READ.len()] = std::array::from_fn(|_| BTreeSet::new());
    store.scan_subject(iri, &READ, &mut |p, o| {
        if let Some(i) = READ.iter().position(|r| *r == p) {
            by[i].insert(Value::of(o));
        }
    })?;
    let of = |p: NamedNodeRef<'_>| &by[READ.iter().position(|r| *r == p).unwrap_or(0)];
    let nodes_of = |p| of(p).iter().filter_map(Value::node);
    let mut e = Partnership {
        title: of(dcterms::TITLE)
            .iter()
            .find_map(|v| v.text().map(str::to_string)),
        start: of(atlas::START_YEAR)
            .iter()
            .next()
            .map(|y| y.lexical().to_string()),
        ..Partnership::default()
    };
    for p in [
        dcterms::DESCRIPTION,
        atlas::CONTEXT,
        atlas::OBJECTIVE,
        atlas::BENEFICIARIES,
    ] {
        e.body
            .extend(of(p).iter().filter_map(Value::text).map(str::to_string));
    }
    if let Some(s) = nodes_of(atlas::STATUS).next() {
        e.status = lookup.label(s)?;
    }
    if let Some(k) = nodes_of(atlas::PARTNERSHIP_KIND).next() {
        e.kind = lookup.label(k)?;
    }
    let mut organisations: BTreeSet<&str> = BTreeSet::new();
    for p in [atlas::FRENCH_PARTNER, atlas::FOREIGN_PARTNER_PROP] {
        organisations.extend(nodes_of(p));
        e.partners.extend(nodes_of(p).map(str::to_string));
    }
    organisations.extend(nodes_of(atlas::PROJECT_OWNER));
    organisations.extend(nodes_of(atlas::IMPLEMENTER));
    let mut funders = BTreeSet::new();
    for f in nodes_of(atlas::FUNDING_PROP) {
        funders.extend(
            values_of(store, f, atlas::FUNDER)?
                .into_iter()
                .filter_map(|v| v.node().map(str::to_string)),
        );
    }
    organisations.extend(funders.iter().map(String::as_str));
    for o in organisations {
        e.related.extend(lookup.label(o)?);
    }
    for fp in nodes_of(atlas::FOREIGN_PARTNER_PROP) {
        for c in lookup.located(fp)? {
            if let Some(country) = all_countries.get(c) {
                e.countries.insert(c.clone());
                e.related.insert(country.fr.clone());
                e.related.extend(country.en.clone());
            }
        }
    }
    let themes: BTreeSet<&str> = nodes_of(atlas::MAIN_THEME)
        .chain(nodes_of(atlas::OTHER_THEME))
        .collect();
    for t in themes {
        let mut labelled = Vec::new();
        for step in lookup.theme_path(t) {
            labelled.extend(lookup.label(&step)?);
        }
        if let Some(top) = labelled.first() {
            e.themes.insert(top.clone());
        }
        e.related.extend(labelled);
    }
    Ok(e)
}
