//! `publish` on the bundled examples: every file, sizes and checksums against the catalogue,
//! DCAT-AP 3.0.1 conformance (our validator and pySHACL), no personal data under the default
//! profile, determinism, and the CSV files against SPARQL.

use crate::common;

use atlas_lod::rdf::OutputFormat;
use atlas_lod::validate::{Severity, Validator};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Quad};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const DCAT_AP: &str = "../shared/standards/dcat-ap-3.0.1";
/// Mandatory, recommended and ranges: no violation allowed.
const DCAT_AP_SHAPES: &[&str] = &[
    "html-shapes.ttl",
    "html-shapes_recommended.ttl",
    "html-range.ttl",
];
/// Controlled vocabularies: checked too, with one known disagreement (see the test).
const DCAT_AP_VOCABULARIES: &str = "html-mdr-vocabularies.shape.ttl";

fn inputs() -> Vec<PathBuf> {
    vec![
        common::repo_path("examples/pages"),
        common::repo_path("examples/records/generated.jsonl"),
        common::seed_path(),
    ]
}

fn publish(out: &Path, extra: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("publish")
        .args(inputs())
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("publish runs");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "publish failed: {stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout
}

/// Every file of the bundle but the store, decompressed when gzip.
fn bundle_texts(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let text = if name.ends_with(".gz") {
            let mut s = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut s)
                .expect("gzip");
            s
        } else {
            String::from_utf8(bytes).expect("UTF-8")
        };
        out.insert(name, text);
    }
    out
}

fn sha256_hex(path: &Path) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(std::fs::read(path).unwrap());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Rows of values (the shared helper gives `var=value` cells).
fn values(store: &Store, q: &str) -> Vec<Vec<String>> {
    common::select(store, q)
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| c.split_once('=').map(|(_, v)| v.to_string()).unwrap_or(c))
                .collect()
        })
        .collect()
}

fn catalog_store(dir: &Path) -> Store {
    let text = std::fs::read_to_string(dir.join("catalog.ttl")).unwrap();
    common::store_of(&text, RdfFormat::Turtle)
}

#[test]
fn bundle_files_match_their_catalogue_and_hold_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let printed = publish(
        &out,
        &["--endpoint-url", "https://atlas.example.org/sparql"],
    );
    assert!(printed.contains("contacts: role"), "{printed}");
    let catalog = catalog_store(&out);
    let rows = values(
        &catalog,
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
         SELECT ?url ?size ?sum WHERE { ?d a dcat:Distribution ; dcat:downloadURL ?url ; dcat:byteSize ?size ;
           spdx:checksum [ spdx:checksumValue ?sum ] } ORDER BY ?url",
    );
    assert!(rows.len() >= 14, "{rows:?}");
    let mut described = Vec::new();
    for r in &rows {
        let name = r[0].rsplit('/').next().unwrap().to_string();
        let path = out.join(&name);
        let size = std::fs::metadata(&path)
            .unwrap_or_else(|_| panic!("{name} missing"))
            .len();
        assert_eq!(r[1], size.to_string(), "{name} size");
        assert_eq!(r[2], sha256_hex(&path), "{name} checksum");
        described.push(name);
    }
    // Every file of the bundle is described, except the descriptions themselves (the catalogue
    // and its schema.org rendering) and the SHA256SUMS that lists them all.
    let files: Vec<String> = bundle_texts(&out)
        .into_keys()
        .filter(|n| !n.starts_with("catalog.") && n != "schema-org.jsonld" && n != "SHA256SUMS")
        .collect();
    described.sort();
    assert_eq!(described, files);
    for f in ["catalog.ttl", "catalog.rdf", "catalog.jsonld"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The three syntaxes say the same.
    let n = |format: RdfFormat, f: &str| {
        let s = Store::new().unwrap();
        s.load_from_slice(format, &std::fs::read(out.join(f)).unwrap())
            .unwrap();
        s.len().unwrap()
    };
    let ttl = n(RdfFormat::Turtle, "catalog.ttl");
    assert_eq!(ttl, n(RdfFormat::RdfXml, "catalog.rdf"));
    assert_eq!(
        ttl,
        n(
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty()
            },
            "catalog.jsonld"
        )
    );
    // The endpoint is a data service; the description states the privacy profile.
    let service = values(
        &catalog,
        "SELECT ?e WHERE { ?s a <http://www.w3.org/ns/dcat#DataService> ; <http://www.w3.org/ns/dcat#endpointURL> ?e }",
    );
    assert_eq!(
        service,
        vec![vec!["https://atlas.example.org/sparql".to_string()]]
    );
    let description = common::one(
        &catalog,
        "SELECT ?d WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/description> ?d FILTER(LANG(?d) = 'en') }",
    );
    assert!(description.contains("are not published"), "{description}");

    // No name or e-mail of any contact, anywhere: the people are those the same inputs give
    // with the full profile.
    let (full, _, _) = common::convert_files(&inputs(), OutputFormat::Ntriples);
    let people = common::store_of(&full, RdfFormat::NTriples);
    let personal = values(
        &people,
        "SELECT DISTINCT ?v WHERE { ?p ?prop ?v VALUES ?prop { <http://xmlns.com/foaf/0.1/name> <http://xmlns.com/foaf/0.1/givenName> <http://xmlns.com/foaf/0.1/familyName> <http://xmlns.com/foaf/0.1/mbox> } }",
    );
    let mut needles: Vec<String> = personal
        .iter()
        .map(|r| r[0].trim_start_matches("mailto:").to_string())
        .filter(|v| v.len() > 3)
        .collect();
    needles.sort();
    needles.dedup();
    assert!(
        needles.len() >= 6,
        "the inputs should name people: {needles:?}"
    );
    for (file, text) in bundle_texts(&out) {
        for needle in &needles {
            assert!(!text.contains(needle.as_str()), "{file} holds {needle:?}");
        }
    }
    // The store too.
    let store = atlas_lod::store::open_read_only(&out.join("store")).unwrap();
    assert_eq!(
        common::one(
            &store,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a <http://xmlns.com/foaf/0.1/Person> } }"
        ),
        "0"
    );
}

/// A finding on one line, for failure messages.
fn finding_text(f: &atlas_lod::validate::Finding) -> String {
    format!(
        "{} {:?} {}",
        f.focus_node,
        f.path.as_ref().map(ToString::to_string),
        f.message("en")
    )
}

#[test]
fn catalogue_conforms_to_dcat_ap_3_0_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    publish(
        &out,
        &["--endpoint-url", "https://atlas.example.org/sparql"],
    );
    let shapes: Vec<(String, String)> = DCAT_AP_SHAPES
        .iter()
        .map(|f| {
            let p = common::repo_path(&format!("{DCAT_AP}/{f}"));
            (
                f.to_string(),
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
            )
        })
        .collect();
    let validator = Validator::from_turtle(&shapes).expect("the DCAT-AP shapes compile");
    // Parsed, not loaded into a Store: Oxigraph's store keeps integer-derived datatypes
    // (xsd:nonNegativeInteger of dcat:byteSize) as xsd:integer.
    let text = std::fs::read_to_string(out.join("catalog.ttl")).unwrap();
    let quads: Vec<Quad> = oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|q| {
            let q = q.unwrap();
            Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)
        })
        .collect();
    let findings = validator.validate_quads(&quads).unwrap();
    let violations: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .map(finding_text)
        .collect();
    assert!(
        violations.is_empty(),
        "DCAT-AP violations:\n{}",
        violations.join("\n")
    );
    // The vocabulary shapes want checksum algorithms under `https://spdx.org/rdf/terms`, while
    // SPDX's namespace, DCAT-AP's own examples and the data.gouv.fr harvester use
    // `http://spdx.org/rdf/terms#`: we keep SPDX's IRI. Every other vocabulary constraint holds.
    let mut with_vocabularies = shapes.clone();
    let p = common::repo_path(&format!("{DCAT_AP}/{DCAT_AP_VOCABULARIES}"));
    with_vocabularies.push((
        DCAT_AP_VOCABULARIES.to_string(),
        std::fs::read_to_string(&p).unwrap(),
    ));
    let vocab = Validator::from_turtle(&with_vocabularies).unwrap();
    let others: Vec<String> = vocab
        .validate_quads(&quads)
        .unwrap()
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .filter(|f| {
            !f.path
                .as_ref()
                .is_some_and(|p| p.to_string().contains("spdx.org/rdf/terms#algorithm"))
        })
        .map(finding_text)
        .collect();
    assert!(
        others.is_empty(),
        "DCAT-AP vocabulary violations:\n{}",
        others.join("\n")
    );
    // The check is not vacuous: a catalogue without a title and a distribution without an
    // access URL both fail.
    let broken: Vec<Quad> = quads
        .iter()
        .filter(|q| {
            !(q.predicate.as_str() == "http://purl.org/dc/terms/title"
                && q.subject.to_string() == "<https://w3id.org/atlas-lod/catalog>")
        })
        .filter(|q| q.predicate.as_str() != "http://www.w3.org/ns/dcat#accessURL")
        .cloned()
        .collect();
    let found = validator.validate_quads(&broken).unwrap();
    let paths: Vec<String> = found
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .filter_map(|f| f.path.as_ref().map(ToString::to_string))
        .collect();
    assert!(
        paths.iter().any(|p| p.contains("dc/terms/title")),
        "{paths:?}"
    );
    assert!(
        paths.iter().filter(|p| p.contains("accessURL")).count() >= 14,
        "{paths:?}"
    );

    // pySHACL, an independent engine, agrees.
    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON is not set: run the tests through scripts/test.sh");
    let mut cmd = Command::new(python);
    cmd.arg(common::repo_path("tests/clients/pyshacl_dcat.py"))
        .arg(out.join("catalog.ttl"));
    for f in DCAT_AP_SHAPES {
        cmd.arg(common::repo_path(&format!("{DCAT_AP}/{f}")));
    }
    let o = cmd.output().expect("pySHACL runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "pySHACL: {text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(text.contains("violations=0"), "{text}");
}

#[test]
fn bundles_are_deterministic_and_tables_agree_with_sparql() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    publish(&a, &[]);
    publish(&b, &[]);
    let (ta, tb) = (bundle_texts(&a), bundle_texts(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for name in ta.keys() {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name} differs"
        );
    }
    // The charts too (SVG and numbers; the PNG copies depend on the machine's fonts).
    for id in [
        "funding-per-year",
        "countries-map",
        "countries-ranked",
        "themes",
        "lifecycle",
    ] {
        for ext in ["svg", "csv"] {
            let f = format!("charts/{id}.{ext}");
            assert_eq!(
                std::fs::read(a.join(&f)).unwrap(),
                std::fs::read(b.join(&f)).unwrap(),
                "{f} differs"
            );
        }
        let png = std::fs::read(a.join(format!("charts/{id}.png"))).unwrap();
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000,
            "{id}.png"
        );
        assert!(
            ta["README.md"].contains(&format!("](charts/{id}.svg)")),
            "README lacks {id}"
        );
    }
    // A second publish into the same folder changes nothing either.
    publish(&a, &[]);
    for name in ta.keys() {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name} changed on re-publish"
        );
    }
    // CSV against SPARQL on the bundle's store.
    let store = atlas_lod::store::open_read_only(&a.join("store")).unwrap();
    let partnerships = common::one(
        &store,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a <https://w3id.org/atlas-lod/ontology#Partnership> } }",
    );
    assert_eq!(
        (ta["partnerships.csv"].lines().count() - 1).to_string(),
        partnerships
    );
    let total = common::one(
        &store,
        "SELECT (SUM(?a) AS ?t) WHERE { GRAPH ?g { ?p <https://w3id.org/atlas-lod/ontology#funding> ?f . ?f <https://w3id.org/atlas-lod/ontology#amount> ?a } }",
    );
    let csv_total: f64 = ta["funding.csv"]
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.rsplitn(3, ',').collect();
            cells[1].parse::<f64>().unwrap()
        })
        .sum();
    assert!(
        (csv_total - total.parse::<f64>().unwrap()).abs() < 0.005,
        "{csv_total} vs {total}"
    );
    assert!(
        ta["funding.csv"]
            .starts_with("partnership_id,year,funder,funder_iri,amount_eur,levy_eur\r\n")
    );
    // The README lists every file with its checksum.
    for name in ta.keys().filter(|n| {
        !n.starts_with("catalog.")
            && !["README.md", "schema-org.jsonld", "SHA256SUMS"].contains(&n.as_str())
    }) {
        assert!(
            ta["README.md"].contains(&format!("`{}`", sha256_hex(&a.join(name)))),
            "README lacks {name}"
        );
    }
}

#[test]
fn full_contacts_must_be_asked_for_and_are_stated() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let printed = publish(&out, &["--contacts", "full"]);
    assert!(printed.contains("contacts: full"), "{printed}");
    let catalog = catalog_store(&out);
    let description = common::one(
        &catalog,
        "SELECT ?d WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/description> ?d FILTER(LANG(?d) = 'fr') }",
    );
    assert!(
        description.contains("contient les noms et adresses électroniques"),
        "{description}"
    );
    assert!(bundle_texts(&out)["atlas.nt.gz"].contains("sarah.vaillant@diplomatie.gouv.fr"));
}

#[test]
fn serve_offers_the_catalogue_with_hydra_paging() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    publish(&out, &[]);
    let s = common::server::Server::on_store(&out.join("store"), &[], &[]);
    let file = std::fs::read_to_string(out.join("catalog.ttl")).unwrap();
    let expected: std::collections::BTreeSet<String> =
        oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(file.as_bytes())
            .map(|q| q.unwrap().to_string())
            .collect();
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let (st, ct, body) = common::server::answer(
            common::server::agent()
                .get(&format!("{}/catalog", s.url))
                .set("Accept", accept)
                .call(),
        );
        assert_eq!((st, ct.as_str()), (200, accept));
        let got: std::collections::BTreeSet<String> = oxigraph::io::RdfParser::from_format(format)
            .for_slice(body.as_bytes())
            .map(|q| q.unwrap().to_string())
            .collect();
        // Everything of the file (byteSize datatypes included), plus the Hydra view.
        let missing: Vec<&String> = expected.difference(&got).collect();
        assert!(missing.is_empty(), "{accept}: missing {missing:?}");
        let view = format!("<{}/catalog?page=1>", s.url);
        assert!(got.contains(&format!("{view} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/hydra/core#PartialCollectionView>")), "{accept}");
        assert!(
            got.iter()
                .any(|t| t.starts_with(&view) && t.contains("hydra/core#totalItems> \"1\"")),
            "{accept}"
        );
        assert!(
            !got.iter().any(|t| t.contains("hydra/core#next")),
            "one dataset: no next page"
        );
    }
    let (st, _, _) = common::server::answer(
        common::server::agent()
            .get(&format!("{}/catalog?page=2", s.url))
            .call(),
    );
    assert_eq!(st, 404);
}

#[test]
fn serve_offers_the_bundle_files_named_in_void() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    publish(&out, &[]);
    let s = common::server::Server::on_store(&out.join("store"), &[], &[]);
    let (st, _, void) = common::server::answer(
        common::server::agent()
            .get(&format!("{}/void", s.url))
            .set("Accept", "application/n-triples")
            .call(),
    );
    assert_eq!(st, 200);
    let dumps: Vec<&str> = void
        .lines()
        .filter(|l| l.contains("rdfs.org/ns/void#dataDump"))
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    assert_eq!(dumps.len(), 3, "{void}");
    for d in dumps {
        let url = d.trim_matches(['<', '>']);
        let r = common::server::agent()
            .get(url)
            .call()
            .expect("dump served");
        let mut bytes = Vec::new();
        r.into_reader().read_to_end(&mut bytes).unwrap();
        let name = url.rsplit('/').next().unwrap();
        assert_eq!(bytes, std::fs::read(out.join(name)).unwrap(), "{name}");
    }
    for bad in [
        "/files/store",
        "/files/..%2Fcatalog.ttl",
        "/files/CURRENT",
        "/files/nope.txt",
    ] {
        let (st, _, _) = common::server::answer(
            common::server::agent()
                .get(&format!("{}{bad}", s.url))
                .call(),
        );
        assert!(st == 404 || st == 400, "{bad}: {st}");
    }
}

/// The JSON-LD of the first `<script type="application/ld+json">` of a page.
fn embedded_dataset(page: &str) -> serde_json::Value {
    let start = page
        .find("<script type=\"application/ld+json\">")
        .unwrap_or_else(|| panic!("no JSON-LD in {page}"))
        + "<script type=\"application/ld+json\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end].replace("<\\/", "</")).unwrap()
}

#[test]
fn search_engines_find_the_dataset_and_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    publish(
        &out,
        &["--endpoint-url", "https://atlas.example.org/sparql"],
    );
    let d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("schema-org.jsonld")).unwrap())
            .unwrap();
    assert_eq!(d["@type"], "Dataset");
    let names = d["name"].as_array().unwrap();
    for lang in ["fr", "en"] {
        assert!(names.iter().any(|n| n["@language"] == lang), "{d}");
        assert!(
            d["description"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["@language"] == lang)
        );
    }
    assert_eq!(d["isAccessibleForFree"], true);
    assert!(
        d["license"].as_str().is_some_and(|l| l.starts_with("http")),
        "{d}"
    );
    assert!(
        d["temporalCoverage"]
            .as_str()
            .is_some_and(|t| t.contains('/')),
        "{d}"
    );
    assert!(!d["spatialCoverage"].as_array().unwrap().is_empty());
    assert!(!d["keywords"].as_array().unwrap().is_empty());
    assert_eq!(
        d["potentialAction"]["target"],
        "https://atlas.example.org/sparql"
    );
    let downloads = d["distribution"].as_array().unwrap();
    assert!(downloads.len() >= 10, "{d}");
    for f in downloads {
        assert_eq!(f["@type"], "DataDownload");
        assert!(
            f["contentUrl"]
                .as_str()
                .is_some_and(|u| u.starts_with("http")),
            "{f}"
        );
        assert!(
            f["encodingFormat"]
                .as_str()
                .is_some_and(|m| m.contains('/')),
            "{f}"
        );
    }
    // The server embeds the same description in the home page and the catalogue page.
    let s = common::server::Server::on_store(&out.join("store"), &[], &[]);
    let page = |path: &str| {
        common::server::answer(
            common::server::agent()
                .get(&format!("{}{path}", s.url))
                .set("Accept", "text/html")
                .call(),
        )
    };
    let (st, _, home) = page("/");
    assert_eq!(st, 200);
    assert_eq!(embedded_dataset(&home), d);
    assert_eq!(embedded_dataset(&page("/catalog").2), d);
    // robots.txt points to the sitemap; the sitemap lists every page, each answering.
    let (_, _, robots) = page("/robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {}/sitemap.xml", s.url)),
        "{robots}"
    );
    let (st, ct, sitemap) = page("/sitemap.xml");
    assert_eq!((st, ct.as_str()), (200, "application/xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|l| &l[..l.find("</loc>").unwrap()])
        .collect();
    for needle in [
        "/catalog",
        "/id/partnership/",
        "/id/organisation/",
        "/country/",
        "/theme/",
    ] {
        assert!(
            locs.iter().any(|l| l.contains(needle)),
            "no {needle} in {sitemap}"
        );
    }
    for loc in &locs {
        let path = loc
            .strip_prefix(&s.url)
            .unwrap_or_else(|| panic!("{loc} is not ours"));
        let (st, _, _) = page(&path.replace("&amp;", "&"));
        assert_eq!(st, 200, "{loc}");
    }
}

/// `verify` on a copy of `bundle` changed by `change`: its exit code and its lines.
fn verify_after(bundle: &Path, change: impl Fn(&Path)) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for e in std::fs::read_dir(bundle).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, copy.join(p.file_name().unwrap())).unwrap();
        }
    }
    // The charts too: the bundle must hold every file its SHA256SUMS lists.
    std::fs::create_dir(copy.join("charts")).unwrap();
    for e in std::fs::read_dir(bundle.join("charts")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, copy.join("charts").join(p.file_name().unwrap())).unwrap();
    }
    change(&copy);
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("verify")
        .arg(&copy)
        .output()
        .expect("verify runs");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn gunzip(path: &Path) -> String {
    let mut s = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn verify_checks_files_checksums_the_canonical_hash_dumps_and_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    publish(&out, &[]);
    // A fresh bundle verifies.
    let (code, text) = verify_after(&out, |_| {});
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(text, "");
    // One flipped byte in a dump.
    let (code, text) = verify_after(&out, |d| {
        let p = d.join("atlas.ttl.gz");
        let mut b = std::fs::read(&p).unwrap();
        let at = b.len() / 2;
        b[at] ^= 0x20;
        std::fs::write(&p, b).unwrap();
    });
    assert_eq!(code, Some(1));
    assert!(text.contains("atlas.ttl.gz: SHA-256 is "), "{text}");
    // A changed checksum in the catalogue.
    let (code, text) = verify_after(&out, |d| {
        let sha = sha256_hex(&d.join("funding.csv"));
        let p = d.join("catalog.ttl");
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(&sha));
        std::fs::write(&p, t.replace(&sha, &"0".repeat(64))).unwrap();
    });
    assert_eq!(code, Some(1));
    assert!(
        text.contains(&format!(
            "funding.csv: SHA-256 is {}",
            sha256_hex(&out.join("funding.csv"))
        )),
        "{text}"
    );
    assert!(text.contains("the catalogue says 0000"), "{text}");
    // And the catalogue itself is no longer the one SHA256SUMS lists.
    assert!(text.contains("catalog.ttl: SHA-256 is "), "{text}");
    assert_eq!(text.lines().count(), 2, "{text}");
    // A dropped triple: the canonical hash (recomputed by sophia) and the other dumps disagree.
    let (code, text) = verify_after(&out, |d| {
        let p = d.join("atlas.nq.gz");
        let nq = gunzip(&p);
        // A funding amount: a triple no other graph repeats.
        let dropped = nq
            .lines()
            .position(|l| l.contains("ontology#amount>"))
            .unwrap();
        let kept: Vec<&str> = nq
            .lines()
            .enumerate()
            .filter(|(i, _)| *i != dropped)
            .map(|(_, l)| l)
            .collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, (kept.join("\n") + "\n").as_bytes()).unwrap();
        std::fs::write(&p, gz.finish().unwrap()).unwrap();
    });
    assert_eq!(code, Some(1));
    assert!(
        text.contains("atlas.nq.gz: its RDFC-1.0 canonical SHA-256 (recomputed by sophia)"),
        "{text}"
    );
    assert!(
        text.contains("atlas.nt.gz: holds 1 triple(s) the N-Quads dump has not"),
        "{text}"
    );
    // Not a bundle: an error, exit 2.
    let o = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["verify", "/nonexistent"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn csv_files_describe_themselves_for_frictionless_and_csvw() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    publish(&out, &[]);
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap())
            .unwrap();
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 4);
    for r in resources {
        for f in r["schema"]["fields"].as_array().unwrap() {
            for key in ["title", "title_en", "description", "description_en", "type"] {
                assert!(
                    f[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{key} of {f}"
                );
            }
        }
    }
    let python = std::env::var("ATLAS_LOD_PYTHON")
        .expect("ATLAS_LOD_PYTHON is not set: run the tests through scripts/test.sh");
    let o = Command::new(python)
        .arg(common::repo_path("tests/clients/tabular_package.py"))
        .arg(out.join("datapackage.json"))
        .arg(out.join("csv-metadata.json"))
        .arg(dir.path().join("derived.json"))
        .output()
        .expect("python runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && text.contains("frictionless=valid"),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Every row of every file csv-metadata.json describes was read by csvw.
    let metadata: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("csv-metadata.json")).unwrap())
            .unwrap();
    let described: Vec<&str> = metadata["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        described,
        [
            "partnerships.csv",
            "funding.csv",
            "partners.csv",
            "statistics.csv"
        ]
    );
    let rows: usize = described
        .iter()
        .map(|f| {
            std::fs::read_to_string(out.join(f))
                .unwrap()
                .lines()
                .count()
                - 1
        })
        .sum();
    assert!(
        text.contains(&format!("csvw_rows={rows}")),
        "{text} (expected {rows} rows)"
    );
    // What a CSVW processor derives agrees with the store: every subject and value it gives is
    // a statement of ours.
    let derived: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("derived.json")).unwrap())
            .unwrap();
    let store = atlas_lod::store::open_read_only(&out.join("store")).unwrap();
    let mut checked = 0;
    for object in &derived {
        let id = object["@id"]
            .as_str()
            .unwrap_or_else(|| panic!("no @id in {object}"));
        assert!(id.starts_with("https://w3id.org/atlas-lod/id/"), "{id}");
        for (key, value) in object.as_object().unwrap() {
            let property = match key.as_str() {
                "@id" => continue,
                "dc:title" => "http://purl.org/dc/terms/title",
                "rdfs:label" => "http://www.w3.org/2000/01/rdf-schema#label",
                other => other,
            };
            let v = value
                .as_str()
                .unwrap()
                .replace('\\', "\\\\")
                .replace('"', "\\\"");
            let ask = format!(
                "ASK {{ GRAPH ?g {{ <{id}> <{property}> ?o FILTER(STR(?o) = \"{v}\") }} }}"
            );
            let holds = oxigraph::sparql::SparqlEvaluator::new()
                .parse_query(&ask)
                .unwrap_or_else(|e| panic!("{e}: {ask}"))
                .on_store(&store)
                .execute()
                .unwrap();
            assert!(
                matches!(holds, oxigraph::sparql::QueryResults::Boolean(true)),
                "not in the store: {id} {key} {value}"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} values derived");
}
