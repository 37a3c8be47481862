"""Reads the bundle's CSV descriptions with the reference tools: the Frictionless Data
Package with `frictionless validate` (types, formats, keys, every row) and the CSVW metadata
with the `csvw` package (every row parsed with its datatypes, every foreign key resolved).
Prints `frictionless=valid csvw_rows=N` or the errors, and exits 1 on any."""
import sys

from frictionless import validate
from csvw import TableGroup

package, csvw_metadata = sys.argv[1], sys.argv[2]
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
print(f"frictionless=valid csvw_rows={rows}")
