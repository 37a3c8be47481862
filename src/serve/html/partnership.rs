//! A partnership's page: key facts, partners with their countries, funding per funder and
//! year (exact sums), contacts as the store holds them, the free texts, every statement.

use super::{Site, alternates, chart, layout, lines};
use crate::model::Amount;
use crate::model::lang::Lang;
use crate::store::resource::Description;
use crate::vocab::{self, atlas, dcterms, foaf, org};
use maud::{Markup, html};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Statements by subject, for drawing a page from one record graph.
pub struct Index<'a> {
    by_subject: HashMap<&'a str, Vec<&'a Triple>>,
}

impl<'a> Index<'a> {
    /// Indexes `triples` by their (named) subject.
    pub fn new(triples: &'a [Triple]) -> Self {
        let mut by_subject: HashMap<&str, Vec<&Triple>> = HashMap::new();
        for t in triples {
            if let NamedOrBlankNode::NamedNode(s) = &t.subject {
                by_subject.entry(s.as_str()).or_default().push(t);
            }
        }
        Index { by_subject }
    }

    fn objects(&self, s: &str, p: NamedNodeRef<'_>) -> impl Iterator<Item = &'a Term> + '_ {
        let p = p.into_owned();
        self.by_subject
            .get(s)
            .into_iter()
            .flatten()
            .filter(move |t| t.predicate == p)
            .map(|t| &t.object)
    }

    /// The IRIs `s` points to through `p`.
    pub fn iris(&self, s: &str, p: NamedNodeRef<'_>) -> Vec<&'a str> {
        self.objects(s, p)
            .filter_map(|o| match o {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The first text of `s` through `p`.
    pub fn text(&self, s: &str, p: NamedNodeRef<'_>) -> Option<&'a str> {
        self.objects(s, p).find_map(|o| match o {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        })
    }

    /// The label of `s` in this graph, by the one rule of [`vocab::LABEL_PROPERTIES`].
    pub fn label(&self, s: &str) -> Option<&'a str> {
        vocab::LABEL_PROPERTIES
            .iter()
            .find_map(|p| self.text(s, *p))
    }

    /// The amount of `s` under `p` (`atlas:amount` of a row, `atlas:levyAmount` of a levy).
    fn amount(&self, s: &str, p: NamedNodeRef<'_>) -> Amount {
        self.text(s, p)
            .and_then(|a| a.parse().ok())
            .unwrap_or_default()
    }
}

/// Funding of one partnership: funder -> year -> euros, the years, and the levies per year.
struct Funding<'a> {
    table: BTreeMap<String, BTreeMap<&'a str, Amount>>,
    years: BTreeSet<&'a str>,
    levies: BTreeMap<&'a str, Amount>,
}

fn funding<'a>(idx: &Index<'a>, p: &str) -> Funding<'a> {
    let mut f = Funding {
        table: BTreeMap::new(),
        years: BTreeSet::new(),
        levies: BTreeMap::new(),
    };
    for row in idx.iris(p, atlas::FUNDING_PROP) {
        let year = idx.text(row, atlas::YEAR).unwrap_or("?");
        let funder = idx
            .iris(row, atlas::FUNDER)
            .first()
            .map(|o| idx.label(o).unwrap_or(o).to_string())
            .unwrap_or_else(|| "(unnamed)".into());
        f.years.insert(year);
        *f.table.entry(funder).or_default().entry(year).or_default() +=
            idx.amount(row, atlas::AMOUNT);
        for l in idx.iris(row, atlas::LEVY_PROP) {
            *f.levies.entry(year).or_default() += idx.amount(l, atlas::LEVY_AMOUNT);
        }
    }
    f
}

fn funding_table(f: &Funding<'_>, lang: Lang) -> Markup {
    let per_year = |y: &str| -> Amount { f.table.values().filter_map(|r| r.get(y)).copied().sum() };
    let grand: Amount = f.years.iter().map(|y| per_year(y)).sum();
    let euros = |a: Amount| lang.euros(a);
    html! {
        h2 { (lang.t("Financements (EUR)", "Funding (EUR)")) }
        table.funding {
            tr {
                th { (lang.t("Financeur", "Funder")) }
                @for y in &f.years { th.num { (y) } }
                th.num { "Total" }
            }
            @for (funder, row) in &f.table {
                tr {
                    td { (funder) }
                    @for y in &f.years { td.num { @if let Some(v) = row.get(y) { (euros(*v)) } } }
                    td.num.total { (euros(row.values().copied().sum())) }
                }
            }
            tr.total {
                th { "Total" }
                @for y in &f.years { td.num { (euros(per_year(y))) } }
                td.num { (euros(grand)) }
            }
        }
        @if !f.levies.is_empty() {
            p {
                (lang.t("Dont collecté au titre des lois de solidarité 1 % : ", "Of which raised under the 1% solidarity laws: "))
                @for (i, (y, v)) in f.levies.iter().enumerate() {
                    @if i > 0 { ", " }
                    (euros(*v)) (lang.t(" en ", " in ")) (y)
                }
            }
        }
    }
}

fn contacts(site: &Site<'_>, idx: &Index<'_>, p: &str) -> Markup {
    let contacts: Vec<&str> = idx
        .iris(p, atlas::DIPLOMATIC_CONTACT)
        .into_iter()
        .chain(idx.iris(p, atlas::PARTNER_CONTACT))
        .collect();
    if contacts.is_empty() {
        return html! {};
    }
    html! {
        h2 { "Contacts" }
        table.contacts {
            tr { th { (site.t("Rôle", "Role")) } th { (site.t("Organisation", "Organisation")) } th { (site.t("Personne", "Person")) } }
            @for c in contacts {
                tr {
                    td { (idx.text(c, atlas::ROLE_LABEL).unwrap_or("")) }
                    td { @for (i, o) in idx.iris(c, org::ORGANIZATION_PROP).iter().enumerate() {
                        @if i > 0 { ", " }
                        (site.link(o, idx.label(o)))
                    } }
                    td { @for (i, m) in idx.iris(c, org::MEMBER).iter().enumerate() {
                        @if i > 0 { ", " }
                        (idx.text(m, foaf::NAME).unwrap_or(""))
                        @for mbox in idx.iris(m, foaf::MBOX) {
                            " " a href=(mbox) { (mbox.trim_start_matches("mailto:")) }
                        }
                    } }
                }
            }
        }
    }
}

/// The page of partnership `d.iri`.
pub fn page(site: &Site<'_>, d: &Description) -> Markup {
    let lang = site.lang;
    let idx = Index::new(&d.triples);
    let p = d.iri.as_str();
    let title = idx
        .text(p, dcterms::TITLE)
        .unwrap_or(site.t("Partenariat", "Partnership"));
    let links = |prop: NamedNodeRef<'_>| -> Vec<Markup> {
        idx.iris(p, prop)
            .iter()
            .map(|i| site.link(i, None))
            .collect()
    };
    let mut facts: Vec<(&str, Vec<Markup>)> = vec![
        (site.t("Statut", "Status"), links(atlas::STATUS)),
        (site.t("Type", "Kind"), links(atlas::PARTNERSHIP_KIND)),
    ];
    for (name, prop) in [
        (
            site.t("Première convention", "First agreement"),
            atlas::FIRST_AGREEMENT_YEAR,
        ),
        (site.t("Année de début", "Start year"), atlas::START_YEAR),
        (site.t("Date de fin", "End date"), atlas::END_DATE),
    ] {
        let v = idx.text(p, prop).map(|t| html! { (t) });
        facts.push((name, v.into_iter().collect()));
    }
    for (name, prop) in [
        (
            site.t("Thématique principale", "Main theme"),
            atlas::MAIN_THEME,
        ),
        (
            site.t("Autre thématique", "Other theme"),
            atlas::OTHER_THEME,
        ),
    ] {
        for t in idx.iris(p, prop) {
            let path: Vec<Markup> = site
                .theme_path(t)
                .iter()
                .map(|c| site.link(c, None))
                .collect();
            facts.push((name, path));
        }
    }
    let partners: Vec<(&str, &str)> = [
        (
            site.t("Porteur du projet", "Project owner"),
            atlas::PROJECT_OWNER,
        ),
        (
            site.t("Partenaire français", "French partner"),
            atlas::FRENCH_PARTNER,
        ),
        (
            site.t("Partenaire étranger", "Foreign partner"),
            atlas::FOREIGN_PARTNER_PROP,
        ),
        (site.t("Opérateur", "Implementer"), atlas::IMPLEMENTER),
        (
            site.t("Poste diplomatique", "Diplomatic post"),
            atlas::DIPLOMATIC_POST_PROP,
        ),
    ]
    .into_iter()
    .flat_map(|(role, prop)| idx.iris(p, prop).into_iter().map(move |o| (role, o)))
    .collect();
    // Partners with a place: the French and foreign partners (owners and implementers are
    // organisations, rarely places).
    let placed: Vec<(&str, String)> = [atlas::FRENCH_PARTNER, atlas::FOREIGN_PARTNER_PROP]
        .into_iter()
        .flat_map(|prop| idx.iris(p, prop))
        .map(|o| {
            let label = idx.label(o).map_or_else(|| super::short(o), str::to_string);
            (o, label)
        })
        .collect();
    let funding = funding(&idx, p);
    let drawn = crate::charts::partnership_chart(
        &crate::charts::data::partnership_funding(&d.triples, p),
        lang,
    );
    let texts = [
        ("Description", dcterms::DESCRIPTION),
        (site.t("Contexte", "Context"), atlas::CONTEXT),
        (site.t("Historique", "History"), atlas::HISTORY),
        (site.t("Objectifs", "Objectives"), atlas::OBJECTIVE),
        (
            site.t("Bénéficiaires", "Beneficiaries"),
            atlas::BENEFICIARIES,
        ),
    ];
    let body = html! {
        p.kind { (site.t("Partenariat", "Partnership")) }
        h1 { (title) }
        (alternates(p, site.base_url, site.lang))
        table.facts {
            @for (name, values) in &facts {
                @if !values.is_empty() {
                    tr { th { (name) } td {
                        @for (i, v) in values.iter().enumerate() {
                            @if i > 0 { (if *name == site.t("Thématique principale", "Main theme") || *name == site.t("Autre thématique", "Other theme") { " › " } else { ", " }) }
                            (v)
                        }
                    } }
                }
            }
        }
        h2 { (site.t("Partenaires", "Partners")) }
        table.partners {
            tr { th { (site.t("Rôle", "Role")) } th { (site.t("Organisation", "Organisation")) } th { (site.t("Pays", "Country")) } }
            @for (role, o) in &partners {
                tr {
                    td { (role) }
                    td { (site.link(o, idx.label(o))) }
                    td { @for (i, c) in idx.iris(o, atlas::COUNTRY_PROP).iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/country/" (c.rsplit('/').next().unwrap_or("")) } {
                            (idx.label(c).map(str::to_string).unwrap_or_else(|| super::short(c)))
                        }
                    } }
                }
            }
        }
        (super::place::section(site, &placed))
        @if let Some(svg) = &drawn { (chart(svg)) }
        @if !funding.table.is_empty() { (funding_table(&funding, lang)) }
        (contacts(site, &idx, p))
        @for (name, prop) in texts {
            @if let Some(t) = idx.text(p, prop) {
                h2 { (name) }
                p.text { (lines(t)) }
            }
        }
        h2 { (site.t("Toutes les déclarations", "All statements")) }
        (site.statements_table(&d.triples))
    };
    layout(title, site.lang, body)
}
