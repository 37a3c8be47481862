//! Identity across releases: every bundle ships `identity.csv`, each partnership IRI with the
//! fields that recognise it again (French authorities, foreign partners with their country,
//! start year) and the partnerships retired by earlier releases. `publish --previous` reads the
//! previous table: a partnership without an Atlas id whose id changed (a corrected title, an
//! added partner) keeps its previous IRI when exactly one partnership of the previous release,
//! absent from this one, matches it; several candidates are reported and never guessed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// The header of `identity.csv`.
pub const HEADER: &str = "partnership,id,atlas_id,title,french_authorities,foreign_partners,start_year,status,retired_on";

pub use crate::rdf::identity::Identity;

impl Identity {
    /// Whether `self` (this release) is the same partnership as `old` (an earlier one): same
    /// French authorities and start year, and a foreign partner (with its country) in common.
    /// An Atlas id on either side decides alone.
    fn matches(&self, old: &Identity) -> bool {
        if !self.atlas_id.is_empty() || !old.atlas_id.is_empty() {
            return self.atlas_id == old.atlas_id;
        }
        self.french == old.french
            && self.start_year == old.start_year
            && !self.french.is_empty()
            && self.foreign.intersection(&old.foreign).next().is_some()
    }
}

fn joined(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(" | ")
}

/// Writes the table: this release's partnerships, then every retired one, each sorted by IRI.
pub fn write(rows: &[Identity], out: &mut impl Write) -> io::Result<()> {
    let mut w = crate::model::format::csv_writer(out, csv::Terminator::Any(b'\n'));
    w.write_record(HEADER.split(','))?;
    let mut sorted: Vec<&Identity> = rows.iter().collect();
    sorted.sort_by(|a, b| (&a.status, &a.partnership).cmp(&(&b.status, &b.partnership)));
    for r in sorted {
        w.write_record([
            r.partnership.as_str(),
            &r.id,
            &r.atlas_id,
            &r.title,
            &joined(&r.french),
            &joined(&r.foreign),
            &r.start_year,
            &r.status,
            &r.retired_on,
        ])?;
    }
    w.flush()
}

/// Why an identity table cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("identity table {source_name}: {message}")]
pub struct IdentityError {
    /// The file or URL.
    pub source_name: String,
    /// What is wrong.
    pub message: String,
}

/// Reads a table written by [`write`].
pub fn read(text: &str, source_name: &str) -> Result<Vec<Identity>, IdentityError> {
    let err = |message: String| IdentityError {
        source_name: source_name.to_string(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| err(e.to_string()))?.clone();
    if header.iter().collect::<Vec<_>>().join(",") != HEADER {
        return Err(err(format!("the header is not {HEADER:?}")));
    }
    let set = |s: &str| -> BTreeSet<String> {
        s.split(" | ")
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| err(e.to_string()))?;
        let cell = |i: usize| row.get(i).unwrap_or_default().to_string();
        out.push(Identity {
            partnership: cell(0),
            id: cell(1),
            atlas_id: cell(2),
            title: cell(3),
            french: set(&cell(4)),
            foreign: set(&cell(5)),
            start_year: cell(6),
            status: cell(7),
            retired_on: cell(8),
        });
    }
    Ok(out)
}

/// What matching this release against the previous one decided.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Matching {
    /// This release's id -> the previous id it keeps.
    pub kept: BTreeMap<String, String>,
    /// This release's partnerships with several candidates, left new: (IRI, the candidates).
    pub ambiguous: Vec<(String, Vec<String>)>,
}

/// Matches the partnerships of this release (`new`, ids as minted) that the previous release
/// (`previous`) does not have with those of the previous release this one does not have.
pub fn match_releases(previous: &[Identity], new: &[Identity]) -> Matching {
    let new_iris: BTreeSet<&str> = new.iter().map(|n| n.partnership.as_str()).collect();
    let old_iris: BTreeSet<&str> = previous.iter().map(|o| o.partnership.as_str()).collect();
    // Previous partnerships this release does not have under their IRI: candidates.
    let gone: Vec<&Identity> = previous
        .iter()
        .filter(|o| o.status == "published" && !new_iris.contains(o.partnership.as_str()))
        .collect();
    let fresh: Vec<&Identity> = new
        .iter()
        .filter(|n| !old_iris.contains(n.partnership.as_str()))
        .collect();
    let mut m = Matching::default();
    // Each side's candidates on the other: only one-to-one pairs are kept.
    let candidates = |n: &Identity| -> Vec<&Identity> {
        gone.iter().copied().filter(|o| n.matches(o)).collect()
    };
    for n in &fresh {
        let c = candidates(n);
        match c.as_slice() {
            [] => {}
            [o] => {
                let rivals = fresh.iter().filter(|other| other.matches(o)).count();
                if rivals == 1 {
                    m.kept.insert(n.id.clone(), o.id.clone());
                } else {
                    m.ambiguous
                        .push((n.partnership.clone(), vec![o.partnership.clone()]));
                }
            }
            many => m.ambiguous.push((
                n.partnership.clone(),
                many.iter().map(|o| o.partnership.clone()).collect(),
            )),
        }
    }
    m
}

/// The rows of the new table: this release's partnerships (after matching) and every retired
/// one, those retired now dated `today`.
pub fn next_table(previous: &[Identity], published: Vec<Identity>, today: &str) -> Vec<Identity> {
    let live: BTreeSet<String> = published.iter().map(|p| p.partnership.clone()).collect();
    let mut rows = published;
    for o in previous {
        if live.contains(&o.partnership) {
            continue;
        }
        let mut r = o.clone();
        if r.status != "retired" {
            r.status = "retired".into();
            r.retired_on = today.to_string();
        }
        rows.push(r);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(iri: &str, french: &[&str], foreign: &[&str], year: &str) -> Identity {
        Identity {
            partnership: iri.into(),
            id: iri.rsplit('/').next().unwrap_or_default().into(),
            french: french.iter().map(|s| s.to_string()).collect(),
            foreign: foreign.iter().map(|s| s.to_string()).collect(),
            start_year: year.into(),
            status: "published".into(),
            ..Default::default()
        }
    }

    #[test]
    fn one_candidate_is_kept_several_are_reported() {
        let previous = vec![
            id("p/old1", &["ville a"], &["x@CAN"], "2017"),
            id("p/twin1", &["ville b"], &["y@SEN"], "2018"),
            id("p/twin2", &["ville b"], &["y@SEN"], "2018"),
            id("p/same", &["ville c"], &["z@MAR"], "2019"),
        ];
        let new = vec![
            // Title corrected and a partner added: new id, one candidate.
            id("p/new1", &["ville a"], &["x@CAN", "w@CAN"], "2017"),
            // One new record, two previous twins: reported, not merged.
            id("p/new2", &["ville b"], &["y@SEN"], "2018"),
            id("p/same", &["ville c"], &["z@MAR"], "2019"),
        ];
        let m = match_releases(&previous, &new);
        assert_eq!(m.kept.get("new1").map(String::as_str), Some("old1"));
        assert_eq!(m.kept.len(), 1);
        assert_eq!(m.ambiguous.len(), 1);
        assert_eq!(m.ambiguous[0].1, vec!["p/twin1", "p/twin2"]);
        let mut out = Vec::new();
        write(&next_table(&previous, new.clone(), "2026-12-02"), &mut out).unwrap_or_default();
        let text = String::from_utf8(out).unwrap_or_default();
        let back = read(&text, "t").unwrap_or_default();
        assert_eq!(back.iter().filter(|r| r.status == "retired").count(), 3);
        assert!(
            back.iter()
                .any(|r| r.partnership == "p/twin1" && r.retired_on == "2026-12-02")
        );
    }
}
