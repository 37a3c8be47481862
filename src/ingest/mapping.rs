//! The column mapping of a tabular source (`--mapping FILE.toml`): which column feeds which
//! canonical field, how multi-valued cells split, and how funding is laid out: wide (amount
//! columns repeated per year, `{year}` patterns) or long (one row per funding row, with a
//! `year` column). Rows that share the partnership's key (its id column, or else its title and
//! partners) make one partnership; extra tables (`[[tables]]`, a file each) join on that key.
//!
//! Every key is optional except `columns.title`; unknown keys are refused, so that a typo in a
//! mapping is an error rather than a silently empty field. See `examples/csv/mapping.toml`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A mapping file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("mapping {file}: {message}")]
pub struct MappingError {
    /// The mapping file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// The field separator of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Delimiter {
    /// Decided from the header line: the most frequent of `,` `;` and tab outside quotes.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// `,`
    #[serde(rename = ",")]
    Comma,
    /// `;` (spreadsheets saved in French locales).
    #[serde(rename = ";")]
    Semicolon,
    /// Tab.
    #[serde(rename = "tab", alias = "\t")]
    Tab,
}

/// The text encoding of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum TableEncoding {
    /// UTF-8 (with or without BOM) when the bytes are UTF-8, else Windows-1252.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// UTF-8, with or without BOM; invalid bytes are an error for their row.
    #[serde(rename = "utf-8")]
    Utf8,
    /// Windows-1252 (Excel's "CSV" on French Windows).
    #[serde(rename = "windows-1252")]
    Windows1252,
}

/// Columns of the single-valued and list-valued fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The Atlas identifier.
    pub atlas_id: Option<String>,
    /// The published page's address.
    pub source_url: Option<String>,
    /// Required: the partnership's title.
    pub title: Option<String>,
    /// The embassy or consulate.
    pub diplomatic_post: Option<String>,
    /// Year of first signature of the agreement.
    pub first_agreement_year: Option<String>,
    /// The main theme, a path split by `theme_separator`.
    pub main_theme: Option<String>,
    /// Other themes: a list (split by `list_separator`) of paths.
    pub other_themes: Option<String>,
    /// Priorities of the other themes, a parallel list.
    pub other_theme_priorities: Option<String>,
    /// Start year.
    pub start_year: Option<String>,
    /// Status label (`En cours`, `Terminé`).
    pub status: Option<String>,
    /// End date (`DD/MM/YYYY` or `YYYY-MM-DD`).
    pub end_date: Option<String>,
    /// Context.
    pub context: Option<String>,
    /// History.
    pub history: Option<String>,
    /// Objective.
    pub objective: Option<String>,
    /// Detailed description.
    pub description: Option<String>,
    /// The kind of partnership, as labelled.
    pub kind: Option<String>,
    /// Project owners (a list).
    pub project_owners: Option<String>,
    /// Implementers (a list).
    pub implementers: Option<String>,
    /// Beneficiaries.
    pub beneficiaries: Option<String>,
    /// Foreign partners' names (a list).
    pub foreign_partners: Option<String>,
    /// Their countries, as French names: a parallel list, or one country for all.
    pub foreign_partner_countries: Option<String>,
    /// French authorities' names (a list).
    pub french_partners: Option<String>,
    /// Their SIREN numbers, a parallel list (empty items allowed).
    pub french_partner_sirens: Option<String>,
    /// Whether the partnership is triennial (oui/non, true/false, 1/0).
    pub triennial: Option<String>,
    /// Communication in France (a boolean).
    pub communication_france: Option<String>,
    /// Communication in the partner countries (a boolean).
    pub communication_partner_countries: Option<String>,
    /// Evaluation policy (a boolean).
    pub evaluation: Option<String>,
}

impl Columns {
    /// Every mapped column with the key naming it, in declaration order.
    pub fn named(&self) -> Vec<(&'static str, &str)> {
        let all: Vec<(&'static str, &Option<String>)> = vec![
            ("atlas_id", &self.atlas_id),
            ("source_url", &self.source_url),
            ("title", &self.title),
            ("diplomatic_post", &self.diplomatic_post),
            ("first_agreement_year", &self.first_agreement_year),
            ("main_theme", &self.main_theme),
            ("other_themes", &self.other_themes),
            ("other_theme_priorities", &self.other_theme_priorities),
            ("start_year", &self.start_year),
            ("status", &self.status),
            ("end_date", &self.end_date),
            ("context", &self.context),
            ("history", &self.history),
            ("objective", &self.objective),
            ("description", &self.description),
            ("kind", &self.kind),
            ("project_owners", &self.project_owners),
            ("implementers", &self.implementers),
            ("beneficiaries", &self.beneficiaries),
            ("foreign_partners", &self.foreign_partners),
            ("foreign_partner_countries", &self.foreign_partner_countries),
            ("french_partners", &self.french_partners),
            ("french_partner_sirens", &self.french_partner_sirens),
            ("triennial", &self.triennial),
            ("communication_france", &self.communication_france),
            (
                "communication_partner_countries",
                &self.communication_partner_countries,
            ),
            ("evaluation", &self.evaluation),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|c| (k, c)))
            .collect()
    }
}

/// One funder's columns: the funder's name, and its amounts, either repeated per year (wide
/// form) or one per row beside a year column (long form).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingColumns {
    /// The column holding the funder's name.
    pub funder: String,
    /// The amount: without `year`, a header pattern where `{year}` stands for a four-digit
    /// year (`"Financeur 1 {year}"` matches `Financeur 1 2017`, `Financeur 1 2018`, ...);
    /// with `year`, a column name.
    pub amount: String,
    /// Long form: the column holding the year of the row's amount.
    #[serde(default)]
    pub year: Option<String>,
    /// Columns of the 1% law amounts, by law slug (`water-2005`, `energy-2006`, `waste-2014`,
    /// `mobility-2019`): `{year}` patterns in the wide form, column names in the long form.
    #[serde(default)]
    pub levies: BTreeMap<String, String>,
}

/// The columns of one foreign partner per row (an extra table).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignPartnerColumns {
    /// The partner's name.
    pub name: String,
    /// Its country, as a French name.
    pub country: Option<String>,
}

/// The columns of one French authority per row (an extra table).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrenchPartnerColumns {
    /// The authority's name.
    pub name: String,
    /// Its SIREN number.
    pub siren: Option<String>,
}

/// An extra table joined to the main one by the partnership's key: a file, its key column,
/// and the blocks that read from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableColumns {
    /// The file, relative to the mapping file.
    pub file: String,
    /// The column holding the partnership's key (the main table's `key` column's values).
    pub key: String,
    /// Field separator.
    #[serde(default)]
    pub delimiter: Delimiter,
    /// Text encoding.
    #[serde(default)]
    pub encoding: TableEncoding,
    /// Funding rows.
    #[serde(default)]
    pub funding: Vec<FundingColumns>,
    /// One foreign partner per row.
    #[serde(default)]
    pub foreign_partners: Option<ForeignPartnerColumns>,
    /// One French authority per row.
    #[serde(default)]
    pub french_partners: Option<FrenchPartnerColumns>,
    /// Contacts.
    #[serde(default)]
    pub contacts: Vec<ContactColumns>,
    /// Volunteers.
    #[serde(default)]
    pub volunteers: Vec<VolunteerColumns>,
}

/// Where a group of contact columns belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactTarget {
    /// A contact of the diplomatic post.
    DiplomaticPost,
    /// A contact in a foreign partner.
    ForeignPartner,
}

/// The columns of one contact (personal data: see the contacts policy).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactColumns {
    /// Where the contact belongs.
    pub at: ContactTarget,
    /// The organisation the person speaks for.
    pub organisation: Option<String>,
    /// The role or function.
    pub role: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// The columns of one volunteer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VolunteerColumns {
    /// Family name.
    pub family_name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Mission.
    pub mission: Option<String>,
    /// Fields of action.
    pub fields: Option<String>,
    /// Assignment.
    pub entity: Option<String>,
}

/// A whole mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The file it was read from (set by [`Mapping::load`]).
    #[serde(skip)]
    pub file: String,
    /// The folder extra tables are found in (the mapping file's; set by [`Mapping::load`]).
    #[serde(skip)]
    pub dir: std::path::PathBuf,
    /// The column that tells partnerships apart across rows and tables (default:
    /// `columns.atlas_id`; without either, rows with the same title and partners are one).
    #[serde(default)]
    pub key: Option<String>,
    /// Field separator.
    #[serde(default)]
    pub delimiter: Delimiter,
    /// Text encoding.
    #[serde(default)]
    pub encoding: TableEncoding,
    /// Separator of list items in one cell (default `;`).
    #[serde(default = "default_list_separator")]
    pub list_separator: String,
    /// Separator of the levels of a theme path (default ` > `).
    #[serde(default = "default_theme_separator")]
    pub theme_separator: String,
    /// Single- and list-valued fields.
    pub columns: Columns,
    /// Funders, each with amounts repeated per year.
    #[serde(default)]
    pub funding: Vec<FundingColumns>,
    /// Contacts, one group of columns each.
    #[serde(default)]
    pub contacts: Vec<ContactColumns>,
    /// Volunteers, one group of columns each.
    #[serde(default)]
    pub volunteers: Vec<VolunteerColumns>,
    /// Extra tables joined by the key.
    #[serde(default)]
    pub tables: Vec<TableColumns>,
}

fn default_list_separator() -> String {
    ";".into()
}

fn default_theme_separator() -> String {
    " > ".into()
}

/// The 1% law slugs a mapping may name.
const LEVY_SLUGS: [&str; 4] = ["water-2005", "energy-2006", "waste-2014", "mobility-2019"];

impl Mapping {
    /// Reads and checks a mapping file.
    pub fn load(path: &Path) -> Result<Self, MappingError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| MappingError {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let mut mapping = Self::parse(&text, &file)?;
        mapping.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(mapping)
    }

    /// Whether `path` is one of the extra tables this mapping joins (read through the main
    /// table, never as a table of its own).
    pub fn joins(&self, path: &Path) -> bool {
        let canonical = |p: &Path| p.canonicalize().ok();
        let Some(p) = canonical(path) else {
            return false;
        };
        self.tables
            .iter()
            .any(|t| canonical(&self.dir.join(&t.file)).as_ref() == Some(&p))
    }

    /// The column of the partnership's key, when the mapping names one.
    pub fn key_column(&self) -> Option<&str> {
        self.key.as_deref().or(self.columns.atlas_id.as_deref())
    }

    /// Parses and checks a mapping given as TOML text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, MappingError> {
        let err = |message: String| MappingError {
            file: file.to_string(),
            message,
        };
        let mut mapping: Mapping = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        mapping.file = file.to_string();
        if mapping.columns.title.is_none() {
            return Err(err(
                "columns.title is required: every partnership has a title".into(),
            ));
        }
        if mapping.list_separator.is_empty() || mapping.theme_separator.is_empty() {
            return Err(err(
                "list_separator and theme_separator may not be empty".into()
            ));
        }
        check_funding(&mapping.funding, "funding").map_err(|e| err(e.0))?;
        for (t, table) in mapping.tables.iter().enumerate() {
            check_funding(&table.funding, &format!("tables[{t}].funding")).map_err(|e| err(e.0))?;
        }
        if !mapping.tables.is_empty() && mapping.key_column().is_none() {
            return Err(err(
                "[[tables]] join on the partnership's key: name its column in `key` or columns.atlas_id"
                    .into(),
            ));
        }
        Ok(mapping)
    }
}

/// Checks the funding blocks: `{year}` patterns in the wide form, plain columns in the long
/// form, known 1% laws.
fn check_funding(
    funding: &[FundingColumns],
    key: &str,
) -> Result<(), crate::ingest::values::Invalid> {
    for (i, f) in funding.iter().enumerate() {
        for pattern in std::iter::once(&f.amount).chain(f.levies.values()) {
            let years = pattern.matches("{year}").count();
            match (&f.year, years) {
                (None, 1) | (Some(_), 0) => {}
                (None, _) => {
                    return Err(format!(
                        "{key}[{i}]: the pattern {pattern:?} must contain {{year}} once (or give `year`, the column of the year, for one funding row per line)"
                    ).into());
                }
                (Some(_), _) => {
                    return Err(format!(
                        "{key}[{i}]: with a `year` column, {pattern:?} names one column: no {{year}} in it"
                    ).into());
                }
            }
        }
        if let Some(bad) = f.levies.keys().find(|k| !LEVY_SLUGS.contains(&k.as_str())) {
            return Err(format!(
                "{key}[{i}].levies: unknown law {bad:?} (known: {})",
                LEVY_SLUGS.join(", ")
            )
            .into());
        }
    }
    Ok(())
}

/// The year a header matches in a `{year}` pattern, if it does.
pub fn year_in(pattern: &str, header: &str) -> Option<i32> {
    let (before, after) = pattern.split_once("{year}")?;
    let middle = header.strip_prefix(before)?.strip_suffix(after)?;
    if middle.len() == 4 && middle.bytes().all(|b| b.is_ascii_digit()) {
        middle.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_four_digit_years_only() {
        assert_eq!(
            year_in("Financeur 1 {year}", "Financeur 1 2017"),
            Some(2017)
        );
        assert_eq!(year_in("{year} montant", "2018 montant"), Some(2018));
        assert_eq!(year_in("Financeur 1 {year}", "Financeur 1 17"), None);
        assert_eq!(year_in("Financeur 1 {year}", "Financeur 12 2017"), None);
    }

    #[test]
    fn unknown_keys_and_missing_title_are_refused() {
        let e = Mapping::parse("[columns]\ntitle = \"T\"\ntitel = \"x\"\n", "m.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("m.toml") && e.contains("titel"), "{e}");
        let e = Mapping::parse("[columns]\nstatus = \"S\"\n", "m.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("columns.title is required"), "{e}");
        let e = Mapping::parse(
            "[columns]\ntitle = \"T\"\n[[funding]]\nfunder = \"F\"\namount = \"A\"\n",
            "m.toml",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(e.contains("{year}"), "{e}");
    }
}
