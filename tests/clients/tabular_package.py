"""Reads the bundle's CSV descriptions with the reference tools: the Frictionless Data
Package with `frictionless validate` (types, formats, keys, every row) and the CSVW metadata
with the `csvw` package (every row parsed with its datatypes, every foreign key resolved), and
writes what a CSVW processor derives from them (its CSV-to-JSON) to the third argument.
Prints `frictionless=valid csvw_rows=N` or the errors, and exits 1 on any."""
import sys

from frictionless import validate
import json

from csvw import TableGroup
from csvw.metadata import CSVW

package, csvw_metadata, derived = sys.argv[1], sys.argv[2], sys.argv[3]
report = validate(package)
if not report.valid:
    for task in report.tasks:
        for error in task.errors[:20]:
            print(f"frictionless: {task.name}: {error.message}")
    for error in report.errors[:20]:
        print(f"frictionless: {error.message}")
    sys.exit(1)
group = TableGroup.from_file(csvw_metadata)
rows = 0
for table in group.tables:
    for _ in table.iterdicts():
        rows += 1
if not group.check_referential_integrity():
    print("csvw: a foreign key is not resolved")
    sys.exit(1)
# What a CSVW processor derives from the files (CSV to JSON, minimal mode): the subjects and
# properties the metadata maps, for the test to compare with the store.
with open(derived, "w", encoding="utf-8") as f:
    json.dump(CSVW(csvw_metadata).to_json(minimal=True), f, ensure_ascii=False, default=str)
print(f"frictionless=valid csvw_rows={rows}")
