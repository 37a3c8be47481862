//! Descriptions of the service and the data: the SPARQL 1.1 Service Description, VoID, and the
//! Graph Store Protocol read (`GET /store?graph=IRI`).

use super::html::{self, Site};
use super::negotiate;
use super::respond::{Failure, accept, error_response, rdf_response};
use super::state::{AppState, Shared};
use crate::vocab::void;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad, Triple};

/// Like [`rdf_response`], but people asking for HTML get the statements as a page, titled
/// `title` (French, English) in the language they ask for.
pub fn rdf_or_page(
    state: &AppState,
    title: (&str, &str),
    triples: &[Triple],
    headers: &HeaderMap,
) -> Response {
    rdf_or_page_with(state, title, triples, headers, None)
}

/// Like [`rdf_or_page`], the page carrying the dataset's schema.org description when given.
pub fn rdf_or_page_with(
    state: &AppState,
    title: (&str, &str),
    triples: &[Triple],
    headers: &HeaderMap,
    dataset: Option<&str>,
) -> Response {
    let mut offered = negotiate::GRAPHS.to_vec();
    offered.push("text/html");
    if negotiate::choose(accept(headers), &offered) == Some("text/html") {
        let lang = negotiate::language(
            None,
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        );
        let site = Site::new(&state.store, &state.base_url, lang)
            .with_labels(&state.labels, state.generation.current());
        let page = html::statements_page(&site, lang.t(title.0, title.1), triples, dataset);
        return match site.finish(page) {
            Ok(page) => {
                let mut r = Html(page).into_response();
                r.headers_mut().insert(
                    axum::http::header::VARY,
                    axum::http::HeaderValue::from_static("Accept, Accept-Language"),
                );
                r
            }
            Err(e) => Failure::from(e).into_response(),
        };
    }
    rdf_response(triples, accept(headers))
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// The SPARQL 1.1 Service Description of this endpoint, as RDF or as a page.
pub fn service_description(state: &Shared, headers: &HeaderMap) -> Response {
    let t = crate::rdf::service::service_description(
        &format!("{}sparql", state.base_url),
        state.options.update_token.is_some(),
    );
    rdf_or_page(
        state,
        (
            "Description du service SPARQL",
            "SPARQL service description",
        ),
        &t,
        headers,
    )
}

/// The VoID description of the served data, computed once (counting every triple takes
/// seconds on a whole Atlas) and kept: the store is read-only between publications.
pub async fn void_of(state: &Shared) -> Result<&[Triple], Failure> {
    let job = state.clone();
    let triples = state
        .void
        .get_or_try_init(|| async move {
            tokio::task::spawn_blocking(move || {
                let dataset = format!("{}void#dataset", job.base_url);
                let mut t = crate::store::describe::void_triples(
                    &job.store,
                    &dataset,
                    Some(&format!("{}sparql", job.base_url)),
                )?;
                // The bundle's dumps, when the store came with them.
                if let Some(dir) = &job.bundle {
                    for name in ["atlas.nt.gz", "atlas.ttl.gz", "atlas.nq.gz"] {
                        if dir.join(name).is_file() {
                            t.push(Triple::new(
                                nn(&dataset),
                                void::DATA_DUMP.into_owned(),
                                nn(&format!("{}files/{name}", job.base_url)),
                            ));
                        }
                    }
                }
                Ok::<_, Failure>(t)
            })
            .await?
        })
        .await?;
    Ok(triples)
}

/// `GET /void` and `/.well-known/void`.
pub async fn void(State(state): State<Shared>, headers: HeaderMap) -> Response {
    match void_of(&state).await {
        Ok(t) => rdf_or_page(
            &state,
            (
                "Description VoID du jeu de données",
                "VoID description of the dataset",
            ),
            t,
            &headers,
        ),
        Err(e) => e.into_response(),
    }
}

/// What reading one graph can meet.
#[derive(Debug, thiserror::Error)]
enum GraphRead {
    #[error("the graph has more than {0} triples (--max-rows); use a dump")]
    TooLarge(usize),
    #[error(transparent)]
    Failed(#[from] Failure),
}

/// `GET /store?graph=IRI` (or `?default`): one graph, as the Graph Store Protocol reads it.
pub async fn graph_store(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let raw = raw.unwrap_or_default();
    let mut graph: Option<String> = None;
    let mut default = false;
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        match k.as_ref() {
            "graph" => graph = Some(v.into_owned()),
            "default" => default = true,
            _ => {}
        }
    }
    let name = match (graph, default) {
        (Some(g), false) => match NamedNode::new(&g) {
            Ok(n) => Some(n),
            Err(e) => return error_response(StatusCode::BAD_REQUEST, format!("graph <{g}>: {e}")),
        },
        (None, true) => None,
        _ => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "name one graph: ?graph=IRI or ?default",
            );
        }
    };
    let job = state.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<Option<Vec<Triple>>, GraphRead> {
        let graph_ref = match &name {
            Some(n) => GraphNameRef::NamedNode(n.as_ref()),
            None => GraphNameRef::DefaultGraph,
        };
        if let Some(n) = &name
            && !job
                .store
                .contains_named_graph(NamedNodeRef::from(n))
                .map_err(Failure::from)?
        {
            return Ok(None);
        }
        let mut triples = Vec::new();
        for q in job
            .store
            .quads_for_pattern(None, None, None, Some(graph_ref))
        {
            let q: Quad = q.map_err(Failure::from)?;
            if triples.len() >= job.options.max_rows {
                return Err(GraphRead::TooLarge(job.options.max_rows));
            }
            triples.push(Triple::from(q));
        }
        Ok(Some(triples))
    })
    .await;
    match result {
        Ok(Ok(Some(t))) => rdf_response(&t, accept(&headers)),
        Ok(Ok(None)) => error_response(StatusCode::NOT_FOUND, "no such graph in this store"),
        Ok(Err(e @ GraphRead::TooLarge(_))) => {
            error_response(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
        }
        Ok(Err(GraphRead::Failed(e))) => e.into_response(),
        Err(e) => Failure::from(e).into_response(),
    }
}
