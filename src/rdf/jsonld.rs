//! JSON-LD compacted with the shipped context (`ontology/context.jsonld`).
//!
//! A full JSON-LD compaction processor is far more than this output needs: our graphs are
//! flat (no blank nodes, no lists), so compaction is term selection. Each predicate uses its
//! context term when the value matches the term's coercion (`@id`, a datatype, a language or
//! a language map), and a compact IRI with an explicit value object otherwise. The result
//! expands back to exactly the same quads (tested by parsing it with oxjsonld).

use crate::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::OnceLock;

/// The shipped context document.
pub const CONTEXT_JSONLD: &str = include_str!("../../ontology/context.jsonld");

#[derive(Debug, Clone, PartialEq, Eq)]
enum Coercion {
    None,
    Id,
    Datatype(String),
    Language(String),
    LanguageMap,
}

#[derive(Debug, Default)]
struct Context {
    value: Value,
    prefixes: Vec<(String, String)>,
    terms: HashMap<String, (String, Coercion)>,
    classes: HashMap<String, String>,
}

fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| Context::parse(CONTEXT_JSONLD).unwrap_or_default())
}

impl Context {
    /// The context of `doc`; `None` when it is not JSON with a `@context` object (the shipped
    /// context always is: a test reads it).
    fn parse(doc: &str) -> Option<Self> {
        let doc: Value = serde_json::from_str(doc).ok()?;
        let ctx = doc.get("@context").and_then(Value::as_object)?;
        let mut out = Context {
            value: Value::Object(ctx.clone()),
            ..Default::default()
        };
        for (k, v) in ctx {
            if let Some(iri) = v.as_str()
                && (iri.ends_with('/') || iri.ends_with('#'))
            {
                out.prefixes.push((k.clone(), iri.to_string()));
            }
        }
        // Longest namespace first, so that compact IRIs use the most specific prefix.
        out.prefixes
            .sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        let expand = |s: &str, prefixes: &[(String, String)]| -> String {
            if let Some((p, local)) = s.split_once(':')
                && let Some((_, ns)) = prefixes.iter().find(|(n, _)| n == p)
            {
                return format!("{ns}{local}");
            }
            s.to_string()
        };
        for (k, v) in ctx {
            let (id, coercion) = match v {
                Value::String(s) if !(s.ends_with('/') || s.ends_with('#')) => {
                    (expand(s, &out.prefixes), Coercion::None)
                }
                Value::Object(def) => {
                    let Some(id) = def.get("@id").and_then(Value::as_str) else {
                        continue;
                    };
                    let coercion =
                        if def.get("@container").and_then(Value::as_str) == Some("@language") {
                            Coercion::LanguageMap
                        } else if let Some(t) = def.get("@type").and_then(Value::as_str) {
                            if t == "@id" {
                                Coercion::Id
                            } else {
                                Coercion::Datatype(expand(t, &out.prefixes))
                            }
                        } else if let Some(l) = def.get("@language").and_then(Value::as_str) {
                            Coercion::Language(l.to_string())
                        } else {
                            Coercion::None
                        };
                    (expand(id, &out.prefixes), coercion)
                }
                _ => continue,
            };
            if k.starts_with(char::is_uppercase) {
                out.classes.insert(id.clone(), k.clone());
            }
            out.terms.insert(id, (k.clone(), coercion));
        }
        Some(out)
    }

    fn compact_iri(&self, iri: &str) -> String {
        for (p, ns) in &self.prefixes {
            if let Some(local) = iri.strip_prefix(ns.as_str())
                && !local.is_empty()
                && !local.starts_with("//")
            {
                return format!("{p}:{local}");
            }
        }
        iri.to_string()
    }
}

fn subject_id(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn value_object(term: &Term, ctx: &Context) -> Value {
    match term {
        Term::NamedNode(n) => json!({"@id": n.as_str()}),
        Term::BlankNode(b) => json!({"@id": format!("_:{}", b.as_str())}),
        Term::Literal(l) => literal_object(l, ctx),
        #[allow(unreachable_patterns)]
        _ => json!({"@value": term.to_string()}),
    }
}

fn literal_object(l: &Literal, ctx: &Context) -> Value {
    if let Some(lang) = l.language() {
        json!({"@value": l.value(), "@language": lang})
    } else if l.datatype().as_str() == xsd::STRING.as_str() {
        Value::String(l.value().to_string())
    } else {
        json!({"@value": l.value(), "@type": ctx.compact_iri(l.datatype().as_str())})
    }
}

/// Whether `term` can be written as a bare string under a term with `coercion`.
fn bare(term: &Term, coercion: &Coercion) -> Option<String> {
    match (coercion, term) {
        (Coercion::Id, Term::NamedNode(n)) => Some(n.as_str().to_string()),
        (Coercion::Datatype(dt), Term::Literal(l))
            if l.language().is_none() && l.datatype().as_str() == dt =>
        {
            Some(l.value().to_string())
        }
        (Coercion::Language(lang), Term::Literal(l)) if l.language() == Some(lang.as_str()) => {
            Some(l.value().to_string())
        }
        (Coercion::None, Term::Literal(l))
            if l.language().is_none() && l.datatype().as_str() == xsd::STRING.as_str() =>
        {
            Some(l.value().to_string())
        }
        _ => None,
    }
}

fn one_or_many(mut values: Vec<Value>) -> Value {
    if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Array(values)
    }
}

/// A node object for one subject of a graph.
fn node_object(subject: &str, props: &BTreeMap<String, Vec<Term>>, ctx: &Context) -> Value {
    let mut node = Map::new();
    node.insert("@id".into(), Value::String(subject.to_string()));
    let rdf_type = crate::vocab::rdf::TYPE.as_str();
    if let Some(types) = props.get(rdf_type) {
        let mut compact = Vec::new();
        let mut other = Vec::new();
        for t in types {
            match t {
                Term::NamedNode(n) => compact.push(Value::String(
                    ctx.classes
                        .get(n.as_str())
                        .cloned()
                        .unwrap_or_else(|| ctx.compact_iri(n.as_str())),
                )),
                _ => other.push(value_object(t, ctx)),
            }
        }
        if !compact.is_empty() {
            node.insert("@type".into(), one_or_many(compact));
        }
        if !other.is_empty() {
            node.insert(ctx.compact_iri(rdf_type), one_or_many(other));
        }
    }
    for (pred, objects) in props {
        if pred == rdf_type {
            continue;
        }
        let term = ctx.terms.get(pred.as_str());
        let mut under_term = Vec::new();
        let mut expanded = Vec::new();
        match term {
            Some((_, Coercion::LanguageMap)) => {
                let mut map: BTreeMap<String, Vec<Value>> = BTreeMap::new();
                for o in objects {
                    match o {
                        Term::Literal(l) if l.language().is_some() => map
                            .entry(l.language().unwrap_or_default().to_string())
                            .or_default()
                            .push(Value::String(l.value().to_string())),
                        _ => expanded.push(value_object(o, ctx)),
                    }
                }
                if let Some((name, _)) = term
                    && !map.is_empty()
                {
                    let obj: Map<String, Value> =
                        map.into_iter().map(|(k, v)| (k, one_or_many(v))).collect();
                    node.insert(name.clone(), Value::Object(obj));
                }
            }
            Some((_, coercion)) => {
                for o in objects {
                    match bare(o, coercion) {
                        Some(s) => under_term.push(Value::String(s)),
                        None => expanded.push(value_object(o, ctx)),
                    }
                }
            }
            None => expanded.extend(objects.iter().map(|o| value_object(o, ctx))),
        }
        if let (Some((name, _)), false) = (term, under_term.is_empty()) {
            node.insert(name.clone(), one_or_many(under_term));
        }
        if !expanded.is_empty() {
            node.insert(ctx.compact_iri(pred), one_or_many(expanded));
        }
    }
    Value::Object(node)
}

/// Streams a JSON-LD document: the context, then one item per written graph.
pub struct JsonLdWriter<W: Write> {
    writer: W,
    first: bool,
}

impl<W: Write> JsonLdWriter<W> {
    /// Starts the document.
    pub fn new(mut writer: W) -> io::Result<Self> {
        let ctx = serde_json::to_string_pretty(&context().value).map_err(io::Error::other)?;
        write!(writer, "{{\n\"@context\": {ctx},\n\"@graph\": [")?;
        Ok(Self {
            writer,
            first: true,
        })
    }

    /// Writes sorted quads, a named graph as `{"@id": G, "@graph": [...]}`.
    pub fn write_graph(&mut self, quads: &[Quad]) -> io::Result<()> {
        let ctx = context();
        let mut graphs: BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<Term>>>> =
            BTreeMap::new();
        let mut order = Vec::new();
        for q in quads {
            let g = match &q.graph_name {
                GraphName::NamedNode(n) => n.as_str().to_string(),
                GraphName::BlankNode(b) => format!("_:{}", b.as_str()),
                GraphName::DefaultGraph => String::new(),
            };
            if !graphs.contains_key(&g) {
                order.push(g.clone());
            }
            graphs
                .entry(g)
                .or_default()
                .entry(subject_id(&q.subject))
                .or_default()
                .entry(q.predicate.as_str().to_string())
                .or_default()
                .push(q.object.clone());
        }
        for g in order {
            let Some(subjects) = graphs.get(&g) else {
                continue;
            };
            let nodes: Vec<Value> = subjects
                .iter()
                .map(|(s, props)| node_object(s, props, ctx))
                .collect();
            let items = if g.is_empty() {
                nodes
            } else {
                vec![json!({"@id": g, "@graph": nodes})]
            };
            for item in items {
                let text = serde_json::to_string_pretty(&item).map_err(io::Error::other)?;
                let sep = if self.first { "\n" } else { ",\n" };
                self.first = false;
                write!(self.writer, "{sep}{text}")?;
            }
        }
        Ok(())
    }

    /// Closes the document.
    pub fn finish(mut self) -> io::Result<W> {
        writeln!(self.writer, "\n]\n}}")?;
        Ok(self.writer)
    }
}
