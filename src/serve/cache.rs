//! HTTP caching for a store that is read-only between publications: a generation that names
//! the store's content (changed by every import, and by every update this server runs), weak
//! `ETag`s derived from it, and an in-memory cache of query answers with a byte budget.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// What the store holds, as a short name: the store's files (names, sizes, modification
/// times) when the server started, and the number of updates it has run since.
#[derive(Debug)]
pub struct Generation {
    files: String,
    updates: AtomicU64,
}

impl Generation {
    /// The generation of the store in `dir` (an import rewrites its files, so a new import
    /// gives a new generation).
    pub fn of_store(dir: &Path) -> Generation {
        let mut entries: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let m = e.metadata().ok()?;
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                Some(format!(
                    "{}\t{}\t{modified}",
                    e.file_name().to_string_lossy(),
                    m.len()
                ))
            })
            .collect();
        entries.sort();
        let digest = Sha256::digest(entries.join("\n").as_bytes());
        Generation {
            files: hex::encode(&digest[..8]),
            updates: AtomicU64::new(0),
        }
    }

    /// The current generation.
    pub fn current(&self) -> String {
        format!("{}.{}", self.files, self.updates.load(Ordering::SeqCst))
    }

    /// The store changed (an update ran, or may have).
    pub fn bump(&self) {
        self.updates.fetch_add(1, Ordering::SeqCst);
    }

    /// A weak validator for one representation: the generation and what selects the
    /// representation (method, path and query, `Accept`, content type).
    pub fn etag(&self, parts: &[&str]) -> String {
        let mut h = Sha256::new();
        for p in parts {
            h.update(p.as_bytes());
            h.update([0]);
        }
        format!(
            "W/\"{}-{}\"",
            self.current(),
            hex::encode(&h.finalize()[..8])
        )
    }
}

/// The `If-None-Match` values of a request, joined with `,` (what [`etag_matches`] reads).
pub fn if_none_match(headers: &axum::http::HeaderMap) -> String {
    headers
        .get_all(axum::http::header::IF_NONE_MATCH)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether an `If-None-Match` header (its values joined with `,`) names `etag`: `*`, or one of
/// its tags equal to it by weak comparison (RFC 9110, 13.1.2).
pub fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    let weak = |t: &str| t.trim().trim_start_matches("W/").to_string();
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || (!t.is_empty() && weak(t) == weak(etag)))
}

/// What identifies a query answer: the query text, what chooses its media type (the `format`
/// parameter and the `Accept` header, as sent: the same request gets the same type, so a kept
/// answer is found before the query is even parsed) and the dataset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The query as sent.
    pub query: String,
    /// The `format` parameter and the `Accept` header, as sent.
    pub media: String,
    /// `default-graph-uri` values.
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` values.
    pub named_graphs: Vec<String>,
}

impl Key {
    fn bytes(&self) -> usize {
        self.query.len()
            + self.media.len()
            + self
                .default_graphs
                .iter()
                .chain(&self.named_graphs)
                .map(String::len)
                .sum::<usize>()
    }
}

#[derive(Default)]
struct Inner {
    generation: String,
    answers: HashMap<Key, (u64, Answer)>,
    /// Last use -> key, for evicting the least recently used.
    order: BTreeMap<u64, Key>,
    used: usize,
    tick: u64,
}

/// A kept answer: its media type and its body (shared, never copied).
pub type Answer = (&'static str, axum::body::Bytes);

/// Query answers kept in memory, least recently used evicted past the byte budget, emptied
/// when the generation changes.
pub struct QueryCache {
    budget: usize,
    inner: Mutex<Inner>,
}

impl QueryCache {
    /// A cache holding at most `budget` bytes of answers (0: no caching).
    pub fn new(budget: usize) -> QueryCache {
        QueryCache {
            budget,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self, generation: &str) -> std::sync::MutexGuard<'_, Inner> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.generation != generation {
            *inner = Inner {
                generation: generation.to_string(),
                ..Inner::default()
            };
        }
        inner
    }

    /// The answer to `key` under `generation`, if kept.
    pub fn get(&self, generation: &str, key: &Key) -> Option<Answer> {
        let mut inner = self.lock(generation);
        inner.tick += 1;
        let tick = inner.tick;
        let (last, body) = inner.answers.get_mut(key)?;
        let previous = std::mem::replace(last, tick);
        let body = body.clone();
        inner.order.remove(&previous);
        inner.order.insert(tick, key.clone());
        Some(body)
    }

    /// Keeps the answer to `key` (answers over a quarter of the budget are not kept).
    pub fn put(&self, generation: &str, key: Key, answer: Answer) {
        let size = answer.1.len() + key.bytes();
        if size > self.budget / 4 {
            return;
        }
        let mut inner = self.lock(generation);
        inner.tick += 1;
        let tick = inner.tick;
        if let Some((old_tick, old)) = inner.answers.remove(&key) {
            inner.order.remove(&old_tick);
            inner.used -= old.1.len() + key.bytes();
        }
        while inner.used + size > self.budget {
            let Some((_, oldest)) = inner.order.pop_first() else {
                break;
            };
            if let Some((_, b)) = inner.answers.remove(&oldest) {
                inner.used -= b.1.len() + oldest.bytes();
            }
        }
        inner.used += size;
        inner.order.insert(tick, key.clone());
        inner.answers.insert(key, (tick, answer));
    }

    /// Bytes held now.
    pub fn used(&self) -> usize {
        self.inner.lock().map(|i| i.used).unwrap_or(0)
    }
}

/// The labels the pages show, read once per generation of the store: a label is written into
/// every record graph that names its thing (a status, a country, a partner), and reading it
/// from the store decodes each copy, thousands for a status; a partnership's page linking a
/// dozen such things took half a second, all of it there (`perf record`). Kept until the
/// store's generation changes (an update), and at most [`LABELS_KEPT`] of them.
#[derive(Default)]
pub struct LabelCache(Mutex<(String, HashMap<String, Option<String>>)>);

/// Labels kept at most (each a few dozen bytes: the IRI and its label).
pub const LABELS_KEPT: usize = 200_000;

impl LabelCache {
    /// The label of `iri` in `generation`: kept, or `read` and kept.
    pub fn get(
        &self,
        generation: &str,
        iri: &str,
        read: impl FnOnce() -> Result<Option<String>, oxigraph::store::StorageError>,
    ) -> Result<Option<String>, oxigraph::store::StorageError> {
        {
            let kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
            if kept.0 == generation
                && let Some(l) = kept.1.get(iri)
            {
                return Ok(l.clone());
            }
        }
        // Read outside the lock: other pages go on meanwhile.
        let label = read()?;
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if kept.0 != generation || kept.1.len() >= LABELS_KEPT {
            kept.0 = generation.to_string();
            kept.1.clear();
        }
        kept.1.insert(iri.to_string(), label.clone());
        Ok(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_read_once_per_generation() {
        let cache = LabelCache::default();
        let reads = std::cell::Cell::new(0);
        let read = || {
            reads.set(reads.get() + 1);
            Ok(Some("Ville de Lille".to_string()))
        };
        for _ in 0..3 {
            let l = cache
                .get("g1", "https://example.org/lille", read)
                .expect("label");
            assert_eq!(l.as_deref(), Some("Ville de Lille"));
        }
        assert_eq!(reads.get(), 1);
        // An update: the store's generation changes, and the label is read again.
        cache
            .get("g2", "https://example.org/lille", read)
            .expect("label");
        assert_eq!(reads.get(), 2);
        // No label is kept as such too.
        cache
            .get("g2", "https://example.org/x", || Ok(None))
            .expect("label");
        let again = cache.get("g2", "https://example.org/x", || Ok(Some("wrong".into())));
        assert_eq!(again.expect("label"), None);
    }

    fn key(q: &str) -> Key {
        Key {
            query: q.into(),
            media: "application/json".into(),
            default_graphs: vec![],
            named_graphs: vec![],
        }
    }

    #[test]
    fn answers_are_kept_evicted_by_age_and_emptied_by_a_new_generation() {
        let c = QueryCache::new(4000);
        let body = ("application/json", axum::body::Bytes::from(vec![b'x'; 900]));
        for q in ["a", "b", "c", "d"] {
            c.put("g1", key(q), body.clone());
        }
        assert!(c.get("g1", &key("a")).is_some());
        // A fifth answer evicts the least recently used ("b": "a" was just read).
        c.put("g1", key("e"), body.clone());
        assert!(c.get("g1", &key("b")).is_none());
        assert!(c.get("g1", &key("a")).is_some() && c.get("g1", &key("e")).is_some());
        assert!(c.used() <= 4000);
        // Another generation: nothing kept.
        assert!(c.get("g2", &key("a")).is_none());
        assert_eq!(c.used(), 0);
        // Too large for the budget: not kept.
        c.put(
            "g2",
            key("big"),
            ("application/json", axum::body::Bytes::from(vec![0; 2000])),
        );
        assert!(c.get("g2", &key("big")).is_none());
    }

    #[test]
    fn etags_follow_the_generation_and_the_representation() {
        let g = Generation::of_store(Path::new("/nonexistent"));
        let a = g.etag(&["GET", "/x", "text/html"]);
        assert_eq!(a, g.etag(&["GET", "/x", "text/html"]));
        assert_ne!(a, g.etag(&["GET", "/x", "text/turtle"]));
        g.bump();
        assert_ne!(a, g.etag(&["GET", "/x", "text/html"]));
        assert!(a.starts_with("W/\""));
        assert!(etag_matches(&format!("\"x\", {a}"), &a));
        assert!(etag_matches("*", &a));
        assert!(!etag_matches("", &a) && !etag_matches("\"x\"", &a));
    }
}
