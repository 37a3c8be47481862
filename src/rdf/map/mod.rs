//! Record -> quads: one named graph per record, provenance on the graph, deterministic IRIs.
//! The parts of a partnership (provenance, titles, dates, themes, organisations, contacts,
//! funding, volunteers) are mapped in [`parts`], one function each.

mod parts;

use super::iri::{self, Base};
use crate::model::privacy::{ContactPolicy, Redacted};
use crate::model::themes;
use crate::model::{Contact, Record};
use crate::vocab::{atlas, foaf, ns, org, rdf, rdfs, schema, skos, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::collections::{BTreeMap, HashMap};

/// Options of the mapping.
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    /// Instance namespace.
    pub base: Base,
    /// The contact profile the pipeline applies to each record before it is mapped
    /// ([`ContactPolicy::redact`]).
    pub contacts: ContactPolicy,
    /// `prov:generatedAtTime` of every record graph (`xsd:dateTime` lexical form); none when
    /// unset, so that output does not change with the clock.
    pub generated_at: Option<String>,
    /// Record ids kept from an earlier release: a record whose id (see [`iri::record_id`]) is a
    /// key here gets the value instead (`publish --previous`, `crate::publish::identity`).
    pub kept_ids: std::sync::Arc<BTreeMap<String, String>>,
}

impl MapOptions {
    /// The id of `record` in this run: its own, or the one an earlier release gave it.
    pub fn record_id(&self, record: &Record) -> String {
        let id = iri::record_id(record);
        match self.kept_ids.get(&id) {
            Some(kept) => kept.clone(),
            None => id,
        }
    }
}

/// Maps records, remembering the theme concepts they use so that the scheme can be written
/// once at the end.
#[derive(Debug, Default)]
pub struct Mapper {
    options: MapOptions,
    themes_used: BTreeMap<String, Vec<String>>,
}

/// A minted IRI: built from the validated base and ASCII slugs, so always valid.
fn node(iri: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

struct Graph {
    name: GraphName,
    quads: Vec<Quad>,
}

impl Graph {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p, o.into(), self.name.clone()));
    }
    fn iri(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: &str) {
        self.add(s, p, node(o));
    }
    fn typed(
        &mut self,
        s: &NamedNode,
        p: NamedNodeRef<'_>,
        value: impl Into<String>,
        datatype: NamedNodeRef<'_>,
    ) {
        self.add(s, p, Literal::new_typed_literal(value, datatype));
    }
    fn fr(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: &str) {
        self.add(
            s,
            p,
            Literal::new_language_tagged_literal_unchecked(value, "fr"),
        );
    }
    fn plain(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: &str) {
        self.add(s, p, Literal::new_simple_literal(value));
    }
    fn year(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, year: i32) {
        self.typed(s, p, format!("{year:04}"), xsd::G_YEAR);
    }
    /// An amount in euros under `p` (`atlas:amount` for funding, `atlas:levyAmount` for a
    /// levy, so that the two never add up by mistake): an exact `xsd:decimal` and its currency.
    fn money(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, amount: crate::model::Amount) {
        self.typed(s, p, amount.to_decimal_string(), xsd::DECIMAL);
        self.plain(s, schema::CURRENCY, "EUR");
    }
    fn boolean(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, v: bool) {
        self.typed(s, p, v.to_string(), xsd::BOOLEAN);
    }
}

impl Mapper {
    /// A mapper with these options.
    pub fn new(options: MapOptions) -> Self {
        Self {
            options,
            themes_used: BTreeMap::new(),
        }
    }

    /// The quads of one record, all in the record's own named graph; remembers its themes.
    pub fn map(&mut self, record: &Redacted) -> Vec<Quad> {
        self.note_themes(record);
        map_record(&self.options, record)
    }

    /// Remembers the theme concepts of `record` for [`Mapper::theme_quads`] (the mapping
    /// itself is [`map_record`], which needs no state and runs in parallel).
    pub fn note_themes(&mut self, record: &Record) {
        for path in
            std::iter::once(&record.main_theme).chain(record.other_themes.iter().map(|t| &t.path))
        {
            if !path.is_empty() {
                self.use_theme(path);
            }
        }
    }
}

/// Redacts `record` with the options' contact profile, then maps it: for callers that hold a
/// record as read (tests, benchmarks).
pub fn redact_and_map(options: &MapOptions, record: Record) -> Vec<Quad> {
    map_record(options, &options.contacts.redact(record))
}

/// The quads of one record, all in the record's own named graph. The record comes redacted
/// ([`ContactPolicy::redact`]): the mapping writes what it is given.
pub fn map_record(options: &MapOptions, rec: &Redacted) -> Vec<Quad> {
    let base = options.base.clone();
    let id = options.record_id(rec);
    let p = node(base.partnership(&id));
    let graph_iri = node(base.graph(&id));
    let mut g = Graph {
        name: GraphName::NamedNode(graph_iri.clone()),
        quads: Vec::new(),
    };
    // The quads come in this order, part after part.
    parts::provenance(&mut g, options, rec, &graph_iri, &p);
    parts::title(&mut g, rec, &p);
    parts::dates_and_status(&mut g, rec, &p);
    parts::texts(&mut g, rec, &p);
    parts::kind_and_themes(&mut g, rec, &p);
    // Organisations: one IRI per name, shared by every role the page gives it.
    let mut orgs = Orgs::default();
    parts::partners_and_roles(&mut g, &mut orgs, &base, rec, &p);
    parts::contacts(&mut g, &mut orgs, &base, rec, &p);
    parts::flags(&mut g, rec, &p);
    parts::funding(&mut g, &mut orgs, &base, rec, &p);
    parts::volunteers(&mut g, &mut orgs, &base, rec, &p);
    g.quads
}

/// The concept IRI of a theme path (at most three levels).
fn theme_iri(path: &[String]) -> String {
    let path: Vec<String> = path.iter().take(3).cloned().collect();
    iri::theme(&path)
}

impl Mapper {
    fn use_theme(&mut self, path: &[String]) {
        add_theme_path(&mut self.themes_used, path);
    }

    /// Theme paths used so far that the shipped scheme does not know, top level first.
    pub fn new_themes(&self) -> Vec<Vec<String>> {
        let known = themes::known();
        self.themes_used
            .iter()
            .filter(|(iri, _)| !known.contains(iri))
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// The theme scheme graph: the scheme and every concept the mapped records use (with its
    /// ancestors), shipped ones as `ontology/themes.ttl` describes them, new ones minted.
    pub fn theme_quads(&self) -> Vec<Quad> {
        if self.themes_used.is_empty() {
            return Vec::new();
        }
        let mut quads = concept_quads(
            self.themes_used
                .iter()
                .map(|(i, p)| (i.as_str(), p.as_slice())),
        );
        let graph = GraphName::NamedNode(node(ns::THEME));
        for t in themes::known().triples_of(ns::THEME) {
            quads.push(Quad::new(
                t.subject.clone(),
                t.predicate.clone(),
                t.object.clone(),
                graph.clone(),
            ));
        }
        quads
    }
}

/// The theme concepts a record references (with their ancestors), as they are written in the
/// theme graph: what a record's validation needs besides its own graph.
pub fn record_theme_quads(rec: &Record) -> Vec<Quad> {
    let mut used: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in std::iter::once(&rec.main_theme).chain(rec.other_themes.iter().map(|t| &t.path)) {
        add_theme_path(&mut used, path);
    }
    concept_quads(used.iter().map(|(i, p)| (i.as_str(), p.as_slice())))
}

/// Records a theme path and its ancestors (at most three levels) by concept IRI.
fn add_theme_path(used: &mut BTreeMap<String, Vec<String>>, path: &[String]) {
    let path: Vec<String> = path.iter().take(3).cloned().collect();
    for depth in 1..=path.len() {
        let prefix = path[..depth].to_vec();
        used.entry(iri::theme(&prefix)).or_insert(prefix);
    }
}

/// The description of each concept (shipped triples, or minted ones) in the theme graph.
fn concept_quads<'a>(concepts: impl Iterator<Item = (&'a str, &'a [String])>) -> Vec<Quad> {
    let graph = GraphName::NamedNode(node(ns::THEME));
    let known = themes::known();
    let mut g = Graph {
        name: graph.clone(),
        quads: Vec::new(),
    };
    let scheme = node(ns::THEME);
    for (concept, path) in concepts {
        if known.contains(concept) {
            for t in known.triples_of(concept) {
                g.quads.push(Quad::new(
                    t.subject.clone(),
                    t.predicate.clone(),
                    t.object.clone(),
                    graph.clone(),
                ));
            }
            continue;
        }
        let c = node(concept);
        g.add(&c, rdf::TYPE, skos::CONCEPT);
        if let Some(label) = path.last() {
            g.fr(&c, skos::PREF_LABEL, label);
        }
        g.add(&c, skos::IN_SCHEME, scheme.clone());
        if path.len() > 1 {
            g.iri(&c, skos::BROADER, &iri::theme(&path[..path.len() - 1]));
        } else {
            g.add(&c, skos::TOP_CONCEPT_OF, scheme.clone());
        }
        g.typed(&c, atlas::LEVEL, path.len().to_string(), xsd::INTEGER);
    }
    g.quads
}

/// Organisations met in one record, so that a name used in several roles gets one IRI.
#[derive(Default)]
struct Orgs {
    by_name: HashMap<String, NamedNode>,
}

impl Orgs {
    fn declare(&mut self, g: &mut Graph, iri: String, name: &str) -> NamedNode {
        let key = crate::model::names::normalise(name);
        if let Some(n) = self.by_name.get(&key) {
            return n.clone();
        }
        let o = node(iri);
        g.add(&o, rdf::TYPE, org::ORGANIZATION);
        g.plain(&o, rdfs::LABEL, name);
        self.by_name.insert(key, o.clone());
        o
    }

    fn foreign(
        &mut self,
        g: &mut Graph,
        base: &Base,
        name: &str,
        country: Option<&str>,
    ) -> NamedNode {
        let o = self.declare(g, base.organisation(name, country), name);
        g.add(&o, rdf::TYPE, atlas::FOREIGN_PARTNER);
        o
    }

    /// The organisation already met under this name, or a new one.
    fn named(&mut self, g: &mut Graph, base: &Base, name: &str) -> NamedNode {
        self.declare(g, base.organisation(name, None), name)
    }
}

fn contact_role(
    g: &mut Graph,
    p: &NamedNode,
    n: usize,
    c: &Contact,
    org: Option<&NamedNode>,
) -> NamedNode {
    let r = node(format!("{}/contact/{n}", p.as_str()));
    g.add(&r, rdf::TYPE, atlas::CONTACT_ROLE);
    if let Some(role) = &c.role {
        g.fr(&r, atlas::ROLE_LABEL, role);
    }
    if let Some(o) = org {
        g.add(&r, org::ORGANIZATION_PROP, o.clone());
    }
    if c.has_person() {
        let person = node(format!("{}/person", r.as_str()));
        g.add(&r, org::MEMBER, person.clone());
        person_triples(
            g,
            &person,
            c.given_name.as_deref(),
            c.family_name.as_deref(),
            c.email.as_deref(),
        );
    }
    r
}

fn person_triples(
    g: &mut Graph,
    person: &NamedNode,
    given: Option<&str>,
    family: Option<&str>,
    email: Option<&str>,
) {
    g.add(person, rdf::TYPE, foaf::PERSON);
    if let Some(x) = given {
        g.plain(person, foaf::GIVEN_NAME, x);
    }
    if let Some(x) = family {
        g.plain(person, foaf::FAMILY_NAME, x);
    }
    let full: Vec<&str> = [given, family].into_iter().flatten().collect();
    if !full.is_empty() {
        g.plain(person, foaf::NAME, &full.join(" "));
    }
    if let Some(e) = email {
        // The reader checked the address; an IRI it still cannot make is kept as text.
        match NamedNode::new(format!("mailto:{e}")) {
            Ok(m) => g.add(person, foaf::MBOX, m),
            Err(_) => g.plain(person, foaf::MBOX, e),
        }
    }
}
