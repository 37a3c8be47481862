//! Every link rebuilt without the network, from the cache of `link wikidata` answers and the
//! review file, which is read and never written: what `import --wikidata-cache` and
//! `publish --wikidata-cache` do to a store whose links graph they start again.

use super::places::{self, PlacesOptions, PlacesSummary, ReviewMode};
use super::wikidata::{self, LinkError, LinkOptions, LinkSummary};
use crate::store::Handle;
use std::path::{Path, PathBuf};

/// What the rebuild starts from.
#[derive(Debug, Clone)]
pub struct Offline {
    /// The cache of answers (`link wikidata --cache`).
    pub cache: PathBuf,
    /// The review file; without it, only the identifier links are rebuilt (a place a person
    /// unlinked must not come back from the cache's automatic decision).
    pub review: Option<PathBuf>,
    /// The date of decisions the review file does not hold (`YYYY-MM-DD`).
    pub date: String,
}

/// What the rebuild made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rebuilt {
    /// The identifier links (countries, French authorities).
    pub identifiers: LinkSummary,
    /// The foreign partners' places, when a review file was given.
    pub places: Option<PlacesSummary>,
    /// Without a review file: whether the cache holds places that were therefore left out.
    pub places_left_out: bool,
}

fn missing(path: &Path, what: &str) -> LinkError {
    let (path, message) = (path.display().to_string(), format!("no such {what} file"));
    if what == "review" {
        LinkError::Review { path, message }
    } else {
        LinkError::Cache { path, message }
    }
}

/// Rewrites the links graph of `handle` from the cache (and the review file, if given),
/// asking nothing. A cache or review file named but absent is an error, not an empty start.
pub fn rebuild(handle: &Handle, options: &Offline) -> Result<Rebuilt, LinkError> {
    if !options.cache.is_file() {
        return Err(missing(&options.cache, "cache"));
    }
    let link = LinkOptions {
        offline: true,
        ..LinkOptions::new(options.cache.clone())
    };
    let identifiers = wikidata::run(handle, &link, |_| {})?;
    let Some(review) = &options.review else {
        let cache = wikidata::Cache::load(&options.cache)?;
        return Ok(Rebuilt {
            identifiers,
            places: None,
            places_left_out: !cache.reconciled.is_empty(),
        });
    };
    if !review.is_file() {
        return Err(missing(review, "review"));
    }
    let places = places::run(
        handle,
        &link,
        &PlacesOptions {
            service: String::new(),
            review: review.clone(),
            batch: 1,
            items_batch: 1,
            date: options.date.clone(),
            review_mode: ReviewMode::ReadOnly,
        },
    )?;
    Ok(Rebuilt {
        identifiers,
        places: Some(places),
        places_left_out: false,
    })
}
