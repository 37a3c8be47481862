//! The statistics cube: every observation equal to the SPARQL aggregate over the record graphs,
//! after a fresh import, an import into a store with data (new and changed records), a prune
//! and a SPARQL update through the server; and the W3C Data Cube integrity constraints (IC-1
//! to IC-21, as ASK queries that find a violation) on the store.

use crate::common::server::Server;
use crate::common::*;
use atlas_lod::store::statistics::cube::{DATA_SETS, data_set_iri};
use atlas_lod::store::statistics::{self, STATISTICS_GRAPH};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use oxsdatatypes::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::str::FromStr;

const PREFIXES: &str = "PREFIX atlas: <https://w3id.org/atlas-lod/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX qb: <http://purl.org/linked-data/cube#>
";

/// A cell's key (its dimension values) -> its measures, all as normalised text.
type Table = BTreeMap<Vec<String>, Vec<String>>;

fn text(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// Numbers compared as exact decimals (`160385.98` and `160385.980` are one amount).
fn number(v: &str) -> String {
    Decimal::from_str(v).map_or_else(|_| v.to_string(), |d| d.to_string())
}

/// The rows of a SELECT over the union of the graphs.
fn rows(store: &Store, query: &str) -> Vec<BTreeMap<String, String>> {
    let q = format!("{PREFIXES}{query}");
    let mut prepared = SparqlEvaluator::new()
        .parse_query(&q)
        .unwrap_or_else(|e| panic!("bad test query: {e}\n{q}"));
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared
        .on_store(store)
        .execute()
        .unwrap_or_else(|e| panic!("query failed: {e}"))
    else {
        panic!("not a SELECT");
    };
    solutions
        .map(|s| {
            let s = s.unwrap_or_else(|e| panic!("{e}"));
            s.iter()
                .map(|(v, t)| (v.as_str().to_string(), text(t)))
                .collect()
        })
        .collect()
}

fn ask(store: &Store, query: &str) -> bool {
    let q = format!("{PREFIXES}{query}");
    let mut prepared = SparqlEvaluator::new()
        .parse_query(&q)
        .unwrap_or_else(|e| panic!("bad IC query: {e}\n{q}"));
    prepared.dataset_mut().set_default_graph_as_union();
    match prepared.on_store(store).execute() {
        Ok(QueryResults::Boolean(b)) => b,
        Ok(_) => panic!("not an ASK: {query}"),
        Err(e) => panic!("IC query failed: {e}\n{query}"),
    }
}

/// A table from SPARQL rows: `keys` name the dimension columns, `measures` the measures.
fn table(rows: Vec<BTreeMap<String, String>>, keys: &[&str], measures: &[&str]) -> Table {
    let mut t = Table::new();
    for r in rows {
        let key = keys
            .iter()
            .map(|k| r.get(*k).cloned().unwrap_or_default())
            .collect();
        let m = measures
            .iter()
            .map(|m| number(r.get(*m).map_or("0", String::as_str)))
            .collect();
        assert!(t.insert(key, m).is_none(), "two rows for one cell");
    }
    t
}

/// A data set's observations as the store holds them (read with SPARQL, not with our reader).
fn observed(store: &Store, slug: &str) -> Table {
    let set = atlas_lod::store::statistics::cube::data_set(slug).expect("a data set");
    let mut vars = Vec::new();
    let mut patterns = String::new();
    for (i, p) in set.dimensions.iter().chain(set.measures).enumerate() {
        vars.push(format!("v{i}"));
        patterns.push_str(&format!("?o <{}> ?v{i} . ", p.as_str()));
    }
    let q = format!(
        "SELECT * WHERE {{ GRAPH <{STATISTICS_GRAPH}> {{ ?o a qb:Observation ; qb:dataSet <{}> . {patterns} }} }}",
        data_set_iri(slug)
    );
    let n = set.dimensions.len();
    let mut t = Table::new();
    for r in rows(store, &q) {
        let mut key: Vec<String> = vars[..n].iter().map(|v| r[v].clone()).collect();
        // Years as the record queries give them (the first four characters of the gYear).
        for (k, p) in key.iter_mut().zip(set.dimensions) {
            if p.as_str().ends_with("refPeriod") {
                *k = k.chars().take(4).collect();
            }
        }
        let m = vars[n..].iter().map(|v| number(&r[v])).collect();
        assert!(
            t.insert(key, m).is_none(),
            "{slug}: two observations for one cell"
        );
    }
    t
}

/// Each data set, asked of the record graphs.
fn expected(store: &Store) -> BTreeMap<&'static str, Table> {
    let total = "{ SELECT ?p (SUM(COALESCE(?a, 0)) AS ?total) WHERE { ?p a atlas:Partnership . OPTIONAL { ?p atlas:funding/atlas:amount ?a } } GROUP BY ?p }";
    let mut out = BTreeMap::new();
    out.insert(
        "funding-by-year",
        table(
            rows(
                store,
                "SELECT ?y (SUM(?a) AS ?amount) (COUNT(DISTINCT ?p) AS ?n) WHERE {
                   ?p atlas:funding ?f . ?f atlas:year ?yr ; atlas:amount ?a .
                   BIND(SUBSTR(STR(?yr), 1, 4) AS ?y) } GROUP BY ?y",
            ),
            &["y"],
            &["amount", "n"],
        ),
    );
    // The chart's own query: funder types, and the levies apart.
    let chart = rows(
        store,
        &std::fs::read_to_string(repo_path(
            "queries/chart-funding-per-year-by-funder-type.rq",
        ))
        .expect("chart query"),
    );
    let (levies, funders): (Vec<_>, Vec<_>) = chart.into_iter().partition(|r| r["type"] == "levy");
    out.insert(
        "funding-by-year-and-funder-type",
        table(
            funders
                .into_iter()
                .map(|mut r| {
                    let t = format!("https://w3id.org/atlas-lod/funder-type/{}", r["type"]);
                    r.insert("type".into(), t);
                    r
                })
                .collect(),
            &["year", "type"],
            &["total"],
        ),
    );
    out.insert("levies-by-year", table(levies, &["year"], &["total"]));
    out.insert(
        "funding-by-year-and-country",
        table(
            rows(
                store,
                "SELECT ?y ?c (SUM(?a) AS ?amount) (COUNT(DISTINCT ?p) AS ?n) WHERE {
                   { SELECT DISTINCT ?p ?c WHERE { GRAPH ?g { ?p atlas:foreignPartner/atlas:country ?c } } }
                   ?p atlas:funding ?f . ?f atlas:year ?yr ; atlas:amount ?a .
                   BIND(SUBSTR(STR(?yr), 1, 4) AS ?y) } GROUP BY ?y ?c",
            ),
            &["y", "c"],
            &["amount", "n"],
        ),
    );
    out.insert(
        "partnerships-by-country",
        table(
            rows(
                store,
                &format!(
                    "SELECT ?c (COUNT(DISTINCT ?p) AS ?n) (SUM(?total) AS ?amount) WHERE {{
                       {{ SELECT DISTINCT ?p ?c WHERE {{ GRAPH ?g {{ ?p atlas:foreignPartner/atlas:country ?c }} }} }}
                       {total} }} GROUP BY ?c"
                ),
            ),
            &["c"],
            &["n", "amount"],
        ),
    );
    for level in [1, 2] {
        out.insert(
            if level == 1 {
                "partnerships-by-theme-level-1"
            } else {
                "partnerships-by-theme-level-2"
            },
            table(
                rows(
                    store,
                    &format!(
                        "SELECT ?t (COUNT(DISTINCT ?p) AS ?n) (SUM(?total) AS ?amount) WHERE {{
                           {{ SELECT DISTINCT ?p ?t WHERE {{ ?p atlas:mainTheme ?m . ?m skos:broader* ?t . ?t atlas:level {level} }} }}
                           {total} }} GROUP BY ?t"
                    ),
                ),
                &["t"],
                &["n", "amount"],
            ),
        );
    }
    // The DAC sector category of a partnership: its main theme's, else the nearest broader
    // theme's that has one; one per partnership.
    let sector = "{ SELECT DISTINCT ?p ?c WHERE { ?p a atlas:Partnership ; atlas:mainTheme ?m . \
         ?m skos:broader* ?t . ?t atlas:dacSectorCategory ?c . \
         FILTER NOT EXISTS { ?m skos:broader* ?closer . ?closer skos:broader+ ?t ; atlas:dacSectorCategory ?other } } }";
    out.insert(
        "funding-by-year-and-dac-sector",
        table(
            rows(
                store,
                &format!(
                    "SELECT ?y ?c (SUM(?a) AS ?amount) (COUNT(DISTINCT ?p) AS ?n) WHERE {{
                       {sector}
                       ?p atlas:funding ?f . ?f atlas:year ?yr ; atlas:amount ?a .
                       BIND(SUBSTR(STR(?yr), 1, 4) AS ?y) }} GROUP BY ?y ?c"
                ),
            ),
            &["y", "c"],
            &["amount", "n"],
        ),
    );
    out.insert(
        "partnerships-by-dac-sector",
        table(
            rows(
                store,
                &format!(
                    "SELECT ?c (COUNT(DISTINCT ?p) AS ?n) (SUM(?total) AS ?amount) WHERE {{
                       {sector} {total} }} GROUP BY ?c"
                ),
            ),
            &["c"],
            &["n", "amount"],
        ),
    );
    out.insert(
        "partnerships-by-kind-and-status",
        table(
            rows(
                store,
                &format!(
                    "SELECT ?k ?s (COUNT(DISTINCT ?p) AS ?n) (SUM(?total) AS ?amount) WHERE {{
                       {{ SELECT DISTINCT ?p ?k ?s WHERE {{ ?p a atlas:Partnership ; atlas:partnershipKind ?k ; atlas:status ?s }} }}
                       {total} }} GROUP BY ?k ?s"
                ),
            ),
            &["k", "s"],
            &["n", "amount"],
        ),
    );
    out.insert(
        "partnerships-started-and-ended",
        table(
            rows(
                store,
                &std::fs::read_to_string(repo_path("queries/chart-started-and-ended-per-year.rq"))
                    .expect("chart query"),
            ),
            &["year"],
            &["started", "ended"],
        ),
    );
    assert_eq!(out.len(), DATA_SETS.len());
    out
}

/// Every observation of every data set against the record graphs; returns the number of
/// observations compared.
fn assert_exact(store_dir: &Path, when: &str) -> usize {
    let store = Store::open_read_only(store_dir).unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    for (slug, want) in expected(&store) {
        let got = observed(&store, slug);
        assert!(
            !want.is_empty(),
            "{when}: {slug} has no cells in the records"
        );
        let differences: Vec<String> = want
            .keys()
            .chain(got.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter(|k| got.get(*k) != want.get(*k))
            .take(5)
            .map(|k| format!("{k:?}: cube {:?}, records {:?}", got.get(k), want.get(k)))
            .collect();
        assert!(differences.is_empty(), "{when}: {slug}: {differences:#?}");
        compared += got.len();
    }
    // Our own reader gives the same cube as a recount.
    assert_eq!(
        statistics::read::read(&store).expect("read"),
        statistics::count(&store).expect("count"),
        "{when}: the cube read back differs from a recount"
    );
    compared
}

/// Rows of a `queries/` file over the union of the graphs, as sorted tuples of `columns`
/// (numbers normalised), keeping those `keep` accepts.
fn query_rows(
    store: &Store,
    file: &str,
    columns: &[&str],
    keep: impl Fn(&BTreeMap<String, String>) -> bool,
) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(repo_path(&format!("queries/{file}"))).expect(file);
    let mut out: Vec<Vec<String>> = rows(store, &text)
        .into_iter()
        .filter(|r| keep(r))
        .map(|r| {
            columns
                .iter()
                .map(|c| number(r.get(*c).map_or("", String::as_str)))
                .collect()
        })
        .collect();
    out.sort();
    out
}

/// Each cube query of `queries/` gives the rows of its record-graph twin.
fn assert_cube_queries_agree(store_dir: &Path) {
    let store = Store::open_read_only(store_dir).unwrap_or_else(|e| panic!("{e}"));
    let all = |_: &BTreeMap<String, String>| true;
    let pairs: [(&str, &str, &[&str]); 4] = [
        (
            "cube-funding-per-year-and-dac-sector.rq",
            "funding-per-year-and-dac-sector.rq",
            &["year", "category", "funding", "partnerships"],
        ),
        (
            "cube-funding-per-year-by-funder-type.rq",
            "chart-funding-per-year-by-funder-type.rq",
            &["year", "type", "total"],
        ),
        (
            "cube-partnerships-per-country.rq",
            "chart-partnerships-per-country.rq",
            &["country", "partnerships", "funding"],
        ),
        (
            "cube-started-and-ended-per-year.rq",
            "chart-started-and-ended-per-year.rq",
            &["year", "started", "ended"],
        ),
    ];
    for (cube, records, columns) in pairs {
        let got = query_rows(&store, cube, columns, all);
        assert!(!got.is_empty(), "{cube} gives nothing");
        assert_eq!(got, query_rows(&store, records, columns, all), "{cube}");
    }
    let known = |r: &BTreeMap<String, String>| r["kind"] != "unknown" && r["status"] != "unknown";
    let columns = ["kind", "status", "partnerships"];
    let got = query_rows(
        &store,
        "cube-partnerships-per-kind-and-status.rq",
        &columns,
        all,
    );
    assert!(!got.is_empty());
    assert_eq!(
        got,
        query_rows(
            &store,
            "partnerships-per-kind-and-status.rq",
            &columns,
            known
        )
    );
    let columns = ["level", "theme", "label", "partnerships"];
    let top = |r: &BTreeMap<String, String>| r["level"] == "1" || r["level"] == "2";
    let got = query_rows(&store, "cube-partnerships-per-theme.rq", &columns, all);
    assert!(!got.is_empty());
    assert_eq!(
        got,
        query_rows(&store, "partnerships-per-theme.rq", &columns, top)
    );
    let cells = query_rows(
        &store,
        "cube-funding-per-year-and-country.rq",
        &["year", "country"],
        all,
    );
    assert_eq!(
        cells.len(),
        observed(&store, "funding-by-year-and-country").len()
    );
}

/// The DAC sector categories never count a euro or a partnership twice: each year's
/// categories add up to that year's funding of the partnerships with a main theme, and the
/// categories' partnerships to the partnerships with a main theme.
fn assert_sectors_add_up(store_dir: &Path) {
    let store = Store::open_read_only(store_dir).unwrap_or_else(|e| panic!("{e}"));
    let mut by_year: BTreeMap<Vec<String>, Decimal> = BTreeMap::new();
    for (key, m) in observed(&store, "funding-by-year-and-dac-sector") {
        let sum = by_year.entry(vec![key[0].clone()]).or_default();
        *sum = sum
            .checked_add(Decimal::from_str(&m[0]).expect("euros"))
            .expect("sum");
    }
    let want = table(
        rows(
            &store,
            "SELECT ?y (SUM(?a) AS ?amount) WHERE { ?p atlas:mainTheme [] ; atlas:funding ?f . \
             ?f atlas:year ?yr ; atlas:amount ?a BIND(SUBSTR(STR(?yr), 1, 4) AS ?y) } GROUP BY ?y",
        ),
        &["y"],
        &["amount"],
    );
    let got: Table = by_year
        .into_iter()
        .map(|(k, v)| (k, vec![v.to_string()]))
        .collect();
    assert!(!got.is_empty());
    assert_eq!(got, want, "a year's DAC sectors add up to its funding");
    let partnerships: u64 = observed(&store, "partnerships-by-dac-sector")
        .values()
        .map(|m| m[0].parse::<u64>().expect("count"))
        .sum();
    let with_theme = rows(
        &store,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a atlas:Partnership ; atlas:mainTheme [] }",
    );
    assert_eq!(partnerships.to_string(), with_theme[0]["n"]);
}

fn atlas_lod(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("atlas-lod runs");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{args:?}: {err}");
    err
}

fn generate(path: &Path, count: usize, seed: u64) {
    atlas_lod(&[
        "generate",
        "--count",
        &count.to_string(),
        "--seed",
        &seed.to_string(),
        "--output",
        &path.to_string_lossy(),
    ]);
}

/// The first `n` records of `from` with every funding amount raised by 1.01 euros.
fn changed(from: &Path, to: &Path, n: usize) {
    let text = std::fs::read_to_string(from).expect("records");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut v: serde_json::Value = serde_json::from_str(line).expect("a record");
        if i < n
            && let Some(rows) = v["funding"].as_array_mut()
        {
            for r in rows {
                let a = Decimal::from_str(r["amount"].as_str().unwrap_or("0")).expect("amount");
                let a = a.checked_add(Decimal::from_str("1.01").expect("decimal"));
                r["amount"] = serde_json::Value::from(a.expect("sum").to_string());
            }
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    std::fs::write(to, out).expect("write records");
}

#[test]
fn the_cube_equals_the_record_aggregates_after_every_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    let a_changed = dir.path().join("a-changed.jsonl");
    generate(&a, 200, 2026);
    generate(&b, 60, 7);
    changed(&a, &a_changed, 25);
    let store = dir.path().join("store");
    let store_arg = store.to_string_lossy().into_owned();

    // A fresh import: tallied from the records as they pass.
    let out = atlas_lod(&["import", &a.to_string_lossy(), "--store", &store_arg]);
    assert!(out.contains("(bulk load)"), "{out}");
    let fresh = assert_exact(&store, "fresh import");
    assert!(fresh > 100, "{fresh} observations");
    assert_cube_queries_agree(&store);
    assert_sectors_add_up(&store);

    // Into a store with data: 60 new records, then 25 changed ones.
    atlas_lod(&["import", &b.to_string_lossy(), "--store", &store_arg]);
    assert_exact(&store, "incremental import");
    let out = atlas_lod(&[
        "import",
        &a_changed.to_string_lossy(),
        "--store",
        &store_arg,
    ]);
    assert!(out.contains("replaced 25"), "{out}");
    assert_exact(&store, "changed records");

    // A prune: the 60 records of b go.
    let out = atlas_lod(&[
        "import",
        &a_changed.to_string_lossy(),
        "--store",
        &store_arg,
        "--prune",
    ]);
    assert!(out.contains("pruned 60"), "{out}");
    assert_exact(&store, "prune");

    // A SPARQL update through the server: one partnership's funding rows go.
    let token = "a-test-token-of-sufficient-length";
    let before = Store::open_read_only(&store)
        .ok()
        .and_then(|s| statistics::read::read(&s).ok())
        .expect("cube before");
    {
        let s = Server::on_store(
            &store,
            &["--allow-update"],
            &[("ATLAS_LOD_UPDATE_TOKEN", token)],
        );
        let update = format!(
            "{PREFIXES} DELETE {{ GRAPH ?g {{ ?p atlas:funding ?f . ?f ?x ?y }} }} WHERE {{
               {{ SELECT ?p WHERE {{ GRAPH ?h {{ ?p atlas:funding ?any }} }} ORDER BY ?p LIMIT 3 }}
               GRAPH ?g {{ ?p atlas:funding ?f . ?f ?x ?y }} }}"
        );
        // The server rebuilds its search index before it answers an update: on a loaded machine
        // that takes a while, so this request's timeout only catches a hang.
        let response = ureq::AgentBuilder::new()
            .timeout(std::time::Duration::from_secs(600))
            .build()
            .post(&format!("{}/sparql", s.url))
            .set("Content-Type", "application/sparql-update")
            .set("Authorization", &format!("Bearer {token}"))
            .send_string(&update);
        let status = match response {
            Ok(r) => (r.status(), String::new()),
            Err(ureq::Error::Status(c, r)) => (c, r.into_string().unwrap_or_default()),
            Err(e) => (0, e.to_string()),
        };
        assert_eq!(status.0, 204, "{}", status.1);
    }
    assert_exact(&store, "SPARQL update");
    let after = Store::open_read_only(&store)
        .ok()
        .and_then(|s| statistics::read::read(&s).ok())
        .expect("cube after");
    assert_ne!(before, after, "the update changed no observation");
}

/// The integrity constraints of the RDF Data Cube recommendation (section 11.1), each an ASK
/// that is true when the data breaks it. IC-20 and IC-21 are templates over the hierarchical
/// code lists' parent-child properties, instantiated below for each one found.
const CONSTRAINTS: [(&str, &str); 19] = [
    (
        "IC-1 unique data set",
        "ASK { { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?d } }
               UNION { ?obs a qb:Observation ; qb:dataSet ?d1, ?d2 . FILTER (?d1 != ?d2) } }",
    ),
    (
        "IC-2 unique DSD",
        "ASK { { ?ds a qb:DataSet . FILTER NOT EXISTS { ?ds qb:structure ?s } }
               UNION { ?ds a qb:DataSet ; qb:structure ?s1, ?s2 . FILTER (?s1 != ?s2) } }",
    ),
    (
        "IC-3 DSD includes a measure",
        "ASK { ?dsd a qb:DataStructureDefinition .
               FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty [ a qb:MeasureProperty ] ] } }",
    ),
    (
        "IC-4 dimensions have a range",
        "ASK { ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?dim rdfs:range [] } }",
    ),
    (
        "IC-5 concept dimensions have code lists",
        "ASK { ?dim a qb:DimensionProperty ; rdfs:range skos:Concept .
               FILTER NOT EXISTS { ?dim qb:codeList [] } }",
    ),
    (
        "IC-6 only attributes may be optional",
        "ASK { ?dsd qb:component ?spec . ?spec qb:componentRequired \"false\"^^xsd:boolean ;
                 qb:componentProperty ?p . FILTER NOT EXISTS { ?p a qb:AttributeProperty } }",
    ),
    (
        "IC-7 slice keys must be declared",
        "ASK { ?key a qb:SliceKey . FILTER NOT EXISTS { [ a qb:DataStructureDefinition ] qb:sliceKey ?key } }",
    ),
    (
        "IC-8 slice keys consistent with DSD",
        "ASK { ?key a qb:SliceKey ; qb:componentProperty ?p . ?dsd qb:sliceKey ?key .
               FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty ?p ] } }",
    ),
    (
        "IC-9 unique slice structure",
        "ASK { { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?k } }
               UNION { ?slice a qb:Slice ; qb:sliceStructure ?k1, ?k2 . FILTER (?k1 != ?k2) } }",
    ),
    (
        "IC-10 slice dimensions complete",
        "ASK { ?slice qb:sliceStructure [ qb:componentProperty ?dim ] .
               FILTER NOT EXISTS { ?slice ?dim [] } }",
    ),
    (
        "IC-11 all dimensions required",
        "ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
               ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?obs ?dim [] } }",
    ),
    (
        "IC-12 no duplicate observations",
        "ASK { FILTER (?allEqual) {
                 SELECT (MIN(?equal) AS ?allEqual) WHERE {
                   ?obs1 qb:dataSet ?ds . ?obs2 qb:dataSet ?ds . FILTER (?obs1 != ?obs2)
                   ?ds qb:structure/qb:component/qb:componentProperty ?dim .
                   ?dim a qb:DimensionProperty .
                   ?obs1 ?dim ?v1 . ?obs2 ?dim ?v2 .
                   BIND (?v1 = ?v2 AS ?equal)
                 } GROUP BY ?obs1 ?obs2 } }",
    ),
    (
        "IC-13 required attributes",
        "ASK { ?obs qb:dataSet/qb:structure/qb:component ?spec .
               ?spec qb:componentRequired \"true\"^^xsd:boolean ; qb:componentProperty ?attr .
               FILTER NOT EXISTS { ?obs ?attr [] } }",
    ),
    (
        "IC-14 all measures present",
        "ASK { ?obs qb:dataSet/qb:structure ?dsd .
               FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
               ?dsd qb:component/qb:componentProperty ?m . ?m a qb:MeasureProperty .
               FILTER NOT EXISTS { ?obs ?m [] } }",
    ),
    (
        "IC-15 measure dimension consistent",
        "ASK { ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?m .
               ?dsd qb:component/qb:componentProperty qb:measureType .
               FILTER NOT EXISTS { ?obs ?m [] } }",
    ),
    (
        "IC-16 single measure on measure dimension observation",
        "ASK { ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?m ; ?other [] .
               ?dsd qb:component/qb:componentProperty qb:measureType .
               ?dsd qb:component/qb:componentProperty ?other . ?other a qb:MeasureProperty .
               FILTER (?other != ?m) }",
    ),
    (
        "IC-17 all measures present in measures dimension cube",
        "ASK { { SELECT ?measures (COUNT(?obs2) AS ?n) WHERE {
                 { SELECT ?dsd (COUNT(?m) AS ?measures) WHERE {
                     ?dsd qb:component/qb:componentProperty ?m . ?m a qb:MeasureProperty
                   } GROUP BY ?dsd }
                 ?obs1 qb:dataSet ?ds ; qb:measureType ?m1 . ?ds qb:structure ?dsd .
                 ?obs2 qb:dataSet ?ds ; qb:measureType ?m2 .
                 FILTER NOT EXISTS {
                   ?dsd qb:component/qb:componentProperty ?dim .
                   FILTER (?dim != qb:measureType) ?dim a qb:DimensionProperty .
                   ?obs1 ?dim ?v1 . ?obs2 ?dim ?v2 . FILTER (?v1 != ?v2) }
               } GROUP BY ?obs1 ?measures HAVING (COUNT(?obs2) != ?measures) } }",
    ),
    (
        "IC-18 consistent data set links",
        "ASK { ?ds qb:slice ?slice . ?slice qb:observation ?obs .
               FILTER NOT EXISTS { ?obs qb:dataSet ?ds } }",
    ),
    (
        "IC-19 codes from code list",
        "ASK { { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
                 ?dim a qb:DimensionProperty ; qb:codeList ?list . ?list a skos:ConceptScheme .
                 ?obs ?dim ?v . FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list } }
               UNION
               { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
                 ?dim a qb:DimensionProperty ; qb:codeList ?list . ?list a skos:Collection .
                 ?obs ?dim ?v . FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v } } }",
    ),
];

/// IC-20 and IC-21 for one parent-child property `p` of a hierarchical code list.
fn hierarchy_constraints(p: &str) -> [(String, String); 2] {
    let body = |path: &str| {
        format!(
            "ASK {{ ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
                    ?dim a qb:DimensionProperty ; qb:codeList ?list .
                    ?list a qb:HierarchicalCodeList ; qb:parentChildProperty <{p}> .
                    ?obs ?dim ?v . FILTER NOT EXISTS {{ ?list qb:hierarchyRoot/{path} ?v }} }}"
        )
    };
    [
        (
            format!("IC-20 codes from hierarchy ({p})"),
            body(&format!("<{p}>*")),
        ),
        (
            format!("IC-21 codes from hierarchy, inverse ({p})"),
            body(&format!("^<{p}>*")),
        ),
    ]
}

/// Runs every constraint; returns the names of those broken.
fn broken_constraints(store: &Store) -> Vec<String> {
    let mut broken: Vec<String> = CONSTRAINTS
        .iter()
        .filter(|(_, q)| ask(store, q))
        .map(|(name, _)| name.to_string())
        .collect();
    for r in rows(
        store,
        "SELECT DISTINCT ?p WHERE { ?list qb:parentChildProperty ?p }",
    ) {
        for (name, q) in hierarchy_constraints(&r["p"]) {
            if ask(store, &q) {
                broken.push(name);
            }
        }
    }
    broken
}

#[test]
fn the_cube_passes_the_data_cube_integrity_constraints() {
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records.jsonl");
    generate(&records, 120, 31);
    let store = dir.path().join("store");
    atlas_lod(&[
        "import",
        &records.to_string_lossy(),
        &seed_path().to_string_lossy(),
        "--store",
        &store.to_string_lossy(),
    ]);
    let st = Store::open_read_only(&store).expect("store");
    let observations = rows(&st, "SELECT (COUNT(*) AS ?n) WHERE { ?o a qb:Observation }");
    let n: usize = observations[0]["n"].parse().expect("a count");
    assert!(n > 100, "{n} observations");
    assert_eq!(broken_constraints(&st), Vec::<String>::new());
    drop(st);

    // The constraints can fail: a copy of the cube with a duplicate observation, one without
    // its data set, one with a code outside its code list.
    let copy = Store::new().expect("memory store");
    let original = Store::open_read_only(&store).expect("store");
    copy.extend(original.iter().map(|q| q.expect("quad")))
        .expect("copy");
    let obs = rows(
        &copy,
        "SELECT ?o ?ds WHERE { ?o a qb:Observation ; qb:dataSet ?ds ; <https://w3id.org/atlas-lod/statistics#kind> ?k } LIMIT 1",
    );
    let (o, ds) = (&obs[0]["o"], &obs[0]["ds"]);
    let update = |u: &str| {
        SparqlEvaluator::new()
            .parse_update(&format!("{PREFIXES}{u}"))
            .expect("update parses")
            .on_store(&copy)
            .execute()
            .expect("update runs");
    };
    let g = STATISTICS_GRAPH;
    let kind = "<https://w3id.org/atlas-lod/statistics#kind>";
    // Without its data set (IC-1).
    update(&format!(
        "INSERT {{ GRAPH <{g}> {{ <{o}-copy> ?p ?v }} }} WHERE {{ GRAPH <{g}> {{ <{o}> ?p ?v FILTER(?p != qb:dataSet) }} }}"
    ));
    // The same cell twice (IC-12).
    update(&format!(
        "INSERT {{ GRAPH <{g}> {{ <{o}-twin> ?p ?v }} }} WHERE {{ GRAPH <{g}> {{ <{o}> ?p ?v }} }}"
    ));
    // A kind outside the kind scheme (IC-19).
    update(&format!(
        "INSERT {{ GRAPH <{g}> {{ <{o}-bad> ?p ?v }} }} WHERE {{ GRAPH <{g}> {{ <{o}> ?p ?v FILTER(?p != {kind}) }} }}"
    ));
    update(&format!(
        "INSERT DATA {{ GRAPH <{g}> {{ <{o}-bad> {kind} <https://w3id.org/atlas-lod/kind/not-a-kind> }} }}"
    ));
    let _ = ds;
    let broken = broken_constraints(&copy);
    for name in [
        "IC-1 unique data set",
        "IC-12 no duplicate observations",
        "IC-19 codes from code list",
    ] {
        assert!(
            broken.iter().any(|b| b == name),
            "{name} not caught: {broken:?}"
        );
    }
}
