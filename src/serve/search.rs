//! `/search` (HTML results with highlighted passages and facets, JSON by content
//! negotiation), `/suggest` (names as people type) and `/opensearch.xml`, over the store's
//! French full-text index. A plain GET form: no script needed.

use super::html;
use super::respond::error_response;
use super::state::Shared;
use crate::model::lang::Lang;
use crate::store::search::Kind;
use crate::store::search::find::{Answer, Question};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{PreEscaped, html as markup};

/// Hits per page.
const PAGE: usize = 20;
/// The longest question read (longer ones are cut, never refused with a panic).
const MAX_QUESTION: usize = 500;

/// The parameters of `/search` and `/suggest`, each read once, unknown ones ignored.
#[derive(Debug, Default)]
pub struct Params {
    /// The words asked (`q`), cut at 500 characters.
    pub q: String,
    /// `country`.
    pub country: Option<String>,
    /// `theme`.
    pub theme: Option<String>,
    /// `status`.
    pub status: Option<String>,
    /// `decade`.
    pub decade: Option<String>,
    /// `kind`.
    pub kind: Option<String>,
    /// `page`, from 1 to 500.
    pub page: usize,
    /// `lang`.
    pub lang: Option<String>,
}

/// The parameters of a raw query string (attacker input: never refused with a panic).
pub fn params(raw: Option<&str>) -> Params {
    let mut p = Params::default();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let v: String = v.chars().take(MAX_QUESTION).collect();
        let keep = (!v.trim().is_empty()).then(|| v.clone());
        match k.as_ref() {
            "q" => p.q = v,
            "country" => p.country = keep,
            "theme" => p.theme = keep,
            "status" => p.status = keep,
            "decade" => p.decade = keep,
            "kind" => p.kind = keep,
            "page" => p.page = v.parse::<usize>().unwrap_or(1).clamp(1, 500),
            "lang" => p.lang = keep,
            _ => {}
        }
    }
    p.page = p.page.max(1);
    p
}

fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    accept.contains("application/json") && !accept.contains("text/html")
}

/// A JSON answer (axum's `json` feature is not enabled: serde_json writes it).
fn json(value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn lang_of(raw: Option<&str>, headers: &HeaderMap) -> Lang {
    super::negotiate::language(
        raw,
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The question of a page of `/search`.
pub fn question(p: &Params) -> Question {
    Question {
        text: p.q.clone(),
        kinds: p
            .kind
            .as_deref()
            .and_then(Kind::from_code)
            .into_iter()
            .collect(),
        country: p.country.clone(),
        theme: p.theme.clone(),
        status: p.status.clone(),
        decade: p.decade.clone(),
        limit: PAGE,
        offset: (p.page.max(1) - 1) * PAGE,
    }
}

/// `GET /search?q=WORDS[&country=&theme=&status=&decade=&kind=&page=]`.
pub async fn search(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let p = params(raw.as_deref());
    let lang = lang_of(raw.as_deref(), &headers);
    let question = question(&p);
    let job = state.clone();
    let answer =
        tokio::task::spawn_blocking(move || job.search_index().map(|s| s.search(&question))).await;
    let answer = match answer {
        Ok(Some(Ok(a))) => a,
        Ok(None) => {
            return error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                "the search index is not available",
            );
        }
        Ok(Some(Err(e))) => {
            return error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        }
        Err(e) => return error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    if wants_json(&headers) {
        return json(&answer);
    }
    let page = page(&p, &answer, lang);
    (
        [(header::VARY, "Accept, Accept-Language")],
        Html(page.into_string()),
    )
        .into_response()
}

/// The link to the same search with one parameter changed.
fn with(p: &Params, key: &str, value: &str) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", &p.q);
    for (k, v) in [
        ("country", &p.country),
        ("theme", &p.theme),
        ("status", &p.status),
        ("decade", &p.decade),
        ("kind", &p.kind),
        ("lang", &p.lang),
    ] {
        if let Some(v) = v.as_ref().filter(|_| k != key) {
            s.append_pair(k, v);
        }
    }
    if !value.is_empty() {
        s.append_pair(key, value);
    }
    format!("/search?{}", s.finish())
}

fn page(p: &Params, a: &Answer, lang: Lang) -> maud::Markup {
    let facet_names = [
        ("country", lang.t("Pays", "Country")),
        ("theme", lang.t("Thématique", "Theme")),
        ("kind", lang.t("Type", "Kind")),
        ("status", lang.t("Statut", "Status")),
        ("decade", lang.t("Décennie de début", "Start decade")),
    ];
    let pages = a.total.div_ceil(PAGE).max(1);
    let body = markup! {
        h1 { (lang.t("Recherche", "Search")) }
        form action="/search" method="get" role="search" {
            input type="search" name="q" value=(p.q) aria-label=(lang.t("Rechercher", "Search"));
            " " button type="submit" { (lang.t("Rechercher", "Search")) }
        }
        p.count { (a.total) " " (lang.t("résultat(s)", "result(s)")) }
        @if !a.facets.is_empty() {
            aside.facets {
                @for (key, name) in facet_names {
                    @if let Some(values) = a.facets.get(key) {
                        h2 { (name) }
                        ul { @for (v, n) in values {
                            li { a href=(with(p, key, v)) { (v) } " (" (n) ")" }
                        } }
                    }
                }
            }
        }
        ol.hits start=((p.page - 1) * PAGE + 1) {
            @for h in &a.hits {
                li {
                    a href=(h.iri) { (h.label) } " " small { (h.kind) }
                    @if !h.countries.is_empty() { " · " (h.countries.join(", ")) }
                    // The snippet is tantivy's HTML: the text escaped, <b> around matches.
                    @if !h.snippet.is_empty() { p.snippet { (PreEscaped(&h.snippet)) } }
                }
            }
        }
        @if pages > 1 {
            nav.pages {
                @if p.page > 1 { a rel="prev" href={ (with(p, "page", &(p.page - 1).to_string())) } { "←" } " " }
                (p.page) " / " (pages)
                @if p.page < pages { " " a rel="next" href={ (with(p, "page", &(p.page + 1).to_string())) } { "→" } }
            }
        }
    };
    html::layout(lang.t("Recherche", "Search"), lang, body)
}

/// `GET /suggest?q=BEGINNING[&kind=]`: names that start with what was typed, as JSON
/// (`[{"iri", "label", "kind"}]`), for a search box.
pub async fn suggest(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let p = params(raw.as_deref());
    let kinds: Vec<Kind> = p
        .kind
        .as_deref()
        .and_then(Kind::from_code)
        .into_iter()
        .collect();
    let job = state.clone();
    let found = tokio::task::spawn_blocking(move || {
        job.search_index().map(|s| s.suggest(&p.q, &kinds, 10))
    })
    .await;
    match found {
        Ok(Some(Ok(hits))) => {
            let out: Vec<serde_json::Value> = hits
                .iter()
                .map(|h| serde_json::json!({"iri": h.iri, "label": h.label, "kind": h.kind}))
                .collect();
            json(&out)
        }
        Ok(None) => error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "the search index is not available",
        ),
        Ok(Some(Err(e))) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// `GET /opensearch.xml`: the OpenSearch description, so browsers offer the search.
pub async fn opensearch(State(state): State<Shared>) -> Response {
    let base = state.base_url.trim_end_matches('/');
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n\
  <ShortName>Atlas coopération</ShortName>\n\
  <Description>Atlas de la coopération décentralisée</Description>\n\
  <InputEncoding>UTF-8</InputEncoding>\n\
  <Url type=\"text/html\" template=\"{base}/search?q={{searchTerms}}\"/>\n\
  <Url type=\"application/json\" template=\"{base}/suggest?q={{searchTerms}}\"/>\n\
</OpenSearchDescription>\n"
    );
    (
        [(
            header::CONTENT_TYPE,
            "application/opensearchdescription+xml",
        )],
        xml,
    )
        .into_response()
}
