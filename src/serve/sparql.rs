//! The SPARQL 1.1 Protocol at `/sparql`: queries by GET, form POST or direct POST; updates by
//! POST when allowed; the dataset parameters; content negotiation; and the server's limits
//! (timeout, rows, concurrent queries).

use super::cache::Key;
use super::federation::{ServiceFailed, ServiceRefused};
use super::limits;
use super::negotiate;
use super::respond::{accept, body_response, error_response};
use super::state::Shared;
use crate::store::search::SearchError;
use crate::store::search::service::{SearchService, ServiceError};
use crate::vocab;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, TripleRef};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use std::time::{Duration, Instant};

/// A parsed protocol request.
#[derive(Debug, Default, Clone)]
pub struct SparqlRequest {
    /// `query=` or a direct query body.
    pub query: Option<String>,
    /// `update=` or a direct update body.
    pub update: Option<String>,
    /// `default-graph-uri` (or `using-graph-uri` for updates).
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` (or `using-named-graph-uri`).
    pub named_graphs: Vec<String>,
    /// `format=`: a shortcut for `Accept`.
    pub format: Option<String>,
}

impl SparqlRequest {
    /// Adds the pairs of a URL query string or form body.
    pub fn add_pairs(&mut self, encoded: &[u8]) {
        for (k, v) in form_urlencoded::parse(encoded) {
            match k.as_ref() {
                "query" => self.query = Some(v.into_owned()),
                "update" => self.update = Some(v.into_owned()),
                "default-graph-uri" | "using-graph-uri" => self.default_graphs.push(v.into_owned()),
                "named-graph-uri" | "using-named-graph-uri" => {
                    self.named_graphs.push(v.into_owned())
                }
                "format" | "output" => self.format = Some(v.into_owned()),
                _ => {}
            }
        }
    }
}

/// Why a query did not give results, with the HTTP status each reason gets.
#[derive(Debug, thiserror::Error)]
pub enum QueryFailure {
    /// The query (or a graph IRI) does not parse: 400, with the parser's position.
    #[error("{0}")]
    Malformed(String),
    /// No acceptable format: 406.
    #[error("{0}")]
    NotAcceptable(String),
    /// Past `--timeout`: 503.
    #[error(
        "the query ran longer than this server's limit of {0} s (--timeout); narrow it or add a LIMIT"
    )]
    Timeout(u64),
    /// More rows than `--max-rows`: 422.
    #[error(
        "the query returns more than this server's limit of {0} rows or triples (--max-rows); add a LIMIT or page with OFFSET"
    )]
    TooManyRows(usize),
    /// A SERVICE call refused by the federation guard: 403.
    #[error("{0}")]
    ServiceRefused(String),
    /// A SERVICE call that failed remotely: 502.
    #[error("{0}")]
    ServiceFailed(String),
    /// Anything else in evaluation: 500.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
}

impl QueryFailure {
    /// The status code for this failure.
    pub fn status(&self) -> StatusCode {
        match self {
            QueryFailure::Malformed(_) => StatusCode::BAD_REQUEST,
            QueryFailure::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            QueryFailure::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            QueryFailure::TooManyRows(_) => StatusCode::UNPROCESSABLE_ENTITY,
            QueryFailure::ServiceRefused(_) => StatusCode::FORBIDDEN,
            QueryFailure::ServiceFailed(_) => StatusCode::BAD_GATEWAY,
            QueryFailure::Evaluation(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn from_evaluation(e: QueryEvaluationError, timeout: Duration) -> Self {
        match e {
            QueryEvaluationError::Cancelled => QueryFailure::Timeout(timeout.as_secs()),
            QueryEvaluationError::Service(inner) => {
                if let Some(r) = inner.downcast_ref::<ServiceRefused>() {
                    QueryFailure::ServiceRefused(r.to_string())
                } else if let Some(ServiceError::Pattern(_)) = inner.downcast_ref::<ServiceError>()
                {
                    // A pattern the index does not answer: the client's mistake.
                    QueryFailure::Malformed(inner.to_string())
                } else if let Some(f) = inner.downcast_ref::<ServiceFailed>() {
                    QueryFailure::ServiceFailed(f.to_string())
                } else {
                    QueryFailure::ServiceFailed(inner.to_string())
                }
            }
            // What the query asked, not what the server did: the client's to mend.
            e @ (QueryEvaluationError::UnboundService
            | QueryEvaluationError::InvalidServiceName(_)
            | QueryEvaluationError::UnsupportedService(_)
            | QueryEvaluationError::UnsupportedCustomFunction(_)
            | QueryEvaluationError::UnsupportedCustomFunctionArity { .. }
            | QueryEvaluationError::NotExistingSubstitutedVariable(_)) => {
                QueryFailure::Malformed(e.to_string())
            }
            other => QueryFailure::Evaluation(other.to_string()),
        }
    }

    /// The failure as a plain-text answer.
    pub fn into_response(self) -> Response {
        error_response(self.status(), self.to_string())
    }
}

/// What a query's form allows as answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// SELECT and ASK.
    Results,
    /// CONSTRUCT and DESCRIBE.
    Graph,
}

/// Parses a query, naming the position of a syntax error; a query too deep or too long a
/// chain (see [`limits`]) is refused before the parser sees it.
pub fn parse_query(text: &str) -> Result<(spargebra::Query, Form), QueryFailure> {
    limits::check(text, "query").map_err(QueryFailure::Malformed)?;
    let q = spargebra::SparqlParser::new()
        .parse_query(text)
        .map_err(|e| QueryFailure::Malformed(format!("malformed query: {e}")))?;
    let form = match q {
        spargebra::Query::Select { .. } | spargebra::Query::Ask { .. } => Form::Results,
        _ => Form::Graph,
    };
    Ok((q, form))
}

/// [`parse_query`] on a thread with a large stack: the parser recurses on the query's tree.
pub async fn parse_on_large_stack(text: String) -> Result<(spargebra::Query, Form), QueryFailure> {
    limits::on_large_stack(limits::PARSE_THREAD, move || parse_query(&text))
        .await
        .map_err(|e| QueryFailure::Evaluation(e.to_string()))?
}

fn named_node(iri: &str, param: &str) -> Result<NamedNode, QueryFailure> {
    NamedNode::new(iri).map_err(|e| QueryFailure::Malformed(format!("{param} <{iri}>: {e}")))
}

/// Cancels an evaluation when dropped: when the answer is given, when `--timeout` passes, and
/// when the client goes away (the server then drops the request's future, and this with it).
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Evaluates `query` with the server's limits, handing the results to `consume` on a thread
/// with a large stack (see [`limits::on_large_stack`]). The default graph is the union of all
/// graphs unless the query or the protocol names a dataset.
///
/// The evaluation holds one of the `--max-concurrent` slots until it has actually stopped: past
/// `--timeout` (or when the client leaves) its token is cancelled, which the evaluator and the
/// serialisation observe between solutions, and the slot is freed once the thread ends.
pub async fn execute<T: Send + 'static>(
    state: &Shared,
    query: spargebra::Query,
    default_graphs: &[String],
    named_graphs: &[String],
    consume: impl FnOnce(QueryResults<'_>, usize, &CancellationToken) -> Result<T, QueryFailure>
    + Send
    + 'static,
) -> Result<T, QueryFailure> {
    let timeout = state.options.timeout;
    let started = Instant::now();
    let defaults = default_graphs
        .iter()
        .map(|g| named_node(g, "default-graph-uri").map(GraphName::from))
        .collect::<Result<Vec<_>, _>>()?;
    let named = named_graphs
        .iter()
        .map(|g| named_node(g, "named-graph-uri").map(NamedOrBlankNode::from))
        .collect::<Result<Vec<_>, _>>()?;
    let permit = tokio::time::timeout(timeout, state.slots.clone().acquire_owned())
        .await
        .map_err(|_| QueryFailure::Timeout(timeout.as_secs()))?
        .map_err(|e| QueryFailure::Evaluation(e.to_string()))?;
    let token = CancellationToken::new();
    let _cancel = CancelOnDrop(token.clone());
    let job_token = token.clone();
    let job_state = state.clone();
    let max_rows = state.options.max_rows;
    let job = limits::on_large_stack(limits::QUERY_THREAD, move || {
        // The permit lives as long as the evaluation, even past a timeout answer, so the
        // number of busy threads stays bounded; the cancelled token makes that short.
        let _permit = permit;
        // The full-text index answers its own SERVICE here; it is opened (or built, after an
        // update) only when a query calls it.
        let index_state = job_state.clone();
        let search = SearchService::new(move || {
            index_state
                .search_index()
                .ok_or_else(|| SearchError::Store("the search index is not available".to_string()))
        });
        let mut prepared = SparqlEvaluator::new()
            .with_default_service_handler(job_state.federation.clone())
            .with_service_handler(vocab::atlas::SEARCH_SERVICE, search)
            .with_cancellation_token(job_token.clone())
            .for_query(query);
        if !defaults.is_empty() || !named.is_empty() {
            let dataset = prepared.dataset_mut();
            dataset.set_default_graph(defaults);
            if !named.is_empty() {
                dataset.set_available_named_graphs(named);
            }
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        let results = prepared
            .on_store(&job_state.store)
            .execute()
            .map_err(|e| QueryFailure::from_evaluation(e, timeout))?;
        let answer = consume(results, max_rows, &job_token)?;
        // Cancelled while an operator was draining its input (an aggregate, ASK): what it
        // computed may be partial, never an answer.
        if job_token.is_cancelled() {
            return Err(QueryFailure::Timeout(timeout.as_secs()));
        }
        Ok(answer)
    });
    let remaining = timeout.saturating_sub(started.elapsed());
    match tokio::time::timeout(remaining, job).await {
        Err(_) => {
            token.cancel();
            Err(QueryFailure::Timeout(timeout.as_secs()))
        }
        Ok(Err(lost)) => Err(QueryFailure::Evaluation(lost.to_string())),
        Ok(Ok(result)) => result.map_err(|e| match e {
            QueryFailure::Evaluation(m) if m.contains("cancelled") => {
                QueryFailure::Timeout(timeout.as_secs())
            }
            other => other,
        }),
    }
}

/// Serialises results into `media`, stopping with [`QueryFailure::TooManyRows`] past the cap
/// and with [`QueryFailure::Timeout`] as soon as `token` is cancelled.
pub fn serialize(
    results: QueryResults<'_>,
    media: &str,
    max_rows: usize,
    timeout: Duration,
    token: &CancellationToken,
) -> Result<Vec<u8>, QueryFailure> {
    let io = |e: std::io::Error| QueryFailure::Evaluation(e.to_string());
    let alive = || {
        if token.is_cancelled() {
            Err(QueryFailure::Timeout(timeout.as_secs()))
        } else {
            Ok(())
        }
    };
    let mut out = Vec::new();
    match results {
        QueryResults::Boolean(b) => {
            let f = negotiate::results_format(media).unwrap_or(QueryResultsFormat::Json);
            QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(&mut out, b)
                .map_err(io)?;
        }
        QueryResults::Solutions(solutions) => {
            let f = negotiate::results_format(media).unwrap_or(QueryResultsFormat::Json);
            let mut s = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                .map_err(io)?;
            for (n, sol) in solutions.enumerate() {
                alive()?;
                if n >= max_rows {
                    return Err(QueryFailure::TooManyRows(max_rows));
                }
                let sol = sol.map_err(|e| QueryFailure::from_evaluation(e, timeout))?;
                s.serialize(&sol).map_err(io)?;
            }
            s.finish().map_err(io)?;
        }
        QueryResults::Graph(triples) => {
            let f = negotiate::rdf_format(media).unwrap_or(RdfFormat::Turtle);
            let mut ser = RdfSerializer::from_format(f);
            for (p, ns) in crate::vocab::PREFIXES {
                ser = ser
                    .with_prefix(*p, *ns)
                    .map_err(|e| QueryFailure::Evaluation(e.to_string()))?;
            }
            let mut ser = ser.for_writer(&mut out);
            for (n, t) in triples.enumerate() {
                alive()?;
                if n >= max_rows {
                    return Err(QueryFailure::TooManyRows(max_rows));
                }
                let t = t.map_err(|e| QueryFailure::from_evaluation(e, timeout))?;
                ser.serialize_triple(TripleRef::from(&t)).map_err(io)?;
            }
            ser.finish().map_err(io)?;
        }
    }
    Ok(out)
}

/// `GET /sparql`: a query, or the service description without one.
pub async fn get_handler(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut request = SparqlRequest::default();
    request.add_pairs(raw.unwrap_or_default().as_bytes());
    if request.update.is_some() {
        return error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "SPARQL updates are sent with POST (SPARQL 1.1 Protocol)",
        );
    }
    match request.query {
        Some(_) => run(&state, request, &headers).await,
        // `/sparql` alone: the router answers with the service description or the query page
        // before this handler is reached.
        None => error_response(StatusCode::BAD_REQUEST, "no query= parameter"),
    }
}

/// `POST /sparql`: a form (`query=` or `update=`), or a direct `application/sparql-query` or
/// `application/sparql-update` body.
pub async fn post_handler(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut request = SparqlRequest::default();
    request.add_pairs(raw.unwrap_or_default().as_bytes());
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = || String::from_utf8(body.to_vec());
    match content_type.as_str() {
        "application/x-www-form-urlencoded" => request.add_pairs(&body),
        "application/sparql-query" => match text() {
            Ok(t) => request.query = Some(t),
            Err(_) => return error_response(StatusCode::BAD_REQUEST, "the query is not UTF-8"),
        },
        "application/sparql-update" => match text() {
            Ok(t) => request.update = Some(t),
            Err(_) => return error_response(StatusCode::BAD_REQUEST, "the update is not UTF-8"),
        },
        other => {
            return error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "Content-Type {other:?} is not a SPARQL request: send application/sparql-query, application/sparql-update or a form"
                ),
            );
        }
    }
    if request.update.is_some() {
        return run_update(&state, request, &headers).await;
    }
    if request.query.is_none() {
        return error_response(
            StatusCode::BAD_REQUEST,
            "no query: send `query=` or an application/sparql-query body",
        );
    }
    run(&state, request, &headers).await
}

async fn run(state: &Shared, request: SparqlRequest, headers: &HeaderMap) -> Response {
    let text = request.query.unwrap_or_default();
    // The same question, asked the same way, of the same store: the kept answer, found before
    // the query is parsed (a repeated aggregate costs a hash lookup).
    let generation = state.generation.current();
    let key = Key {
        query: text,
        media: format!(
            "{}\n{}",
            request.format.as_deref().unwrap_or_default(),
            accept(headers).unwrap_or_default()
        ),
        default_graphs: request.default_graphs.clone(),
        named_graphs: request.named_graphs.clone(),
    };
    if let Some((media, body)) = state.answers.get(&generation, &key) {
        // Shared, not copied: a kept answer is handed out as is.
        return with_cache_status(body_response(media, body), "hit");
    }
    let (query, form) = match parse_on_large_stack(key.query.clone()).await {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let offered = match form {
        Form::Results => negotiate::RESULTS,
        Form::Graph => negotiate::GRAPHS,
    };
    let wanted = request
        .format
        .as_deref()
        .and_then(negotiate::format_param)
        .filter(|m| offered.contains(m));
    // A client asking for the other kind of answer only (SELECT results for a CONSTRUCT, as
    // rdflib's SPARQLStore does) gets our default for this form; an Accept naming nothing we
    // know is refused.
    let other = match form {
        Form::Results => negotiate::GRAPHS,
        Form::Graph => negotiate::RESULTS,
    };
    let fallback = || {
        negotiate::choose(accept(headers), other)
            .filter(|_| accept(headers).is_some())
            .map(|_| offered[0])
    };
    let Some(media) = wanted
        .or_else(|| negotiate::choose(accept(headers), offered))
        .or_else(fallback)
    else {
        return QueryFailure::NotAcceptable(format!(
            "none of the types in Accept can carry this query's results; available: {}",
            offered.join(", ")
        ))
        .into_response();
    };
    let timeout = state.options.timeout;
    let owned_media = media.to_string();
    match execute(
        state,
        query,
        &request.default_graphs,
        &request.named_graphs,
        move |results, max_rows, token| serialize(results, &owned_media, max_rows, timeout, token),
    )
    .await
    {
        Ok(body) => {
            let body = axum::body::Bytes::from(body);
            state.answers.put(&generation, key, (media, body.clone()));
            with_cache_status(body_response(media, body), "miss")
        }
        Err(e) => e.into_response(),
    }
}

/// Says whether a query answer came from the kept answers (`X-Cache: hit` or `miss`).
fn with_cache_status(mut r: Response, status: &'static str) -> Response {
    r.headers_mut()
        .insert("x-cache", axum::http::HeaderValue::from_static(status));
    r
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn run_update(state: &Shared, request: SparqlRequest, headers: &HeaderMap) -> Response {
    let Some(token) = &state.options.update_token else {
        return error_response(
            StatusCode::FORBIDDEN,
            "SPARQL updates are disabled on this endpoint (the server runs read-only; see --allow-update)",
        );
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => {
            return error_response(
                StatusCode::FORBIDDEN,
                "SPARQL updates need the server's token (Authorization: Bearer ...)",
            );
        }
        Some(g) if !constant_time_eq(g.as_bytes(), token.as_bytes()) => {
            return error_response(StatusCode::FORBIDDEN, "wrong update token");
        }
        Some(_) => {}
    }
    let text = request.update.unwrap_or_default();
    if let Err(m) = limits::check(&text, "update") {
        return error_response(StatusCode::BAD_REQUEST, m);
    }
    let parsed = limits::on_large_stack(limits::PARSE_THREAD, move || {
        SparqlEvaluator::new().parse_update(&text)
    })
    .await;
    let update = match parsed {
        Ok(Ok(u)) => u,
        Ok(Err(e)) => {
            return error_response(StatusCode::BAD_REQUEST, format!("malformed update: {e}"));
        }
        Err(e) => return error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let job_state = state.clone();
    // The store changes: every ETag and kept answer is stale, now and when the update ends (it
    // may end after --timeout has answered the client).
    state.generation.bump();
    let job = limits::on_large_stack(limits::QUERY_THREAD, move || {
        let done = match update.on_store(&job_state.store).execute() {
            Err(e) => Err(format!("update failed: {e}")),
            // The records changed: the statistics cube is recounted from them.
            Ok(()) => crate::store::statistics::rebuild(&job_state.store)
                .map(|_| ())
                .map_err(|e| {
                    format!("the update was applied, but recounting the statistics failed: {e}")
                })
                // And the search index is out of date: built again at the next search.
                .map(|()| job_state.search_stale()),
        };
        job_state.generation.bump();
        done
    });
    match tokio::time::timeout(state.options.timeout, job).await {
        Ok(Ok(Ok(()))) => StatusCode::NO_CONTENT.into_response(),
        Ok(Ok(Err(e))) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e),
        Ok(Err(e)) => error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(_) => error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "the update is still running past --timeout; it will complete or fail on its own",
        ),
    }
}
