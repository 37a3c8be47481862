//! `/reconcile`, the W3C Reconciliation Service API v0.2, driven over HTTP as a client of the
//! protocol does it: the manifest read first, every other URL taken from it. Every answer is
//! checked against the specification's JSON Schemas (Python's `jsonschema`, installed by
//! `scripts/test-tools.sh`); the group's valid query examples are answered, the invalid ones
//! refused; a batch from the authorities CSV finds each authority by name and SIREN.

use super::common::repo_path;
use super::common::server::{Server, agent, answer};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn spec() -> PathBuf {
    let p = repo_path("../shared/standards/reconciliation-api-0.2");
    assert!(
        p.join("schemas").is_dir(),
        "{} is missing: ../shared must sit beside the repository",
        p.display()
    );
    p
}

/// Validates each document against one of the specification's schemas; fails on any error.
fn validate(schema: &str, docs: &[&Value], dir: &Path) {
    assert!(!docs.is_empty(), "nothing to validate against {schema}");
    let mut paths = Vec::new();
    for d in docs {
        let p = dir.join(format!("doc-{}.json", paths.len()));
        std::fs::write(&p, d.to_string()).expect("write");
        paths.push(p);
    }
    let (ok, out) = run_validator(schema, &paths);
    assert!(ok, "{schema}: {out}");
    assert_eq!(out.trim(), format!("ok {}", docs.len()), "{out}");
}

fn run_validator(schema: &str, paths: &[PathBuf]) -> (bool, String) {
    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON: source scripts/test-tools.sh (it installs jsonschema)");
    let out = Command::new(python)
        .arg(repo_path("tests/clients/reconcile_schemas.py"))
        .arg(spec().join("schemas"))
        .arg(schema)
        .args(paths)
        .output()
        .expect("python runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The examples of the specification in `examples/KIND/{valid,invalid}`.
fn examples(kind: &str, which: &str) -> Vec<PathBuf> {
    let dir = spec().join("examples").join(kind).join(which);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no example in {}", dir.display());
    v
}

/// A client of the protocol: the service's endpoint and its manifest.
struct Client {
    endpoint: String,
    manifest: Value,
}

fn json_of(status: u16, ct: &str, body: &str) -> Value {
    assert_eq!(status, 200, "{body}");
    assert!(ct.starts_with("application/json"), "{ct}: {body}");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

impl Client {
    fn new(server: &Server) -> Client {
        let endpoint = format!("{}/reconcile", server.url);
        let (s, ct, body) = answer(agent().get(&endpoint).call());
        Client {
            manifest: json_of(s, &ct, &body),
            endpoint,
        }
    }

    /// POSTs a batch (the protocol's main way): status and body.
    fn post(&self, field: &str, payload: &str) -> (u16, String, String) {
        answer(agent().post(&self.endpoint).send_form(&[(field, payload)]))
    }

    fn reconcile(&self, batch: &Value) -> Value {
        let (s, ct, body) = self.post("queries", &batch.to_string());
        json_of(s, &ct, &body)
    }

    fn extend(&self, query: &Value) -> Value {
        let (s, ct, body) = self.post("extend", &query.to_string());
        json_of(s, &ct, &body)
    }

    /// The URL of a service the manifest declares (`service_url` + `service_path`).
    fn service(m: &Value) -> String {
        format!(
            "{}{}",
            m["service_url"].as_str().expect("service_url"),
            m["service_path"].as_str().expect("service_path")
        )
    }

    fn suggest(&self, what: &str, prefix: &str) -> Value {
        let url = Client::service(&self.manifest["suggest"][what]);
        let (s, ct, body) = answer(agent().get(&url).query("prefix", prefix).call());
        json_of(s, &ct, &body)
    }

    /// A template of the manifest (`view`, `preview`) filled with an identifier, encoded as a
    /// URI component as the specification says clients must.
    fn filled(&self, template: &str, id: &str) -> String {
        let t = self.manifest[template]["url"]
            .as_str()
            .expect("url template");
        let encoded: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
        t.replace("{{id}}", &encoded.replace('+', "%20"))
    }
}

/// A store of the bundled examples and the seed, its French partners matched to the
/// authorities CSV, with contacts' names and e-mails kept (so that their absence from every
/// answer means something).
fn served(dir: &Path) -> Server {
    let store = dir.join("store");
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("import")
        .arg(repo_path("examples/pages"))
        .arg(repo_path("examples/records/generated.jsonl"))
        .arg(super::common::seed_path())
        .arg("--authorities")
        .arg(repo_path("examples/authorities.csv"))
        .args(["--contacts", "full", "--store"])
        .arg(&store)
        .output()
        .expect("import runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Server::on_store(&store, &["--serve-personal-data"], &[])
}

/// Rows of a SELECT over the server's SPARQL endpoint, as CSV cells.
fn select(server: &Server, query: &str) -> Vec<Vec<String>> {
    let (s, _, body) = answer(
        agent()
            .post(&format!("{}/sparql", server.url))
            .set("Accept", "text/csv")
            .send_form(&[("query", query)]),
    );
    assert_eq!(s, 200, "{body}");
    let mut r = csv::Reader::from_reader(body.as_bytes());
    r.records()
        .map(|rec| rec.expect("csv").iter().map(str::to_string).collect())
        .collect()
}

const AUTHORITY: &str = "https://w3id.org/atlas-lod/ontology#FrenchLocalAuthority";
const CUENCA: &str = "https://w3id.org/atlas-lod/id/organisation/ec/ville-de-cuenca";

#[test]
fn the_protocol_as_the_specification_and_its_examples_say() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = served(dir.path());
    let client = Client::new(&server);
    let m = &client.manifest;
    validate("manifest.json", &[m], dir.path());
    assert_eq!(m["versions"], json!(["0.2"]));
    assert_eq!(m["identifierSpace"], "https://w3id.org/atlas-lod/");
    assert_eq!(m["schemaSpace"], "https://w3id.org/atlas-lod/ontology#");
    let batch_size = m["batchSize"].as_u64().expect("batchSize");
    assert!(m["defaultTypes"].as_array().is_some_and(|t| t.len() == 4));

    // The group's valid query batches are answered, result for result, and every answer is a
    // valid result batch; the invalid ones are refused with 400 and a message.
    let mut answers = Vec::new();
    for p in examples("reconciliation-query-batch", "valid") {
        let batch: Value = serde_json::from_str(&std::fs::read_to_string(&p).expect("read"))
            .expect("example JSON");
        let a = client.reconcile(&batch);
        let asked: Vec<&String> = batch.as_object().expect("object").keys().collect();
        let got: Vec<&String> = a.as_object().expect("object").keys().collect();
        assert_eq!(asked, got, "{}", p.display());
        answers.push(a);
    }
    for p in examples("reconciliation-query-batch", "invalid") {
        let text = std::fs::read_to_string(&p).expect("read");
        let (s, _, body) = client.post("queries", &text);
        assert_eq!(s, 400, "{}: {body}", p.display());
        assert!(body.contains("q0") || body.contains("q1"), "{body}");
    }
    // Our own batches: names with and without types and conditions, an IRI as the name.
    let ours = json!({
        "q0": {"query": "Ville de Cuenca", "type": "https://w3id.org/atlas-lod/ontology#ForeignPartner"},
        "q1": {"query": "Ville de Cuenca", "properties": [{"pid": "country", "v": "EC"}], "limit": 3},
        "q2": {"query": CUENCA},
        "q3": {"query": "Besançon", "type": [AUTHORITY], "type_strict": "all"},
        "q4": {"query": "eau potable", "type": "http://www.w3.org/2004/02/skos/core#Concept"},
        "q5": {"query": "Cuenca", "properties": [{"pid": "country", "v": {"id": "http://publications.europa.eu/resource/authority/country/BEN"}}]},
        "q6": {"query": "Cuenca", "properties": [{"pid": "country", "v": "Ecuador"}]},
        "q7": {"query": ""},
        "q8": {"query": "   ", "type": AUTHORITY},
    });
    let a = client.reconcile(&ours);
    // Two foreign partners are named "Ville de Cuenca" (Ecuador, and Mongolia in the generated
    // records): both come first, neither is a match; the country decides.
    let namesakes: Vec<&Value> = a["q0"]["result"]
        .as_array()
        .expect("result")
        .iter()
        .take(2)
        .collect();
    assert!(namesakes.iter().any(|c| c["id"] == CUENCA), "{a}");
    assert!(
        namesakes
            .iter()
            .all(|c| c["score"] == 100.0 && c["match"] == false),
        "{a}"
    );
    assert_eq!(a["q1"]["result"][0]["id"], CUENCA, "{a}");
    assert_eq!(a["q1"]["result"][0]["match"], true, "{a}");
    // Part of the name: first, not a match.
    assert_eq!(a["q6"]["result"][0]["id"], CUENCA, "{a}");
    assert_eq!(a["q6"]["result"][0]["match"], false, "{a}");
    // Only candidates whose names share a meaningful word with the name asked.
    assert!(
        a["q0"]["result"]
            .as_array()
            .expect("result")
            .iter()
            .all(|c| c["score"].as_f64().is_some_and(|s| s > 0.0)),
        "{a}"
    );
    assert!(a["q1"]["result"].as_array().is_some_and(|r| r.len() <= 3));
    assert_eq!(a["q2"]["result"][0]["id"], CUENCA, "{a}");
    assert_eq!(a["q2"]["result"][0]["match"], true, "{a}");
    assert!(
        a["q3"]["result"][0]["name"]
            .as_str()
            .is_some_and(|n| n.contains("Besançon")),
        "{a}"
    );
    assert_eq!(a["q5"]["result"], json!([]), "Cuenca is not in Benin: {a}");
    // An empty name is a query the schema accepts: it finds nothing, the others are answered.
    assert_eq!(a["q7"]["result"], json!([]), "{a}");
    assert_eq!(a["q8"]["result"], json!([]), "{a}");
    answers.push(a);
    // The same batch by GET (the protocol's other way) gives the same answer.
    let (s, ct, body) = answer(
        agent()
            .get(&client.endpoint)
            .query("queries", &ours.to_string())
            .call(),
    );
    assert_eq!(json_of(s, &ct, &body), answers[answers.len() - 1]);
    let refs: Vec<&Value> = answers.iter().collect();
    validate("reconciliation-result-batch.json", &refs, dir.path());

    // Bounded work: a batch of batchSize queries is answered, one more is refused (413, as the
    // specification says of batches larger than batchSize).
    let batch = |n: u64| {
        let mut b = serde_json::Map::new();
        for i in 0..n {
            b.insert(format!("q{i}"), json!({"query": "Cuenca", "limit": 1}));
        }
        Value::Object(b).to_string()
    };
    let (s, _, body) = client.post("queries", &batch(batch_size));
    assert_eq!(s, 200, "{body}");
    let (s, _, body) = client.post("queries", &batch(batch_size + 1));
    assert_eq!(s, 413, "{body}");
    assert!(body.contains("batchSize"), "{body}");

    // Malformed requests: 400 (or 415) with a message, never a 500.
    for (field, payload, needle) in [
        ("queries", "{not json", "not JSON"),
        ("queries", "[1, 2]", "object"),
        ("queries", r#"{"q0": {"query": "x", "limit": -2}}"#, "limit"),
        (
            "queries",
            r#"{"q0": {"query": "x", "type_strict": "most"}}"#,
            "type_strict",
        ),
        (
            "queries",
            r#"{"q0": {"properties": [{"pid": "siren"}]}}"#,
            "`v`",
        ),
        ("extend", r#"{"ids": "x", "properties": []}"#, "ids"),
        (
            "extend",
            r#"{"ids": [], "properties": [{"name": "x"}]}"#,
            "id",
        ),
    ] {
        let (s, _, body) = client.post(field, payload);
        assert_eq!(s, 400, "{payload}: {body}");
        assert!(body.contains(needle), "{payload}: {body}");
    }
    let (s, _, body) = answer(agent().post(&client.endpoint).send_string(""));
    assert_eq!(s, 400, "{body}");
    let (s, _, body) = answer(
        agent()
            .post(&client.endpoint)
            .set("Content-Type", "application/json")
            .send_string(&ours.to_string()),
    );
    assert_eq!(s, 415, "{body}");
    let twice = format!("{}?queries=%7B%7D&queries=%7B%7D", client.endpoint);
    assert_eq!(answer(agent().get(&twice).call()).0, 400);
    let bad_callback = format!("{}?callback=alert(1)", client.endpoint);
    assert_eq!(answer(agent().get(&bad_callback).call()).0, 400);

    // CORS on every endpoint, JSONP when asked.
    let r = agent()
        .get(&client.endpoint)
        .set("Origin", "https://openrefine.example")
        .call()
        .expect("manifest");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let (s, ct, body) = answer(
        agent()
            .get(&client.endpoint)
            .query("callback", "jQuery123_4")
            .call(),
    );
    assert_eq!(s, 200);
    assert!(ct.contains("javascript"), "{ct}");
    assert!(
        body.starts_with("/**/jQuery123_4({") && body.ends_with(");"),
        "{body}"
    );

    // Suggest (entities, types, properties) and property proposals, each valid.
    let e = client.suggest("entity", "Cuen");
    assert!(
        e["result"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x["id"] == CUENCA)),
        "{e}"
    );
    validate("suggest-entities-response.json", &[&e], dir.path());
    let t = client.suggest("type", "collectivit");
    assert_eq!(t["result"][0]["id"], AUTHORITY, "{t}");
    validate("suggest-types-response.json", &[&t], dir.path());
    let p = client.suggest("property", "sir");
    assert_eq!(p["result"][0]["id"], "siren", "{p}");
    validate("suggest-properties-response.json", &[&p], dir.path());
    let proposals = {
        let url = Client::service(&client.manifest["extend"]["propose_properties"]);
        let (s, ct, body) = answer(
            agent()
                .get(&url)
                .query("type", AUTHORITY)
                .query("limit", "10")
                .call(),
        );
        json_of(s, &ct, &body)
    };
    let ids: Vec<&str> = proposals["properties"]
        .as_array()
        .expect("properties")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"siren") && ids.contains(&"partnershipCount"),
        "{proposals}"
    );
    validate(
        "data-extension-property-proposal.json",
        &[&proposals],
        dir.path(),
    );

    // The group's data extension queries are answered (their identifiers name nothing here).
    let mut extended = Vec::new();
    for p in examples("data-extension-query", "valid") {
        let q: Value = serde_json::from_str(&std::fs::read_to_string(&p).expect("read"))
            .expect("example JSON");
        extended.push(client.extend(&q));
    }
    let refs: Vec<&Value> = extended.iter().collect();
    validate("data-extension-response.json", &refs, dir.path());

    // The validator itself refuses what the group marked invalid: a pass above means something.
    let (ok, out) = run_validator(
        "reconciliation-result-batch.json",
        &examples("reconciliation-result-batch", "invalid"),
    );
    assert!(!ok && out.matches("invalid ").count() >= 3, "{out}");
}

#[test]
fn authorities_by_name_and_siren_then_their_columns_and_never_a_contact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = served(dir.path());
    let client = Client::new(&server);
    // What the store says, over SPARQL: each French authority's IRI, name and SIREN.
    let known = select(
        &server,
        "PREFIX atlas: <https://w3id.org/atlas-lod/ontology#> \
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> \
         SELECT DISTINCT ?o ?name ?siren WHERE { GRAPH ?g { ?o a atlas:FrenchLocalAuthority ; \
         rdfs:label ?name ; atlas:siren ?siren } } ORDER BY ?o",
    );
    assert!(known.len() >= 3, "{known:?}");
    let iri_of = |siren: &str| known.iter().find(|r| r[2] == siren).map(|r| r[0].clone());
    // A batch from the authorities CSV (name; SIREN), as a spreadsheet would send it.
    let csv_text = std::fs::read_to_string(repo_path("examples/authorities.csv")).expect("csv");
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv_text.as_bytes());
    let mut batch = serde_json::Map::new();
    let mut expected = Vec::new();
    for (i, rec) in rows.records().enumerate() {
        let rec = rec.expect("row");
        let (name, siren) = (rec[0].to_string(), rec[1].to_string());
        batch.insert(
            format!("q{i}"),
            json!({"query": name, "type": AUTHORITY,
                   "properties": [{"pid": "siren", "v": siren}]}),
        );
        expected.push((format!("q{i}"), iri_of(&siren)));
    }
    let batch = Value::Object(batch);
    let a = client.reconcile(&batch);
    let mut found = 0;
    for (key, iri) in &expected {
        let first = &a[key]["result"][0];
        match iri {
            Some(iri) => {
                assert_eq!(first["id"], iri.as_str(), "{key}: {a}");
                assert_eq!(first["match"], true, "{key}: {a}");
                found += 1;
            }
            // A SIREN the Atlas does not hold: no candidate, least of all a match.
            None => assert_eq!(a[key]["result"], json!([]), "{key}: {a}"),
        }
    }
    assert_eq!(found, known.len(), "{a}");
    // By name alone, each authority's own name finds it first, as a match.
    let mut by_name = serde_json::Map::new();
    for (i, r) in known.iter().enumerate() {
        by_name.insert(format!("q{i}"), json!({"query": r[1], "type": AUTHORITY}));
    }
    let n = client.reconcile(&Value::Object(by_name));
    for (i, r) in known.iter().enumerate() {
        let first = &n[format!("q{i}")]["result"][0];
        assert_eq!(first["id"], r[0].as_str(), "{n}");
        assert_eq!(first["match"], true, "{n}");
    }
    validate("reconciliation-result-batch.json", &[&a, &n], dir.path());

    // Data extension: the columns asked, for an authority, a foreign partner and an unknown id.
    let (besancon, besancon_siren) = known
        .iter()
        .find(|r| r[1].contains("Besançon"))
        .map(|r| (r[0].clone(), r[2].clone()))
        .expect("Besançon is an authority of the store");
    let properties = [
        "label",
        "country",
        "siren",
        "inseeCode",
        "startYear",
        "wikidata",
        "partnershipCount",
        "nope",
    ];
    let x = client.extend(&json!({
        "ids": [besancon, CUENCA, "https://w3id.org/atlas-lod/id/nothing"],
        "properties": properties.iter().map(|p| json!({"id": p})).collect::<Vec<_>>(),
    }));
    validate("data-extension-response.json", &[&x], dir.path());
    let meta: Vec<&str> = x["meta"]
        .as_array()
        .expect("meta")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(meta, properties, "{x}");
    let row = &x["rows"][besancon.as_str()];
    assert_eq!(row["siren"], json!([{"str": besancon_siren}]), "{x}");
    assert!(
        row["label"][0]["str"]
            .as_str()
            .is_some_and(|l| l.contains("Besançon")),
        "{x}"
    );
    assert!(
        row["partnershipCount"][0]["int"]
            .as_u64()
            .is_some_and(|n| n >= 1),
        "{x}"
    );
    assert!(
        row["startYear"][0]["int"]
            .as_u64()
            .is_some_and(|y| y > 1950),
        "{x}"
    );
    let partner = &x["rows"][CUENCA];
    assert_eq!(partner["country"], json!([{"str": "Équateur"}]), "{x}");
    assert_eq!(partner["siren"], json!([]), "{x}");
    assert!(
        partner["partnershipCount"][0]["int"]
            .as_u64()
            .is_some_and(|n| n >= 1),
        "{x}"
    );
    let nothing = &x["rows"]["https://w3id.org/atlas-lod/id/nothing"];
    assert!(properties.iter().all(|p| nothing[*p] == json!([])), "{x}");

    // Suggest, preview and view answer for both.
    for (iri, typed, name) in [
        (besancon.as_str(), "Besan", "Besançon"),
        (CUENCA, "Cuen", "Cuenca"),
    ] {
        let e = client.suggest("entity", typed);
        assert!(
            e["result"]
                .as_array()
                .is_some_and(|r| r.iter().any(|x| x["id"] == iri)),
            "{e}"
        );
        let by_iri = client.suggest("entity", iri);
        assert_eq!(by_iri["result"][0]["id"], iri, "{by_iri}");
        validate("suggest-entities-response.json", &[&e, &by_iri], dir.path());
        let (s, ct, html) = answer(agent().get(&client.filled("preview", iri)).call());
        assert_eq!(s, 200, "{html}");
        assert!(ct.starts_with("text/html"), "{ct}");
        assert!(html.contains(name), "{html}");
        let r = agent()
            .get(&client.filled("view", iri))
            .call()
            .expect("view");
        assert_eq!(r.status(), 303);
        let to = r.header("location").expect("Location").to_string();
        assert!(to.starts_with(&server.url), "{to}");
        let (s, _, page) = answer(agent().get(&to).set("Accept", "text/html").call());
        assert_eq!(s, 200, "{to}");
        assert!(page.contains(name), "{to}");
    }
    let (s, _, _) = answer(
        agent()
            .get(&client.filled("preview", "https://w3id.org/atlas-lod/id/nothing"))
            .call(),
    );
    assert_eq!(s, 404);

    // Contacts: in the store (imported with --contacts full), never a candidate, a
    // suggestion or a description.
    let people = select(
        &server,
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT DISTINCT ?f WHERE { GRAPH ?g { ?p foaf:familyName ?f } } ORDER BY ?f",
    );
    assert!(people.len() >= 3, "{people:?}");
    let mut asked = serde_json::Map::new();
    for (i, p) in people.iter().enumerate() {
        asked.insert(format!("q{i}"), json!({"query": p[0], "limit": 25}));
    }
    let c = client.reconcile(&Value::Object(asked));
    for (i, p) in people.iter().enumerate() {
        let family = p[0].to_lowercase();
        for cand in c[format!("q{i}")]["result"].as_array().expect("result") {
            let text = format!("{} {}", cand["name"], cand["description"]).to_lowercase();
            assert!(!text.contains(&family), "{family} in {cand}");
        }
        let s = client.suggest("entity", &p[0]);
        assert!(
            !s.to_string().to_lowercase().contains(&family),
            "{family} in {s}"
        );
    }
}
