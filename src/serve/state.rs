//! What the server runs with: its options, the state every handler shares (the store, the
//! limits, what is computed once), and what can stop it from starting.

use super::respond::Failure;
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
    /// `--base-url` is not an absolute IRI.
    #[error("--base-url {url}: {reason}")]
    BaseUrl {
        /// The URL given.
        url: String,
        /// What the IRI parser said.
        reason: String,
    },
    /// The store's IRIs do not dereference at the server's URL.
    #[error(
        "the store {store} holds IRIs under {base}, which {url} does not serve: give --base-url the public URL they start with (for example --base-url {suggested})"
    )]
    BaseMismatch {
        /// The store folder.
        store: String,
        /// The base IRI the store's records were minted under.
        base: String,
        /// The server's URL (given, or the default one).
        url: String,
        /// A URL that would serve them: the base's scheme and host.
        suggested: String,
    },
    /// The catalogue cannot be read.
    #[error(transparent)]
    Catalog(#[from] super::hydra::CatalogError),
    /// An allow-listed SERVICE endpoint can never be called.
    #[error(transparent)]
    Federation(#[from] super::federation::NotCallable),
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
    pub queries: Vec<super::examples::ExampleQuery>,
    /// The DCAT-AP catalogue offered at `/catalog` (default: `catalog.ttl` beside the store).
    pub catalog: Option<PathBuf>,
    /// Serve a store that holds names or e-mails (by default such a store is refused).
    pub serve_personal_data: bool,
    /// Bytes of query answers kept in memory (0: none).
    pub cache_bytes: usize,
    /// The `Cache-Control` of answers that carry an `ETag`.
    pub cache_control: String,
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
            queries: super::examples::bundled_queries(),
            catalog: None,
            serve_personal_data: false,
            cache_bytes: 128 << 20,
            cache_control: "public, max-age=300".into(),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// The store (read-only unless updates are allowed).
    pub store: crate::store::Handle,
    /// The settings.
    pub options: ServeOptions,
    /// The public URL, ending with `/`.
    pub base_url: String,
    /// Bounds the queries evaluated at once.
    pub slots: Arc<Semaphore>,
    /// SERVICE calls, guarded.
    pub federation: super::federation::Federation,
    /// VoID, computed once on first request (counting a large store takes a while).
    pub void: OnceCell<Vec<oxigraph::model::Triple>>,
    /// The published catalogue, when there is one.
    pub catalog: Option<Vec<oxigraph::model::Triple>>,
    /// The dataset's schema.org description (a JSON-LD script body), from the catalogue.
    pub schema_org: Option<String>,
    /// The bundle folder (the store's parent, when `publish` made it): its files are served
    /// under `/files/`.
    pub bundle: Option<PathBuf>,
    /// What the store holds, named (ETags, and the key of the answers kept).
    pub generation: super::cache::Generation,
    /// The labels pages show, read once per generation.
    pub labels: super::cache::LabelCache,
    /// The validators of answers given, for `304`s decided before the handler runs.
    pub validators: super::validators::Validators,
    /// Query answers kept in memory.
    pub answers: super::cache::QueryCache,
    /// The Atlas-wide charts, French and English, drawn once (the store is read-only).
    pub charts: [OnceCell<Arc<Vec<crate::charts::Chart>>>; 2],
    /// The partnerships the store holds, counted once (the home page says how many).
    pub partnerships: OnceCell<u64>,
    /// The full-text index (`/search`, `/suggest`), swapped whole after an update.
    pub search: std::sync::RwLock<Option<Arc<crate::store::search::find::Searcher>>>,
}

/// The date of the data for chart captions: the catalogue's `dct:modified` when the store was
/// published, else the day the store was last written.
pub fn data_date(state: &AppState) -> String {
    if let Some(t) = &state.catalog
        && let Some(d) = t.iter().find_map(|t| {
            (t.predicate.as_str() == crate::vocab::dcterms::MODIFIED.as_str()).then(|| {
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
    lang: crate::model::lang::Lang,
) -> Result<Arc<Vec<crate::charts::Chart>>, Failure> {
    let slot = match lang {
        crate::model::lang::Lang::Fr => &state.charts[0],
        crate::model::lang::Lang::En => &state.charts[1],
    };
    let job = state.clone();
    slot.get_or_try_init(|| async move {
        tokio::task::spawn_blocking(move || {
            let data = crate::charts::data::atlas(&job.store)?;
            Ok::<_, Failure>(Arc::new(crate::charts::atlas_charts(
                &data,
                lang,
                &data_date(&job),
            )))
        })
        .await?
    })
    .await
    .cloned()
}

/// The number of partnerships in the store (distinct subjects typed `atlas:Partnership` in
/// any graph), counted on first use.
pub async fn partnership_count(state: &Shared) -> Result<u64, Failure> {
    let job = state.clone();
    state
        .partnerships
        .get_or_try_init(|| async move {
            tokio::task::spawn_blocking(move || {
                let query = format!(
                    "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{}> }}",
                    crate::vocab::atlas::PARTNERSHIP.as_str()
                );
                let rows = crate::store::describe::select(&job.store, &query)?;
                let n = rows
                    .first()
                    .and_then(|r| r.first())
                    .and_then(|c| match c {
                        Some(oxigraph::model::Term::Literal(l)) => l.value().parse().ok(),
                        _ => None,
                    })
                    .unwrap_or(0);
                Ok::<_, Failure>(n)
            })
            .await?
        })
        .await
        .copied()
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
            && crate::store::holds_personal_data(&store).map_err(|e| store.error(e))?
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
                oxiri::Iri::parse(u.as_str()).map_err(|e| ServeError::BaseUrl {
                    url: u.clone(),
                    reason: e.to_string(),
                })?;
                u
            }
            None => format!("http://{local_addr}/"),
        };
        check_base(&options.store, &base_url)?;
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
            Some(p) => Some(super::hydra::load(&p)?),
            None => None,
        };
        let federation =
            super::federation::Federation::new(&options.allow_service, options.timeout)?;
        let options_store = options.store.clone();
        let cache_bytes = options.cache_bytes;
        Ok(AppState {
            store,
            slots: Arc::new(Semaphore::new(options.max_concurrent.max(1))),
            options,
            base_url,
            federation,
            void: OnceCell::new(),
            schema_org: catalog
                .as_deref()
                .and_then(crate::publish::schema_org::dataset)
                .map(|d| crate::publish::schema_org::script_body(&d)),
            catalog,
            bundle,
            charts: [OnceCell::new(), OnceCell::new()],
            partnerships: OnceCell::new(),
            generation: super::cache::Generation::of_store(&options_store),
            labels: super::cache::LabelCache::default(),
            validators: super::validators::Validators::default(),
            answers: super::cache::QueryCache::new(cache_bytes),
            search: std::sync::RwLock::new(None),
        }
        .with_search())
    }

    /// The state with its search index when it is current. A missing or stale one is built
    /// on the first search, not here: building waits for no request to start the server.
    fn with_search(self) -> Self {
        let path = &self.options.store;
        if crate::store::search::is_current(path)
            && let Ok(s) = crate::store::search::open_existing(path)
            && let Ok(mut slot) = self.search.write()
        {
            *slot = Some(Arc::new(s));
        }
        self
    }

    /// After an update: the index no longer says what the store holds; the next search builds
    /// it again, so that no hit names what is gone.
    pub fn search_stale(&self) {
        crate::store::search::mark_stale(&self.options.store);
        if let Ok(mut slot) = self.search.write() {
            *slot = None;
        }
    }

    /// Builds the search index again from the store (always when `force`, else when it is
    /// missing or stale) and swaps it in. Called after every update, so that a hit never names
    /// a partnership the store no longer holds.
    pub fn reindex(&self, force: bool) -> Option<String> {
        use crate::store::search;
        let path = &self.options.store;
        let built = if force || !search::is_current(path) {
            search::build_from(&self.store, path)
                .err()
                .map(|e| e.to_string())
        } else {
            None
        };
        let opened = search::open_existing(path).ok().map(Arc::new);
        if let Ok(mut slot) = self.search.write() {
            *slot = opened;
        }
        built
    }

    /// The search index, when there is one.
    pub fn search_index(&self) -> Option<Arc<crate::store::search::find::Searcher>> {
        if let Some(s) = self.search.read().ok().and_then(|s| s.clone()) {
            return Some(s);
        }
        // The first search, or the first since an update: built now, once (under the lock).
        let mut slot = self.search.write().ok()?;
        if slot.is_none() {
            let path = &self.options.store;
            if !crate::store::search::is_current(path) {
                let _ = crate::store::search::build_from(&self.store, path);
            }
            *slot = crate::store::search::open_existing(path).ok().map(Arc::new);
        }
        slot.clone()
    }
}

/// Whether the IRIs of the store in `store` dereference at `base_url`: those under the
/// project's root always do (the server answers for it), others only under the server's own
/// URL. A store without a recorded base (made before it was recorded) is taken as it is.
fn check_base(store: &std::path::Path, base_url: &str) -> Result<(), ServeError> {
    let Some(base) = crate::store::base::recorded(store)? else {
        return Ok(());
    };
    if base.starts_with(crate::vocab::ns::ROOT) || base.starts_with(base_url) {
        return Ok(());
    }
    let suggested = oxiri::Iri::parse(base.as_str())
        .ok()
        .and_then(|i| i.authority().map(|a| format!("{}://{a}/", i.scheme())))
        .unwrap_or_else(|| base.clone());
    Err(ServeError::BaseMismatch {
        store: store.display().to_string(),
        base,
        url: base_url.to_string(),
        suggested,
    })
}
