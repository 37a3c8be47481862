//! Loading shapes: ours from `shapes/atlas.ttl`, users' from `--shapes FILE`.

use super::ValidateError;
use chrono::Datelike;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use rudof_rdf::rdf_core::RDFFormat;
use rudof_rdf::rdf_impl::ReaderMode;
use sparql_service::RdfData;
use std::collections::HashMap;

/// The shipped shapes, as written in the repository.
pub const ATLAS_SHAPES_TTL: &str = include_str!("../../shapes/atlas.ttl");

/// The earliest plausible year of a partnership.
pub const MIN_YEAR: i32 = 1945;
/// The year range pattern as written in `shapes/atlas.ttl` (1945..2036).
const SHIPPED_YEAR_PATTERN: &str = "^(19(4[5-9]|[5-9][0-9])|20[0-2][0-9]|203[0-6])$";

/// A regular expression accepting exactly the four-digit years `min..=max` (1000..=9999).
pub fn year_pattern(min: i32, max: i32) -> String {
    let mut alternatives = Vec::new();
    let mut y = min;
    while y <= max {
        // Widest aligned block starting at y: 10^k years sharing the leading digits.
        let mut size = 1;
        while y % (size * 10) == 0 && y + size * 10 - 1 <= max && size < 1000 {
            size *= 10;
        }
        let digits = size.ilog10() as usize;
        let head = y.to_string();
        let prefix = &head[..4 - digits];
        alternatives.push(format!("{prefix}{}", "[0-9]".repeat(digits)));
        y += size;
    }
    format!("^({})$", alternatives.join("|"))
}

/// Our shapes with the year range ending at the current year + 10.
pub fn atlas_shapes_for_current_year() -> String {
    let max = chrono::Utc::now().year() + 10;
    ATLAS_SHAPES_TTL.replace(
        &format!("\"{SHIPPED_YEAR_PATTERN}\""),
        &format!("\"{}\"", year_pattern(MIN_YEAR, max)),
    )
}

/// The `sh:message` values of every shape in a Turtle shapes graph, by shape (N-Triples form),
/// sorted by language tag.
pub fn messages(text: &str) -> HashMap<String, Vec<(String, String)>> {
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let parser = RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes());
    for quad in parser.flatten() {
        if quad.predicate.as_str() != crate::vocab::sh::MESSAGE.as_str() {
            continue;
        }
        if let Term::Literal(l) = &quad.object {
            out.entry(quad.subject.to_string()).or_default().push((
                l.language().unwrap_or_default().to_string(),
                l.value().to_string(),
            ));
        }
    }
    for m in out.values_mut() {
        m.sort();
    }
    out
}

/// Whether a shapes graph has SHACL-SPARQL constraints (`sh:sparql`), which need a SPARQL
/// store over each data graph.
pub fn uses_sparql(text: &str) -> bool {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .flatten()
        .any(|q| q.predicate.as_str() == crate::vocab::sh::SPARQL.as_str())
}

/// Parses Turtle into `data`, naming `name` in errors.
pub fn merge_turtle(data: &mut RdfData, name: &str, text: &str) -> Result<(), ValidateError> {
    data.merge_from_reader(
        &mut text.as_bytes(),
        name,
        &RDFFormat::Turtle,
        None,
        &ReaderMode::Strict,
    )
    .map_err(|e| ValidateError::Shapes {
        source_name: name.to_string(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, year: i32) -> bool {
        // Only the shapes' subset of regex syntax: anchored alternatives of digits and classes.
        let body = pattern.trim_start_matches("^(").trim_end_matches(")$");
        let y = year.to_string();
        body.split('|').any(|alt| {
            let mut chars = y.chars();
            let mut rest = alt;
            while !rest.is_empty() {
                let Some(c) = chars.next() else { return false };
                if let Some(r) = rest.strip_prefix("[0-9]") {
                    if !c.is_ascii_digit() {
                        return false;
                    }
                    rest = r;
                } else if rest.starts_with(c) {
                    rest = &rest[1..];
                } else {
                    return false;
                }
            }
            chars.next().is_none()
        })
    }

    #[test]
    fn year_patterns_cover_exactly_the_range() {
        for (min, max) in [(1945, 2036), (1945, 2040), (2000, 2009), (1999, 2001)] {
            let p = year_pattern(min, max);
            for y in 1900..2100 {
                assert_eq!(matches(&p, y), (min..=max).contains(&y), "{p} {y}");
            }
        }
    }

    #[test]
    fn current_shapes_carry_the_current_range() {
        let max = chrono::Utc::now().year() + 10;
        let shapes = atlas_shapes_for_current_year();
        assert_eq!(
            shapes.matches(&year_pattern(MIN_YEAR, max)).count(),
            3,
            "three year properties"
        );
        assert_eq!(ATLAS_SHAPES_TTL.matches(SHIPPED_YEAR_PATTERN).count(), 3);
    }
}
