//! Tables through a column mapping (`--from csv --mapping`): the same partnership read from an
//! Atlas page, a JSON line and a table row gives the same RDF; encodings and delimiters are
//! detected; bad tables give errors naming the file, the line and the column, and the good
//! rows still go through.

mod common;

use atlas_lod::ingest::mapping::Mapping;
use atlas_lod::ingest::{Input, InputFormat, Reading, Records};
use atlas_lod::model::Record;
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::hash::content_hash;
use atlas_lod::rdf::map::map_record;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn mapping() -> Arc<Mapping> {
    match Mapping::load(&common::repo_path("examples/csv/mapping.toml")) {
        Ok(m) => Arc::new(m),
        Err(e) => panic!("{e}"),
    }
}

/// Every record of `inputs` read as `reading`, or every error message.
fn read(inputs: Vec<Input>, reading: Reading) -> (Vec<Record>, Vec<String>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for item in Records::new(inputs, reading) {
        match item {
            Ok(r) => records.push(r),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (records, errors)
}

fn table(path: &Path) -> (Vec<Record>, Vec<String>) {
    read(
        vec![Input::File(path.to_path_buf())],
        Reading {
            format: InputFormat::Csv,
            mapping: Some(mapping()),
            authorities: None,
        },
    )
}

/// Content hash of each record's RDF, by title.
fn hashes(records: &[Record]) -> BTreeMap<String, String> {
    let options = MapOptions::default();
    records
        .iter()
        .map(|r| (r.title.clone(), content_hash(&map_record(&options, r))))
        .collect()
}

fn pages() -> Vec<Input> {
    let mut inputs = vec![Input::File(common::seed_path())];
    for p in [
        "examples/pages/eau-dogbo.txt",
        "examples/pages/jumelage-cuenca.txt",
    ] {
        inputs.push(Input::File(common::repo_path(p)));
    }
    inputs
}

#[test]
fn page_jsonl_and_table_give_the_same_rdf() {
    let (from_pages, errors) = read(pages(), InputFormat::AtlasText.into());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(from_pages.len(), 3);

    let dir = tempfile::tempdir().expect("temp dir");
    let jsonl = dir.path().join("records.jsonl");
    let lines: Vec<String> = from_pages
        .iter()
        .map(|r| serde_json::to_string(r).expect("serialisable record"))
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).expect("write jsonl");
    let (from_jsonl, errors) = read(vec![Input::File(jsonl)], InputFormat::Jsonl.into());
    assert!(errors.is_empty(), "{errors:?}");

    let (from_table, errors) = table(&common::repo_path("examples/csv/partnerships.csv"));
    assert!(errors.is_empty(), "{errors:?}");

    let (a, b, c) = (
        hashes(&from_pages),
        hashes(&from_jsonl),
        hashes(&from_table),
    );
    assert_eq!(a.len(), 3, "three distinct partnerships: {a:?}");
    assert_eq!(a, b, "page vs JSON Lines");
    assert_eq!(a, c, "page vs table row");
    // The hash ignores only where a record was read: a changed field changes it.
    let mut changed = from_table[0].clone();
    changed.funding[0].amount = "5258".parse().expect("amount");
    assert_ne!(
        content_hash(&map_record(&MapOptions::default(), &changed)),
        c[&changed.title]
    );
}

/// The example table rewritten with another delimiter and encoding.
fn rewrite(dir: &Path, name: &str, delimiter: u8, windows_1252: bool) -> PathBuf {
    let text = std::fs::read_to_string(common::repo_path("examples/csv/partnerships.csv"))
        .expect("example table");
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    for row in reader.records() {
        writer.write_record(&row.expect("row")).expect("write row");
    }
    let out = String::from_utf8(writer.into_inner().expect("flush")).expect("utf-8");
    let bytes = if windows_1252 {
        let (b, _, lossy) = encoding_rs::WINDOWS_1252.encode(&out);
        assert!(
            !lossy,
            "every character of the example exists in Windows-1252"
        );
        b.into_owned()
    } else {
        out.into_bytes()
    };
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write table");
    path
}

#[test]
fn delimiters_and_encodings_are_detected() {
    let (reference, _) = table(&common::repo_path("examples/csv/partnerships.csv"));
    let reference = hashes(&reference);
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, delimiter, cp1252) in [
        ("comma-utf8.csv", b',', false),
        ("tab-cp1252.tsv", b'\t', true),
        ("semicolon-cp1252.csv", b';', true),
    ] {
        let path = rewrite(dir.path(), name, delimiter, cp1252);
        let (records, errors) = table(&path);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(hashes(&records), reference, "{name}");
    }
}

/// The example table with its header and rows edited by `edit` (cells split on `;`).
fn edited(dir: &Path, name: &str, edit: impl Fn(&mut Vec<Vec<String>>)) -> PathBuf {
    let text = std::fs::read_to_string(common::repo_path("examples/csv/partnerships.csv"))
        .expect("example table");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    edit(&mut rows);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for row in &rows {
        writer.write_record(row).expect("write row");
    }
    let path = dir.join(name);
    std::fs::write(&path, writer.into_inner().expect("flush")).expect("write table");
    path
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn bad_cells_reject_their_row_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = edited(dir.path(), "bad-year.csv", |rows| {
        let c = column(rows, "Année de début");
        rows[2][c] = "20x3".into();
    });
    let (records, errors) = table(&path);
    assert_eq!(records.len(), 2, "the two good rows go through");
    assert_eq!(
        errors,
        [format!(
            "{}:29: start_year: column \"Année de début\": not a year: \"20x3\"",
            path.display()
        )]
    );

    let path = edited(dir.path(), "bad-amount.csv", |rows| {
        let c = column(rows, "Financeur 1 montant 2017");
        rows[1][c] = "cinq mille".into();
    });
    let (records, errors) = table(&path);
    assert_eq!(records.len(), 2);
    assert_eq!(
        errors,
        [format!(
            "{}:2: funding: column \"Financeur 1 montant 2017\": not an amount in euros: \"cinq mille\"",
            path.display()
        )]
    );

    let path = edited(dir.path(), "amount-without-funder.csv", |rows| {
        let c = column(rows, "Financeur 1");
        rows[3][c] = String::new();
        let a = column(rows, "Financeur 1 montant 2013");
        rows[3][a] = "100".into();
    });
    let (records, errors) = table(&path);
    assert_eq!(records.len(), 2);
    assert_eq!(
        errors,
        [format!(
            "{}:30: funding: column \"Financeur 1\": empty, but \"Financeur 1 montant 2013\" has an amount",
            path.display()
        )]
    );

    let path = edited(dir.path(), "bad-boolean.csv", |rows| {
        let c = column(rows, "Triennal");
        rows[1][c] = "peut-être".into();
    });
    let (_, errors) = table(&path);
    assert_eq!(
        errors,
        [format!(
            "{}:2: triennial: column \"Triennal\": not a yes/no value (oui/non, true/false, 1/0): \"peut-être\"",
            path.display()
        )]
    );

    let path = edited(dir.path(), "pairs.csv", |rows| {
        let c = column(rows, "Pays");
        rows[2][c] = "Bénin | Togo | Ghana".into();
    });
    let (records, errors) = table(&path);
    assert_eq!(records.len(), 2);
    assert_eq!(
        errors,
        [format!(
            "{}:29: foreign_partner_countries: column \"Pays\": 3 items for 2 names: the lists must pair one to one",
            path.display()
        )]
    );
}

#[test]
fn ragged_rows_and_missing_headers_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = edited(dir.path(), "ragged.csv", |rows| {
        rows[2].truncate(10);
    });
    let (records, errors) = table(&path);
    assert_eq!(records.len(), 2, "the other rows go through");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{}:29: row: the row has 10 cells, the header ",
            path.display()
        )),
        "{errors:?}"
    );

    let path = edited(dir.path(), "no-title-column.csv", |rows| {
        let c = column(rows, "Titre");
        rows[0][c] = "Intitulé".into();
    });
    let (records, errors) = table(&path);
    assert!(
        records.is_empty(),
        "a mapping that does not fit the header reads nothing"
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    let prefix = format!(
        "{}:1: header: mapping {}: columns.title names column \"Titre\", which the header does not have (the header's columns: \"Intitulé\"",
        path.display(),
        common::repo_path("examples/csv/mapping.toml").display()
    );
    assert!(
        errors[0].starts_with(&prefix),
        "{}\nvs\n{prefix}",
        errors[0]
    );

    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").expect("write");
    let (_, errors) = table(&empty);
    assert_eq!(
        errors,
        [format!("{}:1: file: the input is empty", empty.display())]
    );

    let headless = dir.path().join("headless.csv");
    std::fs::write(&headless, "La Beauté connectée;2017;En cours\n").expect("write");
    let (_, errors) = table(&headless);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(":1: header: mapping") && errors[0].contains("\"La Beauté connectée\""),
        "{errors:?}"
    );

    let (_, errors) = read(
        vec![Input::File(common::repo_path(
            "examples/csv/partnerships.csv",
        ))],
        InputFormat::Auto.into(),
    );
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].ends_with(
            "a table needs a column mapping (--mapping FILE.toml; see examples/csv/mapping.toml)"
        ),
        "{errors:?}"
    );
}

#[test]
fn the_cli_reads_a_table_and_attaches_authority_codes() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["convert", "--to", "ntriples", "--mapping"])
        .arg(common::repo_path("examples/csv/mapping.toml"))
        .arg("--authorities")
        .arg(common::repo_path("examples/authorities.csv"))
        .arg(common::repo_path("examples/csv/partnerships.csv"))
        .output()
        .expect("run atlas-lod");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("<https://w3id.org/atlas-lod/ontology#siren> \"223300015\""),
        "the Gironde's SIREN is attached"
    );
    assert!(stdout.contains("<https://w3id.org/atlas-lod/ontology#inseeCode> \"33\""));
    assert!(
        stderr.contains("authorities: 3 French partners matched, 1 unmatched, 0 ambiguous"),
        "{stderr}"
    );
}
