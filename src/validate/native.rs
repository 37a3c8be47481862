//! Our one SHACL-SPARQL constraint (`shapes:Partnership-endBeforeStart`), evaluated in Rust.
//!
//! The engine evaluates SHACL-SPARQL by building a SPARQL store over every data graph, and
//! that build (a bulk loader sized for millions of quads) cost more than all the Core
//! constraints of a record together. The constraint stays in `shapes/atlas.ttl`, so that other
//! SHACL engines check it on published data; we take it out of the engine's copy and compute
//! the same results here. `tests/it/shapes.rs` checks that both give identical findings.

use super::{Finding, ResultPath, Severity};
use crate::vocab::{atlas, rdf, xsd};
use oxigraph::model::{NamedNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const SHAPE: &str = "https://w3id.org/atlas-lod/shapes#Partnership";
const CONSTRAINT_LINE: &str = " ;\n    sh:sparql shapes:Partnership-endBeforeStart .";
const CONSTRAINT: &str = "https://w3id.org/atlas-lod/shapes#Partnership-endBeforeStart";

/// "The end date ({?value}) is before the start year", for partnerships.
#[derive(Debug, Clone)]
pub struct EndBeforeStart {
    messages: Vec<(String, String)>,
}

impl EndBeforeStart {
    /// Removes the constraint from our shapes text; returns the text for the engine and the
    /// native check (or the text unchanged and `None` if the constraint is not there as
    /// shipped).
    pub fn take_from(
        shapes: &str,
        messages: &HashMap<String, Vec<(String, String)>>,
    ) -> (String, Option<Self>) {
        match (
            shapes.contains(CONSTRAINT_LINE),
            messages.get(&format!("<{CONSTRAINT}>")),
        ) {
            (true, Some(m)) => (
                shapes.replacen(CONSTRAINT_LINE, " .", 1),
                Some(Self {
                    messages: m.clone(),
                }),
            ),
            _ => (shapes.to_string(), None),
        }
    }

    /// The results the SPARQL query gives on `quads`: one per partnership, end date and start
    /// year with `YEAR(?end) < xsd:integer(STR(?start))`; values that the query's functions
    /// reject (not a date, not an integer) give none, as in SPARQL.
    pub fn check(&self, quads: &[Quad]) -> Vec<Finding> {
        let mut partnerships = BTreeSet::new();
        let mut ends: BTreeMap<String, Vec<Term>> = BTreeMap::new();
        let mut starts: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for q in quads {
            let s = q.subject.to_string();
            match q.predicate.as_ref() {
                rdf::TYPE if matches!(&q.object, Term::NamedNode(n) if n.as_ref() == atlas::PARTNERSHIP) =>
                {
                    partnerships.insert(s);
                }
                atlas::END_DATE => ends.entry(s).or_default().push(q.object.clone()),
                atlas::START_YEAR => {
                    if let Term::Literal(l) = &q.object {
                        starts.entry(s).or_default().push(l.value().to_string());
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for (subject, end_values) in &ends {
            if !partnerships.contains(subject) {
                continue;
            }
            let Some(focus) = quads
                .iter()
                .find(|q| &q.subject.to_string() == subject)
                .map(|q| Term::from(q.subject.clone()))
            else {
                continue;
            };
            for end in end_values {
                let Some(end_year) = year_of_date(end) else {
                    continue;
                };
                for start in starts.get(subject).into_iter().flatten() {
                    let Some(start) = integer(start) else {
                        continue;
                    };
                    if end_year < start {
                        let lexical = match end {
                            Term::Literal(l) => l.value().to_string(),
                            other => other.to_string(),
                        };
                        out.push(Finding {
                            severity: Severity::Violation,
                            focus_node: focus.clone(),
                            path: Some(ResultPath::Predicate(atlas::END_DATE.as_str().to_string())),
                            value: Some(end.clone()),
                            source_shape: Some(NamedNode::new_unchecked(SHAPE).into()),
                            component: crate::vocab::sh::SPARQL_CONSTRAINT_COMPONENT
                                .into_owned()
                                .into(),
                            messages: self
                                .messages
                                .iter()
                                .map(|(l, m)| (l.clone(), m.replace("{?value}", &lexical)))
                                .collect(),
                        });
                    }
                }
            }
        }
        out
    }
}

/// `YEAR()` of an `xsd:date` literal (SPARQL also takes `xsd:dateTime`).
fn year_of_date(t: &Term) -> Option<i64> {
    let Term::Literal(l) = t else { return None };
    let dt = l.datatype().as_str();
    if dt != xsd::DATE.as_str() && dt != xsd::DATE_TIME.as_str() {
        return None;
    }
    let v = l.value();
    let (neg, body) = v.strip_prefix('-').map_or((false, v), |b| (true, b));
    let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 || body.as_bytes().get(digits.len()) != Some(&b'-') {
        return None;
    }
    let y: i64 = digits.parse().ok()?;
    // A malformed date is an invalid literal: YEAR() fails on it.
    if dt == xsd::DATE.as_str()
        && chrono::NaiveDate::parse_from_str(body, "%Y-%m-%d").is_err()
        && body.len() == 10
    {
        return None;
    }
    Some(if neg { -y } else { y })
}

/// `xsd:integer(STR(?x))`: optional sign, digits, surrounding spaces allowed.
fn integer(s: &str) -> Option<i64> {
    let t = s.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}
