//! `serve`: the SPARQL 1.1 endpoint, the Linked Data pages, the dataset descriptions and the
//! query page, over an embedded store.
//!
//! - [`sparql`]: the SPARQL 1.1 Protocol at `/sparql` (queries, guarded updates, limits);
//! - [`federation`]: SERVICE calls, only to allow-listed public endpoints;
//! - [`linked_data`]: every IRI the tool mints, dereferenced (HTML or RDF);
//! - [`describe`]: VoID, the service description, the Graph Store read;
//! - [`pages`]: the HTML (layout, the query page, resource pages);
//! - [`negotiate`]: `Accept` parsing and the formats we offer.

pub mod catalog;
pub mod describe;
pub mod federation;
pub mod linked_data;
pub mod negotiate;
pub mod pages;
pub mod sparql;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use oxigraph::store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OnceCell, Semaphore};

/// What can stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// A setting is wrong.
    #[error("{0}")]
    Config(String),
    /// The store holds names or e-mails and the operator did not say to serve them.
    #[error(
        "the store {path} holds contacts' names or e-mail addresses (personal data, imported with --contacts full): serving it would hand them to anyone who reaches the server. Import again with --contacts role, or give --serve-personal-data to serve them anyway"
    )]
    PersonalData {
        /// The store folder.
        path: String,
    },
    /// The runtime failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// An example query shown on the query page.
#[derive(Debug, Clone)]
pub struct ExampleQuery {
    /// File stem, used as its identifier in URLs.
    pub name: String,
    /// The first comment lines, for people.
    pub title: String,
    /// The SPARQL text.
    pub text: String,
}

/// The example queries shipped in `queries/`, compiled in so the server needs no files.
pub fn bundled_queries() -> Vec<ExampleQuery> {
    const FILES: &[(&str, &str)] = &[
        (
            "funding-per-country",
            include_str!("../../queries/funding-per-country.rq"),
        ),
        (
            "funding-per-year-and-funder",
            include_str!("../../queries/funding-per-year-and-funder.rq"),
        ),
        (
            "levies-per-year",
            include_str!("../../queries/levies-per-year.rq"),
        ),
        (
            "most-active-french-authorities",
            include_str!("../../queries/most-active-french-authorities.rq"),
        ),
        (
            "ongoing-or-ending-this-year",
            include_str!("../../queries/ongoing-or-ending-this-year.rq"),
        ),
        (
            "partnerships-per-kind-and-status",
            include_str!("../../queries/partnerships-per-kind-and-status.rq"),
        ),
        (
            "partnerships-per-theme",
            include_str!("../../queries/partnerships-per-theme.rq"),
        ),
        (
            "partnerships-with-a-country-and-contact-roles",
            include_str!("../../queries/partnerships-with-a-country-and-contact-roles.rq"),
        ),
        (
            "wikidata-countries",
            include_str!("../../queries/wikidata-countries.rq"),
        ),
        (
            "chart-funding-per-year-by-funder-type",
            crate::charts::queries::FUNDING,
        ),
        (
            "chart-partnerships-per-country",
            crate::charts::queries::COUNTRIES,
        ),
        (
            "chart-partnerships-per-theme",
            crate::charts::queries::THEMES,
        ),
        (
            "chart-started-and-ended-per-year",
            crate::charts::queries::LIFECYCLE,
        ),
    ];
    FILES
        .iter()
        .map(|(name, text)| example_query(name, text))
        .collect()
}

/// Builds an example from a `.rq` file's name and text: its title is its leading comment.
pub fn example_query(name: &str, text: &str) -> ExampleQuery {
    let title = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    ExampleQuery {
        name: name.to_string(),
        title: if title.is_empty() {
            name.to_string()
        } else {
            title
        },
        text: text.to_string(),
    }
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The store folder.
    pub store: PathBuf,
    /// Where to listen.
    pub bind: SocketAddr,
    /// The public URL of this server (links, VoID, service description); by default
    /// `http://{bind}/`.
    pub base_url: Option<String>,
    /// Per-query time limit.
    pub timeout: Duration,
    /// Largest number of result rows (or triples) one query may return.
    pub max_rows: usize,
    /// Queries evaluated at the same time; others wait (within their timeout).
    pub max_concurrent: usize,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Connections open at once (others wait to be accepted).
    pub max_connections: usize,
    /// Accept SPARQL updates carrying this bearer token (opens the store for writing).
    pub update_token: Option<String>,
    /// Endpoints SERVICE may call (exact IRIs); public addresses only, whatever this says.
    pub allow_service: Vec<String>,
    /// The example queries of the query page.
    pub queries: Vec<ExampleQuery>,
    /// The DCAT-AP catalogue offered at `/catalog` (default: `catalog.ttl` beside the store).
    pub catalog: Option<PathBuf>,
    /// Serve a store that holds names or e-mails (by default such a store is refused).
    pub serve_personal_data: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            store: PathBuf::from("store"),
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            base_url: None,
            timeout: Duration::from_secs(30),
            max_rows: 100_000,
            max_concurrent: 8,
            max_body: 1 << 20,
            max_connections: 512,
            update_token: None,
            allow_service: Vec::new(),
            queries: bundled_queries(),
            catalog: None,
            serve_personal_data: false,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// The store (read-only unless updates are allowed).
    pub store: Store,
    /// The settings.
    pub options: ServeOptions,
    /// The public URL, ending with `/`.
    pub base_url: String,
    /// Bounds the queries evaluated at once.
    pub slots: Arc<Semaphore>,
    /// SERVICE calls, guarded.
    pub federation: federation::Federation,
    /// VoID, computed once on first request (counting a large store takes a while).
    pub void: OnceCell<Vec<oxigraph::model::Triple>>,
    /// The published catalogue, when there is one.
    pub catalog: Option<Vec<oxigraph::model::Triple>>,
    /// The bundle folder (the store's parent, when `publish` made it): its files are served
    /// under `/files/`.
    pub bundle: Option<PathBuf>,
    /// The Atlas-wide charts, French and English, drawn once (the store is read-only).
    pub charts: [OnceCell<Arc<Vec<crate::charts::Chart>>>; 2],
}

/// The date of the data for chart captions: the catalogue's `dct:modified` when the store was
/// published, else the day the store was last written.
pub fn data_date(state: &AppState) -> String {
    if let Some(t) = &state.catalog
        && let Some(d) = t.iter().find_map(|t| {
            (t.predicate.as_str() == crate::rdf::vocab::dcterms::MODIFIED).then(|| {
                match &t.object {
                    oxigraph::model::Term::Literal(l) => l.value().to_string(),
                    other => other.to_string(),
                }
            })
        })
    {
        return d;
    }
    std::fs::metadata(state.options.store.join("CURRENT"))
        .and_then(|m| m.modified())
        .map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|_| "?".into())
}

/// The Atlas-wide charts in `lang`, drawn on first use.
pub async fn charts_for(
    state: &Shared,
    lang: crate::charts::svg::Lang,
) -> Result<Arc<Vec<crate::charts::Chart>>, String> {
    let slot = match lang {
        crate::charts::svg::Lang::Fr => &state.charts[0],
        crate::charts::svg::Lang::En => &state.charts[1],
    };
    let job = state.clone();
    slot.get_or_try_init(|| async move {
        tokio::task::spawn_blocking(move || {
            let data = crate::charts::data::atlas(&job.store).map_err(|e| e.to_string())?;
            Ok::<_, String>(Arc::new(crate::charts::atlas_charts(
                &data,
                lang,
                &data_date(&job),
            )))
        })
        .await
        .map_err(|e| e.to_string())?
    })
    .await
    .cloned()
}

/// Shared state handle.
pub type Shared = Arc<AppState>;

impl AppState {
    /// Opens the store and prepares the state.
    pub fn new(options: ServeOptions, local_addr: SocketAddr) -> Result<Self, ServeError> {
        let store = if options.update_token.is_some() {
            crate::store::open(&options.store)?
        } else {
            crate::store::open_read_only(&options.store)?
        };
        if !options.serve_personal_data
            && crate::store::holds_personal_data(&store)
                .map_err(|e| crate::store::storage_error(&options.store, e))?
        {
            return Err(ServeError::PersonalData {
                path: options.store.display().to_string(),
            });
        }
        let base_url = match &options.base_url {
            Some(u) => {
                let u = if u.ends_with('/') {
                    u.clone()
                } else {
                    format!("{u}/")
                };
                iri_string::types::IriAbsoluteStr::new(&u)
                    .map_err(|e| ServeError::Config(format!("--base-url {u}: {e}")))?;
                u
            }
            None => format!("http://{local_addr}/"),
        };
        let catalog_path = options.catalog.clone().or_else(|| {
            let beside = options.store.parent()?.join("catalog.ttl");
            beside.is_file().then_some(beside)
        });
        let bundle = options
            .store
            .parent()
            .filter(|p| p.join("catalog.ttl").is_file())
            .map(|p| p.to_path_buf());
        let catalog = match catalog_path {
            Some(p) => Some(catalog::load(&p).map_err(ServeError::Config)?),
            None => None,
        };
        let federation = federation::Federation::new(&options.allow_service, options.timeout)
            .map_err(ServeError::Config)?;
        Ok(AppState {
            store,
            slots: Arc::new(Semaphore::new(options.max_concurrent.max(1))),
            options,
            base_url,
            federation,
            void: OnceCell::new(),
            catalog,
            bundle,
            charts: [OnceCell::new(), OnceCell::new()],
        })
    }
}

/// The routes.
pub fn router(state: Shared) -> Router {
    let max_body = state.options.max_body;
    Router::new()
        .route("/", get(pages::home))
        .route(
            "/sparql",
            get(sparql::get_handler).post(sparql::post_handler),
        )
        .route("/void", get(describe::void))
        .route("/.well-known/void", get(describe::void))
        .route("/store", get(describe::graph_store))
        .route("/catalog", get(catalog::handler))
        .route("/files/{name}", get(catalog::file))
        .route("/country/{code}", get(pages::country))
        .route("/style.css", get(pages::style))
        .fallback(linked_data::resolve)
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

/// Binds, prints the address on stderr (`listening on http://...`), and serves until Ctrl-C
/// or SIGTERM.
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let listener =
        std::net::TcpListener::bind(options.bind).map_err(|source| ServeError::Bind {
            addr: options.bind,
            source,
        })?;
    serve_on(listener, options, shutdown_signal())
}

/// Serves on an already bound listener until `shutdown` completes (for embedding: tests and
/// benchmarks bind port 0 themselves and read the port back).
pub fn serve_on(
    listener: std::net::TcpListener,
    options: ServeOptions,
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
        eprintln!(
            "listening on http://{local}/ (SPARQL at {}sparql)",
            state.base_url
        );
        // Drawing the charts reads every funding row (seconds for a whole Atlas): done now, in
        // the background, so that the first visitor of the home page does not wait for it.
        let warm = state.clone();
        tokio::spawn(async move {
            let _ = charts_for(&warm, crate::charts::svg::Lang::Fr).await;
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

/// A plain-text error answer (every refusal carries a message saying why).
pub fn error_response(status: StatusCode, message: impl Into<String>) -> Response {
    let mut message = message.into();
    if !message.ends_with('\n') {
        message.push('\n');
    }
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        message,
    )
        .into_response()
}
