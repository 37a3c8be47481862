//! The review file of foreign partners' places (`places-review.csv`): one row a partner, what
//! was decided and the candidates. A person writes a QID (or `none`) in `wikidata` and
//! `reviewed` in `decision`; the next run reads the file first, and a reviewed row wins over
//! the service. Rewritten whole at each run, sorted by partner, so the same answers give the
//! same bytes.

use super::reconcile::{Candidate, is_qid};
use super::wikidata::LinkError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What was decided for one partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Linked by the decision rule.
    Auto,
    /// Linked through a twinning Wikidata states.
    Twinned,
    /// A person's decision: always wins.
    Reviewed,
    /// Several candidates, none clearly ahead: not linked, to review.
    Ambiguous,
    /// No candidate in the country, or not a place: not linked.
    None,
}

impl Decision {
    /// The word in the file and in `atlas:linkMethod`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Auto => "auto",
            Decision::Twinned => "twinned",
            Decision::Reviewed => "reviewed",
            Decision::Ambiguous => "ambiguous",
            Decision::None => "none",
        }
    }
}

/// One row of the review file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The partner's IRI (the key).
    pub partner: String,
    /// Its name as the Atlas writes it.
    pub name: String,
    /// Its country (ISO 3166-1 alpha-2).
    pub country: String,
    /// What was decided.
    pub decision: Decision,
    /// The item linked (`Q1748`), `none`, or empty.
    pub wikidata: String,
    /// The score of the item linked, when the service gave one.
    pub score: String,
    /// The day of the decision.
    pub date: String,
    /// Why (for a person reading the file).
    pub note: String,
    /// The candidates: `QID | label | description | score`, separated by ` ; `.
    pub candidates: String,
}

impl Row {
    /// The item this row links to, if any.
    pub fn item(&self) -> Option<&str> {
        match self.decision {
            Decision::Auto | Decision::Twinned | Decision::Reviewed if is_qid(&self.wikidata) => {
                Some(&self.wikidata)
            }
            _ => None,
        }
    }
}

/// The candidates' cell.
pub fn candidates_cell(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(|c| {
            let clean = |s: &str| s.replace([';', '|', '\n', '\r'], " ");
            format!(
                "{} | {} | {} | {:.2}",
                c.id,
                clean(&c.name),
                clean(&c.description),
                c.score
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

fn review_error(path: &Path, message: String) -> LinkError {
    LinkError::Review {
        path: path.display().to_string(),
        message,
    }
}

/// Reads the review file (keyed by partner); a missing file is empty. A reviewed row whose
/// `wikidata` is neither a QID, `none` nor empty is an error naming its line.
pub fn load(path: &Path) -> Result<BTreeMap<String, Row>, LinkError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(review_error(path, e.to_string())),
    };
    let mut reader = csv::Reader::from_reader(file);
    // A file that is not a review file (empty, another table) is a mistake of the command,
    // not a review without decisions: its header names every column.
    let header = reader
        .headers()
        .map_err(|e| review_error(path, e.to_string()))?
        .clone();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .filter(|c| !header.iter().any(|h| h == **c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(review_error(
            path,
            format!(
                "not a review file: its first line lacks the column(s) {} (a review file starts with the line {})",
                missing.join(", "),
                COLUMNS.join(",")
            ),
        ));
    }
    let mut out = BTreeMap::new();
    for (i, row) in reader.deserialize::<Row>().enumerate() {
        let mut row = row.map_err(|e| review_error(path, e.to_string()))?;
        row.wikidata = row.wikidata.trim().to_string();
        if row.decision == Decision::Reviewed
            && !(row.wikidata.is_empty() || row.wikidata == "none" || is_qid(&row.wikidata))
        {
            return Err(review_error(
                path,
                format!(
                    "line {}: wikidata {:?} is neither an item (Q...) nor none",
                    i + 2,
                    row.wikidata
                ),
            ));
        }
        out.insert(row.partner.clone(), row);
    }
    Ok(out)
}

/// The columns of the file, in order: the fields of [`Row`].
pub const COLUMNS: [&str; 9] = [
    "partner",
    "name",
    "country",
    "decision",
    "wikidata",
    "score",
    "date",
    "note",
    "candidates",
];

/// Writes the review file, sorted by partner, through a temporary file (a failed run leaves
/// the previous file whole).
pub fn save(path: &Path, rows: &BTreeMap<String, Row>) -> Result<(), LinkError> {
    // The header is written by hand: a run without partners still writes a review file.
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(COLUMNS)
        .map_err(|e| review_error(path, e.to_string()))?;
    for row in rows.values() {
        w.serialize(row)
            .map_err(|e| review_error(path, e.to_string()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| review_error(path, e.to_string()))?;
    let tmp = path.with_extension("csv.tmp");
    std::fs::write(&tmp, bytes).map_err(|e| review_error(path, e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| review_error(path, e.to_string()))
}
