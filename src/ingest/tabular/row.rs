//! What one row of a table says of its partnership: cells read as the mapping says, each error
//! naming the file, the line and the column.

use super::layout::{Col, FundingLayout, Layout, LongColumns};
use crate::ingest::RecordError;
use crate::ingest::mapping::{ContactTarget, Mapping};
use crate::ingest::values;
use crate::model::countries;
use crate::model::{
    Amount, Contact, DiplomaticPost, ForeignPartner, FrenchPartner, FundingRow, Levy, LevyLaw,
    OtherTheme, Record, Source, Volunteer,
};

/// One row being turned into a record: cells by mapped field, errors naming the column.
pub(super) struct Row<'a> {
    pub(super) cells: &'a csv::StringRecord,
    pub(super) layout: &'a Layout,
    pub(super) file: &'a str,
    pub(super) line: usize,
}

impl Row<'_> {
    pub(super) fn error(
        &self,
        field: &str,
        column: &str,
        message: impl std::fmt::Display,
    ) -> RecordError {
        RecordError::new(
            self.file,
            self.line,
            field,
            format!("column {column:?}: {message}"),
        )
    }

    pub(super) fn at(&self, col: &(String, usize)) -> Option<&str> {
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
        parse: impl Fn(&str) -> Result<T, crate::ingest::values::Invalid>,
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

fn boolean(cell: &str) -> Result<bool, crate::ingest::values::Invalid> {
    match cell.to_lowercase().as_str() {
        "oui" | "vrai" | "true" | "yes" | "1" | "o" | "x" => Ok(true),
        "non" | "faux" | "false" | "no" | "0" | "n" => Ok(false),
        _ => Err(format!("not a yes/no value (oui/non, true/false, 1/0): {cell:?}").into()),
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

/// What one row says of its partnership (the title may be left to another row). The parts are
/// read in this order, which is the order of their errors and warnings.
pub(super) fn row_record(mapping: &Mapping, row: &Row<'_>) -> Result<Record, RecordError> {
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
    read_themes(&mut rec, row, sep, tsep)?;
    read_dates_and_status(&mut rec, row)?;
    read_texts(&mut rec, row);
    read_partners(&mut rec, row, sep)?;
    read_flags(&mut rec, row)?;
    for f in &row.layout.funding {
        match &f.long {
            Some(long) => read_long_funding(&mut rec, row, f, long)?,
            None => read_wide_funding(&mut rec, row, f)?,
        }
    }
    read_contacts(&mut rec, mapping, row)?;
    read_volunteers(&mut rec, row);
    Ok(rec)
}

/// The main theme and the other themes with their priorities (a parallel list).
fn read_themes(rec: &mut Record, row: &Row<'_>, sep: &str, tsep: &str) -> Result<(), RecordError> {
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
    Ok(())
}

/// Start year, status and end date.
fn read_dates_and_status(rec: &mut Record, row: &Row<'_>) -> Result<(), RecordError> {
    rec.start_year = row.parsed("start_year", values::year)?;
    rec.status = row.text("status");
    rec.end_date = row.parsed("end_date", values::date)?;
    Ok(())
}

/// The free texts and the kind of partnership.
fn read_texts(rec: &mut Record, row: &Row<'_>) {
    rec.context = row.text("context");
    rec.history = row.text("history");
    rec.objective = row.text("objective");
    rec.description = row.text("description");
    rec.kind = row.text("kind");
    rec.beneficiaries = row.text("beneficiaries");
}

/// The organisations and their roles: project owners, implementers, foreign partners with
/// their countries (a parallel list), French partners with their SIRENs (another).
fn read_partners(rec: &mut Record, row: &Row<'_>, sep: &str) -> Result<(), RecordError> {
    rec.project_owners = row.list("project_owners", sep);
    rec.implementers = row.list("implementers", sep);
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
    Ok(())
}

/// The yes/no answers: triennial programme, communication, evaluation.
fn read_flags(rec: &mut Record, row: &Row<'_>) -> Result<(), RecordError> {
    rec.triennial = row.parsed("triennial", boolean)?;
    rec.communication_france = row.parsed("communication_france", boolean)?;
    rec.communication_partner_countries = row.parsed("communication_partner_countries", boolean)?;
    rec.evaluation = row.parsed("evaluation", boolean)?;
    Ok(())
}

/// The funding row of a table in long form (one funding per row): funder, year, amount and
/// 1% laws, or nothing when the row has none.
fn read_long_funding(
    rec: &mut Record,
    row: &Row<'_>,
    f: &FundingLayout,
    (year_col, amount_col, levies): &LongColumns,
) -> Result<(), RecordError> {
    let funder = row.at(&f.funder);
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
        return Ok(());
    };
    let year = match row.at(year_col) {
        Some(y) => values::year(y).map_err(|e| row.error("funding", &year_col.0, e))?,
        None => {
            return Err(row.error("funding", &year_col.0, "empty, but the row has an amount"));
        }
    };
    let amount = read_amount(rec, row, amount_col, cell)?;
    let levies = read_levies(rec, row, levies)?;
    rec.funding.push(FundingRow {
        funder: funder.to_string(),
        year,
        amount,
        levies,
    });
    Ok(())
}

/// The funding rows of a table in wide form: one per year whose amount column is filled.
fn read_wide_funding(
    rec: &mut Record,
    row: &Row<'_>,
    f: &FundingLayout,
) -> Result<(), RecordError> {
    let funder = row.at(&f.funder);

    for (year, amount_col, levies) in &f.years {
        let amount = match row.at(amount_col) {
            Some(cell) => read_amount(rec, row, amount_col, cell)?,
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
        let levies = read_levies(rec, row, levies)?;
        rec.funding.push(FundingRow {
            funder: funder.to_string(),
            year: *year,
            amount,
            levies,
        });
    }
    Ok(())
}

/// The contacts of the foreign partners and of the diplomatic post, one per group of columns.
fn read_contacts(rec: &mut Record, mapping: &Mapping, row: &Row<'_>) -> Result<(), RecordError> {
    for (target, cols) in &row.layout.contacts {
        let [organisation, role, given_name, family_name, email] = cols
            .clone()
            .map(|c| c.as_ref().and_then(|c| row.at(c)).map(str::to_string));
        let email = match (email, &cols[4]) {
            (Some(e), Some(col)) => {
                // The cell is personal data: the message names its line and column only.
                Some(values::email(&e).map_err(|_| {
                    row.error(
                        "contacts",
                        &col.0,
                        "not an e-mail address (not quoted: personal data)",
                    )
                })?)
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
            line: 0,
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
    Ok(())
}

/// The volunteers, one per group of columns.
fn read_volunteers(rec: &mut Record, row: &Row<'_>) {
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
}
