"""pySHACL, an independent SHACL engine, on published data together with the published
vocabulary, as a researcher who downloads both would validate them.
Usage: python pyshacl_data.py SHAPES.ttl DATA.nt VOCABULARY.ttl...
Prints `violations=N warnings=M`, then one line per violation (focus node, path, message);
exit 0 when there is no violation."""
import sys

from pyshacl import validate
from rdflib import Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")
shapes = Graph().parse(sys.argv[1], format="turtle")
data = Graph()
for path in sys.argv[2:]:
    data.parse(path, format="nt" if path.endswith(".nt") else "turtle")
conforms, report, _ = validate(data, shacl_graph=shapes, allow_warnings=True, advanced=True)
violations = sorted(report.subjects(SH.resultSeverity, SH.Violation))
warnings = list(report.subjects(SH.resultSeverity, SH.Warning))
print(f"triples={len(data)} violations={len(violations)} warnings={len(warnings)}")
for r in violations:
    print(report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.resultMessage))
sys.exit(0 if not violations else 1)
