//! Foreign partners linked to their Wikidata places. They have no shared identifier: each is
//! found by name, in its country, with evidence ([`super::decide`]), through a W3C reconciliation
//! service; what the items are (country, point, twinnings) is asked of the SPARQL endpoint,
//! never taken from the service. Every answer is cached (a later run, or `--offline`, asks
//! nothing it knows); every decision goes to the review file, where a person's decision wins.
//!
//! Runs after [`super::wikidata::run`], which clears the links graph and links the countries
//! and French authorities this module starts from.

use super::decide::decide;
use super::facts::{self, Twin};
use super::reconcile::{self, Query, clean_name, is_organisation};
use super::review::{self, Decision, Row};
use super::wikidata::{Cache, LinkError, LinkOptions};
use crate::store::{Handle, StoreError, WIKIDATA_LINKS_GRAPH, storage_error};
use crate::vocab::{atlas, gsp, owl, rdf, rdfs, wikidata as wd, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How to link the places.
#[derive(Debug, Clone)]
pub struct PlacesOptions {
    /// The reconciliation service (v0.2).
    pub service: String,
    /// The review file.
    pub review: PathBuf,
    /// Queries per reconciliation request.
    pub batch: usize,
    /// Items per SPARQL request.
    pub items_batch: usize,
    /// Today, `YYYY-MM-DD`: the date of new decisions.
    pub date: String,
    /// Whether the review file is rewritten with this run's decisions, or only read.
    pub review_mode: ReviewMode,
}

/// What a run does with the review file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewMode {
    /// Read first, then rewritten with every partner (`link wikidata`).
    #[default]
    Rewrite,
    /// Read only: a rebuild (`publish`, `import`) applies a person's decisions and never
    /// changes the file they edit.
    ReadOnly,
}

/// What a places run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PlacesSummary {
    /// Foreign partners in the store.
    pub partners: usize,
    /// Names asked of the service.
    pub asked: usize,
    /// Requests to the reconciliation service.
    pub reconcile_requests: usize,
    /// Requests to the SPARQL endpoint.
    pub sparql_requests: usize,
    /// Waits before a retry.
    pub retries: usize,
    /// Decisions, by kind (`auto`, `twinned`, ...).
    pub decisions: BTreeMap<&'static str, usize>,
    /// Partners that are organisations, not places.
    pub organisations: usize,
    /// Places linked (foreign partners).
    pub links: usize,
    /// Points written (foreign partners and French authorities).
    pub points: usize,
}

/// A foreign partner, as the store knows it.
#[derive(Debug, Clone, Default)]
struct Partner {
    name: String,
    iso: String,
    /// The items of the French authorities it is in partnership with.
    french: BTreeSet<String>,
}

/// Runs one SELECT on the store: rows of variable -> value (IRIs and literals' lexical forms).
pub(crate) fn store_select(
    store: &Store,
    path: &Path,
    query: &str,
) -> Result<Vec<BTreeMap<String, String>>, LinkError> {
    let io = |e: String| LinkError::Store(StoreError::Io(std::io::Error::other(e)));
    let results = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| io(format!("{}: {e}", path.display())))?
        .on_store(store)
        .execute()
        .map_err(|e| io(format!("{}: {e}", path.display())))?;
    let mut rows = Vec::new();
    if let QueryResults::Solutions(solutions) = results {
        for s in solutions {
            let s = s.map_err(|e| io(e.to_string()))?;
            let mut row = BTreeMap::new();
            for (var, term) in s.iter() {
                let value = match term {
                    Term::NamedNode(n) => n.as_str().to_string(),
                    Term::Literal(l) => l.value().to_string(),
                    _ => continue,
                };
                row.insert(var.as_str().to_string(), value);
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

/// French authority IRI -> its item.
type French = BTreeMap<String, String>;

/// The foreign partners, and the French authorities' items (authority IRI -> item).
fn read_store(
    store: &Store,
    path: &Path,
) -> Result<(BTreeMap<String, Partner>, French), LinkError> {
    let links = format!("<{WIKIDATA_LINKS_GRAPH}>");
    let mut partners: BTreeMap<String, Partner> = BTreeMap::new();
    let q = format!(
        "SELECT ?p ?name ?iso WHERE {{ GRAPH ?g {{ ?p {} {} ; {} ?name . \
         OPTIONAL {{ ?p {} ?c . ?c {} ?iso }} }} }} ORDER BY ?p ?name ?iso",
        rdf::TYPE,
        atlas::FOREIGN_PARTNER,
        rdfs::LABEL,
        atlas::COUNTRY_PROP,
        atlas::ISO_ALPHA2
    );
    for row in store_select(store, path, &q)? {
        let (Some(p), Some(name)) = (row.get("p"), row.get("name")) else {
            continue;
        };
        partners.entry(p.clone()).or_insert_with(|| Partner {
            name: name.clone(),
            iso: row.get("iso").cloned().unwrap_or_default(),
            french: BTreeSet::new(),
        });
    }
    let q = format!(
        "SELECT DISTINCT ?fp ?item WHERE {{ GRAPH ?g {{ ?p {} ?fp ; {} ?fr }} \
         GRAPH {links} {{ ?fr {} ?item }} }}",
        atlas::FOREIGN_PARTNER_PROP,
        atlas::FRENCH_PARTNER,
        owl::SAME_AS
    );
    for row in store_select(store, path, &q)? {
        if let (Some(fp), Some(item)) = (row.get("fp"), row.get("item"))
            && let (Some(p), Some(id)) = (partners.get_mut(fp), item.strip_prefix(wd::ENTITY))
        {
            p.french.insert(id.to_string());
        }
    }
    let q = format!(
        "SELECT DISTINCT ?fr ?item WHERE {{ GRAPH ?g {{ ?fr {} {} }} GRAPH {links} {{ ?fr {} ?item }} }}",
        rdf::TYPE,
        atlas::FRENCH_LOCAL_AUTHORITY,
        owl::SAME_AS
    );
    let mut french = BTreeMap::new();
    for row in store_select(store, path, &q)? {
        if let (Some(fr), Some(id)) = (
            row.get("fr"),
            row.get("item").and_then(|i| i.strip_prefix(wd::ENTITY)),
        ) {
            french.insert(fr.clone(), id.to_string());
        }
    }
    Ok((partners, french))
}

/// The country's item, from the identifier links' cache (one item for the ISO code).
fn country_item(cache: &Cache, iso: &str) -> Option<String> {
    match cache
        .properties
        .get(wd::P297_ISO_ALPHA2)
        .and_then(|m| m.get(iso))
        .map(Vec::as_slice)
    {
        Some([item]) => Some(item.clone()),
        _ => None,
    }
}

/// The query to ask for a partner, if it is asked at all: not reviewed, a place, in a linked
/// country.
fn query_for(cache: &Cache, p: &Partner, reviewed: bool) -> Option<Query> {
    if reviewed || is_organisation(&p.name) {
        return None;
    }
    Some(Query {
        name: clean_name(&p.name),
        country: country_item(cache, &p.iso)?,
    })
}

/// Links the foreign partners: asks what the cache lacks (unless offline), decides, rewrites
/// the review file (unless [`ReviewMode::ReadOnly`]), and adds the links, their evidence and
/// the points to the links graph.
/// Nothing is written to the review file or the store unless every request succeeded.
pub fn run(
    handle: &Handle,
    link: &LinkOptions,
    options: &PlacesOptions,
) -> Result<PlacesSummary, LinkError> {
    let (store, path): (&Store, &Path) = (handle, handle.path());
    let (partners, french) = read_store(store, path)?;
    let previous = review::load(&options.review)?;
    let mut cache = Cache::load(&link.cache)?;
    let mut summary = PlacesSummary {
        partners: partners.len(),
        ..Default::default()
    };
    if !link.offline {
        ask_missing(
            &mut cache,
            &partners,
            &french,
            &previous,
            link,
            options,
            &mut summary,
        )?;
    }
    let mut rows = BTreeMap::new();
    for (iri, p) in &partners {
        let row = decide_row(&cache, iri, p, previous.get(iri), options, &mut summary);
        *summary.decisions.entry(row.decision.as_str()).or_default() += 1;
        rows.insert(iri.clone(), row);
    }
    if options.review_mode == ReviewMode::Rewrite {
        review::save(&options.review, &rows)?;
    }
    write_links(store, path, &cache, &rows, &french, &mut summary)?;
    Ok(summary)
}

/// Asks the service and the endpoint what the cache lacks, saving the cache after each batch.
fn ask_missing(
    cache: &mut Cache,
    partners: &BTreeMap<String, Partner>,
    french: &BTreeMap<String, String>,
    previous: &BTreeMap<String, Row>,
    link: &LinkOptions,
    options: &PlacesOptions,
    summary: &mut PlacesSummary,
) -> Result<(), LinkError> {
    let agent = ureq::AgentBuilder::new()
        .timeout(link.timeout)
        .redirects(2)
        .build();
    let reviewed = |iri: &str| {
        previous
            .get(iri)
            .is_some_and(|r| r.decision == Decision::Reviewed)
    };
    let queries: BTreeSet<Query> = partners
        .iter()
        .filter_map(|(iri, p)| query_for(&*cache, p, reviewed(iri.as_str())))
        .filter(|q| !cache.reconciled.contains_key(&q.key()))
        .collect();
    let queries: Vec<Query> = queries.into_iter().collect();
    for chunk in queries.chunks(options.batch.max(1)) {
        let answers = reconcile::ask(&agent, link, &options.service, chunk, &mut summary.retries)?;
        summary.reconcile_requests += 1;
        summary.asked += chunk.len();
        cache.reconciled.extend(answers);
        cache.save(&link.cache)?;
    }
    let french_items: BTreeSet<&str> = french.values().map(String::as_str).collect();
    let missing: Vec<&str> = french_items
        .iter()
        .copied()
        .filter(|i| !cache.twins.contains_key(*i) && reconcile::is_qid(i))
        .collect();
    for chunk in missing.chunks(options.items_batch.max(1)) {
        let twins = facts::ask_twins(&agent, link, chunk, &mut summary.retries)?;
        summary.sparql_requests += 1;
        cache.twins.extend(twins);
        cache.save(&link.cache)?;
    }
    let mut wanted: BTreeSet<String> = french_items.iter().map(|s| s.to_string()).collect();
    for (iri, p) in partners {
        if let Some(q) = query_for(&*cache, p, reviewed(iri.as_str()))
            && let Some(cands) = cache.reconciled.get(&q.key())
        {
            wanted.extend(cands.iter().map(|c| c.id.clone()));
        }
    }
    wanted.extend(
        previous
            .values()
            .filter_map(|r| r.item().map(str::to_string)),
    );
    let missing: Vec<&str> = wanted
        .iter()
        .map(String::as_str)
        .filter(|i| !cache.items.contains_key(*i) && reconcile::is_qid(i))
        .collect();
    for chunk in missing.chunks(options.items_batch.max(1)) {
        let found = facts::ask_facts(&agent, link, chunk, &mut summary.retries)?;
        summary.sparql_requests += 1;
        cache.items.extend(found);
        cache.save(&link.cache)?;
    }
    Ok(())
}

/// One partner's row: a reviewed row as it is, else the decision rule on the cached answers.
fn decide_row(
    cache: &Cache,
    iri: &str,
    p: &Partner,
    previous: Option<&Row>,
    options: &PlacesOptions,
    summary: &mut PlacesSummary,
) -> Row {
    let mut row = Row {
        partner: iri.to_string(),
        name: p.name.clone(),
        country: p.iso.clone(),
        decision: Decision::None,
        wikidata: String::new(),
        score: String::new(),
        date: options.date.clone(),
        note: String::new(),
        candidates: String::new(),
    };
    if let Some(prev) = previous.filter(|r| r.decision == Decision::Reviewed) {
        return Row {
            name: p.name.clone(),
            country: p.iso.clone(),
            date: if prev.date.is_empty() {
                options.date.clone()
            } else {
                prev.date.clone()
            },
            ..prev.clone()
        };
    }
    if is_organisation(&p.name) {
        summary.organisations += 1;
        row.note = "an organisation, not a place".into();
        return row;
    }
    let Some(query) = query_for(cache, p, false) else {
        row.note = "country not linked to Wikidata".into();
        return row;
    };
    let Some(candidates) = cache.reconciled.get(&query.key()) else {
        // Offline, never asked: the previous decision stands.
        return previous.cloned().unwrap_or(Row {
            note: "not asked yet".into(),
            ..row
        });
    };
    let twins: Vec<&Twin> = p
        .french
        .iter()
        .filter_map(|f| cache.twins.get(f))
        .flatten()
        .collect();
    let o = decide(&p.name, &query.country, candidates, &cache.items, &twins);
    row.decision = o.decision;
    row.wikidata = o.item.unwrap_or_default();
    row.score = o.score.map(|s| format!("{s:.2}")).unwrap_or_default();
    row.note = o.note;
    row.candidates = review::candidates_cell(candidates);
    if let Some(prev) = previous
        && prev.decision == row.decision
        && prev.wikidata == row.wikidata
        && !prev.date.is_empty()
    {
        // The same decision as last time keeps its day: a rerun changes no byte.
        row.date = prev.date.clone();
    }
    row
}

/// Adds to the links graph: each place's `owl:sameAs`, its link node (method, score, date),
/// and the point of every linked place, foreign partners and French authorities.
fn write_links(
    store: &Store,
    path: &Path,
    cache: &Cache,
    rows: &BTreeMap<String, Row>,
    french: &BTreeMap<String, String>,
    summary: &mut PlacesSummary,
) -> Result<(), LinkError> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(WIKIDATA_LINKS_GRAPH));
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s.clone(), p.into_owned(), o, graph.clone()));
    };
    let mut placed: Vec<(&str, &str)> = french
        .iter()
        .map(|(s, i)| (s.as_str(), i.as_str()))
        .collect();
    for row in rows.values() {
        let Some(item) = row.item() else { continue };
        let (Ok(subject), Ok(target)) = (
            NamedNode::new(row.partner.as_str()),
            NamedNode::new(format!("{}{item}", wd::ENTITY)),
        ) else {
            continue;
        };
        summary.links += 1;
        placed.push((row.partner.as_str(), item));
        add(&subject, owl::SAME_AS, target.clone().into());
        let node = NamedNode::new_unchecked(format!("{}/wikidata-link", row.partner));
        add(&node, rdf::TYPE, atlas::WIKIDATA_LINK.into_owned().into());
        add(&node, atlas::LINK_SUBJECT, subject.clone().into());
        add(&node, atlas::LINK_TARGET, target.into());
        add(
            &node,
            atlas::LINK_METHOD,
            Literal::new_simple_literal(row.decision.as_str()).into(),
        );
        // A person's decision has no score: the service's, if left in the row, is not theirs.
        if row.decision != Decision::Reviewed
            && let Ok(score) = row.score.parse::<f64>()
        {
            add(
                &node,
                atlas::LINK_SCORE,
                Literal::new_typed_literal(format!("{score:.2}"), xsd::DECIMAL).into(),
            );
        }
        if chrono::NaiveDate::parse_from_str(&row.date, "%Y-%m-%d").is_ok() {
            add(
                &node,
                atlas::LINK_DATE,
                Literal::new_typed_literal(&row.date, xsd::DATE).into(),
            );
        }
    }
    for (subject, item) in placed {
        let (Ok(s), Some(point)) = (
            NamedNode::new(subject),
            cache.items.get(item).and_then(|f| f.point.as_ref()),
        ) else {
            continue;
        };
        summary.points += 1;
        let geometry = NamedNode::new_unchecked(format!("{subject}/geometry"));
        add(&s, gsp::HAS_GEOMETRY, geometry.clone().into());
        add(&geometry, rdf::TYPE, gsp::GEOMETRY.into_owned().into());
        add(
            &geometry,
            gsp::AS_WKT,
            Literal::new_typed_literal(point, gsp::WKT_LITERAL).into(),
        );
    }
    let err = |e| LinkError::Store(storage_error(path, e));
    let mut t = store.start_transaction().map_err(err)?;
    t.extend(&quads);
    t.commit().map_err(err)?;
    Ok(())
}
