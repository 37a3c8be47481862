"""Validates the benchmark's 1,000 records with pySHACL, the same shapes, and prints the time."""
import sys
import time

import pyshacl
import rdflib

data_path, shapes_path = sys.argv[1], sys.argv[2]
data = rdflib.Graph().parse(data_path, format="turtle")
shapes = rdflib.Graph().parse(shapes_path, format="turtle")
records = len(set(data.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/atlas-lod/ontology#Partnership"))))
start = time.perf_counter()
conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
elapsed = time.perf_counter() - start
sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
results = list(report.subjects(rdflib.RDF.type, sh.ValidationResult))
violations = sum(1 for r in results if (r, sh.resultSeverity, sh.Violation) in report)
print(f"pySHACL {pyshacl.__version__}: {records} records ({len(data)} triples) validated in {elapsed:.3f} s, "
      f"{records / elapsed:.0f} records/s, {violations} violations, {len(results) - violations} warnings")
