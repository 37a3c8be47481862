//! What the reconciliation service offers: its types (classes of our ontology and the W3C
//! ones we use) and its properties (those a query may set as conditions, those data extension
//! returns), with their names as OpenRefine shows them.

use crate::store::search::Kind;
use crate::vocab::{atlas, org, skos};
use serde_json::{Value, json};

/// One type of entity.
pub struct Type {
    /// The kind of the index it stands for.
    pub kind: Kind,
    /// Its identifier: the class IRI.
    pub id: &'static str,
    /// Its name (French, as the Atlas).
    pub name: &'static str,
    /// What it covers (English, for clients from elsewhere).
    pub description: &'static str,
}

/// Every type, the organisation (the broader type of the partners) first among organisations.
pub fn types() -> [Type; 5] {
    [
        Type {
            kind: Kind::Partnership,
            id: atlas::PARTNERSHIP.as_str(),
            name: "Partenariat",
            description: "A partnership of the Atlas: decentralised cooperation, twinning or other external action",
        },
        Type {
            kind: Kind::FrenchAuthority,
            id: atlas::FRENCH_LOCAL_AUTHORITY.as_str(),
            name: "Collectivité territoriale française",
            description: "A French local authority (commune, département, région, intercommunality)",
        },
        Type {
            kind: Kind::ForeignPartner,
            id: atlas::FOREIGN_PARTNER.as_str(),
            name: "Partenaire étranger",
            description: "A foreign partner of French local authorities (a local authority or an organisation abroad)",
        },
        Type {
            kind: Kind::Organisation,
            id: org::ORGANIZATION.as_str(),
            name: "Organisation",
            description: "Any organisation of the Atlas: the partners, funders and implementers",
        },
        Type {
            kind: Kind::Theme,
            id: skos::CONCEPT.as_str(),
            name: "Thématique",
            description: "An intervention theme of the Atlas, at any level",
        },
    ]
}

/// The types offered as default choices: those of the Atlas' own entities.
pub const DEFAULT_KINDS: [Kind; 4] = [
    Kind::Partnership,
    Kind::FrenchAuthority,
    Kind::ForeignPartner,
    Kind::Theme,
];

/// The type of a kind of the index.
pub fn type_of(kind: Kind) -> Option<Type> {
    types().into_iter().find(|t| t.kind == kind)
}

/// The kinds a type identifier covers: a partner type its own, the organisation type every
/// organisation (partners included); nothing when the identifier is not one of ours.
pub fn kinds_of(id: &str) -> Vec<Kind> {
    match types().into_iter().find(|t| t.id == id).map(|t| t.kind) {
        Some(Kind::Organisation) => vec![
            Kind::Organisation,
            Kind::FrenchAuthority,
            Kind::ForeignPartner,
        ],
        Some(k) => vec![k],
        None => Vec::new(),
    }
}

/// A type as the protocol writes it (`{"id", "name"}`, with `description` and `broader` for
/// the type lists).
pub fn type_json(t: &Type, full: bool) -> Value {
    let mut v = json!({"id": t.id, "name": t.name});
    if full {
        v["description"] = json!(t.description);
        if matches!(t.kind, Kind::FrenchAuthority | Kind::ForeignPartner)
            && let Some(o) = type_of(Kind::Organisation)
        {
            v["broader"] = json!([{"id": o.id, "name": o.name}]);
        }
    }
    v
}

/// One property.
pub struct Property {
    /// Its identifier (the local name of the ontology's property where there is one).
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// What its values are.
    pub description: &'static str,
    /// Whether a reconciliation query may set it as a condition.
    pub condition: bool,
    /// The kinds that have it.
    pub kinds: &'static [Kind],
}

/// The label property (every kind has one).
pub const LABEL: &str = "label";
/// The country property.
pub const COUNTRY: &str = "country";
/// The SIREN property.
pub const SIREN: &str = "siren";
/// The INSEE code property.
pub const INSEE: &str = "inseeCode";
/// The start year property.
pub const START_YEAR: &str = "startYear";
/// The Wikidata item property.
pub const WIKIDATA: &str = "wikidata";
/// The number of partnerships property.
pub const COUNT: &str = "partnershipCount";

const PARTNERS: &[Kind] = &[Kind::FrenchAuthority, Kind::ForeignPartner];

/// Every property, in the order proposed.
pub const PROPERTIES: [Property; 7] = [
    Property {
        id: LABEL,
        name: "Nom",
        description: "The title of a partnership, the name of an organisation or a theme",
        condition: false,
        kinds: &[
            Kind::Partnership,
            Kind::FrenchAuthority,
            Kind::ForeignPartner,
            Kind::Organisation,
            Kind::Theme,
        ],
    },
    Property {
        id: COUNTRY,
        name: "Pays",
        description: "The country (French name); as a condition, an ISO 3166-1 code or a French or English name",
        condition: true,
        kinds: &[Kind::Partnership, Kind::ForeignPartner, Kind::Organisation],
    },
    Property {
        id: SIREN,
        name: "SIREN",
        description: "The SIREN number of a French organisation (nine digits)",
        condition: true,
        kinds: &[Kind::FrenchAuthority, Kind::Organisation],
    },
    Property {
        id: INSEE,
        name: "Code INSEE",
        description: "The INSEE (COG) code of a French local authority",
        condition: true,
        kinds: &[Kind::FrenchAuthority],
    },
    Property {
        id: START_YEAR,
        name: "Année de début",
        description: "The start year of a partnership, or of one of an organisation's partnerships",
        condition: true,
        kinds: &[
            Kind::Partnership,
            Kind::FrenchAuthority,
            Kind::ForeignPartner,
        ],
    },
    Property {
        id: WIKIDATA,
        name: "Élément Wikidata",
        description: "The Wikidata item the organisation is linked to",
        condition: false,
        kinds: &[
            Kind::FrenchAuthority,
            Kind::ForeignPartner,
            Kind::Organisation,
        ],
    },
    Property {
        id: COUNT,
        name: "Nombre de partenariats",
        description: "How many partnerships of the Atlas the authority or partner takes part in",
        condition: false,
        kinds: PARTNERS,
    },
];

/// The property of an identifier.
pub fn property(id: &str) -> Option<&'static Property> {
    PROPERTIES.iter().find(|p| p.id == id)
}

/// A property as the protocol writes it.
pub fn property_json(p: &Property) -> Value {
    json!({"id": p.id, "name": p.name, "description": p.description})
}

/// A text folded for matching what is typed (case and accents).
pub fn fold(text: &str) -> String {
    crate::model::names::normalise(text)
}

/// Whether what was typed is the start of a word of `name` or of `id` (folded), or the
/// identifier itself.
pub fn typed_matches(typed: &str, id: &str, name: &str) -> bool {
    let t = fold(typed);
    if t.is_empty() {
        return true;
    }
    let n = fold(name);
    typed == id
        || fold(id).contains(&t)
        || n.starts_with(&t)
        || n.split(' ').any(|w| w.starts_with(&t))
}
