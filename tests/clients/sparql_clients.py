"""Real SPARQL clients against a running `atlas-lod serve`: rdflib's SPARQLStore and
SPARQLWrapper each run a SELECT, an ASK and a CONSTRUCT and check the answers.

Usage: python sparql_clients.py ENDPOINT_URL. Exit status 0 only when every check passed.
"""
import sys

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

SEED = "https://w3id.org/atlas-lod/id/partnership/654fd6cb4fd2d21f"
TITLE = "La Beauté connectée de la France au Québec"
DCT_TITLE = URIRef("http://purl.org/dc/terms/title")
SELECT = f"SELECT ?t WHERE {{ <{SEED}> <http://purl.org/dc/terms/title> ?t }}"
ASK_YES = f"ASK {{ <{SEED}> a <https://w3id.org/atlas-lod/ontology#Partnership> }}"
ASK_NO = "ASK { <http://example.org/none> ?p ?o }"
CONSTRUCT = f"CONSTRUCT {{ <{SEED}> ?p ?o }} WHERE {{ <{SEED}> ?p ?o }}"


def check(name, ok, detail=""):
    print(f"{'ok' if ok else 'FAILED'}: {name} {detail}")
    return ok


def with_rdflib(endpoint):
    # rdflib's default: SPARQL XML results, RDF/XML for graphs.
    store = SPARQLStore(endpoint)
    results = []
    rows = list(store.query(SELECT))
    results.append(check("rdflib SELECT", [str(r[0]) for r in rows] == [TITLE], rows))
    results.append(check("rdflib ASK true", bool(store.query(ASK_YES).askAnswer) is True))
    results.append(check("rdflib ASK false", bool(store.query(ASK_NO).askAnswer) is False))
    graph = Graph()
    for t in store.query(CONSTRUCT):
        graph.add(t)
    titles = list(graph.objects(URIRef(SEED), DCT_TITLE))
    results.append(check("rdflib CONSTRUCT", len(graph) > 20 and Literal(TITLE, lang="fr") in titles, len(graph)))
    return all(results)


def with_sparqlwrapper(endpoint):
    results = []
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(SELECT)
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    values = [b["t"]["value"] for b in data["results"]["bindings"]]
    results.append(check("SPARQLWrapper SELECT", values == [TITLE], values))
    for query, expected in ((ASK_YES, True), (ASK_NO, False)):
        sw = SPARQLWrapper(endpoint)
        sw.setQuery(query)
        sw.setReturnFormat(JSON)
        results.append(check(f"SPARQLWrapper ASK {expected}", sw.query().convert()["boolean"] is expected))
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    sw.setMethod("POST")
    body = sw.query().convert()
    graph = Graph().parse(data=body, format="turtle")
    titles = list(graph.objects(URIRef(SEED), DCT_TITLE))
    results.append(check("SPARQLWrapper CONSTRUCT (POST)", len(graph) > 20 and Literal(TITLE, lang="fr") in titles, len(graph)))
    return all(results)


def main():
    endpoint = sys.argv[1]
    ok = with_rdflib(endpoint)
    ok = with_sparqlwrapper(endpoint) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
