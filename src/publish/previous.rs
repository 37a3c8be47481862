//! The previous release, read from its bundle folder or from where it is published (a URL to
//! the folder of its files): its identity table, its tables (for what changed) and its number
//! and date (from its catalogue).

use super::diff;
use super::identity::{self, Identity};
use crate::vocab::{dcat, dcterms};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use std::path::Path;

/// What this run needs of the previous release.
#[derive(Debug, Clone)]
pub struct Previous {
    /// Where it was read (folder or URL).
    pub source: String,
    /// Its identity table.
    pub identity: Vec<Identity>,
    /// Its partnerships and funding rows.
    pub release: diff::Release,
    /// Its release number (1 when its catalogue has none).
    pub number: u32,
    /// Its date (`dct:modified` of its dataset), when given.
    pub date: Option<String>,
}

/// Why the previous release cannot be read: the publication stops (a publisher who names a
/// previous release wants IRIs kept; publishing without it would mint new ones silently).
#[derive(Debug, thiserror::Error)]
#[error("--previous {source_name}: {file}: {message}")]
pub struct PreviousError {
    /// The folder or URL given.
    pub source_name: String,
    /// The file of it that failed.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

fn fetch(source: &str, file: &str) -> Result<String, PreviousError> {
    let err = |message: String| PreviousError {
        source_name: source.to_string(),
        file: file.to_string(),
        message,
    };
    if source.starts_with("http://") || source.starts_with("https://") {
        let url = format!("{}/{file}", source.trim_end_matches('/'));
        let response = crate::http::send(
            crate::http::Retry::default(),
            &url,
            || {
                ureq::get(&url)
                    .set("User-Agent", crate::http::USER_AGENT)
                    .call()
                    .map_err(Box::new)
            },
            |_, _| {},
        )
        .map_err(|e| err(e.to_string()))?;
        response.into_string().map_err(|e| err(e.to_string()))
    } else {
        std::fs::read_to_string(Path::new(source).join(file)).map_err(|e| err(e.to_string()))
    }
}

impl Previous {
    /// Reads the previous release at `source` (a bundle folder, or the URL of one).
    pub fn load(source: &str) -> Result<Previous, PreviousError> {
        let identity_text = fetch(source, "identity.csv")?;
        let identity = identity::read(&identity_text, source).map_err(|e| PreviousError {
            source_name: source.to_string(),
            file: "identity.csv".into(),
            message: e.message,
        })?;
        let release = diff::Release::from_tables(
            &fetch(source, "partnerships.csv")?,
            &fetch(source, "funding.csv")?,
            source,
        )
        .map_err(|e| PreviousError {
            source_name: source.to_string(),
            file: "partnerships.csv".into(),
            message: e.message,
        })?;
        let catalog = fetch(source, "catalog.ttl")?;
        let (mut number, mut date) = (1, None);
        for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(catalog.as_bytes()) {
            let Ok(t) = t else { continue };
            let value = match &t.object {
                Term::Literal(l) => l.value().to_string(),
                _ => continue,
            };
            if t.predicate.as_ref() == dcat::VERSION {
                number = value.parse().unwrap_or(1);
            } else if t.predicate.as_ref() == dcterms::MODIFIED && date.is_none() {
                date = Some(value);
            }
        }
        Ok(Previous {
            source: source.to_string(),
            identity,
            release,
            number,
            date,
        })
    }
}
