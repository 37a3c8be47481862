"""Validates a Turtle file against shapes with pySHACL and prints one JSON line: the time of
validation alone (parse excluded), median of RUNS.

    python pyshacl_validate.py DATA.ttl SHAPES.ttl RUNS
"""
import json
import sys
import time

import pyshacl
import rdflib

data_path, shapes_path = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
data = rdflib.Graph().parse(data_path, format="turtle")
shapes = rdflib.Graph().parse(shapes_path, format="turtle")
partnership = rdflib.URIRef("https://w3id.org/atlas-lod/ontology#Partnership")
records = len(set(data.subjects(rdflib.RDF.type, partnership)))
times = []
for _ in range(runs):
    start = time.perf_counter()
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    times.append(time.perf_counter() - start)
sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
results = list(report.subjects(rdflib.RDF.type, sh.ValidationResult))
violations = sum(1 for r in results if (r, sh.resultSeverity, sh.Violation) in report)
print(json.dumps({
    "tool": f"pySHACL {pyshacl.__version__}",
    "records": records,
    "triples": len(data),
    "times": times,
    "conforms": bool(conforms),
    "violations": violations,
    "warnings": len(results) - violations,
}))
