//! The cube as RDF: one `qb:DataSet` per question, each with its `qb:DataStructureDefinition`,
//! sharing the component properties (declared here with their ranges and code lists); one
//! `qb:Observation` per non-empty cell. Written in the normalised form of the Data Cube
//! recommendation (explicit types, `qb:componentProperty` beside `qb:dimension`/`qb:measure`),
//! so that its integrity constraints apply as they are. No blank nodes: every IRI is derived
//! from the data set and the cell, so dumps are the same run after run.
//!
//! Also the tidy CSV (`statistics.csv`): one row per observation.

use super::{Cube, FunderType};
use crate::vocab::{dcterms, ns, qb, rdf, rdfs, sdmx_dimension, skos, stat, xsd};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, Term};
use oxsdatatypes::Decimal;

/// What a component is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A dimension.
    Dimension,
    /// A measure.
    Measure,
}

/// A component property of the cube.
#[derive(Debug, Clone, Copy)]
pub struct Component {
    /// The property.
    pub property: NamedNodeRef<'static>,
    /// Dimension or measure.
    pub role: Role,
    /// French label.
    pub fr: &'static str,
    /// English label.
    pub en: &'static str,
    /// Its `rdfs:range`.
    pub range: NamedNodeRef<'static>,
    /// Its code list (a `skos:ConceptScheme`), for coded dimensions.
    pub code_list: Option<&'static str>,
    /// Its column in `statistics.csv`.
    pub column: &'static str,
}

/// The EU Publications Office's country table, as a concept scheme.
pub const COUNTRY_SCHEME: &str = "http://publications.europa.eu/resource/authority/country";

/// Every component, in CSV column order.
pub const COMPONENTS: [Component; 11] = [
    Component {
        property: sdmx_dimension::REF_PERIOD,
        role: Role::Dimension,
        fr: "année",
        en: "year",
        range: xsd::G_YEAR,
        code_list: None,
        column: "ref_period",
    },
    Component {
        property: sdmx_dimension::REF_AREA,
        role: Role::Dimension,
        fr: "pays partenaire",
        en: "partner country",
        range: skos::CONCEPT,
        code_list: Some(COUNTRY_SCHEME),
        column: "ref_area",
    },
    Component {
        property: stat::THEME,
        role: Role::Dimension,
        fr: "thématique",
        en: "theme",
        range: skos::CONCEPT,
        code_list: Some(ns::THEME),
        column: "theme",
    },
    Component {
        property: stat::FUNDER_TYPE,
        role: Role::Dimension,
        fr: "type de financeur",
        en: "funder type",
        range: skos::CONCEPT,
        code_list: Some(ns::FUNDER_TYPE),
        column: "funder_type",
    },
    Component {
        property: stat::KIND,
        role: Role::Dimension,
        fr: "forme du partenariat",
        en: "partnership kind",
        range: skos::CONCEPT,
        code_list: Some(ns::KIND),
        column: "kind",
    },
    Component {
        property: stat::STATUS,
        role: Role::Dimension,
        fr: "statut",
        en: "status",
        range: skos::CONCEPT,
        code_list: Some(ns::STATUS),
        column: "status",
    },
    Component {
        property: stat::FUNDING,
        role: Role::Measure,
        fr: "financement (euros)",
        en: "funding (euros)",
        range: xsd::DECIMAL,
        code_list: None,
        column: "funding",
    },
    Component {
        property: stat::PARTNERSHIPS,
        role: Role::Measure,
        fr: "nombre de partenariats",
        en: "number of partnerships",
        range: xsd::INTEGER,
        code_list: None,
        column: "partnerships",
    },
    Component {
        property: stat::LEVIES,
        role: Role::Measure,
        fr: "prélèvements au titre des lois du 1 % (euros)",
        en: "amounts raised under the 1% laws (euros)",
        range: xsd::DECIMAL,
        code_list: None,
        column: "levies",
    },
    Component {
        property: stat::STARTED,
        role: Role::Measure,
        fr: "partenariats commencés",
        en: "partnerships started",
        range: xsd::INTEGER,
        code_list: None,
        column: "started",
    },
    Component {
        property: stat::ENDED,
        role: Role::Measure,
        fr: "partenariats terminés",
        en: "partnerships ended",
        range: xsd::INTEGER,
        code_list: None,
        column: "ended",
    },
];

/// One data set: a question, its dimensions and measures.
#[derive(Debug, Clone, Copy)]
pub struct DataSet {
    /// Its name in IRIs and in the CSV.
    pub slug: &'static str,
    /// French title.
    pub fr: &'static str,
    /// English title.
    pub en: &'static str,
    /// What it counts, in English.
    pub about: &'static str,
    /// Its dimensions, in order.
    pub dimensions: &'static [NamedNodeRef<'static>],
    /// Its measures.
    pub measures: &'static [NamedNodeRef<'static>],
}

/// The data sets, one per question.
pub const DATA_SETS: [DataSet; 9] = [
    DataSet {
        slug: "funding-by-year",
        fr: "Financements par année",
        en: "Funding per year",
        about: "Euros of funding per year (the 1% levies apart), and the partnerships funded that year.",
        dimensions: &[sdmx_dimension::REF_PERIOD],
        measures: &[stat::FUNDING, stat::PARTNERSHIPS],
    },
    DataSet {
        slug: "funding-by-year-and-funder-type",
        fr: "Financements par année et type de financeur",
        en: "Funding per year and funder type",
        about: "Euros of funding per year and funder type: a French local authority or a foreign partner when the Atlas says so of the funder anywhere; the State for ministries, the French development agency and the State by name; others.",
        dimensions: &[sdmx_dimension::REF_PERIOD, stat::FUNDER_TYPE],
        measures: &[stat::FUNDING],
    },
    DataSet {
        slug: "funding-by-year-and-country",
        fr: "Financements par année et pays partenaire",
        en: "Funding per year and partner country",
        about: "Euros of funding per year of the partnerships with a partner in each country, and those partnerships; a partnership with partners in two countries counts for both.",
        dimensions: &[sdmx_dimension::REF_PERIOD, sdmx_dimension::REF_AREA],
        measures: &[stat::FUNDING, stat::PARTNERSHIPS],
    },
    DataSet {
        slug: "partnerships-by-country",
        fr: "Partenariats par pays partenaire",
        en: "Partnerships per partner country",
        about: "Partnerships with a partner in each country, and all their funding; a partnership with partners in two countries counts, with all its funding, for both.",
        dimensions: &[sdmx_dimension::REF_AREA],
        measures: &[stat::PARTNERSHIPS, stat::FUNDING],
    },
    DataSet {
        slug: "partnerships-by-theme-level-1",
        fr: "Partenariats par thématique",
        en: "Partnerships per theme",
        about: "Partnerships whose main theme is this top-level theme or below it, and all their funding.",
        dimensions: &[stat::THEME],
        measures: &[stat::PARTNERSHIPS, stat::FUNDING],
    },
    DataSet {
        slug: "partnerships-by-theme-level-2",
        fr: "Partenariats par sous-thématique",
        en: "Partnerships per sub-theme",
        about: "Partnerships whose main theme is this second-level theme or below it, and all their funding.",
        dimensions: &[stat::THEME],
        measures: &[stat::PARTNERSHIPS, stat::FUNDING],
    },
    DataSet {
        slug: "partnerships-by-kind-and-status",
        fr: "Partenariats par forme et statut",
        en: "Partnerships per kind and status",
        about: "Partnerships per kind (decentralised cooperation, twinning, other) and status, and all their funding; partnerships without a kind or a status are left out.",
        dimensions: &[stat::KIND, stat::STATUS],
        measures: &[stat::PARTNERSHIPS, stat::FUNDING],
    },
    DataSet {
        slug: "levies-by-year",
        fr: "Prélèvements au titre des lois du 1 % par année",
        en: "1% levies per year",
        about: "Euros raised under the 1% solidarity laws per year: a measure of its own, never part of funding.",
        dimensions: &[sdmx_dimension::REF_PERIOD],
        measures: &[stat::LEVIES],
    },
    DataSet {
        slug: "partnerships-started-and-ended",
        fr: "Partenariats commencés et terminés par année",
        en: "Partnerships started and ended per year",
        about: "Partnerships started (start year) and ended (end date) per year.",
        dimensions: &[sdmx_dimension::REF_PERIOD],
        measures: &[stat::STARTED, stat::ENDED],
    },
];

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
/// code, the theme's path, the code's name.
pub fn code(value: &Term) -> String {
    match value {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => {
            let i = n.as_str();
            if let Some(path) = i.strip_prefix(ns::THEME) {
                return path.to_string();
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
