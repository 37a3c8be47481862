//! Command-line parsing and the subcommands' printing. Exit codes: see [`messages`] (0 all
//! good, 1 some records rejected, 2 usage or I/O error).

mod clock;
mod convert;
mod diff;
mod export;
mod generate;
mod link;
mod mapping;
mod messages;
mod output;
mod publish;
mod push;
mod reading;
mod search;
mod serve;
mod store;
mod validate;
mod values;
mod verify;

use clap::{CommandFactory, Parser, Subcommand};

/// Turns the French Atlas of decentralised cooperation into linked open data.
#[derive(Parser, Debug)]
#[command(name = "atlas-lod", version, about)]
struct Cli {
    /// Print errors only: no warnings, notes, summaries or progress.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Progress of the long commands on standard error: a bar on a terminal; otherwise a line
    /// every 10,000 records (`auto`) or 1,000 (`always`).
    #[arg(long, global = true, value_enum, default_value = "auto")]
    progress: messages::Progress,
    #[command(subcommand)]
    command: Command,
}

/// The shells `completions` writes for.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
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
    /// Search the store in French (its full-text index, built when missing or stale).
    Search(search::Args),
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
    /// Write the store in another community's format (IATI 2.03 activities).
    Export(export::Args),
    /// What changed between two releases (bundles or stores): exit 0 same, 1 different.
    Diff(diff::Args),
    /// Check a downloaded bundle: files and checksums, the canonical hash recomputed
    /// independently, the dumps against each other, the data against the shapes.
    Verify(verify::Args),
    /// Write the shell completion script for SHELL on standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Write the manual pages (roff): the command's, then one per subcommand, on standard
    /// output (`atlas-lod man > atlas-lod.1`) or one file each with `--dir`.
    Man {
        /// Write `atlas-lod.1` and `atlas-lod-SUBCOMMAND.1` into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// Writes the completions or the man page, made from the command line's own definition.
fn shell_files(command: &Command) -> anyhow::Result<i32> {
    let mut cli = Cli::command();
    let mut out = std::io::stdout();
    match command {
        Command::Completions { shell } => {
            use clap_complete::Shell as S;
            let shell = match shell {
                Shell::Bash => S::Bash,
                Shell::Zsh => S::Zsh,
                Shell::Fish => S::Fish,
                Shell::Powershell => S::PowerShell,
            };
            clap_complete::generate(shell, &mut cli, "atlas-lod", &mut out);
        }
        Command::Man { dir: Some(dir) } => {
            std::fs::create_dir_all(dir)
                .map_err(anyhow::Error::from)
                .and_then(|()| Ok(clap_mangen::generate_to(cli, dir)?))
                .map_err(|e| {
                    e.context(format!(
                        "cannot write the manual pages into {}",
                        dir.display()
                    ))
                })?;
        }
        _ => {
            // One page per command, one after the other: `man` and groff render them in turn.
            cli = cli.disable_help_subcommand(true);
            cli.build();
            for page in man_pages(&cli) {
                clap_mangen::Man::new(page).render(&mut out)?;
            }
        }
    }
    Ok(messages::SUCCESS)
}

/// The command and its subcommands at every depth, each named as its own page
/// (`atlas-lod-link-wikidata`), in the order `--help` lists them.
fn man_pages(command: &clap::Command) -> Vec<clap::Command> {
    let mut pages = vec![command.clone()];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.extend(man_pages(sub));
    }
    pages
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
    messages::configure(cli.quiet, cli.progress);
    let result = match cli.command {
        ref c @ (Command::Completions { .. } | Command::Man { .. }) => shell_files(c),
        Command::Convert(args) => convert::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Import(args) => store::run_import(args),
        Command::Query(args) => store::run_query(args),
        Command::Dump(args) => store::run_dump(args),
        Command::Search(args) => search::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Push(args) => push::run(args),
        Command::Link(args) => link::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Export(args) => export::run(args),
        Command::Verify(args) => verify::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            messages::error(messages::chain(&e));
            messages::failure_code(&e)
        }
    }
}
