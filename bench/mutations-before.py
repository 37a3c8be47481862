#!/usr/bin/env python3
"""Runs a build of atlas-lod on the page variants that tests/it/mutations.rs generates, and
counts per kind the variants where a field changed with no warning naming it, or where a
contact's name, e-mail or phone number reached the default (role) N-Quads or a message.

A coarser check than the test's (no line account, which older builds do not have), so that
builds before and after the page reader's rewrite can be compared on the same variants:

    ATLAS_LOD_MUTATIONS_DIR=/tmp/variants cargo test --test it -- mutations::every_variant
    python3 bench/mutations-before.py /path/to/atlas-lod /tmp/variants
"""
import collections, json, pathlib, re, subprocess, sys

binary, folder = sys.argv[1], pathlib.Path(sys.argv[2])
SECRETS = ["sarah", "vaillant", "stéphane", "catta", "garro", "jean michel", "jmgarro",
           "quebecinternational.ca", "diplomatie.gouv.fr", "zorglub.x@example.org",
           "+33 6 12 34 56 78", "hounkpatin", "marie-claire", "mc.hounkpatin", "delafontaine",
           "de la fontaine", "léa", "martin"]

def run(path, *args):
    p = subprocess.run([binary, "convert", str(path), *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def record(path):
    code, out, err = run(path, "--to", "records-jsonl", "--contacts", "full")
    fields = json.loads(out.splitlines()[0]) if out.strip() else None
    warned = set(re.findall(r":\d+: ([a-z_.]+):", err))
    return code, fields, warned

counts = collections.defaultdict(lambda: [0, 0])
originals = {p.name[: -len(".original.txt")]: record(p)[1] for p in folder.glob("*.original.txt")}
for path in sorted(folder.glob("*.txt")):
    m = re.match(r"^(.*)\.(\d{4})\.(.+)\.txt$", path.name)
    if not m:
        continue
    page, kind = m.group(1), m.group(3)
    base = originals[page]
    code, fields, warned = record(path)
    broken = False
    if fields is None:
        broken = code == 0
    else:
        for k, v in base.items():
            if k in ("warnings", "source"):
                continue
            if fields.get(k) != v and not any(k.startswith(w) or w.startswith(k) for w in warned):
                broken = True
    _, nq, err = run(path, "--to", "nquads")
    low = (nq + err).lower()
    if any(re.search(r"(?<![\w-])" + re.escape(s) + r"(?![\w-])", low) for s in SECRETS):
        broken = True
    counts[kind][0] += 1
    counts[kind][1] += broken
print({k: tuple(v) for k, v in sorted(counts.items())})
