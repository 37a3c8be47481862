//! The bad-input corpus (`tests/bad-inputs/`, made by `make_cases.py` there) and a few huge
//! inputs made here: each is imported beside the valid examples and the seed, and must give its
//! exact error (record rejected) or warning (record kept), no panic, and every valid record of
//! the same run in the store.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// (file, rejected, the message after `file:`).
const CASES: &[(&str, bool, &str)] = &[
    (
        "amount-dot-thousands.txt",
        false,
        "85: funding: \"30.000\" read as 30\u{a0}000 €: one mark before three digits was read as a thousands separator (euros have at most two decimals)",
    ),
    (
        "amount-eur-word.txt",
        false,
        "84: funding: numbers separated by plain spaces were read as thousands groups; check the split of \"Syndicat intercommunal d’eau de Bordeaux 20 000 15 000 2 500 2014\"",
    ),
    (
        "amount-euro-sign.txt",
        false,
        "84: funding: numbers separated by plain spaces were read as thousands groups; check the split of \"Syndicat intercommunal d’eau de Bordeaux 20 000 15 000 2 500 2014\"",
    ),
    (
        "amount-euros-thin-space.txt",
        false,
        "84: funding: numbers separated by plain spaces were read as thousands groups; check the split of \"Syndicat intercommunal d’eau de Bordeaux 20 000 15 000 2 500 2014\"",
    ),
    (
        "contact-name-without-function.txt",
        false,
        "7: diplomatic_post.contacts: a contact without a function line: its one line was read as a name",
    ),
    (
        "contact-unknown-function.txt",
        false,
        "65: foreign_contacts: no known function word: the first word after the family name was taken as the given name, and the function is kept with --contacts full only (row not quoted: personal data)",
    ),
    (
        "volunteer-two-given-names.txt",
        false,
        "102: volunteers: the columns of this row could not all be told apart: the mission and the raw row are kept with --contacts full only (row not quoted: personal data)",
    ),
    (
        "amount-dotted-thousands.txt",
        true,
        "83: funding: not an amount in euros: \"1,234.567,89\"",
    ),
    (
        "amount-exponent.txt",
        true,
        "85: funding: the row has no amount: \"Agence de l'eau Adour-Garonne 1e9 2014\"",
    ),
    (
        "amount-letters.txt",
        true,
        "85: funding: the row has no amount: \"Agence de l'eau Adour-Garonne trente mille 2014\"",
    ),
    (
        "amount-negative.txt",
        true,
        "1: shacl violation <https://w3id.org/atlas-lod/ontology#amount>: A funding amount cannot be negative.",
    ),
    (
        "contacts-without-names.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "control-characters.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "crlf-and-lf-mixed.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "cut-inside-funding-table.txt",
        false,
        "1: shacl warning <https://w3id.org/atlas-lod/ontology#foreignPartner>: The partnership has no foreign partner.",
    ),
    (
        "cut-inside-partner-table.txt",
        false,
        "41: foreign_partners: no known country ends the row \"Ville de\"; kept as a name without country",
    ),
    (
        "duplicated-title-section.txt",
        false,
        "1: title: the title spans several lines; they were joined",
    ),
    (
        "email-with-spaces.txt",
        false,
        "9: diplomatic_post.contacts: not an e-mail address (not quoted: personal data)",
    ),
    (
        "email-without-at.txt",
        false,
        "9: diplomatic_post.contacts: not an e-mail address (not quoted: personal data)",
    ),
    ("empty.txt", true, "1: file: the input is empty"),
    (
        "end-before-start.txt",
        true,
        "1: shacl violation <https://w3id.org/atlas-lod/ontology#endDate>: The end date (1990-12-31) is before the start year.",
    ),
    (
        "funding-year-missing.txt",
        true,
        "85: funding: the row does not end with a year: \"Agence de l'eau Adour-Garonne 30000\"",
    ),
    (
        "html-in-title.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "html-instead-of-text.txt",
        true,
        "1: title: the page has no title",
    ),
    (
        "impossible-end-date.txt",
        true,
        "20: end_date: impossible date: \"31/02/2018\"",
    ),
    (
        "invalid-utf8.txt",
        false,
        "6: file: this line is not UTF-8 like the rest of the page: read as Windows-1252",
    ),
    (
        "iri-breaking-characters.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "iso-end-date.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "mixed-encodings.txt",
        false,
        "41: file: this line is not UTF-8 like the rest of the page: read as Windows-1252",
    ),
    (
        "no-title-section.txt",
        true,
        "1: title: the page has no title",
    ),
    (
        "nul-bytes.txt",
        true,
        "1: file: the input looks binary (byte 500 is a control character), not a text page",
    ),
    (
        "page-twice.txt",
        false,
        "1: title: the title spans several lines; they were joined",
    ),
    (
        "status-without-value.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "truncated-after-header.txt",
        true,
        "1: title: the page has no title",
    ),
    (
        "truncated-inside-title.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "unknown-country.txt",
        false,
        "41: foreign_partners: no known country ends the row \"Ville de Cuenca Atlantide\"; kept as a name without country",
    ),
    (
        "unknown-kind.txt",
        true,
        "1: shacl violation <https://w3id.org/atlas-lod/ontology#partnershipKind>: The partnership kind is not in its scheme.",
    ),
    (
        "unknown-section.txt",
        true,
        "21: end_date: not a date (expected DD/MM/YYYY): \"Rubrique inconnue\"",
    ),
    (
        "unknown-status.txt",
        true,
        "1: shacl violation <https://w3id.org/atlas-lod/ontology#status>: The status is not in the status scheme (ongoing, finished).",
    ),
    (
        "unknown-theme.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    (
        "utf16-without-bom.txt",
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
    ),
    ("whitespace-only.txt", true, "1: file: the input is empty"),
    (
        "year-far-future.txt",
        true,
        "1: shacl violation <https://w3id.org/atlas-lod/ontology#startYear>: The start year must lie between 1945 and the current year + 10.",
    ),
    (
        "year-two-digits.txt",
        true,
        "8: first_agreement_year: not a year: \"98\"",
    ),
    (
        "year-with-letter.txt",
        true,
        "8: first_agreement_year: not a year: \"20l7\"",
    ),
    (
        "jsonl-array-not-object.jsonl",
        true,
        "1: record: the line is not a JSON object (a record is one object per line)",
    ),
    (
        "jsonl-deep-nesting.jsonl",
        true,
        "1: record: the line is not a JSON object (a record is one object per line)",
    ),
    (
        "jsonl-empty-object.jsonl",
        true,
        "1: source: missing field `source` at line 1 column 2",
    ),
    (
        "jsonl-invalid-json.jsonl",
        true,
        "2: record: EOF while parsing a string at line 1 column 17",
    ),
    (
        "jsonl-trailing-garbage.jsonl",
        true,
        "1: record: trailing characters at line 1 column 3232",
    ),
    (
        "jsonl-truncated-line.jsonl",
        true,
        "1: record: EOF while parsing a string at line 1 column 1622",
    ),
    (
        "jsonl-wrong-types.jsonl",
        true,
        "1: first_agreement_year: invalid type: string \"deux mille\", expected i32 at line 1 column 91",
    ),
];

/// The valid inputs imported beside every case: the seed and three generated records (none
/// of the cases is derived from them, so no case shares their record identifiers).
fn valid_inputs(dir: &Path) -> Vec<PathBuf> {
    let records = dir.join("valid.jsonl");
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["generate", "--count", "3", "--seed", "99", "-o"])
        .arg(&records)
        .output()
        .expect("generate runs");
    assert!(o.status.success());
    vec![common::seed_path(), records]
}

const VALID_RECORDS: usize = 4;

/// Imports `case` with the valid inputs; returns (exit code, stderr, partnerships stored).
fn import(case: &Path, dir: &Path) -> (i32, String, usize) {
    let store = dir.join("store");
    // Relative cases are read from the repository, the folder the command runs in.
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .current_dir(common::repo_path("."))
        .arg("import")
        .arg(case)
        .args(valid_inputs(dir))
        .arg("--store")
        .arg(&store)
        .arg("--verbose")
        .output()
        .expect("import runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "{}: panic\n{stderr}",
        case.display()
    );
    let st = atlas_lod::store::open_read_only(&store).expect("the store opens");
    let n = common::one(
        &st,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> } }",
    );
    (o.status.code().unwrap_or(-1), stderr, n.parse().unwrap())
}

/// `kept`: how many records of the case itself end up in the store.
fn check(case: &Path, rejected: bool, message: &str, kept: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr, stored) = import(case, dir.path());
    let line = format!(
        "{}{}:{message}",
        if rejected { "error: " } else { "" },
        case.display()
    );
    assert!(
        stderr.lines().any(|l| l == line),
        "{}: expected the line\n{line}\nin\n{stderr}",
        case.display()
    );
    assert_eq!(
        code,
        if rejected { 1 } else { 0 },
        "{}: exit code\n{stderr}",
        case.display()
    );
    let expected = VALID_RECORDS + kept;
    assert_eq!(
        stored,
        expected,
        "{}: partnerships stored\n{stderr}",
        case.display()
    );
}

#[test]
fn corpus_cases_give_their_message_and_lose_nothing_valid() {
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    let dir = common::repo_path("tests/bad-inputs");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".jsonl"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every file of the corpus has its expectation"
    );
    for (file, rejected, message) in CASES {
        // A page is one record; a JSON Lines case may hold one good record before its bad line.
        let good = if file.ends_with(".jsonl") {
            let text = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
            usize::from(text.lines().count() > 1)
        } else {
            usize::from(!rejected)
        };
        // Cases are relative paths, as people type them, so the messages name them so.
        let rel = Path::new("tests/bad-inputs").join(file);
        check(&rel, *rejected, message, good);
    }
}

#[test]
fn huge_inputs_are_refused_without_exhausting_memory() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::fs::read_to_string(common::repo_path("examples/pages/jumelage-cuenca.txt")).unwrap();
    let funded =
        std::fs::read_to_string(common::repo_path("examples/pages/eau-dogbo.txt")).unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let title = "Jumelage Ville de Besançon – Cuenca";
    // A title of 100 KB.
    let long_title = "Jumelage ".repeat(100_000 / 9);
    let p = write("title-100kb.txt", &base.replacen(title, &long_title, 1));
    check(
        &p,
        true,
        &format!(
            "5: title: {} characters: longer than the 1000 a title may have",
            long_title.trim().chars().count()
        ),
        0,
    );
    // A 1 MB line in a text section: kept, it is text.
    let p = write(
        "line-1mb.txt",
        &base.replacen("Deux villes", &"Deux villes ".repeat(90_000), 1),
    );
    check(
        &p,
        false,
        "1: shacl warning <http://purl.org/dc/terms/description>: The partnership has no detailed description.",
        1,
    );
    // 20,000 funding rows: not a page.
    let row = "Ministère de l'Europe et des Affaires étrangères 12 500 2013\n";
    let at = funded
        .find("Ministère de l'Europe et des Affaires étrangères 12 500 2013")
        .unwrap();
    let many = format!("{}{}{}", &funded[..at], row.repeat(20_000), &funded[at..]);
    let p = write("funding-20000-rows.txt", &many);
    check(
        &p,
        true,
        "78: funding: 20004 rows in one section: more than the 10000 a page may hold",
        0,
    );
    // A million funding rows (37 MB) and a 50 MB page: refused by size, before reading them.
    let million = format!(
        "{}{}{}",
        &funded[..at],
        row.repeat(1_000_000),
        &funded[at..]
    );
    let p = write("funding-million-rows.txt", &million);
    check(
        &p,
        true,
        "1: file: larger than the 10 MiB a page may be (an Atlas page is a few tens of KB)",
        0,
    );
    let p = write(
        "page-50mb.txt",
        &base.replacen("Deux villes", &"x".repeat(50 << 20), 1),
    );
    check(
        &p,
        true,
        "1: file: larger than the 10 MiB a page may be (an Atlas page is a few tens of KB)",
        0,
    );
    // A 50 MB JSON line between two good records: that line only is refused.
    let good =
        std::fs::read_to_string(common::repo_path("examples/records/generated.jsonl")).unwrap();
    let first = good.lines().next().unwrap();
    let second = good.lines().nth(1).unwrap();
    let huge = format!(
        "{first}\n{{\"title\": \"{}\"}}\n{second}\n",
        "x".repeat(50 << 20)
    );
    let p = write("records-50mb-line.jsonl", &huge);
    check(
        &p,
        true,
        "2: record: the line is longer than the 10 MiB a record may be",
        2,
    );
}

/// The table cases (`tests/bad-inputs/tables/`): a ragged row of a joined table rejects its
/// partnership, a joined row whose id matches no partnership is named, the rest is stored.
#[test]
fn table_cases_name_their_rows_and_lose_nothing_valid() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .current_dir(common::repo_path("."))
        .arg("import")
        .arg("tests/bad-inputs/tables/partnerships.csv")
        .args(valid_inputs(dir.path()))
        .args([
            "--mapping",
            "tests/bad-inputs/tables/mapping.toml",
            "--store",
        ])
        .arg(&store)
        .output()
        .expect("import runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "error: tests/bad-inputs/tables/funding.csv:9: row: the row has 3 cells, the header 4: a delimiter or a quote is amiss",
            "error: tests/bad-inputs/tables/funding.csv:10: key: column \"Identifiant\": \"ATL-1999-0001\" is the key of no partnership of tests/bad-inputs/tables/partnerships.csv",
        ],
        "{stderr}"
    );
    let st = atlas_lod::store::open_read_only(&store).expect("the store opens");
    let n = common::one(
        &st,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a atlas:Partnership } }",
    );
    assert_eq!(
        n,
        (VALID_RECORDS + 2).to_string(),
        "two table partnerships and every valid record"
    );
}

/// The amount forms of the corpus are read to the amount they say.
#[test]
fn amount_cases_read_the_amount_they_say() {
    for (case, amount) in [
        ("amount-euro-sign.txt", "30000"),
        ("amount-eur-word.txt", "30000"),
        ("amount-euros-thin-space.txt", "30000"),
        ("amount-dot-thousands.txt", "30000"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
            .args(["convert", "--to", "ntriples"])
            .arg(common::repo_path(&format!("tests/bad-inputs/{case}")))
            .output()
            .expect("convert runs");
        assert!(o.status.success(), "{case}");
        let out = String::from_utf8_lossy(&o.stdout);
        let expected = format!(
            "/funding/agence-de-l-eau-adour-garonne/2014> <https://w3id.org/atlas-lod/ontology#amount> \"{amount}\"^^<http://www.w3.org/2001/XMLSchema#decimal>"
        );
        assert!(out.contains(&expected), "{case}: {out}");
    }
}
