//! What the cube holds: its component properties (dimensions and measures, with their ranges
//! and code lists) and its data sets, one per question, each saying what it counts.

use crate::vocab::{iati, ns, sdmx_dimension, skos, stat, xsd};
use oxigraph::model::NamedNodeRef;

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
pub const COMPONENTS: [Component; 12] = [
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
        property: stat::DAC_SECTOR,
        role: Role::Dimension,
        fr: "catégorie de secteur CAD de l'OCDE",
        en: "OECD DAC sector category",
        range: skos::CONCEPT,
        code_list: Some(iati::SECTOR_CATEGORY_SCHEME),
        column: "dac_sector_category",
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

/// How a partnership counts by DAC sector category, said in both data sets' descriptions.
const DAC_SECTOR_RULE: &str = "Partnerships per OECD DAC sector category (the 3-digit category of the purpose code of the partnership's main theme, or of its nearest broader theme that has one), and all their funding (the 1% levies apart). Only the main theme counts, as the CRS files each activity under one purpose code and the IATI file gives it 100 %: a partnership is in one category, counted once, its funding in full, so the categories add up to the partnerships with a main theme and their funding, never more; its other themes, whatever their categories, are not counted here.";

/// The same rule, per year.
const DAC_SECTOR_RULE_YEAR: &str = "Euros of funding per year (the 1% levies apart) of the partnerships in each OECD DAC sector category, and the partnerships funded that year. The category is the one of the purpose code of the partnership's main theme, or of its nearest broader theme that has one; only the main theme counts, as the CRS files each activity under one purpose code: a partnership is in one category and its funding is counted once, in full, so a year's categories add up to that year's funding of partnerships with a main theme, never more; its other themes are not counted here.";

/// The data sets, one per question.
pub const DATA_SETS: [DataSet; 11] = [
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
        slug: "funding-by-year-and-dac-sector",
        fr: "Financements par année et catégorie de secteur CAD de l'OCDE",
        en: "Funding per year and OECD DAC sector category",
        about: DAC_SECTOR_RULE_YEAR,
        dimensions: &[sdmx_dimension::REF_PERIOD, stat::DAC_SECTOR],
        measures: &[stat::FUNDING, stat::PARTNERSHIPS],
    },
    DataSet {
        slug: "partnerships-by-dac-sector",
        fr: "Partenariats par catégorie de secteur CAD de l'OCDE",
        en: "Partnerships per OECD DAC sector category",
        about: DAC_SECTOR_RULE,
        dimensions: &[stat::DAC_SECTOR],
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
