//! Where each field the mapping names is in a table's header, resolved once per file.

use crate::ingest::mapping::{ContactTarget, Mapping, year_in};
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

impl Layout {
    /// Resolves every column the mapping names; the error lists every missing one.
    pub(super) fn resolve(
        mapping: &Mapping,
        key: Option<&str>,
        header: &[String],
    ) -> Result<Self, crate::ingest::values::Invalid> {
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
            )
            .into());
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
