//! The validators of answers already given, so that a conditional GET is answered `304` before
//! its handler runs: a page's `ETag` is known only once its content type and `Vary` are, which
//! the handler decides, and rendering a page to learn that its reader already holds it cost
//! as much as the page (the load's 304s had the pages' p99).
//!
//! Kept as an HTTP cache keeps answers (RFC 9111, 4.1): by method and target, then by the
//! request headers the answer's `Vary` named (and [`ALWAYS_VARIES`]), with their values
//! as sent. A request whose headers match on all of these is one the same representation
//! answers, the premise every `ETag` of this server already rests on. Only the server's own
//! validators are kept (never one a handler set, as `/files/` does from the file's bytes), for
//! the store's generation at the time, within a byte budget.

use axum::http::{HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// The request headers an answer's `ETag` always depends on, whatever its `Vary` says: a
/// handler that forgot to name one must never hand a reader the validator of another's answer
/// (a French page's to an English reader).
pub const ALWAYS_VARIES: [&str; 2] = ["accept", "accept-language"];

/// The most memory the validators may take, estimated; past it they are dropped and learnt
/// again (a crawler's every distinct URL is one entry).
pub const VALIDATORS_BYTES: usize = 16 << 20;

/// What an entry is taken to cost beyond its texts (keys, slots, the vector).
const ENTRY_COST: usize = 160;

/// What a `304` repeats of the answer it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The answer's `ETag`.
    pub etag: HeaderValue,
    /// Its `Cache-Control`, `Vary` (every value).
    pub headers: Vec<(axum::http::HeaderName, HeaderValue)>,
}

/// One answer kept: the headers its `Vary` named, the digest of their values, what it said.
struct Entry {
    names: Vec<String>,
    values: [u8; 16],
    seen: Seen,
}

#[derive(Default)]
struct Inner {
    generation: String,
    by_target: HashMap<[u8; 16], Vec<Entry>>,
    bytes: usize,
}

/// The validators kept, per generation of the store.
#[derive(Default)]
pub struct Validators(Mutex<Inner>);

/// The digest of `parts`, each followed by a 0 byte.
fn digest<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> [u8; 16] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
        h.update([0]);
    }
    let mut out = [0; 16];
    out.copy_from_slice(&h.finalize()[..16]);
    out
}

/// The values of the headers `names` in `request`, as sent (each name once, in order).
fn values_of(request: &HeaderMap, names: &[String]) -> [u8; 16] {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    for name in names {
        parts.push(name.as_bytes().to_vec());
        for v in request.get_all(name.as_str()) {
            parts.push(v.as_bytes().to_vec());
        }
        parts.push(b"\n".to_vec());
    }
    digest(parts.iter().map(Vec::as_slice))
}

/// The request headers an answer depends on: [`ALWAYS_VARIES`], then those its `Vary`
/// lists, lower-case, each once (`*` among them when it varies on more than headers: such an
/// answer is never kept).
pub fn vary_names(response: &HeaderMap) -> Vec<String> {
    let mut names: Vec<String> = ALWAYS_VARIES.iter().map(|n| n.to_string()).collect();
    for v in response.get_all(axum::http::header::VARY) {
        for name in String::from_utf8_lossy(v.as_bytes()).split(',') {
            let name = name.trim().to_ascii_lowercase();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

impl Validators {
    fn lock(&self, generation: &str) -> std::sync::MutexGuard<'_, Inner> {
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if inner.generation != generation {
            *inner = Inner {
                generation: generation.to_string(),
                ..Inner::default()
            };
        }
        inner
    }

    /// What was answered to a request like this one (same method, target and the headers
    /// its answer varied on) in `generation`, if anything was.
    pub fn find(
        &self,
        generation: &str,
        method: &str,
        uri: &str,
        request: &HeaderMap,
    ) -> Option<Seen> {
        let target = digest([method.as_bytes(), uri.as_bytes()]);
        let inner = self.lock(generation);
        inner
            .by_target
            .get(&target)?
            .iter()
            .find(|e| values_of(request, &e.names) == e.values)
            .map(|e| e.seen.clone())
    }

    /// Keeps what a `200` answer to this request said, the request headers it depends on
    /// being `names` ([`vary_names`]); not when one is `*`.
    pub fn record(
        &self,
        generation: &str,
        method: &str,
        uri: &str,
        request: &HeaderMap,
        names: Vec<String>,
        seen: Seen,
    ) {
        if names.iter().any(|n| n == "*") {
            return;
        }
        let target = digest([method.as_bytes(), uri.as_bytes()]);
        let values = values_of(request, &names);
        let cost = ENTRY_COST
            + names.iter().map(String::len).sum::<usize>()
            + seen.etag.len()
            + seen.headers.iter().map(|(_, v)| v.len()).sum::<usize>();
        let mut inner = self.lock(generation);
        let kept = inner.by_target.entry(target).or_default();
        if kept.iter().any(|e| e.names == names && e.values == values) {
            return;
        }
        kept.push(Entry {
            names,
            values,
            seen,
        });
        inner.bytes += cost;
        if inner.bytes > VALIDATORS_BYTES {
            inner.by_target.clear();
            inner.bytes = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.append(*n, HeaderValue::from_static(v));
        }
        h
    }

    fn seen(tag: &'static str) -> Seen {
        Seen {
            etag: HeaderValue::from_static(tag),
            headers: Vec::new(),
        }
    }

    #[test]
    fn an_answer_is_found_only_for_the_same_target_headers_and_generation() {
        let v = Validators::default();
        let fr = headers(&[("accept", "text/html"), ("accept-language", "fr")]);
        let names = vary_names(&headers(&[("vary", "Accept, Accept-Language, Cookie")]));
        v.record("g1", "GET", "/id/x", &fr, names, seen("W/\"a\""));
        assert_eq!(v.find("g1", "GET", "/id/x", &fr), Some(seen("W/\"a\"")));
        let en = headers(&[("accept", "text/html"), ("accept-language", "en")]);
        assert_eq!(v.find("g1", "GET", "/id/x", &en), None);
        let mut cookie = fr.clone();
        cookie.append("cookie", HeaderValue::from_static("k=1"));
        assert_eq!(v.find("g1", "GET", "/id/x", &cookie), None);
        assert_eq!(v.find("g1", "HEAD", "/id/x", &fr), None);
        assert_eq!(v.find("g1", "GET", "/id/y", &fr), None);
        assert_eq!(v.find("g2", "GET", "/id/x", &fr), None);
        // The new generation dropped the old one's answers.
        assert_eq!(v.find("g1", "GET", "/id/x", &fr), None);
    }

    #[test]
    fn an_answer_varying_on_more_than_headers_is_never_kept_and_the_budget_holds() {
        let v = Validators::default();
        let h = headers(&[]);
        let star = vary_names(&headers(&[("vary", "Accept, *")]));
        v.record("g", "GET", "/s", &h, star, seen("W/\"s\""));
        assert_eq!(v.find("g", "GET", "/s", &h), None);
        let n = VALIDATORS_BYTES / ENTRY_COST + 10;
        for i in 0..n {
            v.record(
                "g",
                "GET",
                &format!("/{i}"),
                &h,
                Vec::new(),
                seen("W/\"x\""),
            );
        }
        let inner = v.lock("g");
        assert!(inner.bytes <= VALIDATORS_BYTES);
        assert!(inner.by_target.len() < n);
    }
}
