//! Where the index build reads its triples: the store, or the quads an import gathered as it
//! handed them to the bulk loader.
//!
//! Why gather: reading the records back from the store decodes every IRI and text through
//! RocksDB, once per triple (most of a rebuild's time, measured with `perf`: 77% of the CPU on
//! the reading thread at 15,000 records). An import into an empty store already holds each
//! record's quads in memory on their way to the loader; keeping those of the properties the
//! index reads costs a copy, and the build then reads the same triples without the store. The
//! build code is the same for both sources, so the index says what the store holds whichever
//! was read (a test compares the two, document by document).
//!
//! The gathering is bounded ([`GATHER_LIMIT_BYTES`]): past it, the quads are dropped and the
//! index is built from the store, as it is after any import that is not a bulk load.

use super::SearchError;
use crate::vocab::{self, atlas, dcterms, owl, rdf, skos};
use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};

/// Triples by predicate, for the index build.
pub trait Source {
    /// Calls `each` with the subject and object of every quad of `predicate` (whose object is
    /// `object`, when given) in any graph, or in `graph` alone.
    fn scan_predicate(
        &self,
        predicate: NamedNodeRef<'_>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
        each: &mut dyn FnMut(NamedOrBlankNodeRef<'_>, TermRef<'_>),
    ) -> Result<(), SearchError>;

    /// Calls `each` once with every subject of type `class`, in any graph: for the store in
    /// the order of its keys (the order its subject index holds them, so that reading each
    /// one's triples then sweeps that index once, file after file), without holding them.
    fn each_of_type(
        &self,
        class: NamedNodeRef<'_>,
        each: &mut dyn FnMut(&str) -> Result<(), SearchError>,
    ) -> Result<(), SearchError>;

    /// Calls `each` with the predicate and object of every quad of `subject` (an IRI, or a
    /// blank node written `_:id`) whose predicate is one of `predicates`, in any graph: what
    /// the build reads of one partnership, funding or organisation at a time, so that its
    /// memory follows the number of distinct things named, not of records.
    fn scan_subject(
        &self,
        subject: &str,
        predicates: &[NamedNodeRef<'_>],
        each: &mut dyn FnMut(NamedNodeRef<'_>, TermRef<'_>),
    ) -> Result<(), SearchError>;
}

/// The subject a key of [`super::read::subject_key`] names.
fn subject_of_key(key: &str) -> NamedOrBlankNode {
    match key.strip_prefix("_:") {
        Some(id) => BlankNode::new_unchecked(id).into(),
        None => NamedNode::new_unchecked(key).into(),
    }
}

impl Source for Store {
    fn scan_predicate(
        &self,
        predicate: NamedNodeRef<'_>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
        each: &mut dyn FnMut(NamedOrBlankNodeRef<'_>, TermRef<'_>),
    ) -> Result<(), SearchError> {
        for q in self.quads_for_pattern(None, Some(predicate), object, graph) {
            let q = q.map_err(|e| SearchError::Store(e.to_string()))?;
            each(q.subject.as_ref(), q.object.as_ref());
        }
        Ok(())
    }

    fn each_of_type(
        &self,
        class: NamedNodeRef<'_>,
        each: &mut dyn FnMut(&str) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        // (predicate, object, subject, graph) keys: a subject typed in several graphs comes
        // back to back.
        let mut last = String::new();
        for q in self.quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None) {
            let q = q.map_err(|e| SearchError::Store(e.to_string()))?;
            let key = super::read::subject_key(q.subject.as_ref());
            if key != last {
                each(&key)?;
                last = key;
            }
        }
        Ok(())
    }

    fn scan_subject(
        &self,
        subject: &str,
        predicates: &[NamedNodeRef<'_>],
        each: &mut dyn FnMut(NamedNodeRef<'_>, TermRef<'_>),
    ) -> Result<(), SearchError> {
        let s = subject_of_key(subject);
        // One predicate: a seek on (subject, predicate). Several: one scan of the subject,
        // fewer seeks than one per predicate for a partnership's fifteen properties.
        let only = match predicates {
            [p] => Some(*p),
            _ => None,
        };
        for q in self.quads_for_pattern(Some(s.as_ref()), only, None, None) {
            let q = q.map_err(|e| SearchError::Store(e.to_string()))?;
            if only.is_some() || predicates.contains(&q.predicate.as_ref()) {
                each(q.predicate.as_ref(), q.object.as_ref());
            }
        }
        Ok(())
    }
}

/// The properties the build reads: only their quads are gathered. A property the build asks
/// for and this list lacks makes the gathered source refuse ([`SearchError::NotGathered`]),
/// and the index is then built from the store: a forgotten property costs time, never a field.
const GATHERED: [NamedNodeRef<'static>; 27] = [
    rdf::TYPE,
    dcterms::TITLE,
    dcterms::DESCRIPTION,
    skos::PREF_LABEL,
    skos::BROADER,
    vocab::rdfs::LABEL,
    vocab::foaf::NAME,
    owl::SAME_AS,
    atlas::ISO_ALPHA2,
    atlas::ISO_ALPHA3,
    atlas::FRENCH_PARTNER,
    atlas::FOREIGN_PARTNER_PROP,
    atlas::PROJECT_OWNER,
    atlas::IMPLEMENTER,
    atlas::FUNDING_PROP,
    atlas::FUNDER,
    atlas::COUNTRY_PROP,
    atlas::MAIN_THEME,
    atlas::OTHER_THEME,
    atlas::STATUS,
    atlas::PARTNERSHIP_KIND,
    atlas::START_YEAR,
    atlas::CONTEXT,
    atlas::OBJECTIVE,
    atlas::BENEFICIARIES,
    atlas::SIREN,
    atlas::INSEE_CODE,
];

/// The graphs the build may read alone (the theme scheme's labels): their triples are kept
/// apart too. A scan of another graph is refused ([`SearchError::NotGathered`]).
const GRAPHS: [&str; 1] = [crate::store::THEMES_GRAPH];

/// The most memory the gathered triples may take, estimated from their texts: 15,000
/// generated records stay well under it; a million would take some GB, and their index is
/// read from the store instead (the bound keeps what is spent before giving up small).
pub const GATHER_LIMIT_BYTES: usize = 128 << 20;

/// What an interned term is taken to cost beyond its text (the term, its slot in the set).
const TERM_COST: usize = 64;
/// What a kept triple is taken to cost (two ids and a slot in a hash set).
const TRIPLE_COST: usize = 16;

/// The triples an import loaded, of the properties the index reads: each term once (the same
/// organisation, country or theme is written into every record graph that names it), each
/// triple once whatever the graphs that hold it, and apart for the graphs read alone.
#[derive(Debug, Default)]
pub struct Gathered {
    terms: indexmap::IndexSet<Term>,
    triples: HashMap<String, HashSet<(u32, u32)>>,
    in_graph: HashMap<(&'static str, String), HashSet<(u32, u32)>>,
    /// Subject -> (predicate's place in [`GATHERED`], object), made on the first scan of a
    /// subject, once everything is gathered.
    by_subject: std::sync::OnceLock<HashMap<u32, Vec<(u8, u32)>>>,
    bytes: usize,
    limit: usize,
    overflowed: bool,
}

impl Gathered {
    /// An empty gathering, bounded by [`GATHER_LIMIT_BYTES`].
    pub fn new() -> Gathered {
        Gathered::with_limit(GATHER_LIMIT_BYTES)
    }

    /// An empty gathering bounded by `limit` bytes.
    pub fn with_limit(limit: usize) -> Gathered {
        Gathered {
            limit,
            ..Gathered::default()
        }
    }

    fn id(&mut self, term: Term) -> Option<u32> {
        if let Some(i) = self.terms.get_index_of(&term) {
            return u32::try_from(i).ok();
        }
        self.bytes += TERM_COST + text_len(&term);
        let (i, _) = self.terms.insert_full(term);
        u32::try_from(i).ok()
    }

    /// Keeps the triples of `quads` the build reads; past the bound, drops everything kept.
    pub fn add<'a>(&mut self, quads: impl IntoIterator<Item = &'a Quad>) {
        // A subject index made before is no longer whole.
        self.by_subject.take();
        for q in quads {
            if self.overflowed {
                return;
            }
            if !GATHERED.contains(&q.predicate.as_ref()) {
                continue;
            }
            let (Some(s), Some(o)) = (
                self.id(Term::from(q.subject.clone())),
                self.id(q.object.clone()),
            ) else {
                self.overflow();
                return;
            };
            let p = q.predicate.as_str();
            if self
                .triples
                .entry(p.to_string())
                .or_default()
                .insert((s, o))
            {
                self.bytes += TRIPLE_COST;
            }
            if let GraphName::NamedNode(g) = &q.graph_name
                && let Some(kept) = GRAPHS.iter().find(|k| **k == g.as_str())
                && self
                    .in_graph
                    .entry((kept, p.to_string()))
                    .or_default()
                    .insert((s, o))
            {
                self.bytes += TRIPLE_COST;
            }
            if self.bytes > self.limit {
                self.overflow();
            }
        }
    }

    fn overflow(&mut self) {
        self.overflowed = true;
        self.terms = indexmap::IndexSet::new();
        self.triples = HashMap::new();
        self.in_graph = HashMap::new();
    }

    /// Whether everything given was kept (the bound was not passed).
    pub fn is_whole(&self) -> bool {
        !self.overflowed
    }
}

/// The quads an import gathered for the search index, when they are all the store holds of
/// what the index reads; shared, since a summary is cloned.
#[derive(Clone, Default)]
pub struct SearchQuads(pub Option<std::sync::Arc<Gathered>>);

impl std::fmt::Debug for SearchQuads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "SearchQuads(gathered)"
        } else {
            "SearchQuads(none)"
        })
    }
}

impl PartialEq for SearchQuads {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// The length of a term's texts.
fn text_len(t: &Term) -> usize {
    match t {
        Term::NamedNode(n) => n.as_str().len(),
        Term::BlankNode(b) => b.as_str().len(),
        Term::Literal(l) => {
            l.value().len() + l.language().map_or(0, str::len) + l.datatype().as_str().len()
        }
        #[allow(unreachable_patterns)]
        _ => 64,
    }
}

/// A term kept as a subject, as one.
fn subject(t: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match t {
        Term::NamedNode(n) => Some(n.as_ref().into()),
        Term::BlankNode(b) => Some(b.as_ref().into()),
        _ => None,
    }
}

impl Source for Gathered {
    fn scan_predicate(
        &self,
        predicate: NamedNodeRef<'_>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
        each: &mut dyn FnMut(NamedOrBlankNodeRef<'_>, TermRef<'_>),
    ) -> Result<(), SearchError> {
        let refused = || SearchError::NotGathered(predicate.as_str().to_string());
        if self.overflowed || !GATHERED.contains(&predicate) {
            return Err(refused());
        }
        let triples = match graph {
            None => self.triples.get(predicate.as_str()),
            Some(GraphNameRef::NamedNode(g)) => {
                let kept = GRAPHS
                    .iter()
                    .find(|k| **k == g.as_str())
                    .ok_or_else(refused)?;
                self.in_graph.get(&(*kept, predicate.as_str().to_string()))
            }
            Some(_) => return Err(refused()),
        };
        let wanted = match object {
            Some(o) => match self.terms.get_index_of(&o.into_owned()) {
                Some(i) => Some(i),
                None => return Ok(()),
            },
            None => None,
        };
        for (s, o) in triples.into_iter().flatten() {
            if wanted.is_some_and(|w| w != *o as usize) {
                continue;
            }
            let (Some(s), Some(o)) = (
                self.terms.get_index(*s as usize).and_then(subject),
                self.terms.get_index(*o as usize),
            ) else {
                continue;
            };
            each(s, o.as_ref());
        }
        Ok(())
    }

    fn each_of_type(
        &self,
        class: NamedNodeRef<'_>,
        each: &mut dyn FnMut(&str) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        // Bounded with the rest: sorted, each once.
        for s in super::read::of_type(self, class)? {
            each(&s)?;
        }
        Ok(())
    }

    fn scan_subject(
        &self,
        subject: &str,
        predicates: &[NamedNodeRef<'_>],
        each: &mut dyn FnMut(NamedNodeRef<'_>, TermRef<'_>),
    ) -> Result<(), SearchError> {
        let mut wanted = Vec::with_capacity(predicates.len());
        for p in predicates {
            match GATHERED.iter().position(|g| g == p) {
                Some(i) if !self.overflowed => wanted.push(i),
                _ => return Err(SearchError::NotGathered(p.as_str().to_string())),
            }
        }
        let Some(s) = self
            .terms
            .get_index_of(&Term::from(subject_of_key(subject)))
        else {
            return Ok(());
        };
        let by_subject = self.by_subject.get_or_init(|| self.subject_index());
        for (p, o) in u32::try_from(s)
            .ok()
            .and_then(|s| by_subject.get(&s))
            .into_iter()
            .flatten()
        {
            if wanted.contains(&usize::from(*p))
                && let Some(o) = self.terms.get_index(*o as usize)
            {
                each(GATHERED[usize::from(*p)], o.as_ref());
            }
        }
        Ok(())
    }
}

impl Gathered {
    /// The gathered triples by subject.
    fn subject_index(&self) -> HashMap<u32, Vec<(u8, u32)>> {
        let mut out: HashMap<u32, Vec<(u8, u32)>> = HashMap::new();
        for (i, p) in GATHERED.iter().enumerate() {
            let Ok(i) = u8::try_from(i) else { continue };
            for (s, o) in self.triples.get(p.as_str()).into_iter().flatten() {
                out.entry(*s).or_default().push((i, *o));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn quad(p: NamedNodeRef<'_>, o: Term) -> Quad {
        Quad::new(
            NamedNode::new_unchecked("https://example.org/p"),
            p,
            o,
            GraphName::NamedNode(NamedNode::new_unchecked("https://example.org/g")),
        )
    }

    #[test]
    fn keeps_only_what_the_build_reads_and_refuses_the_rest() {
        let mut g = Gathered::new();
        let title = quad(dcterms::TITLE, Literal::new_simple_literal("Eau").into());
        let email = quad(
            NamedNodeRef::new_unchecked("http://www.w3.org/2006/vcard/ns#hasEmail"),
            Literal::new_simple_literal("a@b.fr").into(),
        );
        g.add([&title, &email]);
        let mut seen = Vec::new();
        g.scan_predicate(dcterms::TITLE, None, None, &mut |s, o| {
            seen.push((s.to_string(), o.to_string()))
        })
        .unwrap();
        assert_eq!(seen.len(), 1);
        let refused = g.scan_predicate(
            NamedNodeRef::new_unchecked("http://www.w3.org/2006/vcard/ns#hasEmail"),
            None,
            None,
            &mut |_, _| {},
        );
        assert!(matches!(refused, Err(SearchError::NotGathered(_))));
    }

    #[test]
    fn past_the_bound_nothing_is_kept_and_every_scan_refuses() {
        let mut g = Gathered::with_limit(400);
        let t = |s: &str| quad(dcterms::TITLE, Literal::new_simple_literal(s).into());
        g.add([&t("a")]);
        assert!(g.is_whole());
        g.add([&t(&"x".repeat(400))]);
        assert!(!g.is_whole());
        let refused = g.scan_predicate(dcterms::TITLE, None, None, &mut |_, _| {});
        assert!(matches!(refused, Err(SearchError::NotGathered(_))));
    }
}
