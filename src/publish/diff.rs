//! What changed between two releases: partnerships added, removed and changed, and for each
//! change every field that differs, before and after.
//!
//! A bundle or a store is read from its data (the bundle's `atlas.nq.gz`, the store's record
//! graphs): every field of a partnership is compared (title, texts, kind, status, years,
//! dates, flags, themes, partners, owners and implementers, contacts, volunteers, each funding
//! row and each levy; see [`crate::rdf::fields`]). Contacts are compared as far as the two
//! releases' contact profiles allow: whole when the profiles agree, names and e-mails only
//! when both are `full`, organisations only between `role` and `full`, not at all against
//! `none`; a difference the profiles alone explain is never reported. `publish --previous`
//! compares the two releases' tables (`from_tables`), which hold fewer fields.

use crate::model::Amount;
use crate::model::privacy::ContactPolicy;
use crate::rdf::fields::{self, PartnershipFields};
use oxigraph::model::{GraphName, Quad};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

/// The fields of `partnerships.csv` compared by [`Release::from_tables`] (the id and IRI name
/// the partnership; the total and the source follow from the rest).
const TABLE_FIELDS: &[&str] = &[
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

/// One release's partnerships, by IRI, with every field compared.
#[derive(Debug, Default, Clone)]
pub struct Release {
    partnerships: BTreeMap<String, PartnershipFields>,
    /// Read from the tables (fewer fields, other spellings) rather than the data.
    from_tables: bool,
    /// The contact profile: the one the bundle declares, otherwise the one its data shows
    /// (`None`: no contact at all, or tables).
    pub profile: Option<ContactPolicy>,
}

/// A release gathered from the rows of its tables, as `publish` writes them or as
/// [`Release::from_tables`] reads them back: the fields the tables hold, funding rows summed by
/// funder and year.
#[derive(Debug, Default)]
pub struct FromTables {
    release: Release,
    /// The IRI of each partnership id (funding rows name the id).
    iri_of: BTreeMap<String, String>,
    sums: BTreeMap<(String, String), Amount>,
}

impl FromTables {
    /// A row of `partnerships.csv`, by column.
    pub fn partnership(&mut self, row: &BTreeMap<String, String>) {
        let iri = row.get("iri").cloned().unwrap_or_default();
        self.iri_of
            .insert(row.get("id").cloned().unwrap_or_default(), iri.clone());
        let fields = TABLE_FIELDS
            .iter()
            .map(|f| (f.to_string(), row.get(*f).cloned().unwrap_or_default()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        self.release.partnerships.insert(
            iri.clone(),
            PartnershipFields {
                partnership: iri,
                title: row.get("title").cloned().unwrap_or_default(),
                fields,
            },
        );
    }

    /// A row of `funding.csv`, by column.
    pub fn funding(&mut self, row: &BTreeMap<String, String>) {
        let id = row.get("partnership_id").cloned().unwrap_or_default();
        let iri = self.iri_of.get(&id).cloned().unwrap_or(id);
        let key = format!(
            "funding {} {}",
            row.get("funder").cloned().unwrap_or_default(),
            row.get("year").cloned().unwrap_or_default(),
        );
        let amount: Amount = row
            .get("amount_eur")
            .and_then(|a| a.parse().ok())
            .unwrap_or_default();
        *self.sums.entry((iri, key)).or_default() += amount;
    }

    /// The release.
    pub fn finish(self) -> Release {
        let mut r = self.release;
        r.from_tables = true;
        for ((iri, key), amount) in self.sums {
            if let Some(p) = r.partnerships.get_mut(&iri) {
                p.fields.insert(key, amount.to_decimal_string());
            }
        }
        r
    }
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

/// The profile a bundle's README declares (`--contacts full|role|none`), if it says one.
fn declared_profile(bundle: &Path) -> Option<ContactPolicy> {
    let readme = std::fs::read_to_string(bundle.join("README.md")).ok()?;
    [
        ("(`--contacts full`)", ContactPolicy::Full),
        ("(`--contacts role`)", ContactPolicy::Role),
        ("(`--contacts none`)", ContactPolicy::None),
    ]
    .into_iter()
    .find_map(|(marker, p)| readme.contains(marker).then_some(p))
}

impl Release {
    /// A release from the texts of its `partnerships.csv` and `funding.csv` (`name` names it
    /// in errors): the fields the tables hold, funding rows summed by funder and year.
    pub fn from_tables(partnerships: &str, funding: &str, name: &str) -> Result<Self, DiffError> {
        let mut tables = FromTables::default();
        for row in rows(partnerships, &format!("{name} partnerships.csv"))? {
            tables.partnership(&row);
        }
        for row in rows(funding, &format!("{name} funding.csv"))? {
            tables.funding(&row);
        }
        Ok(tables.finish())
    }

    /// A release from quads (record graphs are recognised by their partnership; other graphs
    /// are ignored). Each graph's quads are expected together, as every dump of this tool
    /// writes them; [`Release::read`] falls back to grouping when they are not.
    fn from_graphs(graphs: impl IntoIterator<Item = Vec<Quad>>) -> Release {
        let mut r = Release::default();
        for quads in graphs {
            if let Some(p) = fields::partnership_fields(&quads) {
                r.partnerships.insert(p.partnership.clone(), p);
            }
        }
        r.profile = r.shown_profile();
        r
    }

    /// The profile the data shows: the fullest any partnership shows.
    fn shown_profile(&self) -> Option<ContactPolicy> {
        let shown: BTreeSet<u8> = self
            .partnerships
            .values()
            .filter_map(fields::profile_shown)
            .map(|p| match p {
                ContactPolicy::Full => 2,
                ContactPolicy::Role => 1,
                ContactPolicy::None => 0,
            })
            .collect();
        match shown.last() {
            Some(2) => Some(ContactPolicy::Full),
            Some(1) => Some(ContactPolicy::Role),
            _ => None,
        }
    }

    /// A release from a bundle folder (its data, `atlas.nq.gz`, and the contact profile its
    /// README declares) or from a store folder (its record graphs).
    pub fn read(path: &Path) -> Result<Self, DiffError> {
        let name = path.display().to_string();
        let err = |message: String| DiffError {
            source_name: name.clone(),
            message,
        };
        let data = path.join("atlas.nq.gz");
        if data.is_file() {
            let mut r = match read_nquads(&data, false)? {
                Some(r) => r,
                // Graphs interleaved (not a dump of this tool): read again, grouping them.
                None => read_nquads(&data, true)?.unwrap_or_default(),
            };
            if let Some(p) = declared_profile(path) {
                r.profile = Some(p);
            }
            return Ok(r);
        }
        if !path.join("CURRENT").is_file() {
            return Err(err(
                "neither a bundle (no atlas.nq.gz) nor a store (no CURRENT file)".into(),
            ));
        }
        let store = crate::store::open_read_only(path).map_err(|e| err(e.to_string()))?;
        let mut graphs = Vec::new();
        for g in store.named_graphs() {
            graphs.push(g.map_err(|e| err(e.to_string()))?);
        }
        let mut failure = None;
        let release = Release::from_graphs(graphs.iter().map_while(|g| {
            match store
                .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
                .collect::<Result<Vec<Quad>, _>>()
            {
                Ok(q) => Some(q),
                Err(e) => {
                    failure = Some(e.to_string());
                    None
                }
            }
        }));
        match failure {
            Some(message) => Err(err(message)),
            None => Ok(release),
        }
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

/// Reads a gzipped N-Quads file graph by graph. Without `grouping`, each graph is taken as
/// soon as the next begins (flat memory), and `None` says a graph came back later (the quads
/// were not grouped); with it, every quad is held first.
fn read_nquads(path: &Path, grouping: bool) -> Result<Option<Release>, DiffError> {
    let err = |message: String| DiffError {
        source_name: path.display().to_string(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let parser =
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads).for_reader(reader);
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut grouped: BTreeMap<String, Vec<Quad>> = BTreeMap::new();
    let mut current: (String, Vec<Quad>) = (String::new(), Vec::new());
    let mut graphs: Vec<Vec<Quad>> = Vec::new();
    let mut release = Release::default();
    let mut take = |quads: Vec<Quad>| {
        if let Some(p) = fields::partnership_fields(&quads) {
            release.partnerships.insert(p.partnership.clone(), p);
        }
    };
    for q in parser {
        let q = q.map_err(|e| err(e.to_string()))?;
        let GraphName::NamedNode(g) = &q.graph_name else {
            continue;
        };
        if grouping {
            grouped.entry(g.as_str().to_string()).or_default().push(q);
            continue;
        }
        if g.as_str() != current.0 {
            if done.contains(g.as_str()) {
                return Ok(None);
            }
            let previous = std::mem::replace(&mut current, (g.as_str().to_string(), Vec::new()));
            done.insert(previous.0);
            take(previous.1);
        }
        current.1.push(q);
    }
    take(current.1);
    graphs.extend(grouped.into_values());
    for g in graphs {
        take(g);
    }
    release.profile = release.shown_profile();
    Ok(Some(release))
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

fn amount_cents(text: &str) -> i64 {
    text.parse::<Amount>().map_or(0, Amount::cents)
}

fn field_changes(
    old: Option<&PartnershipFields>,
    new: Option<&PartnershipFields>,
    keep: &impl Fn(&str) -> bool,
) -> Vec<FieldChange> {
    let empty = PartnershipFields::default();
    let (o, n) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    o.differing(n, keep)
        .into_iter()
        .map(|field| {
            let before = o.fields.get(&field).cloned().unwrap_or_default();
            let after = n.fields.get(&field).cloned().unwrap_or_default();
            let funding_delta = field
                .starts_with("funding ")
                .then(|| amount_cents(&after) - amount_cents(&before));
            FieldChange {
                field,
                before,
                after,
                funding_delta,
            }
        })
        .collect()
}

/// The changes between two releases, and what limits the comparison.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// The changes, by partnership IRI.
    pub changes: Vec<Change>,
    /// The two contact profiles when they differ (old, new): contacts are then compared only
    /// as far as both hold them.
    pub profiles_differ: Option<(ContactPolicy, ContactPolicy)>,
    /// One release was read from its tables and the other from its data: only the tables'
    /// fields could be compared (said, never silently).
    pub mixed_sources: bool,
}

/// The changes from `old` to `new`, by partnership IRI.
pub fn diff(old: &Release, new: &Release) -> Vec<Change> {
    compare(old, new).changes
}

/// The changes from `old` to `new`, with the notes that qualify them.
pub fn compare(old: &Release, new: &Release) -> Comparison {
    let keep_contacts = fields::compared(old.profile, new.profile);
    let mixed_sources = old.from_tables != new.from_tables;
    let keep = |f: &str| {
        keep_contacts(f)
            && (!mixed_sources || TABLE_FIELDS.contains(&f) || f.starts_with("funding "))
    };
    let iris: BTreeSet<&String> = old
        .partnerships
        .keys()
        .chain(new.partnerships.keys())
        .collect();
    let mut changes = Vec::new();
    for iri in iris {
        let (o, n) = (old.partnerships.get(iri), new.partnerships.get(iri));
        let fields = field_changes(o, n, &keep);
        let kind = match (o, n) {
            (None, Some(_)) => Kind::Added,
            (Some(_), None) => Kind::Removed,
            _ if fields.is_empty() => continue,
            _ => Kind::Changed,
        };
        let title = n.or(o).map(|p| p.title.clone()).unwrap_or_default();
        changes.push(Change {
            kind,
            partnership: iri.clone(),
            title,
            fields,
        });
    }
    let profiles_differ = match (old.profile, new.profile) {
        (Some(a), Some(b)) if a != b => Some((a, b)),
        _ => None,
    };
    Comparison {
        changes,
        profiles_differ,
        mixed_sources,
    }
}

fn profile_name(p: ContactPolicy) -> &'static str {
    match p {
        ContactPolicy::Full => "full",
        ContactPolicy::Role => "role",
        ContactPolicy::None => "none",
    }
}

/// The notes that qualify a comparison, one line each (empty when nothing does).
pub fn notes(c: &Comparison) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((a, b)) = c.profiles_differ {
        out.push(format!(
            "contact profiles differ: old {}, new {}: {}",
            profile_name(a),
            profile_name(b),
            if a == ContactPolicy::None || b == ContactPolicy::None {
                "contacts are not compared"
            } else {
                "contacts are compared by organisation only, names and e-mails not at all"
            }
        ));
    }
    if c.mixed_sources {
        out.push(
            "one release was read from its tables: only the tables' fields are compared".into(),
        );
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

/// Longest value shown in the text output (the JSON and CSV outputs hold every value whole).
const TEXT_VALUE_CHARS: usize = 160;

fn shown(value: &str) -> String {
    let n = value.chars().count();
    if n <= TEXT_VALUE_CHARS {
        return format!("{value:?}");
    }
    let head: String = value.chars().take(TEXT_VALUE_CHARS).collect();
    format!("{head:?}... ({n} characters)")
}

/// The changes as text: the notes first (`note: contact profiles differ: ...`), then a line per
/// partnership (`changed IRI "title": field, field`), an indented `field: "before" -> "after"`
/// line per changed field (values past 160 characters cut), and a closing line of counts.
pub fn write_text(c: &Comparison, out: &mut impl Write) -> io::Result<()> {
    for n in notes(c) {
        writeln!(out, "note: {n}")?;
    }
    for ch in &c.changes {
        let kind = match ch.kind {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        };
        if ch.kind == Kind::Changed {
            let names: Vec<&str> = ch.fields.iter().map(|f| f.field.as_str()).collect();
            writeln!(
                out,
                "{kind} {} {:?}: {}",
                ch.partnership,
                ch.title,
                names.join(", ")
            )?;
            for f in &ch.fields {
                writeln!(
                    out,
                    "  {}: {} -> {}",
                    f.field,
                    shown(&f.before),
                    shown(&f.after)
                )?;
            }
        } else {
            writeln!(out, "{kind} {} {:?}", ch.partnership, ch.title)?;
        }
    }
    let (a, r, ch) = counts(&c.changes);
    writeln!(out, "{a} added, {r} removed, {ch} changed")
}

/// The changes as CSV (`changes.csv`): a row per field change; one row with empty field for
/// an added or removed partnership.
pub fn write_csv(changes: &[Change], out: &mut impl Write) -> io::Result<()> {
    let mut w = crate::model::format::csv_writer(out, csv::Terminator::Any(b'\n'));
    w.write_record(["change", "partnership", "title", "field", "before", "after"])?;
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
            w.write_record([kind, &c.partnership, &c.title, "", "", ""])?;
        }
        for f in fields {
            w.write_record([
                kind,
                &c.partnership,
                &c.title,
                &f.field,
                &f.before,
                &f.after,
            ])?;
        }
    }
    w.flush()
}

/// The changes as JSON.
pub fn write_json(changes: &[Change], out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, changes).map_err(io::Error::other)?;
    writeln!(out)
}
