//! The store records the base IRI its records were minted under: a second import under
//! another `--base` is refused, and `serve` refuses a `--base-url` at which the store's IRIs
//! would not dereference, then answers for them at the right one.

use crate::common::{
    repo_path,
    server::{Server, agent, answer},
};
use std::path::Path;
use std::process::{Command, Output};

const BASE: &str = "https://data.example.org/atlas/id/";

fn import(store: &Path, base: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("import")
        .arg(repo_path("examples/pages"))
        .arg("--store")
        .arg(store)
        .args(["--base", base])
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn serve_fails(store: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("serve")
        .arg("--store")
        .arg(store)
        .args(["--bind", "127.0.0.1:0"])
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2), "serve should refuse: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_store_keeps_one_base_and_serve_answers_for_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = dir.path().join("store");
    let first = import(&store, BASE);
    assert!(first.status.success(), "{first:?}");

    let other = import(&store, "https://elsewhere.example.net/id/");
    let err = String::from_utf8_lossy(&other.stderr);
    assert_eq!(other.status.code(), Some(2), "{err}");
    assert!(
        err.contains(BASE) && err.contains("https://elsewhere.example.net/id/"),
        "{err}"
    );
    let again = import(&store, BASE);
    assert!(again.status.success(), "the same base again: {again:?}");

    let err = serve_fails(&store, &[]);
    assert!(
        err.contains(BASE) && err.contains("--base-url https://data.example.org/"),
        "{err}"
    );
    let err = serve_fails(&store, &["--base-url", "https://other.example.org/"]);
    assert!(err.contains(BASE), "{err}");

    let s = Server::on_store(&store, &["--base-url", "https://data.example.org/"], &[]);
    let query = "SELECT ?p WHERE { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> } ORDER BY ?p LIMIT 1";
    let (status, _, body) = answer(
        agent()
            .get(&format!("{}/sparql", s.url))
            .query("query", query)
            .set("Accept", "text/csv")
            .call(),
    );
    assert_eq!(status, 200, "{body}");
    let iri = body.lines().nth(1).unwrap_or_default().trim().to_string();
    let path = iri
        .strip_prefix("https://data.example.org/")
        .unwrap_or_else(|| panic!("a partnership under the base: {body}"));
    let (status, _, page) = answer(
        agent()
            .get(&format!("{}/{path}", s.url))
            .set("Accept", "text/turtle")
            .call(),
    );
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(path.rsplit('/').next().unwrap_or("?")),
        "{page}"
    );
}
