//! The cube as RDF: one `qb:DataSet` per question, each with its `qb:DataStructureDefinition`,
//! sharing the component properties (declared here with their ranges and code lists); one
//! `qb:Observation` per non-empty cell. Written in the normalised form of the Data Cube
//! recommendation (explicit types, `qb:componentProperty` beside `qb:dimension`/`qb:measure`),
//! so that its integrity constraints apply as they are. No blank nodes: every IRI is derived
//! from the data set and the cell, so dumps are the same run after run.
//!
//! Also the tidy CSV (`statistics.csv`): one row per observation.

use super::{Cube, FunderType};
use crate::vocab::{dcterms, iati, ns, qb, rdf, rdfs, skos, xsd};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, Term};
use oxsdatatypes::Decimal;

pub use super::structure::{COMPONENTS, COUNTRY_SCHEME, Component, DATA_SETS, DataSet, Role};

/// The data set named `slug`.
pub fn data_set(slug: &str) -> Option<&'static DataSet> {
    DATA_SETS.iter().find(|d| d.slug == slug)
}

/// The IRI of a data set.
pub fn data_set_iri(slug: &str) -> String {
    format!("{}/{slug}", ns::STATISTICS)
}

/// The component described by `property`.
pub fn component(property: NamedNodeRef<'_>) -> Option<&'static Component> {
    COMPONENTS.iter().find(|c| c.property == property)
}

/// One cell of a data set.
#[derive(Debug, Clone)]
pub struct Observation {
    /// Its data set.
    pub data_set: &'static DataSet,
    /// Its dimension values, in the data set's order.
    pub dimensions: Vec<Term>,
    /// Its measure values, in the data set's order.
    pub measures: Vec<Literal>,
}

fn year(y: i32) -> Term {
    Literal::new_typed_literal(format!("{y:04}"), xsd::G_YEAR).into()
}

fn iri(i: &str) -> Term {
    NamedNode::new_unchecked(i).into()
}

fn euros(d: Decimal) -> Literal {
    Literal::new_typed_literal(d.to_string(), xsd::DECIMAL)
}

fn count(n: u64) -> Literal {
    Literal::from(i64::try_from(n).unwrap_or(i64::MAX))
}

fn set(slug: &str) -> &'static DataSet {
    // Every slug used below is one of DATA_SETS (a test reads each back).
    data_set(slug).unwrap_or(&DATA_SETS[0])
}

/// Every observation of the cube, data set by data set, cells in order.
pub fn observations(cube: &Cube) -> Vec<Observation> {
    let mut out = Vec::new();
    let mut push = |slug: &str, dimensions: Vec<Term>, measures: Vec<Literal>| {
        out.push(Observation {
            data_set: set(slug),
            dimensions,
            measures,
        });
    };
    for (y, (a, n)) in &cube.funding_by_year {
        push(
            "funding-by-year",
            vec![year(*y)],
            vec![euros(*a), count(*n)],
        );
    }
    for ((y, t), a) in &cube.funding_by_year_and_funder_type {
        push(
            "funding-by-year-and-funder-type",
            vec![year(*y), iri(&funder_type_iri(*t))],
            vec![euros(*a)],
        );
    }
    for ((y, c), (a, n)) in &cube.funding_by_year_and_country {
        push(
            "funding-by-year-and-country",
            vec![year(*y), iri(c)],
            vec![euros(*a), count(*n)],
        );
    }
    for (c, (n, a)) in &cube.partnerships_by_country {
        push(
            "partnerships-by-country",
            vec![iri(c)],
            vec![count(*n), euros(*a)],
        );
    }
    for ((level, t), (n, a)) in &cube.partnerships_by_theme {
        let slug = if *level == 1 {
            "partnerships-by-theme-level-1"
        } else {
            "partnerships-by-theme-level-2"
        };
        push(slug, vec![iri(t)], vec![count(*n), euros(*a)]);
    }
    for ((y, c), (a, n)) in &cube.funding_by_year_and_dac_sector {
        push(
            "funding-by-year-and-dac-sector",
            vec![year(*y), iri(c)],
            vec![euros(*a), count(*n)],
        );
    }
    for (c, (n, a)) in &cube.partnerships_by_dac_sector {
        push(
            "partnerships-by-dac-sector",
            vec![iri(c)],
            vec![count(*n), euros(*a)],
        );
    }
    for ((k, s), (n, a)) in &cube.partnerships_by_kind_and_status {
        push(
            "partnerships-by-kind-and-status",
            vec![iri(k), iri(s)],
            vec![count(*n), euros(*a)],
        );
    }
    for (y, a) in &cube.levies_by_year {
        push("levies-by-year", vec![year(*y)], vec![euros(*a)]);
    }
    for (y, (s, e)) in &cube.started_and_ended {
        push(
            "partnerships-started-and-ended",
            vec![year(*y)],
            vec![count(*s), count(*e)],
        );
    }
    out
}

/// The code of a funder type.
pub fn funder_type_iri(t: FunderType) -> String {
    format!("{}{}", ns::FUNDER_TYPE, t.key())
}

/// A dimension value's short form, for IRIs and the CSV: the year, the country's alpha-3
/// code, the theme's path, the DAC sector category's 3 digits, the code's name.
pub fn code(value: &Term) -> String {
    match value {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => {
            let i = n.as_str();
            if let Some(path) = i.strip_prefix(ns::THEME) {
                return path.to_string();
            }
            if let Some(category) = i.strip_prefix(iati::SECTOR_CATEGORY) {
                return category.to_string();
            }
            i.rsplit('/').next().unwrap_or(i).to_string()
        }
        other => other.to_string(),
    }
}

/// The IRI of an observation: its data set, then its dimension values' codes.
fn observation_iri(o: &Observation) -> String {
    let mut iri = data_set_iri(o.data_set.slug);
    for d in &o.dimensions {
        iri.push('/');
        iri.push_str(&code_path(&code(d)));
    }
    iri
}

/// A code as a URI path: a code is data (a label, a path), so anything outside the path's
/// characters is percent-encoded, UTF-8 bytes included.
fn code_path(code: &str) -> String {
    iri_string::percent_encode::PercentEncodedForUri::from_path(code).to_string()
}

/// The cube's quads in `graph`: the component properties, the funder-type scheme, each data
/// set with its structure, the countries as concepts of the EU table, and the observations.
pub fn quads(cube: &Cube, graph: GraphNameRef<'_>) -> Vec<Quad> {
    let mut out: Vec<Quad> = Vec::new();
    let g = graph.into_owned();
    let mut add = |s: &str, p: NamedNodeRef<'_>, o: Term| {
        out.push(Quad::new(NamedNode::new_unchecked(s), p, o, g.clone()));
    };
    let fr = |t: &str| -> Term { Literal::new_language_tagged_literal_unchecked(t, "fr").into() };
    let en = |t: &str| -> Term { Literal::new_language_tagged_literal_unchecked(t, "en").into() };
    let node = |n: NamedNodeRef<'_>| -> Term { n.into_owned().into() };

    for c in &COMPONENTS {
        let p = c.property.as_str();
        add(p, rdf::TYPE, node(rdf::PROPERTY));
        add(
            p,
            rdf::TYPE,
            node(match c.role {
                Role::Dimension => qb::DIMENSION_PROPERTY,
                Role::Measure => qb::MEASURE_PROPERTY,
            }),
        );
        add(p, rdfs::LABEL, fr(c.fr));
        add(p, rdfs::LABEL, en(c.en));
        add(p, rdfs::RANGE, node(c.range));
        if let Some(list) = c.code_list {
            add(p, rdf::TYPE, node(qb::CODED_PROPERTY));
            add(p, qb::CODE_LIST, iri(list));
        }
    }
    // The funder types, a scheme of their own.
    add(ns::FUNDER_TYPE, rdf::TYPE, node(skos::CONCEPT_SCHEME));
    add(ns::FUNDER_TYPE, skos::PREF_LABEL, fr("Types de financeurs"));
    add(ns::FUNDER_TYPE, skos::PREF_LABEL, en("Funder types"));
    for (t, f, e) in [
        (FunderType::State, "État", "State"),
        (
            FunderType::FrenchAuthority,
            "Collectivités françaises",
            "French local authorities",
        ),
        (
            FunderType::ForeignPartners,
            "Partenaires étrangers",
            "Foreign partners",
        ),
        (FunderType::Others, "Autres financeurs", "Other funders"),
    ] {
        let c = funder_type_iri(t);
        add(&c, rdf::TYPE, node(skos::CONCEPT));
        add(&c, skos::IN_SCHEME, iri(ns::FUNDER_TYPE));
        add(&c, skos::TOP_CONCEPT_OF, iri(ns::FUNDER_TYPE));
        add(&c, skos::PREF_LABEL, fr(f));
        add(&c, skos::PREF_LABEL, en(e));
    }
    for d in &DATA_SETS {
        let ds = data_set_iri(d.slug);
        let dsd = format!("{ds}/structure");
        add(&ds, rdf::TYPE, node(qb::DATA_SET));
        add(&ds, qb::STRUCTURE, iri(&dsd));
        add(&ds, dcterms::TITLE, fr(d.fr));
        add(&ds, dcterms::TITLE, en(d.en));
        add(&ds, dcterms::DESCRIPTION, en(d.about));
        add(&dsd, rdf::TYPE, node(qb::DATA_STRUCTURE_DEFINITION));
        let parts = d
            .dimensions
            .iter()
            .map(|p| (p, qb::DIMENSION))
            .chain(d.measures.iter().map(|p| (p, qb::MEASURE)));
        for (i, (p, role)) in parts.enumerate() {
            let local = p.as_str().rsplit(['#', '/']).next().unwrap_or("component");
            let cs = format!("{dsd}/{local}");
            add(&dsd, qb::COMPONENT, iri(&cs));
            add(&cs, rdf::TYPE, node(qb::COMPONENT_SPECIFICATION));
            add(&cs, role, node(*p));
            add(&cs, qb::COMPONENT_PROPERTY, node(*p));
            add(&cs, qb::ORDER, Literal::from(i as i64 + 1).into());
        }
    }
    // The countries named, as the concepts they are in the EU table (its code list).
    for c in cube.partnerships_by_country.keys() {
        add(c, rdf::TYPE, node(skos::CONCEPT));
        add(c, skos::IN_SCHEME, iri(COUNTRY_SCHEME));
    }
    // The DAC sector categories named, as concepts of the IATI SectorCategory codelist.
    if !cube.partnerships_by_dac_sector.is_empty() {
        add(
            iati::SECTOR_CATEGORY_SCHEME,
            rdf::TYPE,
            node(skos::CONCEPT_SCHEME),
        );
    }
    for c in cube.partnerships_by_dac_sector.keys() {
        add(c, rdf::TYPE, node(skos::CONCEPT));
        add(c, skos::IN_SCHEME, iri(iati::SECTOR_CATEGORY_SCHEME));
        let digits = c.strip_prefix(iati::SECTOR_CATEGORY).unwrap_or(c);
        add(
            c,
            skos::NOTATION,
            Literal::new_simple_literal(digits).into(),
        );
    }
    for o in observations(cube) {
        let s = observation_iri(&o);
        add(&s, rdf::TYPE, node(qb::OBSERVATION));
        add(&s, qb::DATA_SET_PROP, iri(&data_set_iri(o.data_set.slug)));
        for (p, v) in o.data_set.dimensions.iter().zip(&o.dimensions) {
            add(&s, *p, v.clone());
        }
        for (p, v) in o.data_set.measures.iter().zip(&o.measures) {
            add(&s, *p, v.clone().into());
        }
    }
    out
}

/// The tidy CSV: a header, then one row per observation (its data set, the theme's level,
/// every component's column, empty where the data set does not have it). RFC 4180 line ends,
/// like the other CSV files of a bundle.
pub fn csv(cube: &Cube) -> String {
    let mut w = crate::model::format::csv_writer(Vec::new(), csv::Terminator::CRLF);
    let header = ["dataset", "theme_level"]
        .into_iter()
        .chain(COMPONENTS.iter().map(|c| c.column));
    // Written to memory, rows of one length: nothing can fail (an empty text if it did).
    let mut written = w.write_record(header);
    for o in observations(cube) {
        let mut row = vec![o.data_set.slug.to_string()];
        row.push(match o.data_set.slug {
            "partnerships-by-theme-level-1" => "1".into(),
            "partnerships-by-theme-level-2" => "2".into(),
            _ => String::new(),
        });
        for c in &COMPONENTS {
            let dim = o
                .data_set
                .dimensions
                .iter()
                .position(|p| *p == c.property)
                .map(|i| code(&o.dimensions[i]));
            let measure = o
                .data_set
                .measures
                .iter()
                .position(|p| *p == c.property)
                .map(|i| o.measures[i].value().to_string());
            row.push(dim.or(measure).unwrap_or_default());
        }
        written = written.and_then(|()| w.write_record(&row));
    }
    written
        .ok()
        .and_then(|()| w.into_inner().ok())
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_percent_encoded_as_utf8() {
        assert_eq!(code_path("agriculture/eau-1.2"), "agriculture/eau-1.2");
        assert_eq!(code_path("Côte d'Ivoire"), "C%C3%B4te%20d'Ivoire");
        assert_eq!(code_path("a#b?c"), "a%23b%3Fc");
    }
    use std::collections::BTreeSet;

    /// Every table of the cube lands in its own data set: a slug mistyped in `observations`
    /// would fall back to the first data set and show here.
    #[test]
    fn each_table_is_written_to_its_own_data_set() {
        let one = Decimal::from(1);
        let c = "http://publications.europa.eu/resource/authority/country/FRA".to_string();
        let t = format!("{}culture", ns::THEME);
        let mut cube = Cube::default();
        cube.funding_by_year.insert(2020, (one, 1));
        cube.funding_by_year_and_funder_type
            .insert((2020, FunderType::State), one);
        cube.funding_by_year_and_country
            .insert((2020, c.clone()), (one, 1));
        cube.partnerships_by_country.insert(c, (1, one));
        cube.partnerships_by_theme.insert((1, t.clone()), (1, one));
        cube.partnerships_by_theme.insert((2, t), (1, one));
        cube.partnerships_by_kind_and_status.insert(
            (
                format!("{}jumelage", ns::KIND),
                format!("{}en-cours", ns::STATUS),
            ),
            (1, one),
        );
        cube.levies_by_year.insert(2020, one);
        let category = format!("{}151", iati::SECTOR_CATEGORY);
        cube.funding_by_year_and_dac_sector
            .insert((2020, category.clone()), (one, 1));
        cube.partnerships_by_dac_sector.insert(category, (1, one));
        cube.started_and_ended.insert(2020, (1, 0));
        let obs = observations(&cube);
        let slugs: BTreeSet<&str> = obs.iter().map(|o| o.data_set.slug).collect();
        let all: BTreeSet<&str> = DATA_SETS.iter().map(|d| d.slug).collect();
        assert_eq!(obs.len(), DATA_SETS.len());
        assert_eq!(slugs, all);
        for o in &obs {
            assert_eq!(
                o.dimensions.len(),
                o.data_set.dimensions.len(),
                "{}",
                o.data_set.slug
            );
            assert_eq!(
                o.measures.len(),
                o.data_set.measures.len(),
                "{}",
                o.data_set.slug
            );
        }
    }
}
