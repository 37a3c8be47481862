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
    GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term,
    TermRef,
};
use oxigraph::store::Store;
use std::collections::HashMap;

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

/// The most memory the gathered quads may take, estimated from their texts: 15,000 generated
/// records take about 60 MB; a million would take several GB, and are read from the store.
pub const GATHER_LIMIT_BYTES: usize = 256 << 20;

/// The quads of an import, kept for the index build: those of the properties it reads.
#[derive(Debug, Default)]
pub struct Gathered {
    by_predicate: HashMap<String, Vec<(NamedOrBlankNode, Term, GraphName)>>,
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

    /// Keeps the quads of `quads` the build reads; past the bound, drops everything kept.
    pub fn add<'a>(&mut self, quads: impl IntoIterator<Item = &'a Quad>) {
        if self.overflowed {
            return;
        }
        for q in quads {
            if !GATHERED.contains(&q.predicate.as_ref()) {
                continue;
            }
            self.bytes += size(q);
            if self.bytes > self.limit {
                self.overflowed = true;
                self.by_predicate = HashMap::new();
                return;
            }
            self.by_predicate
                .entry(q.predicate.as_str().to_string())
                .or_default()
                .push((q.subject.clone(), q.object.clone(), q.graph_name.clone()));
        }
    }

    /// Whether everything given was kept (the bound was not passed).
    pub fn is_whole(&self) -> bool {
        !self.overflowed
    }
}

/// The memory a kept quad is taken to cost: its texts, and the room of three terms.
fn size(q: &Quad) -> usize {
    let text = |t: &str| t.len();
    let subject = match &q.subject {
        NamedOrBlankNode::NamedNode(n) => text(n.as_str()),
        NamedOrBlankNode::BlankNode(b) => text(b.as_str()),
    };
    let object = match &q.object {
        Term::NamedNode(n) => text(n.as_str()),
        Term::BlankNode(b) => text(b.as_str()),
        Term::Literal(l) => text(l.value()) + l.language().map_or(0, str::len),
        #[allow(unreachable_patterns)]
        _ => 64,
    };
    let graph = match &q.graph_name {
        GraphName::NamedNode(n) => text(n.as_str()),
        _ => 0,
    };
    subject + object + graph + 3 * 40
}

impl Source for Gathered {
    fn scan_predicate(
        &self,
        predicate: NamedNodeRef<'_>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
        each: &mut dyn FnMut(NamedOrBlankNodeRef<'_>, TermRef<'_>),
    ) -> Result<(), SearchError> {
        if self.overflowed || !GATHERED.contains(&predicate) {
            return Err(SearchError::NotGathered(predicate.as_str().to_string()));
        }
        let Some(quads) = self.by_predicate.get(predicate.as_str()) else {
            return Ok(());
        };
        for (s, o, g) in quads {
            if object.is_some_and(|want| want != o.as_ref())
                || graph.is_some_and(|want| want != g.as_ref())
            {
                continue;
            }
            each(s.as_ref(), o.as_ref());
        }
        Ok(())
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
        let mut g = Gathered::with_limit(300);
        let t = |s: &str| quad(dcterms::TITLE, Literal::new_simple_literal(s).into());
        g.add([&t("a")]);
        assert!(g.is_whole());
        g.add([&t(&"x".repeat(400))]);
        assert!(!g.is_whole());
        let refused = g.scan_predicate(dcterms::TITLE, None, None, &mut |_, _| {});
        assert!(matches!(refused, Err(SearchError::NotGathered(_))));
    }
}
