//! Two releases from generated data with scripted edits: `diff` lists exactly those, the
//! corrected and extended partnerships keep their IRIs, the removed one answers 410 with its
//! page, ambiguous twins are reported and not merged, and the catalogue's version triples
//! conform to DCAT-AP 3.0.1.

use crate::common;
use atlas_lod::model::{Amount, ForeignPartner, Record};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn write_records(path: &Path, records: &[Record]) {
    let mut f = std::fs::File::create(path).unwrap();
    for r in records {
        serde_json::to_writer(&mut f, r).unwrap();
        f.write_all(b"\n").unwrap();
    }
}

fn atlas_lod(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("atlas-lod runs")
}

/// Title -> IRI, from a bundle's partnerships.csv.
fn iris(bundle: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(bundle.join("partnerships.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|row| {
            let row = row.unwrap();
            (row[2].to_string(), row[1].to_string())
        })
        .collect()
}

#[test]
fn a_second_release_keeps_iris_says_what_changed_and_retires_what_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut first: Vec<Record> = atlas_lod::generate::records(2026, 12).collect();
    // Unique titles, so that a title names one partnership in this test.
    for (i, r) in first.iter_mut().enumerate() {
        r.atlas_id = None;
        r.title = format!("{} (n° {i})", r.title);
    }
    // Twins: two partnerships of the same authorities, partner and start year.
    let mut twin = first[5].clone();
    twin.title = format!("{} (second volet)", twin.title);
    first[4] = twin.clone();
    first[4].title = format!("{} (premier volet)", first[5].title);
    first[5] = twin;
    let mut second = first.clone();
    let corrected_before = first[0].title.clone();
    second[0].title = format!("{corrected_before} (titre corrigé)");
    let country = second[1].foreign_partners[0].clone();
    second[1].foreign_partners.push(ForeignPartner {
        name: "Université partenaire de Test".into(),
        country_label: country.country_label,
        country: country.country,
    });
    assert!(!second[2].funding.is_empty(), "record 2 has funding rows");
    let old_amount = second[2].funding[0].amount;
    second[2].funding[0].amount = Amount::from_cents(old_amount.cents() + 123_400);
    let removed_title = second[3].title.clone();
    second[4].title = format!("{} bis", second[4].title);
    second[5].title = format!("{} bis", second[5].title);
    let twins_after = [second[4].title.clone(), second[5].title.clone()];
    second.remove(3);
    let mut added = atlas_lod::generate::record(2026, 999);
    added.atlas_id = None;
    added.title = format!("{} (nouveau)", added.title);
    second.push(added.clone());

    let (r1, r2) = (dir.path().join("r1.jsonl"), dir.path().join("r2.jsonl"));
    write_records(&r1, &first);
    write_records(&r2, &second);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let o = atlas_lod(&[
        "publish",
        r1.to_str().unwrap(),
        "--out",
        a.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = atlas_lod(&[
        "publish",
        r2.to_str().unwrap(),
        "--out",
        b.to_str().unwrap(),
        "--previous",
        a.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{stderr}");

    // The corrected and the extended partnerships keep their IRIs.
    let (ia, ib) = (iris(&a), iris(&b));
    assert_eq!(
        ib[&format!("{corrected_before} (titre corrigé)")],
        ia[&corrected_before]
    );
    assert_eq!(ib[&second[1].title], ia[&first[1].title]);
    // The twins: reported, not merged (new IRIs, the old ones retired).
    assert_eq!(
        stderr.matches("matches several partnerships").count(),
        2,
        "{stderr}"
    );
    assert_ne!(ib[&twins_after[0]], ia[&first[4].title]);
    assert!(
        stdout.contains("release 2: 3 added, 3 removed, 3 changed"),
        "{stdout}"
    );

    // diff lists exactly the scripted edits.
    let o = atlas_lod(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let changes: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let of = |kind: &str| -> BTreeSet<String> {
        changes
            .iter()
            .filter(|c| c["kind"] == kind)
            .map(|c| c["partnership"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let set = |v: &[&String]| -> BTreeSet<String> { v.iter().map(|s| s.to_string()).collect() };
    assert_eq!(
        of("added"),
        set(&[
            &ib[&added.title],
            &ib[&twins_after[0]],
            &ib[&twins_after[1]]
        ])
    );
    assert_eq!(
        of("removed"),
        set(&[
            &ia[&removed_title],
            &ia[&first[4].title],
            &ia[&first[5].title]
        ])
    );
    assert_eq!(
        of("changed"),
        set(&[
            &ia[&corrected_before],
            &ia[&first[1].title],
            &ia[&first[2].title]
        ])
    );
    let fields = |iri: &str| -> Vec<String> {
        changes
            .iter()
            .find(|c| c["partnership"] == iri)
            .map(|c| {
                c["fields"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| f["field"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(fields(&ia[&corrected_before]), ["title"]);
    assert!(fields(&ia[&first[1].title]).contains(&"foreign_partners".to_string()));
    let funding = fields(&ia[&first[2].title]);
    assert!(
        funding.len() == 1 && funding[0].starts_with("funding "),
        "{funding:?}"
    );
    // The same release twice: identical, exit 0.
    let o = atlas_lod(&["diff", b.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    // changes.csv and the README say it.
    let changes_csv = std::fs::read_to_string(b.join("changes.csv")).unwrap();
    assert!(changes_csv.contains(&format!("removed,{}", ia[&removed_title])));
    let readme = std::fs::read_to_string(b.join("README.md")).unwrap();
    assert!(readme.contains("## Changements depuis"), "{readme}");

    // The removed partnership answers 410 with a page; a kept one answers 200.
    let s = common::server::Server::on_store(&b.join("store"), &[], &[]);
    let path = |iri: &str| {
        iri.trim_start_matches("https://w3id.org/atlas-lod")
            .to_string()
    };
    let (st, _, page) = common::server::answer(
        common::server::agent()
            .get(&format!("{}{}", s.url, path(&ia[&removed_title])))
            .set("Accept", "text/html")
            .call(),
    );
    assert_eq!(st, 410);
    assert!(
        page.contains(&removed_title) && page.contains("retir"),
        "{page}"
    );
    let (st, _, _) = common::server::answer(
        common::server::agent()
            .get(&format!("{}{}", s.url, path(&ia[&corrected_before])))
            .set("Accept", "text/html")
            .call(),
    );
    assert_eq!(st, 200);
    // What was minted under it is gone with it: its funding nodes (as the first release
    // published them), its record graph, anything below its IRI; as a page or as text.
    let removed = ia[&removed_title].clone();
    let first_store = oxigraph::store::Store::open_read_only(a.join("store")).unwrap();
    let funding: Vec<String> = first_store
        .quads_for_pattern(
            Some(oxigraph::model::NamedNodeRef::new(&removed).unwrap().into()),
            Some(atlas_lod::vocab::atlas::FUNDING_PROP),
            None,
            None,
        )
        .filter_map(|q| match q.unwrap().object {
            oxigraph::model::Term::NamedNode(n) => Some(n.into_string()),
            _ => None,
        })
        .collect();
    assert!(!funding.is_empty(), "the removed partnership had funding");
    let graph = removed.replace("/partnership/", "/graph/");
    let mut gone = funding.clone();
    gone.extend([graph, format!("{removed}/anything/below")]);
    for iri in &gone {
        for accept in ["text/html", "text/turtle"] {
            let (st, _, body) = common::server::answer(
                common::server::agent()
                    .get(&format!("{}{}", s.url, path(iri)))
                    .set("Accept", accept)
                    .call(),
            );
            assert_eq!(st, 410, "{iri} ({accept}): {body}");
            assert!(body.contains(&removed_title), "{iri}: {body}");
        }
    }
    // A neighbour whose IRI only starts like it is not retired with it.
    let (st, _, _) = common::server::answer(
        common::server::agent()
            .get(&format!("{}{}x", s.url, path(&removed)))
            .call(),
    );
    assert_eq!(st, 404);

    // The catalogue's version triples, checked by pySHACL against DCAT-AP 3.0.1.
    let catalog = std::fs::read_to_string(b.join("catalog.ttl")).unwrap();
    assert!(catalog.contains("dcat:version \"2\""), "{catalog}");
    assert!(catalog.contains("dcat:previousVersion"), "{catalog}");
    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON is not set: run the tests through scripts/test.sh");
    let mut cmd = Command::new(python);
    cmd.arg(common::repo_path("tests/clients/pyshacl_dcat.py"))
        .arg(b.join("catalog.ttl"));
    for f in [
        "html-shapes.ttl",
        "html-shapes_recommended.ttl",
        "html-range.ttl",
    ] {
        cmd.arg(common::repo_path(&format!(
            "../shared/standards/dcat-ap-3.0.1/{f}"
        )));
    }
    let o = cmd.output().expect("pySHACL runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && text.contains("violations=0"),
        "{text}"
    );
}

#[test]
fn the_atlas_id_comes_from_an_ids_file_or_a_bare_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read(common::seed_path()).unwrap();
    let named = dir.path().join("seed.txt");
    let bare = dir.path().join("12345.txt");
    std::fs::write(&named, &page).unwrap();
    std::fs::write(&bare, &page).unwrap();
    let ids = dir.path().join("ids.csv");
    std::fs::write(&ids, "input,atlas_id\nseed.txt,4242\n").unwrap();
    let o = atlas_lod(&[
        "convert",
        named.to_str().unwrap(),
        "--ids",
        ids.to_str().unwrap(),
        "--to",
        "ntriples",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("/id/partnership/atlas-4242>"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = atlas_lod(&["convert", bare.to_str().unwrap(), "--to", "ntriples"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("/id/partnership/atlas-12345>"));
    // Two ids for one input: an error naming the file and line, exit 2.
    std::fs::write(&ids, "input,atlas_id\nseed.txt,1\nseed.txt,2\n").unwrap();
    let o = atlas_lod(&[
        "convert",
        named.to_str().unwrap(),
        "--ids",
        ids.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ids.csv:3") && err.contains("two Atlas ids"),
        "{err}"
    );
    // A file that is not there: named, with no line of it.
    let missing = dir.path().join("no-such-ids.csv");
    let o = atlas_lod(&[
        "convert",
        named.to_str().unwrap(),
        "--ids",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ids file") && err.contains("no-such-ids.csv: ") && !err.contains(":0:"),
        "{err}"
    );
}
