//! The federated queries of `queries/wikidata-*.rq`, run on a store linked to Wikidata (links
//! built offline from a cache of `tests/wikidata/items.tsv`), with their SERVICE part answered by
//! a small local copy of Wikidata statements (`tests/wikidata/mini.ttl`): the joins through the
//! `owl:sameAs` links give the rows the fixtures imply.

use crate::common;

use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolution, QuerySolutionIter, ServiceHandler,
    SparqlEvaluator,
};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Answers SERVICE patterns from a local store, as the remote endpoint would.
struct LocalWikidata(Store);

impl ServiceHandler for LocalWikidata {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        pattern: &spargebra::algebra::GraphPattern,
        base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        };
        let results = SparqlEvaluator::new()
            .for_query(query)
            .on_store(&self.0)
            .execute()?;
        let QueryResults::Solutions(solutions) = results else {
            return Err(QueryEvaluationError::Unexpected("not solutions".into()));
        };
        let variables: std::sync::Arc<[oxigraph::sparql::Variable]> = solutions.variables().into();
        let rows: Vec<Result<QuerySolution, QueryEvaluationError>> = solutions.collect();
        Ok(QuerySolutionIter::new(variables, rows))
    }
}

/// Runs `queries/FILE` on `store`, its Wikidata SERVICE answered from `mini`.
pub(crate) fn run(store: &Store, mini: &Store, file: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(common::repo_path(&format!("queries/{file}")))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let results = SparqlEvaluator::new()
        .with_service_handler(
            NamedNode::new_unchecked("https://query.wikidata.org/sparql"),
            LocalWikidata(mini.clone()),
        )
        .parse_query(&text)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .on_store(store)
        .execute()
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let QueryResults::Solutions(solutions) = results else {
        panic!("{file}: not a SELECT");
    };
    solutions
        .map(|s| {
            let s = s.unwrap_or_else(|e| panic!("{file}: {e}"));
            s.iter()
                .map(|(v, t)| {
                    let value = match t {
                        Term::NamedNode(n) => n.as_str().to_string(),
                        Term::Literal(l) => l.value().to_string(),
                        other => other.to_string(),
                    };
                    (v.as_str().to_string(), value)
                })
                .collect()
        })
        .collect()
}

/// The link cache the fixture implies (every key, found or not), as `link wikidata` writes it.
fn cache_from_fixture(path: &Path) {
    let text =
        std::fs::read_to_string(common::repo_path("tests/wikidata/items.tsv")).expect("fixture");
    let mut properties: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let c: Vec<&str> = line.split('\t').collect();
        properties
            .entry(c[0].into())
            .or_default()
            .entry(c[1].into())
            .or_default()
            .push(c[2].into());
    }
    let json = serde_json::json!({ "properties": properties });
    std::fs::write(path, json.to_string()).expect("write cache");
}

#[test]
fn federated_queries_join_through_the_links() {
    let work = tempfile::tempdir().expect("temp dir");
    let cache = work.path().join("cache.json");
    cache_from_fixture(&cache);
    let store_dir = work.path().join("store");
    let s = |p: &Path| p.display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("import")
        .arg(common::seed_path())
        .arg(common::repo_path("examples/pages"))
        .args(["--store", &s(&store_dir), "--authorities"])
        .arg(common::repo_path("examples/authorities.csv"))
        .args(["--wikidata-cache", &s(&cache)])
        .output()
        .expect("import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open_read_only(&store_dir).expect("store");
    let mini = Store::new().expect("store");
    let ttl = std::fs::read(common::repo_path("tests/wikidata/mini.ttl")).expect("mini.ttl");
    mini.load_from_slice(RdfFormat::Turtle, &ttl)
        .expect("mini.ttl parses");

    let rows = run(&store, &mini, "wikidata-partner-countries-population.rq");
    let got: BTreeMap<String, (String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["item"].clone(),
                (r["population"].clone(), r["partnerships"].clone()),
            )
        })
        .collect();
    let entity = |q: &str| format!("http://www.wikidata.org/entity/{q}");
    assert_eq!(
        got,
        BTreeMap::from([
            (entity("Q16"), ("36991981".into(), "1".into())),
            (entity("Q962"), ("12123198".into(), "1".into())),
            (entity("Q736"), ("17483326".into(), "1".into())),
        ]),
        "Canada (seed), Benin (Dogbo, two partners, one partnership), Ecuador (Cuenca)"
    );

    let rows = run(&store, &mini, "wikidata-french-authorities-coordinates.rq");
    let got: BTreeMap<String, String> = rows
        .iter()
        .map(|r| (r["name"].clone(), r["coordinates"].clone()))
        .collect();
    assert_eq!(
        got,
        BTreeMap::from([
            (
                "Département de la Gironde".to_string(),
                "Point(-0.5 44.8)".to_string()
            ),
            (
                "Ville de Besançon".to_string(),
                "Point(6.0219 47.2430)".to_string()
            ),
        ])
    );

    let rows = run(&store, &mini, "wikidata-twinned-cities.rq");
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r["name"].clone(), r["iso2"].clone(), r["inAtlas"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Ville de Besançon".to_string(),
                "DE".to_string(),
                "false".to_string()
            ),
            (
                "Ville de Besançon".to_string(),
                "EC".to_string(),
                "true".to_string()
            ),
        ],
        "Besançon's twin in Ecuador is in the Atlas (Cuenca), the German one is not"
    );
}
