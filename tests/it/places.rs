//! `link wikidata` for foreign partners' places, offline: a local reconciliation service
//! speaking v0.2 (its requests and answers checked against the spec's JSON Schemas) and a local
//! SPARQL endpoint answering from an in-memory Oxigraph store loaded with Wikidata-shaped
//! statements (`tests/places/wikidata.ttl`). The records (`tests/places/records.jsonl`) hold one
//! case each: the same name in two countries, two close candidates, a twinning Wikidata states
//! with a name spelt without its accent, no candidate, an association, a reviewed row.

use crate::common;

use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

/// What a fake does with request number n: answer, fail with a status, or talk garbage.
#[derive(Clone, Copy)]
enum Plan {
    Status(u16),
    Garbage,
}

/// A local HTTP server on a free port; each request handled by `answer` (body -> JSON), and
/// every request body and answer kept.
struct Fake {
    port: u16,
    log: Arc<Mutex<Vec<(String, String, String)>>>,
}

type Answer = Arc<dyn Fn(&str) -> String + Send + Sync>;

fn read_request(stream: &TcpStream) -> Option<(BTreeMap<String, String>, String)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body).ok()?;
    Some((headers, String::from_utf8_lossy(&body).into_owned()))
}

fn form(body: &str, field: &str) -> String {
    form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == field)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

impl Fake {
    fn start(plan: BTreeMap<usize, Plan>, answer: Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let l = log.clone();
        std::thread::spawn(move || {
            for (n, mut stream) in listener.incoming().flatten().enumerate() {
                let Some((headers, body)) = read_request(&stream) else {
                    continue;
                };
                let ua = headers.get("user-agent").cloned().unwrap_or_default();
                let (status, text) = match plan.get(&n) {
                    Some(Plan::Status(s)) => (*s, "busy".to_string()),
                    Some(Plan::Garbage) => (200, "<html>not json".to_string()),
                    None => (200, answer(&body)),
                };
                l.lock().expect("lock").push((ua, body, text.clone()));
                let _ = stream.write_all(
                    format!(
                        "HTTP/1.1 {status} X\r\nRetry-After: 1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                        text.len()
                    )
                    .as_bytes(),
                );
            }
        });
        Fake { port, log }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }

    fn log(&self) -> Vec<(String, String, String)> {
        self.log.lock().expect("lock").clone()
    }
}

/// The SPARQL endpoint: the query run on the fixture store, SPARQL JSON results.
fn sparql() -> Fake {
    let text =
        std::fs::read_to_string(common::repo_path("tests/places/wikidata.ttl")).expect("fixture");
    let store = Arc::new(common::store_of(&text, RdfFormat::Turtle));
    Fake::start(
        BTreeMap::new(),
        Arc::new(move |body| answer_sparql(&store, &form(body, "query"))),
    )
}

fn answer_sparql(store: &Store, query: &str) -> String {
    assert!(
        !query.contains("SERVICE") && !query.contains("wikibase:"),
        "plain SPARQL 1.1: {query}"
    );
    let Ok(results) = SparqlEvaluator::new()
        .parse_query(query)
        .expect("a query we can parse")
        .on_store(store)
        .execute()
    else {
        return String::new();
    };
    let QueryResults::Solutions(solutions) = results else {
        return String::new();
    };
    let mut out = Vec::new();
    let mut s = QueryResultsSerializer::from_format(QueryResultsFormat::Json)
        .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
        .expect("serializer");
    for sol in solutions {
        s.serialize(&sol.expect("solution")).expect("write");
    }
    s.finish().expect("finish");
    String::from_utf8(out).expect("utf-8")
}

/// The reconciliation service: each query's candidates from `tests/places/reconcile.json`,
/// keyed by the name asked (the country is left to the client's check, on purpose).
fn service(plan: BTreeMap<usize, Plan>) -> Fake {
    let text =
        std::fs::read_to_string(common::repo_path("tests/places/reconcile.json")).expect("fixture");
    let fixture: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).expect("fixture json");
    Fake::start(
        plan,
        Arc::new(move |body| {
            let queries: BTreeMap<String, serde_json::Value> =
                serde_json::from_str(&form(body, "queries")).unwrap_or_default();
            let mut out = serde_json::Map::new();
            for (id, q) in queries {
                let name = q["query"].as_str().unwrap_or_default();
                let result = fixture.get(name).cloned().unwrap_or(serde_json::json!([]));
                out.insert(id, serde_json::json!({ "result": result }));
            }
            serde_json::Value::Object(out).to_string()
        }),
    )
}

fn atlas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1796083200")
        .output()
        .expect("run atlas-lod")
}

fn ok(args: &[&str]) -> String {
    let out = atlas(args);
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "atlas-lod {args:?}:\n{o}\n{e}");
    o
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

struct Work {
    _dir: tempfile::TempDir,
    root: PathBuf,
    store: PathBuf,
}

fn imported() -> Work {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    let store = root.join("store");
    ok(&[
        "import",
        &s(&common::repo_path("tests/places/records.jsonl")),
        "--store",
        &s(&store),
        "--authorities",
        &s(&common::repo_path("tests/places/authorities.csv")),
    ]);
    Work {
        _dir: dir,
        root,
        store,
    }
}

fn link(w: &Work, sparql: &str, service: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "link".to_string(),
        "wikidata".into(),
        "--store".into(),
        s(&w.store),
        "--endpoint".into(),
        sparql.into(),
        "--reconcile".into(),
        service.into(),
        "--cache".into(),
        s(&w.root.join("cache.json")),
        "--review".into(),
        s(&w.root.join("review.csv")),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    atlas(&refs)
}

fn succeeded(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `partner -> (decision, wikidata)` from the review file.
fn review(w: &Work) -> BTreeMap<String, (String, String)> {
    let mut r = csv::Reader::from_path(w.root.join("review.csv")).expect("review file");
    let h = r.headers().expect("headers").clone();
    let col = |n: &str| h.iter().position(|c| c == n).expect(n);
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            (
                rec[col("name")].to_string(),
                (
                    rec[col("decision")].to_string(),
                    rec[col("wikidata")].to_string(),
                ),
            )
        })
        .collect()
}

const LINKS: &str = "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX atlas: <https://w3id.org/atlas-lod/ontology#> PREFIX geo: <http://www.opengis.net/ont/geosparql#> SELECT ?name ?item ?method ?score ?date ?wkt WHERE { GRAPH <https://w3id.org/atlas-lod/links/wikidata> { ?p owl:sameAs ?item . ?l atlas:linkSubject ?p ; atlas:linkTarget ?item ; atlas:linkMethod ?method ; atlas:linkDate ?date . OPTIONAL { ?l atlas:linkScore ?score } OPTIONAL { ?p geo:hasGeometry/geo:asWKT ?wkt } } GRAPH ?g { ?p a atlas:ForeignPartner ; <http://www.w3.org/2000/01/rdf-schema#label> ?name } } ORDER BY ?name";

fn links(w: &Work) -> String {
    ok(&["query", "--store", &s(&w.store), "--format", "csv", LINKS])
}

/// Runs the JSON Schema validator on each document against the schema.
fn check_schema(schema: &str, docs: &[String], dir: &Path) {
    let schema = common::repo_path(&format!("tests/places/schemas/{schema}"));
    let mut paths = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let p = dir.join(format!("doc-{i}.json"));
        std::fs::write(&p, d).expect("write");
        paths.push(s(&p));
    }
    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON: source scripts/test-tools.sh (it installs jsonschema)");
    let out = Command::new(python)
        .arg("-c")
        .arg("import json,sys,jsonschema\ns=json.load(open(sys.argv[1]))\nfor p in sys.argv[2:]:\n    jsonschema.validate(json.load(open(p)), s)\nprint('ok', len(sys.argv)-2)")
        .arg(&schema)
        .args(&paths)
        .output()
        .expect("python");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).starts_with("ok"),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn places_are_reconciled_decided_reviewed_and_reported() {
    let w = imported();
    let (endpoint, svc) = (sparql(), service(BTreeMap::new()));
    let out = succeeded(link(
        &w,
        &endpoint.url(),
        &svc.url(),
        &["--report", &s(&w.root.join("report"))],
    ));
    let r = review(&w);
    let get = |n: &str| r.get(n).cloned().unwrap_or_default();
    let pair = |d: &str, q: &str| (d.to_string(), q.to_string());
    // The same name in two countries: the country decides.
    assert_eq!(
        get("Ville de Saint-Louis"),
        pair("auto", "Q91000001"),
        "{r:?}"
    );
    assert_eq!(
        get("City of Saint Louis"),
        pair("auto", "Q91000002"),
        "{r:?}"
    );
    // Two close candidates in one country: to review, not linked.
    assert_eq!(
        get("Province de Santa Cruz"),
        pair("ambiguous", ""),
        "{r:?}"
    );
    // The accent differs, Wikidata states the twinning.
    assert_eq!(
        get("Ville de Bielsko-Biala"),
        pair("twinned", "Q91000020"),
        "{r:?}"
    );
    assert_eq!(
        get("Commune rurale de Zogbodomey"),
        pair("none", ""),
        "{r:?}"
    );
    assert_eq!(
        get("Association des amis de Tombouctou"),
        pair("none", ""),
        "{r:?}"
    );
    assert_eq!(
        get("Municipalité de Oruro"),
        pair("auto", "Q91000030"),
        "{r:?}"
    );
    assert!(
        out.contains("7 foreign partners (1 organisations)"),
        "{out}"
    );

    // Requests: user agent, batches, the association never asked, the country as P17.
    let asked = svc.log();
    assert!(
        asked.iter().all(|(ua, _, _)| ua.starts_with("atlas-lod/")),
        "{asked:?}"
    );
    let queries: Vec<String> = asked.iter().map(|(_, b, _)| form(b, "queries")).collect();
    assert_eq!(
        queries.len(),
        1,
        "six names in one batch of ten: {queries:?}"
    );
    assert!(!queries[0].contains("Tombouctou") && queries[0].contains("\"Zogbodomey\""));
    assert!(
        queries[0].contains(r#"{"pid":"P17","v":{"id":"Q1041"}}"#),
        "{}",
        queries[0]
    );
    let answers: Vec<String> = asked.iter().map(|(_, _, a)| a.clone()).collect();
    let schemas = w.root.join("schemas");
    std::fs::create_dir_all(&schemas).expect("dir");
    check_schema("reconciliation-query-batch.json", &queries, &schemas);
    check_schema("reconciliation-result-batch.json", &answers, &schemas);

    let table = links(&w);
    let line = |name: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .map(|l| l.split(',').map(str::to_string).collect())
            .unwrap_or_default()
    };
    let score = |f: &[String]| f.get(3).and_then(|s| s.parse::<f64>().ok());
    let b = line("Ville de Bielsko-Biala");
    assert_eq!(
        b[1..3],
        ["http://www.wikidata.org/entity/Q91000020", "twinned"],
        "{table}"
    );
    assert_eq!(
        (score(&b), &b[4..]),
        (
            Some(70.0),
            &[
                "2026-12-01".to_string(),
                "POINT(19.0447 49.8225)".to_string()
            ][..]
        ),
        "{table}"
    );
    let sl = line("Ville de Saint-Louis");
    assert_eq!(
        sl[1..3],
        ["http://www.wikidata.org/entity/Q91000001", "auto"],
        "{table}"
    );
    assert_eq!(
        (score(&sl), sl[5].as_str()),
        (Some(100.0), "POINT(-16.4896 16.0179)"),
        "{table}"
    );
    assert!(
        !table.contains("Santa Cruz") && !table.contains("Zogbodomey"),
        "{table}"
    );
    let french = ok(&[
        "query",
        "--store",
        &s(&w.store),
        "--format",
        "csv",
        "SELECT ?wkt WHERE { GRAPH <https://w3id.org/atlas-lod/links/wikidata> { <https://w3id.org/atlas-lod/id/organisation/siren/212500565> <http://www.opengis.net/ont/geosparql#hasGeometry>/<http://www.opengis.net/ont/geosparql#asWKT> ?wkt } }",
    ]);
    assert!(
        french.contains("POINT(6.0219 47.2431)"),
        "French authorities get their points: {french}"
    );

    // The twinnings compared, and the statements Wikidata lacks.
    let twinnings = std::fs::read_to_string(w.root.join("report/twinnings.csv")).expect("report");
    assert!(
        twinnings.starts_with(
            "french_item,partner_item,status,partnerships,atlas_status,wikidata_end\n"
        )
    );
    assert!(
        twinnings.contains("Q91000100,Q91000020,both,https://w3id.org/atlas-lod/id/partnership/"),
        "{twinnings}"
    );
    assert!(
        twinnings.contains("Q91000100,Q91000040,wikidata-only,,,2015-06-30"),
        "{twinnings}"
    );
    assert!(
        twinnings.contains("Q91000101,Q91000001,atlas-only,"),
        "{twinnings}"
    );
    let qs = std::fs::read_to_string(w.root.join("report/quickstatements.txt")).expect("qs");
    let lines: Vec<&str> = qs.lines().collect();
    assert_eq!(
        lines.len(),
        6,
        "two statements for each of three atlas-only pairs: {qs}"
    );
    for line in &lines {
        let f: Vec<&str> = line.split('\t').collect();
        let item = |s: &str| {
            s.len() > 1 && s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit())
        };
        assert!(
            f.len() == 7 && item(f[0]) && f[1] == "P190" && item(f[2]) && f[0] != f[2],
            "{line}"
        );
        assert!(
            f[3] == "S854"
                && f[4].starts_with("\"https://w3id.org/atlas-lod/id/partnership/")
                && f[4].ends_with('"'),
            "{line}"
        );
        assert!(
            f[5] == "S813" && f[6] == "+2026-12-01T00:00:00Z/11",
            "{line}"
        );
    }

    // A person reviews Oruro: the department, not the city. The reviewed row wins and stays.
    let text = std::fs::read_to_string(w.root.join("review.csv")).expect("review");
    let edited: String = text
        .lines()
        .map(|l| {
            if l.contains("Municipalité de Oruro") {
                l.replacen(",auto,Q91000030,", ",reviewed,Q91000031,", 1)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_ne!(edited, text);
    std::fs::write(w.root.join("review.csv"), &edited).expect("edit");
    succeeded(link(&w, &endpoint.url(), &svc.url(), &[]));
    assert_eq!(svc.log().len(), 1, "a second run asks the service nothing");
    assert_eq!(
        review(&w)
            .get("Municipalité de Oruro")
            .cloned()
            .unwrap_or_default(),
        pair("reviewed", "Q91000031")
    );
    let table = links(&w);
    assert!(table.contains("Municipalité de Oruro,http://www.wikidata.org/entity/Q91000031,reviewed,,2026-12-01,POINT(-67.5 -18)"), "{table}");
    let after = std::fs::read(w.root.join("review.csv")).expect("review");

    // Offline: the same links and the same review file, from the cache and the file alone.
    let out = succeeded(link(
        &w,
        "http://127.0.0.1:9/none",
        "http://127.0.0.1:9/none",
        &["--offline"],
    ));
    assert!(
        out.contains("0 names asked in 0 reconciliation request(s), 0 SPARQL request(s)"),
        "{out}"
    );
    assert_eq!(links(&w), table);
    assert_eq!(
        std::fs::read(w.root.join("review.csv")).expect("review"),
        after
    );
}

#[test]
fn places_service_failures_are_clear_and_write_nothing() {
    let w = imported();
    let endpoint = sparql();
    let review_file = w.root.join("review.csv");
    for (plan, says) in [
        (Plan::Status(500), "HTTP 500"),
        (Plan::Garbage, "not a reconciliation result batch"),
    ] {
        let svc = service((0..4).map(|n| (n, plan)).collect());
        let out = link(&w, &endpoint.url(), &svc.url(), &["--attempts", "2"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{err}");
        assert!(!review_file.exists(), "nothing half-written");
    }
    // A 429 is waited for (Retry-After) and retried.
    let svc = service(BTreeMap::from([(0, Plan::Status(429))]));
    let out = succeeded(link(&w, &endpoint.url(), &svc.url(), &[]));
    assert!(
        out.contains("reconciliation request(s)") && out.contains("(1 retried)"),
        "{out}"
    );
    assert!(review_file.exists());
}

/// Every file of a bundle folder (not the store, not the charts), gz decompressed.
fn bundle_texts(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("bundle") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            continue;
        }
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).expect("read");
        let bytes = if name.ends_with(".gz") {
            let mut v = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut v)
                .expect("gzip");
            v
        } else {
            bytes
        };
        out.insert(name, bytes);
    }
    out
}

#[test]
fn publish_and_import_rebuild_the_places_offline_from_the_review_file() {
    let w = imported();
    let (endpoint, svc) = (sparql(), service(BTreeMap::new()));
    succeeded(link(&w, &endpoint.url(), &svc.url(), &[]));
    let linked = links(&w);
    assert!(linked.contains("Ville de Bielsko-Biala"), "{linked}");
    // A person's decision, which the rebuilds must apply (and never rewrite).
    let review_file = w.root.join("review.csv");
    let text = std::fs::read_to_string(&review_file).expect("review");
    let edited = text.replacen(",auto,Q91000030,", ",reviewed,Q91000031,", 1);
    assert_ne!(edited, text);
    std::fs::write(&review_file, &edited).expect("edit");
    let review_before = std::fs::read(&review_file).expect("review");
    let (cache, review) = (s(&w.root.join("cache.json")), s(&review_file));
    let requests = (svc.log().len(), endpoint.log().len());

    // import --wikidata-cache --review: the places come back into a new store, offline.
    let store2 = w.root.join("store2");
    let records = s(&common::repo_path("tests/places/records.jsonl"));
    let authorities = s(&common::repo_path("tests/places/authorities.csv"));
    let printed = ok(&[
        "import",
        &records,
        "--store",
        &s(&store2),
        "--authorities",
        &authorities,
        "--wikidata-cache",
        &cache,
        "--review",
        &review,
    ]);
    assert!(printed.contains("places linked"), "{printed}");
    let rebuilt = ok(&["query", "--store", &s(&store2), "--format", "csv", LINKS]);
    assert!(
        rebuilt
            .contains("Municipalité de Oruro,http://www.wikidata.org/entity/Q91000031,reviewed,"),
        "{rebuilt}"
    );
    assert!(
        rebuilt
            .contains("Ville de Bielsko-Biala,http://www.wikidata.org/entity/Q91000020,twinned,"),
        "{rebuilt}"
    );
    // Without the review file the places are left out, and said to be.
    let store3 = w.root.join("store3");
    let o = atlas(&[
        "import",
        &records,
        "--store",
        &s(&store3),
        "--authorities",
        &authorities,
        "--wikidata-cache",
        &cache,
    ]);
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("places not rebuilt"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A review file named but absent is the user's mistake; so is a file that is not a
    // review file (empty, or another table).
    let import_with_review = |review: &Path| {
        atlas(&[
            "import",
            &records,
            "--store",
            &s(&store3),
            "--authorities",
            &authorities,
            "--wikidata-cache",
            &cache,
            "--review",
            &s(review),
        ])
    };
    let o = import_with_review(&w.root.join("no-such-review.csv"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success()
            && err.contains("--review: no such file")
            && err.contains("no-such-review.csv"),
        "{err}"
    );
    for (name, text) in [("empty.csv", ""), ("other.csv", "partner,name\nx,y\n")] {
        let review = w.root.join(name);
        std::fs::write(&review, text).expect("write");
        let o = import_with_review(&review);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !o.status.success() && err.contains("not a review file") && err.contains(name),
            "{name}: {err}"
        );
    }

    // publish: the three files, twice byte-identical, the review file untouched, no contact.
    let contact = w.root.join("contact.jsonl");
    std::fs::write(
        &contact,
        r#"{"source":{"file":"contact","line":1},"title":"Coopération Rennes – Oruro","status":"En cours","foreign_partners":[{"name":"Municipalité de Oruro","country":"BO"}],"french_partners":[{"name":"Rennes"}],"diplomatic_post":{"name":"Ambassade de France – Bolivie","contacts":[{"role":"Attaché de coopération","given_name":"Zéphirine","family_name":"QUASIMODO","email":"zephirine.quasimodo@diplomatie.gouv.fr"}]}}
"#,
    )
    .expect("write");
    let publish = |out: &Path| {
        ok(&[
            "publish",
            &records,
            &s(&contact),
            "--out",
            &s(out),
            "--authorities",
            &authorities,
            "--wikidata-cache",
            &cache,
            "--review",
            &review,
        ])
    };
    let (b1, b2) = (w.root.join("bundle1"), w.root.join("bundle2"));
    let printed = publish(&b1);
    assert!(
        printed.contains("places: 4 foreign partners linked to Wikidata (3 with a point)"),
        "{printed}"
    );
    publish(&b2);
    assert_eq!(
        (svc.log().len(), endpoint.log().len()),
        requests,
        "no request from import or publish"
    );
    assert_eq!(std::fs::read(&review_file).expect("review"), review_before);
    let (t1, t2) = (bundle_texts(&b1), bundle_texts(&b2));
    assert_eq!(t1.keys().collect::<Vec<_>>(), t2.keys().collect::<Vec<_>>());
    for (name, bytes) in &t1 {
        assert!(
            t2.get(name) == Some(bytes),
            "{name} differs between two runs"
        );
        let text = String::from_utf8_lossy(bytes);
        for needle in ["Zéphirine", "QUASIMODO", "zephirine.quasimodo"] {
            assert!(!text.contains(needle), "{name} holds {needle}");
        }
    }
    let file = |n: &str| String::from_utf8(t1.get(n).cloned().unwrap_or_default()).expect("utf-8");
    let places = file("places.csv");
    assert!(
        places.starts_with("partner,wikidata,method,score,longitude,latitude\r\n"),
        "{places}"
    );
    assert!(
        places.contains(",Q91000020,twinned,70,19.0447,49.8225\r\n"),
        "{places}"
    );
    // Reviewed after the last online run: the cache has no point for that item yet.
    assert!(places.contains(",Q91000031,reviewed,,,\r\n"), "{places}");
    assert_eq!(
        places.lines().count(),
        5,
        "four places and the header: {places}"
    );
    let twinnings = file("twinnings.csv");
    assert!(
        twinnings.contains("Q91000100,Q91000040,wikidata-only,,,2015-06-30"),
        "{twinnings}"
    );
    assert!(file("quickstatements.txt").lines().count() >= 2);
    for n in ["places.csv", "twinnings.csv", "quickstatements.txt"] {
        assert!(
            file("catalog.ttl").contains(&format!("/{n}>")),
            "{n} not in the catalogue"
        );
        assert!(file("README.md").contains(n), "{n} not in the README");
        assert!(file("SHA256SUMS").contains(n), "{n} not in SHA256SUMS");
    }
    let package: serde_json::Value =
        serde_json::from_slice(&t1["datapackage.json"]).expect("datapackage");
    let described: Vec<&str> = package["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["path"].as_str())
        .collect();
    assert!(
        described.contains(&"places.csv") && described.contains(&"twinnings.csv"),
        "{described:?}"
    );
    // Both descriptions hold, read by the reference tools, every row of every CSV described.
    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON is not set: run the tests through scripts/test.sh");
    let o = Command::new(python)
        .arg(common::repo_path("tests/clients/tabular_package.py"))
        .arg(b1.join("datapackage.json"))
        .arg(b1.join("csv-metadata.json"))
        .arg(w.root.join("derived.json"))
        .output()
        .expect("python runs");
    let said = String::from_utf8_lossy(&o.stdout);
    let rows: usize = described.iter().map(|f| file(f).lines().count() - 1).sum();
    assert!(
        o.status.success() && said.contains(&format!("csvw_rows={rows}")),
        "{said}{} (expected {rows} rows)",
        String::from_utf8_lossy(&o.stderr)
    );

    // Without --review: no places files.
    let b3 = w.root.join("bundle3");
    ok(&[
        "publish",
        &records,
        "--out",
        &s(&b3),
        "--authorities",
        &authorities,
        "--wikidata-cache",
        &cache,
    ]);
    assert!(!b3.join("places.csv").exists() && !b3.join("twinnings.csv").exists());
}

#[test]
fn queries_and_pages_use_the_place_links() {
    let w = imported();
    let (endpoint, svc) = (sparql(), service(BTreeMap::new()));
    succeeded(link(
        &w,
        &endpoint.url(),
        &svc.url(),
        &["--report", &s(&w.root.join("report"))],
    ));
    let store = Store::open_read_only(&w.store).expect("store");
    let mini = common::store_of(
        &std::fs::read_to_string(common::repo_path("tests/places/wikidata.ttl")).expect("fixture"),
        RdfFormat::Turtle,
    );
    let entity = |q: &str| format!("http://www.wikidata.org/entity/{q}");

    // Near Saint-Louis, Senegal: that partner only, not its namesake in Missouri.
    let near = crate::federated::run(&store, &mini, "partners-near-a-point.rq");
    let got: Vec<(&str, &str, &str)> = near
        .iter()
        .map(|r| {
            (
                r["item"].as_str(),
                r["longitude"].as_str(),
                r["latitude"].as_str(),
            )
        })
        .collect();
    assert_eq!(got, [(entity("Q91000001").as_str(), "-16.4896", "16.0179")]);

    // Population and kind of place: bounded to places with a twin town in Wikidata.
    let rows = crate::federated::run(&store, &mini, "wikidata-partner-places-population.rq");
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["item"].as_str(),
                r["method"].as_str(),
                r["population"].as_str(),
                r.get("kindName").map_or("", String::as_str),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(
            entity("Q91000001").as_str(),
            "auto",
            "254171",
            "commune du Sénégal"
        )]
    );

    // The twinnings Wikidata lacks: the report's atlas-only pairs, no more, no fewer.
    let report = std::fs::read_to_string(w.root.join("report/twinnings.csv")).expect("report");
    let expected: std::collections::BTreeSet<(String, String)> = report
        .lines()
        .filter(|l| l.contains(",atlas-only,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (entity(f[0]), entity(f[1]))
        })
        .collect();
    assert_eq!(expected.len(), 3, "{report}");
    let rows = crate::federated::run(&store, &mini, "wikidata-twinnings-missing.rq");
    let got: std::collections::BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r["frenchItem"].clone(), r["partnerItem"].clone()))
        .collect();
    assert_eq!(got, expected);

    drop(store);

    // The pages show the link, how it was made, and the point on a small map.
    let server = common::server::Server::on_store(&w.store, &[], &[]);
    let page = |iri: &str| {
        let path = iri
            .strip_prefix("https://w3id.org/atlas-lod/")
            .expect("a minted IRI");
        let (status, _, body) = common::server::answer(
            common::server::agent()
                .get(&format!("{}/{path}?lang=en", server.url))
                .set("Accept", "text/html")
                .call(),
        );
        assert_eq!(status, 200, "{iri}: {body}");
        body
    };
    let text = std::fs::read_to_string(w.root.join("review.csv")).expect("review");
    let bielsko = text
        .lines()
        .find(|l| l.contains("Ville de Bielsko-Biala"))
        .and_then(|l| l.split(',').next())
        .expect("a row");
    let body = page(bielsko);
    assert!(
        body.contains("https://www.wikidata.org/wiki/Q91000020")
            && body.contains("data-method=\"twinned\"")
            && body.contains("class=\"place-map\"")
            && body.contains("data-lon=\"19.0447\" data-lat=\"49.8225\""),
        "{body}"
    );
    let partnership = report
        .lines()
        .find(|l| l.starts_with("Q91000100,Q91000020,both,"))
        .and_then(|l| l.split(',').nth(3))
        .expect("the twinning's partnership");
    let body = page(partnership);
    assert!(
        body.contains("https://www.wikidata.org/wiki/Q91000020")
            && body.contains("https://www.wikidata.org/wiki/Q91000100")
            && body.contains("data-method=\"identifier\"")
            && body.matches("<circle").count() == 2,
        "Besançon and Bielsko-Biała, each with a point: {body}"
    );
}
