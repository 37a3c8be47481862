"""How fast the full-text index answers over HTTP, against the same questions asked as SPARQL
string filters through the same endpoint, on one store; prints JSON lines.

    python3 bench/search.py BIN STORE RUNS

- search: GET /search?q=WORDS (JSON answer, the whole body read), a new connection per
  request, 20 requests per question after one warm-up;
- sparql-contains and sparql-regex: the same questions through /sparql, the partnerships whose
  title or texts hold every word (CONTAINS on the lower-cased text, or one case-insensitive
  REGEX per word), answers never kept (--cache-mib 0), RUNS requests per question;
- service: the same questions through the index's SERVICE inside SPARQL, joined to the titles.
The server is started on a free loopback port and stopped. Standard library only.
"""
import http.client
import json
import re
import subprocess
import sys
import time
import urllib.parse

binary, store, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
QUESTIONS = ["gestion durable eau", "jeunes professionnels", "développement économique", "maîtrise ouvrage", "Shizuoka"]
PREFIXES = """PREFIX atlas: <https://w3id.org/atlas-lod/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
TEXTS = "VALUES ?f { dcterms:title dcterms:description atlas:context atlas:objective atlas:beneficiaries }"


def start(extra):
    p = subprocess.Popen([binary, "serve", "--store", store, "--bind", "127.0.0.1:0", *extra],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr:
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            return p, int(m.group(1))
    raise SystemExit(f"the server did not start: {p.wait()}")


def stop(p):
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()


def get(port, path, accept):
    """One GET on a new connection; returns (seconds, status, body)."""
    began = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request("GET", path, headers={"Accept": accept})
    r = c.getresponse()
    body = r.read()
    c.close()
    return time.perf_counter() - began, r.status, body


def sparql(port, query):
    seconds, status, body = get(port, "/sparql?query=" + urllib.parse.quote(query),
                                "application/sparql-results+json")
    if status != 200:
        raise SystemExit(f"{status} {body[:300]!r}\n{query}")
    return seconds, len(json.loads(body)["results"]["bindings"])


def contains(words):
    tests = " && ".join(f'CONTAINS(LCASE(STR(?t)), "{w.lower()}")' for w in words.split())
    return (f"{PREFIXES}SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?p a atlas:Partnership . "
            f"{TEXTS} ?p ?f ?t FILTER({tests}) }} }}")


def regex(words):
    tests = " && ".join(f'REGEX(STR(?t), "{w}", "i")' for w in words.split())
    return (f"{PREFIXES}SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?p a atlas:Partnership . "
            f"{TEXTS} ?p ?f ?t FILTER({tests}) }} }}")


def service(words):
    return (f"{PREFIXES}SELECT ?p ?title ?score WHERE {{ SERVICE <https://w3id.org/atlas-lod/search> "
            f"{{ ?p atlas:query \"{words}\" ; atlas:score ?score ; a atlas:Partnership }} "
            f"GRAPH ?g {{ ?p dcterms:title ?title }} }} ORDER BY DESC(?score)")


p, port = start(["--cache-mib", "0", "--timeout", "600"])
try:
    times, hits = [], {}
    for q in QUESTIONS:
        path = "/search?" + urllib.parse.urlencode({"q": q, "kind": "partnership"})
        _, status, body = get(port, path, "application/json")  # warm-up (and the index opened)
        if status != 200:
            raise SystemExit(f"/search {q}: {status} {body[:200]!r}")
        hits[q] = json.loads(body)["total"]
        for _ in range(20):
            seconds, status, _ = get(port, path, "application/json")
            times.append(seconds)
    print(json.dumps({"measure": "search", "questions": QUESTIONS, "hits": hits, "times": times}))
    for name, make in (("sparql-contains", contains), ("sparql-regex", regex), ("service", service)):
        times, rows = [], {}
        for q in QUESTIONS:
            _, rows[q] = sparql(port, make(q))  # warm-up
            for _ in range(runs if name != "service" else 20):
                seconds, _ = sparql(port, make(q))
                times.append(seconds)
        print(json.dumps({"measure": name, "rows": rows, "times": times}))
finally:
    stop(p)
