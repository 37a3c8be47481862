//! Command-line parsing and the subcommands' printing. Exit codes: see [`messages`] (0 all
//! good, 1 some records rejected, 2 usage or I/O error).

mod convert;
mod diff;
mod generate;
mod link;
mod messages;
mod publish;
mod push;
mod reading;
mod serve;
mod store;
mod validate;

use clap::{Parser, Subcommand};

/// Turns the French Atlas of decentralised cooperation into linked open data.
#[derive(Parser, Debug)]
#[command(name = "atlas-lod", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read Atlas pages or records and write RDF (or canonical records).
    Convert(convert::Args),
    /// Load pages or records into an on-disk store (validated; one named graph per record).
    Import(store::ImportArgs),
    /// Run a SPARQL query on a store.
    Query(store::QueryArgs),
    /// Write a store (or one graph) as RDF, deterministically.
    Dump(store::DumpArgs),
    /// Import, validate and write the data.gouv.fr bundle (dumps, CSV, DCAT-AP catalogue).
    Publish(publish::Args),
    /// Link the store to other datasets (Wikidata).
    Link(link::Args),
    /// Write every graph of a store to another triple store (SPARQL 1.1 Graph Store Protocol).
    Push(push::Args),
    /// Serve a store: SPARQL endpoint, Linked Data pages, VoID, query page.
    Serve(serve::Args),
    /// Check pages, records or RDF against the SHACL shapes and report.
    Validate(validate::Args),
    /// Write synthetic records or pages of realistic shape, deterministic for a seed.
    Generate(generate::Args),
    /// What changed between two releases (bundles or stores): exit 0 same, 1 different.
    Diff(diff::Args),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                messages::FAILED
            } else {
                messages::SUCCESS
            };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Import(args) => store::run_import(args),
        Command::Query(args) => store::run_query(args),
        Command::Dump(args) => store::run_dump(args),
        Command::Serve(args) => serve::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Push(args) => push::run(args),
        Command::Link(args) => link::run(args),
        Command::Diff(args) => diff::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            messages::error(format_args!("{e:#}"));
            messages::FAILED
        }
    }
}
