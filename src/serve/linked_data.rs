//! Linked Data: every IRI the tool mints (under `https://w3id.org/atlas-lod/`, or under the
//! server's `--base-url`) dereferences here, as HTML for people or RDF by content negotiation
//! or a file extension (`.ttl`, `.jsonld`, `.nt`, `.rdf`, `.nq`, `.html`).

use super::describe::rdf_response;
use super::{Shared, error_response, negotiate, pages};
use crate::rdf::vocab::{self, foaf};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Triple};
use oxigraph::store::Store;
use std::collections::HashSet;

/// What the store knows about one resource.
#[derive(Debug, Default)]
pub struct Description {
    /// The resource.
    pub iri: String,
    /// Its statements: a whole graph for a graph, a partnership or a scheme; else the
    /// statements about it.
    pub triples: Vec<Triple>,
    /// Statements pointing to it (for pages), capped.
    pub incoming: Vec<Triple>,
    /// Whether more incoming statements exist than kept.
    pub incoming_truncated: bool,
}

/// Incoming links shown on a page at most.
pub const MAX_INCOMING: usize = 200;

fn graph_triples(store: &Store, graph: NamedNodeRef<'_>) -> Result<Vec<Triple>, String> {
    store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
        .map(|q| q.map(Triple::from).map_err(|e| e.to_string()))
        .collect()
}

/// Looks `iri` up; `None` when the store never mentions it.
pub fn describe(store: &Store, iri: &str) -> Result<Option<Description>, String> {
    let Ok(node) = NamedNode::new(iri) else {
        return Ok(None);
    };
    let err = |e: oxigraph::store::StorageError| e.to_string();
    let mut d = Description {
        iri: iri.to_string(),
        ..Default::default()
    };
    if store.contains_named_graph(node.as_ref()).map_err(err)? {
        d.triples = graph_triples(store, node.as_ref())?;
    } else if let Some(q) = store
        .quads_for_pattern(
            None,
            Some(NamedNodeRef::new_unchecked(foaf::PRIMARY_TOPIC)),
            Some(node.as_ref().into()),
            None,
        )
        .next()
    {
        // A partnership: its record graph holds it and everything it points to.
        let q: Quad = q.map_err(err)?;
        match q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(g) => {
                d.triples = graph_triples(store, g.as_ref())?;
            }
            _ => return Ok(None),
        }
    } else {
        let mut seen = HashSet::new();
        for q in store.quads_for_pattern(
            Some(NamedOrBlankNodeRef::from(node.as_ref())),
            None,
            None,
            None,
        ) {
            let t = Triple::from(q.map_err(err)?);
            if seen.insert(t.clone()) {
                d.triples.push(t);
            }
        }
    }
    let mut seen = HashSet::new();
    for q in store.quads_for_pattern(None, None, Some(node.as_ref().into()), None) {
        let t = Triple::from(q.map_err(err)?);
        if t.predicate.as_str() == foaf::PRIMARY_TOPIC {
            continue;
        }
        if seen.len() >= MAX_INCOMING {
            d.incoming_truncated = true;
            break;
        }
        if seen.insert(t.clone()) {
            d.incoming.push(t);
        }
    }
    if d.triples.is_empty() && d.incoming.is_empty() {
        return Ok(None);
    }
    d.triples.sort_by_cached_key(ToString::to_string);
    Ok(Some(d))
}

/// The IRIs a request path may stand for: under the project's root, and under the server's own
/// URL when it differs (data imported with `--base` at that URL).
pub fn candidates(path: &str, base_url: &str) -> Vec<String> {
    let rest = path.trim_start_matches('/');
    let mut c = vec![format!("{}{rest}", vocab::ns::ROOT)];
    if base_url != vocab::ns::ROOT {
        c.push(format!("{base_url}{rest}"));
    }
    c
}

/// Where a link to `iri` goes from our pages: our own resources stay on this server.
pub fn local_href(iri: &str, base_url: &str) -> String {
    if let Some(rest) = iri.strip_prefix(vocab::ns::ROOT) {
        return format!("/{rest}");
    }
    if let Some(rest) = iri.strip_prefix(base_url) {
        return format!("/{rest}");
    }
    iri.to_string()
}

fn bad_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    path.split('/').any(|s| s == ".." || s == ".")
        || lower.contains("%2e%2e")
        || lower.contains("%2f")
        || lower.contains("%5c")
        || path.contains('\\')
        || path.bytes().any(|b| b < 0x20 || b == 0x7f)
}

/// The fallback route: dereferences a minted IRI, or answers 404 with a page.
pub async fn resolve(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    if bad_path(&path) {
        return error_response(
            StatusCode::BAD_REQUEST,
            "this path cannot name a resource (dot segments, encoded slashes or control characters)",
        );
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // A file extension picks the format and is not part of the IRI.
    let (path_iri, forced) = match path.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => match negotiate::extension(ext) {
            Some(media) => (stem.to_string(), Some(media)),
            None => (path.clone(), None),
        },
        _ => (path.clone(), None),
    };
    let wants_html = match forced {
        Some(m) => m == "text/html",
        None => {
            let mut offered = vec!["text/turtle", "text/html"];
            offered.extend(negotiate::GRAPHS.iter().skip(1));
            negotiate::choose(accept.as_deref(), &offered) == Some("text/html")
        }
    };
    let job = state.clone();
    let candidates = candidates(&path_iri, &state.base_url);
    let found = tokio::task::spawn_blocking(move || -> Result<Option<Description>, String> {
        for iri in candidates {
            if let Some(d) = describe(&job.store, &iri)? {
                return Ok(Some(d));
            }
        }
        Ok(None)
    })
    .await;
    let description = match found {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => return error_response(StatusCode::INTERNAL_SERVER_ERROR, e),
        Err(e) => return error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let Some(description) = description else {
        let body = pages::not_found(&path);
        return if wants_html {
            (StatusCode::NOT_FOUND, Html(body)).into_response()
        } else {
            error_response(
                StatusCode::NOT_FOUND,
                format!("nothing is known about {path}"),
            )
        };
    };
    if wants_html {
        let job = state.clone();
        let lang = crate::charts::svg::Lang::parse(
            uri.query()
                .and_then(|q| {
                    form_urlencoded::parse(q.as_bytes())
                        .find(|(k, _)| k == "lang")
                        .map(|(_, v)| v.into_owned())
                })
                .as_deref(),
        );
        let page =
            tokio::task::spawn_blocking(move || pages::resource_page(&job, &description, lang))
                .await;
        return match page {
            Ok(html) => {
                let mut r = Html(html).into_response();
                r.headers_mut()
                    .insert(header::VARY, axum::http::HeaderValue::from_static("Accept"));
                r
            }
            Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        };
    }
    rdf_response(&description.triples, forced.or(accept.as_deref()))
}
