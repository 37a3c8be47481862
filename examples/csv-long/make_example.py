"""Writes the long-form example export (one row per funding row, semicolons, Windows-1252, as
spreadsheets save it in French locales) and the two-file export of the same partnerships
(partnerships and funding joined by their id, UTF-8 with BOM). Run from the repository root:
python3 examples/csv-long/make_example.py"""
import pathlib

root = pathlib.Path(__file__).parent.parent
partnerships = [
    # id, title, French authority, foreign partner, country, theme, start, status, description
    ("ATL-2019-0412", "Jumelage Tours – Mülheim an der Ruhr : échanges de jeunes",
     "Ville de Tours", "Ville de Mülheim an der Ruhr", "Allemagne",
     "Education, jeunesse et sport > Mobilité des jeunes", "2019", "En cours",
     "Séjours croisés de lycéens et d'apprentis entre les deux villes jumelles."),
    ("ATL-2014-0077", "Accès à l'eau potable à Dogbo",
     "Département de la Gironde", "Commune de Dogbo", "Bénin",
     "Environnement, climat et énergie > Eau et assainissement > Accès à l'eau potable", "2014", "Terminé",
     "Forages et bornes-fontaines dans six arrondissements, gestion confiée à la commune."),
    ("ATL-2021-1130", "Appui aux finances locales de Saint-Louis",
     "Région Centre-Val de Loire", "Commune de Saint-Louis", "Sénégal",
     "Gouvernance > Appui institutionnel > Finances locales", "2021", "En cours",
     "Formation des agents municipaux à la préparation et au suivi du budget."),
]
funding = {
    "ATL-2019-0412": [("Ville de Tours", "12 500,50", "2019"),
                      ("Ministère de l'Europe et des Affaires étrangères", "5 000 €", "2019"),
                      ("Ville de Tours", "8 000", "2020")],
    "ATL-2014-0077": [("Département de la Gironde", "30 000", "2014"),
                      ("Agence de l'eau Adour-Garonne", "45 000 EUR", "2014")],
    "ATL-2021-1130": [("Région Centre-Val de Loire", "20 000", "2021"),
                      ("Ministère de l'Europe et des Affaires étrangères", "10 000", "2022")],
}
assert sum(len(f) for f in funding.values()) == 7

head = ["Identifiant", "Intitulé du projet", "Collectivité française", "Partenaire étranger",
        "Pays", "Thématique", "Année de début", "Statut", "Description"]


def cell(text):
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ';"\n') else text


def line(cells):
    return ";".join(cell(c) for c in cells) + "\r\n"


long = line(head + ["Financeur", "Montant", "Année"])
for p in partnerships:
    for f in funding[p[0]]:
        long += line(list(p) + list(f))
(root / "csv-long/partnerships.csv").write_bytes(long.encode("cp1252"))

main = line(head) + "".join(line(p) for p in partnerships)
# The funding file is sorted by funder, not by id: joined by the id, its order does not matter.
rows = sorted((f[0], p, f) for p, fs in funding.items() for f in fs)
fund = line(["Identifiant", "Financeur", "Montant", "Année"]) + "".join(line([p] + list(f)) for _, p, f in rows)
(root / "csv-joined/partnerships.csv").write_bytes(b"\xef\xbb\xbf" + main.encode("utf-8"))
(root / "csv-joined/funding.csv").write_bytes(b"\xef\xbb\xbf" + fund.encode("utf-8"))
print("3 partnerships, 7 funding rows")
