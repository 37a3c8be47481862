//! Writing the service's answers: result batches (candidates with score, `match`, types and a
//! description), data extension rows, entity suggestions and the HTML preview. Only what the
//! index holds is written, and the index never holds contacts.

use super::request::Extension;
use super::schema;
use crate::store::search::find::{Hit, Searcher};
use crate::store::search::reconcile::{self, Candidate, Request};
use crate::store::search::{Kind, SearchError};
use maud::{Markup, html};
use serde_json::{Map, Value, json};

/// The width of the preview frame, in pixels.
pub const PREVIEW_WIDTH: u32 = 400;
/// The height of the preview frame, in pixels.
pub const PREVIEW_HEIGHT: u32 = 140;
/// Suggestions per answer.
const SUGGESTIONS: usize = 10;
/// The furthest an entity suggestion may skip.
pub const MAX_CURSOR: usize = 190;

fn kind_of(hit: &Hit) -> Option<Kind> {
    Kind::from_code(&hit.kind)
}

/// The types of a hit (`[{"id", "name"}]`).
fn types_json(hit: &Hit) -> Value {
    let types: Vec<Value> = kind_of(hit)
        .and_then(schema::type_of)
        .map(|t| schema::type_json(&t, false))
        .into_iter()
        .collect();
    Value::Array(types)
}

/// The name of a hit: its label, or its IRI when it has none (a name is never empty).
fn name(hit: &Hit) -> &str {
    if hit.label.trim().is_empty() {
        &hit.iri
    } else {
        &hit.label
    }
}

/// What tells a hit from its namesakes: its type, countries, codes, years, partnerships.
pub fn description(hit: &Hit) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = kind_of(hit).and_then(schema::type_of) {
        parts.push(t.name.to_string());
    }
    if !hit.countries.is_empty() {
        parts.push(hit.countries.join(", "));
    }
    if let Some(s) = &hit.siren {
        parts.push(format!("SIREN {s}"));
    }
    if let Some(i) = &hit.insee {
        parts.push(format!("INSEE {i}"));
    }
    match kind_of(hit) {
        Some(Kind::Partnership) => {
            if let Some(y) = hit.years.first() {
                parts.push(format!("depuis {y}"));
            }
        }
        Some(Kind::FrenchAuthority | Kind::ForeignPartner) => {
            if let Some(n) = hit.partnerships {
                parts.push(format!("{n} partenariat(s)"));
            }
        }
        _ => {}
    }
    parts.join(" · ")
}

fn candidate_json(c: &Candidate) -> Value {
    json!({
        "id": c.hit.iri,
        "name": name(&c.hit),
        "description": description(&c.hit),
        "type": types_json(&c.hit),
        "score": c.score,
        "match": c.matched,
        "features": [
            {"id": "name_agreement", "value": c.name},
            {"id": "identifier", "value": c.identified},
        ],
    })
}

/// The result batch of a query batch: each query's candidates, under its key, in the order
/// the queries came.
///
/// The queries of a batch are independent: they are answered on every core at once (a
/// spreadsheet's batch is tens to hundreds of names).
pub fn results(s: &Searcher, batch: &[(String, Request)]) -> Result<Value, SearchError> {
    use rayon::prelude::*;
    let found: Vec<Result<Vec<Value>, SearchError>> = batch
        .par_iter()
        .map(|(_, request)| {
            reconcile::candidates(s, request).map(|c| c.iter().map(candidate_json).collect())
        })
        .collect();
    let mut out = Map::new();
    for ((key, _), result) in batch.iter().zip(found) {
        out.insert(key.clone(), json!({ "result": result? }));
    }
    Ok(Value::Object(out))
}

/// The values of one property of a hit, as the protocol writes them.
fn values(hit: &Hit, property: &str) -> Vec<Value> {
    let text = |s: &str| json!({ "str": s });
    match property {
        schema::LABEL => vec![text(name(hit))],
        schema::COUNTRY => hit.countries.iter().map(|c| text(c)).collect(),
        schema::SIREN => hit.siren.iter().map(|c| text(c)).collect(),
        schema::INSEE => hit.insee.iter().map(|c| text(c)).collect(),
        schema::START_YEAR => hit
            .years
            .iter()
            .filter_map(|y| y.parse::<i64>().ok())
            .map(|y| json!({ "int": y }))
            .collect(),
        schema::WIKIDATA => hit
            .wikidata
            .iter()
            .filter_map(|w| w.strip_prefix(crate::vocab::wikidata::ENTITY))
            .map(|q| json!({ "id": q, "name": q }))
            .collect(),
        schema::COUNT => match kind_of(hit) {
            Some(Kind::FrenchAuthority | Kind::ForeignPartner) => hit
                .partnerships
                .iter()
                .map(|n| json!({ "int": n }))
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The data extension response: a column per property asked (its name from [`schema`]; one
/// we do not have keeps its identifier as name and no values), a row per entity (an
/// identifier we do not know gets no values).
pub fn extension(s: &Searcher, ext: &Extension) -> Result<Value, SearchError> {
    let meta: Vec<Value> = ext
        .properties
        .iter()
        .map(|id| {
            let mut m =
                json!({"id": id, "name": schema::property(id).map_or(id.as_str(), |p| p.name)});
            if id == schema::WIKIDATA {
                // The values are Wikidata's items, reconciled by Wikidata's own service.
                m["service"] = json!(crate::vocab::wikidata::RECONCILE);
            }
            m
        })
        .collect();
    let mut rows = Map::new();
    for id in &ext.ids {
        let hit = s.get(id)?;
        let mut row = Map::new();
        for p in &ext.properties {
            let v = hit.as_ref().map(|h| values(h, p)).unwrap_or_default();
            row.insert(p.clone(), Value::Array(v));
        }
        rows.insert(id.clone(), Value::Object(row));
    }
    Ok(json!({"meta": meta, "rows": rows}))
}

/// Entity suggestions: names starting with what was typed, best first, after `cursor`; the
/// entity itself when one of our IRIs was typed.
pub fn suggest_entities(s: &Searcher, prefix: &str, cursor: usize) -> Result<Value, SearchError> {
    let typed = prefix.trim();
    let hits: Vec<Hit> = if typed.starts_with("http://") || typed.starts_with("https://") {
        s.get(typed)?
            .filter(|h| kind_of(h).is_some_and(|k| reconcile::RECONCILABLE.contains(&k)))
            .into_iter()
            .collect()
    } else {
        s.suggest(typed, &reconcile::RECONCILABLE, cursor + SUGGESTIONS)?
            .into_iter()
            .skip(cursor)
            .collect()
    };
    let result: Vec<Value> = hits
        .iter()
        .map(|h| {
            json!({
                "id": h.iri,
                "name": name(h),
                "description": description(h),
                "notable": types_json(h),
            })
        })
        .collect();
    Ok(json!({ "result": result }))
}

/// The preview of an entity: its name (a link to our page), type and what tells it apart.
pub fn preview(hit: &Hit, base_url: &str) -> Markup {
    let href = format!(
        "{}{}",
        base_url.trim_end_matches('/'),
        crate::serve::html::local_href(&hit.iri, base_url)
    );
    let wikidata = hit.wikidata.as_deref();
    html! {
        (maud::DOCTYPE)
        html lang="fr" {
            head { meta charset="utf-8"; title { (name(hit)) } }
            body style="font: 14px sans-serif; margin: 6px" {
                p style="margin: 0 0 4px" {
                    a href=(href) target="_blank" { strong { (name(hit)) } }
                }
                p style="margin: 0 0 4px; color: #444" { (description(hit)) }
                @if let Some(w) = wikidata {
                    p style="margin: 0" { "Wikidata : " a href=(w) target="_blank" { (w) } }
                }
                p style="margin: 0; color: #777; font-size: 11px" { (hit.iri) }
            }
        }
    }
}
