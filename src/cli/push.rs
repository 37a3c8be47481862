//! `push`: the store's graphs to another triple store (SPARQL 1.1 Graph Store Protocol).

use anyhow::{Context, Result, bail};
use atlas_lod::deliver::push::{self, PushOptions};
use atlas_lod::http::{Credentials, Retry};
use atlas_lod::store;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The store folder.
    #[arg(long)]
    store: PathBuf,
    /// The Graph Store endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).
    #[arg(long, value_name = "URL")]
    graph_store: String,
    /// User name, when the endpoint asks (HTTP Basic or Digest).
    #[arg(long)]
    user: Option<String>,
    /// The environment variable holding the password (never the password itself, which would
    /// show in the process list and the shell history).
    #[arg(long, value_name = "VAR", requires = "user")]
    password_env: Option<String>,
    /// Send only the graphs whose canonical hash changed since the last push to this endpoint,
    /// and delete the graphs gone from the store.
    #[arg(long)]
    only_changed: bool,
    /// Where the hashes of pushed graphs are kept (default: atlas-lod-push.json in the store).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    #[command(flatten)]
    sending: SendArgs,
}

/// How requests to a server are timed and retried (`push`, `publish --upload`).
#[derive(clap::Args, Debug)]
pub struct SendArgs {
    /// Seconds one request may take, from connecting to the answer's last byte (default: 120
    /// for push, 3600 for an upload, which sends whole files).
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<u64>,
    /// Attempts per request when the server gives no answer, a 429 or a 5xx (an upload that
    /// the server may have stored is never sent twice: see docs/reliability.md).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    attempts: u32,
    /// First wait before a retry, in milliseconds, doubled at each one (a longer Retry-After
    /// wins).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    backoff_ms: u64,
}

impl SendArgs {
    /// The retry settings.
    pub fn retry(&self) -> Retry {
        Retry {
            attempts: self.attempts,
            backoff: Duration::from_millis(self.backoff_ms),
            ..Retry::default()
        }
    }

    /// The timeout, or `default` seconds.
    pub fn timeout(&self, default: u64) -> Duration {
        Duration::from_secs(self.timeout.unwrap_or(default))
    }
}

pub fn run(args: Args) -> Result<i32> {
    if !args.graph_store.starts_with("http://") && !args.graph_store.starts_with("https://") {
        bail!(
            "--graph-store {:?} is not an http(s) address",
            args.graph_store
        );
    }
    let credentials = match (&args.user, &args.password_env) {
        (Some(user), Some(var)) => {
            let password = std::env::var(var)
                .with_context(|| format!("--password-env {var}: the variable is not set"))?;
            Some(Credentials::new(user.clone(), password))
        }
        (Some(_), None) => bail!("--user needs --password-env VAR"),
        _ => None,
    };
    let st = store::open_read_only(&args.store)?;
    let options = PushOptions {
        graph_store: args.graph_store.clone(),
        credentials,
        only_changed: args.only_changed,
        state: args
            .state
            .clone()
            .unwrap_or_else(|| push::default_state(&args.store)),
        retry: args.sending.retry(),
        timeout: args.sending.timeout(120),
    };
    let tty = std::io::stderr().is_terminal();
    let summary = push::run(&st, &args.store, &options, |s| {
        if tty && (s.sent + s.unchanged) % 500 == 0 {
            eprint!("\r{} of {} graphs", s.sent + s.unchanged, s.graphs);
        }
    })
    .with_context(|| format!("pushing {} to {}", args.store.display(), args.graph_store))?;
    if tty {
        eprint!("\r");
    }
    println!(
        "pushed {} graph(s) of {} ({} triples, {:.1} MB), {} unchanged, {} deleted, in {:.1} s",
        summary.sent,
        summary.graphs,
        summary.triples,
        summary.bytes as f64 / 1e6,
        summary.unchanged,
        summary.deleted,
        summary.seconds
    );
    Ok(0)
}
