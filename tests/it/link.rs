//! `link wikidata` against a local server that answers like the Wikidata SPARQL endpoint (from
//! `tests/wikidata/items.tsv`): batching of the keys, the User-Agent, retries on 429 and 503,
//! the cache (a second run asks nothing; `--offline` and `import --wikidata-cache` link with no
//! endpoint), and the `owl:sameAs` links in the store and in dumps.

use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

/// One request the fake endpoint received.
#[derive(Debug, Clone)]
struct Seen {
    user_agent: String,
    property: String,
    keys: usize,
    status: u16,
}

/// A fake endpoint: answers from the fixture, fails as `plan` says (by request number).
struct Fake {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn fixture() -> BTreeMap<(String, String), Vec<String>> {
    let text =
        std::fs::read_to_string(common::repo_path("tests/wikidata/items.tsv")).expect("fixture");
    let mut items: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        items
            .entry((cols[0].to_string(), cols[1].to_string()))
            .or_default()
            .push(cols[2].to_string());
    }
    items
}

fn decode_form(body: &str) -> String {
    form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "query")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn handle(
    mut stream: TcpStream,
    items: &BTreeMap<(String, String), Vec<String>>,
    seen: &Mutex<Vec<Seen>>,
    plan: &BTreeMap<usize, u16>,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut headers = BTreeMap::new();
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
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
    let _ = reader.read_exact(&mut body);
    let query = decode_form(&String::from_utf8_lossy(&body));
    let property = query
        .split("prop/direct/")
        .nth(1)
        .and_then(|r| r.split('>').next())
        .unwrap_or("")
        .to_string();
    let keys: Vec<String> = query
        .split("VALUES ?key {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .map(|v| {
            v.split_whitespace()
                .map(|k| k.trim_matches('"').to_string())
                .collect()
        })
        .unwrap_or_default();
    let n = {
        let s = seen.lock().expect("lock");
        s.len()
    };
    let status = plan.get(&n).copied().unwrap_or(200);
    seen.lock().expect("lock").push(Seen {
        user_agent: headers.get("user-agent").cloned().unwrap_or_default(),
        property: property.clone(),
        keys: keys.len(),
        status,
    });
    let response = if status != 200 {
        format!(
            "HTTP/1.1 {status} Busy\r\nRetry-After: 1\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"
        )
    } else {
        let mut bindings = Vec::new();
        for k in &keys {
            for item in items
                .get(&(property.clone(), k.clone()))
                .into_iter()
                .flatten()
            {
                bindings.push(serde_json::json!({
                    "key": {"type": "literal", "value": k},
                    "item": {"type": "uri", "value": format!("http://www.wikidata.org/entity/{item}")}
                }));
            }
        }
        let json = serde_json::json!({"head": {"vars": ["key", "item"]}, "results": {"bindings": bindings}})
            .to_string();
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
            json.len()
        )
    };
    let _ = stream.write_all(response.as_bytes());
}

impl Fake {
    fn start(plan: BTreeMap<usize, u16>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let items = fixture();
        let s = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                handle(stream, &items, &s, &plan);
            }
        });
        Fake { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

fn atlas(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("run atlas-lod");
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "atlas-lod {args:?}:\n{o}\n{e}");
    (o, e)
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn same_as(store: &Path) -> Vec<String> {
    let (out, _) = atlas(&[
        "query",
        "--store",
        &s(store),
        "--format",
        "csv",
        "SELECT ?s ?item WHERE { GRAPH <https://w3id.org/atlas-lod/links/wikidata> { ?s <http://www.w2.org/2002/07/owl#sameAs> ?item } } ORDER BY ?s ?item"
            .replace("w2.org", "w3.org")
            .as_str(),
    ]);
    out.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn wikidata_links_are_batched_retried_cached_and_stored() {
    let work = tempfile::tempdir().expect("temp dir");
    let records = work.path().join("records.jsonl");
    let store = work.path().join("store");
    let cache = work.path().join("wikidata-cache.json");
    atlas(&[
        "generate",
        "--count",
        "400",
        "--seed",
        "5",
        "-o",
        &s(&records),
    ]);
    let authorities = s(&common::repo_path("examples/authorities.csv"));
    let pages = s(&common::repo_path("examples/pages"));
    let seed = s(&common::seed_path());
    let records_arg = s(&records);
    let import = |store: &Path, extra: &[&str]| {
        let store_arg = s(store);
        let mut args = vec![
            "import",
            &seed,
            &pages,
            &records_arg,
            "--store",
            &store_arg,
            "--authorities",
            &authorities,
        ];
        args.extend_from_slice(extra);
        atlas(&args)
    };
    import(&store, &[]);

    // Request 0 gets a 429, request 2 a 503: both retried after the Retry-After second.
    let fake = Fake::start(BTreeMap::from([(0, 429), (2, 503)]));
    let (out, err) = atlas(&[
        "link",
        "wikidata",
        "--no-places",
        "--store",
        &s(&store),
        "--endpoint",
        &fake.url(),
        "--cache",
        &s(&cache),
    ]);
    let seen = fake.seen();
    assert!(
        seen.iter()
            .all(|r| r.user_agent.starts_with("atlas-lod/") && r.user_agent.contains("https://")),
        "{seen:?}"
    );
    assert!(
        seen.iter().all(|r| r.keys >= 1 && r.keys <= 80),
        "batches of at most 80 keys: {seen:?}"
    );
    let ok: Vec<&Seen> = seen.iter().filter(|r| r.status == 200).collect();
    assert_eq!(
        seen.len(),
        ok.len() + 2,
        "two failures, each retried once: {seen:?}"
    );
    let countries: usize = ok
        .iter()
        .filter(|r| r.property == "P297")
        .map(|r| r.keys)
        .sum();
    assert!(
        ok.iter().filter(|r| r.property == "P297").count() >= 2,
        "several country batches: {seen:?}"
    );
    // The examples' three SIRENs, and those the list gives generated partners' names.
    assert!(
        ok.iter()
            .filter(|r| r.property == "P1616")
            .map(|r| r.keys)
            .sum::<usize>()
            >= 3,
        "SIRENs asked: {seen:?}"
    );
    assert_eq!(
        ok.iter()
            .filter(|r| r.property == "P374")
            .map(|r| r.keys)
            .sum::<usize>(),
        1,
        "one commune code: {seen:?}"
    );
    assert!(
        out.contains(&format!("asked in {} request(s) (2 retried)", ok.len())),
        "{out}"
    );
    assert!(out.contains("1 ambiguous"), "{out}");
    assert!(
        err.contains("P1616 \"200033181\" names 2 items (Q90000001, Q90000002): not linked"),
        "{err}"
    );

    let links = same_as(&store);
    assert!(links.contains(&"http://publications.europa.eu/resource/authority/country/CAN,http://www.wikidata.org/entity/Q16".to_string()), "{links:?}");
    assert!(
        links
            .iter()
            .any(|l| l.ends_with("http://www.wikidata.org/entity/Q12526")),
        "the Gironde by SIREN: {links:?}"
    );
    assert!(
        links
            .iter()
            .any(|l| l.ends_with("http://www.wikidata.org/entity/Q37776")),
        "Besançon by SIREN and INSEE: {links:?}"
    );
    assert!(
        !links.iter().any(|l| l.contains("Q9000000")),
        "the ambiguous key is not linked"
    );
    let cached = std::fs::read_to_string(&cache).expect("cache written");
    assert!(
        cached.contains("\"P297\"") && cached.contains("\"Q16\""),
        "{cached}"
    );
    let country_keys = cached.matches("\"P297\"").count();
    assert_eq!(country_keys, 1);
    assert!(countries > 80);

    // A second run asks nothing: every key is in the cache, found or not.
    let again = Fake::start(BTreeMap::new());
    let (out, _) = atlas(&[
        "link",
        "wikidata",
        "--no-places",
        "--store",
        &s(&store),
        "--endpoint",
        &again.url(),
        "--cache",
        &s(&cache),
    ]);
    assert!(again.seen().is_empty(), "{:?}", again.seen());
    assert!(out.contains("asked in 0 request(s)"), "{out}");
    assert_eq!(same_as(&store), links);

    // The links are in the dumps, and `import --prune` leaves them.
    let (dump, _) = atlas(&["dump", "--store", &s(&store), "--format", "nquads"]);
    assert!(dump.contains("<http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q16> <https://w3id.org/atlas-lod/links/wikidata> ."));
    import(&store, &["--prune"]);
    assert_eq!(same_as(&store), links, "a full refresh keeps the links");

    // A new store links offline from the cache, at import or with --offline (no endpoint).
    let fresh = work.path().join("fresh");
    import(&fresh, &["--wikidata-cache", &s(&cache)]);
    assert_eq!(same_as(&fresh), links);
    let (out, _) = atlas(&[
        "link",
        "wikidata",
        "--no-places",
        "--store",
        &s(&fresh),
        "--offline",
        "--endpoint",
        "http://127.0.0.1:9/none",
        "--cache",
        &s(&cache),
    ]);
    assert!(out.contains("0 asked in 0 request(s)"), "{out}");
    assert_eq!(same_as(&fresh), links);

    // publish builds its store afresh: the links come back from the cache, offline.
    let bundle = work.path().join("bundle");
    let bundle_arg = s(&bundle);
    let cache_arg = s(&cache);
    atlas(&[
        "publish",
        &seed,
        &pages,
        &records_arg,
        "--authorities",
        &authorities,
        "--out",
        &bundle_arg,
        "--wikidata-cache",
        &cache_arg,
    ]);
    assert_eq!(same_as(&bundle.join("store")), links);
}
