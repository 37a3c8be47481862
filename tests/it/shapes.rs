//! The shapes: the seed and the examples conform; each Violation constraint, broken alone in an
//! otherwise valid record, gives exactly one result with the right focus node, path and
//! constraint component.

use crate::common;

use atlas_lod::ingest::read_page_bytes;
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::{record_theme_quads, redact_and_map};
use atlas_lod::validate::{Severity, Validator};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

const ATLAS: &str = "https://w3id.org/atlas-lod/ontology#";
const SH: &str = "http://www.w3.org/ns/shacl#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const ORG: &str = "http://www.w3.org/ns/org#";
const DCTERMS: &str = "http://purl.org/dc/terms/";

fn graph_of(path: &std::path::Path) -> Vec<Quad> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
    let rec = read_page_bytes(&bytes, "x").unwrap_or_else(|e| panic!("{e}"));
    // Full contacts: the shapes of persons are tested too.
    let mut q = redact_and_map(&full(), rec.clone());
    q.extend(record_theme_quads(&rec));
    q
}

fn full() -> MapOptions {
    MapOptions {
        contacts: atlas_lod::model::privacy::ContactPolicy::Full,
        ..MapOptions::default()
    }
}

/// The richest example: every class the mapping writes occurs in it.
fn base() -> Vec<Quad> {
    graph_of(&common::repo_path("examples/pages/eau-dogbo.txt"))
}

fn n(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn typed(v: &str, dt: &str) -> Term {
    Literal::new_typed_literal(v, n(dt)).into()
}

/// The first subject with this type.
fn first_of_type(q: &[Quad], class: &str) -> NamedNode {
    q.iter()
        .find(|x| {
            x.predicate.as_str().ends_with("#type")
                && matches!(&x.object, Term::NamedNode(o) if o.as_str() == class)
        })
        .and_then(|x| match &x.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {class} in the example"))
}

fn set(q: &mut Vec<Quad>, s: &NamedNode, p: &str, o: Option<Term>) {
    let graph = q
        .first()
        .map(|x| x.graph_name.clone())
        .unwrap_or(GraphName::DefaultGraph);
    q.retain(|x| !(x.subject.to_string() == s.to_string() && x.predicate.as_str() == p));
    if let Some(o) = o {
        q.push(Quad::new(s.clone(), n(p), o, graph));
    }
}

fn add(q: &mut Vec<Quad>, s: &NamedNode, p: &str, o: Term) {
    let graph = q
        .first()
        .map(|x| x.graph_name.clone())
        .unwrap_or(GraphName::DefaultGraph);
    q.push(Quad::new(s.clone(), n(p), o, graph));
}

#[test]
fn seed_and_examples_conform() {
    let v = Validator::new(&[]).unwrap_or_else(|e| panic!("{e}"));
    let mut paths = vec![common::seed_path()];
    for e in std::fs::read_dir(common::repo_path("examples/pages"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        paths.push(e.path());
    }
    for p in paths {
        let findings = v
            .validate_quads(&graph_of(&p))
            .unwrap_or_else(|e| panic!("{e}"));
        let violations: Vec<_> = findings
            .iter()
            .filter(|f| f.severity == Severity::Violation)
            .collect();
        assert!(violations.is_empty(), "{}: {violations:#?}", p.display());
    }
    let seed = v
        .validate_quads(&graph_of(&common::seed_path()))
        .unwrap_or_default();
    assert!(seed.is_empty(), "the seed has no warning either: {seed:#?}");
}

#[test]
fn incomplete_records_get_warnings_not_violations() {
    let v = Validator::new(&[]).unwrap_or_else(|e| panic!("{e}"));
    let findings = v
        .validate_quads(&graph_of(&common::repo_path(
            "examples/pages/jumelage-cuenca.txt",
        )))
        .unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(Severity, String)> = findings
        .iter()
        .map(|f| {
            (
                f.severity,
                f.path.as_ref().map(ToString::to_string).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Severity::Warning, format!("<{DCTERMS}description>")),
            (Severity::Warning, format!("<{ATLAS}funding>")),
        ]
    );
}

type Mutation = fn(&mut Vec<Quad>) -> NamedNode;

#[test]
fn each_violation_constraint_gives_exactly_its_result() {
    let v = Validator::new(&[]).unwrap_or_else(|e| panic!("{e}"));
    let cases: Vec<(&str, &str, &str, Mutation)> = vec![
        (
            "no title",
            "http://purl.org/dc/terms/title",
            "MinCount",
            |q| {
                let p = first_of_type(q, &format!("{ATLAS}Partnership"));
                set(q, &p, &format!("{DCTERMS}title"), None);
                p
            },
        ),
        (
            "a title of invisible characters only",
            "http://purl.org/dc/terms/title",
            "Pattern",
            |q| {
                let p = first_of_type(q, &format!("{ATLAS}Partnership"));
                let invisible = "\u{200b}\u{2060} \u{00ad}\u{feff}\u{202e}";
                set(
                    q,
                    &p,
                    &format!("{DCTERMS}title"),
                    Some(
                        oxigraph::model::Literal::new_language_tagged_literal_unchecked(
                            invisible, "fr",
                        )
                        .into(),
                    ),
                );
                p
            },
        ),
        (
            "first agreement year not a gYear",
            "firstAgreementYear",
            "Datatype",
            |q| {
                let p = first_of_type(q, &format!("{ATLAS}Partnership"));
                set(
                    q,
                    &p,
                    &format!("{ATLAS}firstAgreementYear"),
                    Some(typed("2012", &format!("{XSD}string"))),
                );
                p
            },
        ),
        (
            "first agreement year before 1945",
            "firstAgreementYear",
            "Pattern",
            |q| {
                let p = first_of_type(q, &format!("{ATLAS}Partnership"));
                set(
                    q,
                    &p,
                    &format!("{ATLAS}firstAgreementYear"),
                    Some(typed("1900", &format!("{XSD}gYear"))),
                );
                p
            },
        ),
        ("start year not a gYear", "startYear", "Datatype", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}startYear"),
                Some(typed("2013", &format!("{XSD}integer"))),
            );
            p
        }),
        ("start year before 1945", "startYear", "Pattern", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}startYear"),
                Some(typed("1901", &format!("{XSD}gYear"))),
            );
            p
        }),
        ("end date not a date", "endDate", "Datatype", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}endDate"),
                Some(Literal::new_simple_literal("31/12/2019").into()),
            );
            p
        }),
        ("end date before start year", "endDate", "SPARQL", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}endDate"),
                Some(typed("2010-06-30", &format!("{XSD}date"))),
            );
            p
        }),
        ("status outside its scheme", "status", "In", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}status"),
                Some(n("https://w3id.org/atlas-lod/status/suspendu").into()),
            );
            p
        }),
        ("kind outside its scheme", "partnershipKind", "In", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}partnershipKind"),
                Some(n("https://w3id.org/atlas-lod/kind/autre").into()),
            );
            p
        }),
        ("two main themes", "mainTheme", "MaxCount", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            add(
                q,
                &p,
                &format!("{ATLAS}mainTheme"),
                n("https://w3id.org/atlas-lod/theme/environnement-climat-et-energie").into(),
            );
            p
        }),
        ("triennial not a boolean", "triennial", "Datatype", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}triennial"),
                Some(Literal::new_simple_literal("oui").into()),
            );
            p
        }),
        (
            "communication in France not a boolean",
            "communicationInFrance",
            "Datatype",
            |q| {
                let p = first_of_type(q, &format!("{ATLAS}Partnership"));
                set(
                    q,
                    &p,
                    &format!("{ATLAS}communicationInFrance"),
                    Some(Literal::new_simple_literal("oui").into()),
                );
                p
            },
        ),
        (
            "communication abroad twice",
            "communicationInPartnerCountries",
            "MaxCount",
            |q| {
                let p = first_of_type(q, &format!("{ATLAS}Partnership"));
                add(
                    q,
                    &p,
                    &format!("{ATLAS}communicationInPartnerCountries"),
                    typed("true", &format!("{XSD}boolean")),
                );
                p
            },
        ),
        ("evaluation not a boolean", "evaluation", "Datatype", |q| {
            let p = first_of_type(q, &format!("{ATLAS}Partnership"));
            set(
                q,
                &p,
                &format!("{ATLAS}evaluation"),
                Some(typed("1", &format!("{XSD}integer"))),
            );
            p
        }),
        ("funding without funder", "funder", "MinCount", |q| {
            let f = first_of_type(q, &format!("{ATLAS}Funding"));
            set(q, &f, &format!("{ATLAS}funder"), None);
            f
        }),
        ("funding with two years", "year", "MaxCount", |q| {
            let f = first_of_type(q, &format!("{ATLAS}Funding"));
            add(
                q,
                &f,
                &format!("{ATLAS}year"),
                typed("2014", &format!("{XSD}gYear")),
            );
            f
        }),
        ("funding year out of range", "year", "Pattern", |q| {
            let f = first_of_type(q, &format!("{ATLAS}Funding"));
            set(
                q,
                &f,
                &format!("{ATLAS}year"),
                Some(typed("1850", &format!("{XSD}gYear"))),
            );
            f
        }),
        ("funding amount not a decimal", "amount", "Datatype", |q| {
            let f = first_of_type(q, &format!("{ATLAS}Funding"));
            set(
                q,
                &f,
                &format!("{ATLAS}amount"),
                Some(typed("12500", &format!("{XSD}integer"))),
            );
            f
        }),
        ("negative funding amount", "amount", "MinInclusive", |q| {
            let f = first_of_type(q, &format!("{ATLAS}Funding"));
            set(
                q,
                &f,
                &format!("{ATLAS}amount"),
                Some(typed("-500", &format!("{XSD}decimal"))),
            );
            f
        }),
        ("levy without amount", "levyAmount", "MinCount", |q| {
            let l = first_of_type(q, &format!("{ATLAS}Levy"));
            set(q, &l, &format!("{ATLAS}levyAmount"), None);
            l
        }),
        ("negative levy", "levyAmount", "MinInclusive", |q| {
            let l = first_of_type(q, &format!("{ATLAS}Levy"));
            set(
                q,
                &l,
                &format!("{ATLAS}levyAmount"),
                Some(typed("-1", &format!("{XSD}decimal"))),
            );
            l
        }),
        (
            "levy amount written as funding",
            "amount",
            "MaxCount",
            |q| {
                let l = first_of_type(q, &format!("{ATLAS}Levy"));
                add(
                    q,
                    &l,
                    &format!("{ATLAS}amount"),
                    typed("10", &format!("{XSD}decimal")),
                );
                l
            },
        ),
        ("levy law outside its scheme", "levyLaw", "In", |q| {
            let l = first_of_type(q, &format!("{ATLAS}Levy"));
            set(
                q,
                &l,
                &format!("{ATLAS}levyLaw"),
                Some(n("https://w3id.org/atlas-lod/levy/tax-2030").into()),
            );
            l
        }),
        ("organisation without name", RDFS_LABEL, "MinCount", |q| {
            let o = first_of_type(q, &format!("{ATLAS}DiplomaticPost"));
            set(q, &o, RDFS_LABEL, None);
            o
        }),
        ("SIREN of eight digits", "siren", "Pattern", |q| {
            let o = first_of_type(q, &format!("{ATLAS}FrenchLocalAuthority"));
            add(
                q,
                &o,
                &format!("{ATLAS}siren"),
                Literal::new_simple_literal("12345678").into(),
            );
            o
        }),
        (
            "INSEE code with a letter out of place",
            "inseeCode",
            "Pattern",
            |q| {
                let o = first_of_type(q, &format!("{ATLAS}FrenchLocalAuthority"));
                add(
                    q,
                    &o,
                    &format!("{ATLAS}inseeCode"),
                    Literal::new_simple_literal("2C004").into(),
                );
                o
            },
        ),
        (
            "country not in the country table",
            "country",
            "Class",
            |q| {
                let o = first_of_type(q, &format!("{ATLAS}ForeignPartner"));
                set(
                    q,
                    &o,
                    &format!("{ATLAS}country"),
                    Some(n("http://publications.europa.eu/resource/authority/country/XXX").into()),
                );
                o
            },
        ),
        (
            "country code in lower case",
            "iso3166Alpha2",
            "Pattern",
            |q| {
                let c = first_of_type(q, &format!("{ATLAS}Country"));
                set(
                    q,
                    &c,
                    &format!("{ATLAS}iso3166Alpha2"),
                    Some(Literal::new_simple_literal("bj").into()),
                );
                c
            },
        ),
        ("alpha-3 code missing", "iso3166Alpha3", "MinCount", |q| {
            let c = first_of_type(q, &format!("{ATLAS}Country"));
            set(q, &c, &format!("{ATLAS}iso3166Alpha3"), None);
            c
        }),
        (
            "malformed mailto",
            "http://xmlns.com/foaf/0.1/mbox",
            "Pattern",
            |q| {
                let p = first_of_type(q, &format!("{FOAF}Person"));
                set(
                    q,
                    &p,
                    &format!("{FOAF}mbox"),
                    Some(n("mailto:jean.delafontaine").into()),
                );
                p
            },
        ),
        (
            "two family names",
            "http://xmlns.com/foaf/0.1/familyName",
            "MaxCount",
            |q| {
                let p = first_of_type(q, &format!("{FOAF}Person"));
                add(
                    q,
                    &p,
                    &format!("{FOAF}familyName"),
                    Literal::new_simple_literal("AUTRE").into(),
                );
                p
            },
        ),
        (
            "given name with a language",
            "http://xmlns.com/foaf/0.1/givenName",
            "Datatype",
            |q| {
                let p = first_of_type(q, &format!("{FOAF}Person"));
                set(
                    q,
                    &p,
                    &format!("{FOAF}givenName"),
                    Some(Literal::new_language_tagged_literal_unchecked("Jean", "fr").into()),
                );
                p
            },
        ),
        (
            "contact role for a non-organisation",
            "http://www.w3.org/ns/org#organization",
            "Class",
            |q| {
                let r = first_of_type(q, &format!("{ATLAS}ContactRole"));
                set(
                    q,
                    &r,
                    &format!("{ORG}organization"),
                    Some(n("https://example.org/nobody").into()),
                );
                r
            },
        ),
        (
            "contact role naming a non-person",
            "http://www.w3.org/ns/org#member",
            "Class",
            |q| {
                let r = first_of_type(q, &format!("{ATLAS}ContactRole"));
                set(
                    q,
                    &r,
                    &format!("{ORG}member"),
                    Some(n("https://example.org/nobody").into()),
                );
                r
            },
        ),
        (
            "volunteer naming a non-person",
            "http://www.w3.org/ns/org#member",
            "Class",
            |q| {
                let r = first_of_type(q, &format!("{ATLAS}VolunteerRole"));
                set(
                    q,
                    &r,
                    &format!("{ORG}member"),
                    Some(n("https://example.org/nobody").into()),
                );
                r
            },
        ),
        ("other theme without concept", "theme", "MinCount", |q| {
            let t = first_of_type(q, &format!("{ATLAS}ThemeQualification"));
            set(q, &t, &format!("{ATLAS}theme"), None);
            t
        }),
        (
            "theme concept without French label",
            "http://www.w3.org/2004/02/skos/core#prefLabel",
            "QualifiedMinCount",
            |q| {
                let c = n(
                    "https://w3id.org/atlas-lod/theme/gouvernance/appui-institutionnel/finances-locales",
                );
                set(
                    q,
                    &c,
                    &format!("{SKOS}prefLabel"),
                    Some(
                        Literal::new_language_tagged_literal_unchecked("Local finance", "en")
                            .into(),
                    ),
                );
                c
            },
        ),
        (
            "theme concept outside the scheme",
            "http://www.w3.org/2004/02/skos/core#inScheme",
            "HasValue",
            |q| {
                let c = n(
                    "https://w3id.org/atlas-lod/theme/gouvernance/appui-institutionnel/finances-locales",
                );
                set(
                    q,
                    &c,
                    &format!("{SKOS}inScheme"),
                    Some(n("https://example.org/other-scheme").into()),
                );
                c
            },
        ),
    ];
    let clean = base();
    assert!(
        v.validate_quads(&clean)
            .unwrap_or_default()
            .iter()
            .all(|f| f.severity != Severity::Violation),
        "the base record is valid"
    );
    let mut covered = std::collections::BTreeSet::new();
    for (name, path, component, mutate) in cases {
        let mut q = clean.clone();
        let focus = mutate(&mut q);
        let violations: Vec<_> = v
            .validate_quads(&q)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .into_iter()
            .filter(|f| f.severity == Severity::Violation)
            .collect();
        assert_eq!(violations.len(), 1, "{name}: {violations:#?}");
        let f = &violations[0];
        let path_iri = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{ATLAS}{path}")
        };
        assert_eq!(f.focus_node.to_string(), focus.to_string(), "{name}");
        assert_eq!(
            f.path.as_ref().map(ToString::to_string),
            Some(format!("<{path_iri}>")),
            "{name}"
        );
        assert_eq!(
            f.component.to_string(),
            format!("<{SH}{component}ConstraintComponent>"),
            "{name}"
        );
        assert!(
            !f.message("fr").is_empty() && f.message("fr") != f.message("en"),
            "{name}: messages in both languages: {:?}",
            f.messages
        );
        covered.insert(
            f.source_shape
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
    }
    // Every Violation shape of ours is exercised by some mutation.
    let shapes = atlas_lod::validate::shapes::ATLAS_SHAPES_TTL;
    let violation_shapes: Vec<String> = shapes
        .split("\n\n")
        .filter(|block| block.contains("sh:severity sh:Violation") && block.starts_with("shapes:"))
        .filter_map(|block| block.split_whitespace().next())
        .map(|s| {
            format!(
                "<https://w3id.org/atlas-lod/shapes#{}>",
                s.trim_start_matches("shapes:")
            )
        })
        .map(|s| {
            if s.ends_with("#Partnership-endBeforeStart>") {
                "<https://w3id.org/atlas-lod/shapes#Partnership>".to_string()
            } else {
                s
            }
        })
        .collect();
    assert!(
        violation_shapes.len() >= 30,
        "{} Violation shapes found",
        violation_shapes.len()
    );
    for s in &violation_shapes {
        assert!(covered.contains(s), "no mutation test for {s}");
    }
}

#[test]
fn native_sparql_constraint_matches_the_engine() {
    let fast = Validator::new(&[]).unwrap_or_else(|e| panic!("{e}"));
    let engine = Validator::engine_only(&[]).unwrap_or_else(|e| panic!("{e}"));
    let mut graphs = vec![base(), graph_of(&common::seed_path())];
    let p = first_of_type(&graphs[0], &format!("{ATLAS}Partnership"));
    for (end, start) in [
        (
            typed("2010-06-30", &format!("{XSD}date")),
            Some(typed("2013", &format!("{XSD}gYear"))),
        ),
        (
            typed("2013-01-01", &format!("{XSD}date")),
            Some(typed("2013", &format!("{XSD}gYear"))),
        ),
        (
            typed("2012-12-31", &format!("{XSD}date")),
            Some(typed("2013", &format!("{XSD}gYear"))),
        ),
        (
            typed("2012-12-31T10:00:00", &format!("{XSD}dateTime")),
            Some(typed("2013", &format!("{XSD}gYear"))),
        ),
        (
            Literal::new_simple_literal("2010-01-01").into(),
            Some(typed("2013", &format!("{XSD}gYear"))),
        ),
        (
            typed("2010-06-30", &format!("{XSD}date")),
            Some(typed("20l3", &format!("{XSD}gYear"))),
        ),
        (typed("2010-06-30", &format!("{XSD}date")), None),
    ] {
        let mut q = base();
        set(&mut q, &p, &format!("{ATLAS}endDate"), Some(end));
        set(&mut q, &p, &format!("{ATLAS}startYear"), start);
        graphs.push(q);
    }
    let mut two_ends = base();
    add(
        &mut two_ends,
        &p,
        &format!("{ATLAS}endDate"),
        typed("2001-01-01", &format!("{XSD}date")),
    );
    graphs.push(two_ends);
    for r in atlas_lod::generate::records(9, 60) {
        let mut q = redact_and_map(&full(), r.clone());
        q.extend(record_theme_quads(&r));
        graphs.push(q);
    }
    let mut fired = 0;
    for (i, g) in graphs.iter().enumerate() {
        let a = fast.validate_quads(g).unwrap_or_else(|e| panic!("{e}"));
        let b = engine.validate_quads(g).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a, b, "graph {i}");
        fired += a
            .iter()
            .filter(|f| f.component.to_string().contains("SPARQL"))
            .count();
    }
    assert!(fired >= 4, "the SPARQL constraint fired {fired} times");
}
