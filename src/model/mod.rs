//! The canonical record: the single contract between the readers and the RDF mapping.
//!
//! Every reader (Atlas text page, JSON Lines, later CSV) produces a [`Record`]; the mapping in
//! [`crate::rdf`] only ever sees this type. Records serialise to and from JSON (one per line).
//!
//! Beside it, what every floor above shares: [`amount`] (exact euros), [`lang`] (French or
//! English, and how each writes numbers and money), [`countries`], [`themes`] (the theme
//! lexicon), [`privacy`] (contact profiles), [`names`], [`geo`] (country outlines), [`format`]
//! (CSV cells), and [`Invalid`].

pub mod amount;
pub mod countries;
pub mod format;
pub mod geo;
pub mod lang;
pub mod names;
pub mod patterns;
pub mod privacy;
pub mod roles;
pub mod themes;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use amount::Amount;

/// Why a text is not the value its field needs: the words that go into the record's error
/// (which names the file, the line and the field), or into a setting's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl From<String> for Invalid {
    fn from(reason: String) -> Self {
        Invalid(reason)
    }
}

impl From<Invalid> for String {
    fn from(e: Invalid) -> String {
        e.0
    }
}

impl From<&str> for Invalid {
    fn from(reason: &str) -> Self {
        Invalid(reason.to_string())
    }
}

/// What an Atlas id may be: letters, digits, `.`, `_` and `-`, 1 to 64 of them, starting with
/// a letter or a digit (`12345`, `ATL-2019-0412`).
pub fn is_atlas_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Why an Atlas id was refused (the rule of [`is_atlas_id`], said).
pub const ATLAS_ID_RULE: &str = "not an Atlas id (letters, digits, '.', '_' and '-', at most 64, starting with a letter or a digit; not quoted)";

/// One partnership as published on an Atlas detail page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The Atlas' own identifier, when the source carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub atlas_id: Option<String>,
    /// Where the record was read.
    pub source: Source,
    /// "Titre".
    pub title: String,
    /// "Contacts dans le poste diplomatique ...": the embassy or consulate and its contacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diplomatic_post: Option<DiplomaticPost>,
    /// "Année de première signature de la convention".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_agreement_year: Option<i32>,
    /// "Thématique / Sous-thématique / Sous-sous-thématique d'intervention": 1 to 3 labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub main_theme: Vec<String>,
    /// "Autres thématiques mises en œuvre pour le partenariat".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_themes: Vec<OtherTheme>,
    /// "Année de début du partenariat".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_year: Option<i32>,
    /// "Le partenariat est": the label as written (`En cours`, `Terminé`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// "Date de fin du partenariat".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// "Contexte".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// "Historique".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// "Objectif du partenariat".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// "Description détaillée du partenariat".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// "Votre partenariat prend la forme d'un(e)": the label as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// "Maître(s) d'ouvrage".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub project_owners: Vec<String>,
    /// "Maître(s) d'œuvre".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implementers: Vec<String>,
    /// "Bénéficiaire(s)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiaries: Option<String>,
    /// "Partenaires étrangers du partenariat".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_partners: Vec<ForeignPartner>,
    /// "Contacts dans les partenaires étrangers du partenariat".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_contacts: Vec<Contact>,
    /// "Collectivités territoriales partenaires du partenariat".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub french_partners: Vec<FrenchPartner>,
    /// "Le partenariat est / n'est pas triennal".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triennial: Option<bool>,
    /// "Financement du partenariat": one row per funder and year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding: Vec<FundingRow>,
    /// "Une / Aucune communication ... engagée en France".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_france: Option<bool>,
    /// "Une / Aucune communication ... engagée dans les pays partenaires".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_partner_countries: Option<bool>,
    /// "Une / Aucune politique d'évaluation ... engagée".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<bool>,
    /// "Volontaires impliqués dans le partenariat".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volunteers: Vec<Volunteer>,
    /// What the reader noticed but could not settle; never an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// Where a record comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The file name as given to the reader (`-` for standard input).
    pub file: String,
    /// The 1-based line where the record starts.
    pub line: usize,
    /// The published page's address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An embassy or consulate named on the page, with its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DiplomaticPost {
    /// "Ambassade de France à Ottawa".
    pub name: String,
    /// The people named under the post.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
}

/// A person named on the page in some role. Personal data: see [`privacy`].
#[derive(Debug, Clone, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The organisation the person speaks for (foreign partner contacts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The role or function ("Correspondant coopération décentralisée", "Directeur ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Given name ("Jean Michel").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name ("VAILLANT", "DE LA FONTAINE").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// E-mail address, de-obfuscated (`a[at]b.fr` becomes `a@b.fr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The row as written, kept when telling the name from the function was a guess: then the
    /// role label may hold part of a name, and only `--contacts full` keeps either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// The line of the page it was read from (0 when unknown), for messages that must name
    /// where a dropped word was without quoting it.
    #[serde(skip)]
    pub line: usize,
}

/// Two contacts are the same whatever line each was read from (the line is where, not what).
impl PartialEq for Contact {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.organisation,
            &self.role,
            &self.given_name,
            &self.family_name,
            &self.email,
            &self.raw,
        ) == (
            &other.organisation,
            &other.role,
            &other.given_name,
            &other.family_name,
            &other.email,
            &other.raw,
        )
    }
}

impl Contact {
    /// Whether anything identifies a person (name or e-mail).
    pub fn has_person(&self) -> bool {
        self.given_name.is_some() || self.family_name.is_some() || self.email.is_some()
    }
}

/// A theme other than the main one, with its priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OtherTheme {
    /// 1 to 3 labels, top level first.
    pub path: Vec<String>,
    /// "Priorité" as written (usually a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
}

/// A foreign partner authority or organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ForeignPartner {
    /// "Québec International".
    pub name: String,
    /// The country as written on the page ("Canada").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_label: Option<String>,
    /// ISO 3166-1 alpha-2 code, when the country was recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A French local authority taking part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrenchPartner {
    /// "Communauté d'agglomération Chartres métropole".
    pub name: String,
    /// SIREN number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    /// INSEE Official Geographic Code (COG), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insee: Option<String>,
}

/// One funding row: a funder's amount for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FundingRow {
    /// "Nom du financeur".
    pub funder: String,
    /// "Année".
    pub year: i32,
    /// "Montant en euros".
    pub amount: Amount,
    /// Amounts under the 1% solidarity laws, beside the main amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levies: Vec<Levy>,
}

/// An amount raised under one of the 1% solidarity laws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levy {
    /// Which law, when the page says so unambiguously.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<LevyLaw>,
    /// The amount in euros.
    pub amount: Amount,
}

/// The 1% laws that let French authorities fund external action from a service budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LevyLaw {
    /// Water and sanitation: loi Oudin-Santini, 2005.
    #[serde(rename = "water-2005")]
    Water2005,
    /// Energy: 2006.
    #[serde(rename = "energy-2006")]
    Energy2006,
    /// Household waste: 2014.
    #[serde(rename = "waste-2014")]
    Waste2014,
    /// Mobility: loi d'orientation des mobilités, 2019.
    #[serde(rename = "mobility-2019")]
    Mobility2019,
}

impl LevyLaw {
    /// All laws, in order of enactment.
    pub const ALL: [LevyLaw; 4] = [
        LevyLaw::Water2005,
        LevyLaw::Energy2006,
        LevyLaw::Waste2014,
        LevyLaw::Mobility2019,
    ];

    /// The stable slug used in IRIs and JSON.
    pub fn slug(self) -> &'static str {
        match self {
            LevyLaw::Water2005 => "water-2005",
            LevyLaw::Energy2006 => "energy-2006",
            LevyLaw::Waste2014 => "waste-2014",
            LevyLaw::Mobility2019 => "mobility-2019",
        }
    }

    /// The column label the Atlas prints for this law.
    pub fn column_label(self) -> &'static str {
        match self {
            LevyLaw::Water2005 => "Montant 1% Eau (Loi Oudin 2005)",
            LevyLaw::Energy2006 => "Montant 1% Energie (Loi 2006)",
            LevyLaw::Waste2014 => "Montant 1% Déchets (Loi 2014)",
            LevyLaw::Mobility2019 => "Montant 1% Mobilités (Loi 2019)",
        }
    }
}

/// A volunteer (VSI, service civique, ...) taking part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Volunteer {
    /// "Nom".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// "Prénom".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// "Mission".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<String>,
    /// "Champs d'action".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
    /// "Entité d'affectation".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The row as written, kept when the split into columns was a guess: then the mission may
    /// hold part of a name, and only `--contacts full` keeps either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// Something the reader noticed and could not settle with certainty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// 1-based line in the source.
    pub line: usize,
    /// The record field concerned (`funding`, `foreign_contacts`, ...).
    pub field: String,
    /// What was guessed, with the raw text where useful.
    pub message: String,
}

impl Record {
    /// Adds a warning.
    pub fn warn(&mut self, line: usize, field: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            line,
            field: field.to_string(),
            message: message.into(),
        });
    }
}
