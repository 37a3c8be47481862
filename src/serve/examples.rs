//! The example queries of the query page: those of `queries/` and the charts' own, compiled in
//! so that the server needs no files.

use crate::vocab;
use std::collections::BTreeMap;

/// An example query shown on the query page.
#[derive(Debug, Clone)]
pub struct ExampleQuery {
    /// File stem, used as its identifier in URLs.
    pub name: String,
    /// The first comment lines, for people.
    pub title: String,
    /// The SPARQL text.
    pub text: String,
}

/// The example queries shipped in `queries/`, compiled in so the server needs no files.
pub fn bundled_queries() -> Vec<ExampleQuery> {
    const FILES: &[(&str, &str)] = &[
        (
            "funding-per-country",
            include_str!("../../queries/funding-per-country.rq"),
        ),
        (
            "funding-per-year-and-funder",
            include_str!("../../queries/funding-per-year-and-funder.rq"),
        ),
        (
            "levies-per-year",
            include_str!("../../queries/levies-per-year.rq"),
        ),
        (
            "most-active-french-authorities",
            include_str!("../../queries/most-active-french-authorities.rq"),
        ),
        (
            "ongoing-or-ending-this-year",
            include_str!("../../queries/ongoing-or-ending-this-year.rq"),
        ),
        (
            "partnerships-per-kind-and-status",
            include_str!("../../queries/partnerships-per-kind-and-status.rq"),
        ),
        (
            "partnerships-per-theme",
            include_str!("../../queries/partnerships-per-theme.rq"),
        ),
        (
            "partnerships-with-a-country-and-contact-roles",
            include_str!("../../queries/partnerships-with-a-country-and-contact-roles.rq"),
        ),
        (
            "search-drinking-water",
            include_str!("../../queries/search-drinking-water.rq"),
        ),
        (
            "wikidata-countries",
            include_str!("../../queries/wikidata-countries.rq"),
        ),
        (
            "cube-funding-per-year-by-funder-type",
            include_str!("../../queries/cube-funding-per-year-by-funder-type.rq"),
        ),
        (
            "cube-funding-per-year-and-country",
            include_str!("../../queries/cube-funding-per-year-and-country.rq"),
        ),
        (
            "cube-partnerships-per-country",
            include_str!("../../queries/cube-partnerships-per-country.rq"),
        ),
        (
            "cube-partnerships-per-theme",
            include_str!("../../queries/cube-partnerships-per-theme.rq"),
        ),
        (
            "cube-partnerships-per-kind-and-status",
            include_str!("../../queries/cube-partnerships-per-kind-and-status.rq"),
        ),
        (
            "cube-started-and-ended-per-year",
            include_str!("../../queries/cube-started-and-ended-per-year.rq"),
        ),
        (
            "funding-per-year-and-dac-sector",
            include_str!("../../queries/funding-per-year-and-dac-sector.rq"),
        ),
        (
            "cube-funding-per-year-and-dac-sector",
            include_str!("../../queries/cube-funding-per-year-and-dac-sector.rq"),
        ),
        (
            "chart-funding-per-year-by-funder-type",
            crate::charts::queries::FUNDING,
        ),
        (
            "chart-partnerships-per-country",
            crate::charts::queries::COUNTRIES,
        ),
        (
            "chart-partnerships-per-theme",
            crate::charts::queries::THEMES,
        ),
        (
            "chart-started-and-ended-per-year",
            crate::charts::queries::LIFECYCLE,
        ),
    ];
    FILES
        .iter()
        .map(|(name, text)| example_query(name, text))
        .collect()
}

/// Builds an example from a `.rq` file's name and text: its title is its leading comment.
pub fn example_query(name: &str, text: &str) -> ExampleQuery {
    let title = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    ExampleQuery {
        name: name.to_string(),
        title: if title.is_empty() {
            name.to_string()
        } else {
            title
        },
        text: text.to_string(),
    }
}

/// Every prefix the editor offers, by name: ours first, then those the example queries declare
/// (Wikidata's and the like) where the name is still free.
pub fn prefixes(examples: &[ExampleQuery]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (p, ns) in vocab::PREFIXES.iter().chain(vocab::DESCRIPTION_PREFIXES) {
        map.insert(p.to_string(), ns.to_string());
    }
    for e in examples {
        for line in e.text.lines() {
            let mut words = line.split_whitespace();
            if !words
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("PREFIX"))
            {
                continue;
            }
            let (Some(name), Some(iri)) = (words.next(), words.next()) else {
                continue;
            };
            let (Some(name), Some(iri)) = (
                name.strip_suffix(':'),
                iri.strip_prefix('<').and_then(|i| i.strip_suffix('>')),
            ) else {
                continue;
            };
            map.entry(name.to_string())
                .or_insert_with(|| iri.to_string());
        }
    }
    map
}
