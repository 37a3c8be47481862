//! Reading what a client sends: a reconciliation query batch (the `queries` field) and a data
//! extension query (the `extend` field), as the v0.2 JSON Schemas define them. Whatever the
//! schemas refuse is refused here, with a message naming the query and the field; what they
//! accept is accepted, even when it names types or properties we do not have (those find
//! nothing).

use super::schema;
use crate::store::search::reconcile::{Condition, MAX_CANDIDATES, MAX_VALUES, Request};
use serde_json::{Map, Value};

/// The most queries in one batch (the manifest's `batchSize`).
pub const MAX_BATCH: usize = 100;
/// The most entities one data extension query may name.
pub const MAX_IDS: usize = 100;
/// The most properties one query may set or ask for.
pub const MAX_PROPERTIES: usize = 16;
/// Candidates per query when the client sets no `limit`.
pub const DEFAULT_LIMIT: usize = 5;
/// The longest name read (longer ones are cut: a name is not a text).
const MAX_TEXT: usize = 500;

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request does not follow the protocol (400).
    Malformed(String),
    /// The request asks for more work than one request may (413, as v0.2 says of batches
    /// larger than `batchSize`).
    TooLarge(String),
}

fn bad(message: impl Into<String>) -> Refusal {
    Refusal::Malformed(message.into())
}

/// The JSON of a form field, which must be an object.
fn object(field: &str, text: &str) -> Result<Map<String, Value>, Refusal> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(bad(format!("{field}: a JSON object is expected"))),
        Err(e) => Err(bad(format!("{field}: not JSON: {e}"))),
    }
}

/// Reads a reconciliation query batch: its queries in the order sent.
pub fn batch(text: &str) -> Result<Vec<(String, Request)>, Refusal> {
    let m = object("queries", text)?;
    if m.len() > MAX_BATCH {
        return Err(Refusal::TooLarge(format!(
            "queries: {} queries in one batch; at most {MAX_BATCH} (the manifest's batchSize)",
            m.len()
        )));
    }
    m.into_iter()
        .map(|(key, q)| {
            let r = query(&q).map_err(|e| bad(format!("queries: {key}: {e}")))?;
            Ok((key, r))
        })
        .collect()
}

/// Reads one query of a batch.
fn query(q: &Value) -> Result<Request, String> {
    let Value::Object(q) = q else {
        return Err("a query is a JSON object".into());
    };
    let mut request = Request {
        limit: DEFAULT_LIMIT,
        ..Request::default()
    };
    let mut type_strict = "any";
    let mut has_properties = false;
    for (field, v) in q {
        match field.as_str() {
            "query" => {
                let Value::String(s) = v else {
                    return Err("`query` must be a string".into());
                };
                let s: String = s.chars().take(MAX_TEXT).collect();
                request.text = (!s.trim().is_empty()).then_some(s);
            }
            "type" => request.kinds = Some(kinds(v)?),
            "type_strict" => {
                type_strict = match v.as_str() {
                    Some(s @ ("any" | "should" | "all")) => s,
                    _ => return Err("`type_strict` must be \"any\", \"should\" or \"all\"".into()),
                };
            }
            "limit" => request.limit = limit(v)?,
            "properties" => {
                let Value::Array(ps) = v else {
                    return Err("`properties` must be an array".into());
                };
                if ps.is_empty() {
                    return Err("`properties` must not be empty (leave it out instead)".into());
                }
                if ps.len() > MAX_PROPERTIES {
                    return Err(format!("{} properties; at most {MAX_PROPERTIES}", ps.len()));
                }
                for p in ps {
                    request.conditions.push(condition(p)?);
                }
                has_properties = true;
            }
            other => {
                return Err(format!(
                    "unknown field `{other}` (a query has query, type, limit, properties, type_strict)"
                ));
            }
        }
    }
    if !q.contains_key("query") && !has_properties {
        return Err("a query needs `query` or `properties`".into());
    }
    // An empty `query` is one the schema accepts: it finds nothing, and the batch's other
    // queries are answered.
    if type_strict == "all"
        && let (Some(Value::Array(ts)), Some(_)) = (q.get("type"), &request.kinds)
    {
        // Every type named must hold: the kinds all of them cover.
        let mut common: Option<Vec<_>> = None;
        for t in ts.iter().filter_map(Value::as_str) {
            let k = schema::kinds_of(t);
            common = Some(match common {
                None => k,
                Some(c) => c.into_iter().filter(|x| k.contains(x)).collect(),
            });
        }
        request.kinds = Some(common.unwrap_or_default());
    }
    Ok(request)
}

/// The kinds of a `type` (one identifier or a list): every kind any of them covers.
fn kinds(v: &Value) -> Result<Vec<crate::store::search::Kind>, String> {
    let ids: Vec<&str> = match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a
            .iter()
            .map(|t| {
                t.as_str()
                    .ok_or("`type` must be a string or an array of strings")
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("`type` must be a string or an array of strings".into()),
    };
    let mut out = Vec::new();
    for id in ids {
        for k in schema::kinds_of(id) {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    Ok(out)
}

/// A `limit`: a positive whole number, capped at [`MAX_CANDIDATES`].
fn limit(v: &Value) -> Result<usize, String> {
    match v.as_f64() {
        Some(n) if n >= 1.0 && n.fract() == 0.0 => Ok((n.min(MAX_CANDIDATES as f64)) as usize),
        _ => Err(format!("`limit` must be a positive whole number (got {v})")),
    }
}

/// One property condition (`{"pid", "v"}`).
fn condition(p: &Value) -> Result<Condition, String> {
    let Value::Object(p) = p else {
        return Err("a property is an object with `pid` and `v`".into());
    };
    let Some(Value::String(pid)) = p.get("pid") else {
        return Err("a property needs `pid`, a string".into());
    };
    let Some(v) = p.get("v") else {
        return Err(format!("property {pid}: `v` is missing"));
    };
    let values: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    };
    if values.len() > MAX_VALUES {
        return Err(format!(
            "property {pid}: {} values; at most {MAX_VALUES}",
            values.len()
        ));
    }
    let mut texts = Vec::new();
    for value in values {
        match value {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {}
            Value::Object(o) => match o.get("id") {
                Some(Value::String(_)) => {}
                _ => {
                    return Err(format!(
                        "property {pid}: an entity value needs `id`, a string"
                    ));
                }
            },
            _ => {
                return Err(format!(
                    "property {pid}: a value is a string, a number, a boolean or an entity"
                ));
            }
        }
        texts.push(value_text(pid, value));
    }
    // A value we cannot hold (a boolean, a fraction of a year) meets nothing.
    let texts: Option<Vec<String>> = texts.into_iter().collect();
    let Some(texts) = texts.filter(|t| !t.is_empty()) else {
        return Ok(Condition::Never);
    };
    Ok(match pid.as_str() {
        schema::COUNTRY => Condition::Country(texts),
        schema::SIREN => Condition::Siren(texts),
        schema::INSEE => Condition::Insee(texts),
        schema::START_YEAR => Condition::StartYear(texts),
        _ => Condition::Never,
    })
}

/// A value as the index holds it: text as it is, a whole number as digits, an entity by its
/// identifier (a country's IRI by its last segment, the ISO alpha-3 code).
fn value_text(pid: &str, v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Some(i.to_string()),
            None => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| format!("{f:.0}")),
        },
        Value::Object(o) => {
            let id = o.get("id")?.as_str()?;
            if pid == schema::COUNTRY && id.contains('/') {
                return id.rsplit('/').next().map(str::to_string);
            }
            Some(id.to_string())
        }
        _ => None,
    }
}

/// A data extension query: the entities and the properties asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The entities' identifiers, in the order sent.
    pub ids: Vec<String>,
    /// The properties' identifiers, in the order sent.
    pub properties: Vec<String>,
}

/// Reads a data extension query (`{"ids": [...], "properties": [{"id", "settings"}]}`).
pub fn extension(text: &str) -> Result<Extension, Refusal> {
    let m = object("extend", text)?;
    let Some(Value::Array(ids)) = m.get("ids") else {
        return Err(bad("extend: `ids` is missing or not an array"));
    };
    let Some(Value::Array(props)) = m.get("properties") else {
        return Err(bad("extend: `properties` is missing or not an array"));
    };
    if ids.len() > MAX_IDS || props.len() > MAX_PROPERTIES {
        return Err(Refusal::TooLarge(format!(
            "extend: {} ids and {} properties; at most {MAX_IDS} ids and {MAX_PROPERTIES} properties",
            ids.len(),
            props.len()
        )));
    }
    let ids = ids
        .iter()
        .map(|i| i.as_str().map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad("extend: every one of `ids` must be a string"))?;
    let mut properties = Vec::new();
    for p in props {
        let Some(Value::String(id)) = p.get("id") else {
            return Err(bad("extend: every property needs `id`, a string"));
        };
        if let Some(s) = p.get("settings")
            && !s.is_object()
        {
            return Err(bad(format!(
                "extend: property {id}: `settings` must be an object"
            )));
        }
        if !properties.contains(id) {
            properties.push(id.clone());
        }
    }
    Ok(Extension { ids, properties })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> String {
        match batch(text) {
            Err(Refusal::Malformed(m)) => m,
            other => panic!("{text} accepted: {other:?}"),
        }
    }

    #[test]
    fn what_the_schema_refuses_is_refused_with_the_query_and_field() {
        assert!(refused(r#"{"q1": {"limit": 1}}"#).contains("q1"));
        assert!(refused(r#"{"q1": {"properties": []}}"#).contains("properties"));
        assert!(refused(r#"{"q0": {"query": "x", "props": []}}"#).contains("`props`"));
        assert!(refused(r#"{"q0": {"query": "x", "limit": 0}}"#).contains("limit"));
        assert!(refused(r#"{"q0": {"query": 3}}"#).contains("query"));
        assert!(refused(r#"["q0"]"#).contains("object"));
        assert!(refused("{").contains("not JSON"));
        let big: Vec<String> = (0..=MAX_BATCH)
            .map(|i| format!(r#""q{i}": {{"query": "x"}}"#))
            .collect();
        assert!(matches!(
            batch(&format!("{{{}}}", big.join(","))),
            Err(Refusal::TooLarge(_))
        ));
    }

    #[test]
    fn conditions_are_read_from_strings_numbers_and_entities() {
        let b = batch(
            r#"{"q0": {"properties": [{"pid": "siren", "v": 212500565},
                {"pid": "country", "v": [{"id": "http://publications.europa.eu/resource/authority/country/ECU"}, "EC"]},
                {"pid": "startYear", "v": true}, {"pid": "nope", "v": "x"}], "limit": 99}}"#,
        )
        .expect("valid");
        let r = &b[0].1;
        assert_eq!(r.limit, MAX_CANDIDATES);
        assert_eq!(r.conditions[0], Condition::Siren(vec!["212500565".into()]));
        assert_eq!(
            r.conditions[1],
            Condition::Country(vec!["ECU".into(), "EC".into()])
        );
        assert_eq!(r.conditions[2], Condition::Never);
        assert_eq!(r.conditions[3], Condition::Never);
    }
}
