//! Terms of the W3C and other common vocabularies the mapping and the reports write
//! (`rdf`, `rdfs` and `xsd` come from `oxrdf::vocab`).

/// SHACL terms (validation reports, and what the tool reads in shapes).
pub mod sh {
    use oxrdf::NamedNodeRef;

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

/// Dublin Core terms.
pub mod dcterms {
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

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
        /// skos:notation
        NOTATION = "notation";
        /// skos:topConceptOf
        TOP_CONCEPT_OF = "topConceptOf";
        /// skos:exactMatch
        EXACT_MATCH = "exactMatch";
        /// skos:closeMatch
        CLOSE_MATCH = "closeMatch";
        /// skos:broadMatch
        BROAD_MATCH = "broadMatch";
    }
}

/// FOAF terms.
pub mod foaf {
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

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
    use oxrdf::NamedNodeRef;

    terms! { "https://schema.org/";
        /// schema:currency
        CURRENCY = "currency";
    }
}

/// PROV-O terms.
pub mod prov {
    use oxrdf::NamedNodeRef;

    terms! { "http://www.w3.org/ns/prov#";
        /// prov:Entity
        ENTITY = "Entity";
        /// prov:wasDerivedFrom
        WAS_DERIVED_FROM = "wasDerivedFrom";
        /// prov:generatedAtTime
        GENERATED_AT_TIME = "generatedAtTime";
        /// prov:invalidatedAtTime (a partnership gone from the current release)
        INVALIDATED_AT_TIME = "invalidatedAtTime";
    }
}

/// OWL terms.
pub mod owl {
    use oxrdf::NamedNodeRef;

    terms! { "http://www.w3.org/2002/07/owl#";
        /// owl:sameAs (links to Wikidata items).
        SAME_AS = "sameAs";
    }
}
