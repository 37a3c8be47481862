//! `/reconcile`: a W3C Reconciliation Service API v0.2 service over the store's full-text
//! index, so that OpenRefine (or any client of the protocol) matches a spreadsheet's names to
//! our IRIs and pulls our columns into it.
//!
//! - `GET /reconcile`: the manifest; with `queries=` a reconciliation batch, with `extend=` a
//!   data extension (`POST` with the same form fields, the protocol's main way);
//! - `/reconcile/suggest/{entity,type,property}?prefix=[&cursor=]`: auto-completion;
//! - `/reconcile/preview?id=`: an HTML summary for a client's frame; `/reconcile/view?id=`:
//!   our page of the entity (the manifest's view template);
//! - `/reconcile/properties?type=[&limit=]`: the properties data extension proposes.
//!
//! Identifiers are our IRIs whole; types are classes (schema space: our ontology). Every
//! answer is JSON (JSONP when `callback=` names a function), CORS-enabled like every route.
//! [`request`] reads what clients send, [`schema`] holds the types and properties, [`answer`]
//! writes candidates, rows and previews.

pub mod answer;
pub mod request;
pub mod schema;

use super::respond::error_response;
use super::state::Shared;
use crate::store::search::find::Searcher;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use request::Refusal;
use serde_json::{Value, json};

/// The longest JSONP function name accepted.
const MAX_CALLBACK: usize = 64;

/// The parameters of a request, each given at most once.
#[derive(Default)]
struct Params {
    queries: Option<String>,
    extend: Option<String>,
    callback: Option<String>,
    prefix: Option<String>,
    cursor: Option<String>,
    id: Option<String>,
    r#type: Option<String>,
    limit: Option<String>,
}

/// Reads `pairs` (the query string, then a form body); a parameter given twice is refused.
fn params(pairs: &[(String, String)]) -> Result<Params, Refusal> {
    let mut p = Params::default();
    for (k, v) in pairs {
        let slot = match k.as_str() {
            "queries" => &mut p.queries,
            "extend" => &mut p.extend,
            "callback" => &mut p.callback,
            "prefix" => &mut p.prefix,
            "cursor" => &mut p.cursor,
            "id" => &mut p.id,
            "type" => &mut p.r#type,
            "limit" => &mut p.limit,
            _ => continue,
        };
        if slot.is_some() {
            return Err(Refusal::Malformed(format!("`{k}` is given more than once")));
        }
        *slot = Some(v.clone());
    }
    if let Some(c) = &p.callback {
        let ok = c.len() <= MAX_CALLBACK
            && c.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && c.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_$.".contains(c));
        if !ok {
            return Err(Refusal::Malformed(format!(
                "`callback` must be a JavaScript function name (letters, digits, _ $ .; at most {MAX_CALLBACK})"
            )));
        }
    }
    Ok(p)
}

fn pairs_of(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn refusal(r: Refusal) -> Response {
    match r {
        Refusal::Malformed(m) => error_response(StatusCode::BAD_REQUEST, m),
        Refusal::TooLarge(m) => error_response(StatusCode::PAYLOAD_TOO_LARGE, m),
    }
}

/// A JSON answer, or JSONP (`callback(...)`) when a function was named.
fn json_answer(value: &Value, callback: Option<&str>) -> Response {
    let body = value.to_string();
    match callback {
        Some(f) => (
            [(header::CONTENT_TYPE, "application/javascript")],
            format!("/**/{f}({body});"),
        )
            .into_response(),
        None => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
    }
}

/// Runs `job` on the index, off the async threads (the first use may build the index).
async fn with_index<T: Send + 'static>(
    state: &Shared,
    job: impl FnOnce(&Searcher) -> Result<T, crate::store::search::SearchError> + Send + 'static,
) -> Result<T, Response> {
    let s = state.clone();
    let done = tokio::task::spawn_blocking(move || s.search_index().map(|i| job(&i))).await;
    match done {
        Ok(Some(Ok(v))) => Ok(v),
        Ok(None) => Err(error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "the search index is not available",
        )),
        Ok(Some(Err(e))) => Err(error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
        )),
        Err(e) => Err(error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
        )),
    }
}

/// The service manifest.
pub fn manifest(state: &Shared) -> Value {
    let base = state.base_url.trim_end_matches('/');
    let service = |path: &str| json!({"service_url": base, "service_path": path});
    let defaults: Vec<Value> = schema::DEFAULT_KINDS
        .iter()
        .filter_map(|k| schema::type_of(*k))
        .map(|t| schema::type_json(&t, false))
        .collect();
    json!({
        "versions": ["0.2"],
        "name": "Atlas de la coopération décentralisée (atlas-lod)",
        "identifierSpace": identifier_space(state),
        "schemaSpace": crate::vocab::ns::ATLAS,
        "documentation": format!("{base}/"),
        "serviceVersion": env!("CARGO_PKG_VERSION"),
        "batchSize": request::MAX_BATCH,
        "defaultTypes": defaults,
        "view": {"url": format!("{base}/reconcile/view?id={{{{id}}}}")},
        "preview": {
            "url": format!("{base}/reconcile/preview?id={{{{id}}}}"),
            "width": answer::PREVIEW_WIDTH,
            "height": answer::PREVIEW_HEIGHT,
        },
        "suggest": {
            "entity": service("/reconcile/suggest/entity"),
            "type": service("/reconcile/suggest/type"),
            "property": service("/reconcile/suggest/property"),
        },
        "extend": {
            "propose_properties": service("/reconcile/properties"),
            "property_settings": [],
        },
    })
}

/// The namespace our identifiers start with: the project's root, or the store's own base
/// when its records were minted elsewhere.
fn identifier_space(state: &Shared) -> String {
    match crate::store::base::recorded(&state.options.store) {
        Ok(Some(b)) if !b.starts_with(crate::vocab::ns::ROOT) => b,
        _ => crate::vocab::ns::ROOT.to_string(),
    }
}

/// `GET /reconcile`: the manifest, or a batch (`queries=`), or a data extension (`extend=`).
pub async fn get(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let pairs = pairs_of(raw.unwrap_or_default().as_bytes());
    dispatch(state, pairs).await
}

/// `POST /reconcile`: a batch or a data extension, as form fields (the query string's
/// parameters are read too).
pub async fn post(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !media.is_empty() && !media.starts_with("application/x-www-form-urlencoded") {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the form fields `queries` or `extend` as application/x-www-form-urlencoded",
        );
    }
    let mut pairs = pairs_of(raw.unwrap_or_default().as_bytes());
    pairs.extend(pairs_of(&body));
    if !pairs.iter().any(|(k, _)| k == "queries" || k == "extend") {
        return error_response(
            StatusCode::BAD_REQUEST,
            "a POST to /reconcile carries the form field `queries` (a batch) or `extend` (a data extension)",
        );
    }
    dispatch(state, pairs).await
}

async fn dispatch(state: Shared, pairs: Vec<(String, String)>) -> Response {
    let p = match params(&pairs) {
        Ok(p) => p,
        Err(r) => return refusal(r),
    };
    let callback = p.callback.clone();
    let answer = match (p.queries, p.extend) {
        (Some(_), Some(_)) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "give `queries` or `extend`, not both",
            );
        }
        (Some(q), None) => {
            let batch = match request::batch(&q) {
                Ok(b) => b,
                Err(r) => return refusal(r),
            };
            with_index(&state, move |s| answer::results(s, &batch)).await
        }
        (None, Some(e)) => {
            let ext = match request::extension(&e) {
                Ok(x) => x,
                Err(r) => return refusal(r),
            };
            with_index(&state, move |s| answer::extension(s, &ext)).await
        }
        (None, None) => Ok(manifest(&state)),
    };
    match answer {
        Ok(v) => json_answer(&v, callback.as_deref()),
        Err(r) => r,
    }
}

/// Reads the parameters of a GET.
fn get_params(raw: Option<String>) -> Result<Params, Refusal> {
    params(&pairs_of(raw.unwrap_or_default().as_bytes()))
}

/// `GET /reconcile/suggest/entity?prefix=[&cursor=]`: our entities whose name starts with
/// what was typed (or the one an IRI names).
pub async fn suggest_entity(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let p = match get_params(raw) {
        Ok(p) => p,
        Err(r) => return refusal(r),
    };
    let Some(prefix) = p.prefix.clone() else {
        return error_response(StatusCode::BAD_REQUEST, "`prefix` is missing");
    };
    let cursor = match p.cursor.as_deref().map(str::parse::<usize>) {
        None => 0,
        Some(Ok(c)) if c <= answer::MAX_CURSOR => c,
        Some(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                format!(
                    "`cursor` must be a whole number from 0 to {}",
                    answer::MAX_CURSOR
                ),
            );
        }
    };
    match with_index(&state, move |s| {
        answer::suggest_entities(s, &prefix, cursor)
    })
    .await
    {
        Ok(v) => json_answer(&v, p.callback.as_deref()),
        Err(r) => r,
    }
}

/// `GET /reconcile/suggest/type?prefix=`: our types.
pub async fn suggest_type(RawQuery(raw): RawQuery) -> Response {
    let p = match get_params(raw) {
        Ok(p) => p,
        Err(r) => return refusal(r),
    };
    let Some(prefix) = p.prefix.as_deref() else {
        return error_response(StatusCode::BAD_REQUEST, "`prefix` is missing");
    };
    let result: Vec<Value> = schema::types()
        .iter()
        .filter(|t| schema::typed_matches(prefix, t.id, t.name))
        .map(|t| schema::type_json(t, true))
        .collect();
    json_answer(&json!({ "result": result }), p.callback.as_deref())
}

/// `GET /reconcile/suggest/property?prefix=`: our properties.
pub async fn suggest_property(RawQuery(raw): RawQuery) -> Response {
    let p = match get_params(raw) {
        Ok(p) => p,
        Err(r) => return refusal(r),
    };
    let Some(prefix) = p.prefix.as_deref() else {
        return error_response(StatusCode::BAD_REQUEST, "`prefix` is missing");
    };
    let result: Vec<Value> = schema::PROPERTIES
        .iter()
        .filter(|q| schema::typed_matches(prefix, q.id, q.name))
        .map(schema::property_json)
        .collect();
    json_answer(&json!({ "result": result }), p.callback.as_deref())
}

/// `GET /reconcile/properties?type=[&limit=]`: the properties data extension proposes for a
/// type (every property when no type is given).
pub async fn properties(RawQuery(raw): RawQuery) -> Response {
    let p = match get_params(raw) {
        Ok(p) => p,
        Err(r) => return refusal(r),
    };
    let limit = match p.limit.as_deref().map(str::parse::<usize>) {
        None => None,
        Some(Ok(n)) if n >= 1 => Some(n),
        Some(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "`limit` must be a positive whole number",
            );
        }
    };
    let kinds = p.r#type.as_deref().map(schema::kinds_of);
    let mut props: Vec<Value> = schema::PROPERTIES
        .iter()
        .filter(|q| match &kinds {
            None => true,
            Some(ks) => ks.iter().any(|k| q.kinds.contains(k)),
        })
        .map(schema::property_json)
        .collect();
    props.truncate(limit.unwrap_or(usize::MAX));
    let mut v = json!({ "properties": props });
    if let Some(t) = &p.r#type {
        v["type"] = json!(t);
    }
    if let Some(n) = limit {
        v["limit"] = json!(n);
    }
    json_answer(&v, p.callback.as_deref())
}

/// `GET /reconcile/preview?id=IRI`: a small HTML summary of the entity, for a client's frame.
pub async fn preview(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let p = match get_params(raw) {
        Ok(p) => p,
        Err(r) => return refusal(r),
    };
    let Some(id) = p.id else {
        return error_response(StatusCode::BAD_REQUEST, "`id` is missing");
    };
    let base = state.base_url.clone();
    let found = with_index(&state, move |s| {
        Ok(s.get(&id)?
            .map(|hit| answer::preview(&hit, &base).into_string()))
    })
    .await;
    match found {
        Ok(Some(html)) => {
            let mut r = html.into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
        Ok(None) => error_response(StatusCode::NOT_FOUND, "no entity has this identifier"),
        Err(r) => r,
    }
}

/// `GET /reconcile/view?id=IRI`: redirects to our page of the entity (the manifest's view
/// template: clients encode the identifier, a whole IRI, as one component).
pub async fn view(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let p = match get_params(raw) {
        Ok(p) => p,
        Err(r) => return refusal(r),
    };
    let Some(id) = p.id else {
        return error_response(StatusCode::BAD_REQUEST, "`id` is missing");
    };
    let ours = id.starts_with(crate::vocab::ns::ROOT) || id.starts_with(&state.base_url);
    if !ours || id.contains(char::is_whitespace) {
        return error_response(
            StatusCode::NOT_FOUND,
            "this identifier is not one of ours (our identifiers are our IRIs)",
        );
    }
    let href = super::html::local_href(&id, &state.base_url);
    let target = format!("{}{href}", state.base_url.trim_end_matches('/'));
    match HeaderValue::from_str(&target) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => error_response(StatusCode::BAD_REQUEST, "this identifier is not an IRI"),
    }
}
