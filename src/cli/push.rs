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
    /// Seconds one request may take.
    #[arg(long, default_value_t = 120)]
    timeout: u64,
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
        retry: Retry::default(),
        timeout: Duration::from_secs(args.timeout),
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
