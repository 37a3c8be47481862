use anyhow::{Context, Result, bail};
use atlas_lod::generate;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// One Atlas text page per record, in the folder given by `-o`.
    AtlasText,
    /// Canonical records as JSON Lines, to `-o FILE` or standard output.
    RecordsJsonl,
    /// One table, one row per funding row, with its mapping, in the folder given by `-o`.
    CsvLong,
    /// Partnerships, funding and partners tables joined by an id, with their mapping, in the
    /// folder given by `-o`.
    CsvJoined,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many records.
    #[arg(long)]
    count: u64,
    /// The seed: the same seed gives the same records.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// What to write.
    #[arg(long, value_enum, default_value = "records-jsonl")]
    to: Target,
    /// A folder (atlas-text, csv-long, csv-joined) or a file (records-jsonl; `-` or absent:
    /// standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<i32> {
    match args.to {
        Target::AtlasText => {
            let Some(dir) = args.output.filter(|d| !super::output::is_stdout(Some(d))) else {
                bail!("--to atlas-text needs -o FOLDER (a folder, not standard output)");
            };
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (i, mut rec) in generate::records(args.seed, args.count).enumerate() {
                let name = format!("{}-{:07}.txt", args.seed, i + 1);
                let path = dir.join(&name);
                rec.source.file = name;
                rec.source.line = 1;
                std::fs::write(&path, generate::page::render(&rec))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        Target::CsvLong | Target::CsvJoined => {
            let Some(dir) = args.output.filter(|d| !super::output::is_stdout(Some(d))) else {
                bail!(
                    "--to csv-long and csv-joined need -o FOLDER (a folder, not standard output)"
                );
            };
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let shape = if args.to == Target::CsvLong {
                generate::table::Shape::Long
            } else {
                generate::table::Shape::Joined
            };
            let records: Vec<_> = generate::records(args.seed, args.count).collect();
            for (name, text) in generate::table::tables(&records, shape) {
                let path = dir.join(&name);
                std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        Target::RecordsJsonl => {
            let mut out = BufWriter::new(super::output::create(args.output.as_deref())?);
            for rec in generate::records(args.seed, args.count) {
                serde_json::to_writer(&mut out, &rec)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
        }
    }
    super::messages::summary(format_args!(
        "generated {} record(s) with seed {}",
        args.count, args.seed
    ));
    Ok(0)
}
