//! What changed between two releases: partnerships added, removed and changed, and for each
//! change the fields before and after (title, status, dates, themes, partners, each funding row
//! by funder and year). Read from the bundles' CSV files, which hold every one of those fields
//! (a store is read through the same tables, written in memory).

use crate::model::Amount;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// The fields of `partnerships.csv` compared (the id and IRI name the partnership; the total
/// and the source follow from the rest).
const FIELDS: &[&str] = &[
    "title",
    "status",
    "kind",
    "first_agreement_year",
    "start_year",
    "end_date",
    "main_theme",
    "other_themes",
    "french_partners",
    "foreign_partners",
    "countries",
];

/// One release's partnerships, as its tables hold them.
#[derive(Debug, Default, Clone)]
pub struct Release {
    /// Partnership IRI -> field -> value.
    partnerships: BTreeMap<String, BTreeMap<String, String>>,
    /// Partnership IRI -> (funder, year) -> amount in euros.
    funding: BTreeMap<String, BTreeMap<(String, String), Amount>>,
}

/// Why a release cannot be compared.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct DiffError {
    /// The file, folder or URL.
    pub source_name: String,
    /// What is wrong.
    pub message: String,
}

fn rows(text: &str, name: &str) -> Result<Vec<BTreeMap<String, String>>, DiffError> {
    let err = |message: String| DiffError {
        source_name: name.to_string(),
        message,
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| err(e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut out = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| err(e.to_string()))?;
        out.push(
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect(),
        );
    }
    Ok(out)
}

impl Release {
    /// A release from the texts of its `partnerships.csv` and `funding.csv` (`name` names it
    /// in errors).
    pub fn from_tables(partnerships: &str, funding: &str, name: &str) -> Result<Self, DiffError> {
        let mut r = Release::default();
        let mut iri_of: BTreeMap<String, String> = BTreeMap::new();
        for row in rows(partnerships, &format!("{name} partnerships.csv"))? {
            let iri = row.get("iri").cloned().unwrap_or_default();
            iri_of.insert(row.get("id").cloned().unwrap_or_default(), iri.clone());
            let fields = FIELDS
                .iter()
                .map(|f| (f.to_string(), row.get(*f).cloned().unwrap_or_default()))
                .collect();
            r.partnerships.insert(iri, fields);
        }
        for row in rows(funding, &format!("{name} funding.csv"))? {
            let id = row.get("partnership_id").cloned().unwrap_or_default();
            let iri = iri_of.get(&id).cloned().unwrap_or(id);
            let key = (
                row.get("funder").cloned().unwrap_or_default(),
                row.get("year").cloned().unwrap_or_default(),
            );
            let amount: Amount = row
                .get("amount_eur")
                .and_then(|a| a.parse().ok())
                .unwrap_or_default();
            *r.funding.entry(iri).or_default().entry(key).or_default() += amount;
        }
        Ok(r)
    }

    /// A release from a bundle folder (its `partnerships.csv` and `funding.csv`) or from a
    /// store folder (the same tables, written in memory).
    pub fn read(path: &std::path::Path) -> Result<Self, DiffError> {
        let name = path.display().to_string();
        let err = |message: String| DiffError {
            source_name: name.clone(),
            message,
        };
        if path.join("partnerships.csv").is_file() {
            let read = |f: &str| {
                std::fs::read_to_string(path.join(f)).map_err(|e| DiffError {
                    source_name: path.join(f).display().to_string(),
                    message: e.to_string(),
                })
            };
            return Release::from_tables(&read("partnerships.csv")?, &read("funding.csv")?, &name);
        }
        if !path.join("CURRENT").is_file() {
            return Err(err(
                "neither a bundle (no partnerships.csv) nor a store (no CURRENT file)".into(),
            ));
        }
        let store = crate::store::open_read_only(path).map_err(|e| err(e.to_string()))?;
        let (mut p, mut f, mut r) = (Vec::new(), Vec::new(), Vec::new());
        super::tables::write(&store, &mut p, &mut f, &mut r).map_err(|e| err(e.to_string()))?;
        Release::from_tables(
            &String::from_utf8_lossy(&p),
            &String::from_utf8_lossy(&f),
            &name,
        )
    }

    /// Partnerships in this release.
    pub fn len(&self) -> usize {
        self.partnerships.len()
    }

    /// Whether it holds no partnership.
    pub fn is_empty(&self) -> bool {
        self.partnerships.is_empty()
    }
}

/// What happened to one partnership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// In the new release only.
    Added,
    /// In the old release only.
    Removed,
    /// In both, different.
    Changed,
}

/// One field before and after (`funding <funder> <year>` for a funding row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field.
    pub field: String,
    /// Its value in the old release (empty: absent).
    pub before: String,
    /// Its value in the new release (empty: absent).
    pub after: String,
    /// For a funding row: the change of amount, in cents (new minus old).
    #[serde(skip)]
    pub funding_delta: Option<i64>,
}

/// One partnership's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: Kind,
    /// Its IRI.
    pub partnership: String,
    /// Its title (the new one when it has one).
    pub title: String,
    /// The fields that differ (every field for an added or removed partnership).
    pub fields: Vec<FieldChange>,
}

fn field_changes(
    old: Option<&BTreeMap<String, String>>,
    new: Option<&BTreeMap<String, String>>,
    old_funding: Option<&BTreeMap<(String, String), Amount>>,
    new_funding: Option<&BTreeMap<(String, String), Amount>>,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for f in FIELDS {
        let before = old.and_then(|o| o.get(*f)).cloned().unwrap_or_default();
        let after = new.and_then(|n| n.get(*f)).cloned().unwrap_or_default();
        if before != after {
            out.push(FieldChange {
                field: f.to_string(),
                before,
                after,
                funding_delta: None,
            });
        }
    }
    let empty = BTreeMap::new();
    let (of, nf) = (old_funding.unwrap_or(&empty), new_funding.unwrap_or(&empty));
    let keys: BTreeSet<&(String, String)> = of.keys().chain(nf.keys()).collect();
    for k in keys {
        let (b, a) = (of.get(k), nf.get(k));
        if b != a {
            let text = |x: Option<&Amount>| x.map(|x| x.to_string()).unwrap_or_default();
            let cents = |x: Option<&Amount>| x.map_or(0, |x| x.cents());
            out.push(FieldChange {
                field: format!("funding {} {}", k.0, k.1),
                before: text(b),
                after: text(a),
                funding_delta: Some(cents(a) - cents(b)),
            });
        }
    }
    out
}

/// The changes from `old` to `new`, by partnership IRI.
pub fn diff(old: &Release, new: &Release) -> Vec<Change> {
    let iris: BTreeSet<&String> = old
        .partnerships
        .keys()
        .chain(new.partnerships.keys())
        .collect();
    let mut out = Vec::new();
    for iri in iris {
        let (o, n) = (old.partnerships.get(iri), new.partnerships.get(iri));
        let fields = field_changes(o, n, old.funding.get(iri), new.funding.get(iri));
        let kind = match (o, n) {
            (None, Some(_)) => Kind::Added,
            (Some(_), None) => Kind::Removed,
            _ if fields.is_empty() => continue,
            _ => Kind::Changed,
        };
        let title = n
            .or(o)
            .and_then(|f| f.get("title"))
            .cloned()
            .unwrap_or_default();
        out.push(Change {
            kind,
            partnership: iri.clone(),
            title,
            fields,
        });
    }
    out
}

/// Counts of each kind: (added, removed, changed).
pub fn counts(changes: &[Change]) -> (usize, usize, usize) {
    let n = |k: Kind| changes.iter().filter(|c| c.kind == k).count();
    (n(Kind::Added), n(Kind::Removed), n(Kind::Changed))
}

/// The funding rows of changed partnerships that changed most (by the size of the change),
/// at most `n` (added and removed partnerships are counted apart).
pub fn largest_funding_changes(changes: &[Change], n: usize) -> Vec<(&Change, &FieldChange)> {
    let mut all: Vec<(&Change, &FieldChange)> = changes
        .iter()
        .filter(|c| c.kind == Kind::Changed)
        .flat_map(|c| c.fields.iter().map(move |f| (c, f)))
        .filter(|(_, f)| f.funding_delta.is_some())
        .collect();
    all.sort_by_key(|(c, f)| {
        (
            std::cmp::Reverse(f.funding_delta.unwrap_or(0).unsigned_abs()),
            c.partnership.clone(),
            f.field.clone(),
        )
    });
    all.truncate(n);
    all
}

/// The changes as text: a line per partnership, then an indented line per field.
pub fn write_text(changes: &[Change], out: &mut impl Write) -> io::Result<()> {
    for c in changes {
        let kind = match c.kind {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        };
        writeln!(out, "{kind} {} {:?}", c.partnership, c.title)?;
        if c.kind == Kind::Changed {
            for f in &c.fields {
                writeln!(out, "  {}: {:?} -> {:?}", f.field, f.before, f.after)?;
            }
        }
    }
    let (a, r, ch) = counts(changes);
    writeln!(out, "{a} added, {r} removed, {ch} changed")
}

/// The changes as CSV (`changes.csv`): a row per field change; one row with empty field for
/// an added or removed partnership.
pub fn write_csv(changes: &[Change], out: &mut impl Write) -> io::Result<()> {
    use crate::model::format::field;
    writeln!(out, "change,partnership,title,field,before,after")?;
    for c in changes {
        let kind = match c.kind {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        };
        let fields: Vec<&FieldChange> = match c.kind {
            Kind::Changed => c.fields.iter().collect(),
            _ => Vec::new(),
        };
        if fields.is_empty() {
            writeln!(
                out,
                "{kind},{},{},,,",
                field(&c.partnership),
                field(&c.title)
            )?;
        }
        for f in fields {
            writeln!(
                out,
                "{kind},{},{},{},{},{}",
                field(&c.partnership),
                field(&c.title),
                field(&f.field),
                field(&f.before),
                field(&f.after)
            )?;
        }
    }
    Ok(())
}

/// The changes as JSON.
pub fn write_json(changes: &[Change], out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, changes).map_err(io::Error::other)?;
    writeln!(out)
}
