//! The pages that are not resources: the home page (the Atlas at a glance and the query page,
//! which runs the query it is given), a partner country's page, and the style sheet.

use super::html::query::{Answer, MAX_SHOWN_ROWS, QueryPage, Shown};
use super::html::{self, Site};
use super::respond::Failure;
use super::sparql::{self, QueryFailure};
use super::state::{Shared, charts_for, partnership_count};
use crate::model::lang::Lang;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::html as markup;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

const STYLE: &str = include_str!("style.css");

/// `GET /style.css`.
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        STYLE,
    )
        .into_response()
}

/// The first [`MAX_SHOWN_ROWS`] of an answer, for the page.
fn collect(results: QueryResults<'_>) -> Result<Shown, QueryFailure> {
    let eval = |e: oxigraph::sparql::QueryEvaluationError| match e {
        oxigraph::sparql::QueryEvaluationError::Cancelled => QueryFailure::Timeout(0),
        other => QueryFailure::Evaluation(other.to_string()),
    };
    Ok(match results {
        QueryResults::Boolean(b) => Shown::Boolean(b),
        QueryResults::Solutions(solutions) => {
            let variables: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let vars = solutions.variables().to_vec();
            let mut rows = Vec::new();
            let mut truncated = false;
            for s in solutions {
                if rows.len() >= MAX_SHOWN_ROWS {
                    truncated = true;
                    break;
                }
                let s = s.map_err(eval)?;
                rows.push(vars.iter().map(|v| s.get(v).cloned()).collect());
            }
            Shown::Table {
                variables,
                rows,
                truncated,
            }
        }
        QueryResults::Graph(triples) => {
            let mut rows = Vec::new();
            let mut truncated = false;
            for t in triples {
                if rows.len() >= MAX_SHOWN_ROWS {
                    truncated = true;
                    break;
                }
                let t = t.map_err(eval)?;
                rows.push(vec![
                    Some(Term::from(t.subject)),
                    Some(Term::from(t.predicate)),
                    Some(t.object),
                ]);
            }
            Shown::Table {
                variables: vec!["subject".into(), "predicate".into(), "object".into()],
                rows,
                truncated,
            }
        }
    })
}

fn lang_of(raw: Option<&str>, headers: &HeaderMap) -> Lang {
    super::negotiate::language(
        raw,
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// An HTML answer that depends on the language asked for.
fn html_page(status: StatusCode, page: String) -> Response {
    let mut r = (status, Html(page)).into_response();
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    r
}

/// `GET /`: the query page. `?example=NAME` loads an example; `?query=...` runs a query and
/// shows its results below the form; without either, the Atlas-wide charts come first.
pub async fn home(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(raw.as_deref(), &headers);
    let mut query: Option<String> = None;
    let mut example: Option<String> = None;
    for (k, v) in form_urlencoded::parse(raw.as_deref().unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "query" => query = Some(v.into_owned()),
            "example" => example = Some(v.into_owned()),
            _ => {}
        }
    }
    let glance = if query.is_none() && example.is_none() {
        Some(match charts_for(&state, lang).await {
            Ok(charts) => html::query::glance(&charts, lang),
            Err(e) => markup! { p.error { "charts: " (e) } },
        })
    } else {
        None
    };
    query_page(&state, query, example, glance, lang).await
}

/// The query page, with `query` run when given and `glance` (the charts) above the form.
pub async fn query_page(
    state: &Shared,
    query: Option<String>,
    example: Option<String>,
    glance: Option<maud::Markup>,
    lang: Lang,
) -> Response {
    let examples = &state.options.queries;
    let from_url = query.is_some() || example.is_some();
    let picked = example
        .as_deref()
        .and_then(|n| examples.iter().find(|e| e.name == n));
    let text = query
        .clone()
        .or_else(|| picked.map(|e| e.text.clone()))
        .unwrap_or_else(|| examples.first().map(|e| e.text.clone()).unwrap_or_default());
    let mut status = StatusCode::OK;
    let outcome = match query {
        None => None,
        Some(q) => Some(match sparql::parse_on_large_stack(q.clone()).await {
            Err(e) => {
                status = e.status();
                Answer::Failed(e.to_string())
            }
            Ok((parsed, _)) => {
                let started = std::time::Instant::now();
                match sparql::execute(state, parsed, &[], &[], |r, _, _| collect(r)).await {
                    Err(e) => {
                        status = e.status();
                        let e = match e {
                            QueryFailure::Timeout(_) => {
                                QueryFailure::Timeout(state.options.timeout.as_secs())
                            }
                            other => other,
                        };
                        Answer::Failed(e.to_string())
                    }
                    Ok(shown) => Answer::Shown(shown, started.elapsed().as_secs_f64() * 1000.0),
                }
            }
        }),
    };
    let partnerships = match partnership_count(state).await {
        Ok(n) => n,
        Err(e) => return e.into_response(),
    };
    let site = Site::new(&state.store, &state.base_url, lang)
        .with_labels(&state.labels, state.generation.current());
    let page = html::query::page(
        &site,
        &QueryPage {
            examples,
            picked,
            text: &text,
            dataset: state.schema_org.as_deref(),
            glance,
            outcome,
            from_url,
            partnerships,
        },
    );
    match site.finish(page) {
        Ok(page) => html_page(status, page),
        Err(e) => Failure::from(e).into_response(),
    }
}

/// `GET /country/{alpha3}`: a partner country's partnerships over time, and the list.
pub async fn country(
    State(state): State<Shared>,
    axum::extract::Path(code): axum::extract::Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(raw.as_deref(), &headers);
    let not_found = |what: &str| {
        html_page(
            StatusCode::NOT_FOUND,
            html::not_found(what, lang).into_string(),
        )
    };
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return not_found(&format!("/country/{code}"));
    }
    let job = state.clone();
    let page = tokio::task::spawn_blocking(move || -> Result<Option<String>, Failure> {
        let iri = format!(
            "{}/{code}",
            crate::model::countries::EU_COUNTRY_AUTHORITY.trim_end_matches('/')
        );
        let partnerships = crate::charts::data::partnerships_in_country(&job.store, &iri)?;
        if partnerships.is_empty() {
            return Ok(None);
        }
        let name = crate::charts::data::label(&job.store, &iri)?;
        let name = if name.is_empty() { code.clone() } else { name };
        let site = Site::new(&job.store, &job.base_url, lang)
            .with_labels(&job.labels, job.generation.current());
        let page = html::resource::country(&site, &iri, &name, &partnerships);
        Ok(Some(site.finish(page)?))
    })
    .await;
    match page.map_err(Failure::from) {
        Ok(Ok(Some(page))) => html_page(StatusCode::OK, page),
        Ok(Ok(None)) => not_found(lang.t("ce pays", "this country")),
        Ok(Err(e)) | Err(e) => e.into_response(),
    }
}
