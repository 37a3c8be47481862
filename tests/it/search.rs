//! The French full-text index (`atlas-lod search`, `/search`, `/suggest`): the analysis
//! (accents both ways, elisions, plurals, prefixes, hyphens, countries in either language),
//! contacts never found, the index built by `import` and `publish` and in step with the store
//! after a replaced record, a prune, `--previous` and an update, and the index's SPARQL
//! SERVICE joined to graph patterns.

use super::common::repo_path;
use super::common::server::{Server, agent, answer};
use atlas_lod::model::Record;
use atlas_lod::store::search::{self, Kind, find::Question};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Runs atlas-lod: whether it succeeded, its standard output and its standard error.
fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("atlas-lod runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn atlas(args: &[&str]) -> (bool, String) {
    let (ok, out, _) = run(args);
    (ok, out)
}

fn import(store: &Path, inputs: &[&str], extra: &[&str]) {
    let mut args = vec!["import", "--store", store.to_str().expect("utf-8 path")];
    args.extend(inputs);
    args.extend(extra);
    let (ok, _) = atlas(&args);
    assert!(ok, "import {inputs:?} failed");
}

/// The IRIs of the hits for `words`, as `search --format csv` prints them.
fn hits(store: &Path, words: &str) -> Vec<String> {
    let (ok, out) = atlas(&[
        "search",
        "--store",
        store.to_str().expect("utf-8"),
        "--format",
        "csv",
        "--limit",
        "200",
        words,
    ]);
    assert!(ok, "search {words:?} failed");
    out.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_string)
        .collect()
}

const DOGBO: &str = "https://w3id.org/atlas-lod/id/partnership/a8683138dbae44be";
const CUENCA: &str = "https://w3id.org/atlas-lod/id/partnership/29a43d66750bc2e6";

#[test]
fn search_understands_french_and_never_finds_contacts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let pages = repo_path("examples/pages");
    import(
        &store,
        &[pages.to_str().expect("utf-8")],
        &["--contacts", "full"],
    );
    // Accents both ways, elision, plural, prefix, hyphenated name.
    assert!(hits(&store, "accès eau").contains(&DOGBO.to_string()));
    assert!(hits(&store, "acces EAU").contains(&DOGBO.to_string()));
    assert!(hits(&store, "l'eau potable").contains(&DOGBO.to_string()));
    assert!(hits(&store, "jumelages").contains(&CUENCA.to_string()));
    assert!(hits(&store, "Besan").contains(&CUENCA.to_string()));
    assert!(hits(&store, "bornes-fontaines").contains(&DOGBO.to_string()));
    // A foreign partner by its country, in French and in English.
    let cuenca = "https://w3id.org/atlas-lod/id/organisation/ec/ville-de-cuenca".to_string();
    assert!(hits(&store, "Équateur").contains(&cuenca));
    assert!(hits(&store, "ecuador").contains(&cuenca));
    // Contacts' names and e-mails are in the store (--contacts full) and found nowhere.
    for person in [
        "Hounkpatin",
        "Agbodjan",
        "Koffi",
        "Marie-Claire",
        "k.agbodjan",
    ] {
        assert_eq!(
            hits(&store, person),
            Vec::<String>::new(),
            "{person} is indexed"
        );
    }
    assert!(hits(&store, "xyzzy").is_empty());
    // Decomposed accents (NFD, as some systems type them) find what composed ones find.
    assert!(hits(&store, "Acce\u{300}s eau").contains(&DOGBO.to_string()));
    assert!(hits(&store, "Besanc\u{327}on").contains(&CUENCA.to_string()));
    assert!(hits(&store, "E\u{301}quateur").contains(&cuenca));
    // A country filter: a known country without hits is an answer; an unknown one a mistake.
    let store_s = store.to_str().expect("utf-8");
    let (ok, out) = atlas(&["search", "--store", store_s, "--country", "EC", "Cuenca"]);
    assert!(ok && out.contains("ville-de-cuenca"), "{out}");
    let (ok, out) = atlas(&["search", "--store", store_s, "--country", "IS", "Cuenca"]);
    assert!(ok && out.starts_with("0 hit(s)"), "{out}");
    let (ok, _) = atlas(&["search", "--store", store_s, "--country", "ZZ", "Cuenca"]);
    assert!(!ok, "an unknown country is not an empty answer");
}

/// The first record of `examples/records/generated.jsonl`, as JSON to change.
fn first_example_record() -> serde_json::Value {
    let text = std::fs::read_to_string(repo_path("examples/records/generated.jsonl"))
        .expect("example records");
    serde_json::from_str(text.lines().next().expect("a record")).expect("JSON")
}

#[test]
fn decomposed_accents_and_invisible_characters_in_the_records_are_found_and_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let mut record = first_example_record();
    // NFD, as text exported on some systems is, and zero-width spaces inside and after words.
    record["description"] = serde_json::Value::String(
        "E\u{301}le\u{300}ves et e\u{301}ducation a\u{300} l\u{2019}eau potable. Puits\u{200b}\u{200b} neufs."
            .into(),
    );
    let records = dir.path().join("nfd.jsonl");
    std::fs::write(&records, format!("{record}\n")).expect("write");
    import(&store, &[records.to_str().expect("utf-8")], &[]);
    for words in ["éducation", "education", "eau potable", "puits", "élèves"] {
        let (ok, out) = atlas(&[
            "search",
            "--store",
            store.to_str().expect("utf-8"),
            "--format",
            "json",
            words,
        ]);
        assert!(ok && out.contains("\"partnership\""), "{words}: {out}");
    }
    // And over HTTP, snippets included.
    let server = Server::on_store(&store, &[], &[]);
    let url = format!("{}/search?q=%C3%A9ducation", server.url);
    let (status, _, body) = answer(agent().get(&url).set("Accept", "application/json").call());
    assert_eq!(status, 200, "{body}");
}

#[test]
fn the_index_follows_the_store_after_a_prune_and_an_update() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let pages = repo_path("examples/pages");
    import(&store, &[pages.to_str().expect("utf-8")], &[]);
    assert!(hits(&store, "Dogbo").contains(&DOGBO.to_string()));
    // A prune to one page: the other partnership is gone from the hits.
    let one = pages.join("jumelage-cuenca.txt");
    import(&store, &[one.to_str().expect("utf-8")], &["--prune"]);
    assert!(!hits(&store, "Dogbo").contains(&DOGBO.to_string()));
    assert!(hits(&store, "Jumelage Besançon Cuenca").contains(&CUENCA.to_string()));
    // An update through the server: the partnership's graph dropped, its hit goes with it.
    let server = Server::on_store(
        &store,
        &["--allow-update"],
        &[("ATLAS_LOD_UPDATE_TOKEN", "a-token-of-sixteen-chars")],
    );
    let url = format!("{}/search?q=Cuenca&kind=partnership", server.url);
    let (status, _, body) = answer(agent().get(&url).set("Accept", "application/json").call());
    assert_eq!(status, 200);
    assert!(body.contains(CUENCA), "{body}");
    let update = "DROP GRAPH <https://w3id.org/atlas-lod/id/graph/29a43d66750bc2e6>";
    let (status, _, body) = answer(
        agent()
            .post(&format!("{}/sparql", server.url))
            .set("Authorization", "Bearer a-token-of-sixteen-chars")
            .set("Content-Type", "application/sparql-update")
            .send_string(update),
    );
    assert!(status < 300, "{status} {body}");
    let (status, _, body) = answer(agent().get(&url).set("Accept", "application/json").call());
    assert_eq!(status, 200);
    assert!(!body.contains(CUENCA), "{body}");
    // The page works without scripts, and names with what was typed.
    let (status, _, html) = answer(
        agent()
            .get(&format!("{}/search?q=%27%22((%5C", server.url))
            .call(),
    );
    assert_eq!(status, 200, "{html}");
}

#[test]
fn what_would_act_on_a_terminal_in_a_title_is_printed_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let mut record = first_example_record();
    record["title"] =
        serde_json::Value::String("Puits \u{1b}]0;owned\u{7} neufs \u{202e}fdp.exe\r".into());
    let records = dir.path().join("acting.jsonl");
    std::fs::write(&records, format!("{record}\n")).expect("write");
    import(&store, &[records.to_str().expect("utf-8")], &[]);
    for format in ["text", "csv", "json"] {
        let (ok, out) = atlas(&[
            "search",
            "--store",
            store.to_str().expect("utf-8"),
            "--format",
            format,
            "puits",
        ]);
        assert!(ok && out.contains("Puits"), "{format}: {out}");
        for c in ['\u{1b}', '\u{7}', '\u{202e}', '\r'] {
            assert!(!out.contains(c), "{format}: {c:?} printed as is: {out:?}");
        }
        if format == "json" {
            // Escaped as JSON: the same title when read back.
            assert!(out.contains("\\u202efdp"), "{out}");
            let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
            assert!(v.to_string().contains('\u{202e}'), "{v}");
        } else {
            assert!(
                out.contains("\\u{001b}]0;owned") && out.contains("\\u{202e}fdp"),
                "{format}: {out}"
            );
        }
    }
    // A report quoting the input's name, as validate writes it.
    record["source"]["file"] = serde_json::Value::String("ev\u{1b}[31mil\u{202e}".into());
    record["status"] = serde_json::Value::String("\u{1b}[2J".into());
    std::fs::write(&records, format!("{record}\n")).expect("write");
    for format in ["text", "json"] {
        let (_, out, err) = run(&[
            "validate",
            records.to_str().expect("utf-8"),
            "--format",
            format,
        ]);
        assert!(out.contains("ev"), "validate {format}: {out}");
        for c in ['\u{1b}', '\u{202e}'] {
            assert!(
                !out.contains(c) && !err.contains(c),
                "validate {format}: {c:?} as is: {out:?} {err:?}"
            );
        }
    }
}

fn write_records(path: &Path, records: &[Record]) {
    let mut f = std::fs::File::create(path).expect("records file");
    for r in records {
        serde_json::to_writer(&mut f, r).expect("record as JSON");
        f.write_all(b"\n").expect("records file");
    }
}

/// The index of `store` is the one its last writer built (current, not to be built again),
/// every partnership the store holds is found by its title, and every partnership found is
/// one the store holds. Returns the partnerships held, IRI -> title.
fn assert_in_step(store: &Path) -> BTreeMap<String, String> {
    assert!(
        search::is_current(store),
        "the index of {store:?} is missing or stale"
    );
    let held: BTreeMap<String, String> = {
        let db = atlas_lod::store::open_read_only(store).expect("store opens");
        super::common::select(
            &db,
            "SELECT DISTINCT ?p ?t WHERE { GRAPH ?g { ?p a atlas:Partnership ; dcterms:title ?t } }",
        )
        .into_iter()
        .map(|row| {
            let value = |i: usize| row[i].split_once('=').expect("var=value").1.to_string();
            (value(0), value(1))
        })
        .collect()
    };
    assert!(!held.is_empty(), "no partnership in {store:?}");
    let index = search::open_existing(store).expect("index opens");
    for (p, title) in &held {
        let answer = index
            .search(&Question {
                text: title.clone(),
                kinds: vec![Kind::Partnership],
                limit: 200,
                ..Question::default()
            })
            .expect("search");
        assert!(
            answer.hits.iter().any(|h| &h.iri == p),
            "{title:?} does not find {p}"
        );
        for h in &answer.hits {
            assert!(
                held.contains_key(&h.iri),
                "{} is found and not in the store",
                h.iri
            );
        }
    }
    held
}

#[test]
fn the_index_is_built_where_the_records_are_loaded_and_follows_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name);
    let s = |p: &Path| p.to_str().expect("utf-8 path").to_string();
    let mut first: Vec<Record> = atlas_lod::generate::records(2026, 12).collect();
    for (i, r) in first.iter_mut().enumerate() {
        r.atlas_id = None;
        r.title = format!("{} (n° {i})", r.title);
    }
    write_records(&path("r1.jsonl"), &first);
    let store = path("store");
    import(&store, &[&s(&path("r1.jsonl"))], &[]);
    let held = assert_in_step(&store);
    assert_eq!(held.len(), 12);
    assert!(hits(&store, "hydrographique").is_empty());

    // A replaced record: found by its new title only.
    let mut second = first.clone();
    second[0].title = "Coopération hydrographique entre deux estuaires".into();
    write_records(&path("r2.jsonl"), &second);
    import(&store, &[&s(&path("r2.jsonl"))], &[]);
    let held = assert_in_step(&store);
    let replaced: Vec<String> = hits(&store, "hydrographique");
    assert_eq!(replaced.len(), 1, "{replaced:?}");
    assert_eq!(held[&replaced[0]], second[0].title);

    // A prune: the partnership left out is found no more.
    let gone = held
        .iter()
        .find(|(_, t)| **t == second[3].title)
        .map(|(p, _)| p.clone())
        .expect("record 3 is held");
    let mut third = second.clone();
    third.remove(3);
    write_records(&path("r3.jsonl"), &third);
    import(&store, &[&s(&path("r3.jsonl"))], &["--prune"]);
    let held = assert_in_step(&store);
    assert_eq!(held.len(), 11);
    assert!(!hits(&store, &second[3].title).contains(&gone));

    // Two releases: each bundle's store carries its index, current and in step.
    let (a, b) = (path("a"), path("b"));
    let (ok, _) = atlas(&["publish", &s(&path("r1.jsonl")), "--out", &s(&a)]);
    assert!(ok, "publish a");
    assert!(a.join("store").join(search::INDEX_FOLDER).is_dir());
    assert_eq!(assert_in_step(&a.join("store")).len(), 12);
    let (ok, _) = atlas(&[
        "publish",
        &s(&path("r3.jsonl")),
        "--out",
        &s(&b),
        "--previous",
        &s(&a),
    ]);
    assert!(ok, "publish b --previous a");
    let held = assert_in_step(&b.join("store"));
    assert_eq!(held.len(), 11);
    assert!(held.values().any(|t| *t == second[0].title));
    assert!(!held.values().any(|t| *t == second[3].title));
    // A copy of the bundle's store keeps its index current.
    let copy = path("copy");
    std::fs::create_dir_all(copy.join(search::INDEX_FOLDER)).expect("copy");
    for sub in ["", search::INDEX_FOLDER] {
        for e in std::fs::read_dir(b.join("store").join(sub)).expect("store files") {
            let e = e.expect("store file");
            if e.file_type().expect("file type").is_file() {
                std::fs::copy(e.path(), copy.join(sub).join(e.file_name())).expect("copy");
            }
        }
    }
    assert_in_step(&copy);
}

/// Every document of the index beside `store`, as JSON, sorted.
fn documents(store: &Path) -> Vec<String> {
    use tantivy::Document;
    use tantivy::collector::DocSetCollector;
    let index = tantivy::Index::open_in_dir(store.join(search::INDEX_FOLDER)).expect("index");
    let schema = index.schema();
    let searcher = index.reader().expect("reader").searcher();
    let every = searcher
        .search(&tantivy::query::AllQuery, &DocSetCollector)
        .expect("every document");
    let mut out: Vec<String> = every
        .into_iter()
        .map(|a| {
            let d: tantivy::TantivyDocument = searcher.doc(a).expect("stored document");
            d.to_json(&schema)
        })
        .collect();
    out.sort();
    out
}

/// atlas-lod with its messages (standard error).
fn atlas_err(args: &[&str]) -> (bool, String) {
    let (ok, _, err) = run(args);
    (ok, err)
}

#[test]
fn the_index_built_from_the_records_loaded_is_the_one_the_store_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name);
    let s = |p: &Path| p.to_str().expect("utf-8 path").to_string();
    let records: Vec<Record> = atlas_lod::generate::records(7, 150).collect();
    write_records(&path("r.jsonl"), &records);
    let seed = super::common::seed_path();
    let pages = repo_path("examples/pages");
    let store = path("store");
    // Contacts in full: their names are in the quads gathered, and still never indexed.
    let (ok, err) = atlas_err(&[
        "import",
        "--store",
        &s(&store),
        &s(&path("r.jsonl")),
        &s(&seed),
        &s(&pages),
        "--contacts",
        "full",
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("from the records loaded"), "{err}");
    let gathered = documents(&store);
    assert!(search::is_current(&store));
    let (ok, _) = atlas(&["search", "--store", &s(&store), "--reindex", "eau"]);
    assert!(ok, "search --reindex");
    let read_back = documents(&store);
    assert!(gathered.len() > 150, "{} documents", gathered.len());
    for kind in [
        "partnership",
        "french-authority",
        "foreign-partner",
        "theme",
        "country",
    ] {
        assert!(
            gathered
                .iter()
                .any(|d| d.contains(&format!("\"kind\":[\"{kind}\"]"))),
            "no {kind} document"
        );
    }
    let differ: Vec<_> = gathered
        .iter()
        .zip(&read_back)
        .filter(|(a, b)| a != b)
        .take(3)
        .collect();
    assert!(
        differ.is_empty() && gathered.len() == read_back.len(),
        "{} documents from the records, {} from the store; first differences: {differ:#?}",
        gathered.len(),
        read_back.len()
    );

    // Into a store with data, records are written in transactions: the index is then read
    // from the store, and says so.
    let mut changed = records.clone();
    changed[0].title = "Une coopération hydrographique".into();
    write_records(&path("changed.jsonl"), &changed);
    let (ok, err) = atlas_err(&["import", "--store", &s(&store), &s(&path("changed.jsonl"))]);
    assert!(ok, "{err}");
    assert!(err.contains("from the store"), "{err}");
    assert!(search::is_current(&store));
    assert_eq!(hits(&store, "hydrographique").len(), 1);
}

/// Rows of a SELECT asked of the server, as maps variable -> value.
fn sparql(url: &str, query: &str) -> (u16, Vec<BTreeMap<String, String>>, String) {
    let (status, _, body) = answer(
        agent()
            .post(&format!("{url}/sparql"))
            .set("Content-Type", "application/sparql-query")
            .set("Accept", "application/sparql-results+json")
            .send_string(query),
    );
    if status != 200 {
        return (status, Vec::new(), body);
    }
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON results");
    let rows = json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            b.as_object()
                .expect("binding")
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["value"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .collect();
    (status, rows, body)
}

#[test]
fn the_index_is_a_sparql_service_joined_to_graph_patterns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let records: Vec<Record> = atlas_lod::generate::records(7, 40).collect();
    write_records(&dir.path().join("r.jsonl"), &records);
    let pages = repo_path("examples/pages");
    import(
        &store,
        &[
            pages.to_str().expect("utf-8"),
            dir.path().join("r.jsonl").to_str().expect("utf-8"),
        ],
        &[],
    );
    // What the index finds for the words, partnerships only.
    let expected: Vec<String> = search::open_existing(&store)
        .expect("index")
        .ranked(
            &Question {
                text: "eau potable".into(),
                kinds: vec![Kind::Partnership],
                ..Question::default()
            },
            100,
        )
        .expect("ranked")
        .into_iter()
        .map(|(iri, _)| iri)
        .collect();
    assert!(expected.contains(&DOGBO.to_string()), "{expected:?}");
    let server = Server::on_store(&store, &[], &[]);
    let query = |words: &str, class: &str| {
        format!(
            "PREFIX atlas: <https://w3id.org/atlas-lod/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?p ?title ?start ?score WHERE {{
  SERVICE <https://w3id.org/atlas-lod/search> {{ ?p atlas:query \"{words}\" ; atlas:score ?score {class} }}
  GRAPH ?g {{ ?p dcterms:title ?title . OPTIONAL {{ ?p atlas:startYear ?start }} }}
}} ORDER BY DESC(?score) ?p"
        )
    };
    // The hits joined to the graph: the partnerships found, with their titles.
    let (status, rows, body) = sparql(&server.url, &query("eau potable", ""));
    assert_eq!(status, 200, "{body}");
    let found: std::collections::BTreeSet<&String> = rows.iter().map(|r| &r["p"]).collect();
    assert_eq!(found, expected.iter().collect(), "{body}");
    let scores: Vec<f64> = rows
        .iter()
        .map(|r| r["score"].parse().expect("a decimal score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{body}");
    let dogbo = rows.iter().find(|r| r["p"] == DOGBO).expect("Dogbo found");
    assert_eq!(
        dogbo["title"],
        "Accès à l’eau potable et assainissement à Dogbo"
    );
    // Kept to one class inside the SERVICE, and bounded by atlas:limit.
    let (status, rows, body) = sparql(
        &server.url,
        &query("eau potable", "; a atlas:Partnership ; atlas:limit 2"),
    );
    assert_eq!(status, 200, "{body}");
    let found: Vec<&String> = rows.iter().map(|r| &r["p"]).collect();
    assert_eq!(found.len(), 2.min(expected.len()), "{body}");
    assert!(found.iter().all(|p| expected.contains(p)), "{body}");
    // A limit out of range, not a whole number, or said twice: refused, not clamped.
    for limit in [
        "atlas:limit 0",
        "atlas:limit -1",
        "atlas:limit 2.5",
        "atlas:limit \"deux\"",
        "atlas:limit 100000000",
        "atlas:limit 2 ; atlas:limit 3",
    ] {
        let (status, _, body) = sparql(&server.url, &query("eau potable", &format!("; {limit}")));
        assert_eq!(status, 400, "{limit}: {body}");
        assert!(body.contains("atlas:limit"), "{limit}: {body}");
    }
    // Words found nowhere: no row.
    let (status, rows, body) = sparql(&server.url, &query("xyzzy plugh", ""));
    assert_eq!(status, 200, "{body}");
    assert!(rows.is_empty(), "{body}");
    // A pattern the index does not answer is the client's mistake, said so.
    let (status, _, body) = sparql(
        &server.url,
        "SELECT * WHERE { SERVICE <https://w3id.org/atlas-lod/search> { ?p ?q ?o } }",
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("atlas:query"), "{body}");
}
