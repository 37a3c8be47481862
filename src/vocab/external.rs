//! Namespaces and identifiers of the authorities we link to (not terms we write as
//! predicates): the EU Publications Office tables, Wikidata, the UN SDG goals.

/// The EU Publications Office authority tables the catalogue points to.
pub mod eu {
    /// File types.
    pub const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type";
    /// Languages.
    pub const LANGUAGE: &str = "http://publications.europa.eu/resource/authority/language";
    /// Data themes.
    pub const DATA_THEME: &str = "http://publications.europa.eu/resource/authority/data-theme";
    /// Countries.
    pub const COUNTRY: &str = "http://publications.europa.eu/resource/authority/country";
    /// Frequencies.
    pub const FREQUENCY: &str = "http://publications.europa.eu/resource/authority/frequency";
    /// Planned availability.
    pub const PLANNED_AVAILABILITY: &str =
        "http://publications.europa.eu/resource/authority/planned-availability";
    /// IANA media types.
    pub const IANA_MEDIA_TYPES: &str = "http://www.iana.org/assignments/media-types/";
}

/// Wikidata: entities and the direct properties our keys join on.
pub mod wikidata {
    /// Entity namespace (`wd:`): `http://www.wikidata.org/entity/Q142`.
    pub const ENTITY: &str = "http://www.wikidata.org/entity/";
    /// Direct property namespace (`wdt:`).
    pub const DIRECT: &str = "http://www.wikidata.org/prop/direct/";
    /// The public SPARQL endpoint.
    pub const ENDPOINT: &str = "https://query.wikidata.org/sparql";
    /// ISO 3166-1 alpha-2 code.
    pub const P297_ISO_ALPHA2: &str = "P297";
    /// SIREN number.
    pub const P1616_SIREN: &str = "P1616";
    /// INSEE municipality code.
    pub const P374_INSEE_COMMUNE: &str = "P374";
    /// Dissolved, abolished or demolished date (historical countries are left out).
    pub const P576_DISSOLVED: &str = "P576";
    /// Statement namespace (`p:`): from an item to its statements.
    pub const STATEMENT: &str = "http://www.wikidata.org/prop/";
    /// Statement value namespace (`ps:`).
    pub const STATEMENT_VALUE: &str = "http://www.wikidata.org/prop/statement/";
    /// Qualifier namespace (`pq:`).
    pub const QUALIFIER: &str = "http://www.wikidata.org/prop/qualifier/";
    /// Country.
    pub const P17_COUNTRY: &str = "P17";
    /// Twinned administrative body.
    pub const P190_TWINNED: &str = "P190";
    /// Coordinate location.
    pub const P625_COORDINATES: &str = "P625";
    /// End time (a qualifier: a twinning that ended).
    pub const P582_END_TIME: &str = "P582";
    /// Reference URL (QuickStatements source `S854`).
    pub const P854_REFERENCE_URL: &str = "P854";
    /// Retrieved (QuickStatements source `S813`).
    pub const P813_RETRIEVED: &str = "P813";
    /// Wikidata's public reconciliation service (W3C Reconciliation API v0.2), in French.
    pub const RECONCILE: &str = "https://wikidata.reconci.link/fr/api";
    /// The types a foreign partner that is a place may have: human settlement, and
    /// administrative territorial entity (regions, provinces, districts, communes).
    pub const PLACE_TYPES: [&str; 2] = ["Q486972", "Q56061"];
}

/// UN SDG goals (`http://metadata.un.org/sdg/N`), the targets of the themes' `skos:closeMatch`.
pub mod sdg {
    /// The goal namespace.
    pub const GOAL: &str = "http://metadata.un.org/sdg/";
}

/// IATI 2.03 codelists. Their items have no official IRIs: we use the codelist's page on
/// iatistandard.org with the code as fragment (the page lists the code, so a researcher can
/// follow it), as `ontology/schemes.ttl` does for statuses and roles.
pub mod iati {
    /// OECD DAC CRS 5-digit purpose codes (IATI Sector vocabulary 1): `…/sector/#15112`.
    pub const SECTOR: &str = "https://iatistandard.org/en/iati-standard/203/codelists/sector/#";
    /// DAC 3-digit sector categories (IATI SectorCategory): `…/sectorcategory/#151`.
    pub const SECTOR_CATEGORY: &str =
        "https://iatistandard.org/en/iati-standard/203/codelists/sectorcategory/#";
    /// The SectorCategory codelist as a concept scheme (the statistics' code list of DAC
    /// sector categories): its page, without the fragment.
    pub const SECTOR_CATEGORY_SCHEME: &str =
        "https://iatistandard.org/en/iati-standard/203/codelists/sectorcategory/";
    /// Activity statuses (the status scheme's `skos:exactMatch` targets).
    pub const ACTIVITY_STATUS: &str =
        "https://iatistandard.org/en/iati-standard/203/codelists/activitystatus/#";
    /// The IATI Standard version the export writes.
    pub const VERSION: &str = "2.03";
    /// The IATI Standard 2.03 itself, as the catalogue's `dct:conformsTo` names it (its
    /// reference pages on iatistandard.org).
    pub const STANDARD_2_03: &str = "https://iatistandard.org/en/iati-standard/203/";
}
