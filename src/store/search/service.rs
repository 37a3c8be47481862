//! The full-text index as a SPARQL `SERVICE` evaluated by the store itself, so that hits join
//! graph patterns in one query:
//!
//! ```sparql
//! SELECT ?p ?title ?score WHERE {
//!   SERVICE <https://w3id.org/atlas-lod/search> {
//!     ?p atlas:query "eau potable" ; atlas:score ?score ; a atlas:Partnership
//!   }
//!   ?p dcterms:title ?title .
//! } ORDER BY DESC(?score)
//! ```
//!
//! The pattern inside is read, never evaluated on data: one subject (a variable, or an IRI to
//! ask whether that thing is found), `atlas:query` with the words (required), `atlas:score`
//! bound to the hit's relevance, `atlas:limit` for how many hits (default [`DEFAULT_LIMIT`],
//! at most [`MAX_LIMIT`]), and `a CLASS` to keep one kind of thing. Anything else is refused
//! with a message saying what is allowed, rather than silently ignored.

use super::find::{Question, Searcher};
use super::{Kind, SearchError};
use crate::vocab::{atlas, org, rdf, skos, xsd};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{QuerySolutionIter, ServiceHandler};
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Hits a SERVICE call gives when the pattern has no `atlas:limit`.
pub const DEFAULT_LIMIT: usize = 100;
/// The most hits one SERVICE call gives, whatever `atlas:limit` says.
pub const MAX_LIMIT: usize = 10_000;

/// Why a SERVICE call to the index gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The pattern inside the SERVICE is not one the index answers (a client's mistake).
    #[error("SERVICE <{service}>: {0}", service = atlas::SEARCH_SERVICE.as_str())]
    Pattern(String),
    /// The index could not be opened or asked.
    #[error("SERVICE <{service}>: {0}", service = atlas::SEARCH_SERVICE.as_str())]
    Index(#[from] SearchError),
}

/// What a refusal says is allowed.
const ALLOWED: &str = "inside are allowed ?hit atlas:query \"words\" ; atlas:score ?score \
                       [; atlas:limit N] [; a CLASS]";

fn refuse(why: impl std::fmt::Display) -> ServiceError {
    ServiceError::Pattern(format!("{why}; {ALLOWED}"))
}

/// Where the service finds the index: asked only when a query calls the service, so that a
/// query that does not never opens (or builds) it.
type Source = dyn Fn() -> Result<Arc<Searcher>, SearchError> + Send + Sync;

/// The IRIs and scores of one question's hits, best first.
type Hits = Arc<Vec<(String, f32)>>;

/// The handler of [`atlas::SEARCH_SERVICE`], for one query (it keeps the hits of each question
/// asked, since the engine may call the service once per solution of what it is joined to).
pub struct SearchService {
    source: Box<Source>,
    index: OnceLock<Arc<Searcher>>,
    asked: Mutex<BTreeMap<String, Hits>>,
}

impl SearchService {
    /// The service over the index `source` gives when first needed.
    pub fn new(
        source: impl Fn() -> Result<Arc<Searcher>, SearchError> + Send + Sync + 'static,
    ) -> Self {
        SearchService {
            source: Box::new(source),
            index: OnceLock::new(),
            asked: Mutex::new(BTreeMap::new()),
        }
    }

    /// The service over the index of the store `db` kept at `path`, built first when missing
    /// or stale.
    pub fn of_store(db: oxigraph::store::Store, path: std::path::PathBuf) -> Self {
        SearchService::new(move || {
            if !super::is_current(&path) {
                super::build_from(&db, &path)?;
            }
            Ok(Arc::new(super::open_existing(&path)?))
        })
    }

    fn searcher(&self) -> Result<Arc<Searcher>, SearchError> {
        if let Some(s) = self.index.get() {
            return Ok(s.clone());
        }
        let s = (self.source)()?;
        Ok(self.index.get_or_init(|| s).clone())
    }

    /// The hits of `ask`, asked of the index once per distinct question.
    fn hits(&self, ask: &Ask) -> Result<Hits, ServiceError> {
        let key = format!("{}\u{0}{:?}\u{0}{}", ask.text, ask.kinds, ask.limit);
        if let Some(h) = self.asked.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(h);
        }
        let question = Question {
            text: ask.text.clone(),
            kinds: ask.kinds.clone(),
            ..Question::default()
        };
        let hits = Arc::new(self.searcher()?.ranked(&question, ask.limit)?);
        if let Ok(mut m) = self.asked.lock() {
            m.insert(key, hits.clone());
        }
        Ok(hits)
    }
}

/// What a SERVICE pattern asks.
#[derive(Debug, Default)]
struct Ask {
    text: String,
    kinds: Vec<Kind>,
    limit: usize,
    /// The variable the things found are bound to.
    hit: Option<Variable>,
    /// The one thing asked about, when the subject is an IRI.
    only: Option<NamedNode>,
    score: Option<Variable>,
}

/// The triple patterns of a group of them (the engine may hand them over joined).
fn triples<'a>(p: &'a GraphPattern, out: &mut Vec<&'a TriplePattern>) -> Result<(), ServiceError> {
    match p {
        GraphPattern::Bgp { patterns } => out.extend(patterns),
        GraphPattern::Join { left, right } => {
            triples(left, out)?;
            triples(right, out)?;
        }
        _ => return Err(refuse("only triple patterns")),
    }
    Ok(())
}

/// The kinds of things of a class.
fn kinds_of(class: &NamedNode) -> Result<Vec<Kind>, ServiceError> {
    let c = class.as_ref();
    Ok(if c == atlas::PARTNERSHIP {
        vec![Kind::Partnership]
    } else if c == atlas::FRENCH_LOCAL_AUTHORITY {
        vec![Kind::FrenchAuthority]
    } else if c == atlas::FOREIGN_PARTNER {
        vec![Kind::ForeignPartner]
    } else if c == org::ORGANIZATION {
        vec![
            Kind::FrenchAuthority,
            Kind::ForeignPartner,
            Kind::Organisation,
        ]
    } else if c == atlas::COUNTRY {
        vec![Kind::Country]
    } else if c == skos::CONCEPT {
        vec![Kind::Theme]
    } else {
        return Err(refuse(format!(
            "a {class}: the classes found are atlas:Partnership, atlas:FrenchLocalAuthority, \
             atlas:ForeignPartner, org:Organization, atlas:Country and skos:Concept (themes)"
        )));
    })
}

impl Ask {
    fn read(pattern: &GraphPattern) -> Result<Ask, ServiceError> {
        let mut ts = Vec::new();
        triples(pattern, &mut ts)?;
        let mut ask = Ask {
            limit: DEFAULT_LIMIT,
            ..Ask::default()
        };
        let mut subject: Option<&TermPattern> = None;
        let mut text = None;
        let mut limit_seen = false;
        for t in ts {
            match subject {
                Some(s) if *s != t.subject => {
                    return Err(refuse(
                        "every pattern inside has the same subject (the hit)",
                    ));
                }
                _ => subject = Some(&t.subject),
            }
            let NamedNodePattern::NamedNode(p) = &t.predicate else {
                return Err(refuse("a variable predicate"));
            };
            match (p.as_ref(), &t.object) {
                (p, TermPattern::Literal(l)) if p == atlas::QUERY => {
                    if text.replace(l.value().to_string()).is_some() {
                        return Err(refuse("one atlas:query only"));
                    }
                }
                (p, TermPattern::Variable(v)) if p == atlas::SCORE => ask.score = Some(v.clone()),
                (p, TermPattern::Literal(l)) if p == atlas::LIMIT => {
                    if limit_seen {
                        return Err(refuse("one atlas:limit only"));
                    }
                    limit_seen = true;
                    // Said, not guessed: a limit out of range is refused rather than clamped.
                    ask.limit = l
                        .value()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n))
                        .ok_or_else(|| {
                            refuse(format!(
                                "atlas:limit {:?}: a whole number from 1 to {MAX_LIMIT}",
                                l.value()
                            ))
                        })?;
                }
                (p, TermPattern::NamedNode(c)) if p == rdf::TYPE => ask.kinds.extend(kinds_of(c)?),
                (p, o) => return Err(refuse(format!("{p} {o}"))),
            }
        }
        ask.text = text.ok_or_else(|| refuse("atlas:query \"words\" is missing"))?;
        match subject {
            Some(TermPattern::Variable(v)) => ask.hit = Some(v.clone()),
            Some(TermPattern::NamedNode(n)) => ask.only = Some(n.clone()),
            Some(TermPattern::BlankNode(_)) => {}
            _ => return Err(refuse("the subject is a variable or an IRI")),
        }
        if ask.hit.is_some() && ask.hit == ask.score {
            return Err(refuse("the hit and its score are two variables"));
        }
        Ok(ask)
    }
}

impl ServiceHandler for SearchService {
    type Error = ServiceError;

    fn handle(
        &self,
        pattern: &GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceError> {
        let ask = Ask::read(pattern)?;
        let hits = self.hits(&ask)?;
        let variables: Vec<Variable> = ask.hit.iter().chain(&ask.score).cloned().collect();
        let rows: Vec<_> = hits
            .iter()
            .filter(|(iri, _)| ask.only.as_ref().is_none_or(|o| o.as_str() == iri))
            .map(|(iri, score)| {
                let mut row: Vec<Option<Term>> = Vec::new();
                if ask.hit.is_some() {
                    row.push(Some(NamedNode::new_unchecked(iri.as_str()).into()));
                }
                if ask.score.is_some() {
                    // Four decimals: enough to order by, and the same text every time.
                    let score = format!("{score:.4}");
                    row.push(Some(Literal::new_typed_literal(score, xsd::DECIMAL).into()));
                }
                Ok(row)
            })
            .collect();
        Ok(QuerySolutionIter::from_tuples(Arc::from(variables), rows))
    }
}
