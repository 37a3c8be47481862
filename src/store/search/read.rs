//! What the index reads from the store: each property it needs scanned once, whole, across
//! every graph (see [`super::build`] for why not SPARQL), and the partnerships, countries,
//! names and links put together from those scans. Never a contact's name or e-mail: labels
//! are read only for what the partnerships name.

use super::SearchError;
use super::source::Source;
use crate::model::countries;
use crate::vocab::{self, atlas, dcterms, rdf, skos};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, TermRef};
use std::collections::{BTreeMap, BTreeSet};

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

/// The first IRI of `subject` in `objects`.
pub(super) fn first_node<'a>(objects: &'a Objects, subject: &str) -> Option<&'a str> {
    objects.get(subject)?.iter().find_map(Value::node)
}

/// The IRIs of `subject` in `objects`.
pub(super) fn nodes<'a>(objects: &'a Objects, subject: &str) -> impl Iterator<Item = &'a str> {
    objects
        .get(subject)
        .into_iter()
        .flatten()
        .filter_map(Value::node)
}

/// The naming properties, each read once for every use: titles (of the partnerships and of
/// the IRIs asked for), and every preferred label and label (themes, statuses, kinds and
/// countries have preferred labels, organisations labels).
pub(super) struct Naming {
    pub(super) titles: Objects,
    pub(super) preferred: Objects,
    pub(super) labels: Objects,
}

impl Naming {
    pub(super) fn read(
        store: &dyn Source,
        titled: impl Fn(&str) -> bool,
    ) -> Result<Naming, SearchError> {
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
pub(super) struct Labels(BTreeMap<String, String>);

impl Labels {
    pub(super) fn read(
        store: &dyn Source,
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

    pub(super) fn of(&self, iri: &str) -> Option<String> {
        self.0.get(iri).cloned()
    }
}

/// The countries the store names, with their English names (Natural Earth's) and codes.
pub(super) fn countries(
    store: &dyn Source,
    naming: &Naming,
) -> Result<BTreeMap<String, Country>, SearchError> {
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
pub(super) struct Links {
    pub(super) status: Objects,
    pub(super) kind: Objects,
    pub(super) start: Objects,
    /// Partners, project owners, implementers and funders.
    pub(super) organisations: BTreeMap<String, BTreeSet<String>>,
    /// French and foreign partners only (an organisation's partnerships).
    pub(super) partners: BTreeMap<String, BTreeSet<String>>,
    pub(super) countries: BTreeMap<String, BTreeSet<String>>,
    pub(super) themes: Objects,
    /// Theme -> its broader theme.
    pub(super) broader: BTreeMap<String, String>,
}

pub(super) fn links(store: &dyn Source, ps: &BTreeSet<String>) -> Result<Links, SearchError> {
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

    /// Every IRI a label is needed for: statuses, kinds, organisations and themes (with
    /// their broader ones).
    pub(super) fn labelled(&self) -> BTreeSet<String> {
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
pub(super) fn texts(
    store: &dyn Source,
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
pub(super) fn partnerships(
    store: &dyn Source,
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
