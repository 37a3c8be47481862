//! Tables through a column mapping (`--from csv --mapping`): the same partnership read from an
//! Atlas page, a JSON line and a table row gives the same RDF; encodings and delimiters are
//! detected; bad tables give errors naming the file, the line and the column, and the good
//! rows still go through.

use crate::common;

use atlas_lod::ingest::mapping::Mapping;
use atlas_lod::ingest::{Input, InputFormat, Reading, Records};
use atlas_lod::model::Record;
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::hash::content_hash;
use atlas_lod::rdf::map::redact_and_map;
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
            ids: None,
        },
    )
}

/// Content hash of each record's RDF, by title.
fn hashes(records: &[Record]) -> BTreeMap<String, String> {
    let options = MapOptions::default();
    records
        .iter()
        .map(|r| {
            (
                r.title.clone(),
                content_hash(&redact_and_map(&options, r.clone())),
            )
        })
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
        content_hash(&redact_and_map(&MapOptions::default(), changed.clone())),
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

fn mapping_at(path: &str) -> Arc<Mapping> {
    match Mapping::load(&common::repo_path(path)) {
        Ok(m) => Arc::new(m),
        Err(e) => panic!("{e}"),
    }
}

fn table_with(path: &Path, mapping: Arc<Mapping>) -> (Vec<Record>, Vec<String>) {
    read(
        vec![Input::File(path.to_path_buf())],
        Reading {
            format: InputFormat::Csv,
            mapping: Some(mapping),
            authorities: None,
            ids: None,
        },
    )
}

/// Content hashes of records, in order.
fn hash_list(records: &[Record]) -> Vec<String> {
    let options = MapOptions::default();
    records
        .iter()
        .map(|r| content_hash(&redact_and_map(&options, r.clone())))
        .collect()
}

#[test]
fn long_form_rows_make_one_partnership_each() {
    let (records, errors) = table_with(
        &common::repo_path("examples/csv-long/partnerships.csv"),
        mapping_at("examples/csv-long/mapping.toml"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(records.len(), 3);
    assert_eq!(records.iter().map(|r| r.funding.len()).sum::<usize>(), 7);
    let tours = &records[0];
    assert_eq!(tours.atlas_id.as_deref(), Some("ATL-2019-0412"));
    assert_eq!(
        tours.title,
        "Jumelage Tours – Mülheim an der Ruhr : échanges de jeunes"
    );
    assert_eq!(tours.source.line, 2);
    assert_eq!(
        tours.foreign_partners.len(),
        1,
        "repeated cells are one partner"
    );
    assert_eq!(tours.foreign_partners[0].country.as_deref(), Some("DE"));
    let amounts: Vec<(String, i32, i64)> = tours
        .funding
        .iter()
        .map(|f| (f.funder.clone(), f.year, f.amount.cents()))
        .collect();
    assert_eq!(
        amounts,
        [
            ("Ville de Tours".to_string(), 2019, 1_250_050),
            (
                "Ministère de l'Europe et des Affaires étrangères".to_string(),
                2019,
                500_000
            ),
            ("Ville de Tours".to_string(), 2020, 800_000),
        ]
    );
    assert!(tours.warnings.is_empty(), "{:?}", tours.warnings);
}

#[test]
fn two_files_joined_by_the_id_give_the_long_form_partnerships() {
    let (long, errors) = table_with(
        &common::repo_path("examples/csv-long/partnerships.csv"),
        mapping_at("examples/csv-long/mapping.toml"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let (joined, errors) = table_with(
        &common::repo_path("examples/csv-joined/partnerships.csv"),
        mapping_at("examples/csv-joined/mapping.toml"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(joined.len(), 3);
    assert_eq!(joined.iter().map(|r| r.funding.len()).sum::<usize>(), 7);
    assert_eq!(hash_list(&long), hash_list(&joined));
    // The folder walk reads the joined table through the main one, not on its own.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["convert", "--to", "ntriples", "--mapping"])
        .arg(common::repo_path("examples/csv-joined/mapping.toml"))
        .arg(common::repo_path("examples/csv-joined"))
        .output()
        .expect("convert runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("converted 3 record(s)"), "{err}");
}

/// A long-form table written into `dir` from rows of cells (the first is the header).
fn long_table(dir: &Path, name: &str, rows: &[&[&str]]) -> PathBuf {
    let text: String = rows.iter().map(|r| r.join(";") + "\n").collect();
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write table");
    path
}

const LONG_HEADER: &[&str] = &[
    "Identifiant",
    "Intitulé du projet",
    "Collectivité française",
    "Partenaire étranger",
    "Pays",
    "Thématique",
    "Année de début",
    "Statut",
    "Description",
    "Financeur",
    "Montant",
    "Année",
];

fn long_mapping(dir: &Path) -> Arc<Mapping> {
    let text = std::fs::read_to_string(common::repo_path("examples/csv-long/mapping.toml"))
        .expect("mapping")
        .replace("encoding = \"windows-1252\"", "encoding = \"utf-8\"");
    let path = dir.join("mapping.toml");
    std::fs::write(&path, text).expect("write mapping");
    Arc::new(Mapping::load(&path).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn rows_of_one_partnership_must_agree() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = long_table(
        dir.path(),
        "conflict.csv",
        &[
            LONG_HEADER,
            &[
                "A1",
                "Projet A",
                "Ville de Tours",
                "Ville de Mülheim",
                "Allemagne",
                "Gouvernance",
                "2019",
                "En cours",
                "",
                "Ville de Tours",
                "100",
                "2019",
            ],
            &[
                "A1",
                "Projet A",
                "Ville de Tours",
                "Ville de Mülheim",
                "Allemagne",
                "Gouvernance",
                "2019",
                "Terminé",
                "",
                "Ville de Tours",
                "200",
                "2020",
            ],
            &[
                "B2",
                "Projet B",
                "Ville de Tours",
                "Commune de Dogbo",
                "Bénin",
                "Gouvernance",
                "2014",
                "Terminé",
                "",
                "Ville de Tours",
                "300",
                "2014",
            ],
        ],
    );
    let (records, errors) = table_with(&path, long_mapping(dir.path()));
    assert_eq!(records.len(), 1, "the other partnership is read");
    assert_eq!(records[0].title, "Projet B");
    assert_eq!(
        errors,
        [format!(
            "{}:3: status: \"Terminé\" here but \"En cours\" on line 2: the rows of one partnership must agree",
            path.display()
        )]
    );
}

#[test]
fn an_unsorted_table_is_grouped_with_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let row = |id: &str, title: &str, amount: &str, year: &str| -> Vec<String> {
        [
            id,
            title,
            "Ville de Tours",
            "Ville de Mülheim",
            "Allemagne",
            "Gouvernance",
            "2019",
            "En cours",
            "",
            "Ville de Tours",
            amount,
            year,
        ]
        .map(String::from)
        .to_vec()
    };
    let rows = [
        row("A1", "Projet A", "100", "2019"),
        row("B2", "Projet B", "300", "2019"),
        row("A1", "Projet A", "1 200,50", "2020"),
        row("B2", "Projet B", "400", "2020"),
    ];
    let as_refs = |order: &[usize]| -> Vec<Vec<&str>> {
        let mut v = vec![LONG_HEADER.to_vec()];
        v.extend(
            order
                .iter()
                .map(|&i| rows[i].iter().map(String::as_str).collect::<Vec<_>>()),
        );
        v
    };
    let unsorted_rows = as_refs(&[0, 1, 2, 3]);
    let unsorted: Vec<&[&str]> = unsorted_rows.iter().map(Vec::as_slice).collect();
    let sorted_rows = as_refs(&[0, 2, 1, 3]);
    let sorted: Vec<&[&str]> = sorted_rows.iter().map(Vec::as_slice).collect();
    let mapping = long_mapping(dir.path());
    let (a, errors) = table_with(
        &long_table(dir.path(), "unsorted.csv", &unsorted),
        mapping.clone(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let (b, errors) = table_with(&long_table(dir.path(), "sorted.csv", &sorted), mapping);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].funding.len(), 2);
    assert_eq!(a[0].funding[1].amount.cents(), 120_050);
    assert_eq!(hash_list(&a), hash_list(&b));
    let note = &a[0].warnings;
    assert_eq!(note.len(), 1, "{note:?}");
    assert_eq!(note[0].field, "table");
    assert!(
        note[0].message.starts_with("the rows of one partnership are not next to each other (lines 2 and 4): the table was grouped in memory, 4 rows holding ")
            && note[0].message.contains(" KiB"),
        "{note:?}"
    );
    assert!(
        b.iter().all(|r| r.warnings.is_empty()),
        "a sorted table reads without a note"
    );
}

#[test]
fn orphan_and_ragged_rows_of_a_joined_table_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["partnerships.csv", "mapping.toml"] {
        std::fs::copy(
            common::repo_path(&format!("examples/csv-joined/{f}")),
            dir.path().join(f),
        )
        .expect("copy");
    }
    let funding = std::fs::read_to_string(common::repo_path("examples/csv-joined/funding.csv"))
        .expect("funding");
    let funding = format!(
        "{funding}ATL-1999-0001;Ville de Nulle Part;1 000;1999\nATL-2014-0077;Département de la Gironde;2015\n"
    );
    std::fs::write(dir.path().join("funding.csv"), funding).expect("write");
    let mapping =
        Arc::new(Mapping::load(&dir.path().join("mapping.toml")).unwrap_or_else(|e| panic!("{e}")));
    let (records, errors) = table_with(&dir.path().join("partnerships.csv"), mapping);
    let funding = dir.path().join("funding.csv").display().to_string();
    assert_eq!(
        records.len(),
        2,
        "the partnership with a ragged row is rejected, the others read"
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{funding}:10: row: the row has 3 cells, the header 4"
        )),
        "{errors:?}"
    );
    assert_eq!(
        errors[1],
        format!(
            "{funding}:9: key: column \"Identifiant\": \"ATL-1999-0001\" is the key of no partnership of {}",
            dir.path().join("partnerships.csv").display()
        )
    );
    // A missing joined file is an input that cannot be read: exit 2.
    std::fs::remove_file(dir.path().join("funding.csv")).expect("remove");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["convert", "--mapping"])
        .arg(dir.path().join("mapping.toml"))
        .arg(dir.path().join("partnerships.csv"))
        .output()
        .expect("convert runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{funding}: No such file")), "{err}");
}

#[test]
fn pages_records_and_every_table_shape_give_the_same_rdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generate = |to: &str, out: &Path| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
            .args(["generate", "--count", "60", "--seed", "7", "--to", to, "-o"])
            .arg(out)
            .output()
            .expect("generate runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let jsonl = dir.path().join("records.jsonl");
    generate("records-jsonl", &jsonl);
    let (records, errors) = read(vec![Input::File(jsonl)], InputFormat::Jsonl.into());
    assert!(errors.is_empty(), "{errors:?}");
    let reference = hash_list(&records);
    assert_eq!(reference.len(), 60);

    let pages = dir.path().join("pages");
    generate("atlas-text", &pages);
    let (inputs, errors) = atlas_lod::ingest::expand(&[pages.display().to_string()]);
    assert!(errors.is_empty());
    let (from_pages, errors) = read(inputs, InputFormat::AtlasText.into());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(hash_list(&from_pages), reference, "pages");

    for shape in ["csv-long", "csv-joined"] {
        let out = dir.path().join(shape);
        generate(shape, &out);
        let mapping =
            Arc::new(Mapping::load(&out.join("mapping.toml")).unwrap_or_else(|e| panic!("{e}")));
        let (from_table, errors) = table_with(&out.join("partnerships.csv"), mapping);
        assert!(errors.is_empty(), "{shape}: {errors:?}");
        let got = hash_list(&from_table);
        assert_eq!(got.len(), reference.len(), "{shape}");
        for (i, (a, b)) in got.iter().zip(&reference).enumerate() {
            assert_eq!(
                a, b,
                "{shape}: record {i} differs:\n{:?}\nvs\n{:?}",
                from_table[i], records[i]
            );
        }
    }
}
