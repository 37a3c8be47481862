"""Flattens canonical records (JSON Lines) into the three CSV files the Morph-KGC comparison
maps with bench/morph/mapping.rml.ttl: partnerships, funding rows, partners. IRIs are written
whole (Morph-KGC would percent-encode the slashes of a theme path in a template).

    python3 records_to_csv.py RECORDS.jsonl OUT_DIR
"""
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

ID = "https://w3id.org/atlas-lod/id/"


def slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
with open(sys.argv[1], encoding="utf-8") as src, \
        open(out / "partnerships.csv", "w", newline="", encoding="utf-8") as p, \
        open(out / "funding.csv", "w", newline="", encoding="utf-8") as f, \
        open(out / "partners.csv", "w", newline="", encoding="utf-8") as o:
    pw, fw, ow = csv.writer(p), csv.writer(f), csv.writer(o)
    pw.writerow(["iri", "title", "start_year", "status", "kind", "theme", "description"])
    fw.writerow(["partnership", "iri", "funder", "year", "amount"])
    ow.writerow(["partnership", "iri", "name", "role", "country"])
    for n, line in enumerate(src):
        r = json.loads(line)
        iri = f"{ID}partnership/r{n}"
        theme = "https://w3id.org/atlas-lod/theme/" + "/".join(slug(t) for t in r.get("main_theme", []))
        pw.writerow([iri, r["title"], r.get("start_year", ""), slug(r.get("status", "")),
                     slug(r.get("kind", "")), theme, r.get("description", "")])
        for row in r.get("funding", []):
            funder = f"{ID}organisation/{slug(row['funder'])}"
            fw.writerow([iri, f"{iri}/funding/{slug(row['funder'])}/{row['year']}", funder,
                         row["year"], row["amount"]])
        for fp in r.get("foreign_partners", []):
            ow.writerow([iri, f"{ID}organisation/{slug(fp['name'])}", fp["name"], "foreign",
                         fp.get("country", "")])
        for fp in r.get("french_partners", []):
            ow.writerow([iri, f"{ID}organisation/{slug(fp['name'])}", fp["name"], "french", ""])
