//! The CSV files described for the tools people open them with: a Frictionless Data Package
//! (`datapackage.json`, a Table Schema per file: types, formats, French and English titles and
//! descriptions, keys between the files, missing values) and the W3C CSV on the Web metadata
//! (`csv-metadata.json`) of the same files, whose `aboutUrl`/`propertyUrl` make a CSVW
//! processor rebuild partnership triples that agree with ours (IRI, title, years, end date).

use super::config::Config;
use crate::vocab::{atlas, dcterms, rdfs};
use serde_json::{Value, json};

/// One column: name, Frictionless type, CSVW datatype, French title, English title, French
/// description, and the property it stands for (CSVW), when it agrees with ours.
pub(super) struct Column {
    pub(super) name: &'static str,
    kind: &'static str,
    datatype: &'static str,
    title_fr: &'static str,
    title_en: &'static str,
    description_fr: &'static str,
    property: Option<(&'static str, Option<&'static str>)>,
}

pub(super) const fn col(
    name: &'static str,
    kind: &'static str,
    datatype: &'static str,
    title_fr: &'static str,
    title_en: &'static str,
    description_fr: &'static str,
) -> Column {
    Column {
        name,
        kind,
        datatype,
        title_fr,
        title_en,
        description_fr,
        property: None,
    }
}

/// The columns of `partnerships.csv`.
fn partnership_columns() -> Vec<Column> {
    let mut partnerships = vec![
        col(
            "id",
            "string",
            "string",
            "Identifiant",
            "Identifier",
            "Dernier segment de l'IRI du partenariat",
        ),
        col(
            "iri",
            "string",
            "anyURI",
            "IRI",
            "IRI",
            "L'IRI du partenariat (déréférençable)",
        ),
        col(
            "title",
            "string",
            "string",
            "Titre",
            "Title",
            "Titre, tel que publié",
        ),
        col(
            "status",
            "string",
            "string",
            "Statut",
            "Status",
            "Statut (en cours, terminé...)",
        ),
        col(
            "kind",
            "string",
            "string",
            "Type",
            "Kind",
            "Type (coopération décentralisée, jumelage...)",
        ),
        col(
            "first_agreement_year",
            "year",
            "gYear",
            "Première convention",
            "First agreement",
            "Année de la première convention",
        ),
        col(
            "start_year",
            "year",
            "gYear",
            "Année de début",
            "Start year",
            "Année de début du projet",
        ),
        col(
            "end_date",
            "date",
            "date",
            "Date de fin",
            "End date",
            "Date de fin (AAAA-MM-JJ)",
        ),
        col(
            "main_theme",
            "string",
            "string",
            "Thématique principale",
            "Main theme",
            "Thématique principale, niveaux séparés par ' > '",
        ),
        col(
            "other_themes",
            "string",
            "string",
            "Autres thématiques",
            "Other themes",
            "Autres thématiques, séparées par ' | '",
        ),
        col(
            "french_partners",
            "string",
            "string",
            "Partenaires français",
            "French partners",
            "Partenaires français, séparés par ' | '",
        ),
        col(
            "foreign_partners",
            "string",
            "string",
            "Partenaires étrangers",
            "Foreign partners",
            "Partenaires étrangers, séparés par ' | '",
        ),
        col(
            "countries",
            "string",
            "string",
            "Pays",
            "Countries",
            "Pays partenaires, ISO 3166-1 alpha-2, séparés par ' '",
        ),
        col(
            "total_funding_eur",
            "number",
            "decimal",
            "Financement total (EUR)",
            "Total funding (EUR)",
            "Somme des montants de financement, en euros",
        ),
        col(
            "source",
            "string",
            "string",
            "Source",
            "Source",
            "Fichier et ligne d'origine",
        ),
    ];
    partnerships[2].property = Some((dcterms::TITLE.as_str(), Some("fr")));
    partnerships[5].property = Some((atlas::FIRST_AGREEMENT_YEAR.as_str(), None));
    partnerships[6].property = Some((atlas::START_YEAR.as_str(), None));
    partnerships[7].property = Some((atlas::END_DATE.as_str(), None));
    partnerships
}

/// The columns of `funding.csv`.
fn funding_columns() -> Vec<Column> {
    vec![
        col(
            "partnership_id",
            "string",
            "string",
            "Partenariat",
            "Partnership",
            "Le partenariat (colonne id de partnerships.csv)",
        ),
        col("year", "year", "gYear", "Année", "Year", "Année budgétaire"),
        col(
            "funder",
            "string",
            "string",
            "Financeur",
            "Funder",
            "Financeur, tel que nommé sur la fiche",
        ),
        col(
            "funder_iri",
            "string",
            "anyURI",
            "IRI du financeur",
            "Funder IRI",
            "L'IRI du financeur",
        ),
        col(
            "amount_eur",
            "number",
            "decimal",
            "Montant (EUR)",
            "Amount (EUR)",
            "Montant en euros",
        ),
        col(
            "levy_eur",
            "number",
            "decimal",
            "Dont lois 1 % (EUR)",
            "Of which 1% laws (EUR)",
            "Dont collecté au titre d'une loi de solidarité 1 %, en euros",
        ),
    ]
}

/// The columns of `partners.csv`.
fn partner_columns() -> Vec<Column> {
    let mut partners = vec![
        col(
            "partnership_id",
            "string",
            "string",
            "Partenariat",
            "Partnership",
            "Le partenariat (colonne id de partnerships.csv)",
        ),
        col(
            "role",
            "string",
            "string",
            "Rôle",
            "Role",
            "project_owner, french_partner, foreign_partner, implementer ou diplomatic_post",
        ),
        col(
            "organisation",
            "string",
            "string",
            "Organisation",
            "Organisation",
            "Nom de l'organisation",
        ),
        col(
            "organisation_iri",
            "string",
            "anyURI",
            "IRI de l'organisation",
            "Organisation IRI",
            "L'IRI de l'organisation",
        ),
        col(
            "country_iso2",
            "string",
            "string",
            "Code pays",
            "Country code",
            "Pays, ISO 3166-1 alpha-2 (partenaires étrangers)",
        ),
        col(
            "country",
            "string",
            "string",
            "Pays",
            "Country",
            "Nom du pays en français",
        ),
    ];
    partners[2].property = Some((rdfs::LABEL.as_str(), None));
    partners
}

/// The columns of `statistics.csv`.
fn statistics_columns() -> Vec<Column> {
    let code = |name, fr: &'static str, en, d| col(name, "string", "string", fr, en, d);
    vec![
        code(
            "dataset",
            "Jeu de données",
            "Data set",
            "Le jeu de données du cube statistique",
        ),
        col(
            "theme_level",
            "integer",
            "integer",
            "Niveau de thématique",
            "Theme level",
            "1 ou 2, pour les jeux par thématique",
        ),
        col("ref_period", "year", "gYear", "Année", "Year", "Année"),
        code(
            "ref_area",
            "Pays partenaire",
            "Partner country",
            "Pays partenaire, ISO 3166-1 alpha-3",
        ),
        code(
            "theme",
            "Thématique",
            "Theme",
            "Thématique (chemin de son IRI)",
        ),
        code(
            "funder_type",
            "Type de financeur",
            "Funder type",
            "État, collectivité française, partenaires étrangers, autres",
        ),
        code("kind", "Forme", "Kind", "Forme du partenariat"),
        code("status", "Statut", "Status", "Statut du partenariat"),
        code(
            "dac_sector_category",
            "Catégorie de secteur CAD",
            "DAC sector category",
            "Catégorie de secteur CAD de l'OCDE (3 chiffres) de la thématique principale",
        ),
        col(
            "funding",
            "number",
            "decimal",
            "Financement",
            "Funding",
            "Euros de financement (hors prélèvements du 1 %)",
        ),
        col(
            "partnerships",
            "integer",
            "integer",
            "Partenariats",
            "Partnerships",
            "Nombre de partenariats",
        ),
        col(
            "levies",
            "number",
            "decimal",
            "Prélèvements du 1 %",
            "1% levies",
            "Euros prélevés au titre des lois du 1 %",
        ),
        col(
            "started",
            "integer",
            "integer",
            "Commencés",
            "Started",
            "Partenariats commencés cette année",
        ),
        col(
            "ended",
            "integer",
            "integer",
            "Terminés",
            "Ended",
            "Partenariats terminés cette année",
        ),
    ]
}

/// The CSV files described: the four tables, and the places' two when the bundle has them.
fn tables(places: bool) -> Vec<(&'static str, &'static str, &'static str, Vec<Column>)> {
    let (partnerships, funding, partners, statistics) = (
        partnership_columns(),
        funding_columns(),
        partner_columns(),
        statistics_columns(),
    );
    let mut all = vec![
        ("partnerships", "partnerships.csv", "{+iri}", partnerships),
        ("funding", "funding.csv", "", funding),
        ("partners", "partners.csv", "{+organisation_iri}", partners),
        ("statistics", "statistics.csv", "", statistics),
    ];
    if places {
        all.extend(super::places::package_tables());
    }
    all
}

/// The keys of a table: its primary key (Frictionless field names), and whether its rows
/// refer to a partnership (`partnership_id`).
fn keys(name: &str) -> (Option<&'static str>, bool) {
    match name {
        "partnerships" => (Some("id"), false),
        "places" => (Some("partner"), false),
        // Cells of the cube, and pairs of items: about no one partnership.
        "statistics" | "twinnings" => (None, false),
        _ => (None, true),
    }
}

/// The English description of a column, as the README and `tables` give it.
fn description_en(file: &str, column: &str) -> &'static str {
    super::tables::COLUMNS
        .iter()
        .chain(super::places::COLUMNS)
        .find(|(f, _)| *f == file)
        .and_then(|(_, cols)| cols.iter().find(|(c, _)| *c == column))
        .map_or("", |(_, d)| *d)
}

fn foreign_key() -> Value {
    json!([{ "fields": ["partnership_id"], "reference": { "resource": "partnerships", "fields": ["id"] } }])
}

/// `datapackage.json`; `places`: the bundle has `places.csv` and `twinnings.csv`.
pub fn datapackage(config: &Config, places: bool) -> Value {
    let ds = &config.dataset;
    let resources: Vec<Value> = tables(places)
        .into_iter()
        .map(|(name, file, _, columns)| {
            let fields: Vec<Value> = columns
                .iter()
                .map(|c| {
                    let mut f = json!({
                        "name": c.name,
                        "type": c.kind,
                        "title": c.title_fr,
                        "description": c.description_fr,
                        "title_en": c.title_en,
                        "description_en": description_en(file, c.name),
                    });
                    if c.datatype == "anyURI" {
                        f["format"] = json!("uri");
                    }
                    f
                })
                .collect();
            let mut schema = json!({ "fields": fields, "missingValues": [""] });
            let (primary, refers) = keys(name);
            if let Some(key) = primary {
                schema["primaryKey"] = json!([key]);
            }
            if refers {
                schema["foreignKeys"] = foreign_key();
            }
            json!({
                "name": name,
                "path": file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
                "schema": schema,
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": "atlas-cooperation-decentralisee",
        "id": ds.iri,
        "title": ds.title_fr,
        "title_en": ds.title_en,
        "description": ds.description_fr,
        "description_en": ds.description_en,
        "licenses": [{ "name": "etalab-2.0", "path": ds.license, "title": "Licence Ouverte / Open Licence 2.0" }],
        "resources": resources,
    })
}

/// `csv-metadata.json` (W3C CSVW); `places` as for [`datapackage`].
pub fn csvw(config: &Config, places: bool) -> Value {
    let ds = &config.dataset;
    let tables: Vec<Value> = tables(places)
        .into_iter()
        .map(|(name, file, about, columns)| {
            let cols: Vec<Value> = columns
                .iter()
                .map(|c| {
                    // A column an `aboutUrl` template names is a string to the template
                    // (`{+iri}`), whatever it holds.
                    let template = !about.is_empty() && about.contains(c.name);
                    let mut v = json!({
                        "name": c.name,
                        "titles": c.name,
                        "datatype": if template { "string" } else { c.datatype },
                        "dc:title": [{"@value": c.title_fr, "@language": "fr"}, {"@value": c.title_en, "@language": "en"}],
                        "dc:description": [{"@value": c.description_fr, "@language": "fr"}, {"@value": description_en(file, c.name), "@language": "en"}],
                    });
                    match c.property {
                        Some((p, lang)) => {
                            v["propertyUrl"] = json!(p);
                            if let Some(l) = lang {
                                v["lang"] = json!(l);
                            }
                        }
                        None => v["suppressOutput"] = json!(true),
                    }
                    v
                })
                .collect();
            let mut schema = json!({ "columns": cols });
            let (primary, refers) = keys(name);
            if let Some(key) = primary {
                schema["primaryKey"] = json!(key);
            }
            if refers {
                schema["foreignKeys"] = json!([{
                    "columnReference": "partnership_id",
                    "reference": { "resource": "partnerships.csv", "columnReference": "id" }
                }]);
            }
            if !about.is_empty() {
                schema["aboutUrl"] = json!(about);
            }
            let mut t = json!({
                "url": file,
                "dialect": { "header": true, "lineTerminators": ["\r\n", "\n"] },
                "tableSchema": schema,
            });
            if about.is_empty() {
                // Funding rows and cube cells have no IRI in the file: described, not turned
                // into triples.
                t["suppressOutput"] = json!(true);
            }
            t
        })
        .collect();
    json!({
        "@context": ["http://www.w3.org/ns/csvw", { "@language": "fr" }],
        "dc:title": [{"@value": ds.title_fr, "@language": "fr"}, {"@value": ds.title_en, "@language": "en"}],
        "dc:license": { "@id": ds.license },
        "tables": tables,
    })
}
