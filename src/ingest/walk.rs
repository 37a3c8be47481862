//! The one walk over the input folders of `convert`, `import`, `validate` and `publish`.
//!
//! A folder holds more than inputs: a README, a mapping, the bundle or the store an earlier run
//! wrote there, links that lead back up the tree. The walk takes only the kinds of files the
//! command reads ([`Kinds`]), never enters the run's own outputs nor a bundle or a store made by
//! this tool, reads each file and each folder once however many links lead to it (a link loop
//! included), in sorted order, and counts everything it left out ([`Skipped`]) so that the
//! command can say so.

use super::{IngestError, Input, InputFormat};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The kind of an input file, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An Atlas page as text (`.txt`, `.text`).
    Page,
    /// Canonical records as JSON Lines (`.jsonl`, `.ndjson`).
    Records,
    /// A table (`.csv`, `.tsv`).
    Table,
    /// An RDF document (`.ttl`, `.nt`, `.nq`, `.trig`).
    Rdf,
}

impl FileKind {
    /// The kind of `path` by its extension (any case); `None` for anything else.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => FileKind::Page,
            "jsonl" | "ndjson" => FileKind::Records,
            "csv" | "tsv" => FileKind::Table,
            "ttl" | "nt" | "nq" | "trig" => FileKind::Rdf,
            _ => return None,
        })
    }
}

/// The kinds of files a folder walk takes. Files named on the command line are always taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kinds {
    /// Pages.
    pub pages: bool,
    /// Record files.
    pub records: bool,
    /// Tables (only with a column mapping: without one they are counted apart).
    pub tables: bool,
    /// RDF documents (`validate` only).
    pub rdf: bool,
    /// Tables would be read but no mapping was given: they are counted apart, so that the
    /// caller can say how to read them.
    pub tables_need_mapping: bool,
}

impl Kinds {
    /// What a command reading `format` takes from a folder: `auto` takes pages and records
    /// (and tables when a mapping is given), a declared format only its own kind.
    pub fn for_reading(format: InputFormat, mapping: bool) -> Kinds {
        match format {
            InputFormat::Auto => Kinds {
                pages: true,
                records: true,
                tables: mapping,
                rdf: false,
                tables_need_mapping: !mapping,
            },
            InputFormat::AtlasText => Kinds {
                pages: true,
                ..Kinds::default()
            },
            InputFormat::Jsonl => Kinds {
                records: true,
                ..Kinds::default()
            },
            InputFormat::Csv => Kinds {
                tables: mapping,
                tables_need_mapping: !mapping,
                ..Kinds::default()
            },
        }
    }

    /// The same, with RDF documents too.
    pub fn with_rdf(self) -> Kinds {
        Kinds { rdf: true, ..self }
    }

    fn takes(&self, kind: FileKind) -> bool {
        match kind {
            FileKind::Page => self.pages,
            FileKind::Records => self.records,
            FileKind::Table => self.tables,
            FileKind::Rdf => self.rdf,
        }
    }
}

/// What a walk left out, each list in walk order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Files of a kind this command does not read (a README, a mapping, `.ttl` for `convert`).
    pub other_kinds: Vec<PathBuf>,
    /// Tables, left out for want of a column mapping.
    pub tables: Vec<PathBuf>,
    /// This run's own outputs (`--out`, `-o`, `--rejects`, the store), not entered or read.
    pub outputs: Vec<PathBuf>,
    /// Folders that are a bundle or a store made by this tool, not entered.
    pub made_here: Vec<PathBuf>,
    /// Links to a file or folder already read or walked (a link loop among them).
    pub repeated: Vec<PathBuf>,
    /// Hidden files and folders (name starting with a dot).
    pub hidden: Vec<PathBuf>,
}

impl Skipped {
    /// Every entry left out.
    pub fn total(&self) -> usize {
        self.other_kinds.len()
            + self.tables.len()
            + self.outputs.len()
            + self.made_here.len()
            + self.repeated.len()
            + self.hidden.len()
    }

    /// One sentence saying what was left out and why, each reason with its first path (tables
    /// apart: the caller says how to read them); `None` when nothing other than tables was.
    pub fn sentence(&self) -> Option<String> {
        let parts: Vec<String> = [
            (
                &self.other_kinds,
                "of a kind this command does not read here",
            ),
            (&self.outputs, "this run's own output"),
            (&self.made_here, "a bundle or store made by atlas-lod"),
            (
                &self.repeated,
                "already read through another link (loop-safe)",
            ),
            (&self.hidden, "hidden"),
        ]
        .iter()
        .filter_map(|(list, why)| {
            list.first()
                .map(|first| format!("{} {why} (first: {})", list.len(), first.display()))
        })
        .collect();
        let mut parts = parts;
        if !self.other_kinds.is_empty() {
            // Which kinds: so that a mistaken extension shows at a glance.
            let kinds: std::collections::BTreeSet<String> = self
                .other_kinds
                .iter()
                .map(|p| {
                    p.extension()
                        .map(|e| format!(".{}", e.to_string_lossy()))
                        .unwrap_or_else(|| "no extension".into())
                })
                .collect();
            parts[0] = format!(
                "{} [{}]",
                parts[0],
                kinds.into_iter().collect::<Vec<_>>().join(", ")
            );
        }
        (!parts.is_empty()).then(|| {
            format!(
                "{} entr{} of the folders given not read: {}",
                self.total() - self.tables.len(),
                if self.total() - self.tables.len() == 1 {
                    "y"
                } else {
                    "ies"
                },
                parts.join("; ")
            )
        })
    }
}

/// The inputs found, the paths that could not be read, and what was left out.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Inputs, in command-line order, each folder's files sorted by name, depth first.
    pub inputs: Vec<Input>,
    /// Paths that cannot be found or read.
    pub errors: Vec<IngestError>,
    /// What the walk left out.
    pub skipped: Skipped,
}

/// Identity of a file or folder, whatever the path that leads to it: device and inode.
#[cfg(unix)]
fn id_from(m: &std::fs::Metadata, _path: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

/// Elsewhere the path, made absolute, stands for the identity (a weaker check).
#[cfg(not(unix))]
fn id_from(_m: &std::fs::Metadata, path: &Path) -> (u64, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .hash(&mut h);
    (0, h.finish())
}

fn id_of(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| id_from(&m, path))
}

/// Whether `dir` is a bundle (its checksum file or its identity table beside its data package)
/// or a store (RocksDB's `CURRENT` naming a manifest) made by this tool: a few file checks.
pub fn made_by_atlas_lod(dir: &Path) -> bool {
    if dir.join("atlas.canonical.sha256").is_file()
        || (dir.join("identity.csv").is_file() && dir.join("datapackage.json").is_file())
    {
        return true;
    }
    let current = dir.join("CURRENT");
    current.is_file()
        && std::fs::read(&current).is_ok_and(|b| b.len() < 256 && b.starts_with(b"MANIFEST-"))
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// What is said of a folder given as an input that holds no file the command reads.
const EMPTY_FOLDER: &str = "holds no file this command reads";

/// Whether `e` says that a folder given as an input held nothing to read (which `publish
/// --allow-empty` accepts, and every other run refuses).
pub fn is_empty_folder(e: &IngestError) -> bool {
    matches!(e, IngestError::Io { source, .. }
        if source.kind() == std::io::ErrorKind::Other && source.to_string() == EMPTY_FOLDER)
}

/// Expands command-line arguments: `-` is standard input, a file is taken as given (once),
/// a folder is walked for the `kinds` asked, never entering `outputs` (this run's own output
/// files and folders) nor a bundle or store made by this tool, never reading a file or a
/// folder twice.
pub fn expand(args: &[String], kinds: Kinds, outputs: &[PathBuf]) -> Expanded {
    let outputs: HashSet<(u64, u64)> = outputs.iter().filter_map(|p| id_of(p)).collect();
    let mut walk = Walk {
        kinds,
        outputs,
        visited: HashSet::new(),
        out: Expanded::default(),
    };
    for arg in args {
        if arg == "-" {
            walk.out.inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let before = (walk.out.inputs.len(), walk.out.errors.len());
                let repeated = walk.out.skipped.repeated.len();
                walk.folder(path);
                // A folder that gave nothing to read is most often a wrong path: an error, never
                // a run that succeeds on no data.
                if (walk.out.inputs.len(), walk.out.errors.len()) == before
                    && walk.out.skipped.repeated.len() == repeated
                {
                    walk.out.errors.push(IngestError::Io {
                        path: arg.clone(),
                        source: std::io::Error::other(EMPTY_FOLDER),
                    });
                }
            }
            Ok(_) => match id_of(path) {
                Some(id) if !walk.visited.insert(id) => {
                    walk.out.skipped.repeated.push(path.to_path_buf())
                }
                _ => walk.out.inputs.push(Input::File(path.to_path_buf())),
            },
            Err(source) => walk.out.errors.push(IngestError::Io {
                path: arg.clone(),
                source,
            }),
        }
    }
    walk.out
}

struct Walk {
    kinds: Kinds,
    outputs: HashSet<(u64, u64)>,
    visited: HashSet<(u64, u64)>,
    out: Expanded,
}

impl Walk {
    fn folder(&mut self, root: &Path) {
        let mut entries = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                    if e.loop_ancestor().is_some() {
                        self.out.skipped.repeated.push(path);
                    } else if e.depth() > 0
                        && !FileKind::of(&path).is_some_and(|k| self.kinds.takes(k))
                        && !path.is_dir()
                    {
                        // A broken link to something this command would not read anyway.
                        self.out.skipped.other_kinds.push(path);
                    } else {
                        let source = e
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("cannot be walked"));
                        self.out.errors.push(IngestError::Io {
                            path: path.display().to_string(),
                            source,
                        });
                    }
                    continue;
                }
            };
            let path = entry.path();
            let is_dir = entry.file_type().is_dir();
            let skip_dir = |entries: &mut walkdir::IntoIter| {
                if is_dir {
                    entries.skip_current_dir();
                }
            };
            if entry.depth() > 0 && hidden(path) {
                self.out.skipped.hidden.push(path.to_path_buf());
                skip_dir(&mut entries);
                continue;
            }
            let id = match entry.metadata() {
                Ok(m) => id_from(&m, path),
                Err(e) => {
                    let source = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                    self.out.errors.push(IngestError::Io {
                        path: path.display().to_string(),
                        source,
                    });
                    skip_dir(&mut entries);
                    continue;
                }
            };
            if self.outputs.contains(&id) {
                self.out.skipped.outputs.push(path.to_path_buf());
                skip_dir(&mut entries);
                continue;
            }
            if is_dir && made_by_atlas_lod(path) {
                self.out.skipped.made_here.push(path.to_path_buf());
                skip_dir(&mut entries);
                continue;
            }
            if is_dir {
                if !self.visited.insert(id) {
                    self.out.skipped.repeated.push(path.to_path_buf());
                    skip_dir(&mut entries);
                }
                continue;
            }
            match FileKind::of(path) {
                Some(kind) if self.kinds.takes(kind) => {
                    if self.visited.insert(id) {
                        self.out.inputs.push(Input::File(path.to_path_buf()));
                    } else {
                        self.out.skipped.repeated.push(path.to_path_buf());
                    }
                }
                Some(FileKind::Table) if self.kinds.tables_need_mapping => {
                    self.out.skipped.tables.push(path.to_path_buf())
                }
                _ => self.out.skipped.other_kinds.push(path.to_path_buf()),
            }
        }
    }
}
