//! What the Wikidata SPARQL endpoint says of the items we link to, never taken from the
//! reconciliation service: their countries (`wdt:P17`), their coordinates (`wdt:P625`), and the
//! twinnings of French authorities' items (`wdt:P190`, either direction, with the end time
//! `pq:P582`) and the twins' labels. Plain SPARQL 1.1: no label service, no engine extension.

use super::reconcile::is_qid;
use super::wikidata::{LinkError, LinkOptions, select};
use crate::vocab::wikidata as wd;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What one item is, as the endpoint said.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFacts {
    /// Its countries (`Q33`), sorted.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Its point, `POINT(lon lat)`, when it has one on Earth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
}

/// A twin of a French authority's item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Twin {
    /// The twin (`Q1748`).
    pub item: String,
    /// Its countries.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Its labels (every language), sorted.
    #[serde(default)]
    pub labels: Vec<String>,
    /// When the twinning ended (`P582`, the date part), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// The item id of an entity IRI, if it is one.
fn qid(iri: &str) -> Option<String> {
    iri.strip_prefix(wd::ENTITY)
        .filter(|id| is_qid(id))
        .map(str::to_string)
}

fn values(items: &[&str]) -> String {
    items
        .iter()
        .filter(|i| is_qid(i))
        .map(|i| format!("<{}{i}>", wd::ENTITY))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The query for the countries and points of a batch of items.
pub fn facts_query(items: &[&str]) -> String {
    format!(
        "SELECT ?item ?country ?point WHERE {{ VALUES ?item {{ {} }} \
         OPTIONAL {{ ?item <{d}{}> ?country }} OPTIONAL {{ ?item <{d}{}> ?point }} }}",
        values(items),
        wd::P17_COUNTRY,
        wd::P625_COORDINATES,
        d = wd::DIRECT
    )
}

/// `POINT(lon lat)` from Wikidata's `Point(lon lat)`; `None` for another globe (an IRI before
/// the point) or numbers out of range.
pub fn point(wkt: &str) -> Option<String> {
    let inner = wkt
        .trim()
        .strip_prefix("Point(")
        .or_else(|| wkt.trim().strip_prefix("POINT("))?
        .strip_suffix(')')?;
    let mut it = inner.split_whitespace().map(str::parse::<f64>);
    let (Some(Ok(lon)), Some(Ok(lat)), None) = (it.next(), it.next(), it.next()) else {
        return None;
    };
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat))
        .then(|| format!("POINT({lon} {lat})"))
}

/// Asks the facts of a batch of items: every item asked comes back.
pub fn ask_facts(
    agent: &ureq::Agent,
    options: &LinkOptions,
    items: &[&str],
    retries: &mut usize,
) -> Result<BTreeMap<String, ItemFacts>, LinkError> {
    let rows = select(agent, options, &facts_query(items), retries)?;
    let mut out: BTreeMap<String, ItemFacts> = items
        .iter()
        .map(|i| (i.to_string(), ItemFacts::default()))
        .collect();
    let mut points: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        let Some(item) = row.get("item").and_then(|i| qid(i)) else {
            continue;
        };
        let Some(facts) = out.get_mut(&item) else {
            continue;
        };
        if let Some(c) = row.get("country").and_then(|c| qid(c)) {
            facts.countries.push(c);
        }
        if let Some(p) = row.get("point").and_then(|p| point(p)) {
            points.entry(item).or_default().insert(p);
        }
    }
    for (item, facts) in &mut out {
        facts.countries.sort();
        facts.countries.dedup();
        // Several points (a city's centre and its town hall): the smallest, so that the choice
        // is stable.
        facts.point = points.get(item).and_then(|p| p.first().cloned());
    }
    Ok(out)
}

/// The query for the twins of a batch of French items, in either direction.
pub fn twins_query(items: &[&str]) -> String {
    let p190 = wd::P190_TWINNED;
    format!(
        "SELECT ?a ?b ?country ?label ?end WHERE {{ VALUES ?a {{ {} }} \
         {{ ?a <{d}{p190}> ?b }} UNION {{ ?b <{d}{p190}> ?a }} \
         OPTIONAL {{ ?b <{d}{}> ?country }} \
         OPTIONAL {{ ?b <http://www.w3.org/2000/01/rdf-schema#label> ?label }} \
         OPTIONAL {{ {{ ?a <{p}{p190}> ?s . ?s <{ps}{p190}> ?b }} UNION \
         {{ ?b <{p}{p190}> ?s . ?s <{ps}{p190}> ?a }} ?s <{pq}{}> ?end }} }}",
        values(items),
        wd::P17_COUNTRY,
        wd::P582_END_TIME,
        d = wd::DIRECT,
        p = wd::STATEMENT,
        ps = wd::STATEMENT_VALUE,
        pq = wd::QUALIFIER,
    )
}

/// Asks the twins of a batch of French items: every item asked comes back, its twins sorted.
pub fn ask_twins(
    agent: &ureq::Agent,
    options: &LinkOptions,
    items: &[&str],
    retries: &mut usize,
) -> Result<BTreeMap<String, Vec<Twin>>, LinkError> {
    let rows = select(agent, options, &twins_query(items), retries)?;
    let mut found: BTreeMap<String, BTreeMap<String, Twin>> = items
        .iter()
        .map(|i| (i.to_string(), BTreeMap::new()))
        .collect();
    for row in rows {
        let (Some(a), Some(b)) = (
            row.get("a").and_then(|a| qid(a)),
            row.get("b").and_then(|b| qid(b)),
        ) else {
            continue;
        };
        let Some(twins) = found.get_mut(&a) else {
            continue;
        };
        let twin = twins.entry(b.clone()).or_insert_with(|| Twin {
            item: b,
            ..Twin::default()
        });
        if let Some(c) = row.get("country").and_then(|c| qid(c)) {
            twin.countries.push(c);
        }
        if let Some(l) = row.get("label") {
            twin.labels.push(l.chars().take(200).collect());
        }
        if let Some(e) = row.get("end") {
            // `+1998-01-01T00:00:00Z` or `1998-01-01T00:00:00Z`: the date part.
            let date: String = e.trim_start_matches('+').chars().take(10).collect();
            if twin.end.as_ref().is_none_or(|old| date < *old) {
                twin.end = Some(date);
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|(a, twins)| {
            let twins = twins
                .into_values()
                .map(|mut t| {
                    t.countries.sort();
                    t.countries.dedup();
                    t.labels.sort();
                    t.labels.dedup();
                    t
                })
                .collect();
            (a, twins)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_read_on_earth_only() {
        assert_eq!(
            point("Point(27.68 62.89)").as_deref(),
            Some("POINT(27.68 62.89)")
        );
        assert_eq!(
            point("<http://www.wikidata.org/entity/Q405> Point(1 2)"),
            None
        );
        assert_eq!(point("Point(200 2)"), None);
        assert_eq!(point("Point(1)"), None);
        assert!(!facts_query(&["Q1", "x"]).contains("SERVICE"));
        assert!(
            facts_query(&["Q1", "x\"}"])
                .contains("VALUES ?item { <http://www.wikidata.org/entity/Q1> }")
        );
    }
}
