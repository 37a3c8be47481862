//! `serve`: the SPARQL 1.1 endpoint, the Linked Data pages, the dataset descriptions and the
//! query page, over an embedded store.
//!
//! From the ground up (a module only uses those above it in this list):
//! - [`negotiate`]: `Accept` parsing and the formats we offer; [`cache`]: the store's
//!   generation, `ETag`s, the query answers kept in memory; [`validators`]: the `ETag`s of
//!   answers given, for 304s decided before the handler runs; [`assets`]: the query
//!   editor's files (YASGUI, vendored), compiled in;
//! - [`examples`]: the example queries of the query page;
//! - [`hydra`]: the published catalogue, read and cut into Hydra pages;
//! - [`federation`]: SERVICE calls, only to allow-listed public endpoints; [`limits`]: the
//!   shape a query text may have, and the large stack queries are parsed and run on;
//! - [`respond`]: answers (errors that say why, RDF bodies) and [`respond::Failure`];
//! - [`html`]: the pages, rendered with maud (pure: data in, markup out);
//! - [`state`]: the options, the shared state, what stops the server from starting;
//! - the handlers: [`sparql`] (the protocol, limits), [`describe`] (VoID, service
//!   description, Graph Store read), [`catalog`] (`/catalog`, `/files/`), [`home`] (the home
//!   and query page, countries), [`discover`] (robots.txt, sitemaps), [`editor`] (what the
//!   query editor completes from), [`linked_data`] (every minted IRI dereferenced),
//!   [`search`] (`/search`, `/suggest`), [`reconcile`] (the W3C Reconciliation API v0.2);
//! - this module: the routes and the connection loop.

pub mod assets;
pub mod cache;
pub mod catalog;
pub mod describe;
pub mod discover;
pub mod editor;
pub mod examples;
pub mod federation;
pub mod home;
pub mod html;
pub mod hydra;
pub mod limits;
pub mod linked_data;
pub mod negotiate;
pub mod reconcile;
pub mod respond;
pub mod search;
pub mod sparql;
pub mod state;
pub mod validators;

pub use examples::{ExampleQuery, bundled_queries, example_query};
pub use state::{AppState, ServeError, ServeOptions, Shared};

use axum::Router;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The `ETag` of a representation: the store's generation and everything that selects it (the
/// method, path and query, the content type, and the request headers `names`, with their
/// values: [`validators::ALWAYS_VARIES`] and those the answer's `Vary` names).
fn representation_etag(
    state: &AppState,
    method: &str,
    uri: &str,
    request: &HeaderMap,
    response: &HeaderMap,
    names: &[String],
) -> String {
    let text = |v: &axum::http::HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
    let mut parts = vec![
        method.to_string(),
        uri.to_string(),
        response
            .get(header::CONTENT_TYPE)
            .map(text)
            .unwrap_or_default(),
    ];
    for name in names {
        let values: Vec<String> = request.get_all(name.as_str()).iter().map(text).collect();
        parts.push(format!("{name}: {}", values.join(", ")));
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    state.generation.etag(&parts)
}

/// The headers a `304` repeats of the answer it stands for.
const REPEATED: [header::HeaderName; 2] = [header::CACHE_CONTROL, header::VARY];

/// A `304 Not Modified` standing for the answer `seen` describes.
fn not_modified(seen: &validators::Seen) -> Response {
    let mut out = axum::http::StatusCode::NOT_MODIFIED.into_response();
    out.headers_mut().insert(header::ETAG, seen.etag.clone());
    for (name, value) in &seen.headers {
        out.headers_mut().append(name, value.clone());
    }
    out
}

/// `ETag` and `Cache-Control` on every successful GET (the store is read-only between
/// publications), and `304 Not Modified` when the client's `If-None-Match` names the current
/// representation: before the handler runs when an answer to a request like this one was
/// given in this generation ([`validators`]), after it otherwise. A handler may set its own
/// `ETag` (`/files/`: the file's bytes); it is kept.
async fn conditional(
    State(state): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::http::{HeaderValue, Method, StatusCode};
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return next.run(request).await;
    }
    // Owned copies: nothing borrowed from the request may live across the await below.
    let request_headers = request.headers().clone();
    let uri = request.uri().to_string();
    let generation = state.generation.current();
    let if_none_match = cache::if_none_match(&request_headers);
    if !if_none_match.is_empty()
        && let Some(seen) =
            state
                .validators
                .find(&generation, method.as_str(), &uri, &request_headers)
        && cache::etag_matches(
            &if_none_match,
            &String::from_utf8_lossy(seen.etag.as_bytes()),
        )
    {
        return not_modified(&seen);
    }
    let mut response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let names = validators::vary_names(response.headers());
    let (etag, own) = match response.headers().get(header::ETAG) {
        Some(v) => (String::from_utf8_lossy(v.as_bytes()).into_owned(), false),
        None => (
            representation_etag(
                &state,
                method.as_str(),
                &uri,
                &request_headers,
                response.headers(),
                &names,
            ),
            true,
        ),
    };
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return response;
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag_value.clone());
    if !headers.contains_key(header::CACHE_CONTROL)
        && let Ok(v) = HeaderValue::from_str(&state.options.cache_control)
    {
        headers.insert(header::CACHE_CONTROL, v);
    }
    let seen = validators::Seen {
        etag: etag_value,
        headers: REPEATED
            .iter()
            .flat_map(|n| headers.get_all(n).iter().map(|v| (n.clone(), v.clone())))
            .collect(),
    };
    // Kept only when the store did not change meanwhile (the ETag names the newer one).
    if own && state.generation.current() == generation {
        state.validators.record(
            &generation,
            method.as_str(),
            &uri,
            &request_headers,
            names,
            seen.clone(),
        );
    }
    if !cache::etag_matches(&if_none_match, &etag) {
        return response;
    }
    not_modified(&seen)
}

/// `GET /sparql`: a query; without one, the service description, or the query page for people
/// following the "SPARQL endpoint" link.
async fn sparql_get(state: State<Shared>, raw: RawQuery, headers: HeaderMap) -> Response {
    let mut request = sparql::SparqlRequest::default();
    request.add_pairs(raw.0.as_deref().unwrap_or_default().as_bytes());
    if request.query.is_none() && request.update.is_none() {
        let mut offered = negotiate::GRAPHS.to_vec();
        offered.push("text/html");
        let accept = respond::accept(&headers);
        if negotiate::choose(accept, &offered) == Some("text/html") {
            let lang = negotiate::language(
                raw.0.as_deref(),
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            );
            let mut page = home::query_page(&state, None, None, None, lang).await;
            // Chosen over the service description by Accept, in the language asked for.
            page.headers_mut().insert(
                header::VARY,
                axum::http::HeaderValue::from_static("Accept, Accept-Language"),
            );
            return page;
        }
        return describe::service_description(&state, &headers);
    }
    sparql::get_handler(state, raw, headers).await
}

/// The routes.
pub fn router(state: Shared) -> Router {
    let max_body = state.options.max_body;
    Router::new()
        .route("/", get(home::home))
        .route("/sparql", get(sparql_get).post(sparql::post_handler))
        .route("/void", get(describe::void))
        .route("/.well-known/void", get(describe::void))
        .route("/store", get(describe::graph_store))
        .route("/catalog", get(catalog::handler))
        .route("/files/{name}", get(catalog::file))
        .route("/country/{code}", get(home::country))
        .route("/style.css", get(home::style))
        .route("/assets/{name}", get(assets::handler))
        .route(assets::PREFIXES_URL, get(editor::prefixes_json))
        .route(assets::VOCABULARY_URL, get(editor::vocabulary_json))
        .route("/robots.txt", get(discover::robots))
        .route("/search", get(search::search))
        .route("/suggest", get(search::suggest))
        .route("/opensearch.xml", get(search::opensearch))
        .route("/reconcile", get(reconcile::get).post(reconcile::post))
        .route("/reconcile/suggest/entity", get(reconcile::suggest_entity))
        .route("/reconcile/suggest/type", get(reconcile::suggest_type))
        .route(
            "/reconcile/suggest/property",
            get(reconcile::suggest_property),
        )
        .route("/reconcile/properties", get(reconcile::properties))
        .route("/reconcile/preview", get(reconcile::preview))
        .route("/reconcile/view", get(reconcile::view))
        .route("/sitemap.xml", get(discover::sitemap))
        .route("/sitemaps/{n}", get(discover::sitemap_part))
        .fallback(linked_data::resolve)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            conditional,
        ))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            BODY_TIMEOUT,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(tower_http::cors::Any)
                .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION]),
        )
        .with_state(state)
}

/// Where a started server answers: given to the caller once the server listens (its
/// `Display` is the line `serve` prints: `listening on http://.../ (SPARQL at .../sparql)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listening {
    /// The address bound.
    pub local: std::net::SocketAddr,
    /// The public URL of the server, ending with `/`.
    pub base_url: String,
}

impl std::fmt::Display for Listening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "listening on http://{}/ (SPARQL at {}sparql)",
            self.local, self.base_url
        )
    }
}

/// Binds, tells `listening` where it answers, and serves until Ctrl-C or SIGTERM.
pub fn run(options: ServeOptions, listening: impl FnOnce(&Listening)) -> Result<(), ServeError> {
    let listener =
        std::net::TcpListener::bind(options.bind).map_err(|source| ServeError::Bind {
            addr: options.bind,
            source,
        })?;
    serve_on(listener, options, listening, shutdown_signal())
}

/// Serves on an already bound listener until `shutdown` completes (for embedding: tests and
/// benchmarks bind port 0 themselves and read the port back); `listening` is told where it
/// answers once the store is open.
pub fn serve_on(
    listener: std::net::TcpListener,
    options: ServeOptions,
    listening: impl FnOnce(&Listening),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let local = listener.local_addr()?;
        let max_connections = options.max_connections.max(1);
        let state = Arc::new(AppState::new(options, local)?);
        listening(&Listening {
            local,
            base_url: state.base_url.clone(),
        });
        // Drawing the charts reads every funding row (seconds for a whole Atlas): done now, in
        // the background, so that the first visitor of the home page does not wait for it.
        let warm = state.clone();
        tokio::spawn(async move {
            let _ = state::charts_for(&warm, crate::model::lang::Lang::Fr).await;
        });
        let app = router(state);
        accept_loop(listener, app, max_connections, shutdown).await;
        Ok(())
    })
}

/// Time a client has to send its request line and headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a client has to send a request body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Accepts connections, at most `max_connections` open at once (others wait in the kernel's
/// backlog), each served over HTTP/1.1 with a header read timeout; ends gracefully.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    max_connections: usize,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(max_connections));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = connections.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT);
        let connection = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = watched.await;
            drop(permit);
        });
    }
    // Let requests in flight finish, for a while.
    tokio::select! {
        _ = graceful.shutdown() => {},
        _ = tokio::time::sleep(Duration::from_secs(10)) => {},
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
