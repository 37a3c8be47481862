//! The charts' numbers against the SPARQL queries that the captions name, on a store of the
//! seed, the examples and 300 generated records; the charts on the served pages; the charts
//! of the published bundle.

use crate::common;

use atlas_lod::charts::{self, data, svg::Lang};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn build_store(dir: &Path) -> std::path::PathBuf {
    let records = dir.join("generated.jsonl");
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["generate", "--count", "300", "--seed", "11", "-o"])
        .arg(&records)
        .output()
        .unwrap();
    assert!(o.status.success());
    let store = dir.join("store");
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("import")
        .arg(common::repo_path("examples"))
        .arg(common::seed_path())
        .arg(&records)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    store
}

fn rows(store: &Store, query: &str) -> Vec<BTreeMap<String, String>> {
    let mut q = SparqlEvaluator::new()
        .parse_query(query)
        .expect("chart query parses");
    q.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(s) = q.on_store(store).execute().unwrap() else {
        panic!("not a SELECT")
    };
    s.map(|r| {
        r.unwrap()
            .iter()
            .map(|(v, t)| {
                let value = match t {
                    Term::Literal(l) => l.value().to_string(),
                    Term::NamedNode(n) => n.as_str().to_string(),
                    o => o.to_string(),
                };
                (v.as_str().to_string(), value)
            })
            .collect()
    })
    .collect()
}

/// Every element with `data-key`: its attributes.
fn marks(svg: &str) -> Vec<BTreeMap<String, String>> {
    svg.split('<')
        .filter(|e| e.contains("data-key=\""))
        .map(|e| {
            let mut attrs = BTreeMap::new();
            let head = e.split('>').next().unwrap_or("");
            for part in head.split("\" ") {
                if let Some((k, v)) = part.split_once("=\"") {
                    let k = k.rsplit(' ').next().unwrap_or(k).to_string();
                    let v = v.trim_end_matches(['"', '/']).trim_end_matches('"');
                    let v = v
                        .replace("&gt;", ">")
                        .replace("&lt;", "<")
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&");
                    attrs.insert(k, v);
                }
            }
            attrs
        })
        .collect()
}

fn cents(v: &str) -> i64 {
    (v.parse::<f64>().unwrap() * 100.0).round() as i64
}

#[test]
fn chart_numbers_are_the_sparql_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_store(dir.path());
    let store = atlas_lod::store::open_read_only(&path).unwrap();
    let d = data::atlas(&store).unwrap();
    let all = charts::atlas_charts(&d, Lang::Fr, "2026-11-26");
    let chart = |id: &str| {
        all.iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };

    // Funding per year and funder type, levies apart.
    let expected: BTreeMap<(String, String), i64> = rows(&store, charts::queries::FUNDING)
        .into_iter()
        .map(|r| ((r["year"].clone(), r["type"].clone()), cents(&r["total"])))
        .filter(|(_, v)| *v != 0)
        .collect();
    let shown: BTreeMap<(String, String), i64> = marks(&chart("funding-per-year").svg)
        .into_iter()
        .map(|m| {
            (
                (m["data-key"].clone(), m["data-series"].clone()),
                cents(&m["data-value"]),
            )
        })
        .collect();
    assert!(expected.len() > 20, "{expected:?}");
    assert!(expected.keys().any(|k| k.1 == "levy") && expected.keys().any(|k| k.1 == "state"));
    assert_eq!(shown, expected);

    // Countries: partnerships and funding, on the map.
    let expected: BTreeMap<String, (String, i64)> = rows(&store, charts::queries::COUNTRIES)
        .into_iter()
        .map(|r| {
            (
                r["country"].clone(),
                (r["partnerships"].clone(), cents(&r["funding"])),
            )
        })
        .collect();
    let shown: BTreeMap<String, (String, i64)> = marks(&chart("countries-map").svg)
        .into_iter()
        .filter(|m| m["data-partnerships"] != "0")
        .map(|m| {
            (
                m["data-key"].clone(),
                (m["data-partnerships"].clone(), cents(&m["data-value"])),
            )
        })
        .collect();
    // Countries without an outline at 1:110m (small islands) are in the ranked chart and CSV.
    for (code, v) in &shown {
        assert_eq!(Some(v), expected.get(code), "{code}");
    }
    assert!(shown.len() > 20, "{}", shown.len());
    let ranked = marks(&chart("countries-ranked").svg);
    assert_eq!(ranked.len(), expected.len().min(20));
    for m in ranked {
        assert_eq!(
            expected[&m["data-key"]].0,
            format!("{}", m["data-value"].parse::<f64>().unwrap() as i64)
        );
    }

    // Themes: top level and second level.
    let label = |iri: &str| data::label(&store, iri).unwrap();
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for r in rows(&store, charts::queries::THEMES) {
        let top = label(&r["top"]);
        let key = match r.get("second") {
            Some(s) => format!("{top} > {}", label(s)),
            None => top,
        };
        let n: usize = r["partnerships"].parse().unwrap();
        let e = expected.entry(key).or_insert_with(|| "0".into());
        *e = (e.parse::<usize>().unwrap() + n).to_string();
    }
    // The top-level rows count every partnership of the theme, sub-theme or not.
    let mut tops: BTreeMap<String, usize> = BTreeMap::new();
    for (k, v) in &expected {
        *tops
            .entry(k.split(" > ").next().unwrap().to_string())
            .or_default() += v.parse::<usize>().unwrap();
    }
    let shown = marks(&chart("themes").svg);
    assert!(shown.len() > 5);
    for m in shown {
        let k = &m["data-key"];
        let v = m["data-value"].parse::<f64>().unwrap() as usize;
        if k.contains(" > ") {
            assert_eq!(
                expected.get(k).map(|e| e.parse::<usize>().unwrap()),
                Some(v),
                "{k} (SPARQL: {expected:?})"
            );
        } else {
            assert_eq!(tops.get(k).copied(), Some(v), "{k} (SPARQL tops: {tops:?})");
        }
    }

    // Started and ended per year.
    let mut expected: BTreeMap<(String, String), i64> = BTreeMap::new();
    for r in rows(&store, charts::queries::LIFECYCLE) {
        for s in ["started", "ended"] {
            let n: i64 = r[s].parse().unwrap();
            if n > 0 {
                expected.insert((r["year"].clone(), s.to_string()), n * 100);
            }
        }
    }
    let shown: BTreeMap<(String, String), i64> = marks(&chart("lifecycle").svg)
        .into_iter()
        .map(|m| {
            (
                (m["data-key"].clone(), m["data-series"].clone()),
                cents(&m["data-value"]),
            )
        })
        .collect();
    assert_eq!(shown, expected);

    // Honest axes: every chart's first tick is zero, and the caption names its query and date.
    for c in &all {
        assert!(
            c.svg.contains(">0\u{a0}€<") || c.svg.contains(">0<"),
            "{}: no zero tick",
            c.id
        );
        assert!(
            c.svg.contains(&format!("queries/{}", c.query_file)),
            "{}",
            c.id
        );
        assert!(c.svg.contains("2026-11-26"), "{}", c.id);
        assert!(common::repo_path(&format!("queries/{}", c.query_file)).is_file());
    }
    // English on request.
    let en = charts::atlas_charts(&d, Lang::En, "2026-11-26");
    assert!(en[0].svg.contains("Funding per year and funder type"));
}

#[test]
fn pages_show_their_charts() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_store(dir.path());
    let s = common::server::Server::on_store(&path, &[], &[]);
    let get = |p: &str| {
        common::server::answer(
            common::server::agent()
                .get(&format!("{}{p}", s.url))
                .set("Accept", "text/html")
                .call(),
        )
    };
    let (st, _, home) = get("/");
    assert_eq!(st, 200);
    for id in [
        "funding-per-year",
        "countries-map",
        "countries-ranked",
        "themes",
        "lifecycle",
    ] {
        assert!(
            home.contains(&format!("data-chart=\"{id}\"")),
            "home lacks {id}"
        );
    }
    assert!(home.contains("Voir la requête SPARQL"));
    let glance = home.find("id=\"glance\"").unwrap();
    assert!(
        glance < home.find("id=\"query-form\"").unwrap(),
        "charts go above the form"
    );
    let (_, _, en) = get("/?lang=en");
    assert!(
        en.contains("The Atlas at a glance") && en.contains("Funding per year and funder type")
    );
    // A partnership page: its funding per year and funder, total as SPARQL says.
    let seed = "https://w3id.org/atlas-lod/id/partnership/654fd6cb4fd2d21f";
    let (_, _, page) = get("/id/partnership/654fd6cb4fd2d21f");
    let store = atlas_lod::store::open_read_only(&path);
    drop(store);
    let total = common::server::answer(
        common::server::agent()
            .get(&format!("{}/sparql", s.url))
            .query("query", &format!("SELECT (SUM(?a) AS ?t) WHERE {{ <{seed}> <https://w3id.org/atlas-lod/ontology#funding>/<https://w3id.org/atlas-lod/ontology#amount> ?a }}"))
            .set("Accept", "text/csv")
            .call(),
    )
    .2;
    let total: f64 = total.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(
        page.contains(&format!(
            "data-chart=\"partnership-funding\" data-total=\"{total:.2}\""
        )),
        "no chart with total {total}"
    );
    // A country page and a theme page, with their partnerships over time.
    let (st, _, country) = get("/country/CAN");
    assert_eq!(st, 200);
    assert!(country.contains("data-chart=\"over-time\"") && country.contains("Canada"));
    assert!(
        page.contains("href=\"/country/CAN\""),
        "partner countries link to their page"
    );
    let (st, _, theme) = get("/theme/economie-durable");
    assert_eq!(st, 200);
    assert!(theme.contains("data-chart=\"over-time\""));
    let (st, _, _) = get("/country/ZZZ");
    assert_eq!(st, 404);
}

#[test]
fn atlas_charts_are_drawn_from_the_store() {
    // How long it takes is measured by `cargo bench --bench charts`, not bounded here.
    let dir = tempfile::tempdir().unwrap();
    let path = build_store(dir.path());
    let store = atlas_lod::store::open_read_only(&path).unwrap();
    let d = data::atlas(&store).unwrap();
    let all = charts::atlas_charts(&d, Lang::Fr, "?");
    assert_eq!(all.len(), 5);
    for c in &all {
        assert!(
            c.svg.starts_with("<svg") && c.svg.contains("data-key"),
            "{}: {}",
            c.id,
            c.svg
        );
    }
}

#[test]
fn stacked_bars_print_their_totals_and_legends_wrap() {
    // The seed's funding: several funders over two years, long names among them.
    let (ttl, _, _) =
        common::convert_files(&[common::seed_path()], atlas_lod::rdf::OutputFormat::Turtle);
    let store = common::store_of(&ttl, oxigraph::io::RdfFormat::Turtle);
    let triples: Vec<oxigraph::model::Triple> = store
        .iter()
        .map(|q| oxigraph::model::Triple::from(q.unwrap()))
        .collect();
    let p = "https://w3id.org/atlas-lod/id/partnership/";
    let partnership = triples
        .iter()
        .find_map(|t| match &t.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n)
                if n.as_str().starts_with(p) && !n.as_str()[p.len()..].contains('/') =>
            {
                Some(n.as_str().to_string())
            }
            _ => None,
        })
        .unwrap();
    let funding = data::partnership_funding(&triples, &partnership);
    let svg = charts::partnership_chart(&funding, Lang::Fr).unwrap();
    // Each year's stack says its total (the 2017 one: 45,685 €, as the page's table).
    for (year, funders) in &funding {
        let total: f64 = funders.values().sum();
        let shown = atlas_lod::charts::svg::euros(total, Lang::Fr);
        assert!(
            svg.contains(&format!(
                "data-total-of=\"{year}\" data-total=\"{total:.2}\">{shown}</text>"
            )),
            "no total {shown} for {year} in {svg}"
        );
    }
    assert!(svg.contains("45\u{202f}685\u{a0}€"), "{svg}");
    // Every funder is in the legend, whole, and no legend text starts past the right edge.
    for name in funding.values().flat_map(|f| f.keys()) {
        let escaped = name.replace('&', "&amp;");
        assert!(
            svg.contains(&format!(">{escaped}</text>")),
            "legend lacks {name}"
        );
    }
    for part in svg.split("<text x=\"").skip(1) {
        let x: f64 = part[..part.find('"').unwrap()].parse().unwrap();
        assert!(x < atlas_lod::charts::svg::WIDTH, "text at x={x}");
    }
    // The map: no partnership is hatched, and the first class is not that.
    let mut countries = BTreeMap::new();
    countries.insert("CAN".to_string(), (1usize, 100.0));
    let map = charts::world::map(
        &atlas_lod::charts::svg::Frame {
            id: "m",
            title: "t",
            total: None,
            caption: "c",
            lang: Lang::Fr,
        },
        &countries,
        &BTreeMap::new(),
    );
    let fill = |code: &str| {
        let at = map.find(&format!("data-key=\"{code}\"")).unwrap();
        let path = &map[map[..at].rfind("<path").unwrap()..at];
        path[path.find("fill=\"").unwrap() + 6..]
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(fill("FRA"), "url(#m-none)");
    assert!(fill("CAN").starts_with('#') && fill("CAN") != fill("FRA"));
}
