//! The endpoint under abuse, on loopback: slow clients, a 100 MB body, floods of malformed
//! queries, queries built to be costly, traversal and header injection. The server must keep
//! answering well-formed requests, keep its memory bounded and refuse each abuse with a clean
//! status and message. How fast it answers meanwhile is measured by `bench/serve-abuse.py`, not
//! asserted here (a loaded machine would make any bound fail at random).

use crate::common;

use crate::common::server::{Server, agent, answer};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An ASK answered with 200 (the agent's 60 s timeout only catches a hang).
fn ask(url: &str) {
    let (st, _, body) = answer(
        agent()
            .get(&format!("{url}/sparql?query={}", enc("ASK { ?s ?p ?o }")))
            .call(),
    );
    assert_eq!(st, 200, "{body}");
}

fn addr(url: &str) -> String {
    url.trim_start_matches("http://").to_string()
}

/// A GET sent byte for byte (HTTP clients normalise dot segments away): status, headers, body.
fn raw_get(url: &str, path: &str) -> (u16, String, String) {
    let mut c = TcpStream::connect(addr(url)).unwrap();
    write!(
        c,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = c.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

#[test]
fn slow_clients_do_not_hold_the_server() {
    let s = Server::start(&[]);
    ask(&s.url);
    // 200 clients that send half a request and stall.
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut c = TcpStream::connect(addr(&s.url)).unwrap();
        c.write_all(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .unwrap();
        slow.push(c);
    }
    // Answered while they stall.
    for _ in 0..20 {
        ask(&s.url);
    }
    // The server closes them after its header timeout: each read waits for it (the read
    // timeout, far past the header timeout, only catches a server that never closes).
    let mut closed = 0;
    for c in &mut slow {
        c.set_read_timeout(Some(
            atlas_lod::serve::HEADER_TIMEOUT + Duration::from_secs(60),
        ))
        .unwrap();
        let mut buf = [0u8; 256];
        match c.read(&mut buf) {
            Ok(0) => closed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => closed += 1,
            Err(_) => {}
            Ok(n) => {
                // A 408 before closing is fine too.
                if String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408") {
                    closed += 1;
                }
            }
        }
    }
    assert_eq!(
        closed, 200,
        "slow connections still open after the header timeout"
    );
    ask(&s.url);
}

#[test]
fn big_bodies_costly_queries_traversal_and_injection_are_refused() {
    let mut s = Server::start(&["--timeout", "2", "--max-rows", "100"]);
    let rss_before = s.rss_kb();
    // A 100 MB body: refused from its Content-Length, before it is read.
    let mut c = TcpStream::connect(addr(&s.url)).unwrap();
    c.write_all(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 104857600\r\n\r\n").unwrap();
    let _ = c.write_all(&vec![b' '; 1 << 20]);
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = [0u8; 64];
    let n = c.read(&mut head).unwrap_or(0);
    assert!(
        String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&head[..n])
    );
    // Costly queries, each refused with its status while the server keeps serving.
    let nested = format!(
        "SELECT * WHERE {}?s ?p ?o{}",
        "{".repeat(5000),
        "}".repeat(5000)
    );
    // Every predicate, forwards or backwards, any number of times, twelve times over: the
    // closure of the whole graph, counted.
    let paths = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ ?s {} ?o }}",
        ["(!<http://e/none>|^!<http://e/none>)*"; 12].join("/")
    );
    let cases: Vec<(String, u16, &str)> = vec![
        (nested, 400, "nested 5000 levels deep"),
        (
            format!(
                "SELECT * WHERE {} ?s ?p ?o {}",
                "{ OPTIONAL ".repeat(100),
                "}".repeat(100)
            ),
            400,
            "nested",
        ),
        (paths, 503, "longer than this server's limit of 2 s"),
        (
            format!(
                "ASK {{ ?s {} ?o }}",
                "(<http://e/p>/".repeat(3000) + &")".repeat(3000)
            ),
            400,
            "nested 3001 levels deep",
        ),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }".into(),
            422,
            "limit of 100 rows",
        ),
        (
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }".into(),
            503,
            "longer than",
        ),
    ];
    for (q, status, message) in &cases {
        let (st, _, body) = answer(
            agent()
                .post(&format!("{}/sparql", s.url))
                .set("Content-Type", "application/sparql-query")
                .send_string(q),
        );
        assert_eq!(st, *status, "{}: {body}", &q[..q.len().min(80)]);
        assert!(body.contains(message), "{body}");
        // Still serving.
        ask(&s.url);
    }
    // Traversal, encoded or not: a clean 400 or 404, never a file.
    for p in [
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/files/..%2f..%2fetc%2fpasswd",
        "/id/..%5c..%5cwindows",
        "/%2e%2e%2fCargo.toml",
        "/files/%2e%2e",
    ] {
        let (st, _, body) = raw_get(&s.url, p);
        assert!(st == 400 || st == 404, "{p}: {st}");
        assert!(
            !body.contains("root:") && !body.contains("[package]"),
            "{p} leaked a file"
        );
    }
    // Header injection: CR LF in a path or a parameter never becomes a header.
    for p in [
        "/id/x%0d%0aSet-Cookie:%20a=b",
        "/sparql?query=ASK%7B%7D&format=json%0d%0aSet-Cookie:%20a=b",
        "/catalog?page=1%0d%0aSet-Cookie:%20a=b",
    ] {
        let (st, head, _) = raw_get(&s.url, p);
        assert!(
            !head.to_ascii_lowercase().contains("set-cookie"),
            "{p} injected a header:\n{head}"
        );
        assert!((200..500).contains(&st), "{p}: {st}");
    }
    // Memory stays bounded.
    let rss_after = s.rss_kb();
    assert!(
        rss_after < rss_before + 300_000,
        "RSS grew from {rss_before} KB to {rss_after} KB"
    );
    assert!(s.alive());
}

/// 10,000 queries, half of them malformed, 32 at a time: every malformed one gets a 400, every
/// good one its answer, no connection error.
#[test]
fn a_flood_of_malformed_queries() {
    let s = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let good = format!(
        "/sparql?query={}",
        enc("SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t } LIMIT 5")
    );
    let bad = [
        "/sparql?query=SELEC%20*",
        "/sparql?query=SELECT%20*%20WHERE%20%7B",
        "/sparql?query=%7B%7B%7B%7B",
        "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20%3Cnot%20an%20iri%3E%20%3Fy%20%7D",
    ];
    let mut paths = Vec::new();
    for b in bad {
        paths.push((good.clone(), "*/*".to_string()));
        paths.push((b.to_string(), "*/*".to_string()));
    }
    let load = common::load::run(&s.url, &paths, 5000, dir.path());
    assert!(load.requests >= 10_000.0, "{}", load.line);
    // Half malformed (give or take the requests in flight when the threads stopped).
    assert!(
        (load.non2xx - load.requests / 2.0).abs() <= 64.0,
        "{}",
        load.line
    );
    assert_eq!(load.errors, [0.0; 4], "{}", load.line);
    ask(&s.url);
}
