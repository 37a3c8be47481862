//! Every vocabulary term the mapping writes, in one place. The ontology (`ontology/atlas.ttl`)
//! declares each `atlas:` term listed here; a test checks that they agree.

/// Namespaces.
pub mod ns {
    /// The project's ontology.
    pub const ATLAS: &str = "https://w3id.org/atlas-lod/ontology#";
    /// Intervention theme concepts; also the IRI of the scheme and of its graph.
    pub const THEME: &str = "https://w3id.org/atlas-lod/theme/";
    /// Partnership status concepts.
    pub const STATUS: &str = "https://w3id.org/atlas-lod/status/";
    /// Partnership kind concepts.
    pub const KIND: &str = "https://w3id.org/atlas-lod/kind/";
    /// 1% law concepts.
    pub const LEVY: &str = "https://w3id.org/atlas-lod/levy/";
    /// Organisation role concepts (aligned with IATI OrganisationRole).
    pub const ROLE: &str = "https://w3id.org/atlas-lod/role/";
    /// Root of every IRI the project mints (ontology, schemes, instance data): what `serve`
    /// dereferences.
    pub const ROOT: &str = "https://w3id.org/atlas-lod/";
    /// Default namespace of instance data (`--base`).
    pub const ID: &str = "https://w3id.org/atlas-lod/id/";
    /// EU Publications Office country authority.
    pub const COUNTRY: &str = crate::model::countries::EU_COUNTRY_AUTHORITY;
    /// Dublin Core terms.
    pub const DCTERMS: &str = "http://purl.org/dc/terms/";
    /// SKOS.
    pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
    /// FOAF.
    pub const FOAF: &str = "http://xmlns.com/foaf/0.1/";
    /// W3C Organization ontology.
    pub const ORG: &str = "http://www.w3.org/ns/org#";
    /// schema.org.
    pub const SCHEMA: &str = "https://schema.org/";
    /// PROV-O.
    pub const PROV: &str = "http://www.w3.org/ns/prov#";
    /// XML Schema datatypes.
    pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
    /// RDF.
    pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    /// RDF Schema.
    pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
    /// OWL.
    pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
    /// SHACL.
    pub const SH: &str = "http://www.w3.org/ns/shacl#";
    /// The project's shapes (`shapes/atlas.ttl`).
    pub const SHAPES: &str = "https://w3id.org/atlas-lod/shapes#";
}

/// The prefixes written in Turtle, TriG and RDF/XML. Theme concepts are left as full IRIs:
/// their path slugs would need `\/` escapes in prefixed names.
pub const PREFIXES: &[(&str, &str)] = &[
    ("atlas", ns::ATLAS),
    ("status", ns::STATUS),
    ("kind", ns::KIND),
    ("levy", ns::LEVY),
    ("country", ns::COUNTRY),
    ("dcterms", ns::DCTERMS),
    ("skos", ns::SKOS),
    ("foaf", ns::FOAF),
    ("org", ns::ORG),
    ("schema", ns::SCHEMA),
    ("prov", ns::PROV),
    ("xsd", ns::XSD),
    ("rdf", ns::RDF),
    ("rdfs", ns::RDFS),
    ("owl", ns::OWL),
];

/// The one rule that names a resource, everywhere (pages, tables, charts): the first of these
/// properties it has.
pub const LABEL_PROPERTIES: [&str; 4] = [dcterms::TITLE, skos::PREF_LABEL, rdfs::LABEL, foaf::NAME];

/// Prefixes added for descriptions of the data (catalogue, VoID, service description, Hydra).
pub const DESCRIPTION_PREFIXES: &[(&str, &str)] = &[
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("void", "http://rdfs.org/ns/void#"),
    ("sd", "http://www.w3.org/ns/sparql-service-description#"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ("gsp", "http://www.opengis.net/ont/geosparql#"),
    ("adms", "http://www.w3.org/ns/adms#"),
];

macro_rules! terms {
    ($ns:expr; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $( $(#[$doc])* pub const $name: &str = concat!($ns, $local); )*
        /// Every term of this module, for checks against the ontology.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

/// Terms of the project's ontology.
pub mod atlas {
    terms! { "https://w3id.org/atlas-lod/ontology#";
        /// Class: a partnership of the Atlas.
        PARTNERSHIP = "Partnership";
        /// Class: one funder's amount for one year.
        FUNDING = "Funding";
        /// Class: an amount raised under a 1% law.
        LEVY = "Levy";
        /// Class: a person's role for an organisation in a partnership.
        CONTACT_ROLE = "ContactRole";
        /// Class: a volunteer's involvement.
        VOLUNTEER_ROLE = "VolunteerRole";
        /// Class: an embassy or consulate.
        DIPLOMATIC_POST = "DiplomaticPost";
        /// Class: a French local authority.
        FRENCH_LOCAL_AUTHORITY = "FrenchLocalAuthority";
        /// Class: a foreign partner organisation.
        FOREIGN_PARTNER = "ForeignPartner";
        /// Class: a theme other than the main one, with its priority.
        THEME_QUALIFICATION = "ThemeQualification";
        /// Class: a country of the EU authority list.
        COUNTRY = "Country";
        /// Class: a 1% law.
        LEVY_LAW = "LevyLaw";
        FIRST_AGREEMENT_YEAR = "firstAgreementYear";
        START_YEAR = "startYear";
        END_DATE = "endDate";
        STATUS = "status";
        PARTNERSHIP_KIND = "partnershipKind";
        MAIN_THEME = "mainTheme";
        OTHER_THEME = "otherTheme";
        THEME_QUALIFIED = "qualifiedTheme";
        THEME = "theme";
        PRIORITY = "priority";
        LEVEL = "level";
        CONTEXT = "context";
        HISTORY = "history";
        OBJECTIVE = "objective";
        BENEFICIARIES = "beneficiaries";
        PROJECT_OWNER = "projectOwner";
        IMPLEMENTER = "implementer";
        FOREIGN_PARTNER_PROP = "foreignPartner";
        FRENCH_PARTNER = "frenchPartner";
        DIPLOMATIC_POST_PROP = "diplomaticPost";
        DIPLOMATIC_CONTACT = "diplomaticContact";
        PARTNER_CONTACT = "partnerContact";
        VOLUNTEER = "volunteer";
        ROLE_LABEL = "roleLabel";
        MISSION = "mission";
        FIELDS_OF_ACTION = "fieldsOfAction";
        TRIENNIAL = "triennial";
        COMMUNICATION_FRANCE = "communicationInFrance";
        COMMUNICATION_PARTNERS = "communicationInPartnerCountries";
        EVALUATION = "evaluation";
        FUNDING_PROP = "funding";
        FUNDER = "funder";
        YEAR = "year";
        AMOUNT = "amount";
        LEVY_PROP = "levy";
        LEVY_LAW_PROP = "levyLaw";
        COUNTRY_PROP = "country";
        COUNTRY_LABEL = "countryLabel";
        ISO_ALPHA2 = "iso3166Alpha2";
        ISO_ALPHA3 = "iso3166Alpha3";
        SIREN = "siren";
        INSEE_CODE = "inseeCode";
        DAC_PURPOSE_CODE = "dacPurposeCode";
        SOURCE_FILE = "sourceFile";
        SOURCE_LINE = "sourceLine";
    }
}

/// RDF terms.
pub mod rdf {
    terms! { "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        /// rdf:type
        TYPE = "type";
        /// rdf:first
        FIRST = "first";
        /// rdf:rest
        REST = "rest";
        /// rdf:nil
        NIL = "nil";
    }
}

/// SHACL terms (validation reports, and what the tool reads in shapes).
pub mod sh {
    terms! { "http://www.w3.org/ns/shacl#";
        /// sh:ValidationReport
        VALIDATION_REPORT = "ValidationReport";
        /// sh:ValidationResult
        VALIDATION_RESULT = "ValidationResult";
        /// sh:conforms
        CONFORMS = "conforms";
        /// sh:result
        RESULT = "result";
        /// sh:focusNode
        FOCUS_NODE = "focusNode";
        /// sh:resultPath
        RESULT_PATH = "resultPath";
        /// sh:value
        VALUE = "value";
        /// sh:sourceShape
        SOURCE_SHAPE = "sourceShape";
        /// sh:sourceConstraintComponent
        SOURCE_CONSTRAINT_COMPONENT = "sourceConstraintComponent";
        /// sh:resultSeverity
        RESULT_SEVERITY = "resultSeverity";
        /// sh:resultMessage
        RESULT_MESSAGE = "resultMessage";
        /// sh:alternativePath
        ALTERNATIVE_PATH = "alternativePath";
        /// sh:inversePath
        INVERSE_PATH = "inversePath";
        /// sh:zeroOrMorePath
        ZERO_OR_MORE_PATH = "zeroOrMorePath";
        /// sh:oneOrMorePath
        ONE_OR_MORE_PATH = "oneOrMorePath";
        /// sh:zeroOrOnePath
        ZERO_OR_ONE_PATH = "zeroOrOnePath";
        /// sh:message
        MESSAGE = "message";
        /// sh:sparql
        SPARQL = "sparql";
        /// sh:SPARQLConstraintComponent
        SPARQL_CONSTRAINT_COMPONENT = "SPARQLConstraintComponent";
        /// sh:Info
        INFO = "Info";
        /// sh:Warning
        WARNING = "Warning";
        /// sh:Violation
        VIOLATION = "Violation";
    }
}

/// RDF Schema terms.
pub mod rdfs {
    terms! { "http://www.w3.org/2000/01/rdf-schema#";
        /// rdfs:label
        LABEL = "label";
    }
}

/// Dublin Core terms.
pub mod dcterms {
    terms! { "http://purl.org/dc/terms/";
        /// dcterms:title
        TITLE = "title";
        /// dcterms:description
        DESCRIPTION = "description";
        /// dcterms:identifier
        IDENTIFIER = "identifier";
        /// dcterms:source
        SOURCE = "source";
        /// dct:publisher
        PUBLISHER = "publisher";
        /// dct:license
        LICENSE = "license";
        /// dct:LicenseDocument
        LICENSE_DOCUMENT = "LicenseDocument";
        /// dct:temporal
        TEMPORAL = "temporal";
        /// dct:PeriodOfTime
        PERIOD_OF_TIME = "PeriodOfTime";
        /// dct:spatial
        SPATIAL = "spatial";
        /// dct:Location
        LOCATION = "Location";
        /// dct:issued
        ISSUED = "issued";
        /// dct:modified
        MODIFIED = "modified";
        /// dct:language
        LANGUAGE = "language";
        /// dct:LinguisticSystem
        LINGUISTIC_SYSTEM = "LinguisticSystem";
        /// dct:format
        FORMAT = "format";
        /// dct:MediaTypeOrExtent
        MEDIA_TYPE_OR_EXTENT = "MediaTypeOrExtent";
        /// dct:MediaType
        MEDIA_TYPE = "MediaType";
        /// dct:conformsTo
        CONFORMS_TO = "conformsTo";
        /// dct:Standard
        STANDARD = "Standard";
        /// dct:type
        TYPE = "type";
        /// dct:accrualPeriodicity
        ACCRUAL_PERIODICITY = "accrualPeriodicity";
        /// dct:Frequency
        FREQUENCY = "Frequency";
        /// dct:hasPart
        HAS_PART = "hasPart";
    }
}

/// SKOS terms.
pub mod skos {
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// skos:Concept
        CONCEPT = "Concept";
        /// skos:ConceptScheme
        CONCEPT_SCHEME = "ConceptScheme";
        /// skos:prefLabel
        PREF_LABEL = "prefLabel";
        /// skos:broader
        BROADER = "broader";
        /// skos:inScheme
        IN_SCHEME = "inScheme";
        /// skos:topConceptOf
        TOP_CONCEPT_OF = "topConceptOf";
    }
}

/// FOAF terms.
pub mod foaf {
    terms! { "http://xmlns.com/foaf/0.1/";
        /// foaf:Person
        PERSON = "Person";
        /// foaf:name
        NAME = "name";
        /// foaf:givenName
        GIVEN_NAME = "givenName";
        /// foaf:familyName
        FAMILY_NAME = "familyName";
        /// foaf:mbox
        MBOX = "mbox";
        /// foaf:primaryTopic
        PRIMARY_TOPIC = "primaryTopic";
        /// foaf:Agent
        AGENT = "Agent";
        /// foaf:Organization
        ORGANIZATION = "Organization";
        /// foaf:Document
        DOCUMENT = "Document";
        /// foaf:homepage
        HOMEPAGE = "homepage";
        /// foaf:page
        PAGE = "page";
    }
}

/// W3C Organization ontology terms.
pub mod org {
    terms! { "http://www.w3.org/ns/org#";
        /// org:Organization
        ORGANIZATION = "Organization";
        /// org:member
        MEMBER = "member";
        /// org:organization
        ORGANIZATION_PROP = "organization";
    }
}

/// schema.org terms.
pub mod schema {
    terms! { "https://schema.org/";
        /// schema:currency
        CURRENCY = "currency";
    }
}

/// PROV-O terms.
pub mod prov {
    terms! { "http://www.w3.org/ns/prov#";
        /// prov:Entity
        ENTITY = "Entity";
        /// prov:wasDerivedFrom
        WAS_DERIVED_FROM = "wasDerivedFrom";
        /// prov:generatedAtTime
        GENERATED_AT_TIME = "generatedAtTime";
    }
}

/// XML Schema datatypes.
pub mod xsd {
    terms! { "http://www.w3.org/2001/XMLSchema#";
        /// xsd:gYear
        G_YEAR = "gYear";
        /// xsd:date
        DATE = "date";
        /// xsd:dateTime
        DATE_TIME = "dateTime";
        /// xsd:decimal
        DECIMAL = "decimal";
        /// xsd:integer
        INTEGER = "integer";
        /// xsd:boolean
        BOOLEAN = "boolean";
        /// xsd:string
        STRING = "string";
        /// xsd:nonNegativeInteger
        NON_NEGATIVE_INTEGER = "nonNegativeInteger";
        /// xsd:hexBinary
        HEX_BINARY = "hexBinary";
    }
}

/// VoID terms (dataset descriptions served at `/void`).
pub mod void {
    terms! { "http://rdfs.org/ns/void#";
        /// void:Dataset
        DATASET = "Dataset";
        /// void:triples
        TRIPLES = "triples";
        /// void:entities
        ENTITIES = "entities";
        /// void:distinctSubjects
        DISTINCT_SUBJECTS = "distinctSubjects";
        /// void:classes
        CLASSES = "classes";
        /// void:properties
        PROPERTIES = "properties";
        /// void:classPartition
        CLASS_PARTITION = "classPartition";
        /// void:propertyPartition
        PROPERTY_PARTITION = "propertyPartition";
        /// void:class
        CLASS = "class";
        /// void:property
        PROPERTY = "property";
        /// void:sparqlEndpoint
        SPARQL_ENDPOINT = "sparqlEndpoint";
        /// void:dataDump
        DATA_DUMP = "dataDump";
        /// void:vocabulary
        VOCABULARY = "vocabulary";
        /// void:uriSpace
        URI_SPACE = "uriSpace";
        /// void:rootResource
        ROOT_RESOURCE = "rootResource";
        /// void:exampleResource
        EXAMPLE_RESOURCE = "exampleResource";
    }
}

/// SPARQL 1.1 Service Description terms.
pub mod sd {
    terms! { "http://www.w3.org/ns/sparql-service-description#";
        /// sd:Service
        SERVICE = "Service";
        /// sd:endpoint
        ENDPOINT = "endpoint";
        /// sd:supportedLanguage
        SUPPORTED_LANGUAGE = "supportedLanguage";
        /// sd:SPARQL11Query
        SPARQL11_QUERY = "SPARQL11Query";
        /// sd:SPARQL11Update
        SPARQL11_UPDATE = "SPARQL11Update";
        /// sd:resultFormat
        RESULT_FORMAT = "resultFormat";
        /// sd:feature
        FEATURE = "feature";
        /// sd:UnionDefaultGraph
        UNION_DEFAULT_GRAPH = "UnionDefaultGraph";
        /// sd:BasicFederatedQuery
        BASIC_FEDERATED_QUERY = "BasicFederatedQuery";
        /// sd:defaultDataset
        DEFAULT_DATASET = "defaultDataset";
        /// sd:Dataset
        DATASET = "Dataset";
        /// sd:defaultGraph
        DEFAULT_GRAPH = "defaultGraph";
        /// sd:Graph
        GRAPH = "Graph";
    }
}

/// W3C format registry (result formats in the service description).
pub mod formats {
    terms! { "http://www.w3.org/ns/formats/";
        /// SPARQL results in JSON.
        SPARQL_RESULTS_JSON = "SPARQL_Results_JSON";
        /// SPARQL results in XML.
        SPARQL_RESULTS_XML = "SPARQL_Results_XML";
        /// SPARQL results in CSV.
        SPARQL_RESULTS_CSV = "SPARQL_Results_CSV";
        /// SPARQL results in TSV.
        SPARQL_RESULTS_TSV = "SPARQL_Results_TSV";
        /// Turtle.
        TURTLE = "Turtle";
        /// N-Triples.
        N_TRIPLES = "N-Triples";
        /// N-Quads.
        N_QUADS = "N-Quads";
        /// JSON-LD.
        JSON_LD = "JSON-LD";
        /// RDF/XML.
        RDF_XML = "RDF_XML";
    }
}

/// DCAT terms (the published catalogue).
pub mod dcat {
    terms! { "http://www.w3.org/ns/dcat#";
        /// dcat:bbox (a place's bounding box, as WKT)
        BBOX = "bbox";
        /// dcat:centroid (a place's centre, as WKT)
        CENTROID = "centroid";
        /// dcat:Catalog
        CATALOG = "Catalog";
        /// dcat:Dataset
        DATASET = "Dataset";
        /// dcat:Distribution
        DISTRIBUTION = "Distribution";
        /// dcat:DataService
        DATA_SERVICE = "DataService";
        /// dcat:dataset
        DATASET_PROP = "dataset";
        /// dcat:service
        SERVICE = "service";
        /// dcat:distribution
        DISTRIBUTION_PROP = "distribution";
        /// dcat:downloadURL
        DOWNLOAD_URL = "downloadURL";
        /// dcat:accessURL
        ACCESS_URL = "accessURL";
        /// dcat:mediaType
        MEDIA_TYPE = "mediaType";
        /// dcat:compressFormat
        COMPRESS_FORMAT = "compressFormat";
        /// dcat:byteSize
        BYTE_SIZE = "byteSize";
        /// dcat:keyword
        KEYWORD = "keyword";
        /// dcat:theme
        THEME = "theme";
        /// dcat:themeTaxonomy
        THEME_TAXONOMY = "themeTaxonomy";
        /// dcat:contactPoint
        CONTACT_POINT = "contactPoint";
        /// dcat:landingPage
        LANDING_PAGE = "landingPage";
        /// dcat:startDate
        START_DATE = "startDate";
        /// dcat:endDate
        END_DATE = "endDate";
        /// dcat:endpointURL
        ENDPOINT_URL = "endpointURL";
        /// dcat:endpointDescription
        ENDPOINT_DESCRIPTION = "endpointDescription";
        /// dcat:servesDataset
        SERVES_DATASET = "servesDataset";
        /// dcat:accessService
        ACCESS_SERVICE = "accessService";
    }
}

/// DCAT-AP's own terms.
pub mod dcatap {
    terms! { "http://data.europa.eu/r5r/";
        /// dcatap:availability
        AVAILABILITY = "availability";
    }
}

/// SPDX terms (checksums).
pub mod spdx {
    terms! { "http://spdx.org/rdf/terms#";
        /// spdx:checksum
        CHECKSUM = "checksum";
        /// spdx:Checksum
        CHECKSUM_CLASS = "Checksum";
        /// spdx:algorithm
        ALGORITHM = "algorithm";
        /// spdx:checksumValue
        CHECKSUM_VALUE = "checksumValue";
        /// spdx:checksumAlgorithm_sha256
        SHA256 = "checksumAlgorithm_sha256";
    }
}

/// vCard terms (the catalogue's contact point: an organisation's mailbox, never a person).
pub mod vcard {
    terms! { "http://www.w3.org/2006/vcard/ns#";
        /// vcard:Organization
        ORGANIZATION = "Organization";
        /// vcard:Kind
        KIND = "Kind";
        /// vcard:fn
        FN = "fn";
        /// vcard:hasEmail
        HAS_EMAIL = "hasEmail";
        /// vcard:hasURL
        HAS_URL = "hasURL";
    }
}

/// Hydra terms (paging of `/catalog`).
pub mod hydra {
    terms! { "http://www.w3.org/ns/hydra/core#";
        /// hydra:PartialCollectionView
        PARTIAL_COLLECTION_VIEW = "PartialCollectionView";
        /// hydra:view
        VIEW = "view";
        /// hydra:first
        FIRST = "first";
        /// hydra:last
        LAST = "last";
        /// hydra:next
        NEXT = "next";
        /// hydra:previous
        PREVIOUS = "previous";
        /// hydra:totalItems
        TOTAL_ITEMS = "totalItems";
        /// hydra:itemsPerPage
        ITEMS_PER_PAGE = "itemsPerPage";
    }
}

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

/// OWL terms.
pub mod owl {
    terms! { "http://www.w3.org/2002/07/owl#";
        /// owl:sameAs (links to Wikidata items).
        SAME_AS = "sameAs";
    }
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
}

/// UN SDG goals (`http://metadata.un.org/sdg/N`), the targets of the themes' `skos:closeMatch`.
pub mod sdg {
    /// The goal namespace.
    pub const GOAL: &str = "http://metadata.un.org/sdg/";
}

/// Asset Description Metadata Schema terms (DCAT-AP's version notes).
pub mod adms {
    terms! { "http://www.w3.org/ns/adms#";
        /// adms:versionNotes
        VERSION_NOTES = "versionNotes";
    }
}

/// OGC GeoSPARQL terms (the WKT literals of the catalogue's places).
pub mod gsp {
    terms! { "http://www.opengis.net/ont/geosparql#";
        /// gsp:wktLiteral
        WKT_LITERAL = "wktLiteral";
    }
}
