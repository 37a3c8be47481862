//! Reports: readable text grouped by shape, path and message; the standard
//! `sh:ValidationReport` in Turtle; the same results as JSON.

use super::{Finding, ResultPath, Severity};
use crate::model::Source;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use crate::vocab::{ns, rdf, rdfs, sh, xsd};

/// How many offending records a group lists in the readable report.
pub const EXAMPLES_PER_GROUP: usize = 3;

/// The findings of one record, with where it came from.
#[derive(Debug, Clone)]
pub struct RecordFindings {
    /// Source of the record.
    pub source: Source,
    /// The record's IRI (its partnership), or the graph name for RDF inputs.
    pub record: String,
    /// Its findings, sorted.
    pub findings: Vec<Finding>,
}

impl RecordFindings {
    /// Whether any finding is a violation.
    pub fn has_violation(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Violation)
    }

    /// Whether any finding is a warning.
    pub fn has_warning(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Warning)
    }

    /// The findings as JSON values.
    pub fn results_json(&self) -> Vec<Value> {
        self.findings.iter().map(finding_json).collect()
    }
}

/// One line of the rejects file for a record that failed validation.
pub fn reject_json(r: &RecordFindings) -> Value {
    json!({
        "source": {"file": r.source.file, "line": r.source.line},
        "record": r.record,
        "results": r.results_json(),
    })
}

fn term_text(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

fn finding_json(f: &Finding) -> Value {
    let mut messages = serde_json::Map::new();
    for (lang, m) in &f.messages {
        messages.insert(
            if lang.is_empty() {
                "und".into()
            } else {
                lang.clone()
            },
            Value::String(m.clone()),
        );
    }
    json!({
        "severity": f.severity,
        "focusNode": f.focus_node.to_string(),
        "resultPath": f.path.as_ref().map(ToString::to_string),
        "value": f.value.as_ref().map(ToString::to_string),
        "sourceShape": f.source_shape.as_ref().map(ToString::to_string),
        "sourceConstraintComponent": term_text(&f.component),
        "message": messages,
    })
}

#[derive(Debug, Default)]
struct Group {
    results: usize,
    records: BTreeSet<String>,
    examples: Vec<(String, String, Option<String>)>,
    fr: String,
    en: String,
}

/// Everything a validation run found, ready to print or write.
#[derive(Debug, Default)]
pub struct Summary {
    /// Records validated.
    pub records: usize,
    /// Records with at least one violation.
    pub violating: usize,
    /// Records with warnings and no violation.
    pub warned: usize,
    /// Results by severity.
    pub violations: usize,
    /// Warnings.
    pub warnings: usize,
    /// Inputs and records that could not be read (named as `file` or `file:line`): what was
    /// not validated. While there is one the data is never said to conform.
    pub unread: Vec<String>,
    groups: BTreeMap<(std::cmp::Reverse<Severity>, String, String, String), Group>,
    all: Vec<RecordFindings>,
}

impl Summary {
    /// Adds one record's findings.
    pub fn add(&mut self, r: RecordFindings) {
        self.records += 1;
        if r.has_violation() {
            self.violating += 1;
        } else if r.has_warning() {
            self.warned += 1;
        }
        for f in &r.findings {
            match f.severity {
                Severity::Violation => self.violations += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => {}
            }
            let shape = f
                .source_shape
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let path = f.path.as_ref().map(ToString::to_string).unwrap_or_default();
            let key = (
                std::cmp::Reverse(f.severity),
                shape,
                path,
                f.message("en").to_string(),
            );
            let g = self.groups.entry(key).or_default();
            g.results += 1;
            g.fr = f.message("fr").to_string();
            g.en = f.message("en").to_string();
            if g.records.insert(r.record.clone()) && g.examples.len() < EXAMPLES_PER_GROUP {
                g.examples.push((
                    format!("{}:{}", r.source.file, r.source.line),
                    f.focus_node.to_string(),
                    f.value.as_ref().map(ToString::to_string),
                ));
            }
        }
        if !r.findings.is_empty() {
            self.all.push(r);
        }
    }

    /// Whether no record has a violation (and, with `strict`, no warning either), every input
    /// was read, and at least one record was: inputs holding no record are not shown to conform.
    pub fn conforms(&self, strict: bool) -> bool {
        self.unread.is_empty() && self.records > 0 && self.results_conform(strict)
    }

    /// Whether what was read conforms (what SHACL's `sh:conforms` says of the results).
    fn results_conform(&self, strict: bool) -> bool {
        self.violations == 0 && (!strict || self.warnings == 0)
    }

    /// The readable report: groups by severity, shape, path and message, with counts and the
    /// first offending records, then a one-line verdict.
    pub fn write_text(&self, out: &mut impl Write, strict: bool) -> io::Result<()> {
        writeln!(
            out,
            "Validated {} record(s): {} with violations, {} with warnings only, {} conform.",
            self.records,
            self.violating,
            self.warned,
            self.records - self.violating - self.warned
        )?;
        for ((sev, shape, path, _), g) in &self.groups {
            let label = match sev.0 {
                Severity::Violation => "VIOLATION",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            writeln!(out)?;
            writeln!(
                out,
                "{label}  {}  {}",
                short(shape),
                if path.is_empty() {
                    "-".into()
                } else {
                    short(path)
                }
            )?;
            writeln!(
                out,
                "  {} result(s) in {} record(s)",
                g.results,
                g.records.len()
            )?;
            writeln!(out, "  fr: {}", g.fr)?;
            if g.en != g.fr {
                writeln!(out, "  en: {}", g.en)?;
            }
            for (source, focus, value) in &g.examples {
                let source = source.strip_suffix(":0").unwrap_or(source);
                match value {
                    Some(v) => writeln!(out, "    {source}  {}  value {}", short(focus), short(v))?,
                    None => writeln!(out, "    {source}  {}", short(focus))?,
                }
            }
            if g.records.len() > g.examples.len() {
                writeln!(
                    out,
                    "    ... and {} more record(s)",
                    g.records.len() - g.examples.len()
                )?;
            }
        }
        writeln!(out)?;
        if let Some(first) = self.unread.first() {
            // Nothing is said to conform that was not read.
            writeln!(
                out,
                "{}: {} input(s) or record(s) could not be read ({first}{}); among the {} record(s) read: {} violation(s) in {} record(s), {} warning(s)",
                if self.results_conform(strict) {
                    "NOT VALIDATED"
                } else {
                    "DOES NOT CONFORM"
                },
                self.unread.len(),
                if self.unread.len() > 1 { ", ..." } else { "" },
                self.records,
                self.violations,
                self.violating,
                self.warnings,
            )?;
            return Ok(());
        }
        if self.records == 0 {
            return writeln!(out, "NOTHING VALIDATED: the inputs hold no record");
        }
        let verdict = if self.conforms(strict) {
            "CONFORMS"
        } else {
            "DOES NOT CONFORM"
        };
        writeln!(
            out,
            "{verdict}: {} violation(s) in {} record(s), {} warning(s); {} record(s) validated{}",
            self.violations,
            self.violating,
            self.warnings,
            self.records,
            if strict {
                " (strict: warnings fail)"
            } else {
                ""
            }
        )
    }

    /// The results as a JSON document.
    pub fn to_json(&self, strict: bool) -> Value {
        json!({
            "conforms": self.conforms(strict),
            "unread": self.unread,
            "records": self.records,
            "violations": self.violations,
            "warnings": self.warnings,
            "results": self.all.iter().map(|r| json!({
                "source": {"file": r.source.file, "line": r.source.line},
                "record": r.record,
                "results": r.results_json(),
            })).collect::<Vec<_>>(),
        })
    }

    /// A standard `sh:ValidationReport` in Turtle (blank nodes for the report and its results,
    /// labelled in order so that the same findings give the same bytes).
    pub fn write_turtle(&self, out: impl Write, strict: bool) -> io::Result<()> {
        let mut triples = Vec::new();
        let report = NamedOrBlankNode::from(BlankNode::new_unchecked("report"));
        let n = |s: &str| NamedNode::new_unchecked(s);
        triples.push(Triple::new(
            report.clone(),
            rdf::TYPE.into_owned(),
            sh::VALIDATION_REPORT.into_owned(),
        ));
        triples.push(Triple::new(
            report.clone(),
            sh::CONFORMS.into_owned(),
            // SHACL's conforms is about the results: true exactly when there are none. What
            // was not read is said beside it, so that the report never passes for the whole.
            Literal::new_typed_literal(
                self.results_conform(strict).to_string(),
                xsd::BOOLEAN.into_owned(),
            ),
        ));
        if !self.unread.is_empty() {
            triples.push(Triple::new(
                report.clone(),
                rdfs::COMMENT.into_owned(),
                Literal::new_language_tagged_literal_unchecked(
                    format!(
                        "Not validated: {} input(s) or record(s) could not be read: {}",
                        self.unread.len(),
                        self.unread.join(", ")
                    ),
                    "en",
                ),
            ));
        }
        let mut counter = 0usize;
        for f in self.all.iter().flat_map(|r| r.findings.iter()) {
            counter += 1;
            let r = NamedOrBlankNode::from(BlankNode::new_unchecked(format!("r{counter}")));
            triples.push(Triple::new(
                report.clone(),
                sh::RESULT.into_owned(),
                r.clone(),
            ));
            triples.push(Triple::new(
                r.clone(),
                rdf::TYPE.into_owned(),
                sh::VALIDATION_RESULT.into_owned(),
            ));
            triples.push(Triple::new(
                r.clone(),
                sh::FOCUS_NODE.into_owned(),
                f.focus_node.clone(),
            ));
            if let Some(p) = &f.path {
                let mut k = 0;
                let node = path_term(p, &format!("r{counter}p"), &mut k, &mut triples);
                triples.push(Triple::new(r.clone(), sh::RESULT_PATH.into_owned(), node));
            }
            if let Some(v) = &f.value {
                triples.push(Triple::new(r.clone(), sh::VALUE.into_owned(), v.clone()));
            }
            if let Some(s) = &f.source_shape {
                triples.push(Triple::new(
                    r.clone(),
                    sh::SOURCE_SHAPE.into_owned(),
                    s.clone(),
                ));
            }
            triples.push(Triple::new(
                r.clone(),
                sh::SOURCE_CONSTRAINT_COMPONENT.into_owned(),
                f.component.clone(),
            ));
            triples.push(Triple::new(
                r.clone(),
                sh::RESULT_SEVERITY.into_owned(),
                n(f.severity.iri()),
            ));
            for (lang, m) in &f.messages {
                let lit = if lang.is_empty() {
                    Literal::new_simple_literal(m)
                } else {
                    Literal::new_language_tagged_literal(m, lang)
                        .unwrap_or_else(|_| Literal::new_simple_literal(m))
                };
                triples.push(Triple::new(r.clone(), sh::RESULT_MESSAGE.into_owned(), lit));
            }
        }
        let mut ser = RdfSerializer::from_format(RdfFormat::Turtle)
            .with_prefix("sh", ns::SH)
            .map_err(io::Error::other)?
            .with_prefix("xsd", "http://www.w3.org/2001/XMLSchema#")
            .map_err(io::Error::other)?
            .with_prefix("shapes", ns::SHAPES)
            .map_err(io::Error::other)?
            .for_writer(out);
        for t in &triples {
            ser.serialize_triple(t)?;
        }
        let mut out = ser.finish()?;
        out.write_all(b"\n")
    }
}

/// The RDF form of a path (SHACL 2.3.1), blank nodes labelled from `prefix`.
fn path_term(p: &ResultPath, prefix: &str, k: &mut usize, triples: &mut Vec<Triple>) -> Term {
    let n = |s: &str| NamedNode::new_unchecked(s);
    let fresh = |k: &mut usize| {
        *k += 1;
        BlankNode::new_unchecked(format!("{prefix}{k}"))
    };
    let list = |items: &[ResultPath], k: &mut usize, triples: &mut Vec<Triple>| -> Term {
        let mut head: Term = rdf::NIL.into_owned().into();
        let nodes: Vec<Term> = items
            .iter()
            .map(|i| path_term(i, prefix, k, triples))
            .collect();
        for item in nodes.into_iter().rev() {
            let cell = fresh(k);
            triples.push(Triple::new(cell.clone(), rdf::FIRST.into_owned(), item));
            triples.push(Triple::new(cell.clone(), rdf::REST.into_owned(), head));
            head = cell.into();
        }
        head
    };
    let wrap = |prop: NamedNodeRef<'_>,
                inner: &ResultPath,
                k: &mut usize,
                triples: &mut Vec<Triple>|
     -> Term {
        let inner = path_term(inner, prefix, k, triples);
        *k += 1;
        let b = BlankNode::new_unchecked(format!("{prefix}{k}"));
        triples.push(Triple::new(b.clone(), prop, inner));
        b.into()
    };
    match p {
        ResultPath::Predicate(iri) => n(iri).into(),
        ResultPath::Sequence(items) => list(items, k, triples),
        ResultPath::Alternative(items) => {
            let l = list(items, k, triples);
            *k += 1;
            let b = BlankNode::new_unchecked(format!("{prefix}{k}"));
            triples.push(Triple::new(b.clone(), sh::ALTERNATIVE_PATH.into_owned(), l));
            b.into()
        }
        ResultPath::Inverse(i) => wrap(sh::INVERSE_PATH, i, k, triples),
        ResultPath::ZeroOrMore(i) => wrap(sh::ZERO_OR_MORE_PATH, i, k, triples),
        ResultPath::OneOrMore(i) => wrap(sh::ONE_OR_MORE_PATH, i, k, triples),
        ResultPath::ZeroOrOne(i) => wrap(sh::ZERO_OR_ONE_PATH, i, k, triples),
    }
}

/// Shortens well-known namespaces for the readable report.
fn short(s: &str) -> String {
    let t = s.trim_start_matches('<').trim_end_matches('>');
    for (p, ns) in [
        ("shapes:", "https://w3id.org/atlas-lod/shapes#"),
        ("atlas:", "https://w3id.org/atlas-lod/ontology#"),
        ("dcterms:", "http://purl.org/dc/terms/"),
        ("skos:", "http://www.w3.org/2004/02/skos/core#"),
        ("foaf:", "http://xmlns.com/foaf/0.1/"),
        ("org:", "http://www.w3.org/ns/org#"),
        ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
    ] {
        if let Some(local) = t.strip_prefix(ns)
            && !local.contains(['/', '>', ' '])
        {
            return format!("{p}{local}");
        }
    }
    s.to_string()
}
