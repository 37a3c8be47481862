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
/// back unchanged keeps it. The digest is kept beside the file's identity on disk (inode,
/// size, modification and change times to the nanosecond), so that a `304` reads nothing and
/// an answer hashes the bytes only when the file changed.
pub async fn file(
    State(state): State<Shared>,
    axum::extract::Path(name): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let known = crate::publish::bundle_files()
        .into_iter()
        .find(|(n, _)| *n == name);
    let (Some(dir), Some((name, media))) = (&state.bundle, known) else {
        return error_response(StatusCode::NOT_FOUND, "no such file in this bundle");
    };
    let path = dir.join(name);
    let if_none_match = super::cache::if_none_match(&headers);
    let read = tokio::task::spawn_blocking(move || {
        let identity = FileIdentity::of(&path)?;
        if let Some(etag) = known_etag(&path, &identity)
            && super::cache::etag_matches(&if_none_match, &etag)
        {
            return Ok::<_, std::io::Error>((None, etag));
        }
        let bytes = std::fs::read(&path)?;
        let etag = file_etag(&bytes);
        // Kept only when the file did not change while it was read.
        if FileIdentity::of(&path)? == identity {
            remember_etag(path, identity, etag.clone());
        }
        Ok((Some(bytes), etag))
    })
    .await;
    match read {
        Ok(Ok((bytes, etag))) => {
            let mut r = match bytes {
                Some(bytes) => {
                    let mut r = axum::response::IntoResponse::into_response(bytes);
                    if let Ok(v) = header::HeaderValue::from_str(media) {
                        r.headers_mut().insert(header::CONTENT_TYPE, v);
                    }
                    r
                }
                None => {
                    let mut r = StatusCode::NOT_MODIFIED.into_response();
                    if let Ok(v) = header::HeaderValue::from_str(&state.options.cache_control) {
                        r.headers_mut().insert(header::CACHE_CONTROL, v);
                    }
                    r
                }
            };
            if let Ok(v) = header::HeaderValue::from_str(&etag) {
                r.headers_mut().insert(header::ETAG, v);
            }
            r
        }
        Ok(Err(_)) => error_response(StatusCode::NOT_FOUND, "no such file in this bundle"),
        Err(e) => super::respond::Failure::from(e).into_response(),
    }
}

/// What tells a file on disk from its next version without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileIdentity {
    inode: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl FileIdentity {
    fn of(path: &std::path::Path) -> std::io::Result<Self> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path)?;
        Ok(Self {
            inode: m.ino(),
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        })
    }
}

/// The digests of the files served, by path, with the identity each was computed for.
type Digests = std::collections::HashMap<std::path::PathBuf, (FileIdentity, String)>;

fn digests() -> &'static std::sync::Mutex<Digests> {
    static DIGESTS: std::sync::OnceLock<std::sync::Mutex<Digests>> = std::sync::OnceLock::new();
    DIGESTS.get_or_init(Default::default)
}

/// The `ETag` computed for the file at `path` when it had this identity, if any.
fn known_etag(path: &std::path::Path, identity: &FileIdentity) -> Option<String> {
    let d = digests().lock().ok()?;
    d.get(path)
        .filter(|(id, _)| id == identity)
        .map(|(_, etag)| etag.clone())
}

fn remember_etag(path: std::path::PathBuf, identity: FileIdentity, etag: String) {
    if let Ok(mut d) = digests().lock() {
        d.insert(path, (identity, etag));
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
