//! The index built from the store in one pass, straight from the store's indexes: each
//! partnership read from its own triples and written at once, the labels of what it names
//! looked up once per IRI and kept, the organisations, countries and themes from scans of
//! their properties across every graph; then one commit. What the store holds is what the
//! index says, after an import, a prune, a replaced record or `--previous` alike. Memory
//! follows the distinct things named, not the records: the search build of a million
//! records once gathered every text first and took 6 GB.
//!
//! Why not SPARQL: the same organisations, countries and themes are written into every record
//! graph that names them, and over the union of the graphs a join of their properties grows
//! with the square (or worse, through each OPTIONAL) of the number of graphs that repeat them;
//! asking a label by query for each mention cost a query each. A build took minutes for 1,000
//! records.
//!
//! Only texts meant for everyone are read: titles, descriptions, context, objectives,
//! beneficiaries, names of organisations, themes and countries. Contacts' names and e-mails
//! (`foaf:name`, `vcard`) are never kept: labels are read only for the organisations, themes,
//! statuses and kinds the partnerships name, whatever the contact profile of the store.

use super::read::*;
use super::source::Source;
use super::{Fields, Kind, SearchError};
use crate::vocab::{self, atlas, org, owl, skos};
use oxigraph::model::NamedNodeRef;
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

/// Writes every document of the store into `index` (empty) and commits, once. The
/// partnerships are read and written one at a time, as the source gives them (the store: in
/// the order of its keys), and the writer flushes within its budget: what stays in memory is
/// what is kept of the distinct organisations, themes and countries they name, so that a
/// million records fit where fifteen thousand do.
pub fn write(store: &dyn Source, index: &Index, f: &Fields) -> Result<Built, SearchError> {
    let all_countries = countries(store)?;
    let themes = theme_labels(store)?;
    let mut lookup = Lookup::new(store)?;
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 50_000_000)?;
    let mut built = Built::default();
    // Each organisation's number of partnerships and their start years, for the
    // reconciliation's conditions.
    let mut org_years: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut org_count: BTreeMap<String, usize> = BTreeMap::new();
    store.each_of_type(atlas::PARTNERSHIP, &mut |iri| {
        let p = partnership(store, iri, &mut lookup, &all_countries)?;
        for o in &p.partners {
            *org_count.entry(o.clone()).or_default() += 1;
            if let Some(y) = &p.start {
                org_years.entry(o.clone()).or_default().insert(y.clone());
            }
        }
        writer.add_document(partnership_document(f, iri, &p, &all_countries))?;
        built.partnerships += 1;
        Ok(())
    })?;
    let organisations = of_type(store, org::ORGANIZATION)?;
    let orgs = Organisations {
        iris: &organisations,
        countries: &all_countries,
        counts: &org_count,
        years: &org_years,
    };
    built.organisations = orgs.write(store, &mut writer, f)?;
    built.concepts = concepts(&mut writer, f, &themes, &mut lookup, &all_countries)?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(built)
}

/// A partnership's document.
fn partnership_document(
    f: &Fields,
    iri: &str,
    p: &Partnership,
    all_countries: &BTreeMap<String, Country>,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.iri, iri);
    d.add_text(f.kind, Kind::Partnership.code());
    let title = p.title.clone().unwrap_or_default();
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
    d
}

/// The organisations: French local authorities, foreign partners and the others (funders,
/// implementers), by name, with country, SIREN, INSEE code and Wikidata item.
struct Organisations<'a> {
    iris: &'a BTreeSet<String>,
    countries: &'a BTreeMap<String, Country>,
    counts: &'a BTreeMap<String, usize>,
    years: &'a BTreeMap<String, BTreeSet<String>>,
}

impl Organisations<'_> {
    fn write(
        &self,
        store: &dyn Source,
        writer: &mut tantivy::IndexWriter,
        f: &Fields,
    ) -> Result<usize, SearchError> {
        let keep = |s: &str| self.iris.contains(s);
        let authorities = of_type(store, atlas::FRENCH_LOCAL_AUTHORITY)?;
        let foreign = of_type(store, atlas::FOREIGN_PARTNER)?;
        let located = scan(store, atlas::COUNTRY_PROP, None, keep)?;
        let siren = scan(store, atlas::SIREN, None, keep)?;
        let insee = scan(store, atlas::INSEE_CODE, None, keep)?;
        let same_as = scan(store, owl::SAME_AS, None, keep)?;
        let mut n = 0;
        for iri in self.iris {
            // An organisation without an `rdfs:label` is not indexed (nothing to find it by).
            let Some(name) = text_of(store, iri, vocab::rdfs::LABEL)? else {
                continue;
            };
            let kind = if authorities.contains(iri) {
                Kind::FrenchAuthority
            } else if foreign.contains(iri) {
                Kind::ForeignPartner
            } else {
                Kind::Organisation
            };
            let mut d = TantivyDocument::default();
            d.add_text(f.iri, iri);
            d.add_text(f.kind, kind.code());
            d.add_text(f.label, &name);
            d.add_text(f.name, &name);
            let country = nodes(&located, iri).find_map(|c| self.countries.get(c));
            if let Some(country) = country {
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
            let lexical = |o: &Objects| {
                o.get(iri)
                    .and_then(|v| v.iter().next())
                    .map(|v| v.lexical().to_string())
            };
            lexical(&siren).iter().for_each(|s| d.add_text(f.siren, s));
            lexical(&insee).iter().for_each(|s| d.add_text(f.insee, s));
            nodes(&same_as, iri)
                .find(|w| w.starts_with(crate::vocab::wikidata::ENTITY))
                .iter()
                .for_each(|w| d.add_text(f.wikidata, w));
            d.add_text(
                f.count,
                self.counts.get(iri).copied().unwrap_or(0).to_string(),
            );
            for y in self.years.get(iri).into_iter().flatten() {
                d.add_text(f.year, y);
            }
            writer.add_document(d)?;
            n += 1;
        }
        Ok(n)
    }
}

/// Every label of each theme of the theme scheme, French first.
fn theme_labels(store: &dyn Source) -> Result<BTreeMap<String, Vec<String>>, SearchError> {
    let graph = NamedNodeRef::new_unchecked(crate::store::THEMES_GRAPH);
    Ok(scan(store, skos::PREF_LABEL, Some(graph.into()), |_| true)?
        .into_iter()
        .map(|(t, ls)| {
            (
                t,
                ls.iter()
                    .filter_map(Value::text)
                    .map(str::to_string)
                    .collect(),
            )
        })
        .collect())
}

/// Themes (every level, from the theme scheme) and the countries the store names.
fn concepts(
    writer: &mut tantivy::IndexWriter,
    f: &Fields,
    themes: &BTreeMap<String, Vec<String>>,
    names: &mut Lookup<'_>,
    all_countries: &BTreeMap<String, Country>,
) -> Result<usize, SearchError> {
    let mut n = 0;
    // Every label of a theme, the French one as its label, the others (English) as related.
    for (iri, all) in themes {
        let label = names
            .label(iri)?
            .or_else(|| all.first().cloned())
            .unwrap_or_default();
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
