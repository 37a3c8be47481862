//! Readers: one per source kind, each yielding `Result<Record, IngestError>` one record at a
//! time, so that a bad record never stops the others and memory stays flat.

pub mod atlas_page;
pub mod authorities;
pub mod decode;
pub mod ids;
pub mod jsonl;
pub mod mapping;
pub mod tabular;
pub mod values;
pub mod walk;

use crate::model::Record;
use authorities::Authorities;
use mapping::Mapping;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

/// A record that could not be read: names the file, the line and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {message}")]
pub struct RecordError {
    /// The source file (`-` for standard input).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The record field at fault (`title`, `funding`, ...), or `file` for the whole input.
    pub field: String,
    /// What is wrong, quoting the offending text.
    pub message: String,
}

impl RecordError {
    /// A new error.
    pub fn new(file: &str, line: usize, field: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// What can go wrong while reading inputs.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// One record is bad; the others go on.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// A file or folder cannot be read at all.
    #[error("{path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The kind of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Decided by the file extension: `.jsonl`/`.ndjson` are records, `.csv`/`.tsv` tables,
    /// anything else a page.
    #[default]
    Auto,
    /// The text rendering of one Atlas detail page per file.
    AtlasText,
    /// Canonical records, one JSON object per line (`convert --to records-jsonl`).
    Jsonl,
    /// A table (CSV, `;`- or tab-separated), one record per row, read through `--mapping`.
    Csv,
}

/// How inputs are read: their format, the column mapping of tables, and the list of French
/// authorities whose identifiers are attached to every record read.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// The input format.
    pub format: InputFormat,
    /// The column mapping, needed by tables.
    pub mapping: Option<Arc<Mapping>>,
    /// SIREN and INSEE codes to attach to French partners.
    pub authorities: Option<Arc<Authorities>>,
    /// Atlas ids of inputs that do not carry theirs (`--ids FILE`): input file (as given, or
    /// its file name) or source key -> Atlas id.
    pub ids: Option<Arc<std::collections::BTreeMap<String, String>>>,
}

impl From<InputFormat> for Reading {
    fn from(format: InputFormat) -> Self {
        Reading {
            format,
            ..Default::default()
        }
    }
}

/// One input to read: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// The name used in records and messages.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    fn format(&self, declared: InputFormat) -> InputFormat {
        match (declared, self) {
            (InputFormat::Auto, Input::File(p)) => match p.extension().and_then(|e| e.to_str()) {
                Some("jsonl" | "ndjson") => InputFormat::Jsonl,
                Some("csv" | "tsv") => InputFormat::Csv,
                _ => InputFormat::AtlasText,
            },
            (InputFormat::Auto, Input::Stdin) => InputFormat::AtlasText,
            (f, _) => f,
        }
    }
}

/// Expands command-line arguments for the pages and records `auto` reads (tables and RDF
/// files in folders left out): see [`walk::expand`] for every option.
pub fn expand(args: &[String]) -> (Vec<Input>, Vec<IngestError>) {
    let e = walk::expand(
        args,
        walk::Kinds::for_reading(InputFormat::Auto, false),
        &[],
    );
    (e.inputs, e.errors)
}

/// Reads records from inputs one at a time, in input order.
pub struct Records {
    inputs: std::vec::IntoIter<Input>,
    reading: Reading,
    current: Option<Current>,
}

/// The reader of the input being read, when it holds several records.
enum Current {
    Jsonl(jsonl::JsonlReader<Box<dyn BufRead + Send>>),
    Table(Box<tabular::TableReader>),
}

impl Records {
    /// Records from `inputs`, each read as `format` (or by extension with [`InputFormat::Auto`]).
    pub fn new(inputs: Vec<Input>, reading: impl Into<Reading>) -> Self {
        Self {
            inputs: inputs.into_iter(),
            reading: reading.into(),
            current: None,
        }
    }

    fn next_read(&mut self) -> Option<Result<Record, IngestError>> {
        loop {
            if let Some(current) = &mut self.current {
                let item = match current {
                    Current::Jsonl(r) => r.next().map(|i| i.map_err(IngestError::from)),
                    Current::Table(r) => r.next(),
                };
                match item {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let input = self.inputs.next()?;
            let name = input.name();
            let mut reader = match open(&input) {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            match input.format(self.reading.format) {
                InputFormat::Jsonl => {
                    self.current = Some(Current::Jsonl(jsonl::JsonlReader::new(reader, name)))
                }
                InputFormat::Csv => {
                    // A file that cannot be read as given: an input failure (exit 2, no prune),
                    // not a rejected record.
                    let Some(mapping) = self.reading.mapping.clone() else {
                        return Some(Err(IngestError::Io {
                            path: name,
                            source: std::io::Error::other(
                                "a table needs a column mapping (--mapping FILE.toml; see examples/csv/mapping.toml)",
                            ),
                        }));
                    };
                    let mut bytes = Vec::new();
                    if let Err(source) = reader.read_to_end(&mut bytes) {
                        return Some(Err(IngestError::Io { path: name, source }));
                    }
                    self.current = Some(Current::Table(Box::new(tabular::TableReader::new(
                        &bytes, name, mapping,
                    ))));
                }
                _ => {
                    // Read at most one byte past the limit: enough to know it is exceeded
                    // without holding a huge file in memory.
                    let mut bytes = Vec::new();
                    if let Err(source) = reader
                        .by_ref()
                        .take(MAX_PAGE_BYTES as u64 + 1)
                        .read_to_end(&mut bytes)
                    {
                        return Some(Err(IngestError::Io { path: name, source }));
                    }
                    if bytes.len() > MAX_PAGE_BYTES {
                        return Some(Err(IngestError::from(RecordError::new(
                            &name,
                            1,
                            "file",
                            format!(
                                "larger than the {} MiB a page may be (an Atlas page is a few tens of KB)",
                                MAX_PAGE_BYTES >> 20
                            ),
                        ))));
                    }
                    return Some(read_page_bytes(&bytes, &name).map_err(IngestError::from));
                }
            }
        }
    }
}

fn open(input: &Input) -> Result<Box<dyn BufRead + Send>, IngestError> {
    match input {
        Input::Stdin => Ok(Box::new(BufReader::new(std::io::stdin()))),
        Input::File(p) => File::open(p)
            .map(|f| Box::new(BufReader::new(f)) as Box<dyn BufRead + Send>)
            .map_err(|source| IngestError::Io {
                path: p.display().to_string(),
                source,
            }),
    }
}

/// Largest page file read, in bytes.
pub const MAX_PAGE_BYTES: usize = 10 << 20;

/// Reads one page from `bytes`; `name` is the file name given in the record and in errors.
pub fn read_page_bytes(bytes: &[u8], name: &str) -> Result<Record, RecordError> {
    let (text, encoding) =
        decode::decode(bytes).map_err(|e| RecordError::new(name, 1, "file", e.to_string()))?;
    let mut record = atlas_page::read(&text, name)?;
    if encoding == decode::Encoding::Mixed {
        for line in decode::non_utf8_lines(bytes) {
            record.warn(
                line,
                "file",
                "this line is not UTF-8 like the rest of the page: read as Windows-1252",
            );
        }
    }
    Ok(record)
}

/// An Atlas id is an identifier (letters, digits, `.`, `_`, `-`; at most 64): anything else
/// (an address, a name with spaces) would be published in IRIs and `dcterms:identifier` as
/// read, and is an error naming the record.
fn checked_atlas_id(record: Record) -> Result<Record, IngestError> {
    match record.atlas_id.as_deref() {
        Some(id) if !crate::model::is_atlas_id(id) => Err(IngestError::Record(RecordError::new(
            &record.source.file,
            record.source.line,
            "atlas_id",
            crate::model::ATLAS_ID_RULE,
        ))),
        _ => Ok(record),
    }
}

impl Iterator for Records {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.next_read()?;
        Some(item.and_then(checked_atlas_id).map(|mut record| {
            if let Some(a) = &self.reading.authorities {
                a.attach(&mut record);
            }
            if record.atlas_id.is_none()
                && let Some(ids) = &self.reading.ids
            {
                let file = &record.source.file;
                let name = std::path::Path::new(file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let key = format!("{file}:{}", record.source.line);
                record.atlas_id = ids
                    .get(&key)
                    .or_else(|| ids.get(file))
                    .or_else(|| ids.get(&name))
                    .cloned();
            }
            record
        }))
    }
}
