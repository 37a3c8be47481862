//! `--ids FILE`: the Atlas ids of inputs that do not carry theirs. A CSV file with a header and
//! two columns: the input (its path as given, its file name, or `file:line` for one record of
//! a file) and the Atlas id.

use std::collections::BTreeMap;
use std::path::Path;

/// Why the ids file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("ids file {file}{}: {message}", at_line(*.line))]
pub struct IdsError {
    /// The file.
    pub file: String,
    /// The line (0: the whole file).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// `:LINE`, or nothing for the whole file (an error opening it names no line).
fn at_line(line: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

/// Reads the ids file: input -> Atlas id. Two rows for one input with different ids are an
/// error (which one would be right cannot be told).
pub fn load(path: &Path) -> Result<BTreeMap<String, String>, IdsError> {
    let file = path.display().to_string();
    let err = |line: u64, message: String| IdsError {
        file: file.clone(),
        line,
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    // The header says what the file is: without it, its first row would be taken for one.
    let header = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
    if header.len() != 2
        || !header
            .get(1)
            .is_some_and(|h| h.trim().eq_ignore_ascii_case("atlas_id"))
    {
        return Err(err(
            1,
            "the first line is the header input,atlas_id (this file has none, or another)".into(),
        ));
    }
    let mut out = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| err(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = row.position().map_or(0, |p| p.line());
        let (Some(input), Some(id)) = (row.get(0), row.get(1)) else {
            return Err(err(line, "expected two columns: input, atlas_id".into()));
        };
        let (input, id) = (input.trim(), id.trim());
        if input.is_empty() || id.is_empty() {
            return Err(err(line, "an empty input or Atlas id".into()));
        }
        if !crate::model::is_atlas_id(id) {
            return Err(err(line, crate::model::ATLAS_ID_RULE.into()));
        }
        if let Some(other) = out.insert(input.to_string(), id.to_string())
            && other != id
        {
            return Err(err(
                line,
                format!("{input} has two Atlas ids ({other} and {id})"),
            ));
        }
    }
    if out.is_empty() {
        return Err(err(0, "no ids: the file has its header and no row".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<BTreeMap<String, String>, IdsError> {
        let dir = tempfile::tempdir().map_err(|e| IdsError {
            file: String::new(),
            line: 0,
            message: e.to_string(),
        })?;
        let path = dir.path().join("ids.csv");
        std::fs::write(&path, text).map_err(|e| IdsError {
            file: String::new(),
            line: 0,
            message: e.to_string(),
        })?;
        load(&path)
    }

    #[test]
    fn an_ids_file_says_what_it_is_and_holds_ids() {
        let ok = load_text("input,atlas_id\na.txt,4242\nb.csv:3,ATL-2019-0412\n");
        assert_eq!(ok.map(|m| m.len()).ok(), Some(2));
        for (text, says) in [
            ("", "header"),
            ("a.txt,4242\n", "header"),
            ("input,atlas_id\n", "no ids"),
            ("input,atlas_id\na.txt,-5\n", "not an Atlas id"),
            ("input,atlas_id\na.txt,x@y.fr\n", "not an Atlas id"),
            ("input,atlas_id\na.txt,Jean Dupont\n", "not an Atlas id"),
        ] {
            match load_text(text) {
                Ok(m) => panic!("{text:?} accepted: {m:?}"),
                Err(e) => assert!(e.to_string().contains(says), "{text:?}: {e}"),
            }
        }
    }
}
