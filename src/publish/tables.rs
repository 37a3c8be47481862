//! Flat CSV files for people who do not use RDF, read back from the store (so they say exactly
//! what the RDF says): one row per partnership, per funding amount, per partner.
//! UTF-8, comma-separated, RFC 4180 quoting, a header row; columns documented in
//! [`COLUMNS`] (and in the dataset README).

use super::diff;
use crate::model::Amount;
use crate::model::format::{csv_writer, decimal};
use crate::vocab::{self, atlas, dcterms, foaf};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// Every file's columns with their meaning: (file, [(column, description)]).
pub const COLUMNS: &[(&str, &[(&str, &str)])] = &[
    (
        "partnerships.csv",
        &[
            (
                "id",
                "Record identifier (the last segment of the partnership IRI)",
            ),
            ("iri", "The partnership's IRI (dereferenceable)"),
            ("title", "Title, as published"),
            ("status", "Status (en cours, terminé...)"),
            ("kind", "Kind (coopération décentralisée, jumelage...)"),
            ("first_agreement_year", "Year of the first agreement"),
            ("start_year", "Year the project started"),
            ("end_date", "End date (YYYY-MM-DD)"),
            (
                "main_theme",
                "Main theme, top level first, levels separated by ' > '",
            ),
            ("other_themes", "Other themes, separated by ' | '"),
            ("french_partners", "French partners, separated by ' | '"),
            ("foreign_partners", "Foreign partners, separated by ' | '"),
            (
                "countries",
                "Partner countries, ISO 3166-1 alpha-2, separated by ' '",
            ),
            ("total_funding_eur", "Sum of every funding amount, in euros"),
            ("source", "Source file and line"),
        ],
    ),
    (
        "funding.csv",
        &[
            (
                "partnership_id",
                "The partnership (id column of partnerships.csv)",
            ),
            ("year", "Budget year"),
            ("funder", "Funder, as named on the page"),
            ("funder_iri", "The funder's IRI"),
            ("amount_eur", "Amount in euros"),
            (
                "levy_eur",
                "Of which raised under a 1% solidarity law, in euros",
            ),
        ],
    ),
    (
        "partners.csv",
        &[
            (
                "partnership_id",
                "The partnership (id column of partnerships.csv)",
            ),
            (
                "role",
                "project_owner, french_partner, foreign_partner, implementer or diplomatic_post",
            ),
            ("organisation", "Organisation name"),
            ("organisation_iri", "The organisation's IRI"),
            (
                "country_iso2",
                "Country, ISO 3166-1 alpha-2 (foreign partners)",
            ),
            ("country", "Country name in French"),
        ],
    ),
    (
        "statistics.csv",
        &[
            (
                "dataset",
                "The data set of the statistics cube (funding-by-year, partnerships-by-country...)",
            ),
            (
                "theme_level",
                "1 or 2, for the partnerships-by-theme data sets",
            ),
            ("ref_period", "Year"),
            ("ref_area", "Partner country, ISO 3166-1 alpha-3"),
            (
                "theme",
                "Theme, as the path of its IRI under https://w3id.org/atlas-lod/theme/",
            ),
            (
                "funder_type",
                "state, french-authority, foreign-partners or others",
            ),
            ("kind", "Partnership kind (the code of its IRI)"),
            ("status", "Partnership status (the code of its IRI)"),
            (
                "dac_sector_category",
                "OECD DAC sector category (3 digits) of the main theme's purpose code: each partnership in one",
            ),
            ("funding", "Euros of funding (exact; the 1% levies apart)"),
            ("partnerships", "Number of partnerships"),
            ("levies", "Euros raised under the 1% laws"),
            ("started", "Partnerships started that year"),
            ("ended", "Partnerships ended that year"),
        ],
    ),
];

/// The columns of `file`, as [`COLUMNS`] lists them.
fn columns(file: &str) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, c)| c.iter().map(|(n, _)| *n).collect())
        .unwrap_or_default()
}

/// A row by column, as [`diff::FromTables`] reads it.
fn by_column(file: &str, cells: &[String]) -> BTreeMap<String, String> {
    columns(file)
        .into_iter()
        .map(str::to_string)
        .zip(cells.iter().cloned())
        .collect()
}

/// One record graph, indexed by subject.
struct Graph {
    by_subject: HashMap<String, Vec<(String, Term)>>,
}

impl Graph {
    fn load(store: &Store, graph: NamedNodeRef<'_>) -> Result<Self, StorageError> {
        let mut by_subject: HashMap<String, Vec<(String, Term)>> = HashMap::new();
        for q in store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph))) {
            let q = q?;
            if let NamedOrBlankNode::NamedNode(s) = q.subject {
                by_subject
                    .entry(s.into_string())
                    .or_default()
                    .push((q.predicate.into_string(), q.object));
            }
        }
        Ok(Graph { by_subject })
    }

    fn objects<'a>(&'a self, s: &str, p: NamedNodeRef<'a>) -> impl Iterator<Item = &'a Term> + 'a {
        self.by_subject
            .get(s)
            .into_iter()
            .flatten()
            .filter(move |(pp, _)| pp == p.as_str())
            .map(|(_, o)| o)
    }

    fn iris(&self, s: &str, p: NamedNodeRef<'_>) -> Vec<String> {
        let mut v: Vec<String> = self
            .objects(s, p)
            .filter_map(|o| match o {
                Term::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            })
            .collect();
        v.sort();
        v
    }

    fn text(&self, s: &str, p: NamedNodeRef<'_>) -> String {
        self.objects(s, p)
            .find_map(|o| match o {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn label(&self, s: &str) -> String {
        for p in vocab::LABEL_PROPERTIES {
            let t = self.text(s, p);
            if !t.is_empty() {
                return t;
            }
        }
        String::new()
    }
}

/// Labels of concepts outside record graphs (themes, statuses, kinds), cached: the same few
/// concepts come back in every row.
struct Labels<'a> {
    store: &'a Store,
    cache: HashMap<String, String>,
}

impl Labels<'_> {
    fn get(&mut self, iri: &str) -> Result<String, StorageError> {
        if let Some(l) = self.cache.get(iri) {
            return Ok(l.clone());
        }
        let label = crate::store::labels::label(self.store, iri)?.unwrap_or_default();
        self.cache.insert(iri.to_string(), label.clone());
        Ok(label)
    }

    fn path(&mut self, concept: &str) -> Result<String, StorageError> {
        Ok(crate::store::labels::theme_path(self.store, concept)?
            .iter()
            .map(|c| self.get(c))
            .collect::<Result<Vec<_>, _>>()?
            .join(" > "))
    }
}

/// The amount of `s` under `p` (`atlas:amount` of a funding row, `atlas:levyAmount` of a levy).
fn amount(g: &Graph, s: &str, p: oxigraph::model::NamedNodeRef<'_>) -> Amount {
    g.text(s, p).parse().unwrap_or_default()
}

/// Row counts of the three files.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TableCounts {
    /// Rows of partnerships.csv.
    pub partnerships: usize,
    /// Rows of funding.csv.
    pub funding: usize,
    /// Rows of partners.csv.
    pub partners: usize,
}

/// The record graphs of the store: (partnership IRI, graph IRI), sorted.
pub fn record_graphs(store: &Store) -> Result<Vec<(String, String)>, StorageError> {
    let mut v = Vec::new();
    for q in store.quads_for_pattern(None, Some(foaf::PRIMARY_TOPIC), None, None) {
        let q = q?;
        if let (NamedOrBlankNode::NamedNode(g), Term::NamedNode(p)) = (q.subject, q.object) {
            v.push((p.into_string(), g.into_string()));
        }
    }
    v.sort();
    v.dedup();
    Ok(v)
}

/// The rows of one partnership in the three files.
struct Rows {
    partnership: Vec<String>,
    funding: Vec<Vec<String>>,
    partners: Vec<Vec<String>>,
}

/// Writes the three files (RFC 4180: CRLF line ends); `release`, when given, gathers what they
/// say for the comparison with the previous release.
pub fn write(
    store: &Store,
    partnerships: &mut impl Write,
    funding: &mut impl Write,
    partners: &mut impl Write,
    mut release: Option<&mut diff::FromTables>,
) -> Result<TableCounts, super::PublishError> {
    let mut p_csv = csv_writer(partnerships, csv::Terminator::CRLF);
    let mut f_csv = csv_writer(funding, csv::Terminator::CRLF);
    let mut r_csv = csv_writer(partners, csv::Terminator::CRLF);
    p_csv
        .write_record(columns("partnerships.csv"))
        .map_err(std::io::Error::from)?;
    f_csv
        .write_record(columns("funding.csv"))
        .map_err(std::io::Error::from)?;
    r_csv
        .write_record(columns("partners.csv"))
        .map_err(std::io::Error::from)?;
    let mut labels = Labels {
        store,
        cache: HashMap::new(),
    };
    let mut counts = TableCounts::default();
    for (p, graph) in record_graphs(store)? {
        let rows = rows(store, &p, &graph, &mut labels)?;
        p_csv
            .write_record(&rows.partnership)
            .map_err(std::io::Error::from)?;
        counts.partnerships += 1;
        for r in &rows.funding {
            f_csv.write_record(r).map_err(std::io::Error::from)?;
            counts.funding += 1;
        }
        for r in &rows.partners {
            r_csv.write_record(r).map_err(std::io::Error::from)?;
            counts.partners += 1;
        }
        if let Some(release) = release.as_deref_mut() {
            release.partnership(&by_column("partnerships.csv", &rows.partnership));
            for r in &rows.funding {
                release.funding(&by_column("funding.csv", r));
            }
        }
    }
    p_csv.flush()?;
    f_csv.flush()?;
    r_csv.flush()?;
    Ok(counts)
}

/// The rows of partnership `p`, whose record graph is `graph`.
fn rows(
    store: &Store,
    p: &str,
    graph: &str,
    labels: &mut Labels<'_>,
) -> Result<Rows, StorageError> {
    let g = Graph::load(store, NamedNodeRef::new_unchecked(graph))?;
    let id = p.rsplit('/').next().unwrap_or("").to_string();
    let funding = funding_rows(&g, p);
    let total: Amount = funding.iter().map(|r| r.3).sum();
    let partnership = partnership_row(&g, p, graph, &id, total, labels)?;
    let funding = funding
        .into_iter()
        .map(|(year, funder, funder_iri, a, levy)| {
            vec![
                id.clone(),
                year,
                funder,
                funder_iri,
                decimal(a),
                if levy > Amount::default() {
                    decimal(levy)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    Ok(Rows {
        partnership,
        funding,
        partners: partner_rows(&g, p, &id),
    })
}

/// A partnership's funding: (year, funder, funder IRI, amount, levy), sorted by year then
/// funder name.
fn funding_rows(g: &Graph, p: &str) -> Vec<(String, String, String, Amount, Amount)> {
    let mut rows = Vec::new();
    for f in g.iris(p, atlas::FUNDING_PROP) {
        let funder = g
            .iris(&f, atlas::FUNDER)
            .into_iter()
            .next()
            .unwrap_or_default();
        let levy: Amount = g
            .iris(&f, atlas::LEVY_PROP)
            .iter()
            .map(|l| amount(g, l, atlas::LEVY_AMOUNT))
            .sum();
        rows.push((
            g.text(&f, atlas::YEAR),
            g.label(&funder),
            funder,
            amount(g, &f, atlas::AMOUNT),
            levy,
        ));
    }
    rows.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
    rows
}

/// The row of `partnerships.csv`.
fn partnership_row(
    g: &Graph,
    p: &str,
    graph: &str,
    id: &str,
    total: Amount,
    labels: &mut Labels<'_>,
) -> Result<Vec<String>, StorageError> {
    let names = |prop: NamedNodeRef<'_>| -> String {
        g.iris(p, prop)
            .iter()
            .map(|o| g.label(o))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let mut countries: BTreeMap<String, String> = BTreeMap::new();
    for o in g.iris(p, atlas::FOREIGN_PARTNER_PROP) {
        for c in g.iris(&o, atlas::COUNTRY_PROP) {
            countries.insert(g.text(&c, atlas::ISO_ALPHA2), g.label(&c));
        }
    }
    let first_label = |labels: &mut Labels<'_>, prop| -> Result<String, StorageError> {
        Ok(g.iris(p, prop)
            .first()
            .map(|s| labels.get(s))
            .transpose()?
            .unwrap_or_default())
    };
    let source = {
        let file = g.text(graph, atlas::SOURCE_FILE);
        let line = g.text(graph, atlas::SOURCE_LINE);
        if file.is_empty() {
            String::new()
        } else {
            format!("{file}:{line}")
        }
    };
    Ok(vec![
        id.to_string(),
        p.to_string(),
        g.text(p, dcterms::TITLE),
        first_label(labels, atlas::STATUS)?,
        first_label(labels, atlas::PARTNERSHIP_KIND)?,
        g.text(p, atlas::FIRST_AGREEMENT_YEAR),
        g.text(p, atlas::START_YEAR),
        g.text(p, atlas::END_DATE),
        g.iris(p, atlas::MAIN_THEME)
            .first()
            .map(|t| labels.path(t))
            .transpose()?
            .unwrap_or_default(),
        g.iris(p, atlas::OTHER_THEME)
            .iter()
            .map(|t| labels.path(t))
            .collect::<Result<Vec<_>, _>>()?
            .join(" | "),
        names(atlas::FRENCH_PARTNER),
        names(atlas::FOREIGN_PARTNER_PROP),
        countries.keys().cloned().collect::<Vec<_>>().join(" "),
        decimal(total),
        source,
    ])
}

/// The rows of `partners.csv`: every organisation by role.
fn partner_rows(g: &Graph, p: &str, id: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (role, prop) in [
        ("project_owner", atlas::PROJECT_OWNER),
        ("french_partner", atlas::FRENCH_PARTNER),
        ("foreign_partner", atlas::FOREIGN_PARTNER_PROP),
        ("implementer", atlas::IMPLEMENTER),
        ("diplomatic_post", atlas::DIPLOMATIC_POST_PROP),
    ] {
        for o in g.iris(p, prop) {
            let country = g.iris(&o, atlas::COUNTRY_PROP).into_iter().next();
            rows.push(vec![
                id.to_string(),
                role.to_string(),
                g.label(&o),
                o.clone(),
                country
                    .as_deref()
                    .map(|c| g.text(c, atlas::ISO_ALPHA2))
                    .unwrap_or_default(),
                country.as_deref().map(|c| g.label(c)).unwrap_or_default(),
            ]);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::COLUMNS;

    #[test]
    fn statistics_csv_has_the_documented_columns() {
        let text = crate::store::statistics::cube::csv(&Default::default());
        let documented: Vec<&str> = COLUMNS
            .iter()
            .find(|(f, _)| *f == "statistics.csv")
            .map(|(_, c)| c.iter().map(|(n, _)| *n).collect())
            .unwrap_or_default();
        assert_eq!(text.trim_end().split(',').collect::<Vec<_>>(), documented);
    }
}
