//! `/catalog`: the DCAT-AP catalogue of a published bundle (`catalog.ttl` beside the store, or
//! `--catalog FILE`), by content negotiation (Turtle, RDF/XML, JSON-LD...) and paged with
//! Hydra (`?page=N`, `hydra:PartialCollectionView` with first/last/next/previous), which is what
//! the data.gouv.fr DCAT harvester follows.

use super::describe::rdf_or_page;
use super::{Shared, error_response};
use crate::rdf::vocab::{dcat, hydra, rdf, xsd};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::{HashSet, VecDeque};
use std::path::Path;

/// Datasets per page unless `?page_size=` says otherwise.
pub const PAGE_SIZE: usize = 50;

/// Reads a catalogue file (parsed as is: a store would turn derived integer datatypes into
/// xsd:integer).
pub fn load(path: &Path) -> Result<Vec<Triple>, String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&text)
        .map(|q| {
            q.map(Triple::from)
                .map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// One page of the catalogue: the catalogue node, the datasets of this page and everything
/// reachable from them, plus the Hydra view.
pub fn page(triples: &[Triple], page: usize, size: usize, self_url: &str) -> Option<Vec<Triple>> {
    let catalog = triples.iter().find_map(|t| {
        (t.predicate.as_str() == rdf::TYPE
            && matches!(&t.object, Term::NamedNode(n) if n.as_str() == dcat::CATALOG))
        .then(|| t.subject.clone())
    })?;
    let mut datasets: Vec<Term> = triples
        .iter()
        .filter(|t| t.subject == catalog && t.predicate.as_str() == dcat::DATASET_PROP)
        .map(|t| t.object.clone())
        .collect();
    datasets.sort_by_cached_key(ToString::to_string);
    let size = size.max(1);
    let pages = datasets.len().div_ceil(size).max(1);
    if page == 0 || page > pages {
        return None;
    }
    let on_page: HashSet<&Term> = datasets.iter().skip((page - 1) * size).take(size).collect();
    let off_page: HashSet<&Term> = datasets.iter().filter(|d| !on_page.contains(d)).collect();
    // Reachability from the catalogue, not crossing into datasets of other pages.
    let mut keep: Vec<Triple> = Vec::new();
    let mut seen: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut queue = VecDeque::from([catalog.clone()]);
    seen.insert(catalog.clone());
    while let Some(s) = queue.pop_front() {
        for t in triples.iter().filter(|t| t.subject == s) {
            if off_page.contains(&t.object) {
                continue;
            }
            keep.push(t.clone());
            let next = match &t.object {
                Term::NamedNode(n) => Some(NamedOrBlankNode::from(n.clone())),
                Term::BlankNode(b) => Some(NamedOrBlankNode::from(b.clone())),
                _ => None,
            };
            if let Some(n) = next
                && seen.insert(n.clone())
            {
                queue.push_back(n);
            }
        }
    }
    let url = |p: usize| nn(&format!("{self_url}?page={p}"));
    let view = url(page);
    let int = |n: usize| Literal::new_typed_literal(n.to_string(), nn(xsd::INTEGER));
    keep.push(Triple::new(catalog, nn(hydra::VIEW), view.clone()));
    keep.push(Triple::new(
        view.clone(),
        nn(rdf::TYPE),
        nn(hydra::PARTIAL_COLLECTION_VIEW),
    ));
    keep.push(Triple::new(view.clone(), nn(hydra::FIRST), url(1)));
    keep.push(Triple::new(view.clone(), nn(hydra::LAST), url(pages)));
    if page < pages {
        keep.push(Triple::new(view.clone(), nn(hydra::NEXT), url(page + 1)));
    }
    if page > 1 {
        keep.push(Triple::new(
            view.clone(),
            nn(hydra::PREVIOUS),
            url(page - 1),
        ));
    }
    keep.push(Triple::new(
        view.clone(),
        nn(hydra::TOTAL_ITEMS),
        int(datasets.len()),
    ));
    keep.push(Triple::new(view, nn(hydra::ITEMS_PER_PAGE), int(size)));
    Some(keep)
}

/// `GET /files/{name}`: a file of the published bundle, by its exact name only (no paths).
pub async fn file(
    State(state): State<Shared>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Response {
    let known = crate::publish::bundle_files()
        .into_iter()
        .find(|(n, _)| *n == name);
    let (Some(dir), Some((name, media))) = (&state.bundle, known) else {
        return error_response(StatusCode::NOT_FOUND, "no such file in this bundle");
    };
    match tokio::fs::read(dir.join(name)).await {
        Ok(bytes) => {
            let mut r = axum::response::IntoResponse::into_response(bytes);
            if let Ok(v) = header::HeaderValue::from_str(media) {
                r.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            r
        }
        Err(_) => error_response(StatusCode::NOT_FOUND, "no such file in this bundle"),
    }
}

/// `GET /catalog[?page=N&page_size=M]`.
pub async fn handler(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some(triples) = &state.catalog else {
        return error_response(
            StatusCode::NOT_FOUND,
            "this server has no catalogue: `atlas-lod publish` writes catalog.ttl beside the store (or give --catalog FILE)",
        );
    };
    let (mut number, mut size) = (1usize, PAGE_SIZE);
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let parsed = v.parse::<usize>();
        match (k.as_ref(), parsed) {
            ("page", Ok(n)) => number = n,
            ("page_size", Ok(n)) => size = n.clamp(1, 1000),
            ("page" | "page_size", Err(_)) => {
                return error_response(StatusCode::BAD_REQUEST, format!("{k}={v} is not a number"));
            }
            _ => {}
        }
    }
    let self_url = format!("{}catalog", state.base_url);
    match page(triples, number, size, &self_url) {
        Some(t) => {
            let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
            rdf_or_page(&state, "DCAT-AP catalogue", &t, accept)
        }
        None => error_response(
            StatusCode::NOT_FOUND,
            format!("no page {number} in this catalogue"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog_of(n: usize) -> Vec<Triple> {
        let c = nn("http://e/catalog");
        let mut t = vec![Triple::new(c.clone(), nn(rdf::TYPE), nn(dcat::CATALOG))];
        for i in 0..n {
            let d = nn(&format!("http://e/dataset/{i:02}"));
            t.push(Triple::new(c.clone(), nn(dcat::DATASET_PROP), d.clone()));
            t.push(Triple::new(d.clone(), nn(rdf::TYPE), nn(dcat::DATASET)));
            let dist = nn(&format!("http://e/dist/{i:02}"));
            t.push(Triple::new(d, nn(dcat::DISTRIBUTION_PROP), dist.clone()));
            t.push(Triple::new(dist, nn(rdf::TYPE), nn(dcat::DISTRIBUTION)));
        }
        t
    }

    fn has(t: &[Triple], p: &str, o: &str) -> bool {
        t.iter()
            .any(|x| x.predicate.as_str() == p && x.object.to_string() == o)
    }

    #[test]
    fn pages_split_datasets_and_link_each_other() {
        let all = catalog_of(5);
        let p1 = page(&all, 1, 2, "http://s/catalog").unwrap();
        let p3 = page(&all, 3, 2, "http://s/catalog").unwrap();
        let datasets = |t: &[Triple]| {
            t.iter()
                .filter(|x| x.predicate.as_str() == dcat::DATASET_PROP)
                .count()
        };
        assert_eq!((datasets(&p1), datasets(&p3)), (2, 1));
        // Distributions follow their dataset onto its page only.
        assert!(
            p1.iter()
                .any(|x| x.subject.to_string() == "<http://e/dist/01>")
        );
        assert!(
            !p1.iter()
                .any(|x| x.subject.to_string() == "<http://e/dist/02>")
        );
        assert!(has(&p1, hydra::NEXT, "<http://s/catalog?page=2>"));
        assert!(!has(&p1, hydra::PREVIOUS, "<http://s/catalog?page=0>"));
        assert!(has(&p3, hydra::PREVIOUS, "<http://s/catalog?page=2>"));
        assert!(!p3.iter().any(|x| x.predicate.as_str() == hydra::NEXT));
        assert!(has(&p3, hydra::LAST, "<http://s/catalog?page=3>"));
        assert!(page(&all, 4, 2, "http://s/catalog").is_none());
        assert!(page(&all, 0, 2, "http://s/catalog").is_none());
    }
}
