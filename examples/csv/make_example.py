#!/usr/bin/env python3
"""Writes partnerships.csv from canonical records (JSON Lines on stdin), in the columns that
mapping.toml declares: how the example table was made from the three example pages.

    atlas-lod convert ../shared/seeds/000_2c1789aab79a3d11.txt examples/pages \
        --to records-jsonl | python3 examples/csv/make_example.py > examples/csv/partnerships.csv
"""
import csv
import io
import json
import sys

YEARS = [2013, 2014, 2017, 2018]
FUNDERS = 4
LIST = " | "
LEVIES = {"water-2005": "1% eau", "waste-2014": "1% déchets"}

records = [json.loads(l) for l in sys.stdin if l.strip()]
header = ["Titre", "Poste diplomatique", "Année de première signature", "Thématique",
          "Autres thématiques", "Priorités des autres thématiques", "Année de début", "Statut",
          "Date de fin", "Contexte", "Historique", "Objectif", "Description", "Forme",
          "Maîtres d'ouvrage", "Maîtres d'œuvre", "Bénéficiaires", "Partenaires étrangers",
          "Pays", "Collectivités françaises", "Triennal", "Communication en France",
          "Communication dans les pays partenaires", "Évaluation"]
for n in (1, 2):
    header += [f"Poste contact {n} {c}" for c in ("fonction", "prénom", "nom", "courriel")]
for n in (1, 2):
    header += [f"Contact étranger {n} {c}" for c in ("organisation", "fonction", "prénom", "nom", "courriel")]
header += [f"Volontaire {c}" for c in ("nom", "prénom", "mission", "champs d'action", "entité")]
for n in range(1, FUNDERS + 1):
    header.append(f"Financeur {n}")
    for y in YEARS:
        header.append(f"Financeur {n} montant {y}")
        header += [f"Financeur {n} {label} {y}" for label in LEVIES.values()]


def yes_no(v):
    return "" if v is None else ("oui" if v else "non")


rows = []
for r in records:
    row = dict.fromkeys(header, "")
    post = r.get("diplomatic_post") or {}
    others = r.get("other_themes", [])
    row.update({
        "Titre": r["title"],
        "Poste diplomatique": post.get("name", ""),
        "Année de première signature": r.get("first_agreement_year", ""),
        "Thématique": " > ".join(r.get("main_theme", [])),
        "Autres thématiques": LIST.join(" > ".join(t["path"]) for t in others),
        "Priorités des autres thématiques": LIST.join(t.get("priority", "") for t in others),
        "Année de début": r.get("start_year", ""),
        "Statut": r.get("status", ""),
        "Date de fin": "/".join(reversed(r["end_date"].split("-"))) if r.get("end_date") else "",
        "Contexte": r.get("context", ""),
        "Historique": r.get("history", ""),
        "Objectif": r.get("objective", ""),
        "Description": r.get("description", ""),
        "Forme": r.get("kind", ""),
        "Maîtres d'ouvrage": LIST.join(r.get("project_owners", [])),
        "Maîtres d'œuvre": LIST.join(r.get("implementers", [])),
        "Bénéficiaires": r.get("beneficiaries", ""),
        "Partenaires étrangers": LIST.join(p["name"] for p in r.get("foreign_partners", [])),
        "Pays": LIST.join(p.get("country_label", "") for p in r.get("foreign_partners", [])),
        "Collectivités françaises": LIST.join(p["name"] for p in r.get("french_partners", [])),
        "Triennal": yes_no(r.get("triennial")),
        "Communication en France": yes_no(r.get("communication_france")),
        "Communication dans les pays partenaires": yes_no(r.get("communication_partner_countries")),
        "Évaluation": yes_no(r.get("evaluation")),
    })
    for n, c in enumerate(post.get("contacts", []), 1):
        for k, col in (("role", "fonction"), ("given_name", "prénom"), ("family_name", "nom"), ("email", "courriel")):
            row[f"Poste contact {n} {col}"] = c.get(k, "")
    for n, c in enumerate(r.get("foreign_contacts", []), 1):
        for k, col in (("organisation", "organisation"), ("role", "fonction"), ("given_name", "prénom"), ("family_name", "nom"), ("email", "courriel")):
            row[f"Contact étranger {n} {col}"] = c.get(k, "")
    for v in r.get("volunteers", [])[:1]:
        for k, col in (("family_name", "nom"), ("given_name", "prénom"), ("mission", "mission"), ("fields", "champs d'action"), ("entity", "entité")):
            row[f"Volontaire {col}"] = v.get(k, "")
    funders = []
    for f in r.get("funding", []):
        if f["funder"] not in funders:
            funders.append(f["funder"])
    for f in r.get("funding", []):
        n = funders.index(f["funder"]) + 1
        row[f"Financeur {n}"] = f["funder"]
        row[f"Financeur {n} montant {f['year']}"] = f["amount"].replace(".", ",")
        for levy in f.get("levies", []):
            row[f"Financeur {n} {LEVIES[levy['law']]} {f['year']}"] = levy["amount"].replace(".", ",")
    rows.append(row)

out = io.StringIO()
w = csv.DictWriter(out, fieldnames=header, delimiter=";", lineterminator="\r\n")
w.writeheader()
w.writerows(rows)
sys.stdout.buffer.write(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
