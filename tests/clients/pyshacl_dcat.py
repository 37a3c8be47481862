"""pySHACL, an independent SHACL engine, on a published catalogue against the official DCAT-AP
3.0.1 shapes. Usage: python pyshacl_dcat.py CATALOG.ttl SHAPES.ttl...
Prints the verdict and every result; exit 0 only when no result has severity Violation."""
import sys

from pyshacl import validate
from rdflib import Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")
data = Graph().parse(sys.argv[1], format="turtle")
shapes = Graph()
for path in sys.argv[2:]:
    shapes.parse(path, format="turtle")
conforms, report, text = validate(data, shacl_graph=shapes, allow_warnings=True, advanced=True)
violations = list(report.subjects(SH.resultSeverity, SH.Violation))
warnings = list(report.subjects(SH.resultSeverity, SH.Warning))
print(f"triples={len(data)} conforms={conforms} violations={len(violations)} warnings={len(warnings)}")
if violations:
    print(text)
sys.exit(0 if not violations and conforms else 1)
