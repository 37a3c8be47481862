"""Validates JSON documents against one of the W3C Reconciliation API v0.2 JSON Schemas.

usage: reconcile_schemas.py SCHEMA_DIR SCHEMA_FILE DOC.json...

Every schema of SCHEMA_DIR is registered under its $id, so that references between them
(`type.json`) resolve offline. Prints `ok N` when every document is valid, else `invalid PATH:
message` for each invalid one and exits 1.
"""

import json
import pathlib
import sys

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    resources = []
    for path in sorted(folder.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "$id" in schema:
            resources.append(
                (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
            )
    registry = Registry().with_resources(resources)
    schema = json.loads((folder / sys.argv[2]).read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, registry=registry)
    failed = 0
    for doc in sys.argv[3:]:
        errors = list(validator.iter_errors(json.loads(pathlib.Path(doc).read_text(encoding="utf-8"))))
        for e in errors[:3]:
            print(f"invalid {doc}: {e.message} at {list(e.absolute_path)}")
        failed += bool(errors)
    if failed:
        return 1
    print("ok", len(sys.argv) - 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
