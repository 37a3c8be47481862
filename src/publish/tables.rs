//! Flat CSV files for people who do not use RDF, read back from the store (so they say exactly
//! what the RDF says): one row per partnership, per funding amount, per partner.
//! UTF-8, comma-separated, RFC 4180 quoting, a header row; columns documented in
//! [`COLUMNS`] (and in the dataset README).

use crate::model::Amount;
use crate::model::format::{decimal, field};
use crate::rdf::vocab::{self, atlas, dcterms, foaf};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

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
            ("funding", "Euros of funding (exact; the 1% levies apart)"),
            ("partnerships", "Number of partnerships"),
            ("levies", "Euros raised under the 1% laws"),
            ("started", "Partnerships started that year"),
            ("ended", "Partnerships ended that year"),
        ],
    ),
];

fn row(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

fn header(out: &mut impl Write, file: &str) -> io::Result<()> {
    let cols = COLUMNS
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, c)| c.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    row(out, &cols)
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

fn amount(g: &Graph, s: &str) -> Amount {
    g.text(s, atlas::AMOUNT).parse().unwrap_or_default()
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

/// Writes the three files.
pub fn write(
    store: &Store,
    partnerships: &mut impl Write,
    funding: &mut impl Write,
    partners: &mut impl Write,
) -> Result<TableCounts, super::PublishError> {
    header(partnerships, "partnerships.csv")?;
    header(funding, "funding.csv")?;
    header(partners, "partners.csv")?;
    let mut labels = Labels {
        store,
        cache: HashMap::new(),
    };
    let mut counts = TableCounts::default();
    for (p, graph) in record_graphs(store)? {
        let g = Graph::load(store, NamedNodeRef::new_unchecked(&graph))?;
        let id = p.rsplit('/').next().unwrap_or("").to_string();
        let names = |prop: NamedNodeRef<'_>| -> String {
            g.iris(&p, prop)
                .iter()
                .map(|o| g.label(o))
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let mut countries: BTreeMap<String, String> = BTreeMap::new();
        for o in g.iris(&p, atlas::FOREIGN_PARTNER_PROP) {
            for c in g.iris(&o, atlas::COUNTRY_PROP) {
                countries.insert(g.text(&c, atlas::ISO_ALPHA2), g.label(&c));
            }
        }
        // Funding rows, sorted by year then funder name.
        let mut rows: Vec<(String, String, String, Amount, Amount)> = Vec::new();
        for f in g.iris(&p, atlas::FUNDING_PROP) {
            let funder = g
                .iris(&f, atlas::FUNDER)
                .into_iter()
                .next()
                .unwrap_or_default();
            let levy: Amount = g
                .iris(&f, atlas::LEVY_PROP)
                .iter()
                .map(|l| amount(&g, l))
                .sum();
            rows.push((
                g.text(&f, atlas::YEAR),
                g.label(&funder),
                funder,
                amount(&g, &f),
                levy,
            ));
        }
        rows.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
        let total: Amount = rows.iter().map(|r| r.3).sum();
        let status = g.iris(&p, atlas::STATUS);
        let kind = g.iris(&p, atlas::PARTNERSHIP_KIND);
        let main = g.iris(&p, atlas::MAIN_THEME);
        let other = g.iris(&p, atlas::OTHER_THEME);
        let source = {
            let file = g.text(&graph, atlas::SOURCE_FILE);
            let line = g.text(&graph, atlas::SOURCE_LINE);
            if file.is_empty() {
                String::new()
            } else {
                format!("{file}:{line}")
            }
        };
        row(
            partnerships,
            &[
                id.clone(),
                p.clone(),
                g.text(&p, dcterms::TITLE),
                status
                    .first()
                    .map(|s| labels.get(s))
                    .transpose()?
                    .unwrap_or_default(),
                kind.first()
                    .map(|s| labels.get(s))
                    .transpose()?
                    .unwrap_or_default(),
                g.text(&p, atlas::FIRST_AGREEMENT_YEAR),
                g.text(&p, atlas::START_YEAR),
                g.text(&p, atlas::END_DATE),
                main.first()
                    .map(|t| labels.path(t))
                    .transpose()?
                    .unwrap_or_default(),
                other
                    .iter()
                    .map(|t| labels.path(t))
                    .collect::<Result<Vec<_>, _>>()?
                    .join(" | "),
                names(atlas::FRENCH_PARTNER),
                names(atlas::FOREIGN_PARTNER_PROP),
                countries.keys().cloned().collect::<Vec<_>>().join(" "),
                decimal(total),
                source,
            ],
        )?;
        counts.partnerships += 1;
        for (year, funder, funder_iri, a, levy) in rows {
            row(
                funding,
                &[
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
                ],
            )?;
            counts.funding += 1;
        }
        for (role, prop) in [
            ("project_owner", atlas::PROJECT_OWNER),
            ("french_partner", atlas::FRENCH_PARTNER),
            ("foreign_partner", atlas::FOREIGN_PARTNER_PROP),
            ("implementer", atlas::IMPLEMENTER),
            ("diplomatic_post", atlas::DIPLOMATIC_POST_PROP),
        ] {
            for o in g.iris(&p, prop) {
                let country = g.iris(&o, atlas::COUNTRY_PROP).into_iter().next();
                row(
                    partners,
                    &[
                        id.clone(),
                        role.to_string(),
                        g.label(&o),
                        o.clone(),
                        country
                            .as_deref()
                            .map(|c| g.text(c, atlas::ISO_ALPHA2))
                            .unwrap_or_default(),
                        country.as_deref().map(|c| g.label(c)).unwrap_or_default(),
                    ],
                )?;
                counts.partners += 1;
            }
        }
    }
    Ok(counts)
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
