//! The limits no request can get past: query texts nested or chained to any depth (the server
//! answers 400 past its limits, and never dies), slow queries cancelled at `--timeout` and
//! when their client leaves (their `--max-concurrent` slot freed), `ETag`s that follow the
//! language and the files' bytes.

use crate::common::server::{Server, agent, answer};
use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn post_query(url: &str, q: &str) -> (u16, String) {
    let (st, _, body) = answer(
        agent()
            .post(&format!("{url}/sparql"))
            .set("Content-Type", "application/sparql-query")
            .set("Accept", "application/sparql-results+json")
            .send_string(q),
    );
    (st, body)
}

fn ask_ok(s: &mut Server, after: &str) {
    assert!(s.alive(), "the server died after {after}");
    let (st, body) = post_query(&s.url, "ASK { ?s ?p ?o }");
    assert_eq!(st, 200, "after {after}: {body}");
}

/// A query of `kind` nested (or chained) `n` deep.
fn nested(kind: &str, n: usize) -> String {
    let r = |s: &str| s.repeat(n);
    match kind {
        "parentheses" => format!("ASK {{ FILTER({}true{}) }}", r("("), r(")")),
        "braces" => format!("SELECT * WHERE {}?s ?p ?o{} LIMIT 1", r("{"), r("}")),
        "blank nodes" => format!(
            "ASK {{ ?s <http://e/p> {}1{} }}",
            r("[ <http://e/p> "),
            r(" ]")
        ),
        "not" => format!("ASK {{ FILTER({}true) }}", r("!")),
        "minus" => format!("ASK {{ FILTER({}1{} != 0) }}", r("-("), r(")")),
        "plus" => format!("ASK {{ FILTER({}1{} != 0) }}", r("+("), r(")")),
        "paths" => format!(
            "ASK {{ <http://e/s> {}<http://e/p>{} ?o }}",
            r("(<http://e/p>/"),
            r(")")
        ),
        "subqueries" => format!(
            "SELECT * WHERE {{ {}BIND(1 AS ?x){} }}",
            r("{ SELECT * WHERE { "),
            r(" } }")
        ),
        "functions" => format!("ASK {{ FILTER({}\"a\"{} = \"a\") }}", r("STR("), r(")")),
        "sum chain" => format!("ASK {{ FILTER({}1 > 0) }}", r("1 + ")),
        "or chain" => format!("ASK {{ FILTER({}true) }}", r("false || ")),
        // Anchored: a sequence of 1,000 steps from every subject would be slow to evaluate.
        "path chain" => format!(
            "ASK {{ <http://e/s> {}<http://e/p> ?o }}",
            r("<http://e/p>/")
        ),
        "union chain" => format!(
            "SELECT * WHERE {{ {}{{ BIND(2 AS ?x) }} }} LIMIT 1",
            r("{ BIND(1 AS ?x) } UNION ")
        ),
        other => panic!("no kind {other}"),
    }
}

const KINDS: [&str; 13] = [
    "parentheses",
    "braces",
    "blank nodes",
    "not",
    "minus",
    "plus",
    "paths",
    "subqueries",
    "functions",
    "sum chain",
    "or chain",
    "path chain",
    "union chain",
];

#[test]
fn deep_nestings_and_long_chains_of_every_kind_never_stop_the_server() {
    // A body large enough for 100,000 levels of every kind: the limit under test is the
    // shape's, not the body's.
    let mut s = Server::start_env(
        &[
            "--max-body",
            "16777216",
            "--timeout",
            "20",
            "--allow-update",
        ],
        &[("ATLAS_LOD_UPDATE_TOKEN", "a-secret-of-24-characters")],
    );
    for kind in KINDS {
        for n in [10, 1000, 5000, 100_000] {
            let q = nested(kind, n);
            let (st, body) = post_query(&s.url, &q);
            // Operator chains of 1,000 are within the limits (and evaluated on the large
            // stack); nestings of 1,000 are not, nor 1,000 join operands.
            let expected = match kind {
                _ if n == 10 => None,
                "sum chain" | "or chain" if n == 1000 => None,
                "sum chain" | "or chain" => Some("too long a chain"),
                "path chain" | "union chain" => Some("triple patterns, groups and path steps"),
                _ => Some("levels deep"),
            };
            match expected {
                None => assert_eq!(st, 200, "{kind} x{n}: {body}"),
                Some(message) => {
                    assert_eq!(st, 400, "{kind} x{n}: {body}");
                    assert!(
                        body.contains(message) && body.contains("this server accepts"),
                        "{kind} x{n}: {body}"
                    );
                }
            }
            ask_ok(&mut s, &format!("{kind} x{n}"));
        }
    }
    // The same through GET, and for updates.
    let deep = nested("not", 5000);
    let (st, _, body) = answer(
        agent()
            .get(&format!("{}/sparql?query={}", s.url, enc(&deep)))
            .call(),
    );
    assert!(
        st == 400 && body.contains("5002 levels deep"),
        "{st} {body}"
    );
    for n in [10, 100_000] {
        let update = format!(
            "INSERT {{ <http://e/s> <http://e/p> 1 }} WHERE {{ FILTER({}true) }}",
            "!".repeat(n)
        );
        let (st, _, body) = answer(
            agent()
                .post(&format!("{}/sparql", s.url))
                .set("Content-Type", "application/sparql-update")
                .set("Authorization", "Bearer a-secret-of-24-characters")
                .send_string(&update),
        );
        let expected = if n == 10 { 204 } else { 400 };
        assert_eq!(st, expected, "update x{n}: {body}");
        ask_ok(&mut s, &format!("update x{n}"));
    }
    // The query page parses what it is given too (5,000: a URL of 30 KB).
    let (st, _, body) = answer(
        agent()
            .get(&format!(
                "{}/?query={}",
                s.url,
                enc(&nested("parentheses", 5000))
            ))
            .set("Accept", "text/html")
            .call(),
    );
    assert!(st == 400 && body.contains("levels deep"), "{st}");
    ask_ok(&mut s, "the query page");
}

/// Threads evaluating queries (named by the server) that are still running.
fn query_threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| {
            d.flatten()
                .filter(|t| {
                    std::fs::read_to_string(t.path().join("comm"))
                        .is_ok_and(|c| c.trim() == atlas_lod::serve::limits::QUERY_THREAD)
                })
                .count()
        })
        .unwrap_or(0)
}

/// Waits (up to a generous limit, never asserted as a duration) until no query thread runs.
fn wait_no_query_thread(pid: u32) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if query_threads(pid) == 0 {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// A cross product of four triple patterns, counted: the work is in memory (the store is read
/// once per pattern), far more than any timeout of this test on the example store.
const SLOW: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";

#[test]
fn slow_queries_are_cancelled_at_the_timeout_and_free_their_slots() {
    let mut s = Server::start(&["--timeout", "2", "--max-concurrent", "2"]);
    for round in 0..2 {
        // As many slow queries as slots, at once.
        let slow: Vec<_> = (0..2)
            .map(|_| {
                let url = s.url.clone();
                std::thread::spawn(move || post_query(&url, SLOW))
            })
            .collect();
        for t in slow {
            let (st, body) = t.join().unwrap();
            assert_eq!(st, 503, "round {round}: {body}");
            assert!(body.contains("--timeout"), "{body}");
        }
        // The evaluations stopped (their threads ended): the slots are free and a fast query
        // answers. Without cancellation they would run on and every later query would wait
        // for a slot until its own timeout.
        assert!(
            wait_no_query_thread(s.pid()),
            "round {round}: {} query threads still running",
            query_threads(s.pid())
        );
        let (st, body) = post_query(
            &s.url,
            "SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t } LIMIT 1",
        );
        assert_eq!(st, 200, "round {round}: {body}");
        ask_ok(&mut s, "slow queries");
    }
}

#[test]
fn a_client_that_leaves_cancels_its_query() {
    // A timeout far beyond the test: only the client's leaving can stop the evaluation.
    let mut s = Server::start(&["--timeout", "3600", "--max-concurrent", "1"]);
    let addr = s.url.trim_start_matches("http://").to_string();
    let mut c = TcpStream::connect(&addr).unwrap();
    write!(
        c,
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n{SLOW}",
        SLOW.len()
    )
    .unwrap();
    // The evaluation starts.
    let started = Instant::now();
    while query_threads(s.pid()) == 0 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(query_threads(s.pid()), 1, "the slow query did not start");
    drop(c);
    assert!(
        wait_no_query_thread(s.pid()),
        "the query runs on after its client left"
    );
    // Its only slot is free again.
    ask_ok(&mut s, "a client that left");
}

fn get_with(url: &str, headers: &[(&str, &str)]) -> (u16, ureq::Response) {
    let mut r = agent().get(url);
    for (k, v) in headers {
        r = r.set(k, v);
    }
    match r.call() {
        Ok(r) => (r.status(), r),
        Err(ureq::Error::Status(st, r)) => (st, r),
        Err(e) => panic!("{e}"),
    }
}

/// Across requests that vary in type and language, a validator gets a `304` exactly when a
/// fresh answer to the request would carry it, with the headers that answer carries; the
/// 304s here are decided before the handler runs (each representation was answered once).
fn every_validator_answers_only_its_own_representation(url: &str) {
    let mut variants: Vec<Vec<(&str, &str)>> = Vec::new();
    for accept in ["text/html", "text/turtle", "text/html;q=0.5, text/turtle"] {
        for lang in [None, Some("en"), Some("de, fr;q=0.5")] {
            let mut v = vec![("Accept", accept)];
            v.extend(lang.map(|l| ("Accept-Language", l)));
            variants.push(v);
        }
    }
    let answers: Vec<(String, Option<String>)> = variants
        .iter()
        .map(|v| {
            let (st, r) = get_with(url, v);
            assert_eq!(st, 200, "{url} {v:?}");
            let etag = r.header("etag").expect("an ETag").to_string();
            (etag, r.header("vary").map(str::to_string))
        })
        .collect();
    for (v, (own, vary)) in variants.iter().zip(&answers) {
        for (other, _) in &answers {
            let mut h = v.clone();
            h.push(("If-None-Match", other));
            let (st, r) = get_with(url, &h);
            let expected = if other == own { 304 } else { 200 };
            assert_eq!(
                st, expected,
                "{url} {v:?} with the validator {other} (own {own})"
            );
            if st == 304 {
                assert_eq!(r.header("etag"), Some(own.as_str()), "{url} {v:?}");
                assert_eq!(r.header("vary").map(str::to_string), *vary, "{url} {v:?}");
            }
        }
    }
}

#[test]
fn etags_follow_the_language_and_the_files_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("r.jsonl");
    let mut f = std::fs::File::create(&records).unwrap();
    for r in atlas_lod::generate::records(2026, 3) {
        serde_json::to_writer(&mut f, &r).unwrap();
        f.write_all(b"\n").unwrap();
    }
    drop(f);
    let bundle = dir.path().join("bundle");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["publish", records.to_str().unwrap(), "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = Server::on_store(&bundle.join("store"), &[], &[]);
    let text = std::fs::read_to_string(bundle.join("partnerships.csv")).unwrap();
    let iri = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .find(|f| f.starts_with("https://w3id.org/atlas-lod/id/partnership/"))
        .expect("a partnership IRI")
        .to_string();
    let page = format!(
        "{}{}",
        s.url,
        iri.trim_start_matches("https://w3id.org/atlas-lod")
    );
    for url in [page, format!("{}/", s.url), format!("{}/catalog", s.url)] {
        let fr = [("Accept", "text/html"), ("Accept-Language", "fr")];
        let (st, r) = get_with(&url, &fr);
        assert_eq!(st, 200, "{url}");
        let etag = r.header("etag").expect("an ETag").to_string();
        let vary = r.header("vary").unwrap_or_default().to_ascii_lowercase();
        assert!(vary.contains("accept-language"), "{url}: Vary {vary}");
        // The French reader's validator: 304 for French...
        let (st, r) = get_with(&url, &[fr[0], fr[1], ("If-None-Match", &etag)]);
        assert_eq!(st, 304, "{url}");
        assert!(r.header("vary").is_some(), "{url}: a 304 keeps Vary");
        // ...never for English.
        let en = [
            ("Accept", "text/html"),
            ("Accept-Language", "en"),
            ("If-None-Match", &etag),
        ];
        let (st, r) = get_with(&url, &en);
        assert_eq!(
            st, 200,
            "{url}: an English reader got the French page's 304"
        );
        assert_ne!(r.header("etag"), Some(etag.as_str()), "{url}");
        // Nor for another type.
        let (st, _) = get_with(&url, &[("Accept", "text/turtle"), ("If-None-Match", &etag)]);
        assert_ne!(st, 304, "{url}");
        every_validator_answers_only_its_own_representation(&url);
    }
    // A file of the bundle rewritten on disk: its ETag follows the bytes.
    let file = format!("{}/files/README.md", s.url);
    let etag_of = || {
        let (st, r) = get_with(&file, &[]);
        assert_eq!(st, 200);
        r.header("etag").expect("an ETag").to_string()
    };
    let before = etag_of();
    let path = bundle.join("README.md");
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    bytes[len / 2] ^= 1;
    // Same size, other bytes.
    std::fs::write(&path, &bytes).unwrap();
    let after = etag_of();
    assert_ne!(before, after, "the file changed, its ETag did not");
    let (st, _) = get_with(&file, &[("If-None-Match", &before)]);
    assert_eq!(st, 200, "the old ETag still matched");
    let (st, _) = get_with(&file, &[("If-None-Match", &after)]);
    assert_eq!(st, 304);
    // Back to the first bytes: the first ETag again.
    bytes[len / 2] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(etag_of(), before);
}

/// A mutation fuzzer over the same inputs as the cargo-fuzz target, for machines where the
/// instrumented build (RocksDB in release, twice) is out of reach: seeds (the fuzz seeds, the
/// bundled queries), mutated by SPARQL tokens inserted, slices repeated (up to deep nestings),
/// bytes flipped and cut. A stack overflow would abort the test binary; a panic fails it.
/// `ATLAS_LOD_FUZZ_SECS` runs it longer (default: 2,000 inputs).
#[test]
fn mutated_http_inputs_never_crash_the_parsers() {
    let seconds: Option<u64> = std::env::var("ATLAS_LOD_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok());
    let worker = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let mut seeds: Vec<Vec<u8>> =
                std::fs::read_dir(crate::common::repo_path("fuzz/seeds/http_inputs"))
                    .unwrap()
                    .map(|e| std::fs::read(e.unwrap().path()).unwrap())
                    .collect();
            for q in atlas_lod::serve::bundled_queries() {
                seeds.push(format!("query={}", enc(&q.text)).into_bytes());
                seeds.push(
                    format!("text/html\nen-GB,fr;q=0.5\nW/\"x\"\nquery={}", enc(&q.text))
                        .into_bytes(),
                );
            }
            const TOKENS: [&str; 30] = [
                "(", ")", "{", "}", "[", "]", "!", "-", "+", "\"", "'", "\"\"\"", "#", "<", ">",
                "\n", "\\", "||", "/", "|", ".", ";", ",", "%28", "%7B", "%21", "&query=",
                "&update=", " UNION ", "FILTER(",
            ];
            let mut state = 0x9E37_79B9_7F4A_7C15u64;
            let mut next = move |n: usize| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % n.max(1) as u64) as usize
            };
            let started = Instant::now();
            let mut runs = 0u64;
            loop {
                match seconds {
                    Some(s) if started.elapsed() >= Duration::from_secs(s) => break,
                    None if runs >= 2000 => break,
                    _ => {}
                }
                let mut input = seeds[next(seeds.len())].clone();
                for _ in 0..1 + next(8) {
                    let at = next(input.len() + 1);
                    match next(4) {
                        0 => {
                            let t = TOKENS[next(TOKENS.len())].as_bytes();
                            input.splice(at..at, t.iter().copied());
                        }
                        1 if !input.is_empty() => {
                            let end = (at + 1 + next(16)).min(input.len());
                            let start = at.min(end.saturating_sub(1));
                            let slice = input[start..end].to_vec();
                            let times = [2, 10, 100, 1000, 20_000][next(5)];
                            let repeated = slice.repeat(times);
                            input.splice(start..start, repeated);
                            input.truncate(1 << 20);
                        }
                        2 if !input.is_empty() => {
                            let i = at.min(input.len() - 1);
                            input[i] ^= 1 << next(8);
                        }
                        _ => {
                            let end = (at + next(8)).min(input.len());
                            input.drain(at.min(end)..end);
                        }
                    }
                }
                crate::fuzz_corpus::bodies::http_inputs::run(&input);
                runs += 1;
            }
            (runs, started.elapsed())
        })
        .unwrap();
    let (runs, took) = worker.join().expect("no input crashed the parsers");
    eprintln!("mutated http inputs: {runs} runs in {took:?}, no crash");
    assert!(runs >= 2000 || seconds.is_some());
}
