"""Serves tests/places/ as Wikidata would, on 127.0.0.1 (the port printed): the reconciliation
service answers each name from reconcile.json, the SPARQL endpoint runs the query on
wikidata.ttl (rdflib). How cache.json and review.csv were made, without the
network: `link wikidata --endpoint URL --reconcile URL` against it, then Oruro reviewed by
hand (see docs/link.md)."""
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import rdflib

here = Path(__file__).resolve().parent
candidates = json.loads((here / "reconcile.json").read_text(encoding="utf-8"))
store = rdflib.Graph()
store.parse(str(here / "wikidata.ttl"), format="turtle")


def term(t):
    if isinstance(t, rdflib.URIRef):
        return {"type": "uri", "value": str(t)}
    return {"type": "literal", "value": str(t)}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = dict(urllib.parse.parse_qsl(body))
        if "queries" in form:
            queries = json.loads(form["queries"])
            answer = {k: {"result": candidates.get(q["query"], [])} for k, q in queries.items()}
        else:
            results = store.query(form["query"])
            names = [str(v) for v in results.vars]
            rows = [{n: term(r[n]) for n in names if r[n] is not None} for r in results]
            answer = {"head": {"vars": names}, "results": {"bindings": rows}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening %d" % server.server_address[1], flush=True)
server.serve_forever()
