"""How fast `atlas-lod serve` answers a reconciliation batch (W3C Reconciliation API v0.2,
`POST /reconcile`), over loopback HTTP, on one store; prints JSON lines.

    python3 bench/reconcile.py BIN STORE RUNS

- index: the first request of a server whose store has no current index (it builds it);
- batch: the names of 100 French local authorities and foreign partners of the store, asked as
  one batch of 100 queries of 5 candidates, without a type (every kind of thing is a
  candidate: the most work) and with each one's own type; one warm-up, then RUNS batches on
  one kept connection; the whole answer read. Prints p50, the slowest, and how many first
  candidates were a match.
Standard library only, so that it runs with any Python 3.
"""
import http.client
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse

binary, store, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
NAMES = """PREFIX atlas: <https://w3id.org/atlas-lod/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?o ?name ?t WHERE {
  VALUES ?t { atlas:FrenchLocalAuthority atlas:ForeignPartner }
  GRAPH ?g { ?o a ?t ; rdfs:label ?name } } LIMIT 100"""

p = subprocess.Popen([binary, "serve", "--store", store, "--bind", "127.0.0.1:0", "--timeout", "600"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
port = None
for line in p.stderr:
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
    if m:
        port = int(m.group(1))
        break
if port is None:
    raise SystemExit(f"the server did not start: {p.wait()}")
try:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)

    def post(path, fields, accept="application/json"):
        body = urllib.parse.urlencode(fields)
        began = time.perf_counter()
        c.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        r = c.getresponse()
        data = r.read()
        if r.status != 200:
            raise SystemExit(f"{path}: {r.status} {data[:300]!r}")
        return time.perf_counter() - began, data

    # The first 100 French local authorities and foreign partners found (no ORDER BY over the
    # whole store), with their type; namesakes in other countries stay, as in a real sheet.
    _, found = post("/sparql", {"query": NAMES}, "application/sparql-results+json")
    rows = [(b["name"]["value"], b["t"]["value"]) for b in json.loads(found)["results"]["bindings"]]
    if len(rows) < 100:
        raise SystemExit(f"only {len(rows)} authorities and partners in the store")
    names = [name for name, _ in rows]

    secs, _ = post("/reconcile", {"queries": json.dumps({"q0": {"query": names[0]}})})
    print(json.dumps({"measure": "reconcile-index", "seconds": round(secs, 3)}))

    for label, typed in (("any", False), ("its own", True)):
        batch = {}
        for i, (n, t) in enumerate(rows):
            q = {"query": n, "limit": 5}
            if typed:
                q["type"] = t
            batch[f"q{i}"] = q
        fields = {"queries": json.dumps(batch)}
        _, data = post("/reconcile", fields)  # warm-up
        answered = json.loads(data)
        matched = sum(1 for a in answered.values() if a["result"] and a["result"][0].get("match"))
        times = [post("/reconcile", fields)[0] for _ in range(runs)]
        print(json.dumps({
            "measure": "reconcile-batch", "types": label, "queries": len(batch),
            "runs": runs, "p50_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1), "matched": matched,
        }))
finally:
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
