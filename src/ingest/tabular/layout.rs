//! Where each field the mapping names is in a table's header, resolved once per file.

use crate::ingest::mapping::{
    ContactColumns, ContactTarget, FundingColumns, Mapping, VolunteerColumns, year_in,
};
use crate::model::LevyLaw;
use std::collections::HashMap;

/// A column: its header name and its index.
pub(super) type Col = (String, usize);

/// One year of a funder: the year, its amount column, its 1% law columns.
pub(super) type YearColumns = (i32, Col, Vec<(LevyLaw, Col)>);

/// A funding row of the long form: its year column, amount column and 1% law columns.
pub(super) type LongColumns = (Col, Col, Vec<(LevyLaw, Col)>);

/// Where each mapped field is in the header, resolved once per file.
pub(super) struct Layout {
    /// The column of the partnership's key, when there is one.
    pub(super) key: Option<Col>,
    /// Field key -> (column name, index).
    pub(super) fields: HashMap<&'static str, (String, usize)>,
    /// Per funder: funder column, then (year, amount column, levies by law) sorted by year.
    pub(super) funding: Vec<FundingLayout>,
    pub(super) contacts: Vec<(ContactTarget, [Option<Col>; 5])>,
    pub(super) volunteers: Vec<[Option<(String, usize)>; 5]>,
    pub(super) width: usize,
}

pub(super) struct FundingLayout {
    pub(super) funder: (String, usize),
    /// Wide form: the amount columns of each year.
    pub(super) years: Vec<YearColumns>,
    /// Long form: the year column, the amount column and the 1% law columns of one row.
    pub(super) long: Option<LongColumns>,
}

fn law(slug: &str) -> Option<LevyLaw> {
    LevyLaw::ALL.into_iter().find(|l| l.slug() == slug)
}

/// A table's header being searched for the columns a mapping names, gathering what is
/// missing (or named twice) to report it all at once.
struct Header<'a> {
    names: &'a [String],
    index: HashMap<&'a str, usize>,
    duplicated: Vec<String>,
    missing: Vec<String>,
}

impl<'a> Header<'a> {
    /// The header's columns by name, those it has twice apart.
    fn new(header: &'a [String]) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut duplicated = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if index.insert(h.as_str(), i).is_some() {
                duplicated.push(h.clone());
            }
        }
        Self {
            names: header,
            index,
            duplicated,
            missing: Vec::new(),
        }
    }

    /// The column `column`, which the mapping's `key` names; noted as missing when the header
    /// does not have it or has it twice.
    fn find(&mut self, key: String, column: &str) -> Option<(String, usize)> {
        if self.duplicated.iter().any(|d| d == column) {
            self.missing.push(format!(
                "{key} names column {column:?}, which the header has twice"
            ));
            return None;
        }
        match self.index.get(column) {
            Some(&i) => Some((column.to_string(), i)),
            None => {
                self.missing.push(format!(
                    "{key} names column {column:?}, which the header does not have"
                ));
                None
            }
        }
    }

    /// The error listing what is missing (the first few) and the header's columns.
    fn missing_error(mut self) -> crate::ingest::values::Invalid {
        let missing = &mut self.missing;
        let header = self.names;
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
        format!(
            "{} (the header's columns: {})",
            missing.join("; "),
            shown.join(", ")
        )
        .into()
    }
}

impl Layout {
    /// Resolves every column the mapping names; the error lists every missing one.
    pub(super) fn resolve(
        mapping: &Mapping,
        key: Option<&str>,
        header: &[String],
    ) -> Result<Self, crate::ingest::values::Invalid> {
        let mut h = Header::new(header);
        let key = key.and_then(|k| h.find("key".into(), k));
        let mut fields = HashMap::new();
        for (key, column) in mapping.columns.named() {
            if let Some(found) = h.find(format!("columns.{key}"), column) {
                fields.insert(key, found);
            }
        }
        let mut funding = Vec::new();
        for (n, f) in mapping.funding.iter().enumerate() {
            let found = match &f.year {
                Some(year) => long_funding(&mut h, n, f, year),
                None => wide_funding(&mut h, n, f),
            };
            funding.extend(found);
        }
        let contacts = mapping
            .contacts
            .iter()
            .enumerate()
            .map(|(n, c)| (c.at, contact_columns(&mut h, n, c)))
            .collect();
        let volunteers = mapping
            .volunteers
            .iter()
            .enumerate()
            .map(|(n, v)| volunteer_columns(&mut h, n, v))
            .collect();
        if !h.missing.is_empty() {
            return Err(h.missing_error());
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

/// The columns of a funding row in long form (`funding[n]` with a year column): funder, year,
/// amount, 1% laws.
fn long_funding(
    h: &mut Header<'_>,
    n: usize,
    f: &FundingColumns,
    year: &str,
) -> Option<FundingLayout> {
    let funder = h.find(format!("funding[{n}].funder"), &f.funder);
    let year = h.find(format!("funding[{n}].year"), year);
    let amount = h.find(format!("funding[{n}].amount"), &f.amount);
    let levies: Vec<(LevyLaw, Col)> = f
        .levies
        .iter()
        .filter_map(|(slug, column)| {
            let col = h.find(format!("funding[{n}].levies.{slug}"), column)?;
            Some((law(slug)?, col))
        })
        .collect();
    let (Some(funder), Some(year), Some(amount)) = (funder, year, amount) else {
        return None;
    };
    Some(FundingLayout {
        funder,
        years: Vec::new(),
        long: Some((year, amount, levies)),
    })
}

/// The columns of funding in wide form (`funding[n]` without a year column): the funder, and
/// per year found in the header its amount and 1% law columns.
fn wide_funding(hd: &mut Header<'_>, n: usize, f: &FundingColumns) -> Option<FundingLayout> {
    let funder = hd.find(format!("funding[{n}].funder"), &f.funder);
    let header = hd.names;
    let mut years: Vec<YearColumns> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| year_in(&f.amount, h).map(|y| (y, (h.clone(), i), Vec::new())))
        .collect();
    if years.is_empty() {
        hd.missing.push(format!(
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
                    None => hd.missing.push(format!(
                        "funding[{n}].levies.{slug}: column {h:?} has no amount column for {y}"
                    )),
                }
            }
        }
    }
    Some(FundingLayout {
        funder: funder?,
        years,
        long: None,
    })
}

/// The columns of the `n`-th group of contact columns.
fn contact_columns(h: &mut Header<'_>, n: usize, c: &ContactColumns) -> [Option<Col>; 5] {
    [
        ("organisation", &c.organisation),
        ("role", &c.role),
        ("given_name", &c.given_name),
        ("family_name", &c.family_name),
        ("email", &c.email),
    ]
    .map(|(k, col)| {
        col.as_deref()
            .and_then(|col| h.find(format!("contacts[{n}].{k}"), col))
    })
}

/// The columns of the `n`-th group of volunteer columns.
fn volunteer_columns(h: &mut Header<'_>, n: usize, v: &VolunteerColumns) -> [Option<Col>; 5] {
    [
        ("family_name", &v.family_name),
        ("given_name", &v.given_name),
        ("mission", &v.mission),
        ("fields", &v.fields),
        ("entity", &v.entity),
    ]
    .map(|(k, col)| {
        col.as_deref()
            .and_then(|col| h.find(format!("volunteers[{n}].{k}"), col))
    })
}
