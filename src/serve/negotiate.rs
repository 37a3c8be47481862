//! Content negotiation: `Accept` with q-values and wildcards, file extensions, and the formats
//! each kind of answer can take.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// One media range of an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
    order: usize,
}

fn parse_accept(accept: &str) -> Vec<Range> {
    let mut ranges = Vec::new();
    for (order, part) in accept.split(',').enumerate() {
        let mut params = part.split(';');
        let media = params.next().unwrap_or("").trim().to_ascii_lowercase();
        let Some((kind, subtype)) = media.split_once('/') else {
            continue;
        };
        let mut q = 1.0f32;
        for p in params {
            if let Some((k, v)) = p.split_once('=')
                && k.trim().eq_ignore_ascii_case("q")
            {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        ranges.push(Range {
            kind: kind.trim().to_string(),
            subtype: subtype.trim().to_string(),
            q,
            order,
        });
    }
    ranges
}

/// Picks, among `offered` media types (first = preferred by us), the one the client wants
/// most. An absent or empty header accepts anything. `None`: nothing acceptable (406).
pub fn choose<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offered.first().copied();
    };
    let ranges = parse_accept(accept);
    let mut best: Option<(f32, u8, usize, usize, &'a str)> = None;
    for (rank, media) in offered.iter().enumerate() {
        let (kind, subtype) = media.split_once('/').unwrap_or((media, ""));
        // The most specific matching range decides this type's q.
        let mut matched: Option<(u8, f32, usize)> = None;
        for r in &ranges {
            let specificity = if r.kind == kind && r.subtype == subtype {
                2
            } else if r.kind == kind && r.subtype == "*" {
                1
            } else if r.kind == "*" && r.subtype == "*" {
                0
            } else {
                continue;
            };
            if matched.is_none_or(|(s, _, _)| specificity > s) {
                matched = Some((specificity, r.q, r.order));
            }
        }
        if let Some((specificity, q, order)) = matched
            && q > 0.0
        {
            // Higher q wins; then an explicit type over a wildcard; then the client's order;
            // then ours.
            let key = (
                q,
                specificity,
                usize::MAX - order,
                usize::MAX - rank,
                *media,
            );
            let better = best.is_none_or(|b| (key.0, key.1, key.2, key.3) > (b.0, b.1, b.2, b.3));
            if better {
                best = Some(key);
            }
        }
    }
    best.map(|b| b.4)
}

/// Media types for SELECT and ASK results, ours first.
pub const RESULTS: &[&str] = &[
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
];

/// Media types for graphs (CONSTRUCT, DESCRIBE, descriptions), ours first.
pub const GRAPHS: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
    "application/x-turtle",
    "text/plain",
];

/// The results format for a chosen media type.
pub fn results_format(media: &str) -> Option<QueryResultsFormat> {
    match media {
        "application/sparql-results+json" | "application/json" => Some(QueryResultsFormat::Json),
        "application/sparql-results+xml" | "application/xml" => Some(QueryResultsFormat::Xml),
        "text/csv" => Some(QueryResultsFormat::Csv),
        "text/tab-separated-values" => Some(QueryResultsFormat::Tsv),
        _ => None,
    }
}

/// The RDF format for a chosen media type.
pub fn rdf_format(media: &str) -> Option<RdfFormat> {
    match media {
        "text/turtle" | "application/x-turtle" => Some(RdfFormat::Turtle),
        "application/n-triples" | "text/plain" => Some(RdfFormat::NTriples),
        "application/ld+json" => Some(RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        }),
        "application/rdf+xml" => Some(RdfFormat::RdfXml),
        "application/n-quads" => Some(RdfFormat::NQuads),
        "application/trig" => Some(RdfFormat::TriG),
        _ => None,
    }
}

/// The media type a `format=` parameter names (a common convenience of SPARQL endpoints,
/// for links people can click).
pub fn format_param(value: &str) -> Option<&'static str> {
    Some(match value.to_ascii_lowercase().as_str() {
        "json" | "srj" => "application/sparql-results+json",
        "xml" | "srx" => "application/sparql-results+xml",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "turtle" | "ttl" => "text/turtle",
        "ntriples" | "nt" | "n-triples" => "application/n-triples",
        "nquads" | "nq" | "n-quads" => "application/n-quads",
        "jsonld" | "json-ld" => "application/ld+json",
        "rdfxml" | "rdf" | "rdf/xml" => "application/rdf+xml",
        "html" => "text/html",
        _ => return None,
    })
}

/// The media type a Linked Data file extension asks for.
pub fn extension(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "ttl" => "text/turtle",
        "nt" => "application/n-triples",
        "jsonld" => "application/ld+json",
        "rdf" => "application/rdf+xml",
        "nq" => "application/n-quads",
        "html" => "text/html",
        _ => return None,
    })
}

/// The `Content-Type` to send for a media type (text types with their charset).
pub fn content_type(media: &str) -> String {
    match media {
        "text/html" | "text/turtle" | "text/csv" | "text/tab-separated-values" | "text/plain" => {
            format!("{media}; charset=utf-8")
        }
        _ => media.to_string(),
    }
}

/// The language of a page: `?lang=fr|en` when given, else the first of French and English in
/// `Accept-Language` (by weight), else French (a French public dataset).
pub fn language(query: Option<&str>, accept_language: Option<&str>) -> crate::model::lang::Lang {
    use crate::model::lang::Lang;
    let asked = query.and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
    });
    match asked.as_deref() {
        Some("en") => return Lang::En,
        Some("fr") => return Lang::Fr,
        _ => {}
    }
    let mut best: Option<(f32, Lang)> = None;
    for part in accept_language.unwrap_or_default().split(',') {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = it
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = match tag.split('-').next() {
            Some("fr") => Lang::Fr,
            Some("en") => Lang::En,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Fr, |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_language_is_asked_or_negotiated_french_by_default() {
        use crate::model::lang::Lang;
        assert_eq!(language(None, None), Lang::Fr);
        assert_eq!(language(Some("lang=en"), Some("fr")), Lang::En);
        assert_eq!(language(Some("x=1"), Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(language(None, Some("de, en;q=0.5, fr;q=0.8")), Lang::Fr);
        assert_eq!(language(None, Some("de")), Lang::Fr);
    }

    #[test]
    fn q_values_and_wildcards() {
        assert_eq!(
            choose(
                Some("text/csv;q=0.5, application/sparql-results+xml"),
                RESULTS
            ),
            Some("application/sparql-results+xml")
        );
        assert_eq!(
            choose(Some("*/*"), RESULTS),
            Some("application/sparql-results+json")
        );
        assert_eq!(choose(None, GRAPHS), Some("text/turtle"));
        assert_eq!(choose(Some("image/png"), GRAPHS), None);
        assert_eq!(
            choose(Some("text/*;q=0.9, application/ld+json"), GRAPHS),
            Some("application/ld+json")
        );
        assert_eq!(choose(Some("text/csv;q=0, */*;q=0.1"), &["text/csv"]), None);
        // A browser's header: HTML first.
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(
            choose(Some(browser), &["text/turtle", "text/html"]),
            Some("text/html")
        );
    }
}
