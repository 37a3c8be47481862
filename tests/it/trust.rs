//! A publication people can trust: no silent loss when an input is missing, no personal data
//! unless asked for on any path (import, serve, publish, warnings, guessed name splits), real
//! amount forms read, shapes that agree with an independent validator on the published data
//! and vocabulary, and a catalogue that meets the recommended DCAT-AP shapes.

use crate::common;

use atlas_lod::validate::{Severity, Validator};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("atlas-lod runs")
}

/// Runs `atlas-lod` with string-like arguments.
macro_rules! atlas {
    ($($a:expr),* $(,)?) => {
        run(&[$(std::ffi::OsStr::new(&$a)),*])
    };
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn seed() -> String {
    common::seed_path().display().to_string()
}

fn page(name: &str) -> String {
    common::repo_path(&format!("examples/pages/{name}"))
        .display()
        .to_string()
}

/// The seed page with one piece of text replaced, written into `dir`.
fn seed_with(dir: &Path, name: &str, old: &str, new: &str) -> String {
    let text = std::fs::read_to_string(common::seed_path()).unwrap();
    assert!(text.contains(old), "{old}");
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
    path.display().to_string()
}

/// Every file of a bundle but the store, decompressed when gzip, by name.
fn bundle(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            continue;
        }
        let raw = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let data = if name.ends_with(".gz") {
            let mut s = Vec::new();
            flate2::read::GzDecoder::new(raw.as_slice())
                .read_to_end(&mut s)
                .unwrap();
            s
        } else {
            raw
        };
        out.insert(name, data);
    }
    out
}

fn partnerships(store: &Path) -> usize {
    let st = atlas_lod::store::open_read_only(store).expect("the store opens");
    common::one(
        &st,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a atlas:Partnership } }",
    )
    .parse()
    .unwrap()
}

/// The seed's people: names, name pieces and e-mails.
const SEED_PEOPLE: &[&str] = &[
    "VAILLANT",
    "sarah.vaillant",
    "CATTA",
    "stephane.catta",
    "Garro",
    "jmgarro",
];

fn assert_no_people(what: &str, data: &[u8], people: &[&str]) {
    let s = String::from_utf8_lossy(data);
    for p in people {
        assert!(!s.contains(p), "{what} holds {p:?}");
    }
}

#[test]
fn a_missing_input_publishes_nothing_and_prunes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let o = atlas!("publish", seed(), page("eau-dogbo.txt"), "--out", out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(partnerships(&out.join("store")), 2);
    let before = bundle(&out);

    // The second input mistyped: exit 2, and the bundle and its store are as they were.
    let typo = dir.path().join("eau-dogob.txt").display().to_string();
    let o = atlas!("publish", seed(), typo, "--out", out);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("eau-dogob.txt"), "{t}");
    assert!(t.contains("nothing was published"), "{t}");
    assert_eq!(bundle(&out), before, "the bundle changed");
    assert_eq!(partnerships(&out.join("store")), 2);
    // Nothing left beside the bundle but its lock.
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".dist.atlas-lod.lock", "dist"]);

    // The same with --upload --yes: refused before any request (no server listens there).
    let o = atlas!(
        "publish",
        seed(),
        typo,
        "--out",
        out,
        "--upload",
        "--yes",
        "--dataset",
        "d",
        "--api-base",
        "http://127.0.0.1:9/api/1"
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!text(&o).contains("upload"), "{}", text(&o));

    // --allow-partial publishes the rest and says what is missing; the exit code stays 2.
    let o = atlas!("publish", seed(), typo, "--out", out, "--allow-partial");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert_eq!(partnerships(&out.join("store")), 1);
    let dropped: Vec<&str> = t
        .lines()
        .filter(|l| l.starts_with("note: no longer published"))
        .collect();
    assert_eq!(
        dropped.len(),
        1,
        "what the previous bundle had is named: {t}"
    );
    let after = bundle(&out);
    let readme = String::from_utf8_lossy(&after["README.md"]);
    assert!(
        readme.contains("Partial publication") && readme.contains("eau-dogob.txt"),
        "{readme}"
    );
    let catalog = String::from_utf8_lossy(&after["catalog.ttl"]);
    assert!(
        catalog.contains("versionNotes") && catalog.contains("eau-dogob.txt"),
        "{catalog}"
    );

    // import --prune: withheld while an input is missing, and what it removes is named.
    let store = dir.path().join("store");
    let o = atlas!("import", seed(), page("eau-dogbo.txt"), "--store", store);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = atlas!("import", seed(), typo, "--store", store, "--prune");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("--prune withheld"), "{t}");
    assert_eq!(partnerships(&store), 2);
    let o = atlas!("import", seed(), "--store", store, "--prune");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    let pruned: Vec<&str> = t
        .lines()
        .filter(|l| l.starts_with("note: pruned "))
        .collect();
    assert_eq!(pruned.len(), 1, "{t}");
    assert!(
        pruned[0].contains("https://w3id.org/atlas-lod/id/graph/"),
        "{t}"
    );
    assert_eq!(partnerships(&store), 1);

    // convert and validate follow the same rule.
    let o = atlas!("convert", seed(), typo);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = atlas!("validate", seed(), typo);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = atlas!("convert", seed());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn import_convert_and_serve_keep_names_out_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    // import and convert: role by default.
    let store = dir.path().join("db");
    let o = atlas!("import", seed(), "--store", store);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let dump = atlas!("dump", "--store", store, "--format", "nquads");
    assert!(dump.status.success());
    assert_no_people("the default import", &dump.stdout, SEED_PEOPLE);
    assert!(
        String::from_utf8_lossy(&dump.stdout).contains("Correspondant coopération décentralisée")
    );
    let o = atlas!("convert", seed());
    assert_no_people("the default convert", &o.stdout, SEED_PEOPLE);
    assert_no_people("convert's messages", &o.stderr, SEED_PEOPLE);

    // serve refuses a store with names and e-mails unless told to serve them.
    let full = dir.path().join("full");
    let o = atlas!("import", seed(), "--store", full, "--contacts", "full");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = atlas!("serve", "--store", full, "--bind", "127.0.0.1:0");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("personal data") && t.contains("--serve-personal-data"),
        "{t}"
    );
    let s = common::server::Server::on_store(&full, &["--serve-personal-data"], &[]);
    let (status, _, body) = common::server::answer(
        common::server::agent()
            .get(&format!("{}/sparql", s.url))
            .query(
                "query",
                "SELECT ?m WHERE { GRAPH ?g { ?p <http://xmlns.com/foaf/0.1/mbox> ?m } }",
            )
            .set("Accept", "text/csv")
            .call(),
    );
    assert_eq!(status, 200);
    assert!(body.contains("sarah.vaillant@diplomatie.gouv.fr"), "{body}");
    drop(s);
    // The role store is served without the flag.
    let s = common::server::Server::on_store(&store, &[], &[]);
    drop(s);
}

#[test]
fn publish_holds_only_what_its_run_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = atlas!(
        "import",
        seed(),
        "--store",
        out.join("store"),
        "--contacts",
        "full"
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The same page, now invalid (it ends before it starts): rejected, so the bundle has no
    // version of it, and certainly not the old one with its contacts.
    let changed = seed_with(dir.path(), "changed.txt", "31/12/2018", "31/12/2010");
    // Nothing left to publish: by default an error, and nothing is written.
    let o = atlas!("publish", changed, "--out", out);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("all 1 record(s) read were rejected"), "{t}");
    assert!(!out.join("atlas.nq.gz").exists());
    let o = atlas!("publish", changed, "--out", out, "--allow-empty");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    let files = bundle(&out);
    for name in [
        "atlas.ttl.gz",
        "atlas.nt.gz",
        "atlas.nq.gz",
        "atlas.jsonld.gz",
    ] {
        assert!(files.contains_key(name), "{name} missing");
        assert_no_people(name, &files[name], SEED_PEOPLE);
    }
    for (name, data) in &files {
        assert_no_people(name, data, SEED_PEOPLE);
    }
    assert_eq!(partnerships(&out.join("store")), 0);
    assert_no_people("publish's messages", t.as_bytes(), SEED_PEOPLE);
}

#[test]
fn a_contact_named_in_free_text_is_refused_in_every_job() {
    let dir = tempfile::tempdir().unwrap();
    let quoting = seed_with(
        dir.path(),
        "quoting.txt",
        "Description détaillée du partenariat\n",
        "Description détaillée du partenariat\nSuivi par Sarah Vaillant, à l'ambassade.\n",
    );
    let other = common::repo_path("examples/pages/eau-dogbo.txt");
    let out = dir.path().join("out");
    // publish: the record is refused (exit 1, the file, line and field named, not the name),
    // the others are published, and no file of the bundle holds the name.
    let o = atlas!("publish", quoting, other, "--out", out);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("quoting.txt:1: description: the text names a contact"),
        "{t}"
    );
    assert_no_people("the message", t.as_bytes(), &["Vaillant", "VAILLANT"]);
    for (name, data) in &bundle(&out) {
        assert_no_people(name, data, &["Vaillant", "VAILLANT"]);
    }
    assert_eq!(partnerships(&out.join("store")), 1);
    // import and convert: the same rule, the same message.
    let store = dir.path().join("store");
    let o = atlas!("import", quoting, "--store", store);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("quoting.txt:1: description: the text names a contact"),
        "{t}"
    );
    assert_eq!(partnerships(&store), 0);
    let o = atlas!("convert", quoting, "--to", "nquads");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_no_people("convert's output", &o.stdout, &["Vaillant", "VAILLANT"]);
    // Asked for, full contacts publish it.
    let full = dir.path().join("full");
    let o = atlas!("publish", quoting, "--out", full, "--contacts", "full");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(full.join("atlas.nt.gz").exists());
}

/// The name-split cases of the bad-input corpus, with the pieces of names that a guess could
/// let into a role label or a mission.
const SPLIT_CASES: &[(&str, &[&str])] = &[
    (
        "contact-name-without-function.txt",
        &["FONTAINE", "Jean DE"],
    ),
    (
        "contact-unknown-function.txt",
        &["AGBODJAN", "Koffi", "Mensah"],
    ),
    ("volunteer-two-given-names.txt", &["MARTIN", "Léa", "Rose"]),
];

#[test]
fn guessed_name_splits_are_withheld_under_role() {
    for (case, people) in SPLIT_CASES {
        let path = common::repo_path(&format!("tests/bad-inputs/{case}"));
        for profile in ["role", "none"] {
            let o = atlas!("convert", path, "--contacts", profile);
            assert_eq!(o.status.code(), Some(0), "{case}: {}", text(&o));
            assert_no_people(&format!("{case} ({profile})"), &o.stdout, people);
            assert_no_people(&format!("{case} messages ({profile})"), &o.stderr, people);
            let o = atlas!(
                "convert",
                path,
                "--contacts",
                profile,
                "--to",
                "records-jsonl"
            );
            assert_no_people(&format!("{case} records ({profile})"), &o.stdout, people);
        }
        // The guess is there, with a warning naming the line, when full contacts are asked for.
        let o = atlas!("convert", path, "--contacts", "full");
        assert_eq!(o.status.code(), Some(0), "{case}: {}", text(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(people[people.len() - 1]), "{case}: {out}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.lines().any(|l| l.contains(case) && l.contains(": ")),
            "{case}: {err}"
        );
    }
    // The role of a certain split stays: the seed's post contacts keep their functions.
    let o = atlas!("convert", seed());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Conseiller de coopération et d'action culturelle"),
        "{out}"
    );
    assert!(
        out.contains("Directeur développement des affaires"),
        "{out}"
    );
}

#[test]
fn amounts_are_read_as_people_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let decimal = |v: &str| format!("\"{v}\"^^<http://www.w3.org/2001/XMLSchema#decimal>");
    let cases = [
        (
            "Cosmetic Valley 20400 2017",
            "Tours Métropole Val de Loire 1 500 € 2020",
            "1500",
        ),
        (
            "Cosmetic Valley 20400 2017",
            "Cosmetic Valley 20 400 EUR 2017",
            "20400",
        ),
        (
            "Cosmetic Valley 20400 2017",
            "Cosmetic Valley 20\u{202f}400,50 euros 2017",
            "20400.5",
        ),
        (
            "Cosmetic Valley 20400 2017",
            "Cosmetic Valley 20\u{a0}400 € 2017",
            "20400",
        ),
        (
            "Cosmetic Valley 20400 2017",
            "Cosmetic Valley 1.234.567,89 2017",
            "1234567.89",
        ),
    ];
    for (i, (old, new, amount)) in cases.iter().enumerate() {
        let p = seed_with(dir.path(), &format!("amount-{i}.txt"), old, new);
        let o = atlas!("convert", p, "--to", "ntriples");
        let t = text(&o);
        assert_eq!(o.status.code(), Some(0), "{new}: {t}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains(&decimal(amount)),
            "{new}: {t}"
        );
        assert!(
            t.contains("; 0 with warnings") && !t.contains(": funding:"),
            "{new}: {t}"
        );
    }
    // Two readings: the sure one for euros is taken, with a warning naming the line.
    let p = seed_with(
        dir.path(),
        "ambiguous.txt",
        "Cosmetic Valley 20400 2017",
        "Cosmetic Valley 20.400 2017",
    );
    let o = atlas!("convert", p, "--to", "ntriples");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&decimal("20400")),
        "{t}"
    );
    assert!(
        t.contains("ambiguous.txt:") && t.contains("funding: \"20.400\" read as 20"),
        "{t}"
    );
    // What still cannot be read rejects the record with file:line:field.
    let p = seed_with(
        dir.path(),
        "bad.txt",
        "Cosmetic Valley 20400 2017",
        "Cosmetic Valley 20,400.5.0 2017",
    );
    let o = atlas!("convert", p);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("bad.txt:") && t.contains(": funding: not an amount in euros"),
        "{t}"
    );
}

/// Triples of an N-Triples or Turtle file, in the default graph.
fn quads_of(path: &Path, format: RdfFormat) -> Vec<Quad> {
    let data = std::fs::read(path).unwrap();
    RdfParser::from_format(format)
        .for_slice(&data)
        .map(|q| {
            let q = q.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)
        })
        .collect()
}

/// pySHACL on `data` + the vocabulary with `shapes`: (exit status, its output).
fn pyshacl(shapes: &Path, data: &Path) -> (bool, String) {
    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON is not set: run the tests through scripts/test.sh");
    let mut cmd = Command::new(python);
    cmd.arg(common::repo_path("tests/clients/pyshacl_data.py"))
        .arg(shapes)
        .arg(data);
    for v in ontology() {
        cmd.arg(v);
    }
    let o = cmd.output().expect("pySHACL runs");
    (o.status.success(), text(&o))
}

fn ontology() -> Vec<PathBuf> {
    ["atlas.ttl", "themes.ttl", "schemes.ttl"]
        .iter()
        .map(|f| common::repo_path(&format!("ontology/{f}")))
        .collect()
}

/// The seed and the example pages published (default profile) into `dir/out`.
fn publish_examples(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = atlas!(
        "publish",
        seed(),
        common::repo_path("examples/pages"),
        "--out",
        out
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    out
}

#[test]
fn published_data_with_its_vocabulary_passes_pyshacl_and_ours() {
    let dir = tempfile::tempdir().unwrap();
    let out = publish_examples(dir.path());
    let nt = dir.path().join("atlas.nt");
    std::fs::write(&nt, &bundle(&out)["atlas.nt.gz"]).unwrap();
    let shapes = common::repo_path("shapes/atlas.ttl");

    let (ok, report) = pyshacl(&shapes, &nt);
    assert!(ok && report.contains("violations=0"), "pySHACL: {report}");

    let mut quads = quads_of(&nt, RdfFormat::NTriples);
    for v in ontology() {
        quads.extend(quads_of(&v, RdfFormat::Turtle));
    }
    let ours = Validator::new(&[]).unwrap().validate_quads(&quads).unwrap();
    let violations: Vec<String> = ours
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(|f| format!("{} {}", f.focus_node, f.message("en")))
        .collect();
    assert!(violations.is_empty(), "ours: {violations:?}");

    // Not vacuous: with the old target (every subject of skos:topConceptOf), the partnership
    // kinds and statuses of the vocabulary fail in both validators.
    let old = std::fs::read_to_string(&shapes).unwrap().replace(
        "sh:targetSubjectsOf atlas:level ;",
        "sh:targetSubjectsOf atlas:level , skos:topConceptOf ;",
    );
    let old_path = dir.path().join("old-shapes.ttl");
    std::fs::write(&old_path, &old).unwrap();
    let (ok, report) = pyshacl(&old_path, &nt);
    assert!(
        !ok && report.contains("/atlas-lod/kind/"),
        "pySHACL with the old target: {report}"
    );
    let theirs = Validator::from_turtle(&[("old".into(), old)])
        .unwrap()
        .validate_quads(&quads)
        .unwrap();
    assert!(
        theirs
            .iter()
            .any(|f| f.severity == Severity::Violation
                && f.focus_node.to_string().contains("/kind/")),
        "ours with the old target"
    );
}

#[test]
fn the_catalogue_meets_the_recommended_dcat_ap_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let out = publish_examples(dir.path());
    let p = common::repo_path("../shared/standards/dcat-ap-3.0.1/html-shapes_recommended.ttl");
    let shapes = vec![(
        "recommended".to_string(),
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    )];
    let quads = quads_of(&out.join("catalog.ttl"), RdfFormat::Turtle);
    let findings = Validator::from_turtle(&shapes)
        .unwrap()
        .validate_quads(&quads)
        .unwrap();
    let all: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{:?} {} {:?}",
                f.severity,
                f.focus_node,
                f.path.as_ref().map(ToString::to_string)
            )
        })
        .collect();
    assert!(all.is_empty(), "recommended DCAT-AP shapes: {all:#?}");
    // Each partner country carries a WKT box and centroid where the country is.
    let catalog = std::fs::read_to_string(out.join("catalog.ttl")).unwrap();
    let store = common::store_of(&catalog, RdfFormat::Turtle);
    let rows = common::select(
        &store,
        "SELECT ?c ?box ?centre WHERE { ?c <http://www.w3.org/ns/dcat#bbox> ?box ; <http://www.w3.org/ns/dcat#centroid> ?centre }",
    );
    let canada = rows
        .iter()
        .find(|r| r[0].ends_with("/country/CAN"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert!(canada[1].starts_with("box=POLYGON((-1"), "{canada:?}");
    let point = canada[2]
        .trim_start_matches("centre=POINT(")
        .trim_end_matches(')');
    let (lon, lat) = point.split_once(' ').unwrap();
    let (lon, lat): (f64, f64) = (lon.parse().unwrap(), lat.parse().unwrap());
    assert!(
        (-130.0..-60.0).contains(&lon) && (45.0..75.0).contains(&lat),
        "{point}"
    );
}

#[test]
fn e_mails_and_phones_in_free_text_are_replaced_under_role_and_kept_under_full() {
    let dir = tempfile::tempdir().unwrap();
    let page = seed_with(
        dir.path(),
        "details.txt",
        "Description détaillée du partenariat\n",
        "Description détaillée du partenariat\nÉcrire à info@chartres-metropole.example.fr ou appeler le 02 37 00 00 00.\n",
    );
    let out = dir.path().join("out");
    let o = atlas!("publish", page, "--out", out);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    let files = bundle(&out);
    let all: String = files
        .values()
        .map(|d| String::from_utf8_lossy(d).into_owned())
        .collect();
    assert!(all.contains("[courriel retiré]") && all.contains("[téléphone retiré]"));
    for (name, data) in &files {
        assert_no_people(name, data, &["info@chartres-metropole", "02 37 00 00 00"]);
    }
    let o = atlas!("convert", page, "--to", "nquads", "--contacts", "full");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let nq = String::from_utf8_lossy(&o.stdout);
    assert!(
        nq.contains("02 37 00 00 00"),
        "full keeps the text as written"
    );
}

#[test]
fn any_phone_number_in_a_bundle_file_stops_a_role_publication() {
    // The last check looks for patterns, not only for what was read: a phone number that
    // reaches a file by a path nobody foresaw (here the publisher's own settings) stops it.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("atlas-lod.toml");
    let settings = std::fs::read_to_string(common::repo_path("atlas-lod.toml")).unwrap();
    std::fs::write(
        &config,
        settings.replace(
            "contact_name = \"Délégation",
            "contact_name = \"Mme X, +33 6 12 34 56 78, Délégation",
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = atlas!(
        "publish",
        common::seed_path(),
        "--out",
        out,
        "--config",
        config
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("would hold a phone number"), "{t}");
    assert!(!t.contains("12 34 56 78"), "{t}");
    assert!(!out.join("atlas.nt.gz").exists(), "nothing is written");
}
