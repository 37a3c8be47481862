//! `link wikidata`: `owl:sameAs` links from our countries and French authorities to Wikidata
//! items, found by identifier: ISO 3166-1 alpha-2 (`wdt:P297`, historical countries left out),
//! SIREN (`wdt:P1616`) and INSEE municipality code (`wdt:P374`).
//!
//! Keys are asked in batches (`VALUES`, 80 a request by default), with a polite User-Agent and
//! retries on 429/5xx. Every answer, found or not, goes into a cache file, so that a later run
//! (or `import --wikidata-cache`) links offline and asks only for new keys. A key that names
//! several items is reported and not linked: a wrong `owl:sameAs` is worse than none.

use crate::http::{self, HttpError, Retry};
use crate::store::{Handle, StoreError, WIKIDATA_LINKS_GRAPH, storage_error};
use crate::vocab::{atlas, owl, rdf, wikidata};
use oxigraph::model::{GraphName, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What can go wrong while linking.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Reading or writing the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The endpoint failed after the retries.
    #[error(transparent)]
    Http(#[from] HttpError),
    /// The endpoint's answer is not SPARQL JSON results.
    #[error("{url}: the answer is not SPARQL JSON results: {message}")]
    Answer {
        /// The endpoint.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// The cache file cannot be read or written.
    #[error("wikidata cache {path}: {message}")]
    Cache {
        /// The cache file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The review file of the places cannot be read or written, or is not one.
    #[error("places review file {path}: {message}")]
    Review {
        /// The review file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// How to link.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// The SPARQL endpoint (`https://query.wikidata.org/sparql`).
    pub endpoint: String,
    /// The cache file.
    pub cache: PathBuf,
    /// Use the cache only; ask nothing.
    pub offline: bool,
    /// Keys per request.
    pub batch: usize,
    /// Retries of transient failures.
    pub retry: Retry,
    /// Timeout of one request.
    pub timeout: Duration,
}

impl LinkOptions {
    /// Options for `cache`, asking the public endpoint.
    pub fn new(cache: PathBuf) -> Self {
        Self {
            endpoint: wikidata::ENDPOINT.to_string(),
            cache,
            offline: false,
            batch: 80,
            retry: Retry::default(),
            timeout: Duration::from_secs(60),
        }
    }
}

/// A key that names several items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguous {
    /// The property (`P297`).
    pub property: String,
    /// The key's value.
    pub key: String,
    /// The items it names.
    pub items: Vec<String>,
}

/// What a link run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LinkSummary {
    /// Distinct keys in the store, all properties together.
    pub keys: usize,
    /// Keys answered from the cache.
    pub cached: usize,
    /// Keys asked of the endpoint.
    pub asked: usize,
    /// Requests that succeeded.
    pub requests: usize,
    /// Waits before a retry.
    pub retries: usize,
    /// Keys with exactly one item.
    pub found: usize,
    /// Keys with no item.
    pub not_found: usize,
    /// Keys with several items (not linked).
    pub ambiguous: Vec<Ambiguous>,
    /// `owl:sameAs` triples in the links graph.
    pub links: usize,
}

/// The cache file: per property, per key, the items found (empty: asked, none found).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    /// Property id -> key -> item ids (`Q142`).
    pub properties: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Reconciliation answers: `country item<TAB>name` -> candidates, best first.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reconciled: BTreeMap<String, Vec<super::reconcile::Candidate>>,
    /// What the endpoint says of linked items and candidates (countries, point).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, super::facts::ItemFacts>,
    /// Twins of French authorities' items.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub twins: BTreeMap<String, Vec<super::facts::Twin>>,
}

impl Cache {
    /// Reads a cache file; a missing file is an empty cache.
    pub fn load(path: &Path) -> Result<Self, LinkError> {
        let err = |message: String| LinkError::Cache {
            path: path.display().to_string(),
            message,
        };
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| err(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(err(e.to_string())),
        }
    }

    /// Writes the cache (sorted, so the same answers give the same file).
    pub fn save(&self, path: &Path) -> Result<(), LinkError> {
        let err = |message: String| LinkError::Cache {
            path: path.display().to_string(),
            message,
        };
        let mut text = serde_json::to_vec_pretty(self).map_err(|e| err(e.to_string()))?;
        text.push(b'\n');
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(|e| err(e.to_string()))?;
        std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
    }
}

/// Our subjects per key, for one property.
type Keys = BTreeMap<String, BTreeSet<String>>;

/// The keys of each property found in the store's record graphs.
fn store_keys(store: &Store, path: &Path) -> Result<BTreeMap<&'static str, Keys>, LinkError> {
    let queries = [
        (
            wikidata::P297_ISO_ALPHA2,
            format!(
                // A NamedNodeRef displays as `<iri>`, as SPARQL writes it.
                "SELECT DISTINCT ?s ?v WHERE {{ GRAPH ?g {{ ?s {} {} ; {} ?v }} }}",
                rdf::TYPE,
                atlas::COUNTRY,
                atlas::ISO_ALPHA2
            ),
        ),
        (
            wikidata::P1616_SIREN,
            format!(
                "SELECT DISTINCT ?s ?v WHERE {{ GRAPH ?g {{ ?s {} ?v }} }}",
                atlas::SIREN
            ),
        ),
        (
            wikidata::P374_INSEE_COMMUNE,
            // Five characters: a commune. Two or three are départements or régions, which
            // share codes, so those are linked by SIREN only.
            format!(
                "SELECT DISTINCT ?s ?v WHERE {{ GRAPH ?g {{ ?s {} ?v FILTER(STRLEN(?v) = 5) }} }}",
                atlas::INSEE_CODE
            ),
        ),
    ];
    let mut out = BTreeMap::new();
    for (property, query) in queries {
        let results = SparqlEvaluator::new()
            .parse_query(&query)
            .map_err(|e| LinkError::Answer {
                url: "store".into(),
                message: e.to_string(),
            })?
            .on_store(store)
            .execute()
            .map_err(|e| {
                LinkError::Store(StoreError::Io(std::io::Error::other(format!(
                    "{}: {e}",
                    path.display()
                ))))
            })?;
        let mut keys = Keys::new();
        if let QueryResults::Solutions(solutions) = results {
            for s in solutions {
                let s = s.map_err(|e| {
                    LinkError::Store(StoreError::Io(std::io::Error::other(e.to_string())))
                })?;
                if let (Some(Term::NamedNode(subject)), Some(Term::Literal(v))) =
                    (s.get("s"), s.get("v"))
                {
                    keys.entry(v.value().to_string())
                        .or_default()
                        .insert(subject.as_str().to_string());
                }
            }
        }
        out.insert(property, keys);
    }
    Ok(out)
}

/// Whether a key can be written in a query as is (codes are letters and digits).
fn safe_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 32 && key.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The query for one batch of keys of one property.
pub fn batch_query(property: &str, keys: &[&str]) -> String {
    let values: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
    let current = if property == wikidata::P297_ISO_ALPHA2 {
        format!(
            " FILTER NOT EXISTS {{ ?item <{}{}> ?end }}",
            wikidata::DIRECT,
            wikidata::P576_DISSOLVED
        )
    } else {
        String::new()
    };
    format!(
        "SELECT ?key ?item WHERE {{ VALUES ?key {{ {} }} ?item <{}{property}> ?key .{current} }}",
        values.join(" "),
        wikidata::DIRECT
    )
}

/// A SPARQL 1.1 JSON results document, as far as the links read it (also `facts`).
#[derive(Deserialize)]
pub(super) struct Results {
    pub(super) results: Bindings,
}

/// The rows of a results document.
#[derive(Deserialize)]
pub(super) struct Bindings {
    pub(super) bindings: Vec<BTreeMap<String, Value>>,
}

/// One bound value.
#[derive(Deserialize)]
pub(super) struct Value {
    pub(super) value: String,
}

/// Runs one SELECT on the endpoint: its rows, variable -> value.
pub fn select(
    agent: &ureq::Agent,
    options: &LinkOptions,
    query: &str,
    retries: &mut usize,
) -> Result<Vec<BTreeMap<String, String>>, LinkError> {
    let response = http::send(
        options.retry,
        &options.endpoint,
        || {
            agent
                .post(&options.endpoint)
                .set("User-Agent", http::USER_AGENT)
                .set("Accept", "application/sparql-results+json")
                .send_form(&[("query", query)])
                .map_err(Box::new)
        },
        |_, _| *retries += 1,
    )?;
    let answer_error = |message: String| LinkError::Answer {
        url: options.endpoint.clone(),
        message,
    };
    let text = response
        .into_string()
        .map_err(|e| answer_error(e.to_string()))?;
    let parsed: Results = serde_json::from_str(&text).map_err(|e| answer_error(e.to_string()))?;
    Ok(parsed
        .results
        .bindings
        .into_iter()
        .map(|row| row.into_iter().map(|(k, v)| (k, v.value)).collect())
        .collect())
}

/// Asks one batch; every key asked comes back, with its items (sorted, deduplicated).
fn ask(
    agent: &ureq::Agent,
    options: &LinkOptions,
    property: &str,
    keys: &[&str],
    retries: &mut usize,
) -> Result<BTreeMap<String, Vec<String>>, LinkError> {
    let rows = select(agent, options, &batch_query(property, keys), retries)?;
    let mut out: BTreeMap<String, Vec<String>> =
        keys.iter().map(|k| (k.to_string(), Vec::new())).collect();
    for row in rows {
        let (Some(key), Some(item)) = (row.get("key"), row.get("item")) else {
            continue;
        };
        let Some(id) = item.strip_prefix(wikidata::ENTITY) else {
            continue;
        };
        if !(id.starts_with('Q') && id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        if let Some(items) = out.get_mut(key) {
            items.push(id.to_string());
        }
    }
    for items in out.values_mut() {
        items.sort();
        items.dedup();
    }
    Ok(out)
}

/// Links the store: asks for the keys the cache lacks (unless offline), saves the cache, and
/// rewrites the links graph from it. `progress` hears of each batch.
pub fn run(
    handle: &Handle,
    options: &LinkOptions,
    mut progress: impl FnMut(&LinkSummary),
) -> Result<LinkSummary, LinkError> {
    let (store, path): (&Store, &Path) = (handle, handle.path());
    let keys = store_keys(store, path)?;
    let mut cache = Cache::load(&options.cache)?;
    let mut summary = LinkSummary {
        keys: keys.values().map(BTreeMap::len).sum(),
        ..Default::default()
    };
    let agent = ureq::AgentBuilder::new()
        .timeout(options.timeout)
        .redirects(2)
        .build();
    for (property, by_key) in &keys {
        let known = cache.properties.entry(property.to_string()).or_default();
        let missing: Vec<&str> = by_key
            .keys()
            .map(String::as_str)
            .filter(|k| !known.contains_key(*k) && safe_key(k))
            .collect();
        // Keys that are not plain codes are never asked: neither cached nor asked, they end
        // up counted as not found.
        summary.cached += by_key.keys().filter(|k| known.contains_key(*k)).count();
        if options.offline {
            continue;
        }
        for chunk in missing.chunks(options.batch.max(1)) {
            let answers = ask(&agent, options, property, chunk, &mut summary.retries)?;
            summary.requests += 1;
            summary.asked += chunk.len();
            cache
                .properties
                .entry(property.to_string())
                .or_default()
                .extend(answers);
            // Saved after every batch: an interrupted run loses nothing it was told.
            cache.save(&options.cache)?;
            progress(&summary);
        }
    }
    if !options.offline {
        cache.save(&options.cache)?;
    }

    let graph = GraphName::NamedNode(NamedNode::new_unchecked(WIKIDATA_LINKS_GRAPH));
    let same_as = owl::SAME_AS.into_owned();
    let mut quads: std::collections::HashSet<Quad> = std::collections::HashSet::new();
    for (property, by_key) in &keys {
        let known = cache.properties.get(*property);
        for (key, subjects) in by_key {
            match known.and_then(|k| k.get(key)).map(Vec::as_slice) {
                Some([item]) => {
                    summary.found += 1;
                    let object = NamedNode::new_unchecked(format!("{}{item}", wikidata::ENTITY));
                    for s in subjects {
                        quads.insert(Quad::new(
                            NamedNode::new_unchecked(s.as_str()),
                            same_as.clone(),
                            object.clone(),
                            graph.clone(),
                        ));
                    }
                }
                Some([]) | None => summary.not_found += 1,
                Some(items) => summary.ambiguous.push(Ambiguous {
                    property: property.to_string(),
                    key: key.clone(),
                    items: items.to_vec(),
                }),
            }
        }
    }
    summary.links = quads.len();
    let err = |e| LinkError::Store(storage_error(path, e));
    let mut t = store.start_transaction().map_err(err)?;
    t.clear_graph(NamedNode::new_unchecked(WIKIDATA_LINKS_GRAPH).as_ref())
        .map_err(err)?;
    t.extend(&quads);
    t.commit().map_err(err)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_queries_name_the_property_and_every_key() {
        let q = batch_query("P297", &["CA", "FR"]);
        assert_eq!(
            q,
            "SELECT ?key ?item WHERE { VALUES ?key { \"CA\" \"FR\" } ?item <http://www.wikidata.org/prop/direct/P297> ?key . FILTER NOT EXISTS { ?item <http://www.wikidata.org/prop/direct/P576> ?end } }"
        );
        assert!(!batch_query("P1616", &["223300015"]).contains("P576"));
        assert!(safe_key("2A004") && !safe_key("\"} DROP") && !safe_key(""));
    }
}
