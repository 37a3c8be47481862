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

use super::decode;
use super::mapping::{ContactTarget, Delimiter, Mapping, TableEncoding, year_in};
use super::values;
use super::{IngestError, RecordError};
use crate::model::countries;
use crate::model::{
    Amount, Contact, DiplomaticPost, ForeignPartner, FrenchPartner, FundingRow, Levy, LevyLaw,
    OtherTheme, Record, Source, Volunteer,
};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

/// Bytes to text as the mapping says; the error names what is wrong with the bytes.
fn decode_table(bytes: &[u8], encoding: TableEncoding) -> Result<String, String> {
    match encoding {
        TableEncoding::Auto => decode::decode(bytes)
            .map(|(t, _)| t)
            .map_err(|e| e.to_string()),
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
                    ))
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

/// A column: its header name and its index.
type Col = (String, usize);

/// One year of a funder: the year, its amount column, its 1% law columns.
type YearColumns = (i32, Col, Vec<(LevyLaw, Col)>);

/// A funding row of the long form: its year column, amount column and 1% law columns.
type LongColumns = (Col, Col, Vec<(LevyLaw, Col)>);

/// A table being read: the csv reader past the header, the header resolved, the delimiter.
type Opened = (csv::Reader<std::io::Cursor<Vec<u8>>>, Layout, u8);

/// Where each mapped field is in the header, resolved once per file.
struct Layout {
    /// The column of the partnership's key, when there is one.
    key: Option<Col>,
    /// Field key -> (column name, index).
    fields: HashMap<&'static str, (String, usize)>,
    /// Per funder: funder column, then (year, amount column, levies by law) sorted by year.
    funding: Vec<FundingLayout>,
    contacts: Vec<(ContactTarget, [Option<Col>; 5])>,
    volunteers: Vec<[Option<(String, usize)>; 5]>,
    width: usize,
}

struct FundingLayout {
    funder: (String, usize),
    /// Wide form: the amount columns of each year.
    years: Vec<YearColumns>,
    /// Long form: the year column, the amount column and the 1% law columns of one row.
    long: Option<LongColumns>,
}

fn law(slug: &str) -> Option<LevyLaw> {
    LevyLaw::ALL.into_iter().find(|l| l.slug() == slug)
}

impl Layout {
    /// Resolves every column the mapping names; the error lists every missing one.
    fn resolve(mapping: &Mapping, key: Option<&str>, header: &[String]) -> Result<Self, String> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut duplicated = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if index.insert(h.as_str(), i).is_some() {
                duplicated.push(h.clone());
            }
        }
        let mut missing: Vec<String> = Vec::new();
        let find =
            |missing: &mut Vec<String>, key: String, column: &str| -> Option<(String, usize)> {
                if duplicated.iter().any(|d| d == column) {
                    missing.push(format!(
                        "{key} names column {column:?}, which the header has twice"
                    ));
                    return None;
                }
                match index.get(column) {
                    Some(&i) => Some((column.to_string(), i)),
                    None => {
                        missing.push(format!(
                            "{key} names column {column:?}, which the header does not have"
                        ));
                        None
                    }
                }
            };
        let key = key.and_then(|k| find(&mut missing, "key".into(), k));
        let mut fields = HashMap::new();
        for (key, column) in mapping.columns.named() {
            if let Some(found) = find(&mut missing, format!("columns.{key}"), column) {
                fields.insert(key, found);
            }
        }
        let mut funding = Vec::new();
        for (n, f) in mapping.funding.iter().enumerate() {
            let funder = find(&mut missing, format!("funding[{n}].funder"), &f.funder);
            if let Some(year) = &f.year {
                let year = find(&mut missing, format!("funding[{n}].year"), year);
                let amount = find(&mut missing, format!("funding[{n}].amount"), &f.amount);
                let levies: Vec<(LevyLaw, Col)> = f
                    .levies
                    .iter()
                    .filter_map(|(slug, column)| {
                        let col =
                            find(&mut missing, format!("funding[{n}].levies.{slug}"), column)?;
                        Some((law(slug)?, col))
                    })
                    .collect();
                if let (Some(funder), Some(year), Some(amount)) = (funder, year, amount) {
                    funding.push(FundingLayout {
                        funder,
                        years: Vec::new(),
                        long: Some((year, amount, levies)),
                    });
                }
                continue;
            }
            let mut years: Vec<YearColumns> = header
                .iter()
                .enumerate()
                .filter_map(|(i, h)| year_in(&f.amount, h).map(|y| (y, (h.clone(), i), Vec::new())))
                .collect();
            if years.is_empty() {
                missing.push(format!(
                    "funding[{n}].amount: no column of the header matches {:?}",
                    f.amount
                ));
            }
            years.sort_by_key(|(y, _, _)| *y);
            for (slug, pattern) in &f.levies {
                let Some(l) = law(slug) else { continue };
                for (i, h) in header.iter().enumerate() {
                    if let Some(y) = year_in(pattern, h) {
                        match years.iter_mut().find(|(yy, _, _)| *yy == y) {
                            Some((_, _, levies)) => levies.push((l, (h.clone(), i))),
                            None => missing.push(format!(
                                "funding[{n}].levies.{slug}: column {h:?} has no amount column for {y}"
                            )),
                        }
                    }
                }
            }
            if let Some(funder) = funder {
                funding.push(FundingLayout {
                    funder,
                    years,
                    long: None,
                });
            }
        }
        let mut contacts = Vec::new();
        for (n, c) in mapping.contacts.iter().enumerate() {
            let cols = [
                ("organisation", &c.organisation),
                ("role", &c.role),
                ("given_name", &c.given_name),
                ("family_name", &c.family_name),
                ("email", &c.email),
            ]
            .map(|(k, col)| {
                col.as_deref()
                    .and_then(|col| find(&mut missing, format!("contacts[{n}].{k}"), col))
            });
            contacts.push((c.at, cols));
        }
        let mut volunteers = Vec::new();
        for (n, v) in mapping.volunteers.iter().enumerate() {
            let cols = [
                ("family_name", &v.family_name),
                ("given_name", &v.given_name),
                ("mission", &v.mission),
                ("fields", &v.fields),
                ("entity", &v.entity),
            ]
            .map(|(k, col)| {
                col.as_deref()
                    .and_then(|col| find(&mut missing, format!("volunteers[{n}].{k}"), col))
            });
            volunteers.push(cols);
        }
        if !missing.is_empty() {
            // A table of another kind misses every column: the first few say enough.
            const SHOWN: usize = 5;
            let more = missing.len().saturating_sub(SHOWN);
            missing.truncate(SHOWN);
            if more > 0 {
                missing.push(format!("and {more} more"));
            }
            let mut shown: Vec<String> = header.iter().take(40).map(|h| format!("{h:?}")).collect();
            if header.len() > 40 {
                shown.push(format!("and {} more", header.len() - 40));
            }
            return Err(format!(
                "{} (the header's columns: {})",
                missing.join("; "),
                shown.join(", ")
            ));
        }
        Ok(Self {
            key,
            fields,
            funding,
            contacts,
            volunteers,
            width: header.len(),
        })
    }
}

/// One row being turned into a record: cells by mapped field, errors naming the column.
struct Row<'a> {
    cells: &'a csv::StringRecord,
    layout: &'a Layout,
    file: &'a str,
    line: usize,
}

impl Row<'_> {
    fn error(&self, field: &str, column: &str, message: impl std::fmt::Display) -> RecordError {
        RecordError::new(
            self.file,
            self.line,
            field,
            format!("column {column:?}: {message}"),
        )
    }

    fn at(&self, col: &(String, usize)) -> Option<&str> {
        self.cells
            .get(col.1)
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    fn text(&self, key: &str) -> Option<String> {
        self.layout
            .fields
            .get(key)
            .and_then(|c| self.at(c))
            .map(str::to_string)
    }

    fn parsed<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, RecordError> {
        match self.layout.fields.get(key) {
            Some(col) => match self.at(col) {
                Some(cell) => parse(cell)
                    .map(Some)
                    .map_err(|e| self.error(key, &col.0, e)),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    fn list(&self, key: &str, sep: &str) -> Vec<String> {
        self.text(key)
            .map(|t| {
                t.split(sep)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A list parallel to `names` (`key`'s items one per name, or one item for all).
    fn parallel(
        &self,
        key: &str,
        sep: &str,
        names: usize,
    ) -> Result<Vec<Option<String>>, RecordError> {
        let Some(col) = self.layout.fields.get(key) else {
            return Ok(vec![None; names]);
        };
        let Some(cell) = self.at(col) else {
            return Ok(vec![None; names]);
        };
        let items: Vec<Option<String>> = cell
            .split(sep)
            .map(str::trim)
            .map(|s| (!s.is_empty()).then(|| s.to_string()))
            .collect();
        match items.len() {
            n if n == names => Ok(items),
            1 => Ok(vec![items[0].clone(); names]),
            n => Err(self.error(
                key,
                &col.0,
                format!("{n} items for {names} names: the lists must pair one to one"),
            )),
        }
    }
}

fn boolean(cell: &str) -> Result<bool, String> {
    match cell.to_lowercase().as_str() {
        "oui" | "vrai" | "true" | "yes" | "1" | "o" | "x" => Ok(true),
        "non" | "faux" | "false" | "no" | "0" | "n" => Ok(false),
        _ => Err(format!(
            "not a yes/no value (oui/non, true/false, 1/0): {cell:?}"
        )),
    }
}

fn path(cell: &str, sep: &str) -> Vec<String> {
    cell.split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A cell read as an amount, as the page reader reads them; an ambiguous form is warned.
fn read_amount(
    rec: &mut Record,
    row: &Row<'_>,
    col: &Col,
    cell: &str,
) -> Result<Amount, RecordError> {
    let (a, note) = Amount::read(cell).map_err(|e| row.error("funding", &col.0, e))?;
    if let Some(note) = note {
        rec.warn(
            row.line,
            "funding",
            format!(
                "column {:?}: {cell:?} read as {} €: {note}",
                col.0,
                a.to_french()
            ),
        );
    }
    Ok(a)
}

/// The 1% law amounts of one funding row, by law.
fn read_levies(
    rec: &mut Record,
    row: &Row<'_>,
    columns: &[(LevyLaw, Col)],
) -> Result<Vec<Levy>, RecordError> {
    let mut levies = Vec::new();
    for (law, col) in columns {
        if let Some(cell) = row.at(col) {
            levies.push(Levy {
                law: Some(*law),
                amount: read_amount(rec, row, col, cell)?,
            });
        }
    }
    levies.sort_by_key(|l| l.law);
    Ok(levies)
}

/// What one row says of its partnership (the title may be left to another row).
fn row_record(mapping: &Mapping, row: &Row<'_>) -> Result<Record, RecordError> {
    let sep = mapping.list_separator.as_str();
    let tsep = mapping.theme_separator.as_str();
    let mut rec = Record {
        source: Source {
            file: row.file.to_string(),
            line: row.line,
            url: row.text("source_url"),
        },
        atlas_id: row.text("atlas_id"),
        ..Default::default()
    };
    if row.cells.len() != row.layout.width {
        return Err(RecordError::new(
            row.file,
            row.line,
            "row",
            format!(
                "the row has {} cells, the header {}: a delimiter or a quote is amiss",
                row.cells.len(),
                row.layout.width
            ),
        ));
    }
    rec.title = row.text("title").unwrap_or_default();
    rec.diplomatic_post = row.text("diplomatic_post").map(|name| DiplomaticPost {
        name,
        contacts: Vec::new(),
    });
    rec.first_agreement_year = row.parsed("first_agreement_year", values::year)?;
    rec.main_theme = row
        .text("main_theme")
        .map(|t| path(&t, tsep))
        .unwrap_or_default();
    let others = row.list("other_themes", sep);
    let priorities = row.parallel("other_theme_priorities", sep, others.len())?;
    rec.other_themes = others
        .iter()
        .zip(priorities)
        .map(|(p, priority)| OtherTheme {
            path: path(p, tsep),
            priority,
        })
        .collect();
    rec.start_year = row.parsed("start_year", values::year)?;
    rec.status = row.text("status");
    rec.end_date = row.parsed("end_date", values::date)?;
    rec.context = row.text("context");
    rec.history = row.text("history");
    rec.objective = row.text("objective");
    rec.description = row.text("description");
    rec.kind = row.text("kind");
    rec.project_owners = row.list("project_owners", sep);
    rec.implementers = row.list("implementers", sep);
    rec.beneficiaries = row.text("beneficiaries");
    let foreign = row.list("foreign_partners", sep);
    let labels = row.parallel("foreign_partner_countries", sep, foreign.len())?;
    for (name, label) in foreign.into_iter().zip(labels) {
        let country = label.as_deref().and_then(countries::by_name);
        if let (Some(l), None) = (&label, country) {
            rec.warn(
                row.line,
                "foreign_partners",
                format!("unknown country {l:?} for {name:?}: kept as written, without a code"),
            );
        }
        rec.foreign_partners.push(ForeignPartner {
            name,
            country_label: label,
            country: country.map(|c| c.alpha2.to_string()),
        });
    }
    let french = row.list("french_partners", sep);
    let sirens = row.parallel("french_partner_sirens", sep, french.len())?;
    rec.french_partners = french
        .into_iter()
        .zip(sirens)
        .map(|(name, siren)| FrenchPartner {
            name,
            siren,
            ..Default::default()
        })
        .collect();
    rec.triennial = row.parsed("triennial", boolean)?;
    rec.communication_france = row.parsed("communication_france", boolean)?;
    rec.communication_partner_countries = row.parsed("communication_partner_countries", boolean)?;
    rec.evaluation = row.parsed("evaluation", boolean)?;

    for f in &row.layout.funding {
        let funder = row.at(&f.funder);
        if let Some((year_col, amount_col, levies)) = &f.long {
            let (Some(cell), Some(funder)) = (row.at(amount_col), funder) else {
                if let Some(col) = [&f.funder, amount_col]
                    .into_iter()
                    .find(|c| row.at(c).is_some())
                {
                    return Err(row.error(
                        "funding",
                        &col.0,
                        format!(
                            "a funding row needs both {:?} and {:?}",
                            f.funder.0, amount_col.0
                        ),
                    ));
                }
                continue;
            };
            let year = match row.at(year_col) {
                Some(y) => values::year(y).map_err(|e| row.error("funding", &year_col.0, e))?,
                None => {
                    return Err(row.error(
                        "funding",
                        &year_col.0,
                        "empty, but the row has an amount",
                    ));
                }
            };
            let amount = read_amount(&mut rec, row, amount_col, cell)?;
            let levies = read_levies(&mut rec, row, levies)?;
            rec.funding.push(FundingRow {
                funder: funder.to_string(),
                year,
                amount,
                levies,
            });
            continue;
        }
        for (year, amount_col, levies) in &f.years {
            let amount = match row.at(amount_col) {
                Some(cell) => read_amount(&mut rec, row, amount_col, cell)?,
                None => {
                    if let Some((_, col)) = levies.iter().find(|(_, c)| row.at(c).is_some()) {
                        return Err(row.error(
                            "funding",
                            &col.0,
                            format!(
                                "a 1% law amount for {year} without the year's amount in {:?}",
                                amount_col.0
                            ),
                        ));
                    }
                    continue;
                }
            };
            let Some(funder) = funder else {
                return Err(row.error(
                    "funding",
                    &f.funder.0,
                    format!("empty, but {:?} has an amount", amount_col.0),
                ));
            };
            let levies = read_levies(&mut rec, row, levies)?;
            rec.funding.push(FundingRow {
                funder: funder.to_string(),
                year: *year,
                amount,
                levies,
            });
        }
    }

    for (target, cols) in &row.layout.contacts {
        let [organisation, role, given_name, family_name, email] = cols
            .clone()
            .map(|c| c.as_ref().and_then(|c| row.at(c)).map(str::to_string));
        let email = match (email, &cols[4]) {
            (Some(e), Some(col)) => {
                Some(values::email(&e).map_err(|m| row.error("contacts", &col.0, m))?)
            }
            _ => None,
        };
        let contact = Contact {
            organisation,
            role,
            given_name,
            family_name,
            email,
            raw: None,
        };
        if contact == Contact::default() {
            continue;
        }
        match target {
            ContactTarget::ForeignPartner => rec.foreign_contacts.push(contact),
            ContactTarget::DiplomaticPost => match &mut rec.diplomatic_post {
                Some(post) => post.contacts.push(contact),
                // An extra table: the post is named by the main table.
                None if mapping.columns.diplomatic_post.is_none() && mapping.key.is_some() => {
                    rec.diplomatic_post = Some(DiplomaticPost {
                        name: String::new(),
                        contacts: vec![contact],
                    });
                }
                None => {
                    let col = cols
                        .iter()
                        .flatten()
                        .next()
                        .map(|c| c.0.clone())
                        .unwrap_or_default();
                    return Err(row.error(
                        "diplomatic_post",
                        &col,
                        "a diplomatic post contact, but no diplomatic post in columns.diplomatic_post",
                    ));
                }
            },
        }
    }
    for cols in &row.layout.volunteers {
        let [family_name, given_name, mission, fields, entity] = cols
            .clone()
            .map(|c| c.as_ref().and_then(|c| row.at(c)).map(str::to_string));
        let v = Volunteer {
            family_name,
            given_name,
            mission,
            fields,
            entity,
            raw: None,
        };
        if v != Volunteer::default() {
            rec.volunteers.push(v);
        }
    }
    Ok(rec)
}

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

/// An extra table, read whole and indexed by key.
struct Extra {
    name: String,
    mapping: Mapping,
    layout: Layout,
    key_column: String,
    rows: HashMap<String, Vec<Line>>,
    order: Vec<String>,
}

/// A table opened: its text as a csv reader, and its header resolved.
fn open_table(
    bytes: &[u8],
    name: &str,
    mapping: &Mapping,
    key: Option<&str>,
) -> Result<Opened, RecordError> {
    let file_error = |field: &str, m: String| RecordError::new(name, 1, field, m);
    let text = decode_table(bytes, mapping.encoding).map_err(|m| file_error("file", m))?;
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

fn blank(cells: &csv::StringRecord) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// The mapping an extra table is read with: its blocks, in the main mapping's separators.
fn extra_mapping(main: &Mapping, t: &super::mapping::TableColumns) -> Mapping {
    let mut columns = super::mapping::Columns::default();
    if let Some(fp) = &t.foreign_partners {
        columns.foreign_partners = Some(fp.name.clone());
        columns.foreign_partner_countries = fp.country.clone();
    }
    if let Some(fr) = &t.french_partners {
        columns.french_partners = Some(fr.name.clone());
        columns.french_partner_sirens = fr.siren.clone();
    }
    Mapping {
        file: main.file.clone(),
        dir: main.dir.clone(),
        key: Some(t.key.clone()),
        delimiter: t.delimiter,
        encoding: t.encoding,
        list_separator: main.list_separator.clone(),
        theme_separator: main.theme_separator.clone(),
        columns,
        funding: t.funding.clone(),
        contacts: t.contacts.clone(),
        volunteers: t.volunteers.clone(),
        tables: Vec::new(),
    }
}

/// Reads an extra table whole, indexed by key; rows it cannot split or without a key are
/// returned as errors.
fn load_extra(
    main: &Mapping,
    t: &super::mapping::TableColumns,
) -> Result<(Extra, Vec<RecordError>), IngestError> {
    let path = main.dir.join(&t.file);
    let name = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|source| IngestError::Io {
        path: name.clone(),
        source,
    })?;
    let mapping = extra_mapping(main, t);
    let (reader, layout, _) = open_table(&bytes, &name, &mapping, Some(&t.key))?;
    let mut extra = Extra {
        name,
        mapping,
        layout,
        key_column: t.key.clone(),
        rows: HashMap::new(),
        order: Vec::new(),
    };
    let mut errors = Vec::new();
    for cells in reader.into_records() {
        let cells = match cells {
            Ok(c) => c,
            Err(e) => {
                let (err, fatal) = csv_error(&extra.name, &e);
                errors.push(err);
                if fatal {
                    break;
                }
                continue;
            }
        };
        if blank(&cells) {
            continue;
        }
        let line = cells.position().map_or(0, |p| p.line() as usize);
        let key = extra
            .layout
            .key
            .as_ref()
            .and_then(|c| cells.get(c.1))
            .map_or("", str::trim);
        if key.is_empty() {
            errors.push(RecordError::new(
                &extra.name,
                line,
                "key",
                format!(
                    "column {:?}: empty: the row cannot be joined to a partnership",
                    t.key
                ),
            ));
            continue;
        }
        let key = format!("k\u{1f}{key}");
        let entry = extra.rows.entry(key.clone()).or_default();
        if entry.is_empty() {
            extra.order.push(key);
        }
        entry.push((line, cells));
    }
    Ok((extra, errors))
}

/// Adds what a row says to the partnership read so far: lists and rows add up, and a
/// single-valued field must be the same on every row that gives it.
struct Merge<'a> {
    file: &'a str,
    /// Where each single-valued field was first given: (line, column).
    origin: HashMap<&'static str, usize>,
}

impl Merge<'_> {
    fn agree<T: PartialEq + std::fmt::Debug>(
        &mut self,
        field: &'static str,
        line: usize,
        into: &mut Option<T>,
        from: Option<T>,
    ) -> Result<(), RecordError> {
        let Some(value) = from else { return Ok(()) };
        match into {
            Some(old) if *old != value => Err(RecordError::new(
                self.file,
                line,
                field,
                format!(
                    "{value:?} here but {old:?} on line {}: the rows of one partnership must agree",
                    self.origin.get(field).copied().unwrap_or(0)
                ),
            )),
            Some(_) => Ok(()),
            None => {
                self.origin.insert(field, line);
                *into = Some(value);
                Ok(())
            }
        }
    }

    fn merge(&mut self, into: &mut Record, from: Record, line: usize) -> Result<(), RecordError> {
        let opt_string = |s: String| (!s.is_empty()).then_some(s);
        let mut title = opt_string(std::mem::take(&mut into.title));
        self.agree("title", line, &mut title, opt_string(from.title))?;
        into.title = title.unwrap_or_default();
        self.agree("atlas_id", line, &mut into.atlas_id, from.atlas_id)?;
        self.agree("source_url", line, &mut into.source.url, from.source.url)?;
        let post = |p: &Option<DiplomaticPost>| {
            p.as_ref().map(|p| p.name.clone()).filter(|n| !n.is_empty())
        };
        let mut name = post(&into.diplomatic_post);
        self.agree(
            "diplomatic_post",
            line,
            &mut name,
            post(&from.diplomatic_post),
        )?;
        if let Some(from_post) = from.diplomatic_post {
            let into_post = into.diplomatic_post.get_or_insert_with(|| DiplomaticPost {
                name: String::new(),
                contacts: Vec::new(),
            });
            if let Some(n) = name {
                into_post.name = n;
            }
            add_all(&mut into_post.contacts, from_post.contacts);
        }
        self.agree(
            "first_agreement_year",
            line,
            &mut into.first_agreement_year,
            from.first_agreement_year,
        )?;
        let path = |p: Vec<String>| (!p.is_empty()).then_some(p);
        let mut main_theme = path(std::mem::take(&mut into.main_theme));
        self.agree("main_theme", line, &mut main_theme, path(from.main_theme))?;
        into.main_theme = main_theme.unwrap_or_default();
        add_all(&mut into.other_themes, from.other_themes);
        self.agree("start_year", line, &mut into.start_year, from.start_year)?;
        self.agree("status", line, &mut into.status, from.status)?;
        self.agree("end_date", line, &mut into.end_date, from.end_date)?;
        self.agree("context", line, &mut into.context, from.context)?;
        self.agree("history", line, &mut into.history, from.history)?;
        self.agree("objective", line, &mut into.objective, from.objective)?;
        self.agree("description", line, &mut into.description, from.description)?;
        self.agree("kind", line, &mut into.kind, from.kind)?;
        add_all(&mut into.project_owners, from.project_owners);
        add_all(&mut into.implementers, from.implementers);
        self.agree(
            "beneficiaries",
            line,
            &mut into.beneficiaries,
            from.beneficiaries,
        )?;
        add_all(&mut into.foreign_partners, from.foreign_partners);
        add_all(&mut into.foreign_contacts, from.foreign_contacts);
        add_all(&mut into.french_partners, from.french_partners);
        self.agree("triennial", line, &mut into.triennial, from.triennial)?;
        // Every row holds its own funding rows: they add up, even when two are alike.
        into.funding.extend(from.funding);
        self.agree(
            "communication_france",
            line,
            &mut into.communication_france,
            from.communication_france,
        )?;
        self.agree(
            "communication_partner_countries",
            line,
            &mut into.communication_partner_countries,
            from.communication_partner_countries,
        )?;
        self.agree("evaluation", line, &mut into.evaluation, from.evaluation)?;
        add_all(&mut into.volunteers, from.volunteers);
        for w in from.warnings {
            if !into
                .warnings
                .iter()
                .any(|x| x.field == w.field && x.message == w.message)
            {
                into.warnings.push(w);
            }
        }
        Ok(())
    }
}

/// Appends the items not already there (rows of one partnership repeat its lists).
fn add_all<T: PartialEq>(into: &mut Vec<T>, from: Vec<T>) {
    for item in from {
        if !into.contains(&item) {
            into.push(item);
        }
    }
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
                for cells in rows {
                    let cells = match cells {
                        Ok(c) => c,
                        Err(e) => {
                            let (err, fatal) = csv_error(&self.name, &e);
                            self.queued.push_back(Err(err.into()));
                            if fatal {
                                break;
                            }
                            continue;
                        }
                    };
                    if blank(&cells) {
                        continue;
                    }
                    let line = cells.position().map_or(0, |p| p.line() as usize);
                    held += cells.as_slice().len() + cells.len() * std::mem::size_of::<usize>();
                    count += 1;
                    let key = group_key(&layout, &cells);
                    let i = *index.entry(key.clone()).or_insert_with(|| {
                        groups.push((key, Vec::new()));
                        groups.len() - 1
                    });
                    groups[i].1.push((line, cells));
                }
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
