//! The publisher's settings (`atlas-lod.toml`): who publishes, where the files will be, the
//! licence and the dates. Every field has a default, so the file is optional; unknown keys are
//! errors (a typo must not silently fall back to a default).

use crate::model::Invalid;
use serde::Deserialize;
use std::path::Path;

/// Licence Ouverte / Open Licence 2.0 (Etalab), the licence of the Atlas data.
pub const ETALAB_2: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

/// The whole file.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The dataset's description.
    pub dataset: DatasetConfig,
    /// The publisher.
    pub publisher: PublisherConfig,
    /// Where the bundle's files are downloaded from.
    pub files: FilesConfig,
    /// `[iati]`: the publisher as an IATI reporting organisation.
    pub iati: IatiConfig,
}

/// `[iati]`: who reports the IATI activity file. No default identifier: an IATI organisation
/// identifier is the publisher's own (registered with IATI), never one we make up, so without
/// it `export iati` refuses and `publish` leaves `iati-activities.xml` out and says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IatiConfig {
    /// The publisher's IATI organisation identifier (`AGENCY-ID`, e.g. `XM-DAC-…`), the
    /// reporting organisation and the prefix of every activity identifier.
    pub organisation: Option<String>,
    /// The publisher's IATI OrganisationType code (`10` Government, the ministry's).
    pub organisation_type: String,
    /// The registration-agency prefix under which a French authority's SIREN becomes its IATI
    /// identifier (`PREFIX-SIREN`); without it, SIRENs are not written as IATI identifiers
    /// (the agency list is not among the IATI codelists we ship, so we do not guess it).
    pub siren_prefix: Option<String>,
}

impl Default for IatiConfig {
    fn default() -> Self {
        IatiConfig {
            organisation: None,
            organisation_type: "10".into(),
            siren_prefix: None,
        }
    }
}

/// `[dataset]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatasetConfig {
    /// The dataset's IRI.
    pub iri: String,
    /// The catalogue's IRI.
    pub catalog_iri: String,
    /// Title in French.
    pub title_fr: String,
    /// Title in English.
    pub title_en: String,
    /// Description in French.
    pub description_fr: String,
    /// Description in English.
    pub description_en: String,
    /// The dataset's page for people (on data.gouv.fr, for instance).
    pub landing_page: Option<String>,
    /// Licence IRI.
    pub license: String,
    /// First publication date (`YYYY-MM-DD`); by default the latest date in the data.
    pub issued: Option<chrono::NaiveDate>,
    /// Last modification date; by default `issued`.
    pub modified: Option<chrono::NaiveDate>,
    /// Keywords added to the themes'.
    pub keywords: Vec<String>,
}

impl Default for DatasetConfig {
    fn default() -> Self {
        DatasetConfig {
            iri: "https://w3id.org/atlas-lod/dataset".into(),
            catalog_iri: "https://w3id.org/atlas-lod/catalog".into(),
            title_fr: "Atlas de la coopération décentralisée et des autres actions extérieures"
                .into(),
            title_en: "Atlas of decentralised cooperation and other external actions".into(),
            description_fr: "Les partenariats entre collectivités territoriales françaises et \
                leurs partenaires étrangers recensés par l'Atlas de la coopération décentralisée \
                du ministère de l'Europe et des Affaires étrangères, en données liées : \
                partenaires, pays, thématiques, financements par financeur et par année."
                .into(),
            description_en: "The partnerships between French local authorities and their \
                foreign partners listed in the Atlas of decentralised cooperation of the French \
                Ministry for Europe and Foreign Affairs, as linked data: partners, countries, \
                themes, funding per funder and year."
                .into(),
            landing_page: None,
            license: ETALAB_2.into(),
            issued: None,
            modified: None,
            keywords: Vec::new(),
        }
    }
}

/// `[publisher]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PublisherConfig {
    /// The publisher's IRI.
    pub iri: String,
    /// Its name.
    pub name: String,
    /// Its home page.
    pub homepage: String,
    /// The contact point's name (an office, not a person).
    pub contact_name: String,
    /// The contact point's e-mail (a functional mailbox, not a person's).
    pub contact_email: Option<String>,
    /// The contact point's web page.
    pub contact_url: String,
}

impl Default for PublisherConfig {
    fn default() -> Self {
        PublisherConfig {
            iri: "https://www.data.gouv.fr/fr/organizations/ministere-de-l-europe-et-des-affaires-etrangeres/".into(),
            name: "Ministère de l'Europe et des Affaires étrangères".into(),
            homepage: "https://www.diplomatie.gouv.fr/".into(),
            contact_name: "Délégation pour l'action extérieure des collectivités territoriales (DAECT)".into(),
            contact_email: None,
            contact_url: "https://www.diplomatie.gouv.fr/fr/politique-etrangere-de-la-france/action-exterieure-des-collectivites-territoriales/".into(),
        }
    }
}

/// `[files]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FilesConfig {
    /// URL the bundle's files are downloaded from (each file name is appended).
    pub download_url: String,
}

impl Default for FilesConfig {
    fn default() -> Self {
        FilesConfig {
            download_url: "https://w3id.org/atlas-lod/files/".into(),
        }
    }
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// What is wrong, with the line when known.
    pub message: String,
}

impl Config {
    /// Reads `path`.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        Config::parse(&text).map_err(|e| err(e.0))
    }

    /// Parses TOML text and checks the IRIs.
    pub fn parse(text: &str) -> Result<Config, Invalid> {
        let mut c: Config = toml::from_str(text).map_err(|e| Invalid(e.to_string()))?;
        if !c.files.download_url.ends_with('/') {
            c.files.download_url.push('/');
        }
        for (key, iri) in [
            ("dataset.iri", &c.dataset.iri),
            ("dataset.catalog_iri", &c.dataset.catalog_iri),
            ("dataset.license", &c.dataset.license),
            ("publisher.iri", &c.publisher.iri),
            ("publisher.homepage", &c.publisher.homepage),
            ("publisher.contact_url", &c.publisher.contact_url),
            ("files.download_url", &c.files.download_url),
        ] {
            absolute_iri(iri)
                .map_err(|e| Invalid(format!("{key} = {iri:?} is not an absolute IRI: {e}")))?;
        }
        // What people follow: a web address (a contact may be a mailto: address too).
        for (key, iri, schemes) in [
            (
                "publisher.homepage",
                &c.publisher.homepage,
                &["http", "https"][..],
            ),
            (
                "publisher.contact_url",
                &c.publisher.contact_url,
                &["http", "https", "mailto"][..],
            ),
            (
                "files.download_url",
                &c.files.download_url,
                &["http", "https"][..],
            ),
        ] {
            let scheme = iri
                .split(':')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !schemes.contains(&scheme.as_str()) {
                return Err(Invalid(format!(
                    "{key} = {iri:?}: a {} address is expected",
                    schemes.join(" or ")
                )));
            }
        }
        for (key, text) in [
            ("publisher.name", &c.publisher.name),
            ("publisher.contact_name", &c.publisher.contact_name),
        ] {
            if text.trim().is_empty() {
                return Err(Invalid(format!("{key} is empty")));
            }
        }
        if c.dataset.keywords.iter().any(|k| k.trim().is_empty()) {
            return Err(Invalid("dataset.keywords holds an empty keyword".into()));
        }
        if let Some(l) = &c.dataset.landing_page {
            absolute_iri(l).map_err(|e| Invalid(format!("dataset.landing_page = {l:?}: {e}")))?;
        }
        for (key, id) in [
            ("iati.organisation", &c.iati.organisation),
            ("iati.siren_prefix", &c.iati.siren_prefix),
        ] {
            if let Some(id) = id
                && !iati_identifier(id)
            {
                return Err(Invalid(format!(
                    "{key} = {id:?} is not an IATI identifier (AGENCY-ID: letters, digits, '-', '.', '_', no spaces)"
                )));
            }
        }
        if !super::iati::ORGANISATION_TYPES.contains(&c.iati.organisation_type.as_str()) {
            return Err(Invalid(format!(
                "iati.organisation_type = {:?} is not a code of the IATI OrganisationType codelist ({})",
                c.iati.organisation_type,
                super::iati::ORGANISATION_TYPES.join(", ")
            )));
        }
        // What a catalogue shows first: an empty title or description would be published as one.
        for (key, text) in [
            ("dataset.title_fr", &c.dataset.title_fr),
            ("dataset.title_en", &c.dataset.title_en),
            ("dataset.description_fr", &c.dataset.description_fr),
            ("dataset.description_en", &c.dataset.description_en),
        ] {
            if text.trim().is_empty() {
                return Err(Invalid(format!("{key} is empty")));
            }
        }
        if let (Some(issued), Some(modified)) = (c.dataset.issued, c.dataset.modified)
            && modified < issued
        {
            return Err(Invalid(format!(
                "dataset.modified = {modified} is before dataset.issued = {issued}"
            )));
        }
        if let Some(m) = &c.publisher.contact_email
            && (!m.contains('@') || m.contains(char::is_whitespace))
        {
            return Err(Invalid(format!(
                "publisher.contact_email = {m:?} is not an e-mail address"
            )));
        }
        Ok(c)
    }
}

/// The shape of an IATI organisation identifier: an agency prefix and an identifier joined by
/// `-`, in the characters IATI allows in identifiers (no spaces, no `/`, `&`, `|`, `?`).
fn iati_identifier(id: &str) -> bool {
    id.contains('-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// Checks an absolute IRI without fragment with `oxiri`, the store's own IRI parser.
fn absolute_iri(iri: &str) -> Result<(), Invalid> {
    let parsed = oxiri::Iri::parse(iri).map_err(|e| Invalid(e.to_string()))?;
    match parsed.fragment() {
        Some(_) => Err("it has a fragment".into()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_that_would_publish_nonsense_is_refused() {
        assert!(Config::parse("").is_ok(), "the defaults hold");
        for (text, says) in [
            ("[iati]\norganisation_type = \"999\"\n", "OrganisationType"),
            ("[iati]\norganisation_type = \"\"\n", "OrganisationType"),
            (
                "[dataset]\ntitle_fr = \"  \"\n",
                "dataset.title_fr is empty",
            ),
            (
                "[dataset]\ndescription_en = \"\"\n",
                "dataset.description_en is empty",
            ),
            (
                "[dataset]\nissued = \"2026-05-01\"\nmodified = \"2026-04-30\"\n",
                "is before dataset.issued",
            ),
        ] {
            match Config::parse(text) {
                Ok(_) => panic!("accepted: {text}"),
                Err(e) => assert!(e.0.contains(says), "{text}: {}", e.0),
            }
        }
        assert!(Config::parse("[iati]\norganisation_type = \"11\"\n").is_ok());
        assert!(
            Config::parse("[dataset]\nissued = \"2026-05-01\"\nmodified = \"2026-05-01\"\n")
                .is_ok()
        );
    }
}
