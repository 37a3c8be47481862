//! Terms of the descriptions of the data: VoID, the service description, DCAT and DCAT-AP,
//! SPDX checksums, vCard, Hydra paging, ADMS version notes, GeoSPARQL literals, the W3C
//! format registry.

/// VoID terms (dataset descriptions served at `/void`).
pub mod void {
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

    terms! { "http://www.w3.org/ns/dcat#";
        /// dcat:bbox (a place's bounding box, as WKT)
        BBOX = "bbox";
        /// dcat:version (the release number)
        VERSION = "version";
        /// dcat:previousVersion (the release before this one)
        PREVIOUS_VERSION = "previousVersion";
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
    use oxrdf::NamedNodeRef;

    terms! { "http://data.europa.eu/r5r/";
        /// dcatap:availability
        AVAILABILITY = "availability";
    }
}

/// SPDX terms (checksums).
pub mod spdx {
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

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

/// Asset Description Metadata Schema terms (DCAT-AP's version notes).
pub mod adms {
    use oxrdf::NamedNodeRef;

    terms! { "http://www.w3.org/ns/adms#";
        /// adms:versionNotes
        VERSION_NOTES = "versionNotes";
    }
}

/// OGC GeoSPARQL terms (the WKT literals of the catalogue's places).
pub mod gsp {
    use oxrdf::NamedNodeRef;

    terms! { "http://www.opengis.net/ont/geosparql#";
        /// gsp:wktLiteral
        WKT_LITERAL = "wktLiteral";
        /// gsp:Geometry (a linked place's point)
        GEOMETRY = "Geometry";
        /// gsp:hasGeometry
        HAS_GEOMETRY = "hasGeometry";
        /// gsp:asWKT
        AS_WKT = "asWKT";
    }
}
