//! Deterministic IRIs: the same record gives the same IRIs, run after run, machine after machine.

use crate::model::names::{normalise, slug};
use crate::model::{LevyLaw, Record};
use crate::vocab::ns;
use sha2::{Digest, Sha256};

/// The instance namespace (`--base`), validated as an absolute IRI ending in `/` or `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(String);

/// Why a `--base` is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid --base {base:?}: {reason}")]
pub struct BaseError {
    /// The value given.
    pub base: String,
    /// Why it cannot be used.
    pub reason: String,
}

impl Default for Base {
    fn default() -> Self {
        Self(ns::ID.to_string())
    }
}

impl Base {
    /// Checks `base` with `oxiri` (the store's own IRI parser): absolute, no fragment beyond a
    /// final `#`, ends with `/` or `#`.
    pub fn new(base: &str) -> Result<Self, BaseError> {
        let err = |reason: &str| BaseError {
            base: base.to_string(),
            reason: reason.to_string(),
        };
        if !(base.ends_with('/') || base.ends_with('#')) {
            return Err(err("it must end with '/' or '#'"));
        }
        let probe = format!("{}x", base.trim_end_matches('#'));
        let parsed = oxiri::Iri::parse(probe.as_str())
            .map_err(|e| err(&format!("not an absolute IRI ({e})")))?;
        if parsed.fragment().is_some() {
            return Err(err("not an absolute IRI (it has a fragment)"));
        }
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(err(
                "it must be an http(s) IRI so that the data can be dereferenced",
            ));
        }
        Ok(Self(base.to_string()))
    }

    /// The base as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `{base}partnership/{id}`.
    pub fn partnership(&self, id: &str) -> String {
        format!("{}partnership/{id}", self.0)
    }

    /// `{base}graph/{id}`: the named graph holding one record.
    pub fn graph(&self, id: &str) -> String {
        format!("{}graph/{id}", self.0)
    }

    /// `{base}organisation/siren/{siren}`: a French authority known by its SIREN keeps its IRI
    /// whatever its name becomes (a merger renames, a page spells it differently).
    pub fn organisation_siren(&self, siren: &str) -> String {
        format!("{}organisation/siren/{}", self.0, slug(siren))
    }

    /// `{base}organisation/{slug}` for French and other organisations,
    /// `{base}organisation/{cc}/{slug}` for foreign partners (names repeat across countries).
    pub fn organisation(&self, name: &str, country: Option<&str>) -> String {
        match country {
            Some(cc) => format!(
                "{}organisation/{}/{}",
                self.0,
                cc.to_ascii_lowercase(),
                slug(name)
            ),
            None => format!("{}organisation/{}", self.0, slug(name)),
        }
    }
}

/// The record's id: the Atlas id when known, otherwise a short hash of what identifies the
/// partnership (title, years, partners), so that it does not depend on the file it came from.
pub fn record_id(rec: &Record) -> String {
    if let Some(id) = rec.atlas_id.as_deref().filter(|i| !i.trim().is_empty()) {
        return format!("atlas-{}", slug(id));
    }
    let mut french: Vec<String> = rec
        .french_partners
        .iter()
        .map(|p| normalise(&p.name))
        .collect();
    let mut foreign: Vec<String> = rec
        .foreign_partners
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                normalise(&p.name),
                p.country.as_deref().unwrap_or("")
            )
        })
        .collect();
    french.sort();
    foreign.sort();
    let key = [
        normalise(&rec.title),
        rec.first_agreement_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
        rec.start_year.map(|y| y.to_string()).unwrap_or_default(),
        french.join("|"),
        foreign.join("|"),
    ]
    .join("\u{1f}");
    let digest = Sha256::digest(key.as_bytes());
    hex::encode(&digest[..8])
}

/// The theme concept IRI of a path: slugs of the labels joined by `/`.
pub fn theme(path: &[String]) -> String {
    let slugs: Vec<String> = path.iter().map(|l| slug(l)).collect();
    format!("{}{}", ns::THEME, slugs.join("/"))
}

/// The status concept for a label (`En cours`, `Terminé`); unknown labels get an IRI of
/// their own under the same namespace, which the shapes report as outside the scheme.
pub fn status(label: &str) -> String {
    let n = normalise(label);
    let code = match n.as_str() {
        "en cours" | "en cours de realisation" | "actif" => "en-cours",
        "termine" | "terminee" | "acheve" | "clos" => "termine",
        _ => return format!("{}{}", ns::STATUS, slug(label)),
    };
    format!("{}{code}", ns::STATUS)
}

/// The partnership-kind concept for a label (`Projet de coopération décentralisée`, ...).
pub fn kind(label: &str) -> String {
    let n = normalise(label);
    let code = if n.contains("cooperation decentralisee") {
        "cooperation-decentralisee"
    } else if n.contains("jumelage") {
        "jumelage"
    } else if n.contains("action exterieure") || n.contains("actions exterieures") {
        "autre-action-exterieure"
    } else {
        return format!("{}{}", ns::KIND, slug(label));
    };
    format!("{}{code}", ns::KIND)
}

/// Whether a status or kind IRI is one of the shipped concepts.
pub fn in_shipped_scheme(iri: &str) -> bool {
    ["en-cours", "termine"]
        .iter()
        .any(|c| iri == format!("{}{c}", ns::STATUS))
        || [
            "cooperation-decentralisee",
            "jumelage",
            "autre-action-exterieure",
        ]
        .iter()
        .any(|c| iri == format!("{}{c}", ns::KIND))
}

/// The 1% law concept.
pub fn levy_law(law: LevyLaw) -> String {
    format!("{}{}", ns::LEVY, law.slug())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_is_validated() {
        assert!(Base::new("https://data.example.org/atlas/").is_ok());
        assert!(Base::new("https://data.example.org/atlas#").is_ok());
        assert!(Base::new("https://data.example.org/atlas").is_err());
        assert!(Base::new("not an iri/").is_err());
        assert!(Base::new("ftp://x.org/").is_err());
        assert!(Base::new("https://x.org/a b/").is_err());
    }

    #[test]
    fn ids_are_stable_and_independent_of_the_file() {
        let a = Record {
            title: "La Beauté connectée".into(),
            start_year: Some(2017),
            ..Default::default()
        };
        let mut b = a.clone();
        b.source.file = "elsewhere.txt".into();
        assert_eq!(record_id(&a), record_id(&b));
        assert_eq!(record_id(&a).len(), 16);
        b.title = "Autre".into();
        assert_ne!(record_id(&a), record_id(&b));
        b.atlas_id = Some("12345".into());
        assert_eq!(record_id(&b), "atlas-12345");
    }

    #[test]
    fn concepts() {
        assert_eq!(
            status("En cours"),
            "https://w3id.org/atlas-lod/status/en-cours"
        );
        assert_eq!(
            status("Terminé"),
            "https://w3id.org/atlas-lod/status/termine"
        );
        assert_eq!(
            kind("Projet de coopération décentralisée"),
            "https://w3id.org/atlas-lod/kind/cooperation-decentralisee"
        );
        assert!(in_shipped_scheme(&kind("Jumelage")));
        assert!(!in_shipped_scheme(&status("Suspendu")));
    }
}
