//! `push` against a real Virtuoso (Debian's virtuoso-opensource), started here on loopback
//! ports and stopped at the end: after a push the same SELECTs give the same answers on
//! Virtuoso and on our store; a second push replaces rather than duplicates; `--only-changed`
//! sends only what changed and deletes what is gone. Virtuoso missing is a failure, not a skip
//! (scripts/test-tools.sh installs it).

use crate::common;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PREFIXES: &str = "PREFIX atlas: <https://w3id.org/atlas-lod/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
";

/// A Virtuoso server in a temporary folder, killed on drop.
struct Virtuoso {
    child: Child,
    http: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Virtuoso {
    fn start() -> Self {
        let binary = ["/usr/bin/virtuoso-t", "/usr/local/bin/virtuoso-t"]
            .into_iter()
            .find(|p| Path::new(p).is_file())
            .expect("virtuoso-t is missing: bash scripts/test-tools.sh installs Debian's virtuoso-opensource");
        let dir = tempfile::tempdir().expect("temp dir");
        let (sql, http) = (free_port(), free_port());
        let d = dir.path().display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
             LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
             xa_persistent_file = {d}/virtuoso.pxa\nTempStorage = TempDatabase\n\
             [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql}\nDisableUnixSocket = 1\nCaseMode = 2\n\
             DirsAllowed = .\nNumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{http}\nServerRoot = {d}\nServerThreads = 4\nCharset = UTF-8\n\
             [SPARQL]\nResultSetMaxRows = 100000\nMaxQueryExecutionTime = 60\n"
        );
        let ini_path = dir.path().join("virtuoso.ini");
        std::fs::write(&ini_path, ini).expect("write virtuoso.ini");
        let child = Command::new(binary)
            .arg("+foreground")
            .arg("+configfile")
            .arg(&ini_path)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start virtuoso-t");
        let server = Self {
            child,
            http,
            _dir: dir,
        };
        let started = Instant::now();
        loop {
            if server.sparql("ASK {}").is_ok() {
                return server;
            }
            // Only catches a Virtuoso that never comes up.
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "Virtuoso did not answer on port {http} within 90 s"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud-auth", self.http)
    }

    fn sparql(&self, query: &str) -> Result<serde_json::Value, String> {
        let url = format!("http://127.0.0.1:{}/sparql", self.http);
        ureq::get(&url)
            .query("query", query)
            .set("Accept", "application/sparql-results+json")
            .call()
            .map_err(|e| e.to_string())?
            .into_string()
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    }

    /// A SELECT's rows, values normalised as in [`normal`].
    fn select(&self, query: &str) -> Vec<Vec<String>> {
        let json = self
            .sparql(&format!("{PREFIXES}{query}"))
            .unwrap_or_else(|e| panic!("Virtuoso: {e}\n{query}"));
        let vars: Vec<String> = json["head"]["vars"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut rows: Vec<Vec<String>> = json["results"]["bindings"]
            .as_array()
            .map(|b| {
                b.iter()
                    .map(|row| {
                        vars.iter()
                            .map(|v| {
                                let cell = &row[v.as_str()];
                                let value = cell["value"].as_str().unwrap_or("").to_string();
                                match cell["type"].as_str() {
                                    Some("uri") => format!("<{value}>"),
                                    Some("literal" | "typed-literal") => normal(
                                        &value,
                                        cell["xml:lang"].as_str(),
                                        cell["datatype"].as_str(),
                                    ),
                                    _ => "unbound".to_string(),
                                }
                            })
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        rows.sort();
        rows
    }
}

/// One value as both stores can be compared: IRIs in brackets, numbers by value, years by
/// their digits, strings with their language.
fn normal(value: &str, lang: Option<&str>, datatype: Option<&str>) -> String {
    let numeric = datatype.is_some_and(|d| {
        ["integer", "decimal", "double", "float", "int", "long"]
            .iter()
            .any(|t| d == format!("http://www.w3.org/2001/XMLSchema#{t}"))
    });
    if numeric {
        let n: f64 = value.parse().unwrap_or(f64::NAN);
        return format!("{n}");
    }
    match lang {
        Some(l) => format!("{value:?}@{}", l.to_lowercase()),
        None => format!("{value:?}"),
    }
}

fn ours(store: &Store, query: &str) -> Vec<Vec<String>> {
    let q = format!("{PREFIXES}{query}");
    let results = SparqlEvaluator::new()
        .parse_query(&q)
        .unwrap_or_else(|e| panic!("{e}\n{q}"))
        .on_store(store)
        .execute()
        .unwrap_or_else(|e| panic!("{e}"));
    let QueryResults::Solutions(solutions) = results else {
        panic!("not a SELECT");
    };
    let vars: Vec<_> = solutions.variables().to_vec();
    let mut rows: Vec<Vec<String>> = solutions
        .map(|s| {
            let s = s.unwrap_or_else(|e| panic!("{e}"));
            vars.iter()
                .map(|v| match s.get(v) {
                    Some(Term::NamedNode(n)) => format!("<{}>", n.as_str()),
                    Some(Term::Literal(l)) => {
                        normal(l.value(), l.language(), Some(l.datatype().as_str()))
                    }
                    Some(other) => other.to_string(),
                    None => "unbound".to_string(),
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// Queries both stores must answer alike: record graphs only (Virtuoso has graphs of its own).
const QUERIES: &[&str] = &[
    "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/atlas-lod/\")) } GROUP BY ?g",
    "SELECT ?p ?title ?start WHERE { GRAPH ?g { ?p a atlas:Partnership ; dcterms:title ?title . OPTIONAL { ?p atlas:startYear ?y } BIND(STR(?y) AS ?start) } }",
    "SELECT ?year (SUM(?amount) AS ?total) (COUNT(?f) AS ?rows) WHERE { GRAPH ?g { ?p atlas:funding ?f . ?f atlas:year ?y ; atlas:amount ?amount } BIND(STR(?y) AS ?year) } GROUP BY ?year",
    "SELECT ?code (COUNT(DISTINCT ?p) AS ?partnerships) WHERE { GRAPH ?g { ?p atlas:foreignPartner ?o . ?o atlas:country ?c . ?c atlas:iso3166Alpha2 ?code } } GROUP BY ?code",
    "SELECT ?theme ?label WHERE { GRAPH <https://w3id.org/atlas-lod/theme/> { ?theme skos:prefLabel ?label } }",
];

fn atlas(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_atlas-lod"));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run atlas-lod");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "atlas-lod {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn compare(virtuoso: &Virtuoso, store_dir: &Path) {
    let store = Store::open_read_only(store_dir).expect("open our store");
    for q in QUERIES {
        let a = ours(&store, q);
        let b = virtuoso.select(q);
        assert!(!a.is_empty(), "no answer on our store to {q}");
        assert_eq!(a, b, "answers differ for {q}");
        eprintln!("same {} rows on both: {q}", a.len());
    }
}

#[test]
fn push_to_virtuoso_gives_the_same_answers() {
    let virtuoso = Virtuoso::start();
    let work = tempfile::tempdir().expect("temp dir");
    let records = work.path().join("records.jsonl");
    let store: PathBuf = work.path().join("store");
    let s = |p: &Path| p.display().to_string();
    atlas(
        &[
            "generate",
            "--count",
            "300",
            "--seed",
            "11",
            "-o",
            &s(&records),
        ],
        &[],
    );
    let seed = s(&common::seed_path());
    let pages = s(&common::repo_path("examples/pages"));
    atlas(
        &["import", &seed, &pages, &s(&records), "--store", &s(&store)],
        &[],
    );

    let gs = virtuoso.graph_store();
    let store_arg = s(&store);
    let push = |extra: &[&str]| {
        let mut args = vec![
            "push",
            "--store",
            &store_arg,
            "--graph-store",
            &gs,
            "--user",
            "dba",
            "--password-env",
            "VIRTUOSO_PASSWORD",
        ];
        args.extend_from_slice(extra);
        atlas(&args, &[("VIRTUOSO_PASSWORD", "dba")])
    };

    // Without credentials the endpoint's challenge is explained.
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["push", "--store", &s(&store), "--graph-store", &gs])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("asks for credentials"));

    let first = push(&[]);
    let graphs = 303 + 4; // records, then the ontology, the schemes, the statistics and the themes
    assert!(
        first.starts_with(&format!("pushed {graphs} graph(s) of {graphs} ")),
        "{first}"
    );
    compare(&virtuoso, &store);

    // A second full push replaces: the same triple counts.
    let second = push(&[]);
    assert!(
        second.starts_with(&format!("pushed {graphs} graph(s)")),
        "{second}"
    );
    compare(&virtuoso, &store);

    let third = push(&["--only-changed"]);
    assert!(
        third.starts_with(&format!(
            "pushed 0 graph(s) of {graphs} (0 triples, 0.0 MB), {graphs} unchanged, 0 deleted"
        )),
        "{third}"
    );

    // One record changed and the examples dropped (--prune): that record and the statistics
    // (recounted) sent, two deleted.
    let changed = work.path().join("changed.jsonl");
    let text = std::fs::read_to_string(&records).expect("records");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut first_record: serde_json::Value = serde_json::from_str(&lines[0]).expect("json");
    first_record["beneficiaries"] =
        serde_json::Value::String("Changed after the first push.".into());
    lines[0] = first_record.to_string();
    std::fs::write(&changed, lines.join("\n")).expect("write");
    atlas(
        &[
            "import",
            &seed,
            &s(&changed),
            "--store",
            &s(&store),
            "--prune",
        ],
        &[],
    );
    let fourth = push(&["--only-changed"]);
    assert!(
        fourth.starts_with(&format!("pushed 2 graph(s) of {} ", graphs - 2))
            && fourth.contains(", 2 deleted"),
        "{fourth}"
    );
    compare(&virtuoso, &store);
}
