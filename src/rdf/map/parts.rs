//! The mapping of each part of a partnership to quads, in the order [`super::map_record`] calls
//! them: provenance, title, dates and status, texts, kind and themes, partners and roles,
//! contacts, yes/no answers, funding, volunteers.

use super::{Graph, MapOptions, Orgs, contact_role, node, person_triples, theme_iri};
use crate::model::Record;
use crate::model::countries;
use crate::rdf::iri::{self, Base};
use crate::vocab::{atlas, dcterms, foaf, org, prov, rdf, skos, xsd};
use oxigraph::model::NamedNode;
use std::collections::BTreeSet;

/// Provenance, on the graph itself so that it survives in triple formats: source file and
/// line, source page, generation time.
pub(super) fn provenance(
    g: &mut Graph,
    options: &MapOptions,
    rec: &Record,
    graph_iri: &NamedNode,
    p: &NamedNode,
) {
    g.add(graph_iri, rdf::TYPE, prov::ENTITY);
    g.add(graph_iri, foaf::PRIMARY_TOPIC, p.clone());

    let file_name = std::path::Path::new(&rec.source.file)
        .file_name()
        .map_or_else(
            || rec.source.file.clone(),
            |f| f.to_string_lossy().into_owned(),
        );
    g.plain(graph_iri, atlas::SOURCE_FILE, &file_name);
    g.typed(
        graph_iri,
        atlas::SOURCE_LINE,
        rec.source.line.to_string(),
        xsd::INTEGER,
    );
    if let Some(url) = &rec.source.url {
        match NamedNode::new(url.as_str()) {
            Ok(u) => {
                g.add(graph_iri, prov::WAS_DERIVED_FROM, u.clone());
                g.add(graph_iri, dcterms::SOURCE, u);
            }
            Err(_) => g.plain(graph_iri, dcterms::SOURCE, url),
        }
    }
    if let Some(at) = &options.generated_at {
        g.typed(
            graph_iri,
            prov::GENERATED_AT_TIME,
            at.clone(),
            xsd::DATE_TIME,
        );
    }
}

/// The partnership's type, title and Atlas identifier.
pub(super) fn title(g: &mut Graph, rec: &Record, p: &NamedNode) {
    g.add(p, rdf::TYPE, atlas::PARTNERSHIP);
    g.fr(p, dcterms::TITLE, &rec.title);
    if let Some(aid) = &rec.atlas_id {
        g.plain(p, dcterms::IDENTIFIER, aid);
    }
}

/// Years of the first agreement and of the start, status, end date.
pub(super) fn dates_and_status(g: &mut Graph, rec: &Record, p: &NamedNode) {
    if let Some(y) = rec.first_agreement_year {
        g.year(p, atlas::FIRST_AGREEMENT_YEAR, y);
    }
    if let Some(y) = rec.start_year {
        g.year(p, atlas::START_YEAR, y);
    }
    if let Some(s) = &rec.status {
        g.iri(p, atlas::STATUS, &iri::status(s));
    }
    if let Some(d) = rec.end_date {
        g.typed(
            p,
            atlas::END_DATE,
            d.format("%Y-%m-%d").to_string(),
            xsd::DATE,
        );
    }
}

/// The free texts: context, history, objective, description, beneficiaries (in French).
pub(super) fn texts(g: &mut Graph, rec: &Record, p: &NamedNode) {
    for (prop, text) in [
        (atlas::CONTEXT, &rec.context),
        (atlas::HISTORY, &rec.history),
        (atlas::OBJECTIVE, &rec.objective),
        (dcterms::DESCRIPTION, &rec.description),
        (atlas::BENEFICIARIES, &rec.beneficiaries),
    ] {
        if let Some(t) = text {
            g.fr(p, prop, t);
        }
    }
}

/// The kind of partnership, its main theme and its other themes with their priorities.
pub(super) fn kind_and_themes(g: &mut Graph, rec: &Record, p: &NamedNode) {
    if let Some(k) = &rec.kind {
        g.iri(p, atlas::PARTNERSHIP_KIND, &iri::kind(k));
    }
    if !rec.main_theme.is_empty() {
        g.iri(p, atlas::MAIN_THEME, &theme_iri(&rec.main_theme));
    }
    for (i, other) in rec.other_themes.iter().enumerate() {
        if other.path.is_empty() {
            continue;
        }
        let concept = theme_iri(&other.path);
        g.iri(p, atlas::OTHER_THEME, &concept);
        let q = node(format!("{}/other-theme/{}", p.as_str(), i + 1));
        g.add(p, atlas::THEME_QUALIFIED, q.clone());
        g.add(&q, rdf::TYPE, atlas::THEME_QUALIFICATION);
        g.iri(&q, atlas::THEME, &concept);
        if let Some(pr) = &other.priority {
            match pr.parse::<u32>() {
                Ok(n) => g.typed(&q, atlas::PRIORITY, n.to_string(), xsd::INTEGER),
                Err(_) => g.plain(&q, atlas::PRIORITY, pr),
            }
        }
    }
}

/// The partner organisations and their roles: foreign partners with their countries, French
/// partners (local authorities), project owners, implementers.
pub(super) fn partners_and_roles(
    g: &mut Graph,
    orgs: &mut Orgs,
    base: &Base,
    rec: &Record,
    p: &NamedNode,
) {
    for fp in &rec.foreign_partners {
        let o = orgs.foreign(g, base, &fp.name, fp.country.as_deref());
        g.add(p, atlas::FOREIGN_PARTNER_PROP, o.clone());
        match fp.country.as_deref().and_then(countries::by_alpha2) {
            Some(c) => {
                let ci = node(c.eu_iri());
                g.add(&o, atlas::COUNTRY_PROP, ci.clone());
                g.add(&ci, rdf::TYPE, atlas::COUNTRY);
                g.add(&ci, rdf::TYPE, skos::CONCEPT);
                g.fr(&ci, skos::PREF_LABEL, c.name_fr);
                g.plain(&ci, atlas::ISO_ALPHA2, c.alpha2);
                g.plain(&ci, atlas::ISO_ALPHA3, c.alpha3);
            }
            None => {
                if let Some(label) = &fp.country_label {
                    g.plain(&o, atlas::COUNTRY_LABEL, label);
                }
            }
        }
    }
    for fp in &rec.french_partners {
        let o = match &fp.siren {
            Some(siren) => orgs.declare(g, base.organisation_siren(siren), &fp.name),
            None => orgs.named(g, base, &fp.name),
        };
        g.add(&o, rdf::TYPE, atlas::FRENCH_LOCAL_AUTHORITY);
        g.add(p, atlas::FRENCH_PARTNER, o.clone());
        if let Some(siren) = &fp.siren {
            g.plain(&o, atlas::SIREN, siren);
            g.plain(&o, dcterms::IDENTIFIER, siren);
        }
        if let Some(insee) = &fp.insee {
            g.plain(&o, atlas::INSEE_CODE, insee);
        }
    }
    for name in &rec.project_owners {
        let o = orgs.named(g, base, name);
        g.add(p, atlas::PROJECT_OWNER, o);
    }
    for name in &rec.implementers {
        let o = orgs.named(g, base, name);
        g.add(p, atlas::IMPLEMENTER, o);
    }
}

/// The diplomatic post with its contacts, then the foreign partners' contacts (numbered
/// together, in this order).
pub(super) fn contacts(g: &mut Graph, orgs: &mut Orgs, base: &Base, rec: &Record, p: &NamedNode) {
    let mut n_contact = 0;
    if let Some(post) = &rec.diplomatic_post {
        let o = orgs.named(g, base, &post.name);
        g.add(&o, rdf::TYPE, atlas::DIPLOMATIC_POST);
        g.add(p, atlas::DIPLOMATIC_POST_PROP, o.clone());
        for c in &post.contacts {
            n_contact += 1;
            let role = contact_role(g, p, n_contact, c, Some(&o));
            g.add(p, atlas::DIPLOMATIC_CONTACT, role);
        }
    }
    for c in &rec.foreign_contacts {
        n_contact += 1;
        let o = c
            .organisation
            .as_deref()
            .map(|name| orgs.named(g, base, name));
        let role = contact_role(g, p, n_contact, c, o.as_ref());
        g.add(p, atlas::PARTNER_CONTACT, role);
    }
}

/// The yes/no answers: triennial programme, communication in France and in the partner
/// countries, evaluation.
pub(super) fn flags(g: &mut Graph, rec: &Record, p: &NamedNode) {
    if let Some(v) = rec.triennial {
        g.boolean(p, atlas::TRIENNIAL, v);
    }
    if let Some(v) = rec.communication_france {
        g.boolean(p, atlas::COMMUNICATION_FRANCE, v);
    }
    if let Some(v) = rec.communication_partner_countries {
        g.boolean(p, atlas::COMMUNICATION_PARTNERS, v);
    }
    if let Some(v) = rec.evaluation {
        g.boolean(p, atlas::EVALUATION, v);
    }
}

/// The funding rows, each with its funder, year, amount and 1% levies; a row's IRI gets a
/// suffix when the funder and year repeat.
pub(super) fn funding(g: &mut Graph, orgs: &mut Orgs, base: &Base, rec: &Record, p: &NamedNode) {
    let mut funding_iris = BTreeSet::new();
    for row in &rec.funding {
        let funder = orgs.named(g, base, &row.funder);
        let stem = format!(
            "{}/funding/{}/{}",
            p.as_str(),
            crate::model::names::slug(&row.funder),
            row.year
        );
        let mut f_iri = stem.clone();
        let mut k = 1;
        while !funding_iris.insert(f_iri.clone()) {
            k += 1;
            f_iri = format!("{stem}-{k}");
        }
        let f = node(f_iri);
        g.add(p, atlas::FUNDING_PROP, f.clone());
        g.add(&f, rdf::TYPE, atlas::FUNDING);
        g.add(&f, atlas::FUNDER, funder);
        g.year(&f, atlas::YEAR, row.year);
        g.money(&f, atlas::AMOUNT, row.amount);
        for (i, levy) in row.levies.iter().enumerate() {
            let slug = levy.law.map_or_else(
                || format!("unspecified-{}", i + 1),
                |l| l.slug().to_string(),
            );
            let l = node(format!("{}/levy/{slug}", f.as_str()));
            g.add(&f, atlas::LEVY_PROP, l.clone());
            g.add(&l, rdf::TYPE, atlas::LEVY);
            if let Some(law) = levy.law {
                g.iri(&l, atlas::LEVY_LAW_PROP, &iri::levy_law(law));
            }
            g.money(&l, atlas::LEVY_AMOUNT, levy.amount);
        }
    }
}

/// The volunteers, each a role with its person, mission, fields of action and entity.
pub(super) fn volunteers(g: &mut Graph, orgs: &mut Orgs, base: &Base, rec: &Record, p: &NamedNode) {
    for (i, v) in rec.volunteers.iter().enumerate() {
        let r = node(format!("{}/volunteer/{}", p.as_str(), i + 1));
        g.add(p, atlas::VOLUNTEER, r.clone());
        g.add(&r, rdf::TYPE, atlas::VOLUNTEER_ROLE);
        if v.given_name.is_some() || v.family_name.is_some() {
            let person = node(format!("{}/person", r.as_str()));
            g.add(&r, org::MEMBER, person.clone());
            person_triples(
                g,
                &person,
                v.given_name.as_deref(),
                v.family_name.as_deref(),
                None,
            );
        }
        if let Some(m) = &v.mission {
            g.fr(&r, atlas::MISSION, m);
        }
        if let Some(f) = &v.fields {
            g.fr(&r, atlas::FIELDS_OF_ACTION, f);
        }
        if let Some(e) = &v.entity {
            let o = orgs.named(g, base, e);
            g.add(&r, org::ORGANIZATION_PROP, o);
        }
    }
}
