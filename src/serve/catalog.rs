//! `/catalog`: the DCAT-AP catalogue of a published bundle, by content negotiation and paged
//! with Hydra (see [`super::hydra`]); `/files/{name}`: the bundle's files.

use super::describe::rdf_or_page_with;
use super::hydra::{PAGE_SIZE, page};
use super::respond::error_response;
use super::state::Shared;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

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
        Some(t) => rdf_or_page_with(
            &state,
            ("Catalogue DCAT-AP", "DCAT-AP catalogue"),
            &t,
            &headers,
            state.schema_org.as_deref(),
        ),
        None => error_response(
            StatusCode::NOT_FOUND,
            format!("no page {number} in this catalogue"),
        ),
    }
}
