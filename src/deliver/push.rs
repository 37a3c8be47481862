//! `push`: every named graph of the store to another triple store with the SPARQL 1.1 Graph
//! Store HTTP Protocol, one `PUT ?graph=IRI` per graph, so that a second push replaces rather
//! than duplicates. The canonical hash of each graph pushed is kept in a state file; with
//! `only_changed`, graphs whose hash has not moved are skipped, and graphs gone from the store
//! since the last push are deleted from the target.

use crate::http::{self, Credentials, HttpError, Retry};
use crate::rdf::hash::quads_hash;
use crate::store::{StoreError, storage_error};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Triple};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What can go wrong while pushing.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The target refused or failed.
    #[error("graph {graph}: {source}")]
    Http {
        /// The graph being written.
        graph: String,
        /// The failure.
        source: HttpError,
    },
    /// The target asks for credentials we do not have, or refuses ours.
    #[error("{url}: {message}")]
    Auth {
        /// The Graph Store address.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The state file cannot be read or written.
    #[error("push state {path}: {message}")]
    State {
        /// The state file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl PushError {
    /// Whether running again may complete the push: the target gave no answer, a 429 or a
    /// 5xx. Refusals (401, another 4xx) and a store or state file that cannot be read are not.
    pub fn transient(&self) -> bool {
        match self {
            PushError::Http { source, .. } => source.transient(),
            _ => false,
        }
    }
}

/// How to push.
#[derive(Debug)]
pub struct PushOptions {
    /// The Graph Store endpoint (`http://host:8890/sparql-graph-crud-auth` for Virtuoso).
    pub graph_store: String,
    /// User and password, when the endpoint asks.
    pub credentials: Option<Credentials>,
    /// Skip graphs unchanged since the last push to this endpoint.
    pub only_changed: bool,
    /// Where the hashes of pushed graphs are kept.
    pub state: PathBuf,
    /// Retries of transient failures.
    pub retry: Retry,
    /// Timeout of one request.
    pub timeout: Duration,
}

/// What a push did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PushSummary {
    /// Named graphs in the store.
    pub graphs: usize,
    /// Graphs written.
    pub sent: usize,
    /// Graphs skipped as unchanged.
    pub unchanged: usize,
    /// Graphs deleted from the target (gone from the store).
    pub deleted: usize,
    /// Triples written.
    pub triples: usize,
    /// Bytes of N-Triples sent.
    pub bytes: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// The state file: per Graph Store address, the hash of every graph pushed.
type State = BTreeMap<String, BTreeMap<String, String>>;

/// The default state file of a store: beside RocksDB's own files, which it leaves alone.
pub fn default_state(store_dir: &Path) -> PathBuf {
    store_dir.join("atlas-lod-push.json")
}

fn load_state(path: &Path) -> Result<State, PushError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| PushError::State {
            path: path.display().to_string(),
            message: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::new()),
        Err(e) => Err(PushError::State {
            path: path.display().to_string(),
            message: e.to_string(),
        }),
    }
}

fn save_state(path: &Path, state: &State) -> Result<(), PushError> {
    let err = |e: String| PushError::State {
        path: path.display().to_string(),
        message: e,
    };
    let text = serde_json::to_vec_pretty(state).map_err(|e| err(e.to_string()))?;
    // Written aside then renamed: an interrupted push never leaves half a state file.
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| err(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
}

/// The request address for one graph.
fn graph_url(base: &str, graph: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("graph", graph)
        .finish();
    format!("{base}{sep}{query}")
}

/// The path and query of an address, as Digest authentication signs it.
fn request_uri(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

struct Client<'a> {
    agent: ureq::Agent,
    options: &'a PushOptions,
}

impl Client<'_> {
    /// Sends one request, answering an authentication challenge once.
    fn request(
        &self,
        method: &str,
        url: &str,
        graph: &str,
        body: Option<&[u8]>,
    ) -> Result<u16, PushError> {
        let uri = request_uri(url);
        let mut challenged = false;
        loop {
            let result = http::send(
                self.options.retry,
                url,
                || {
                    let mut req = self
                        .agent
                        .request(method, url)
                        .set("User-Agent", http::USER_AGENT);
                    if let Some(auth) = self
                        .options
                        .credentials
                        .as_ref()
                        .and_then(|c| c.authorization(method, &uri))
                    {
                        req = req.set("Authorization", &auth);
                    }
                    match body {
                        Some(b) => req
                            .set("Content-Type", "application/n-triples; charset=utf-8")
                            .send_bytes(b),
                        None => req.call(),
                    }
                    .map_err(Box::new)
                },
                |_, _| {},
            );
            match result {
                Ok(r) => return Ok(r.status()),
                Err(HttpError::Status { status: 404, .. }) if method == "DELETE" => return Ok(404),
                Err(HttpError::Status {
                    status: 401,
                    challenge,
                    ..
                }) if !challenged => {
                    challenged = true;
                    let Some(creds) = &self.options.credentials else {
                        return Err(PushError::Auth {
                            url: self.options.graph_store.clone(),
                            message: "the Graph Store asks for credentials: give --user and --password-env".into(),
                        });
                    };
                    match challenge {
                        Some(h) if creds.learn(&h) => continue,
                        Some(h) => {
                            return Err(PushError::Auth {
                                url: self.options.graph_store.clone(),
                                message: format!("unsupported authentication scheme: {h}"),
                            });
                        }
                        None => {
                            return Err(PushError::Auth {
                                url: self.options.graph_store.clone(),
                                message: "401 without a WWW-Authenticate challenge".into(),
                            });
                        }
                    }
                }
                Err(HttpError::Status { status: 401, .. }) => {
                    return Err(PushError::Auth {
                        url: self.options.graph_store.clone(),
                        message: "the user or password was refused (HTTP 401)".into(),
                    });
                }
                Err(source) => {
                    return Err(PushError::Http {
                        graph: graph.to_string(),
                        source,
                    });
                }
            }
        }
    }
}

/// The triples of one graph as N-Triples, lines sorted (the same graph gives the same bytes).
fn ntriples(
    store: &Store,
    graph: &str,
    path: &Path,
) -> Result<(Vec<u8>, usize, String), PushError> {
    let g = oxigraph::model::NamedNodeRef::new_unchecked(graph);
    let quads: Vec<oxigraph::model::Quad> = store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g)))
        .collect::<Result<_, _>>()
        .map_err(|e| PushError::Store(storage_error(path, e)))?;
    let hash = quads_hash(&quads);
    let mut lines: Vec<String> = quads
        .into_iter()
        .map(|q| format!("{} .\n", Triple::from(q)))
        .collect();
    lines.sort_unstable();
    let count = lines.len();
    Ok((lines.concat().into_bytes(), count, hash))
}

/// Pushes every named graph of `store` (opened from `path`); `progress` hears of each graph.
pub fn run(
    store: &Store,
    path: &Path,
    options: &PushOptions,
    mut progress: impl FnMut(&PushSummary),
) -> Result<PushSummary, PushError> {
    let started = Instant::now();
    let mut names: Vec<String> = Vec::new();
    for g in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(n) =
            g.map_err(|e| PushError::Store(storage_error(path, e)))?
        {
            names.push(n.into_string());
        }
    }
    names.sort();
    let mut state = load_state(&options.state)?;
    let previous = state.remove(&options.graph_store).unwrap_or_default();
    let mut pushed: BTreeMap<String, String> = BTreeMap::new();
    let client = Client {
        agent: ureq::AgentBuilder::new()
            .timeout(options.timeout)
            .redirects(0)
            .build(),
        options,
    };
    let mut summary = PushSummary {
        graphs: names.len(),
        ..Default::default()
    };
    let save = |state: &mut State, pushed: &BTreeMap<String, String>| {
        state.insert(options.graph_store.clone(), pushed.clone());
        save_state(&options.state, state)
    };
    for (i, graph) in names.iter().enumerate() {
        let (body, triples, hash) = ntriples(store, graph, path)?;
        if options.only_changed && previous.get(graph) == Some(&hash) {
            summary.unchanged += 1;
        } else {
            client.request(
                "PUT",
                &graph_url(&options.graph_store, graph),
                graph,
                Some(&body),
            )?;
            summary.sent += 1;
            summary.triples += triples;
            summary.bytes += body.len();
        }
        pushed.insert(graph.clone(), hash);
        // Saved now and then, so that an interrupted push resumes where it stopped. The
        // graphs of the last push not reached yet are kept in it: one gone from the store
        // must still be deleted by the next run, however far this one got.
        if i % 1000 == 999 {
            let mut so_far = previous.clone();
            so_far.extend(pushed.iter().map(|(g, h)| (g.clone(), h.clone())));
            save(&mut state, &so_far)?;
        }
        progress(&summary);
    }
    for gone in previous.keys().filter(|g| !pushed.contains_key(*g)) {
        client.request("DELETE", &graph_url(&options.graph_store, gone), gone, None)?;
        summary.deleted += 1;
    }
    save(&mut state, &pushed)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_addresses_are_encoded() {
        assert_eq!(
            graph_url("http://h:1/gs", "https://w3id.org/x/graph/a b"),
            "http://h:1/gs?graph=https%3A%2F%2Fw3id.org%2Fx%2Fgraph%2Fa+b"
        );
        assert_eq!(
            graph_url("http://h:1/gs?x=1", "g"),
            "http://h:1/gs?x=1&graph=g"
        );
        assert_eq!(request_uri("http://h:1/gs?graph=g"), "/gs?graph=g");
        assert_eq!(request_uri("http://h:1"), "/");
    }
}
