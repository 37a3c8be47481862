//! The French full-text index (`atlas-lod search`, `/search`, `/suggest`): the analysis
//! (accents both ways, elisions, plurals, prefixes, hyphens, countries in either language),
//! contacts never found, and the index in step with the store after a prune and an update.

use super::common::repo_path;
use super::common::server::{Server, agent, answer};
use std::path::Path;
use std::process::Command;

fn atlas(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("atlas-lod runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
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
