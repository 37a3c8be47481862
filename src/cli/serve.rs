//! `serve`.

use anyhow::{Context, Result};
use atlas_lod::serve::{self, ServeOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The store folder (made by `import`).
    #[arg(long)]
    store: PathBuf,
    /// Address and port to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:7878")]
    bind: SocketAddr,
    /// Public URL of this server, for links and descriptions (default: http://BIND/).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Per-query time limit, in seconds.
    #[arg(long, default_value_t = 30, value_parser = at_least_one::<u64>)]
    timeout: u64,
    /// Largest number of result rows (or triples) one query may return.
    #[arg(long, default_value_t = 100_000, value_parser = at_least_one::<usize>)]
    max_rows: usize,
    /// Queries evaluated at the same time (others wait, within their timeout).
    #[arg(long, default_value_t = 8, value_parser = at_least_one::<usize>)]
    max_concurrent: usize,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_parser = at_least_one::<usize>)]
    max_body: usize,
    /// Connections open at once (others wait to be accepted).
    #[arg(long, default_value_t = 512, value_parser = at_least_one::<usize>)]
    max_connections: usize,
    /// Accept SPARQL updates carrying the bearer token read from ATLAS_LOD_UPDATE_TOKEN
    /// (opens the store for writing).
    #[arg(long)]
    allow_update: bool,
    /// An endpoint SERVICE may call (exact IRI; public addresses only); may be repeated.
    #[arg(long = "allow-service", value_name = "URL")]
    allow_service: Vec<String>,
    /// Example queries for the query page, from this folder's `.rq` files (default: the
    /// bundled `queries/`).
    #[arg(long, value_name = "DIR")]
    queries: Option<PathBuf>,
    /// The DCAT-AP catalogue for `/catalog` (default: catalog.ttl beside the store, as
    /// `publish` writes it).
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Serve a store that holds contacts' names or e-mail addresses (imported with
    /// `--contacts full`): anyone who reaches the server can then read them. Without this flag
    /// such a store is refused.
    #[arg(long)]
    serve_personal_data: bool,
    /// Memory for query answers kept between requests, in MiB (0: none). Emptied whenever the
    /// store changes (an update); the Atlas' common aggregates are a few KB each.
    #[arg(long, default_value_t = 128, value_name = "MIB")]
    cache_mib: usize,
    /// The `Cache-Control` of every answer that carries an `ETag` (pages, RDF, query answers).
    #[arg(long, default_value = "public, max-age=300", value_name = "VALUE", value_parser = header_value)]
    cache_control: String,
}

/// A limit of 0 would refuse every request (or none): a mistake, said at the start.
fn at_least_one<T: std::str::FromStr + PartialOrd + From<u8>>(text: &str) -> Result<T, String> {
    match text.parse::<T>() {
        Ok(n) if n >= T::from(1) => Ok(n),
        Ok(_) => Err("at least 1".into()),
        Err(_) => Err(format!("{text:?} is not a whole number")),
    }
}

/// A value a header can carry (no line break, no control character): else it would be
/// dropped from every answer, quietly.
fn header_value(text: &str) -> Result<String, String> {
    axum::http::HeaderValue::from_str(text)
        .map(|_| text.to_string())
        .map_err(|_| "not a header value (a control character or a line break)".into())
}

/// The environment variable holding the update token (kept off the command line, which other
/// users of the machine can read).
pub const TOKEN_VAR: &str = "ATLAS_LOD_UPDATE_TOKEN";

pub fn run(args: Args) -> Result<i32> {
    let update_token = if args.allow_update {
        let token = std::env::var(TOKEN_VAR)
            .with_context(|| format!("--allow-update needs a token in {TOKEN_VAR}"))?;
        anyhow::ensure!(
            token.len() >= 16,
            "{TOKEN_VAR} must be at least 16 characters long"
        );
        Some(token)
    } else {
        None
    };
    let queries = match &args.queries {
        None => serve::bundled_queries(),
        Some(dir) => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .with_context(|| format!("cannot read {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "rq"))
                .collect();
            files.sort();
            files
                .iter()
                .map(|p| {
                    let text = std::fs::read_to_string(p)
                        .with_context(|| format!("cannot read {}", p.display()))?;
                    let name = p
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    Ok(serve::example_query(&name, &text))
                })
                .collect::<Result<Vec<_>>>()?
        }
    };
    serve::run(
        ServeOptions {
            store: args.store,
            bind: args.bind,
            base_url: args.base_url,
            timeout: Duration::from_secs(args.timeout.max(1)),
            max_rows: args.max_rows,
            max_concurrent: args.max_concurrent,
            max_body: args.max_body,
            max_connections: args.max_connections,
            update_token,
            allow_service: args.allow_service,
            queries,
            catalog: args.catalog,
            serve_personal_data: args.serve_personal_data,
            cache_bytes: args.cache_mib.saturating_mul(1 << 20),
            cache_control: args.cache_control.clone(),
        },
        |listening| eprintln!("{listening}"),
    )?;
    Ok(0)
}
