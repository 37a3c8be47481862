//! The project's own terms: the ontology (`ontology/atlas.ttl` declares each one; a test
//! checks that they agree).

/// Terms of the project's ontology.
pub mod atlas {
    use oxrdf::NamedNodeRef;

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
        /// atlas:levyAmount: a 1% levy's euros, never atlas:amount (so that a sum of
        /// atlas:amount is the funding).
        LEVY_AMOUNT = "levyAmount";
        LEVY_PROP = "levy";
        LEVY_LAW_PROP = "levyLaw";
        COUNTRY_PROP = "country";
        COUNTRY_LABEL = "countryLabel";
        ISO_ALPHA2 = "iso3166Alpha2";
        ISO_ALPHA3 = "iso3166Alpha3";
        SIREN = "siren";
        INSEE_CODE = "inseeCode";
        DAC_PURPOSE_CODE = "dacPurposeCode";
        DAC_SECTOR_CATEGORY = "dacSectorCategory";
        SOURCE_FILE = "sourceFile";
        SOURCE_LINE = "sourceLine";
        /// Class: how one `owl:sameAs` link to Wikidata was made.
        WIKIDATA_LINK = "WikidataLink";
        /// The thing linked (ours).
        LINK_SUBJECT = "linkSubject";
        /// The Wikidata item it is linked to.
        LINK_TARGET = "linkTarget";
        /// How the link was made: `auto`, `twinned`, `reviewed`, `identifier`.
        LINK_METHOD = "linkMethod";
        /// The reconciliation service's score of the item (0 to 100).
        LINK_SCORE = "linkScore";
        /// The day the link was decided.
        LINK_DATE = "linkDate";
        /// In a SERVICE pattern of the full-text index: the words looked for.
        QUERY = "query";
        /// In a SERVICE pattern of the full-text index: a hit's relevance.
        SCORE = "score";
        /// In a SERVICE pattern of the full-text index: how many hits at most.
        LIMIT = "limit";
    }

    /// The SPARQL SERVICE of the store's full-text index, which our endpoint and `query`
    /// evaluate themselves (`docs/search.md`); the same IRI names the search page.
    pub const SEARCH_SERVICE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/atlas-lod/search");
}
