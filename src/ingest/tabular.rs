//! Tables (CSV, semicolon- or tab-separated) read through a column [`Mapping`]: one record per
//! row. The delimiter and the encoding are detected unless the mapping declares them. A row
//! that does not parse is an error for that row only, naming its line and column.

use super::RecordError;
use super::decode;
use super::mapping::{ContactTarget, Delimiter, Mapping, TableEncoding, year_in};
use super::values;
use crate::model::countries;
use crate::model::{
    Amount, Contact, DiplomaticPost, ForeignPartner, FrenchPartner, FundingRow, Levy, LevyLaw,
    OtherTheme, Record, Source, Volunteer,
};
use std::collections::HashMap;
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

/// Where each mapped field is in the header, resolved once per file.
struct Layout {
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
    years: Vec<YearColumns>,
}

fn law(slug: &str) -> Option<LevyLaw> {
    LevyLaw::ALL.into_iter().find(|l| l.slug() == slug)
}

impl Layout {
    /// Resolves every column the mapping names; the error lists every missing one.
    fn resolve(mapping: &Mapping, header: &[String]) -> Result<Self, String> {
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
        let mut fields = HashMap::new();
        for (key, column) in mapping.columns.named() {
            if let Some(found) = find(&mut missing, format!("columns.{key}"), column) {
                fields.insert(key, found);
            }
        }
        let mut funding = Vec::new();
        for (n, f) in mapping.funding.iter().enumerate() {
            let funder = find(&mut missing, format!("funding[{n}].funder"), &f.funder);
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
                funding.push(FundingLayout { funder, years });
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

fn record(mapping: &Mapping, row: &Row<'_>) -> Result<Record, RecordError> {
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
    rec.title = match row.text("title") {
        Some(t) => t,
        None => {
            let col = row
                .layout
                .fields
                .get("title")
                .map(|c| c.0.as_str())
                .unwrap_or("");
            return Err(row.error("title", col, "empty: every partnership has a title"));
        }
    };
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
        for (year, amount_col, levies) in &f.years {
            let amount = match row.at(amount_col) {
                Some(cell) => cell
                    .parse::<Amount>()
                    .map_err(|e| row.error("funding", &amount_col.0, e))?,
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
            let mut row_levies = Vec::new();
            for (law, col) in levies {
                if let Some(cell) = row.at(col) {
                    let a = cell
                        .parse::<Amount>()
                        .map_err(|e| row.error("funding", &col.0, e))?;
                    row_levies.push(Levy {
                        law: Some(*law),
                        amount: a,
                    });
                }
            }
            row_levies.sort_by_key(|l| l.law);
            rec.funding.push(FundingRow {
                funder: funder.to_string(),
                year: *year,
                amount,
                levies: row_levies,
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
        };
        if contact == Contact::default() {
            continue;
        }
        match target {
            ContactTarget::ForeignPartner => rec.foreign_contacts.push(contact),
            ContactTarget::DiplomaticPost => match &mut rec.diplomatic_post {
                Some(post) => post.contacts.push(contact),
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

/// Reads a table's records one row at a time.
pub struct TableReader {
    name: String,
    mapping: Arc<Mapping>,
    rows: Option<csv::StringRecordsIntoIter<std::io::Cursor<Vec<u8>>>>,
    layout: Option<Layout>,
    failed: Option<RecordError>,
}

impl TableReader {
    /// A reader over the table `bytes`, named `name` in records and errors.
    pub fn new(bytes: &[u8], name: String, mapping: Arc<Mapping>) -> Self {
        let mut reader = Self {
            name,
            mapping,
            rows: None,
            layout: None,
            failed: None,
        };
        if let Err(e) = reader.open(bytes) {
            reader.failed = Some(e);
        }
        reader
    }

    fn open(&mut self, bytes: &[u8]) -> Result<(), RecordError> {
        let file_error = |field: &str, m: String| RecordError::new(&self.name, 1, field, m);
        let text = decode_table(bytes, self.mapping.encoding).map_err(|m| file_error("file", m))?;
        let delimiter = delimiter(&text, self.mapping.delimiter);
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
        let layout = Layout::resolve(&self.mapping, &header)
            .map_err(|m| file_error("header", format!("mapping {}: {m}", self.mapping.file)))?;
        self.layout = Some(layout);
        self.rows = Some(reader.into_records());
        Ok(())
    }
}

impl Iterator for TableReader {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.failed.take() {
            self.rows = None;
            return Some(Err(e));
        }
        loop {
            let rows = self.rows.as_mut()?;
            let layout = self.layout.as_ref()?;
            let cells = match rows.next()? {
                Ok(c) => c,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    // The csv reader stops at an I/O or UTF-8 error; nothing after it is read.
                    let fatal = !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. });
                    if fatal {
                        self.rows = None;
                    }
                    return Some(Err(RecordError::new(
                        &self.name,
                        line,
                        "row",
                        e.to_string(),
                    )));
                }
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = cells.position().map_or(0, |p| p.line() as usize);
            let row = Row {
                cells: &cells,
                layout,
                file: &self.name,
                line,
            };
            return Some(record(&self.mapping, &row));
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
