//! The index built from the store: one pass of a few SPARQL SELECTs over the union of the
//! record graphs and the theme scheme, every document written again. What the store holds
//! is what the index says, after an import, a prune, a replaced record or `--previous` alike.
//!
//! Only texts meant for everyone are read: titles, descriptions, context, objectives,
//! beneficiaries, names of organisations, themes and countries. Contacts' names and e-mails
//! (`foaf:name`, `vcard`) are never selected, whatever the contact profile of the store.

use super::{Fields, Kind, SearchError};
use crate::model::countries;
use crate::store::describe::select;
use crate::store::labels;
use crate::vocab::{atlas, dcterms, org, owl, rdf, skos};
use oxigraph::model::Term;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::{Index, TantivyDocument};

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Built {
    /// Partnerships indexed.
    pub partnerships: usize,
    /// Organisations indexed.
    pub organisations: usize,
    /// Themes and countries indexed.
    pub concepts: usize,
}

/// One partnership as the index sees it.
#[derive(Default)]
struct Partnership {
    title: Vec<String>,
    body: Vec<String>,
    related: BTreeSet<String>,
    countries: BTreeSet<String>,
    themes: BTreeSet<String>,
    status: Option<String>,
    kind: Option<String>,
    start: Option<String>,
}

/// A country: French name, English name, codes.
#[derive(Clone, Default)]
struct Country {
    fr: String,
    en: Option<String>,
    codes: Vec<String>,
}

fn text(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn rows(store: &Store, query: &str) -> Result<Vec<Vec<Option<String>>>, SearchError> {
    let rows = select(store, query).map_err(|e| SearchError::Store(e.to_string()))?;
    Ok(rows.iter().map(|r| r.iter().map(text).collect()).collect())
}

/// Labels of IRIs, asked of the store once each.
struct Labels<'a> {
    store: &'a Store,
    seen: BTreeMap<String, Option<String>>,
}

impl Labels<'_> {
    fn of(&mut self, iri: &str) -> Result<Option<String>, SearchError> {
        if let Some(l) = self.seen.get(iri) {
            return Ok(l.clone());
        }
        let l = labels::label(self.store, iri).map_err(|e| SearchError::Store(e.to_string()))?;
        self.seen.insert(iri.to_string(), l.clone());
        Ok(l)
    }
}

/// The countries the store names, with their English names (Natural Earth's) and codes.
fn countries(store: &Store) -> Result<BTreeMap<String, Country>, SearchError> {
    let english: BTreeMap<&str, &str> = crate::model::geo::outlines()
        .map(|(a3, name, _)| (a3, name))
        .collect();
    let q = format!(
        "SELECT DISTINCT ?c ?label ?a2 ?a3 WHERE {{ ?c {} {} ; {} ?label . \
         OPTIONAL {{ ?c {} ?a2 }} OPTIONAL {{ ?c {} ?a3 }} }}",
        rdf::TYPE,
        atlas::COUNTRY,
        skos::PREF_LABEL,
        atlas::ISO_ALPHA2,
        atlas::ISO_ALPHA3
    );
    let mut out: BTreeMap<String, Country> = BTreeMap::new();
    for r in rows(store, &q)? {
        let (Some(c), Some(label)) = (r[0].clone(), r[1].clone()) else {
            continue;
        };
        let e = out.entry(c).or_default();
        if e.fr.is_empty() || label < e.fr {
            e.fr = label;
        }
        for code in [&r[2], &r[3]].into_iter().flatten() {
            let code = code.to_lowercase();
            if !e.codes.contains(&code) {
                e.codes.push(code);
            }
        }
        if let Some(a3) = r[3].as_deref() {
            e.en = english.get(a3).map(|s| s.to_string());
            if let Some(known) = countries::by_alpha2(r[2].as_deref().unwrap_or_default()) {
                e.codes.push(super::key(known.name_fr));
            }
        }
    }
    for c in out.values_mut() {
        c.codes.push(super::key(&c.fr));
        if let Some(en) = &c.en {
            c.codes.push(super::key(en));
        }
        c.codes.sort();
        c.codes.dedup();
    }
    Ok(out)
}

/// The partnerships of the store, keyed by IRI.
fn partnerships(
    store: &Store,
    names: &mut Labels,
    all_countries: &BTreeMap<String, Country>,
) -> Result<BTreeMap<String, Partnership>, SearchError> {
    let mut out: BTreeMap<String, Partnership> = BTreeMap::new();
    let is_p = format!("?p {} {}", rdf::TYPE, atlas::PARTNERSHIP);
    let q = format!(
        "SELECT ?p ?f ?t WHERE {{ {is_p} . VALUES ?f {{ {} {} {} {} {} }} ?p ?f ?t }}",
        dcterms::TITLE,
        dcterms::DESCRIPTION,
        atlas::CONTEXT,
        atlas::OBJECTIVE,
        atlas::BENEFICIARIES
    );
    for r in rows(store, &q)? {
        let (Some(p), Some(f), Some(t)) = (r[0].clone(), r[1].as_deref(), r[2].clone()) else {
            continue;
        };
        let e = out.entry(p).or_default();
        if f == dcterms::TITLE.as_str() {
            e.title.push(t)
        } else {
            e.body.push(t)
        }
    }
    let q = format!(
        "SELECT ?p ?s ?k ?y WHERE {{ {is_p} OPTIONAL {{ ?p {} ?s }} OPTIONAL {{ ?p {} ?k }} \
         OPTIONAL {{ ?p {} ?y }} }}",
        atlas::STATUS,
        atlas::PARTNERSHIP_KIND,
        atlas::START_YEAR
    );
    for r in rows(store, &q)? {
        let Some(p) = r[0].clone() else { continue };
        let status = match &r[1] {
            Some(s) => names.of(s)?,
            None => None,
        };
        let kind = match &r[2] {
            Some(k) => names.of(k)?,
            None => None,
        };
        let e = out.entry(p).or_default();
        e.status = e.status.take().or(status);
        e.kind = e.kind.take().or(kind);
        e.start = e.start.take().or(r[3].clone());
    }
    let q = format!(
        "SELECT DISTINCT ?p ?o WHERE {{ {is_p} . ?p {}|{}|{}|{}|({}/{}) ?o }}",
        atlas::FRENCH_PARTNER,
        atlas::FOREIGN_PARTNER_PROP,
        atlas::PROJECT_OWNER,
        atlas::IMPLEMENTER,
        atlas::FUNDING_PROP,
        atlas::FUNDER
    );
    for r in rows(store, &q)? {
        let (Some(p), Some(o)) = (r[0].clone(), r[1].as_deref()) else {
            continue;
        };
        if let Some(name) = names.of(o)? {
            out.entry(p).or_default().related.insert(name);
        }
    }
    let q = format!(
        "SELECT DISTINCT ?p ?c WHERE {{ {is_p} . ?p {}/{} ?c }}",
        atlas::FOREIGN_PARTNER_PROP,
        atlas::COUNTRY_PROP
    );
    for r in rows(store, &q)? {
        let (Some(p), Some(c)) = (r[0].clone(), r[1].as_deref()) else {
            continue;
        };
        if let Some(country) = all_countries.get(c) {
            let e = out.entry(p).or_default();
            e.countries.insert(c.to_string());
            e.related.insert(country.fr.clone());
            e.related.extend(country.en.clone());
        }
    }
    let q = format!(
        "SELECT DISTINCT ?p ?t WHERE {{ {is_p} . ?p {}|{} ?t }}",
        atlas::MAIN_THEME,
        atlas::OTHER_THEME
    );
    for r in rows(store, &q)? {
        let (Some(p), Some(t)) = (r[0].clone(), r[1].as_deref()) else {
            continue;
        };
        let path = labels::theme_path(store, t).map_err(|e| SearchError::Store(e.to_string()))?;
        let mut labelled = Vec::new();
        for step in &path {
            labelled.extend(names.of(step)?);
        }
        let e = out.entry(p).or_default();
        if let Some(top) = labelled.first() {
            e.themes.insert(top.clone());
        }
        e.related.extend(labelled);
    }
    Ok(out)
}

/// Writes every document of the store into `index` (empty) and commits.
pub fn write(store: &Store, index: &Index, f: &Fields) -> Result<Built, SearchError> {
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 50_000_000)?;
    let mut names = Labels {
        store,
        seen: BTreeMap::new(),
    };
    let all_countries = countries(store)?;
    let ps = partnerships(store, &mut names, &all_countries)?;
    let mut built = Built::default();
    // Start years of each organisation's partnerships, for the reconciliation's conditions.
    let mut org_years: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let q = format!(
        "SELECT DISTINCT ?p ?o WHERE {{ ?p {} {} ; {}|{} ?o }}",
        rdf::TYPE,
        atlas::PARTNERSHIP,
        atlas::FRENCH_PARTNER,
        atlas::FOREIGN_PARTNER_PROP
    );
    let mut org_count: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows(store, &q)? {
        let (Some(p), Some(o)) = (r[0].as_deref(), r[1].clone()) else {
            continue;
        };
        *org_count.entry(o.clone()).or_default() += 1;
        if let Some(y) = ps.get(p).and_then(|p| p.start.clone()) {
            org_years.entry(o).or_default().insert(y);
        }
    }
    for (iri, p) in &ps {
        let mut d = TantivyDocument::default();
        d.add_text(f.iri, iri);
        d.add_text(f.kind, Kind::Partnership.code());
        let title = p.title.first().cloned().unwrap_or_default();
        d.add_text(f.label, &title);
        d.add_text(f.name, &title);
        d.add_text(f.body, p.body.join("\n"));
        d.add_text(
            f.related,
            p.related.iter().cloned().collect::<Vec<_>>().join(" · "),
        );
        for c in &p.countries {
            if let Some(country) = all_countries.get(c) {
                d.add_text(f.country, &country.fr);
                for code in &country.codes {
                    d.add_text(f.country_key, code);
                }
            }
        }
        for t in &p.themes {
            d.add_text(f.theme, t);
        }
        p.status.iter().for_each(|s| d.add_text(f.status, s));
        p.kind.iter().for_each(|s| d.add_text(f.pkind, s));
        if let Some(y) = &p.start {
            d.add_text(f.year, y);
            if let Ok(n) = y.parse::<i32>() {
                d.add_text(f.decade, (n - n.rem_euclid(10)).to_string());
            }
        }
        writer.add_document(d)?;
        built.partnerships += 1;
    }
    built.organisations = organisations(
        store,
        &mut writer,
        f,
        &all_countries,
        &org_count,
        &org_years,
    )?;
    built.concepts = concepts(store, &mut writer, f, &all_countries)?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(built)
}

/// The organisations: French local authorities, foreign partners and the others (funders,
/// implementers), by name, with country, SIREN, INSEE code and Wikidata item.
fn organisations(
    store: &Store,
    writer: &mut tantivy::IndexWriter,
    f: &Fields,
    all_countries: &BTreeMap<String, Country>,
    counts: &BTreeMap<String, usize>,
    years: &BTreeMap<String, BTreeSet<String>>,
) -> Result<usize, SearchError> {
    let q = format!(
        "SELECT ?o (SAMPLE(?n) AS ?name) (SAMPLE(?t) AS ?type) (SAMPLE(?c) AS ?country) \
         (SAMPLE(?s) AS ?siren) (SAMPLE(?i) AS ?insee) (SAMPLE(?w) AS ?wd) WHERE {{ \
         ?o {} {} ; {} ?n . \
         OPTIONAL {{ ?o {} ?t FILTER(?t IN ({}, {})) }} OPTIONAL {{ ?o {} ?c }} \
         OPTIONAL {{ ?o {} ?s }} OPTIONAL {{ ?o {} ?i }} \
         OPTIONAL {{ ?o {} ?w FILTER(STRSTARTS(STR(?w), \"{}\")) }} }} GROUP BY ?o ORDER BY ?o",
        rdf::TYPE,
        org::ORGANIZATION,
        crate::vocab::rdfs::LABEL,
        rdf::TYPE,
        atlas::FRENCH_LOCAL_AUTHORITY,
        atlas::FOREIGN_PARTNER,
        atlas::COUNTRY_PROP,
        atlas::SIREN,
        atlas::INSEE_CODE,
        owl::SAME_AS,
        crate::vocab::wikidata::ENTITY
    );
    let mut n = 0;
    for r in rows(store, &q)? {
        let (Some(iri), Some(name)) = (r[0].as_deref(), r[1].as_deref()) else {
            continue;
        };
        let kind = match r[2].as_deref() {
            Some(t) if t == atlas::FRENCH_LOCAL_AUTHORITY.as_str() => Kind::FrenchAuthority,
            Some(t) if t == atlas::FOREIGN_PARTNER.as_str() => Kind::ForeignPartner,
            _ => Kind::Organisation,
        };
        let mut d = TantivyDocument::default();
        d.add_text(f.iri, iri);
        d.add_text(f.kind, kind.code());
        d.add_text(f.label, name);
        d.add_text(f.name, name);
        if let Some(country) = r[3].as_deref().and_then(|c| all_countries.get(c)) {
            d.add_text(f.country, &country.fr);
            d.add_text(
                f.related,
                [Some(country.fr.clone()), country.en.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            for code in &country.codes {
                d.add_text(f.country_key, code);
            }
        }
        r[4].iter().for_each(|s| d.add_text(f.siren, s));
        r[5].iter().for_each(|s| d.add_text(f.insee, s));
        r[6].iter().for_each(|s| d.add_text(f.wikidata, s));
        d.add_text(f.count, counts.get(iri).copied().unwrap_or(0).to_string());
        for y in years.get(iri).into_iter().flatten() {
            d.add_text(f.year, y);
        }
        writer.add_document(d)?;
        n += 1;
    }
    Ok(n)
}

/// Themes (every level, from the theme scheme) and the countries the store names.
fn concepts(
    store: &Store,
    writer: &mut tantivy::IndexWriter,
    f: &Fields,
    all_countries: &BTreeMap<String, Country>,
) -> Result<usize, SearchError> {
    let q = format!(
        "SELECT ?t ?l WHERE {{ GRAPH <{}> {{ ?t {} ?l }} }} ORDER BY ?t ?l",
        crate::store::THEMES_GRAPH,
        skos::PREF_LABEL
    );
    // Every label of a theme, the French one as its label, the others (English) as related.
    let mut themes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rows(store, &q)? {
        let (Some(iri), Some(label)) = (r[0].clone(), r[1].clone()) else {
            continue;
        };
        themes.entry(iri).or_default().push(label);
    }
    let mut n = 0;
    for (iri, all) in &themes {
        let label = labels::label(store, iri).map_err(|e| SearchError::Store(e.to_string()))?;
        let label = label.or_else(|| all.first().cloned()).unwrap_or_default();
        let mut d = TantivyDocument::default();
        d.add_text(f.iri, iri);
        d.add_text(f.kind, Kind::Theme.code());
        d.add_text(f.label, &label);
        for l in all {
            d.add_text(f.name, l);
            if *l != label {
                d.add_text(f.related, l);
            }
        }
        writer.add_document(d)?;
        n += 1;
    }
    for (iri, c) in all_countries {
        let mut d = TantivyDocument::default();
        d.add_text(f.iri, iri);
        d.add_text(f.kind, Kind::Country.code());
        d.add_text(f.label, &c.fr);
        d.add_text(f.name, &c.fr);
        if let Some(en) = &c.en {
            d.add_text(f.related, en);
            d.add_text(f.name, en);
        }
        d.add_text(f.country, &c.fr);
        for code in &c.codes {
            d.add_text(f.country_key, code);
        }
        writer.add_document(d)?;
        n += 1;
    }
    Ok(n)
}
