//! Linked Data: every IRI the tool mints (under `https://w3id.org/atlas-lod/`, or under the
//! server's `--base-url`) dereferences here, as HTML for people or RDF by content negotiation
//! or a file extension (`.ttl`, `.jsonld`, `.nt`, `.rdf`, `.nq`, `.html`).

use super::html::{self, Site};
use super::negotiate;
use super::respond::{Failure, error_response, rdf_response};
use super::state::Shared;
use crate::store::resource::{Description, describe};
use crate::vocab;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

/// What a path names.
enum Found {
    Here(Description),
    Retired(crate::store::retired::Retired),
    Nothing,
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

fn bad_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    path.split('/').any(|s| s == ".." || s == ".")
        || lower.contains("%2e%2e")
        || lower.contains("%2f")
        || lower.contains("%5c")
        || path.contains('\\')
        || path.bytes().any(|b| b < 0x20 || b == 0x7f)
}

/// A page chosen by `Accept` (over the RDF formats) in the language of `Accept-Language`.
fn vary_page(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::VARY,
        axum::http::HeaderValue::from_static("Accept, Accept-Language"),
    );
    r
}

/// The fallback route: dereferences a minted IRI, or answers 404 with a page.
pub async fn resolve(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    let lang = negotiate::language(
        uri.query(),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
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
    let found = tokio::task::spawn_blocking(move || -> Result<Found, Failure> {
        for iri in &candidates {
            // A partnership gone from the current release: 410, never 404.
            if let Some(r) = crate::store::retired::lookup(&job.store, iri)? {
                return Ok(Found::Retired(r));
            }
            if let Some(d) = describe(&job.store, iri)? {
                return Ok(Found::Here(d));
            }
        }
        // Not described: anything minted under a retired partnership (its funding nodes, its
        // roles, its record graph) is gone with it.
        for iri in &candidates {
            if let Some(r) = crate::store::retired::lookup_under(&job.store, iri)? {
                return Ok(Found::Retired(r));
            }
        }
        Ok(Found::Nothing)
    })
    .await;
    let description = match found.map_err(Failure::from) {
        Ok(Ok(Found::Here(d))) => Some(d),
        Ok(Ok(Found::Nothing)) => None,
        Ok(Ok(Found::Retired(r))) => {
            let dumps = format!("{}files/atlas.nq.gz", state.base_url);
            return if wants_html {
                let body = html::gone(&r, &dumps, lang).into_string();
                vary_page((StatusCode::GONE, Html(body)).into_response())
            } else {
                error_response(
                    StatusCode::GONE,
                    format!(
                        "{} was last published before {} (\"{}\"); it is not in the current release",
                        r.iri, r.retired_on, r.title
                    ),
                )
            };
        }
        Ok(Err(e)) | Err(e) => return e.into_response(),
    };
    let Some(description) = description else {
        return if wants_html {
            let body = html::not_found(&path, lang).into_string();
            vary_page((StatusCode::NOT_FOUND, Html(body)).into_response())
        } else {
            error_response(
                StatusCode::NOT_FOUND,
                format!("nothing is known about {path}"),
            )
        };
    };
    if wants_html {
        let job = state.clone();
        let page = tokio::task::spawn_blocking(move || {
            let site = Site::new(&job.store, &job.base_url, lang)
                .with_labels(&job.labels, job.generation.current());
            let page = html::resource::page(&site, &description);
            site.finish(page).map_err(Failure::from)
        })
        .await;
        return match page.map_err(Failure::from) {
            Ok(Ok(page)) => vary_page(Html(page).into_response()),
            Ok(Err(e)) | Err(e) => e.into_response(),
        };
    }
    rdf_response(&description.triples, forced.or(accept.as_deref()))
}
