//! `/catalog`: the DCAT-AP catalogue of a published bundle, by content negotiation and paged
//! with Hydra (see [`super::hydra`]); `/files/{name}`: the bundle's files.

use super::describe::rdf_or_page_with;
use super::hydra::{PAGE_SIZE, page};
use super::respond::error_response;
use super::state::Shared;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `GET /files/{name}`: a file of the published bundle, by its exact name only (no paths).
///
/// Its `ETag` is a digest of the bytes served: a file rewritten on disk (a new publication
/// into the same folder) gets a new one whatever the store's generation, and a file copied
/// back unchanged keeps it. The bytes are read in full for every answer anyway, so the digest
/// costs one pass over bytes already in memory (a stat-based tag would save that pass but
/// could miss a rewrite within one timestamp tick of the same size).
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
    let path = dir.join(name);
    let read = tokio::task::spawn_blocking(move || {
        let bytes = std::fs::read(path)?;
        let etag = file_etag(&bytes);
        Ok::<_, std::io::Error>((bytes, etag))
    })
    .await;
    match read {
        Ok(Ok((bytes, etag))) => {
            let mut r = axum::response::IntoResponse::into_response(bytes);
            if let Ok(v) = header::HeaderValue::from_str(media) {
                r.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = header::HeaderValue::from_str(&etag) {
                r.headers_mut().insert(header::ETAG, v);
            }
            r
        }
        Ok(Err(_)) => error_response(StatusCode::NOT_FOUND, "no such file in this bundle"),
        Err(e) => super::respond::Failure::from(e).into_response(),
    }
}

/// A weak validator from a file's bytes (weak: the compression layer may re-encode them).
pub fn file_etag(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    format!("W/\"sha256-{}\"", hex::encode(&digest[..12]))
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
