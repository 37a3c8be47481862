//! The activities read from the store, one SPARQL query per kind of fact (over the union of
//! the graphs), gathered by partnership.

use super::{Activity, Flow, LeftOut, Participant, Reporter, Sector, shares};
use crate::model::Amount;
use crate::store::describe::{DescribeError, select};
use crate::vocab::{atlas, dcterms, iati, ns, rdfs, skos};
use oxigraph::model::Term;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// The text of a literal, the IRI of a named node.
fn text(t: Option<&Term>) -> Option<String> {
    match t? {
        Term::Literal(l) => Some(l.value().to_string()),
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// Whether a literal is in French or has no language (what a French narrative may hold).
fn french(t: Option<&Term>) -> bool {
    match t {
        Some(Term::Literal(l)) => l.language().is_none_or(|l| l == "fr"),
        _ => false,
    }
}

/// Everything known of one partnership while reading.
#[derive(Default)]
struct Draft {
    title: Option<String>,
    descriptions: BTreeMap<u8, String>,
    status: Option<String>,
    start_year: Option<i32>,
    end_date: Option<String>,
    main_theme: Option<String>,
    other_themes: BTreeSet<String>,
    participants: BTreeMap<(u8, String), Participant>,
    countries: BTreeSet<String>,
    flows: Vec<Flow>,
    dac: Option<(usize, String)>,
    missing_year: bool,
}

/// Every activity the store's partnerships make, sorted by IRI, and those left out.
pub fn activities(
    store: &Store,
    reporter: &Reporter,
) -> Result<(Vec<Activity>, Vec<LeftOut>), DescribeError> {
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    fields(store, &mut drafts)?;
    let info = orgs(store)?;
    organisations(store, reporter, &info, &mut drafts)?;
    funding(store, reporter, &info, &mut drafts)?;
    themes(store, &mut drafts)?;
    let labels = theme_labels(store)?;
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    for (iri, d) in drafts {
        match finish(&iri, d, &labels) {
            Ok(a) => out.push(a),
            Err(reason) => left_out.push(LeftOut { iri, reason }),
        }
    }
    Ok((out, left_out))
}

/// Title, descriptions, status, dates and themes.
fn fields(store: &Store, drafts: &mut BTreeMap<String, Draft>) -> Result<(), DescribeError> {
    let q = format!(
        "SELECT ?p ?k ?v ?code WHERE {{ ?p a {} ; ?k ?v \
         FILTER(?k IN ({}, {}, {}, {}, {}, {}, {}, {}, {})) \
         OPTIONAL {{ ?v {} ?code FILTER(STRSTARTS(STR(?code), \"{}\")) }} }}",
        atlas::PARTNERSHIP,
        dcterms::TITLE,
        dcterms::DESCRIPTION,
        atlas::OBJECTIVE,
        atlas::BENEFICIARIES,
        atlas::START_YEAR,
        atlas::END_DATE,
        atlas::MAIN_THEME,
        atlas::OTHER_THEME,
        atlas::STATUS,
        skos::EXACT_MATCH,
        iati::ACTIVITY_STATUS,
    );
    for row in select(store, &q)? {
        let (Some(p), Some(k)) = (text(row[0].as_ref()), text(row[1].as_ref())) else {
            continue;
        };
        let d = drafts.entry(p).or_default();
        let v = row[2].as_ref();
        let Some(value) = text(v) else { continue };
        let description = |n: u8| (n, french(v));
        match k.as_str() {
            k if k == dcterms::TITLE.as_str() && french(v) => keep_min(&mut d.title, value),
            k if k == dcterms::DESCRIPTION.as_str() => put(d, description(1), value),
            k if k == atlas::OBJECTIVE.as_str() => put(d, description(2), value),
            k if k == atlas::BENEFICIARIES.as_str() => put(d, description(3), value),
            k if k == atlas::START_YEAR.as_str() => {
                d.start_year = value.get(..4).and_then(|y| y.parse().ok());
            }
            k if k == atlas::END_DATE.as_str() => keep_min(&mut d.end_date, value),
            k if k == atlas::MAIN_THEME.as_str() => keep_min(&mut d.main_theme, value),
            k if k == atlas::OTHER_THEME.as_str() => {
                d.other_themes.insert(value);
            }
            k if k == atlas::STATUS.as_str() => {
                if let Some(code) = text(row[3].as_ref()) {
                    let code = code.trim_start_matches(iati::ACTIVITY_STATUS).to_string();
                    keep_min(&mut d.status, code);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn put(d: &mut Draft, (kind, fr): (u8, bool), value: String) {
    if fr && !value.trim().is_empty() {
        d.descriptions
            .entry(kind)
            .and_modify(|v| {
                if value < *v {
                    v.clone_from(&value);
                }
            })
            .or_insert(value);
    }
}

/// Keeps the smallest of the values seen: the same answer whatever order the store gives.
fn keep_min(slot: &mut Option<String>, value: String) {
    if slot.as_ref().is_none_or(|v| value < *v) {
        *slot = Some(value);
    }
}

/// What the store says of an organisation.
#[derive(Default, Clone)]
struct Org {
    name: Option<String>,
    siren: Option<String>,
    country: Option<String>,
    authority: bool,
}

/// Every organisation of the store, by IRI. An organisation is described again in every record
/// graph that names it: the pattern is matched within one graph (`GRAPH ?g`), or the union of
/// the graphs would join each graph's type with every other graph's statements (quadratic in
/// the partnerships naming it: hours and gigabytes at 15,000 records).
fn orgs(store: &Store) -> Result<BTreeMap<String, Org>, DescribeError> {
    let q = format!(
        "SELECT ?o ?k ?v WHERE {{ GRAPH ?g {{ ?o a {} ; ?k ?v FILTER(?k IN ({}, {}, {}, {})) }} }}",
        org_class(),
        rdfs::LABEL,
        atlas::SIREN,
        atlas::COUNTRY_PROP,
        oxigraph::model::vocab::rdf::TYPE,
    );
    let mut out: BTreeMap<String, Org> = BTreeMap::new();
    for row in select(store, &q)? {
        let (Some(o), Some(k), Some(v)) = (
            text(row[0].as_ref()),
            text(row[1].as_ref()),
            text(row[2].as_ref()),
        ) else {
            continue;
        };
        let e = out.entry(o).or_default();
        match k.as_str() {
            k if k == rdfs::LABEL.as_str() => keep_min(&mut e.name, v),
            k if k == atlas::SIREN.as_str() => keep_min(&mut e.siren, v),
            k if k == atlas::COUNTRY_PROP.as_str() => keep_min(&mut e.country, v),
            _ if v == atlas::FRENCH_LOCAL_AUTHORITY.as_str() => e.authority = true,
            _ => {}
        }
    }
    Ok(out)
}

fn org_class() -> oxigraph::model::NamedNodeRef<'static> {
    crate::vocab::org::ORGANIZATION
}

/// A participant from what the store says of it.
fn participant(role: u8, iri: &str, o: &Org, reporter: &Reporter) -> Participant {
    Participant {
        role,
        name: o.name.clone().unwrap_or_else(|| iri.to_string()),
        iri: iri.to_string(),
        reference: reference(o, reporter),
        organisation_type: o.authority.then_some("11"),
        country: o.country.clone(),
    }
}

/// A French authority's SIREN-based IATI identifier, when the agency prefix is configured.
fn reference(o: &Org, reporter: &Reporter) -> Option<String> {
    match (&reporter.siren_prefix, &o.siren) {
        (Some(prefix), Some(siren)) => Some(format!("{prefix}-{siren}")),
        _ => None,
    }
}

/// Project owners and French partners (2, accountable), implementers and foreign partners
/// (4, implementing), and the recipient countries.
fn organisations(
    store: &Store,
    reporter: &Reporter,
    info: &BTreeMap<String, Org>,
    drafts: &mut BTreeMap<String, Draft>,
) -> Result<(), DescribeError> {
    let roles = [
        (atlas::PROJECT_OWNER, 2),
        (atlas::FRENCH_PARTNER, 2),
        (atlas::IMPLEMENTER, 4),
        (atlas::FOREIGN_PARTNER_PROP, 4),
    ];
    // Within the partnership's graph, which describes its partners and their countries (a
    // country is described in every graph naming it: across graphs the join is quadratic).
    let q = format!(
        "SELECT ?p ?k ?o ?a2 WHERE {{ GRAPH ?g {{ ?p a {} ; ?k ?o FILTER(?k IN ({}, {}, {}, {})) \
         OPTIONAL {{ ?o {} ?c . ?c {} ?a2 }} }} }}",
        atlas::PARTNERSHIP,
        roles[0].0,
        roles[1].0,
        roles[2].0,
        roles[3].0,
        atlas::COUNTRY_PROP,
        atlas::ISO_ALPHA2,
    );
    let empty = Org::default();
    for row in select(store, &q)? {
        let (Some(p), Some(k), Some(o)) = (
            text(row[0].as_ref()),
            text(row[1].as_ref()),
            text(row[2].as_ref()),
        ) else {
            continue;
        };
        let Some(&(prop, role)) = roles.iter().find(|(r, _)| r.as_str() == k) else {
            continue;
        };
        let d = drafts.entry(p).or_default();
        if prop == atlas::FOREIGN_PARTNER_PROP
            && let Some(a2) = text(row[3].as_ref())
        {
            d.countries.insert(a2);
        }
        let who = info.get(&o).unwrap_or(&empty);
        d.participants
            .entry((role, o.clone()))
            .or_insert_with(|| participant(role, &o, who, reporter));
    }
    Ok(())
}

/// The funding rows: each row's main amount and each of its levies, and the funders (1).
fn funding(
    store: &Store,
    reporter: &Reporter,
    info: &BTreeMap<String, Org>,
    drafts: &mut BTreeMap<String, Draft>,
) -> Result<(), DescribeError> {
    let q = format!(
        "SELECT ?p ?f ?node ?amount ?year ?funder ?law WHERE {{ ?p {funding} ?f . \
         {{ ?f {amount} ?amount BIND(?f AS ?node) }} UNION \
         {{ ?f {levy} ?node . ?node {levy_amount} ?amount OPTIONAL {{ ?node {law} ?law }} }} \
         OPTIONAL {{ ?f {year} ?year }} OPTIONAL {{ ?f {funder} ?funder }} }}",
        funding = atlas::FUNDING_PROP,
        amount = atlas::AMOUNT,
        levy_amount = atlas::LEVY_AMOUNT,
        levy = atlas::LEVY_PROP,
        law = atlas::LEVY_LAW_PROP,
        year = atlas::YEAR,
        funder = atlas::FUNDER,
    );
    let empty = Org::default();
    // Keyed by the node (a row or a levy): one amount each, whatever the query repeats.
    let mut flows: BTreeMap<(String, String), Flow> = BTreeMap::new();
    for row in select(store, &q)? {
        let (Some(p), Some(f), Some(node), Some(amount)) = (
            text(row[0].as_ref()),
            text(row[1].as_ref()),
            text(row[2].as_ref()),
            text(row[3].as_ref()),
        ) else {
            continue;
        };
        let d = drafts.entry(p.clone()).or_default();
        let year = text(row[4].as_ref()).and_then(|y| y.get(..4).and_then(|y| y.parse().ok()));
        let Some(year) = year else {
            d.missing_year = true;
            continue;
        };
        let funder = text(row[5].as_ref());
        let who = funder.as_ref().and_then(|f| info.get(f)).unwrap_or(&empty);
        if let Some(fi) = &funder {
            d.participants
                .entry((1, fi.clone()))
                .or_insert_with(|| participant(1, fi, who, reporter));
        }
        let levy_law = (node != f).then(|| text(row[6].as_ref()).unwrap_or_default());
        flows.entry((p, node.clone())).or_insert(Flow {
            year,
            funder: who.name.clone().or(funder).unwrap_or_default(),
            funder_ref: reference(who, reporter),
            iri: node,
            levy_law,
            amount: amount.parse::<Amount>().unwrap_or_default(),
        });
    }
    for ((p, _), flow) in flows {
        drafts.entry(p).or_default().flows.push(flow);
    }
    Ok(())
}

/// The main theme's DAC purpose code: its own, else its nearest ancestor's (the longest IRI
/// among them: a narrower concept's IRI extends its parent's path).
fn themes(store: &Store, drafts: &mut BTreeMap<String, Draft>) -> Result<(), DescribeError> {
    let q = format!(
        "SELECT ?p ?a ?code WHERE {{ ?p {} ?t . ?t {}* ?a . ?a {} ?code }}",
        atlas::MAIN_THEME,
        skos::BROADER,
        atlas::DAC_PURPOSE_CODE,
    );
    for row in select(store, &q)? {
        let (Some(p), Some(a), Some(code)) = (
            text(row[0].as_ref()),
            text(row[1].as_ref()),
            text(row[2].as_ref()),
        ) else {
            continue;
        };
        let d = drafts.entry(p).or_default();
        let candidate = (a.len(), code);
        let better = match &d.dac {
            None => true,
            Some((len, code)) => candidate.0 > *len || (candidate.0 == *len && candidate.1 < *code),
        };
        if better {
            d.dac = Some(candidate);
        }
    }
    Ok(())
}

/// French labels of the theme concepts.
fn theme_labels(store: &Store) -> Result<BTreeMap<String, String>, DescribeError> {
    let q = format!(
        "SELECT ?t ?l WHERE {{ ?t {} ?l FILTER(STRSTARTS(STR(?t), \"{}\") && LANG(?l) = \"fr\") }}",
        skos::PREF_LABEL,
        ns::THEME,
    );
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for row in select(store, &q)? {
        if let (Some(t), Some(l)) = (text(row[0].as_ref()), text(row[1].as_ref())) {
            out.entry(t)
                .and_modify(|v| {
                    if l < *v {
                        v.clone_from(&l);
                    }
                })
                .or_insert(l);
        }
    }
    Ok(out)
}

/// A theme line of vocabulary 99 or 98: its path below the scheme as the code.
fn theme_sector(
    vocabulary: &'static str,
    iri: &str,
    labels: &BTreeMap<String, String>,
    share: u32,
) -> Sector {
    Sector {
        vocabulary,
        code: iri.strip_prefix(ns::THEME).unwrap_or(iri).to_string(),
        label: labels.get(iri).cloned().unwrap_or_default(),
        percent_hundredths: share,
    }
}

/// The activity, or why it cannot be written valid.
fn finish(iri: &str, d: Draft, labels: &BTreeMap<String, String>) -> Result<Activity, String> {
    let title = d.title.ok_or("no French title")?;
    if d.descriptions.is_empty() {
        return Err("no description, objective or beneficiaries to describe it".into());
    }
    let status = d.status.ok_or("no status with an IATI activity status")?;
    if d.start_year.is_none() && d.end_date.is_none() {
        return Err("neither a start year nor an end date".into());
    }
    if d.countries.is_empty() {
        return Err("no partner country".into());
    }
    if d.missing_year {
        return Err("a funding row without a year (its period is unknown)".into());
    }
    if d.participants.is_empty() {
        return Err("no participating organisation".into());
    }
    let (_, dac) = d.dac.ok_or("no theme with a DAC purpose code")?;
    let main = d.main_theme.ok_or("no main theme")?;
    let mut sectors = vec![
        Sector {
            vocabulary: "1",
            code: dac,
            label: String::new(),
            percent_hundredths: 10_000,
        },
        theme_sector("99", &main, labels, 10_000),
    ];
    let others: Vec<&String> = d.other_themes.iter().filter(|t| **t != main).collect();
    for (t, share) in others.iter().zip(shares(others.len())) {
        sectors.push(theme_sector("98", t, labels, share));
    }
    let mut flows = d.flows;
    flows.sort();
    Ok(Activity {
        iri: iri.to_string(),
        id: iri.rsplit('/').next().unwrap_or(iri).to_string(),
        title,
        descriptions: d.descriptions.into_iter().collect(),
        status,
        start_year: d.start_year,
        end_date: d.end_date,
        participants: d.participants.into_values().collect(),
        countries: d.countries.into_iter().collect(),
        sectors,
        flows,
    })
}
