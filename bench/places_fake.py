"""A local stand-in for Wikidata's reconciliation service (v0.2) and SPARQL endpoint, for
bench/places-offline.sh: deterministic answers made from a hash of what is asked, so that a
first `link wikidata` run fills a cache and a review file of every kind of decision without the
network. Most names get one certain match in their country; some two close candidates
(ambiguous), some none. French authorities have no twins here. Listens on 127.0.0.1, on the
port given (0: a free one), and prints `listening PORT`."""
import hashlib
import json
import re
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTRY_OF = {}


def number(*parts):
    h = hashlib.sha256("\t".join(parts).encode()).hexdigest()
    return int(h[:12], 16)


def qid(*parts):
    return "Q%d" % (200000000 + number(*parts) % 100000000)


def reconcile(queries):
    out = {}
    for key, q in queries.items():
        name = q["query"]
        country = next((p["v"]["id"] for p in q.get("properties", []) if p["pid"] == "P17"), "")
        kind = number("kind", name, country) % 20
        result = []
        if kind < 15:
            result = [{"id": qid(name, country), "name": name, "score": 100, "match": True}]
        elif kind < 18:
            result = [
                {"id": qid(name, country, "a"), "name": name, "score": 90, "match": False},
                {"id": qid(name, country, "b"), "name": name + " (district)", "score": 88, "match": False},
            ]
        for c in result:
            COUNTRY_OF[c["id"]] = country
        out[key] = {"result": result}
    return out


def sparql(query):
    rows = []
    if "P190" in query:
        pass
    elif "P625" in query:
        for item in re.findall(r"entity/(Q\d+)>", query):
            row = {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/" + item}}
            if item in COUNTRY_OF:
                row["country"] = {"type": "uri", "value": "http://www.wikidata.org/entity/" + COUNTRY_OF[item]}
            n = number("point", item)
            lon, lat = (n % 36000) / 100 - 180, (n // 36000 % 14000) / 100 - 60
            row["point"] = {"type": "literal", "value": "Point(%g %g)" % (lon, lat)}
            rows.append(row)
    else:
        prop = re.search(r"prop/direct/(P\d+)> \?key", query).group(1)
        for key in re.findall(r'"([^"]*)"', query.split("}")[0]):
            item = qid(prop, key)
            rows.append({"key": {"type": "literal", "value": key},
                         "item": {"type": "uri", "value": "http://www.wikidata.org/entity/" + item}})
    return {"head": {"vars": []}, "results": {"bindings": rows}}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = dict(urllib.parse.parse_qsl(body))
        if "queries" in form:
            answer = reconcile(json.loads(form["queries"]))
        else:
            answer = sparql(form.get("query", ""))
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
print("listening %d" % server.server_address[1], flush=True)
server.serve_forever()
