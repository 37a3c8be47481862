//! The twinnings compared (`link wikidata --report DIR`): each pair of a French authority's
//! item and a foreign partner's item that the Atlas (a partnership between the two) or
//! Wikidata (`P190`, either direction) knows, in `twinnings.csv`; and, for the pairs only the
//! Atlas knows, the two `P190` statements in QuickStatements V1 syntax, each sourced with the
//! partnership's IRI (`S854`) and the retrieval date (`S813`), in `quickstatements.txt`.
//! Nothing is sent to Wikidata: a person reads the file before pasting it.

use super::places::store_select;
use super::wikidata::{Cache, LinkError};
use crate::store::WIKIDATA_LINKS_GRAPH;
use crate::vocab::{atlas, owl, wikidata as wd};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What the report found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ReportSummary {
    /// Pairs both sides know.
    pub both: usize,
    /// Pairs only the Atlas knows.
    pub atlas_only: usize,
    /// Pairs only Wikidata knows.
    pub wikidata_only: usize,
}

/// One pair, as both sides know it.
#[derive(Debug, Default)]
struct Pair {
    partnerships: BTreeSet<String>,
    statuses: BTreeSet<String>,
    in_wikidata: bool,
    end: Option<String>,
}

fn report_error(path: &Path, e: impl std::fmt::Display) -> LinkError {
    LinkError::Cache {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// One QuickStatements V1 line: `subject P190 object`, sourced (tab-separated).
pub fn statement(subject: &str, object: &str, reference: &str, date: &str) -> String {
    format!(
        "{subject}\t{}\t{object}\tS{}\t\"{}\"\tS{}\t+{date}T00:00:00Z/11",
        wd::P190_TWINNED,
        &wd::P854_REFERENCE_URL[1..],
        reference.replace('"', "%22"),
        &wd::P813_RETRIEVED[1..],
    )
}

/// The columns of `twinnings.csv`.
pub const HEADER: [&str; 6] = [
    "french_item",
    "partner_item",
    "status",
    "partnerships",
    "atlas_status",
    "wikidata_end",
];

/// The twinnings compared: the rows of `twinnings.csv` (sorted by pair) and the text of
/// `quickstatements.txt`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Comparison {
    /// How many pairs of each kind.
    pub summary: ReportSummary,
    /// One row a pair, in [`HEADER`]'s order.
    pub rows: Vec<[String; 6]>,
    /// The `P190` statements Wikidata lacks, one a line.
    pub quickstatements: String,
}

/// Compares the Atlas's twinnings (in the store, through its links) with Wikidata's (in the
/// cache). `date` is the retrieval date (`YYYY-MM-DD`).
pub fn compare(
    store: &Store,
    path: &Path,
    cache: &Cache,
    date: &str,
) -> Result<Comparison, LinkError> {
    let q = format!(
        "SELECT DISTINCT ?p ?status ?a ?b WHERE {{ GRAPH ?g {{ ?p {} ?fr ; {} ?fp . \
         OPTIONAL {{ ?p {} ?status }} }} GRAPH <{WIKIDATA_LINKS_GRAPH}> {{ ?fr {same} ?a . ?fp {same} ?b }} }}",
        atlas::FRENCH_PARTNER,
        atlas::FOREIGN_PARTNER_PROP,
        atlas::STATUS,
        same = owl::SAME_AS,
    );
    let mut pairs: BTreeMap<(String, String), Pair> = BTreeMap::new();
    for row in store_select(store, path, &q)? {
        let (Some(p), Some(a), Some(b)) = (
            row.get("p"),
            row.get("a").and_then(|a| a.strip_prefix(wd::ENTITY)),
            row.get("b").and_then(|b| b.strip_prefix(wd::ENTITY)),
        ) else {
            continue;
        };
        let pair = pairs.entry((a.to_string(), b.to_string())).or_default();
        pair.partnerships.insert(p.clone());
        if let Some(s) = row.get("status") {
            pair.statuses
                .insert(s.rsplit('/').next().unwrap_or(s).to_string());
        }
    }
    // Every French authority's twins, whether or not the Atlas has the partner.
    for (a, twins) in &cache.twins {
        for t in twins {
            let pair = pairs.entry((a.clone(), t.item.clone())).or_default();
            pair.in_wikidata = true;
            pair.end = t.end.clone();
        }
    }
    let mut out = Comparison::default();
    for ((a, b), pair) in &pairs {
        let status = match (pair.partnerships.is_empty(), pair.in_wikidata) {
            (false, true) => {
                out.summary.both += 1;
                "both"
            }
            (false, false) => {
                out.summary.atlas_only += 1;
                if let Some(reference) = pair.partnerships.first() {
                    for (s, o) in [(a, b), (b, a)] {
                        out.quickstatements
                            .push_str(&statement(s, o, reference, date));
                        out.quickstatements.push('\n');
                    }
                }
                "atlas-only"
            }
            _ => {
                out.summary.wikidata_only += 1;
                "wikidata-only"
            }
        };
        let join = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(" ");
        out.rows.push([
            a.clone(),
            b.clone(),
            status.to_string(),
            join(&pair.partnerships),
            join(&pair.statuses),
            pair.end.clone().unwrap_or_default(),
        ]);
    }
    Ok(out)
}

/// Writes `twinnings.csv` and `quickstatements.txt` into `dir`. `date` is the retrieval date
/// (`YYYY-MM-DD`).
pub fn report(
    store: &Store,
    path: &Path,
    cache: &Cache,
    dir: &Path,
    date: &str,
) -> Result<ReportSummary, LinkError> {
    let comparison = compare(store, path, cache, date)?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(HEADER).map_err(|e| report_error(dir, e))?;
    for row in &comparison.rows {
        csv.write_record(row).map_err(|e| report_error(dir, e))?;
    }
    let table = csv.into_inner().map_err(|e| report_error(dir, e))?;
    std::fs::create_dir_all(dir).map_err(|e| report_error(dir, e))?;
    for (name, bytes) in [
        ("twinnings.csv", table),
        (
            "quickstatements.txt",
            comparison.quickstatements.into_bytes(),
        ),
    ] {
        let target = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).map_err(|e| report_error(&target, e))?;
        std::fs::rename(&tmp, &target).map_err(|e| report_error(&target, e))?;
    }
    Ok(comparison.summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_is_sourced_and_tab_separated() {
        assert_eq!(
            statement(
                "Q37776",
                "Q1748",
                "https://w3id.org/atlas-lod/id/partnership/1",
                "2026-12-05"
            ),
            "Q37776\tP190\tQ1748\tS854\t\"https://w3id.org/atlas-lod/id/partnership/1\"\tS813\t+2026-12-05T00:00:00Z/11"
        );
    }
}
