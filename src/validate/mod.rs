//! SHACL validation of each record's graph, with the rudof project's `shacl` engine.
//!
//! Shapes are parsed and compiled once ([`Validator::new`]); each record's graph (its quads
//! plus the theme concepts it references) is validated on its own, in memory, which keeps the
//! cost linear in the number of records. The engine's results are turned into [`Finding`]s,
//! from which [`report`] builds the readable report, the standard `sh:ValidationReport` and
//! JSON.

pub mod native;
pub mod report;
pub mod shapes;

use oxigraph::model::{Quad, Term};
use rudof_rdf::rdf_core::term::Object;
use rudof_rdf::rdf_impl::OxigraphInMemory;
use serde::Serialize;
use shacl::ir::IRSchema;
use shacl::types::Severity as ShaclSeverity;
use shacl::validator::processor::ShaclProcessor;
use shacl::validator::report::ValidationReport;
use shacl::validator::{ShaclConfig, ShaclValidationMode};
use sparql_service::RdfData;
use std::collections::HashMap;

/// What can go wrong while validating (not the data's faults: those are findings).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// A shapes file does not parse or compile.
    #[error("shapes {source_name}: {message}")]
    Shapes {
        /// File name, or `atlas.ttl` for ours.
        source_name: String,
        /// The parser's or compiler's message.
        message: String,
    },
    /// The engine failed on a data graph.
    #[error("validation failed: {0}")]
    Engine(String),
    /// Writing what validation found failed.
    #[error("writing the findings: {0}")]
    Io(#[from] std::io::Error),
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// `sh:Info`.
    Info,
    /// `sh:Warning`: incomplete, still published.
    Warning,
    /// `sh:Violation`: the record is wrong and rejected.
    Violation,
}

impl Severity {
    /// The SHACL IRI.
    pub fn iri(self) -> &'static str {
        match self {
            Severity::Info => crate::vocab::sh::INFO.as_str(),
            Severity::Warning => crate::vocab::sh::WARNING.as_str(),
            Severity::Violation => crate::vocab::sh::VIOLATION.as_str(),
        }
    }
}

/// One validation result, engine-independent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// `sh:focusNode`.
    pub focus_node: Term,
    /// `sh:resultPath`.
    pub path: Option<ResultPath>,
    /// `sh:value`.
    pub value: Option<Term>,
    /// `sh:sourceShape`.
    pub source_shape: Option<Term>,
    /// `sh:sourceConstraintComponent`.
    pub component: Term,
    /// `sh:resultMessage`, by language tag ("" for none), sorted.
    pub messages: Vec<(String, String)>,
}

impl Finding {
    /// Focus node, path, component, value, shape: a stable order for reports.
    pub fn sort_key(&self) -> String {
        format!(
            "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
            self.focus_node,
            self.path
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            self.component,
            self.value
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            self.source_shape
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        )
    }

    /// The message in `lang`, else English, else any.
    pub fn message(&self, lang: &str) -> &str {
        self.messages
            .iter()
            .find(|(l, _)| l == lang)
            .or_else(|| self.messages.iter().find(|(l, _)| l == "en"))
            .or_else(|| self.messages.first())
            .map_or("", |(_, m)| m.as_str())
    }
}

/// A compiled shapes graph, ready to validate many data graphs.
#[derive(Debug, Clone)]
pub struct Validator {
    schema: IRSchema,
    mode: ShaclValidationMode,
    /// `sh:message` of each named shape, by shape IRI (N-Triples form).
    messages: std::collections::HashMap<String, Vec<(String, String)>>,
    /// Whether a shape uses SHACL-SPARQL: only then is a SPARQL store built per data graph.
    needs_sparql: bool,
    /// Built once: making the default configuration parses TOML.
    config: ShaclConfig,
    /// Our SHACL-SPARQL constraints evaluated natively (see [`native`]), with their messages.
    native: Option<native::EndBeforeStart>,
}

/// The engine's in-memory processor, minus the SPARQL store it builds for every data graph:
/// that store is only needed by SHACL-SPARQL constraints, and building it dominated the
/// per-record cost.
#[derive(Debug)]
struct InMemory {
    data: RdfData,
    needs_sparql: bool,
}

impl ShaclProcessor<RdfData> for InMemory {
    fn store(&self) -> &RdfData {
        &self.data
    }

    fn runner(
        _mode: &ShaclValidationMode,
        config: &ShaclConfig,
    ) -> Box<dyn shacl::validator::engine::Engine<RdfData>> {
        Box::new(shacl::validator::engine::NativeEngine::new(
            config.recursion_semantics(),
        ))
    }

    fn prepare_store(&mut self) -> Result<(), shacl::error::ValidationError> {
        if self.needs_sparql {
            self.data
                .check_store()
                .map_err(shacl::error::ValidationError::from)?;
        }
        Ok(())
    }
}

impl Validator {
    /// Our shapes (`shapes/atlas.ttl`, year range for the current year) plus `extra` user shapes
    /// (name, Turtle text), all in one shapes graph.
    pub fn new(extra: &[(String, String)]) -> Result<Self, ValidateError> {
        Self::build(extra, true)
    }

    /// Like [`Validator::new`], but every constraint of ours goes through the engine, SPARQL
    /// ones included: slower, and the reference the native evaluation is tested against.
    pub fn engine_only(extra: &[(String, String)]) -> Result<Self, ValidateError> {
        Self::build(extra, false)
    }

    fn build(extra: &[(String, String)], native_sparql: bool) -> Result<Self, ValidateError> {
        let mut data = RdfData::new();
        let full = shapes::atlas_shapes_for_current_year();
        let messages_of_ours = shapes::messages(&full);
        let (ours, native) = if native_sparql {
            native::EndBeforeStart::take_from(&full, &messages_of_ours)
        } else {
            (full.clone(), None)
        };
        shapes::merge_turtle(&mut data, "atlas.ttl", &ours)?;
        let mut messages = messages_of_ours;
        let mut needs_sparql = shapes::uses_sparql(&ours);
        for (name, text) in extra {
            shapes::merge_turtle(&mut data, name, text)?;
            messages.extend(shapes::messages(text));
            needs_sparql |= shapes::uses_sparql(text);
        }
        let mut v = Self::from_shapes_data(data, "shapes")?;
        v.messages = messages;
        v.needs_sparql = needs_sparql;
        v.native = native;
        Ok(v)
    }

    /// Only the given shapes (name, Turtle text), none of ours: for checking other
    /// standards' shapes (the DCAT-AP catalogue, for one).
    pub fn from_turtle(shapes: &[(String, String)]) -> Result<Self, ValidateError> {
        let mut data = RdfData::new();
        let mut messages = HashMap::new();
        for (name, text) in shapes {
            shapes::merge_turtle(&mut data, name, text)?;
            messages.extend(shapes::messages(text));
        }
        let mut v = Self::from_shapes_data(data, "shapes")?;
        v.messages = messages;
        v.needs_sparql = shapes.iter().any(|(_, t)| shapes::uses_sparql(t));
        Ok(v)
    }

    /// Compiles an already loaded shapes graph.
    pub fn from_shapes_data(data: RdfData, name: &str) -> Result<Self, ValidateError> {
        let err = |m: String| ValidateError::Shapes {
            source_name: name.to_string(),
            message: m,
        };
        let ast = shacl::rdf::ShaclParser::new(data)
            .parse()
            .map_err(|e| err(e.to_string()))?;
        let schema = IRSchema::try_from(ast).map_err(|e| err(e.to_string()))?;
        Ok(Self {
            schema,
            mode: ShaclValidationMode::Native,
            messages: Default::default(),
            needs_sparql: true,
            config: ShaclConfig::default(),
            native: None,
        })
    }

    /// Validates a graph made of `quads` (graph names ignored) and returns the engine's report.
    pub fn report_for_quads(&self, quads: &[Quad]) -> Result<ValidationReport, ValidateError> {
        let mut graph = OxigraphInMemory::new();
        for q in quads {
            graph
                .add_triple_ref(&q.subject, &q.predicate, &q.object)
                .map_err(|e| ValidateError::Engine(e.to_string()))?;
        }
        let data = RdfData::from_graph(graph).map_err(|e| ValidateError::Engine(e.to_string()))?;
        self.report_for(data)
    }

    /// Validates any loaded data graph (used by the W3C test suite as well).
    pub fn report_for(&self, data: RdfData) -> Result<ValidationReport, ValidateError> {
        let mut validation = InMemory {
            data,
            needs_sparql: self.needs_sparql,
        };
        validation
            .validate(&self.schema, &self.mode, &self.config)
            .map_err(|e| ValidateError::Engine(e.to_string()))
    }

    /// Validates `quads` and returns the findings, sorted (deterministic).
    pub fn validate_quads(&self, quads: &[Quad]) -> Result<Vec<Finding>, ValidateError> {
        let report = self.report_for_quads(quads)?;
        let mut out = findings(&report);
        // Some components (sh:qualifiedValueShape) come back with the engine's own text only:
        // SHACL says results carry the shape's sh:message, so put them back.
        for f in &mut out {
            if f.messages.iter().all(|(l, _)| l.is_empty())
                && let Some(m) = f
                    .source_shape
                    .as_ref()
                    .and_then(|s| self.messages.get(&s.to_string()))
            {
                f.messages = m.clone();
            }
        }
        if let Some(n) = &self.native {
            out.extend(n.check(quads));
            out.sort_by_cached_key(Finding::sort_key);
        }
        Ok(out)
    }
}

/// A SHACL property path, engine-independent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultPath {
    /// A predicate.
    Predicate(String),
    /// `sh:alternativePath`.
    Alternative(Vec<ResultPath>),
    /// A sequence (an RDF list).
    Sequence(Vec<ResultPath>),
    /// `sh:inversePath`.
    Inverse(Box<ResultPath>),
    /// `sh:zeroOrMorePath`.
    ZeroOrMore(Box<ResultPath>),
    /// `sh:oneOrMorePath`.
    OneOrMore(Box<ResultPath>),
    /// `sh:zeroOrOnePath`.
    ZeroOrOne(Box<ResultPath>),
}

impl From<&rudof_rdf::rdf_core::SHACLPath> for ResultPath {
    fn from(p: &rudof_rdf::rdf_core::SHACLPath) -> Self {
        use rudof_rdf::rdf_core::SHACLPath as P;
        let all = |ps: &[P]| ps.iter().map(ResultPath::from).collect();
        match p {
            P::Predicate { pred } => ResultPath::Predicate(pred.to_string()),
            P::Alternative { paths } => ResultPath::Alternative(all(paths)),
            P::Sequence { paths } => ResultPath::Sequence(all(paths)),
            P::Inverse { path } => ResultPath::Inverse(Box::new(path.as_ref().into())),
            P::ZeroOrMore { path } => ResultPath::ZeroOrMore(Box::new(path.as_ref().into())),
            P::OneOrMore { path } => ResultPath::OneOrMore(Box::new(path.as_ref().into())),
            P::ZeroOrOne { path } => ResultPath::ZeroOrOne(Box::new(path.as_ref().into())),
        }
    }
}

impl std::fmt::Display for ResultPath {
    /// SPARQL property path syntax.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |ps: &[ResultPath], sep: &str| {
            ps.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(sep)
        };
        match self {
            ResultPath::Predicate(p) => write!(f, "<{p}>"),
            ResultPath::Alternative(ps) => write!(f, "({})", join(ps, " | ")),
            ResultPath::Sequence(ps) => write!(f, "({})", join(ps, " / ")),
            ResultPath::Inverse(p) => write!(f, "^{p}"),
            ResultPath::ZeroOrMore(p) => write!(f, "{p}*"),
            ResultPath::OneOrMore(p) => write!(f, "{p}+"),
            ResultPath::ZeroOrOne(p) => write!(f, "{p}?"),
        }
    }
}

fn term(o: &Object) -> Term {
    Term::from(o.clone())
}

/// Our findings from the engine's report.
pub fn findings(report: &ValidationReport) -> Vec<Finding> {
    let mut out: Vec<Finding> = report
        .results()
        .iter()
        .map(|r| {
            let severity = match r.severity() {
                ShaclSeverity::Violation => Severity::Violation,
                ShaclSeverity::Warning => Severity::Warning,
                _ => Severity::Info,
            };
            let mut messages: Vec<(String, String)> = r
                .message()
                .iter()
                .map(|(lang, m)| {
                    (
                        lang.as_ref()
                            .map(|l| l.as_str().to_string())
                            .unwrap_or_default(),
                        m.clone(),
                    )
                })
                .collect();
            // The engine adds its own untagged message; the shape's tagged ones say it better.
            if messages.iter().any(|(l, _)| !l.is_empty()) {
                messages.retain(|(l, _)| !l.is_empty());
            }
            messages.sort();
            Finding {
                severity,
                focus_node: term(r.focus_node()),
                path: r.path().map(ResultPath::from),
                value: r.value().map(term),
                source_shape: r.source().map(term),
                component: term(r.constraint_component()),
                messages,
            }
        })
        .collect();
    out.sort_by_cached_key(Finding::sort_key);
    out
}
