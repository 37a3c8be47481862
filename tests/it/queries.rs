//! Every non-federated query in `queries/` answers what the records say (seed, examples and
//! generated records, loaded as `convert` writes them).

use crate::common;

use atlas_lod::Record;
use atlas_lod::ingest::{Input, InputFormat};
use atlas_lod::model::countries;
use atlas_lod::model::privacy::ContactPolicy;
use atlas_lod::rdf::OutputFormat;
use atlas_lod::store::query::evaluate;
use chrono::Datelike;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};

struct Fixture {
    records: Vec<Record>,
    store: Store,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let generated = dir.path().join("generated.jsonl");
    let lines: Vec<String> = atlas_lod::generate::records(77, 300)
        .map(|r| serde_json::to_string(&r).unwrap_or_default())
        .collect();
    std::fs::write(&generated, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let mut inputs = vec![Input::File(common::seed_path())];
    let mut pages: Vec<_> = std::fs::read_dir(common::repo_path("examples/pages"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    inputs.extend(pages.into_iter().map(Input::File));
    inputs.push(Input::File(generated));
    let (nq, summary, events) = common::convert_inputs(
        inputs.clone(),
        InputFormat::Auto,
        OutputFormat::Nquads,
        ContactPolicy::Full,
    );
    assert_eq!(summary.rejected, 0, "{events:?}");
    let (jsonl, _, _) = common::convert_inputs(
        inputs,
        InputFormat::Auto,
        OutputFormat::RecordsJsonl,
        ContactPolicy::Full,
    );
    let records: Vec<Record> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let ids: BTreeSet<String> = records.iter().map(atlas_lod::rdf::iri::record_id).collect();
    assert_eq!(
        ids.len(),
        records.len(),
        "record ids are unique in the fixture"
    );
    Fixture {
        records,
        store: common::store_of(&nq, oxigraph::io::RdfFormat::NQuads),
    }
}

fn query_file(name: &str) -> String {
    std::fs::read_to_string(common::repo_path(&format!("queries/{name}")))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Rows as maps variable -> lexical value.
fn rows(store: &Store, name: &str) -> Vec<BTreeMap<String, String>> {
    let QueryResults::Solutions(solutions) =
        evaluate(store, &query_file(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    else {
        panic!("{name} is not a SELECT");
    };
    solutions
        .map(|s| {
            let s = s.unwrap_or_else(|e| panic!("{name}: {e}"));
            s.iter()
                .map(|(v, t)| {
                    let value = match t {
                        Term::Literal(l) => l.value().to_string(),
                        Term::NamedNode(n) => n.as_str().to_string(),
                        other => other.to_string(),
                    };
                    (v.as_str().to_string(), value)
                })
                .collect()
        })
        .collect()
}

fn euros(v: &str) -> i64 {
    (v.parse::<f64>().unwrap_or_else(|e| panic!("{v}: {e}")) * 100.0).round() as i64
}

fn funding_total(r: &Record) -> i64 {
    r.funding.iter().map(|f| f.amount.cents()).sum()
}

#[test]
fn queries_answer_what_the_records_say() {
    let Fixture { records, store } = fixture();
    let files: Vec<String> = std::fs::read_dir(common::repo_path("queries"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rq"))
        .collect();
    assert!(files.len() >= 9, "{files:?}");

    // Funding per year and funder.
    let mut expected: BTreeMap<(String, String), (i64, BTreeSet<String>)> = BTreeMap::new();
    for r in &records {
        for f in &r.funding {
            let e = expected
                .entry((f.year.to_string(), f.funder.clone()))
                .or_default();
            e.0 += f.amount.cents();
            e.1.insert(r.title.clone() + &r.source.file + &r.source.line.to_string());
        }
    }
    let got: BTreeMap<(String, String), (i64, usize)> =
        rows(&store, "funding-per-year-and-funder.rq")
            .into_iter()
            .map(|r| {
                (
                    (r["year"].clone(), r["funder"].clone()),
                    (euros(&r["total"]), r["partnerships"].parse().unwrap_or(0)),
                )
            })
            .collect();
    let expected: BTreeMap<(String, String), (i64, usize)> = expected
        .into_iter()
        .map(|(k, (c, p))| (k, (c, p.len())))
        .collect();
    assert_eq!(got, expected, "funding-per-year-and-funder");
    assert!(got.len() > 20);

    // Funding per partner country.
    let mut expected: BTreeMap<String, (i64, usize)> = BTreeMap::new();
    for r in &records {
        let cs: BTreeSet<&str> = r
            .foreign_partners
            .iter()
            .filter_map(|p| p.country.as_deref())
            .collect();
        for c in cs {
            if r.funding.is_empty() {
                continue;
            }
            let e = expected.entry(c.to_string()).or_default();
            e.0 += funding_total(r);
            e.1 += 1;
        }
    }
    let got: BTreeMap<String, (i64, usize)> = rows(&store, "funding-per-country.rq")
        .into_iter()
        .map(|r| {
            let name = countries::by_alpha2(&r["iso2"])
                .map(|c| c.name_fr)
                .unwrap_or_default();
            assert_eq!(r["country"], name);
            (
                r["iso2"].clone(),
                (euros(&r["total"]), r["partnerships"].parse().unwrap_or(0)),
            )
        })
        .collect();
    assert_eq!(got, expected, "funding-per-country");
    assert!(
        got.get("CA").is_some_and(|v| v.0 >= 9_537_000),
        "the seed's 95,370 euros count for Canada"
    );

    // Partnerships per theme, at each level.
    let mut expected: BTreeMap<(usize, String), usize> = BTreeMap::new();
    for r in &records {
        for depth in 1..=r.main_theme.len().min(3) {
            *expected
                .entry((depth, r.main_theme[depth - 1].clone()))
                .or_default() += 1;
        }
    }
    let got: BTreeMap<(usize, String), usize> = rows(&store, "partnerships-per-theme.rq")
        .into_iter()
        .map(|r| {
            (
                (r["level"].parse().unwrap_or(0), r["label"].clone()),
                r["partnerships"].parse().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(got, expected, "partnerships-per-theme");

    // Ongoing or ending this year.
    let year = chrono::Utc::now().year();
    let expected: BTreeSet<String> = records
        .iter()
        .filter(|r| {
            r.status.as_deref() == Some("En cours") || r.end_date.is_some_and(|d| d.year() == year)
        })
        .map(|r| r.title.clone())
        .collect();
    let got: BTreeSet<String> = rows(&store, "ongoing-or-ending-this-year.rq")
        .into_iter()
        .map(|r| r["title"].clone())
        .collect();
    assert_eq!(got, expected, "ongoing-or-ending-this-year");
    assert!(got.contains("La Beauté connectée de la France au Québec"));

    // Most active French authorities.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in &records {
        for p in &r.french_partners {
            *counts.entry(p.name.clone()).or_default() += 1;
        }
    }
    let got = rows(&store, "most-active-french-authorities.rq");
    assert!(!got.is_empty());
    let mut previous = usize::MAX;
    for r in &got {
        let n: usize = r["partnerships"].parse().unwrap_or(0);
        assert_eq!(Some(&n), counts.get(&r["name"]), "{}", r["name"]);
        assert!(n <= previous, "ordered by activity");
        previous = n;
    }
    let top = counts.values().max().copied().unwrap_or(0);
    assert_eq!(got[0]["partnerships"].parse::<usize>().unwrap_or(0), top);

    // A country and its contacts' roles.
    let mut expected: BTreeSet<(String, String, String)> = BTreeSet::new();
    for r in records.iter().filter(|r| {
        r.foreign_partners
            .iter()
            .any(|p| p.country.as_deref() == Some("CA"))
    }) {
        for c in r.diplomatic_post.iter().flat_map(|p| p.contacts.iter()) {
            expected.insert((
                r.title.clone(),
                "diplomatic post".into(),
                c.role.clone().unwrap_or_default(),
            ));
        }
        for c in &r.foreign_contacts {
            expected.insert((
                r.title.clone(),
                "foreign partner".into(),
                c.role.clone().unwrap_or_default(),
            ));
        }
    }
    let got: BTreeSet<(String, String, String)> =
        rows(&store, "partnerships-with-a-country-and-contact-roles.rq")
            .into_iter()
            .map(|r| (r["title"].clone(), r["kind"].clone(), r["role"].clone()))
            .collect();
    assert_eq!(
        got, expected,
        "partnerships-with-a-country-and-contact-roles"
    );
    assert!(got.contains(&(
        "La Beauté connectée de la France au Québec".into(),
        "foreign partner".into(),
        "Directeur développement des affaires".into()
    )));

    // Levies per year and law.
    let mut expected: BTreeMap<(String, String), (i64, usize)> = BTreeMap::new();
    for r in &records {
        for f in &r.funding {
            for l in &f.levies {
                let law = l
                    .law
                    .map_or("unspecified".to_string(), |l| l.slug().to_string());
                let e = expected.entry((f.year.to_string(), law)).or_default();
                e.0 += l.amount.cents();
                e.1 += 1;
            }
        }
    }
    let got: BTreeMap<(String, String), (i64, usize)> = rows(&store, "levies-per-year.rq")
        .into_iter()
        .map(|r| {
            (
                (r["year"].clone(), r["law"].clone()),
                (euros(&r["total"]), r["amounts"].parse().unwrap_or(0)),
            )
        })
        .collect();
    assert_eq!(got, expected, "levies-per-year");
    assert!(
        got.contains_key(&("2014".into(), "water-2005".into())),
        "the example's water levy"
    );

    // Kind and status.
    let mut expected: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &records {
        let kind = atlas_lod::rdf::iri::kind(r.kind.as_deref().unwrap_or(""));
        let status = atlas_lod::rdf::iri::status(r.status.as_deref().unwrap_or(""));
        let k = kind.rsplit('/').next().unwrap_or_default().to_string();
        let s = status.rsplit('/').next().unwrap_or_default().to_string();
        *expected.entry((k, s)).or_default() += 1;
    }
    let got: BTreeMap<(String, String), usize> =
        rows(&store, "partnerships-per-kind-and-status.rq")
            .into_iter()
            .map(|r| {
                (
                    (r["kind"].clone(), r["status"].clone()),
                    r["partnerships"].parse().unwrap_or(0),
                )
            })
            .collect();
    assert_eq!(got, expected, "partnerships-per-kind-and-status");

    // Funding per SDG: the goal of the most specific theme on the main path that has one.
    let mut expected: BTreeMap<String, (i64, usize)> = BTreeMap::new();
    for r in &records {
        let goal = (1..=r.main_theme.len()).rev().find_map(|n| {
            let iri = atlas_lod::rdf::iri::theme(&r.main_theme[..n]);
            atlas_lod::model::themes::known()
                .triples_of(&iri)
                .iter()
                .filter(|t| {
                    t.predicate.as_str() == "http://www.w3.org/2004/02/skos/core#closeMatch"
                })
                .find_map(|t| match &t.object {
                    // The themes also map to DAC purpose codes (closeMatch too): goals only.
                    Term::NamedNode(n) if n.as_str().starts_with("http://metadata.un.org/sdg/") => {
                        Some(n.as_str().to_string())
                    }
                    _ => None,
                })
        });
        if let (Some(goal), false) = (goal, r.funding.is_empty()) {
            let e = expected.entry(goal).or_default();
            e.0 += funding_total(r);
            e.1 += 1;
        }
    }
    assert!(
        expected.len() >= 5,
        "the generated records touch several goals: {expected:?}"
    );
    let got: BTreeMap<String, (i64, usize)> = rows(&store, "funding-per-sdg.rq")
        .into_iter()
        .map(|r| {
            (
                r["goal"].clone(),
                (euros(&r["funding"]), r["partnerships"].parse().unwrap_or(0)),
            )
        })
        .collect();
    assert_eq!(got, expected, "funding-per-sdg");

    // Funding per year and DAC sector category: the category of the most specific theme on the
    // main path that has one; each partnership in one category, its funding once.
    let daccat = "https://iatistandard.org/en/iati-standard/203/codelists/sectorcategory/#";
    let mut expected: BTreeMap<(String, String), (i64, BTreeSet<usize>)> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let category = (1..=r.main_theme.len()).rev().find_map(|n| {
            let iri = atlas_lod::rdf::iri::theme(&r.main_theme[..n]);
            atlas_lod::model::themes::known()
                .triples_of(&iri)
                .iter()
                .filter(|t| t.predicate.as_str().ends_with("#dacSectorCategory"))
                .find_map(|t| match &t.object {
                    Term::NamedNode(c) => c.as_str().strip_prefix(daccat).map(str::to_string),
                    _ => None,
                })
        });
        let Some(category) = category else { continue };
        for f in &r.funding {
            let e = expected
                .entry((f.year.to_string(), category.clone()))
                .or_default();
            e.0 += f.amount.cents();
            e.1.insert(i);
        }
    }
    let expected: BTreeMap<(String, String), (i64, usize)> = expected
        .into_iter()
        .map(|(k, (c, p))| (k, (c, p.len())))
        .collect();
    assert!(
        expected
            .keys()
            .map(|(_, c)| c)
            .collect::<BTreeSet<_>>()
            .len()
            >= 5,
        "the records touch several DAC sectors: {expected:?}"
    );
    let got: BTreeMap<(String, String), (i64, usize)> =
        rows(&store, "funding-per-year-and-dac-sector.rq")
            .into_iter()
            .map(|r| {
                (
                    (r["year"].clone(), r["category"].clone()),
                    (euros(&r["funding"]), r["partnerships"].parse().unwrap_or(0)),
                )
            })
            .collect();
    assert_eq!(got, expected, "funding-per-year-and-dac-sector");
    assert!(
        got.get(&("2017".to_string(), "250".to_string()))
            .is_some_and(|v| v.0 >= 4_568_500),
        "the seed's 45,685 euros of 2017 count for business services (250): {got:?}"
    );

    // The federated query at least parses.
    assert!(
        atlas_lod::store::query::evaluate(
            &Store::new().unwrap_or_else(|e| panic!("{e}")),
            "ASK {}"
        )
        .is_ok()
    );
    let _federated = oxigraph::sparql::SparqlEvaluator::new()
        .parse_query(&query_file("wikidata-countries.rq"))
        .unwrap_or_else(|e| panic!("wikidata-countries.rq: {e}"));
}

/// `search-drinking-water.rq`: the index's SERVICE joined to the graph, over an index built
/// from the fixture's store.
#[test]
fn the_search_example_joins_the_index_to_the_graph() {
    use atlas_lod::store::search::{self, Kind, find::Question, service::SearchService};
    use std::sync::Arc;
    let Fixture { records, store } = fixture();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let index = Arc::new(search::build_in(&store, dir.path()).unwrap_or_else(|e| panic!("{e}")));
    let run = |text: &str| -> Vec<BTreeMap<String, String>> {
        let shared = index.clone();
        let service = SearchService::new(move || Ok(shared.clone()));
        let QueryResults::Solutions(solutions) =
            atlas_lod::store::query::evaluate_with(&store, text, Some(service))
                .unwrap_or_else(|e| panic!("{e}"))
        else {
            panic!("not a SELECT");
        };
        solutions
            .map(|s| {
                s.unwrap_or_else(|e| panic!("{e}"))
                    .iter()
                    .map(|(v, t)| {
                        let value = match t {
                            Term::Literal(l) => l.value().to_string(),
                            Term::NamedNode(n) => n.as_str().to_string(),
                            other => other.to_string(),
                        };
                        (v.as_str().to_string(), value)
                    })
                    .collect()
            })
            .collect()
    };
    let text = query_file("search-drinking-water.rq");
    let got = run(&text);
    // The partnerships the index finds for the words, as `search` gives them.
    let expected: Vec<String> = index
        .ranked(
            &Question {
                text: "eau potable".into(),
                kinds: vec![Kind::Partnership],
                ..Question::default()
            },
            20,
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|(iri, _)| iri)
        .collect();
    assert!(expected.len() >= 2, "{expected:?}");
    let found: Vec<String> = got.iter().map(|r| r["partnership"].clone()).collect();
    assert_eq!(
        found.iter().collect::<BTreeSet<_>>(),
        expected.iter().collect::<BTreeSet<_>>()
    );
    // Best first.
    let scores: Vec<f64> = got
        .iter()
        .map(|r| r["relevance"].parse().unwrap_or_else(|e| panic!("{e}")))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Each hit is a record that speaks of drinking water, under its own title.
    // (Generated titles repeat: a title stands for every record that has it.)
    let mut by_title: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &records {
        let all = serde_json::to_string(r).unwrap_or_default();
        by_title
            .entry(r.title.as_str())
            .or_default()
            .push(atlas_lod::model::names::normalise(&all));
    }
    for row in &got {
        let texts = by_title
            .get(row["title"].as_str())
            .unwrap_or_else(|| panic!("{} is no record's title", row["title"]));
        assert!(
            texts
                .iter()
                .any(|t| t.contains("eau") && t.contains("potable")),
            "{row:?}"
        );
    }
    assert!(
        got.iter()
            .any(|r| r["title"] == "Accès à l’eau potable et assainissement à Dogbo"),
        "{got:?}"
    );
    // Words found nowhere: no row.
    assert!(run(&text.replace("eau potable", "xyzzy plugh")).is_empty());
}
