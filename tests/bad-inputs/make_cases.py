"""Writes the bad-input cases of this folder from the two example pages (run from the
repository root: python3 tests/bad-inputs/make_cases.py). The files are committed; this script
says how each was made. The huge cases (a 100 KB title, a 1 MB line, a million funding rows,
50 MB) are made by tests/bad_inputs.rs at run time."""
import json
import pathlib

here = pathlib.Path(__file__).parent
base = (here / "../../examples/pages/jumelage-cuenca.txt").read_text(encoding="utf-8")
funded = (here / "../../examples/pages/eau-dogbo.txt").read_text(encoding="utf-8")
seed_record = (here / "../../examples/records/generated.jsonl").read_text(encoding="utf-8").splitlines()[0]


def page(name, text):
    (here / f"{name}.txt").write_text(text, encoding="utf-8", newline="")


def raw(name, data):
    (here / name).write_bytes(data)


def swap(text, old, new, count=1):
    assert old in text, old
    return text.replace(old, new, count)


# Structure.
raw("empty.txt", b"")
page("whitespace-only", "  \n\t\n \n")
page("truncated-after-header", "\n".join(base.splitlines()[:3]) + "\n")
page("truncated-inside-title", base[: base.index("Jumelage Ville") + 8])
page("cut-inside-partner-table", base[: base.index("Ville de Cuenca") + 9])
page("cut-inside-funding-table", funded[: funded.index("Département de la Gironde") + 14])
page("duplicated-title-section", swap(base, "Titre\n", "Titre\nUn premier titre\nTitre\n"))
page("page-twice", base + base)
page("unknown-section", swap(base, "Contexte\n", "Rubrique inconnue\nune valeur\nContexte\n"))
page("no-title-section", swap(base, "Titre\nJumelage Ville de Besançon – Cuenca\n", ""))
page("html-instead-of-text", "<!DOCTYPE html><html><head><title>Atlas</title></head><body><p>Erreur 500</p></body></html>\n")
page("status-without-value", swap(base, "Le partenariat est\nEn cours\n", "Le partenariat est\n"))
# Characters and encodings.
page("control-characters", swap(base, "Jumelage Ville de Besançon", "Jumelage\x01 Ville\x07 de Besançon"))
raw("nul-bytes.txt", base.encode("utf-8").replace("Contexte".encode(), b"Con\x00\x00texte", 1))
raw("invalid-utf8.txt", base.encode("utf-8").replace("Besançon".encode(), b"Besan\xff\xfeon", 1))
raw("mixed-encodings.txt", base.encode("utf-8").replace("Équateur".encode(), "Équateur".encode("cp1252"), 1))
raw("utf16-without-bom.txt", base.encode("utf-16-le"))
page("crlf-and-lf-mixed", base.replace("\n", "\r\n", 20))
page("iri-breaking-characters", swap(base, "Ville de Cuenca Équateur", "Ville <de> \"Cuenca\" {x}|^`y` Équateur"))
page("html-in-title", swap(base, "Jumelage Ville de Besançon – Cuenca", "<script>alert(1)</script> Jumelage"))
# Values.
page("year-with-letter", swap(base, "convention\n1998", "convention\n20l7"))
page("year-two-digits", swap(base, "convention\n1998", "convention\n98"))
page("year-far-future", swap(base, "partenariat\n1998", "partenariat\n3017"))
page("impossible-end-date", swap(base, "Date de fin du partenariat\n", "Date de fin du partenariat\n31/02/2018"))
page("iso-end-date", swap(base, "Date de fin du partenariat\n", "Date de fin du partenariat\n2018-12-31"))
page("end-before-start", swap(base, "Date de fin du partenariat\n", "Date de fin du partenariat\n31/12/1990"))
page("amount-dotted-thousands", swap(funded, "4 250,50", "1,234.567,89"))
# Amounts as people write them: read, with a warning only where two readings exist.
page("amount-euro-sign", swap(funded, "30000 2014", "30 000 € 2014"))
page("amount-eur-word", swap(funded, "30000 2014", "30 000 EUR 2014"))
page("amount-euros-thin-space", swap(funded, "30000 2014", "30\u202f000,00 euros 2014"))
page("amount-dot-thousands", swap(funded, "30000 2014", "30.000 2014"))
page("amount-negative", swap(funded, "30000 2014", "-500 2014"))
page("amount-letters", swap(funded, "30000 2014", "trente mille 2014"))
page("amount-exponent", swap(funded, "30000 2014", "1e9 2014"))
page("funding-year-missing", swap(funded, "30000 2014", "30000"))
page("email-with-spaces", swap(base, "Titre\n", "Contacts dans le poste diplomatique \"Ambassade de France en Équateur\"\n\nAttaché\nLuc MARTIN\nCourriel : luc martin[at]diplomatie.gouv.fr\nTitre\n"))
page("email-without-at", swap(base, "Titre\n", "Contacts dans le poste diplomatique \"Ambassade de France en Équateur\"\n\nAttaché\nLuc MARTIN\nCourriel : luc.martin.diplomatie.gouv.fr\nTitre\n"))
page("unknown-country", swap(base, "Ville de Cuenca Équateur", "Ville de Cuenca Atlantide"))
page("unknown-status", swap(base, "Le partenariat est\nEn cours", "Le partenariat est\nPeut-être"))
page("unknown-kind", swap(base, "d'un(e)\nJumelage", "d'un(e)\nAlliance stellaire"))
page("unknown-theme", swap(base, "Culture, patrimoine et francophonie\nSous-thématique d'intervention\nPatrimoine", "Exploration spatiale\nSous-thématique d'intervention\nMars"))
page("contacts-without-names", swap(base, "Titre\n", "Contacts dans le poste diplomatique \"Ambassade de France en Équateur\"\n\nAttaché\nCourriel : luc.martin[at]diplomatie.gouv.fr\nTitre\n"))
# Contact rows whose split into name and function is not certain: read without letting a
# piece of a name into a function or a mission under --contacts role.
page("contact-name-without-function", swap(funded, "Correspondant coopération décentralisée\nJean DE LA FONTAINE\n", "Jean DE LA FONTAINE\n"))
page("contact-unknown-function", swap(funded, "AGBODJAN Koffi Maire adjoint", "AGBODJAN Koffi Mensah Analyste financier"))
page("volunteer-two-given-names", swap(funded, "MARTIN Léa Appui", "MARTIN Léa Rose Appui"))
# JSON Lines.
(here / "jsonl-invalid-json.jsonl").write_text(seed_record + "\n{\"title\": \"broken\n", encoding="utf-8")
(here / "jsonl-wrong-types.jsonl").write_text(json.dumps({"source": {"file": "x", "line": 1}, "title": "Types", "first_agreement_year": "deux mille"}) + "\n", encoding="utf-8")
(here / "jsonl-empty-object.jsonl").write_text("{}\n", encoding="utf-8")
(here / "jsonl-trailing-garbage.jsonl").write_text(seed_record + " trailing\n", encoding="utf-8")
(here / "jsonl-deep-nesting.jsonl").write_text("[" * 100000 + "]" * 100000 + "\n", encoding="utf-8")
(here / "jsonl-truncated-line.jsonl").write_text(seed_record[: len(seed_record) // 2], encoding="utf-8")
(here / "jsonl-array-not-object.jsonl").write_text("[1, 2, 3]\n", encoding="utf-8")
# Tables (tables/, read with tables/mapping.toml): the joined example export with a ragged
# funding row (its partnership is rejected) and a funding row whose id matches no partnership.
tables = here / "tables"
tables.mkdir(exist_ok=True)
joined = here / "../../examples/csv-joined"
(tables / "partnerships.csv").write_bytes((joined / "partnerships.csv").read_bytes())
(tables / "mapping.toml").write_text((joined / "mapping.toml").read_text(encoding="utf-8"), encoding="utf-8")
funding_rows = (joined / "funding.csv").read_text(encoding="utf-8-sig")
funding_rows += "ATL-2014-0077;Département de la Gironde;2015\r\n"
funding_rows += "ATL-1999-0001;Ville de Nulle Part;1 000;1999\r\n"
(tables / "funding.csv").write_text(funding_rows, encoding="utf-8", newline="")
print(len(list(here.glob("*.txt")) + list(here.glob("*.jsonl"))), "cases, and tables/")
