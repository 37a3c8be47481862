//! Pages of resources other than partnerships (organisations, concepts, the ontology...), and
//! of a partner country.

use super::{Site, alternates, chart, layout, short, url_encode};
use crate::store::resource::{Description, MAX_INCOMING};
use crate::vocab::{self, atlas, rdf};
use maud::{Markup, html};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::BTreeSet;

/// The partnership a sub-resource (funding row, contact) belongs to, or the IRI itself.
fn partnership_of(iri: &str) -> &str {
    if let Some(at) = iri.find("/partnership/") {
        let start = at + "/partnership/".len();
        if let Some(end) = iri[start..].find('/') {
            return &iri[..start + end];
        }
    }
    iri
}

fn is_subject(t: &oxigraph::model::Triple, iri: &str) -> bool {
    matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == iri)
}

/// Whether the description is of a partnership (it then gets [`super::partnership::page`]).
pub fn is_partnership(d: &Description) -> bool {
    d.triples.iter().any(|t| {
        is_subject(t, &d.iri)
            && t.predicate.as_str() == rdf::TYPE.as_str()
            && matches!(&t.object, Term::NamedNode(n) if n.as_str() == atlas::PARTNERSHIP.as_str())
    })
}

/// The page of any resource; a partnership gets its own.
pub fn page(site: &Site<'_>, d: &Description) -> Markup {
    let lang = site.lang;
    if is_partnership(d) {
        return super::partnership::page(site, d);
    }
    let title = site.label(&d.iri).unwrap_or_else(|| short(&d.iri));
    let types: Vec<&str> = d
        .triples
        .iter()
        .filter(|t| t.predicate.as_str() == rdf::TYPE.as_str() && is_subject(t, &d.iri))
        .filter_map(|t| match &t.object {
            Term::NamedNode(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let theme_chart = if d.iri.starts_with(vocab::ns::THEME) && d.iri != vocab::ns::THEME {
        let partnerships = site.check(crate::charts::data::partnerships_in_theme(
            site.store, &d.iri,
        ));
        let per_year = site.check(crate::charts::data::started_per_year(
            site.store,
            &partnerships,
        ));
        crate::charts::over_time_chart(&per_year, &title, lang)
    } else {
        None
    };
    let mut seen = BTreeSet::new();
    let incoming: Vec<(&str, &str)> = d
        .incoming
        .iter()
        .filter_map(|t| match &t.subject {
            // A funding row or contact stands for its partnership.
            NamedOrBlankNode::NamedNode(s) => {
                Some((partnership_of(s.as_str()), t.predicate.as_str()))
            }
            _ => None,
        })
        .filter(|k| seen.insert(*k))
        .collect();
    let all_incoming = format!(
        "SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{}> }} ORDER BY ?s",
        d.iri
    );
    let body = html! {
        p.kind { @for (i, t) in types.iter().enumerate() {
            @if i > 0 { ", " }
            (site.link(t, Some(&short(t))))
        } }
        h1 { (title) }
        p.iri { code { (d.iri) } }
        (alternates(&d.iri, site.base_url, site.lang))
        (super::place::section(site, &[(d.iri.as_str(), title.clone())]))
        @if let Some(svg) = &theme_chart { (chart(svg)) }
        (site.statements_table(&d.triples))
        @if !d.incoming.is_empty() {
            h2 { (site.t("Cité par", "Referenced by")) }
            ul.incoming { @for (owner, via) in &incoming {
                li { (site.link(owner, None)) " " span.via { "(" (short(via)) ")" } }
            } }
            @if d.incoming_truncated {
                p { (site.t("Seuls les ", "Only the first ")) (MAX_INCOMING) (site.t(" premiers sont listés : ", " are listed: "))
                    a href={ "/?query=" (url_encode(&all_incoming)) } { (site.t("tous en SPARQL", "all of them in SPARQL")) } "." }
            }
        }
    };
    layout(&title, site.lang, body)
}

/// A partner country's page: its partnerships over time, and the list (the first 1,000).
pub fn country(site: &Site<'_>, iri: &str, name: &str, partnerships: &BTreeSet<String>) -> Markup {
    let lang = site.lang;
    let per_year = site.check(crate::charts::data::started_per_year(
        site.store,
        partnerships,
    ));
    let drawn = crate::charts::over_time_chart(&per_year, name, lang);
    let body = html! {
        p.kind { (lang.t("Pays partenaire", "Partner country")) }
        h1 { (name) }
        p.iri { code { (iri) } }
        @if let Some(svg) = &drawn { (chart(svg)) }
        h2 { (lang.t("Partenariats", "Partnerships")) " (" (partnerships.len()) ")" }
        ul { @for p in partnerships.iter().take(1000) { li { (site.link(p, None)) } } }
    };
    layout(name, lang, body)
}
