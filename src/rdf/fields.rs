//! A partnership's fields read back from its record graph: what `diff` compares between two
//! releases and what names the fields of two records of one run that claim the same
//! partnership. The record graph is the truth (the tables are views of it), so every field the
//! mapping writes is here: texts, years, dates, flags, themes, partners, owners, contacts,
//! volunteers, each funding row and each levy. Provenance (source file and line, generation
//! time) is not a field: two readings of the same partnership from two files are the same.

use crate::vocab::{atlas, dcterms, foaf, ns, org, rdf, rdfs};
use oxigraph::model::{NamedNodeRef, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Fields that hold contacts: which of them are compared depends on the contact profiles of
/// the two sides (see [`compared`]).
pub mod contact_fields {
    /// Each contact's kind, role label and organisation (every profile but `none`).
    pub const CONTACTS: &str = "contacts";
    /// Each contact's kind and organisation only: what `role` and `full` both hold whole (a
    /// role label may be withheld under `role`).
    pub const CONTACT_ORGANISATIONS: &str = "contact_organisations";
    /// Names and e-mails of contacts and volunteers (`full` only).
    pub const CONTACT_PEOPLE: &str = "contact_people";
    /// Each volunteer's mission, fields of action and entity.
    pub const VOLUNTEERS: &str = "volunteers";
    /// Each volunteer's entity only.
    pub const VOLUNTEER_ENTITIES: &str = "volunteer_entities";
}
use contact_fields::*;

/// One partnership's fields, each a canonical text (several values sorted, joined by ` | `).
/// Funding rows are fields of their own, `funding <funder> <year>` (amount in euros), and so
/// are levies, `levy <funder> <year> <law>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnershipFields {
    /// The partnership's IRI.
    pub partnership: String,
    /// Its title.
    pub title: String,
    /// Field name -> value; absent fields are not listed.
    pub fields: BTreeMap<String, String>,
}

impl PartnershipFields {
    /// The names of the fields whose values differ between `self` and `other` (a field present
    /// on one side only differs), among those `keep` accepts.
    pub fn differing(&self, other: &PartnershipFields, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let names: BTreeSet<&String> = self.fields.keys().chain(other.fields.keys()).collect();
        names
            .into_iter()
            .filter(|n| keep(n) && self.fields.get(*n) != other.fields.get(*n))
            .cloned()
            .collect()
    }
}

/// Which fields to compare when the two sides have these contact profiles (`None`: not known,
/// taken as the other side's): contacts whole when the profiles agree, names and e-mails only
/// when both are `full`, only organisations when one is `role` and the other `full`, nothing
/// of contacts when one of them is `none`.
pub fn compared(
    old: Option<crate::model::privacy::ContactPolicy>,
    new: Option<crate::model::privacy::ContactPolicy>,
) -> impl Fn(&str) -> bool {
    use crate::model::privacy::ContactPolicy::{Full, None as Nothing};
    let (old, new) = (old.or(new), new.or(old));
    let same = old == new;
    let both_full = old == Some(Full) && new == Some(Full);
    let any_none = old == Some(Nothing) || new == Some(Nothing);
    move |field: &str| match field {
        CONTACTS | VOLUNTEERS => same,
        CONTACT_PEOPLE => both_full,
        CONTACT_ORGANISATIONS | VOLUNTEER_ENTITIES => !same && !any_none,
        _ => true,
    }
}

/// The simple properties of a partnership and the field each one fills.
const SIMPLE: &[(NamedNodeRef<'static>, &str)] = &[
    (dcterms::TITLE, "title"),
    (dcterms::IDENTIFIER, "atlas_id"),
    (atlas::FIRST_AGREEMENT_YEAR, "first_agreement_year"),
    (atlas::START_YEAR, "start_year"),
    (atlas::END_DATE, "end_date"),
    (atlas::STATUS, "status"),
    (atlas::PARTNERSHIP_KIND, "kind"),
    (atlas::MAIN_THEME, "main_theme"),
    (dcterms::DESCRIPTION, "description"),
    (atlas::CONTEXT, "context"),
    (atlas::HISTORY, "history"),
    (atlas::OBJECTIVE, "objective"),
    (atlas::BENEFICIARIES, "beneficiaries"),
    (atlas::TRIENNIAL, "triennial"),
    (atlas::COMMUNICATION_FRANCE, "communication_france"),
    (
        atlas::COMMUNICATION_PARTNERS,
        "communication_partner_countries",
    ),
    (atlas::EVALUATION, "evaluation"),
    (atlas::PROJECT_OWNER, "project_owners"),
    (atlas::IMPLEMENTER, "implementers"),
    (atlas::DIPLOMATIC_POST_PROP, "diplomatic_post"),
];

/// Properties of a partnership read through its nodes below (or redundant with them).
const STRUCTURED: &[NamedNodeRef<'static>] = &[
    rdf::TYPE,
    atlas::OTHER_THEME,
    atlas::THEME_QUALIFIED,
    atlas::FOREIGN_PARTNER_PROP,
    atlas::FRENCH_PARTNER,
    atlas::DIPLOMATIC_CONTACT,
    atlas::PARTNER_CONTACT,
    atlas::VOLUNTEER,
    atlas::FUNDING_PROP,
];

/// The triples of one graph by subject.
struct Index<'a> {
    by_subject: HashMap<&'a str, Vec<(&'a str, &'a Term)>>,
}

impl<'a> Index<'a> {
    fn new(quads: &'a [Quad]) -> Self {
        let mut by_subject: HashMap<&str, Vec<(&str, &Term)>> = HashMap::new();
        for q in quads {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject {
                by_subject
                    .entry(s.as_str())
                    .or_default()
                    .push((q.predicate.as_str(), &q.object));
            }
        }
        Index { by_subject }
    }

    fn objects(&self, s: &str, p: NamedNodeRef<'static>) -> impl Iterator<Item = &'a Term> + '_ {
        let p = p.as_str();
        self.by_subject
            .get(s)
            .into_iter()
            .flatten()
            .filter(move |(pp, _)| *pp == p)
            .map(|(_, o)| *o)
    }

    fn one(&self, s: &str, p: NamedNodeRef<'static>) -> Option<String> {
        let mut values: Vec<String> = self.objects(s, p).map(|t| self.text(t)).collect();
        values.sort();
        values.dedup();
        (!values.is_empty()).then(|| values.join(" | "))
    }

    /// A value as people read it: a literal's text, an organisation's label, a vocabulary
    /// IRI's last part (a theme's path below the scheme).
    fn text(&self, t: &Term) -> String {
        match t {
            Term::Literal(l) => l.value().to_string(),
            Term::NamedNode(n) => {
                let iri = n.as_str();
                if let Some(label) = self.objects(iri, rdfs::LABEL).next() {
                    return self.text(label);
                }
                if let Some(path) = iri.strip_prefix(ns::THEME) {
                    return path.to_string();
                }
                iri.rsplit(['/', '#']).next().unwrap_or(iri).to_string()
            }
            other => other.to_string(),
        }
    }

    fn node(t: &Term) -> Option<&str> {
        match t {
            Term::NamedNode(n) => Some(n.as_str()),
            _ => None,
        }
    }
}

fn joined(mut values: Vec<String>) -> Option<String> {
    values.sort();
    values.dedup();
    (!values.is_empty()).then(|| values.join(" | "))
}

/// The fields of the partnership in `quads` (one record graph), or `None` when the graph holds
/// no partnership.
pub fn partnership_fields(quads: &[Quad]) -> Option<PartnershipFields> {
    let ix = Index::new(quads);
    let p = quads.iter().find_map(|q| {
        (q.predicate.as_ref() == rdf::TYPE
            && matches!(&q.object, Term::NamedNode(o) if o.as_ref() == atlas::PARTNERSHIP))
        .then(|| match &q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(s) => Some(s.as_str()),
            _ => None,
        })
        .flatten()
    })?;
    let mut fields = BTreeMap::new();
    let mut put = |name: String, value: Option<String>| {
        if let Some(v) = value {
            fields.insert(name, v);
        }
    };
    for (prop, name) in SIMPLE {
        put(name.to_string(), ix.one(p, *prop));
    }
    put("other_themes".into(), joined(other_themes(&ix, p)));
    put(
        "foreign_partners".into(),
        joined(
            ix.objects(p, atlas::FOREIGN_PARTNER_PROP)
                .map(|o| {
                    let country = Index::node(o).and_then(|o| {
                        ix.objects(o, atlas::COUNTRY_PROP)
                            .next()
                            .and_then(Index::node)
                            .and_then(|c| ix.one(c, atlas::ISO_ALPHA2))
                            .or_else(|| ix.one(o, atlas::COUNTRY_LABEL))
                    });
                    format!("{} ({})", ix.text(o), country.unwrap_or_default())
                })
                .collect(),
        ),
    );
    put(
        "french_partners".into(),
        joined(
            ix.objects(p, atlas::FRENCH_PARTNER)
                .map(|o| {
                    let mut s = ix.text(o);
                    if let Some(o) = Index::node(o) {
                        for (prop, tag) in [(atlas::SIREN, "SIREN"), (atlas::INSEE_CODE, "INSEE")] {
                            if let Some(code) = ix.one(o, prop) {
                                s.push_str(&format!(" [{tag} {code}]"));
                            }
                        }
                    }
                    s
                })
                .collect(),
        ),
    );
    for (name, value) in contacts(&ix, p) {
        put(name.to_string(), value);
    }
    for (name, value) in funding(&ix, p) {
        put(name, Some(value));
    }
    // Whatever else the partnership carries (a property added later) is compared too.
    let known: BTreeSet<&str> = SIMPLE
        .iter()
        .map(|(p, _)| p.as_str())
        .chain(STRUCTURED.iter().map(|p| p.as_str()))
        .collect();
    let mut others: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (prop, o) in ix.by_subject.get(p).into_iter().flatten() {
        if !known.contains(prop) {
            others
                .entry(format!("other {prop}"))
                .or_default()
                .push(ix.text(o));
        }
    }
    for (name, values) in others {
        put(name, joined(values));
    }
    Some(PartnershipFields {
        partnership: p.to_string(),
        title: ix.one(p, dcterms::TITLE).unwrap_or_default(),
        fields,
    })
}

fn other_themes(ix: &Index<'_>, p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut qualified = BTreeSet::new();
    for q in ix
        .objects(p, atlas::THEME_QUALIFIED)
        .filter_map(Index::node)
    {
        let theme: Vec<&Term> = ix.objects(q, atlas::THEME).collect();
        for t in &theme {
            qualified.insert(ix.text(t));
        }
        let themes = joined(theme.iter().map(|t| ix.text(t)).collect()).unwrap_or_default();
        match ix.one(q, atlas::PRIORITY) {
            Some(pr) => out.push(format!("{themes} (priority {pr})")),
            None => out.push(themes),
        }
    }
    for t in ix.objects(p, atlas::OTHER_THEME) {
        let text = ix.text(t);
        if !qualified.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The contact fields: roles, organisations, people, volunteers.
fn contacts(ix: &Index<'_>, p: &str) -> Vec<(&'static str, Option<String>)> {
    let (mut roles, mut orgs, mut people, mut volunteers, mut entities) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    let person = |r: &str| -> Option<String> {
        let person = ix.objects(r, org::MEMBER).find_map(Index::node)?;
        let name = ix
            .one(person, foaf::NAME)
            .or_else(|| {
                joined(
                    [foaf::GIVEN_NAME, foaf::FAMILY_NAME]
                        .iter()
                        .filter_map(|n| ix.one(person, *n))
                        .collect(),
                )
            })
            .unwrap_or_default();
        let mbox = ix.one(person, foaf::MBOX).unwrap_or_default();
        let text = format!("{name} {mbox}").trim().to_string();
        (!text.is_empty()).then_some(text)
    };
    for (prop, kind) in [
        (atlas::DIPLOMATIC_CONTACT, "diplomatic"),
        (atlas::PARTNER_CONTACT, "partner"),
    ] {
        for r in ix.objects(p, prop).filter_map(Index::node) {
            let organisation = dash(ix.one(r, org::ORGANIZATION_PROP));
            roles.push(format!(
                "{kind}: {} @ {organisation}",
                dash(ix.one(r, atlas::ROLE_LABEL))
            ));
            orgs.push(format!("{kind} @ {organisation}"));
            if let Some(who) = person(r) {
                people.push(format!("{kind} @ {organisation}: {who}"));
            }
        }
    }
    for r in ix.objects(p, atlas::VOLUNTEER).filter_map(Index::node) {
        let entity = dash(ix.one(r, org::ORGANIZATION_PROP));
        volunteers.push(format!(
            "{} ({}) @ {entity}",
            dash(ix.one(r, atlas::MISSION)),
            dash(ix.one(r, atlas::FIELDS_OF_ACTION))
        ));
        entities.push(format!("volunteer @ {entity}"));
        if let Some(who) = person(r) {
            people.push(format!("volunteer @ {entity}: {who}"));
        }
    }
    vec![
        (CONTACTS, joined(roles)),
        (CONTACT_ORGANISATIONS, joined(orgs)),
        (CONTACT_PEOPLE, joined(people)),
        (VOLUNTEERS, joined(volunteers)),
        (VOLUNTEER_ENTITIES, joined(entities)),
    ]
}

/// One field per funding row and per levy, named by funder, year (and law), valued by amount.
fn funding(ix: &Index<'_>, p: &str) -> Vec<(String, String)> {
    let mut rows: Vec<&str> = ix
        .objects(p, atlas::FUNDING_PROP)
        .filter_map(Index::node)
        .collect();
    rows.sort();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut unique = |name: String, value: String| {
        let mut key = name.clone();
        let mut k = 1;
        while out.contains_key(&key) {
            k += 1;
            key = format!("{name} #{k}");
        }
        out.insert(key, value);
    };
    for f in rows {
        let funder = ix.one(f, atlas::FUNDER).unwrap_or_default();
        let year = ix.one(f, atlas::YEAR).unwrap_or_default();
        unique(
            format!("funding {funder} {year}"),
            ix.one(f, atlas::AMOUNT).unwrap_or_default(),
        );
        let mut levies: Vec<&str> = ix
            .objects(f, atlas::LEVY_PROP)
            .filter_map(Index::node)
            .collect();
        levies.sort();
        for l in levies {
            let law = ix
                .one(l, atlas::LEVY_LAW_PROP)
                .unwrap_or_else(|| l.rsplit('/').next().unwrap_or(l).to_string());
            unique(
                format!("levy {funder} {year} {law}"),
                ix.one(l, atlas::LEVY_AMOUNT).unwrap_or_default(),
            );
        }
    }
    out.into_iter().collect()
}

/// The contact profile the data shows: `full` when a contact or volunteer has a name or an
/// e-mail, `role` when there are contacts without, `None` when there are no contacts at all.
pub fn profile_shown(fields: &PartnershipFields) -> Option<crate::model::privacy::ContactPolicy> {
    use crate::model::privacy::ContactPolicy;
    if fields.fields.contains_key(CONTACT_PEOPLE) {
        Some(ContactPolicy::Full)
    } else if fields.fields.contains_key(CONTACTS) || fields.fields.contains_key(VOLUNTEERS) {
        Some(ContactPolicy::Role)
    } else {
        None
    }
}
