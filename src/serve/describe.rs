//! Descriptions of the service and the data: the SPARQL 1.1 Service Description, VoID, and the
//! Graph Store Protocol read (`GET /store?graph=IRI`).

use super::negotiate;
use super::sparql::body_response;
use super::{Shared, error_response};
use crate::rdf::vocab::{self, rdf, sd, void};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use oxigraph::io::RdfSerializer;
use oxigraph::model::{
    BlankNode, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
};

/// Serialises triples in `media` (one of [`negotiate::GRAPHS`]) with the project's prefixes.
pub fn triples_body(triples: &[Triple], media: &str) -> Result<Vec<u8>, String> {
    let format = negotiate::rdf_format(media).ok_or_else(|| format!("no RDF format {media}"))?;
    let mut ser = RdfSerializer::from_format(format);
    for (p, ns) in vocab::PREFIXES.iter().chain(vocab::DESCRIPTION_PREFIXES) {
        ser = ser.with_prefix(*p, *ns).map_err(|e| e.to_string())?;
    }
    let mut out = Vec::new();
    let mut w = ser.for_writer(&mut out);
    for t in triples {
        w.serialize_triple(t).map_err(|e| e.to_string())?;
    }
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// An RDF answer negotiated among [`negotiate::GRAPHS`], or 406.
pub fn rdf_response(triples: &[Triple], accept: Option<&str>) -> Response {
    let Some(media) = negotiate::choose(accept, negotiate::GRAPHS) else {
        return error_response(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the types in Accept is available here; available: {}",
                negotiate::GRAPHS.join(", ")
            ),
        );
    };
    match triples_body(triples, media) {
        Ok(body) => body_response(media, body),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// Like [`rdf_response`], but people asking for HTML get the statements as a page.
pub fn rdf_or_page(
    state: &super::AppState,
    title: &str,
    triples: &[Triple],
    accept: Option<&str>,
) -> Response {
    let mut offered = negotiate::GRAPHS.to_vec();
    offered.push("text/html");
    if negotiate::choose(accept, &offered) == Some("text/html") {
        let body = format!(
            "<h1>{}</h1>{}",
            super::pages::esc(title),
            super::pages::statements_table(state, triples)
        );
        return axum::response::IntoResponse::into_response(axum::response::Html(
            super::pages::layout(title, &body),
        ));
    }
    rdf_response(triples, accept)
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn triple(s: impl Into<NamedOrBlankNode>, p: &str, o: impl Into<Term>) -> Triple {
    Triple::new(s, nn(p), o)
}

/// The SPARQL 1.1 Service Description of this endpoint.
pub fn service_description(state: &Shared, accept: Option<&str>) -> Response {
    let endpoint = nn(&format!("{}sparql", state.base_url));
    let mut t = vec![
        triple(endpoint.clone(), rdf::TYPE, nn(sd::SERVICE)),
        triple(endpoint.clone(), sd::ENDPOINT, endpoint.clone()),
        triple(
            endpoint.clone(),
            sd::SUPPORTED_LANGUAGE,
            nn(sd::SPARQL11_QUERY),
        ),
        triple(endpoint.clone(), sd::FEATURE, nn(sd::UNION_DEFAULT_GRAPH)),
        triple(endpoint.clone(), sd::FEATURE, nn(sd::BASIC_FEDERATED_QUERY)),
    ];
    if state.options.update_token.is_some() {
        t.push(triple(
            endpoint.clone(),
            sd::SUPPORTED_LANGUAGE,
            nn(sd::SPARQL11_UPDATE),
        ));
    }
    for f in vocab::formats::ALL {
        t.push(triple(endpoint.clone(), sd::RESULT_FORMAT, nn(f)));
    }
    let dataset = BlankNode::new_unchecked("dataset");
    let default_graph = BlankNode::new_unchecked("defaultGraph");
    t.push(triple(
        endpoint.clone(),
        sd::DEFAULT_DATASET,
        dataset.clone(),
    ));
    t.push(triple(dataset.clone(), rdf::TYPE, nn(sd::DATASET)));
    t.push(triple(dataset.clone(), rdf::TYPE, nn(void::DATASET)));
    t.push(triple(
        dataset,
        vocab::dcterms::TITLE,
        Literal::new_language_tagged_literal_unchecked(
            "Atlas de la coopération décentralisée",
            "fr",
        ),
    ));
    t.push(triple(default_graph.clone(), rdf::TYPE, nn(sd::GRAPH)));
    t.push(triple(
        BlankNode::new_unchecked("dataset"),
        sd::DEFAULT_GRAPH,
        default_graph,
    ));
    rdf_or_page(state, "SPARQL service description", &t, accept)
}

/// `GET /void` and `/.well-known/void`.
pub async fn void(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
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
                            t.push(triple(
                                nn(&dataset),
                                void::DATA_DUMP,
                                nn(&format!("{}files/{name}", job.base_url)),
                            ));
                        }
                    }
                }
                Ok::<_, String>(t)
            })
            .await
            .map_err(|e| e.to_string())?
        })
        .await;
    match triples {
        Ok(t) => rdf_or_page(
            &state,
            "VoID description of the dataset",
            t,
            accept.as_deref(),
        ),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
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
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let job = state.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<Option<Vec<Triple>>, String> {
        let graph_ref = match &name {
            Some(n) => GraphNameRef::NamedNode(n.as_ref()),
            None => GraphNameRef::DefaultGraph,
        };
        if let Some(n) = &name
            && !job
                .store
                .contains_named_graph(NamedNodeRef::from(n))
                .map_err(|e| e.to_string())?
        {
            return Ok(None);
        }
        let mut triples = Vec::new();
        for q in job
            .store
            .quads_for_pattern(None, None, None, Some(graph_ref))
        {
            let q: Quad = q.map_err(|e| e.to_string())?;
            if triples.len() >= job.options.max_rows {
                return Err(format!(
                    "the graph has more than {} triples (--max-rows); use a dump",
                    job.options.max_rows
                ));
            }
            triples.push(Triple::from(q));
        }
        Ok(Some(triples))
    })
    .await;
    match result {
        Ok(Ok(Some(t))) => rdf_response(&t, accept.as_deref()),
        Ok(Ok(None)) => error_response(StatusCode::NOT_FOUND, "no such graph in this store"),
        Ok(Err(e)) => error_response(StatusCode::UNPROCESSABLE_ENTITY, e),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}
