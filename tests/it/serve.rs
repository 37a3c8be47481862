//! `serve` over HTTP: the SPARQL 1.1 Protocol, refusals, Linked Data, descriptions. Every test
//! runs a real server process on a free loopback port.

use crate::common::server::{Server, agent, answer};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Triple;
use std::io::Read;

const SEED: &str = "https://w3id.org/atlas-lod/id/partnership/654fd6cb4fd2d21f";
const SEED_GRAPH: &str = "https://w3id.org/atlas-lod/id/graph/654fd6cb4fd2d21f";

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn get(url: &str, accept: &str) -> (u16, String, String) {
    answer(agent().get(url).set("Accept", accept).call())
}

fn parse(body: &str, format: RdfFormat) -> Vec<Triple> {
    RdfParser::from_format(format)
        .for_slice(body.as_bytes())
        .map(|q| Triple::from(q.expect("valid RDF")))
        .collect()
}

fn json_value(body: &str, var: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON results");
    v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| b[var]["value"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn protocol_queries_formats_and_dataset() {
    let s = Server::start(&[]);
    let q = "SELECT ?t WHERE { <SEED> <http://purl.org/dc/terms/title> ?t }".replace("SEED", SEED);
    // GET, JSON by default.
    let (st, ct, body) = get(&format!("{}/sparql?query={}", s.url, enc(&q)), "*/*");
    assert_eq!(st, 200, "{body}");
    assert_eq!(ct, "application/sparql-results+json");
    assert_eq!(
        json_value(&body, "t"),
        ["La Beauté connectée de la France au Québec"]
    );
    // POST form, XML.
    let (st, ct, body) = answer(
        agent()
            .post(&format!("{}/sparql", s.url))
            .set("Accept", "application/sparql-results+xml")
            .send_form(&[("query", &q)]),
    );
    assert_eq!((st, ct.as_str()), (200, "application/sparql-results+xml"));
    assert!(body.contains("La Beauté connectée"), "{body}");
    // POST direct, CSV and TSV.
    for (accept, sep) in [("text/csv", ""), ("text/tab-separated-values", "?")] {
        let (st, ct, body) = answer(
            agent()
                .post(&format!("{}/sparql", s.url))
                .set("Content-Type", "application/sparql-query")
                .set("Accept", accept)
                .send_string(&q),
        );
        assert_eq!((st, ct.as_str()), (200, accept));
        assert!(body.starts_with(&format!("{sep}t")), "{body}");
        assert!(body.contains("La Beauté connectée"), "{body}");
    }
    // ASK.
    let (_, _, body) = get(
        &format!(
            "{}/sparql?query={}",
            s.url,
            enc("ASK { ?s a <https://w3id.org/atlas-lod/ontology#Partnership> }")
        ),
        "application/sparql-results+json",
    );
    assert!(body.contains("\"boolean\":true"), "{body}");
    // CONSTRUCT in every RDF format, parsed back.
    let c = format!(
        "CONSTRUCT {{ <{SEED}> ?p ?o }} WHERE {{ GRAPH <{SEED_GRAPH}> {{ <{SEED}> ?p ?o }} }}"
    );
    let mut sizes = Vec::new();
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
        ("application/n-quads", RdfFormat::NQuads),
    ] {
        let (st, ct, body) = get(&format!("{}/sparql?query={}", s.url, enc(&c)), accept);
        assert_eq!(st, 200, "{accept}: {body}");
        assert!(ct.starts_with(accept), "{ct}");
        let triples = parse(&body, format);
        assert!(
            triples
                .iter()
                .any(|t| t.object.to_string().contains("La Beauté connectée"))
        );
        sizes.push(triples.len());
    }
    assert!(
        sizes[0] > 20 && sizes.iter().all(|n| *n == sizes[0]),
        "{sizes:?}"
    );
    // default-graph-uri narrows the default graph to the seed's record graph.
    let count = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/atlas-lod/ontology#Partnership> }";
    let (_, _, all) = get(
        &format!("{}/sparql?query={}", s.url, enc(count)),
        "application/json",
    );
    let (_, _, one) = get(
        &format!(
            "{}/sparql?query={}&default-graph-uri={}",
            s.url,
            enc(count),
            enc(SEED_GRAPH)
        ),
        "application/json",
    );
    assert_eq!(json_value(&one, "n"), ["1"]);
    assert!(
        json_value(&all, "n")[0].parse::<u32>().unwrap() > 1,
        "{all}"
    );
    // named-graph-uri restricts GRAPH ?g.
    let graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let (_, _, named) = get(
        &format!(
            "{}/sparql?query={}&named-graph-uri={}",
            s.url,
            enc(graphs),
            enc(SEED_GRAPH)
        ),
        "application/json",
    );
    assert_eq!(json_value(&named, "n"), ["1"]);
    // Service description without a query; CORS; gzip.
    let (st, ct, sd) = get(&format!("{}/sparql", s.url), "text/turtle");
    assert_eq!((st, ct.as_str()), (200, "text/turtle"));
    let sd = parse(&sd, RdfFormat::Turtle);
    assert!(
        sd.iter()
            .any(|t| t.predicate.as_str().ends_with("#endpoint")
                && t.object.to_string() == format!("<{}/sparql>", s.url))
    );
    let r = agent()
        .get(&format!("{}/sparql?query={}", s.url, enc(&q)))
        .set("Origin", "https://example.org")
        .set("Accept-Encoding", "gzip")
        .call()
        .expect("200");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    let mut raw = Vec::new();
    r.into_reader().read_to_end(&mut raw).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_string(&mut text)
        .expect("gzip body");
    assert!(text.contains("La Beauté connectée"));
}

#[test]
fn refusals_have_their_status_and_message_and_the_server_keeps_serving() {
    let mut s = Server::start(&["--timeout", "1", "--max-rows", "50"]);
    let sparql = format!("{}/sparql", s.url);
    let post_update = |auth: Option<&str>| {
        let mut r = agent()
            .post(&sparql)
            .set("Content-Type", "application/sparql-update");
        if let Some(a) = auth {
            r = r.set("Authorization", a);
        }
        answer(r.send_string("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"))
    };
    let (st, _, body) = post_update(None);
    assert_eq!(st, 403, "{body}");
    assert!(body.contains("updates are disabled"), "{body}");
    let cases: Vec<(String, &str, u16, &str)> = vec![
        (
            "SELEC * WHERE { ?s ?p ?o }".into(),
            "*/*",
            400,
            "malformed query: error at 1:1",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o ".into(),
            "*/*",
            400,
            "malformed query: error at 1:",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1".into(),
            "image/png",
            406,
            "available: application/sparql-results+json",
        ),
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }".into(),
            "*/*",
            403,
            "127.0.0.1 is not a public address",
        ),
        (
            "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }"
                .into(),
            "*/*",
            403,
            "169.254.169.254 is not a public address",
        ),
        (
            "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }".into(),
            "*/*",
            403,
            "only http and https",
        ),
        (
            "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }".into(),
            "*/*",
            403,
            "not on this server's allow-list",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o }".into(),
            "*/*",
            422,
            "limit of 50 rows",
        ),
        // A cross product far too big to finish within a second.
        (
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }".into(),
            "*/*",
            503,
            "longer than this server's limit of 1 s",
        ),
    ];
    for (query, accept, status, message) in &cases {
        let (st, ct, body) = get(&format!("{sparql}?query={}", enc(query)), accept);
        assert_eq!(st, *status, "{query}: {body}");
        assert!(ct.starts_with("text/plain"), "{ct}");
        assert!(
            body.contains(message),
            "{query}: expected {message:?} in {body:?}"
        );
        // Still serving.
        let (st, _, _) = get(&format!("{sparql}?query={}", enc("ASK {}")), "*/*");
        assert_eq!(st, 200);
    }
    assert!(s.alive());
    // Unsupported body type, GET update.
    let (st, _, body) = answer(
        agent()
            .post(&sparql)
            .set("Content-Type", "text/plain")
            .send_string("x"),
    );
    assert_eq!(st, 415, "{body}");
    let (st, _, _) = get(&format!("{sparql}?update={}", enc("CLEAR ALL")), "*/*");
    assert_eq!(st, 405);
}

#[test]
fn updates_need_the_flag_and_the_token() {
    let token = "a-test-token-of-sufficient-length";
    let s = Server::start_env(&["--allow-update"], &[("ATLAS_LOD_UPDATE_TOKEN", token)]);
    let sparql = format!("{}/sparql", s.url);
    let update = "INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> \"added\" } }";
    let send = |auth: Option<String>| {
        let mut r = agent()
            .post(&sparql)
            .set("Content-Type", "application/sparql-update");
        if let Some(a) = auth {
            r = r.set("Authorization", &a);
        }
        answer(r.send_string(update))
    };
    let (st, _, body) = send(None);
    assert_eq!(st, 403);
    assert!(body.contains("token"), "{body}");
    let (st, _, body) = send(Some("Bearer wrong-token-wrong-token".into()));
    assert_eq!(st, 403);
    assert!(body.contains("wrong update token"), "{body}");
    let ask = format!(
        "{sparql}?query={}",
        enc("ASK { <http://e/s> <http://e/p> \"added\" }")
    );
    assert!(get(&ask, "application/json").2.contains("false"));
    let (st, _, body) = send(Some(format!("Bearer {token}")));
    assert_eq!(st, 204, "{body}");
    assert!(get(&ask, "application/json").2.contains("true"));
    // The form encoding works too.
    let (st, _, _) = answer(
        agent()
            .post(&sparql)
            .set("Authorization", &format!("Bearer {token}"))
            .send_form(&[("update", "CLEAR GRAPH <http://e/g>")]),
    );
    assert_eq!(st, 204);
    assert!(get(&ask, "application/json").2.contains("false"));
}

#[test]
fn minted_iris_dereference_as_pages_and_rdf() {
    let s = Server::start(&[]);
    let path = SEED.trim_start_matches("https://w3id.org/atlas-lod");
    // RDF by Accept and by extension agree.
    let (st, ct, ttl) = get(&format!("{}{path}", s.url), "text/turtle");
    assert_eq!((st, ct.as_str()), (200, "text/turtle"));
    let ttl = parse(&ttl, RdfFormat::Turtle);
    assert!(
        ttl.iter()
            .any(|t| t.subject.to_string() == format!("<{SEED}>")
                && t.object.to_string().contains("La Beauté connectée"))
    );
    for (ext, accept, format) in [
        ("ttl", "text/turtle", RdfFormat::Turtle),
        ("nt", "application/n-triples", RdfFormat::NTriples),
        ("rdf", "application/rdf+xml", RdfFormat::RdfXml),
        (
            "jsonld",
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let (st, _, by_ext) = get(&format!("{}{path}.{ext}", s.url), "*/*");
        assert_eq!(st, 200, "{ext}");
        let (_, _, by_accept) = get(&format!("{}{path}", s.url), accept);
        let mut a = parse(&by_ext, format);
        let mut b = parse(&by_accept, format);
        a.sort_by_cached_key(ToString::to_string);
        b.sort_by_cached_key(ToString::to_string);
        assert_eq!(a.len(), ttl.len(), "{ext}");
        assert_eq!(a, b, "{ext}");
    }
    // The HTML page: title, theme path, partners with country, funding totals per year, contacts.
    let (st, ct, html) = get(
        &format!("{}{path}", s.url),
        "text/html,application/xhtml+xml,*/*;q=0.8",
    );
    assert_eq!((st, ct.as_str()), (200, "text/html"));
    for needle in [
        "<h1>La Beauté connectée de la France au Québec</h1>",
        "Economie durable</a> › <a href=\"/theme/economie-durable/attractivite-des-territoires\">",
        "Québec International</a></td><td><a href=\"/country/CAN\">Canada</a></td>",
        "Correspondant coopération décentralisée",
        "cette ressource en SPARQL",
        "<html lang=\"fr\">",
        "<th>Rôle</th>",
    ] {
        assert!(html.contains(needle), "page lacks {needle:?}");
    }
    // One language at a time: French unless asked; English by ?lang=en or Accept-Language,
    // each page linking to the other.
    assert!(
        html.contains("hreflang=\"en\""),
        "no link to the English page"
    );
    for (url, accept_language) in [
        (format!("{}{path}?lang=en", s.url), None),
        (format!("{}{path}", s.url), Some("en-GB,en;q=0.9")),
    ] {
        let mut r = agent().get(&url).set("Accept", "text/html");
        if let Some(l) = accept_language {
            r = r.set("Accept-Language", l);
        }
        let r = r.call().expect("english page");
        assert!(
            r.header("vary")
                .unwrap_or_default()
                .contains("Accept-Language")
        );
        let en = r.into_string().unwrap_or_default();
        for needle in [
            "<html lang=\"en\">",
            "this resource in SPARQL",
            "<th>Role</th>",
            "hreflang=\"fr\"",
        ] {
            assert!(en.contains(needle), "{url}: English page lacks {needle:?}");
        }
        assert!(
            !en.contains("cette ressource en SPARQL"),
            "{url}: French left in the English page"
        );
    }
    let totals = format!(
        "SELECT ?y (SUM(?a) AS ?t) WHERE {{ <{SEED}> <https://w3id.org/atlas-lod/ontology#funding> ?f . ?f <https://w3id.org/atlas-lod/ontology#year> ?y ; <https://w3id.org/atlas-lod/ontology#amount> ?a }} GROUP BY ?y ORDER BY ?y"
    );
    let (_, _, t) = get(
        &format!("{}/sparql?query={}", s.url, enc(&totals)),
        "application/json",
    );
    let totals = json_value(&t, "t");
    assert_eq!(totals.len(), 2, "{t}");
    for total in totals {
        let n: atlas_lod::model::Amount = total.parse().unwrap();
        let shown = atlas_lod::model::lang::Lang::Fr.euros(n);
        assert!(
            html.contains(&format!("<td class=\"num\">{shown}</td>")),
            "no total {shown}"
        );
    }
    // Every local link on the page resolves.
    let mut checked = 0;
    for part in html.split("href=\"/").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        let href = href.replace("&amp;", "&");
        if href.starts_with('?') || href.is_empty() {
            continue;
        }
        let (st, _, _) = get(&format!("{}/{href}", s.url), "text/html");
        assert_eq!(st, 200, "/{href}");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} links");
    // Ontology, theme scheme, a status concept and an organisation dereference too.
    for (p, needle) in [
        ("/ontology", "Partnership"),
        ("/theme/", "ConceptScheme"),
        ("/status/en-cours", "en-cours"),
        ("/id/organisation/cosmetic-valley", "Cosmetic Valley"),
    ] {
        let (st, _, body) = get(&format!("{}{p}", s.url), "text/turtle");
        assert_eq!(st, 200, "{p}");
        assert!(body.contains(needle), "{p}");
        let (st, _, page) = get(&format!("{}{p}", s.url), "text/html");
        assert_eq!(st, 200, "{p}");
        assert!(page.contains("<h1>"), "{p}");
    }
    // The organisation page lists the partnerships naming it.
    let (_, _, org) = get(
        &format!("{}/id/organisation/cosmetic-valley", s.url),
        "text/html",
    );
    assert!(
        org.contains(&format!("href=\"{path}\"")),
        "no link back to the partnership"
    );
    // Unknown: 404 with a page; traversal: 400; unknown format: 406.
    let (st, ct, body) = get(&format!("{}/id/partnership/nope", s.url), "text/html");
    assert_eq!((st, ct.as_str()), (404, "text/html"));
    assert!(body.contains("<h1>Introuvable</h1>"), "{body}");
    for bad in [
        "/id/../etc/passwd",
        "/id/%2e%2e/etc/passwd",
        "/id%2fpartnership",
    ] {
        let (st, _, _) = get(&format!("{}{bad}", s.url), "text/html");
        assert!(st == 400 || st == 404, "{bad}: {st}");
    }
    let (st, _, _) = get(&format!("{}{path}", s.url), "image/png");
    assert_eq!(st, 406);
}

#[test]
fn void_and_graph_store_agree_with_sparql() {
    let s = Server::start(&[]);
    let count = |q: &str| -> u64 {
        let (_, _, b) = get(
            &format!("{}/sparql?query={}", s.url, enc(q)),
            "application/json",
        );
        json_value(&b, "n")[0].parse().unwrap()
    };
    let triples = count(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
    );
    let partnerships = count(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/atlas-lod/ontology#Partnership> }",
    );
    assert!(triples > 500 && partnerships >= 3);
    for p in ["/void", "/.well-known/void"] {
        let (st, _, body) = get(&format!("{}{p}", s.url), "application/n-triples");
        assert_eq!(st, 200);
        let t = parse(&body, RdfFormat::NTriples);
        let value = |pred: &str, subject: Option<&str>| -> Vec<String> {
            t.iter()
                .filter(|x| {
                    x.predicate.as_str() == pred
                        && subject.is_none_or(|s| x.subject.to_string() == s)
                })
                .map(|x| match &x.object {
                    oxigraph::model::Term::Literal(l) => l.value().to_string(),
                    o => o.to_string(),
                })
                .collect()
        };
        let ds = format!("<{}/void#dataset>", s.url);
        assert_eq!(
            value("http://rdfs.org/ns/void#triples", Some(&ds)),
            [triples.to_string()]
        );
        assert_eq!(
            value("http://rdfs.org/ns/void#sparqlEndpoint", Some(&ds)),
            [format!("<{}/sparql>", s.url)]
        );
        // The Partnership class partition counts every partnership.
        let part = t
            .iter()
            .find(|x| {
                x.predicate.as_str() == "http://rdfs.org/ns/void#class"
                    && x.object.to_string() == "<https://w3id.org/atlas-lod/ontology#Partnership>"
            })
            .expect("a Partnership partition");
        assert_eq!(
            value(
                "http://rdfs.org/ns/void#entities",
                Some(&part.subject.to_string())
            ),
            [partnerships.to_string()]
        );
    }
    // Graph Store read: the seed's record graph, as many triples as SPARQL sees in it.
    let (st, _, body) = get(
        &format!("{}/store?graph={}", s.url, enc(SEED_GRAPH)),
        "application/n-triples",
    );
    assert_eq!(st, 200);
    let n = parse(&body, RdfFormat::NTriples).len() as u64;
    assert_eq!(
        n,
        count(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SEED_GRAPH}> {{ ?s ?p ?o }} }}"
        ))
    );
    let (st, _, _) = get(
        &format!("{}/store?graph={}", s.url, enc("http://example.org/none")),
        "*/*",
    );
    assert_eq!(st, 404);
    let (st, _, _) = get(&format!("{}/store", s.url), "*/*");
    assert_eq!(st, 400);
}

#[test]
fn etags_304_and_kept_answers_until_an_update() {
    let token = "a-test-token-of-sufficient-length";
    let s = Server::start_env(
        &["--allow-update", "--cache-control", "public, max-age=42"],
        &[("ATLAS_LOD_UPDATE_TOKEN", token)],
    );
    let q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let url = format!("{}/sparql?query={}", s.url, enc(q));
    let json = "application/sparql-results+json";
    let ask = |if_none_match: Option<&str>| {
        let mut r = agent().get(&url).set("Accept", json);
        if let Some(t) = if_none_match {
            r = r.set("If-None-Match", t);
        }
        let r = r.call().expect("answer");
        let header = |h: &str| r.header(h).unwrap_or_default().to_string();
        let (status, etag, cache, control) = (
            r.status(),
            header("etag"),
            header("x-cache"),
            header("cache-control"),
        );
        (
            status,
            etag,
            cache,
            control,
            r.into_string().unwrap_or_default(),
        )
    };
    let (st, etag, cache, control, first) = ask(None);
    assert_eq!(
        (st, cache.as_str(), control.as_str()),
        (200, "miss", "public, max-age=42")
    );
    assert!(etag.starts_with("W/\""), "{etag}");
    assert!(first.contains("\"n\""), "{first}");
    // The same question again: kept, same answer, same validator.
    let (st, etag2, cache, _, second) = ask(None);
    assert_eq!((st, cache.as_str()), (200, "hit"));
    assert_eq!(
        (etag2.as_str(), second.as_str()),
        (etag.as_str(), first.as_str())
    );
    // A client holding it: 304, no body.
    let (st, etag3, _, _, body) = ask(Some(&etag));
    assert_eq!(
        (st, body.as_str(), etag3.as_str()),
        (304, "", etag.as_str())
    );
    // By POST too (the same question, the same kept answer).
    let r = agent()
        .post(&format!("{}/sparql", s.url))
        .set("Accept", json)
        .send_form(&[("query", q)])
        .expect("post");
    assert_eq!(r.header("x-cache"), Some("hit"));
    // Pages carry validators too.
    let page = format!("{}/theme/", s.url);
    let r = agent()
        .get(&page)
        .set("Accept", "text/html")
        .call()
        .expect("page");
    let page_etag = r.header("etag").unwrap_or_default().to_string();
    assert!(!page_etag.is_empty());
    let r = agent()
        .get(&page)
        .set("Accept", "text/html")
        .set("If-None-Match", &page_etag)
        .call()
        .expect("page again");
    assert_eq!(r.status(), 304);
    // An update empties the kept answers and changes every validator.
    let (st, _, body) = answer(
        agent()
            .post(&format!("{}/sparql", s.url))
            .set("Content-Type", "application/sparql-update")
            .set("Authorization", &format!("Bearer {token}"))
            .send_string("INSERT DATA { GRAPH <http://e/g> { <http://e/s> <http://e/p> 1 } }"),
    );
    assert_eq!(st, 204, "{body}");
    let (st, etag4, cache, _, after) = ask(Some(&etag));
    assert_eq!((st, cache.as_str()), (200, "miss"));
    assert_ne!(etag4, etag);
    assert_ne!(after, first, "the count includes the inserted triple");
}
