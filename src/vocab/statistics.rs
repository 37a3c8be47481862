//! Terms of the statistics cube: the W3C RDF Data Cube vocabulary, the SDMX dimensions it
//! names, and our own component properties and funder-type codes (defined in the statistics
//! graph itself, which the cube module writes).

/// RDF Data Cube (`qb:`).
pub mod qb {
    use oxrdf::NamedNodeRef;

    terms! { "http://purl.org/linked-data/cube#";
        /// qb:DataSet
        DATA_SET = "DataSet";
        /// qb:DataStructureDefinition
        DATA_STRUCTURE_DEFINITION = "DataStructureDefinition";
        /// qb:ComponentSpecification
        COMPONENT_SPECIFICATION = "ComponentSpecification";
        /// qb:Observation
        OBSERVATION = "Observation";
        /// qb:DimensionProperty
        DIMENSION_PROPERTY = "DimensionProperty";
        /// qb:MeasureProperty
        MEASURE_PROPERTY = "MeasureProperty";
        /// qb:CodedProperty
        CODED_PROPERTY = "CodedProperty";
        /// qb:ComponentProperty
        COMPONENT_PROPERTY_CLASS = "ComponentProperty";
        /// qb:structure
        STRUCTURE = "structure";
        /// qb:component
        COMPONENT = "component";
        /// qb:componentProperty
        COMPONENT_PROPERTY = "componentProperty";
        /// qb:dimension
        DIMENSION = "dimension";
        /// qb:measure
        MEASURE = "measure";
        /// qb:order
        ORDER = "order";
        /// qb:dataSet
        DATA_SET_PROP = "dataSet";
        /// qb:codeList
        CODE_LIST = "codeList";
    }
}

/// SDMX dimensions (`sdmx-dimension:`), as the Data Cube recommendation uses them.
pub mod sdmx_dimension {
    use oxrdf::NamedNodeRef;

    terms! { "http://purl.org/linked-data/sdmx/2009/dimension#";
        /// sdmx-dimension:refPeriod
        REF_PERIOD = "refPeriod";
        /// sdmx-dimension:refArea
        REF_AREA = "refArea";
    }
}

/// Our component properties (`stat:`).
pub mod stat {
    use oxrdf::NamedNodeRef;

    terms! { "https://w3id.org/atlas-lod/statistics#";
        /// stat:theme, a dimension: a theme of level 1 or 2 (the partnership's main theme or
        /// a broader one).
        THEME = "theme";
        /// stat:funderType, a dimension: who paid (state, French authority, foreign partners,
        /// others).
        FUNDER_TYPE = "funderType";
        /// stat:kind, a dimension: the partnership kind.
        KIND = "kind";
        /// stat:status, a dimension: the partnership status.
        STATUS = "status";
        /// stat:dacSectorCategory, a dimension: the OECD DAC sector category (3 digits) of
        /// the partnership's main theme.
        DAC_SECTOR = "dacSectorCategory";
        /// stat:funding, a measure: euros of funding (exact decimal).
        FUNDING = "funding";
        /// stat:partnerships, a measure: number of partnerships.
        PARTNERSHIPS = "partnerships";
        /// stat:levies, a measure: euros raised under the 1% laws, never part of funding.
        LEVIES = "levies";
        /// stat:started, a measure: partnerships started that year.
        STARTED = "started";
        /// stat:ended, a measure: partnerships ended that year.
        ENDED = "ended";
    }
}
