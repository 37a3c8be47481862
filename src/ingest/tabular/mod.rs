//! Tables (CSV, semicolon- or tab-separated) read through a column [`Mapping`]. The delimiter
//! and the encoding are detected unless the mapping declares them.
//!
//! Rows that share the partnership's key (the mapping's key column, or else the same title and
//! partners) are one partnership: their funding, partner, contact and volunteer rows add up,
//! and their single-valued fields must agree. Extra tables (`[[tables]]`) are joined by that
//! key. A table sorted by its key is read one partnership at a time; an unsorted one is
//! grouped in memory, with a note saying so and how much it held. A row that does not parse
//! rejects its partnership only, naming its file, line and column; a row of an extra table
//! that matches no partnership is reported with its file and line.
//!
//! - [`layout`]: where each mapped field is in the header;
//! - [`row`]: what one row says;
//! - [`merge`]: the rows of one partnership adding up;
//! - [`extra`]: the joined tables.

mod extra;
mod layout;
mod merge;
mod row;

use super::mapping::{Delimiter, Mapping, TableEncoding};
use super::{IngestError, RecordError, decode};
use crate::model::Record;
use extra::{Extra, load_extra};
use layout::{Col, Layout};
use merge::Merge;
use row::{Row, row_record};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

/// Bytes to text as the mapping says; the error names what is wrong with the bytes.
fn decode_table(
    bytes: &[u8],
    encoding: TableEncoding,
) -> Result<String, crate::ingest::values::Invalid> {
    match encoding {
        TableEncoding::Auto => decode::decode(bytes)
            .map(|(t, _)| t)
            .map_err(|e| e.to_string().into()),
        TableEncoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(t) => Ok(t.to_string()),
                Err(e) => {
                    let line = 1 + body[..e.valid_up_to()]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    Err(format!(
                        "line {line} is not UTF-8 as the mapping declares (encoding = \"windows-1252\" reads Excel's French CSV)"
                    ).into())
                }
            }
        }
        TableEncoding::Windows1252 => Ok(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()),
    }
}

/// The delimiter of a table: declared, or the most frequent of `,` `;` tab in the header line
/// (outside quotes; `,` wins ties).
pub(crate) fn delimiter(text: &str, declared: Delimiter) -> u8 {
    match declared {
        Delimiter::Comma => b',',
        Delimiter::Semicolon => b';',
        Delimiter::Tab => b'\t',
        Delimiter::Auto => {
            let mut counts = [0usize; 3];
            let mut quoted = false;
            for c in text.chars() {
                match c {
                    '"' => quoted = !quoted,
                    '\n' if !quoted => break,
                    ',' if !quoted => counts[0] += 1,
                    ';' if !quoted => counts[1] += 1,
                    '\t' if !quoted => counts[2] += 1,
                    _ => {}
                }
            }
            let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
            [b',', b';', b'\t'][best]
        }
    }
}

/// A table being read: the csv reader past the header, the header resolved, the delimiter.
type Opened = (csv::Reader<std::io::Cursor<Vec<u8>>>, Layout, u8);

/// One row of a table: its line and its cells.
type Line = (usize, csv::StringRecord);

/// The key that tells a row's partnership: the key column's value, or else its title and
/// partners (what stays the same on every row of one partnership).
fn group_key(layout: &Layout, cells: &csv::StringRecord) -> String {
    let cell = |c: Option<&Col>| c.and_then(|c| cells.get(c.1)).map_or("", str::trim);
    let key = cell(layout.key.as_ref());
    if !key.is_empty() {
        return format!("k\u{1f}{key}");
    }
    let f = |k: &str| cell(layout.fields.get(k));
    format!(
        "t\u{1f}{}\u{1f}{}\u{1f}{}",
        f("title"),
        f("foreign_partners"),
        f("french_partners")
    )
}

/// The rows of the main table, as they are handed out.
enum Rows {
    /// Sorted by key: read one partnership at a time, with the first row of the next one.
    Stream {
        rows: csv::StringRecordsIntoIter<std::io::Cursor<Vec<u8>>>,
        ahead: Option<(String, Line)>,
    },
    /// Not sorted: every partnership's rows, in the order of their first row.
    Grouped(VecDeque<(String, Vec<Line>)>),
    /// Nothing more.
    Done,
}

/// A table opened: its text as a csv reader, and its header resolved.
fn open_table(
    bytes: &[u8],
    name: &str,
    mapping: &Mapping,
    key: Option<&str>,
) -> Result<Opened, RecordError> {
    let file_error = |field: &str, m: String| RecordError::new(name, 1, field, m);
    let text = decode_table(bytes, mapping.encoding).map_err(|m| file_error("file", m.0))?;
    // Line ends as pages have them: the csv reader counts a record that follows `\r\n` on the
    // line before its own, and a quoted cell keeps its line ends as written.
    let text = if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let delimiter = delimiter(&text, mapping.delimiter);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(std::io::Cursor::new(text.into_bytes()));
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| file_error("header", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if header.iter().all(|h| h.is_empty()) {
        return Err(file_error(
            "header",
            "no header line: the first line must name the columns".into(),
        ));
    }
    let layout = Layout::resolve(mapping, key, &header)
        .map_err(|m| file_error("header", format!("mapping {}: {m}", mapping.file)))?;
    Ok((reader, layout, delimiter))
}

/// The error of a row the csv reader could not split; whether reading must stop there.
fn csv_error(name: &str, e: &csv::Error) -> (RecordError, bool) {
    let line = e.position().map_or(0, |p| p.line() as usize);
    // The csv reader stops at an I/O or UTF-8 error; nothing after it is read.
    let fatal = !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. });
    (RecordError::new(name, line, "row", e.to_string()), fatal)
}

/// The rows of a table that hold something, with their lines; a row the csv reader cannot
/// split goes to `errors`, and reading stops after one it cannot go past.
struct Lines<'a, I> {
    rows: I,
    name: &'a str,
    errors: &'a mut Vec<RecordError>,
    done: bool,
}

impl<'a, I: Iterator<Item = csv::Result<csv::StringRecord>>> Lines<'a, I> {
    fn new(rows: I, name: &'a str, errors: &'a mut Vec<RecordError>) -> Self {
        Self {
            rows,
            name,
            errors,
            done: false,
        }
    }
}

impl<I: Iterator<Item = csv::Result<csv::StringRecord>>> Iterator for Lines<'_, I> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        while !self.done {
            match self.rows.next()? {
                Ok(cells) if blank(&cells) => {}
                Ok(cells) => {
                    return Some((cells.position().map_or(0, |p| p.line() as usize), cells));
                }
                Err(e) => {
                    let (err, fatal) = csv_error(self.name, &e);
                    self.errors.push(err);
                    self.done = fatal;
                }
            }
        }
        None
    }
}

fn blank(cells: &csv::StringRecord) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Reads a table's partnerships, one group of rows (and joined rows) at a time.
pub struct TableReader {
    name: String,
    mapping: Arc<Mapping>,
    layout: Option<Layout>,
    rows: Rows,
    extras: Vec<Extra>,
    queued: VecDeque<Result<Record, IngestError>>,
    /// Said on the first record: the table was not sorted by its key.
    note: Option<(usize, String)>,
}

impl TableReader {
    /// A reader over the table `bytes`, named `name` in records and errors.
    pub fn new(bytes: &[u8], name: String, mapping: Arc<Mapping>) -> Self {
        let mut reader = Self {
            name,
            mapping,
            layout: None,
            rows: Rows::Done,
            extras: Vec::new(),
            queued: VecDeque::new(),
            note: None,
        };
        if let Err(e) = reader.open(bytes) {
            reader.rows = Rows::Done;
            reader.queued = VecDeque::from([Err(e)]);
        }
        reader
    }

    fn open(&mut self, bytes: &[u8]) -> Result<(), IngestError> {
        let key = self.mapping.key_column().map(str::to_string);
        let (reader, layout, delimiter) =
            open_table(bytes, &self.name, &self.mapping, key.as_deref())?;
        for t in &self.mapping.tables {
            let (extra, errors) = load_extra(&self.mapping, t)?;
            self.queued
                .extend(errors.into_iter().map(|e| Err(e.into())));
            self.extras.push(extra);
        }
        // First pass, keys only: is every partnership's rows next to each other?
        let mut finished: HashSet<String> = HashSet::new();
        let mut current: Option<String> = None;
        let mut unsorted: Option<(usize, usize)> = None;
        let mut first_line: HashMap<String, usize> = HashMap::new();
        let mut scan = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(reader.get_ref().get_ref().as_slice());
        for cells in scan.records().map_while(Result::ok) {
            if blank(&cells) {
                continue;
            }
            let line = cells.position().map_or(0, |p| p.line() as usize);
            let key = group_key(&layout, &cells);
            if current.as_ref() != Some(&key) {
                if finished.contains(&key) {
                    unsorted = Some((first_line.get(&key).copied().unwrap_or(0), line));
                    break;
                }
                if let Some(done) = current.replace(key.clone()) {
                    finished.insert(done);
                }
                first_line.insert(key, line);
            }
        }
        drop(first_line);
        drop(finished);
        let rows = reader.into_records();
        self.rows = match unsorted {
            None => Rows::Stream { rows, ahead: None },
            Some((first, again)) => {
                let mut groups: Vec<(String, Vec<Line>)> = Vec::new();
                let mut index: HashMap<String, usize> = HashMap::new();
                let mut held = 0usize;
                let mut count = 0usize;
                let mut errors = Vec::new();
                for (line, cells) in Lines::new(rows, &self.name, &mut errors) {
                    held += cells.as_slice().len() + cells.len() * std::mem::size_of::<usize>();
                    count += 1;
                    let key = group_key(&layout, &cells);
                    let i = *index.entry(key.clone()).or_insert_with(|| {
                        groups.push((key, Vec::new()));
                        groups.len() - 1
                    });
                    groups[i].1.push((line, cells));
                }
                self.queued
                    .extend(errors.into_iter().map(|e| Err(e.into())));
                self.note = Some((
                    again,
                    format!(
                        "the rows of one partnership are not next to each other (lines {first} and {again}): the table was grouped in memory, {count} rows holding {} KiB; sorted by its key column it is read one partnership at a time",
                        held.div_ceil(1024)
                    ),
                ));
                Rows::Grouped(groups.into())
            }
        };
        self.layout = Some(layout);
        Ok(())
    }

    /// The next partnership's rows, or `None` at the end of the table.
    fn next_group(&mut self) -> Option<(String, Vec<Line>)> {
        let layout = self.layout.as_ref()?;
        match &mut self.rows {
            Rows::Done => None,
            Rows::Grouped(groups) => groups.pop_front(),
            Rows::Stream { rows, ahead } => {
                let mut group: Option<(String, Vec<Line>)> =
                    ahead.take().map(|(k, l)| (k, vec![l]));
                loop {
                    let cells = match rows.next() {
                        None => {
                            self.rows = Rows::Done;
                            return group;
                        }
                        Some(Ok(c)) => c,
                        Some(Err(e)) => {
                            let (err, fatal) = csv_error(&self.name, &e);
                            self.queued.push_back(Err(err.into()));
                            if fatal {
                                self.rows = Rows::Done;
                                return group;
                            }
                            continue;
                        }
                    };
                    if blank(&cells) {
                        continue;
                    }
                    let line = cells.position().map_or(0, |p| p.line() as usize);
                    let key = group_key(layout, &cells);
                    match &mut group {
                        None => group = Some((key, vec![(line, cells)])),
                        Some((k, lines)) if *k == key => lines.push((line, cells)),
                        Some(_) => {
                            *ahead = Some((key, (line, cells)));
                            return group;
                        }
                    }
                }
            }
        }
    }

    /// One partnership from its rows and the rows of the extra tables with its key.
    fn partnership(&mut self, key: &str, lines: Vec<Line>) -> Result<Record, RecordError> {
        let layout = self
            .layout
            .as_ref()
            .ok_or_else(|| RecordError::new(&self.name, 1, "header", "the table has no header"))?;
        let first = lines.first().map_or(0, |l| l.0);
        let mut merge = Merge {
            file: &self.name,
            origin: HashMap::new(),
        };
        let mut rec = Record::default();
        // The rows of the extra tables are taken even when the partnership is rejected: they
        // belong to it, and are not reported again as matching none.
        let joined: Vec<(usize, Vec<Line>)> = self
            .extras
            .iter_mut()
            .enumerate()
            .filter_map(|(i, e)| e.rows.remove(key).map(|rows| (i, rows)))
            .collect();
        for (i, (line, cells)) in lines.iter().enumerate() {
            let row = Row {
                cells,
                layout,
                file: &self.name,
                line: *line,
            };
            let part = row_record(&self.mapping, &row)?;
            if i == 0 {
                rec.source = part.source.clone();
            }
            merge.merge(&mut rec, part, *line)?;
        }
        for (i, rows) in joined {
            let extra = &self.extras[i];
            for (line, cells) in &rows {
                let row = Row {
                    cells,
                    layout: &extra.layout,
                    file: &extra.name,
                    line: *line,
                };
                let mut part = row_record(&extra.mapping, &row)?;
                // Said of the partnership, but read in the extra table: warnings keep the
                // main table's file, so they name the extra table's line in their text.
                for w in &mut part.warnings {
                    w.message = format!("{}:{}: {}", extra.name, w.line, w.message);
                    w.line = first;
                }
                part.source = rec.source.clone();
                let mut m = Merge {
                    file: &extra.name,
                    origin: HashMap::new(),
                };
                m.merge(&mut rec, part, *line)?;
            }
        }
        if rec
            .diplomatic_post
            .as_ref()
            .is_some_and(|p| p.name.is_empty())
        {
            return Err(RecordError::new(
                &self.name,
                first,
                "diplomatic_post",
                "contacts of a diplomatic post, but the partnership names no post",
            ));
        }
        if rec.title.is_empty() {
            let col = layout.fields.get("title").map_or("", |c| c.0.as_str());
            return Err(RecordError::new(
                &self.name,
                first,
                "title",
                format!("column {col:?}: empty: every partnership has a title"),
            ));
        }
        rec.source.line = first;
        if let Some((line, note)) = self.note.take() {
            rec.warn(line, "table", note);
        }
        Ok(rec)
    }

    /// The rows of the extra tables that no partnership claimed.
    fn orphans(&mut self) {
        for extra in &mut self.extras {
            for key in std::mem::take(&mut extra.order) {
                let Some(rows) = extra.rows.remove(&key) else {
                    continue;
                };
                let shown = key.split('\u{1f}').nth(1).unwrap_or_default().to_string();
                for (line, _) in rows {
                    self.queued.push_back(Err(RecordError::new(
                        &extra.name,
                        line,
                        "key",
                        format!(
                            "column {:?}: {shown:?} is the key of no partnership of {}",
                            extra.key_column, self.name
                        ),
                    )
                    .into()));
                }
            }
        }
    }
}

impl Iterator for TableReader {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queued.pop_front() {
                return Some(item);
            }
            match self.next_group() {
                Some((key, lines)) => {
                    let result = self.partnership(&key, lines).map_err(IngestError::from);
                    if self.queued.is_empty() {
                        return Some(result);
                    }
                    // Errors met while reading ahead come after this partnership.
                    self.queued.push_front(result);
                }
                None => {
                    if self.extras.iter().all(|e| e.order.is_empty()) {
                        return self.queued.pop_front();
                    }
                    self.orphans();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(delimiter("a;b;c\n1,2;3", Delimiter::Auto), b';');
        assert_eq!(delimiter("\"a,b,c\"\tb\tc\n", Delimiter::Auto), b'\t');
        assert_eq!(delimiter("a,b\n", Delimiter::Auto), b',');
        assert_eq!(delimiter("a;b\n", Delimiter::Comma), b',');
    }
}
