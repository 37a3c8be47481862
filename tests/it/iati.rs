//! The Atlas in IATI and in the OECD's sector codes, checked like a standard: the theme table
//! against the IATI 2.03 codelists, the exported files against the IATI schema (xmllint) and
//! the codelists, every euro exported once, invalid activities left out by name.

use crate::common::{self, repo_path, seed_path};
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNodeRef, QuadRef};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SECTOR: &str = "https://iatistandard.org/en/iati-standard/203/codelists/sector/#";
const CATEGORY: &str = "https://iatistandard.org/en/iati-standard/203/codelists/sectorcategory/#";

fn standard(rel: &str) -> PathBuf {
    let p = repo_path("../shared/standards/iati-2.03").join(rel);
    assert!(
        p.is_file(),
        "{} is missing: ../shared must sit beside the repository",
        p.display()
    );
    p
}

/// A codelist: code -> (category, withdrawn).
fn codelist(name: &str) -> BTreeMap<String, (String, bool)> {
    let text =
        std::fs::read_to_string(standard(&format!("codelists/{name}.xml"))).expect("codelist");
    let doc = roxmltree::Document::parse(&text).expect("codelist parses");
    let mut out = BTreeMap::new();
    for item in doc
        .descendants()
        .filter(|n| n.has_tag_name("codelist-item"))
    {
        let child = |tag: &str| {
            item.children()
                .find(|c| c.has_tag_name(tag))
                .and_then(|c| c.text())
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let withdrawn = item.attribute("status") == Some("withdrawn");
        out.insert(child("code"), (child("category"), withdrawn));
    }
    assert!(!out.is_empty(), "{name} has no codes");
    out
}

#[test]
fn the_organisation_types_accepted_are_the_codelist_s() {
    let codes: Vec<String> = codelist("OrganisationType")
        .into_iter()
        .filter(|(_, (_, withdrawn))| !withdrawn)
        .map(|(code, _)| code)
        .collect();
    let ours: Vec<String> = atlas_lod::publish::iati::ORGANISATION_TYPES
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(ours, codes);
}

#[test]
fn every_theme_has_a_dac_purpose_code_and_category_from_the_codelists() {
    let sectors = codelist("Sector");
    let categories = codelist("SectorCategory");
    let ttl = std::fs::read_to_string(repo_path("ontology/themes.ttl")).expect("themes.ttl");
    let store = common::store_of(&ttl, RdfFormat::Turtle);
    let concepts = common::select(&store, "SELECT ?c WHERE { ?c a skos:Concept }");
    assert!(concepts.len() >= 38, "{}", concepts.len());
    for c in concepts {
        let c = c[0].trim_start_matches("c=");
        let codes = common::select(
            &store,
            &format!("SELECT ?code WHERE {{ <{c}> atlas:dacPurposeCode ?code }}"),
        );
        assert_eq!(codes.len(), 1, "{c}: one DAC purpose code, got {codes:?}");
        let code = codes[0][0].trim_start_matches("code=");
        let (category, withdrawn) = sectors
            .get(code)
            .unwrap_or_else(|| panic!("{c}: {code} is not in Sector.xml"));
        assert!(!withdrawn, "{c}: {code} is withdrawn");
        let matches = common::select(
            &store,
            &format!(
                "SELECT ?m WHERE {{ <{c}> skos:exactMatch|skos:closeMatch|skos:broadMatch ?m \
                 FILTER(STRSTARTS(STR(?m), \"{SECTOR}\")) }}"
            ),
        );
        assert_eq!(
            matches,
            vec![vec![format!("m={SECTOR}{code}")]],
            "{c}: the SKOS mapping names the same code"
        );
        let cat = common::one(
            &store,
            &format!("SELECT ?k WHERE {{ <{c}> atlas:dacSectorCategory ?k }}"),
        );
        assert_eq!(
            cat,
            format!("{CATEGORY}{category}"),
            "{c}: the category of {code}"
        );
        assert!(
            categories.contains_key(category.as_str()),
            "{c}: {category} not in SectorCategory.xml"
        );
    }
    // Decentralised cooperation as such: institutional support to the partner authority.
    let code = common::one(
        &store,
        "SELECT ?code WHERE { <https://w3id.org/atlas-lod/theme/gouvernance/appui-institutionnel> atlas:dacPurposeCode ?code }",
    );
    assert_eq!(code, "15112");
}

fn atlas_lod(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .output()
        .expect("atlas-lod runs")
}

fn ok(args: &[&str]) -> String {
    let o = atlas_lod(args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{args:?}: {err}");
    err
}

fn config(dir: &Path) -> PathBuf {
    let p = dir.join("atlas-lod.toml");
    // A test identifier under an agency prefix that no registrar uses.
    std::fs::write(&p, "[iati]\norganisation = \"XX-TEST-0001\"\n").expect("config");
    p
}

fn import(inputs: &Path, store: &Path) {
    ok(&[
        "import",
        &inputs.to_string_lossy(),
        "--store",
        &store.to_string_lossy(),
    ]);
}

/// Exports; exit 0 when every partnership was written, 1 when some were left out.
fn export(store: &Path, dir: &Path) -> (PathBuf, String, i32) {
    let out = dir.join("iati-activities.xml");
    let o = atlas_lod(&[
        "export",
        "iati",
        "--store",
        &store.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--config",
        &config(dir).to_string_lossy(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    (out, err, o.status.code().unwrap_or(-1))
}

/// xmllint against the IATI 2.03 schema; a missing xmllint fails (scripts/test-tools.sh
/// installs libxml2-utils).
fn assert_schema_valid(file: &Path) {
    let o = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(standard("iati-activities-schema.xsd"))
        .arg(file)
        .output()
        .expect("xmllint is installed (libxml2-utils, scripts/test-tools.sh)");
    assert!(
        o.status.success(),
        "{} is not valid IATI 2.03: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Cents of a decimal text.
fn cents(v: &str) -> i64 {
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    let frac = format!("{frac:0<2}");
    whole.parse::<i64>().expect("whole euros") * 100 + frac[..2].parse::<i64>().expect("cents")
}

/// Every coded value of the file is in its codelist; returns per activity (linked-data-uri)
/// the sum of its planned disbursements, in cents, and the count of its levies.
fn check_codes(file: &Path) -> BTreeMap<String, (i64, usize)> {
    let text = std::fs::read_to_string(file).expect("file");
    let doc = roxmltree::Document::parse(&text).expect("the IATI file parses");
    let lists: BTreeMap<&str, BTreeMap<String, (String, bool)>> = [
        "ActivityStatus",
        "ActivityDateType",
        "OrganisationRole",
        "OrganisationType",
        "Country",
        "SectorVocabulary",
        "Sector",
        "Currency",
        "Language",
    ]
    .into_iter()
    .map(|n| (n, codelist(n)))
    .collect();
    let check = |list: &str, code: Option<&str>, what: &str| {
        let code = code.unwrap_or_else(|| panic!("{what} has no code"));
        assert!(
            lists[list].get(code).is_some_and(|(_, w)| !w),
            "{what}: {code:?} is not an active code of {list}"
        );
    };
    let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
    let mut sums = BTreeMap::new();
    for a in doc
        .descendants()
        .filter(|n| n.has_tag_name("iati-activity"))
    {
        let iri = a
            .attribute("linked-data-uri")
            .expect("linked-data-uri")
            .to_string();
        check(
            "Currency",
            a.attribute("default-currency"),
            "default-currency",
        );
        check("Language", a.attribute(xml_lang), "xml:lang");
        let mut sum = 0;
        let mut levies = 0;
        for n in a.descendants() {
            match n.tag_name().name() {
                "activity-status" => {
                    check("ActivityStatus", n.attribute("code"), "activity-status")
                }
                "activity-date" => check("ActivityDateType", n.attribute("type"), "activity-date"),
                "participating-org" => {
                    check(
                        "OrganisationRole",
                        n.attribute("role"),
                        "participating-org role",
                    );
                    if n.attribute("type").is_some() {
                        check(
                            "OrganisationType",
                            n.attribute("type"),
                            "participating-org type",
                        );
                    }
                }
                "reporting-org" => check("OrganisationType", n.attribute("type"), "reporting-org"),
                "recipient-country" => check("Country", n.attribute("code"), "recipient-country"),
                "narrative" => check("Language", n.attribute(xml_lang), "narrative"),
                "sector" => {
                    check(
                        "SectorVocabulary",
                        n.attribute("vocabulary"),
                        "sector vocabulary",
                    );
                    if n.attribute("vocabulary") == Some("1") {
                        check("Sector", n.attribute("code"), "sector");
                    }
                }
                "value" => {
                    check("Currency", n.attribute("currency"), "value");
                    sum += cents(n.text().unwrap_or_default());
                }
                "planned-disbursement" => {
                    levies += usize::from(n.attributes().any(|at| at.name() == "levy-law"));
                }
                _ => {}
            }
        }
        // Percentages per vocabulary sum to 100.
        let mut by_vocabulary: BTreeMap<&str, i64> = BTreeMap::new();
        for s in a.children().filter(|n| n.has_tag_name("sector")) {
            *by_vocabulary
                .entry(s.attribute("vocabulary").unwrap_or_default())
                .or_default() += cents(s.attribute("percentage").unwrap_or("0"));
        }
        assert!(
            by_vocabulary.values().all(|p| *p == 10_000),
            "{iri}: {by_vocabulary:?}"
        );
        sums.insert(iri, (sum, levies));
    }
    sums
}

/// Per partnership, the funding rows' sum (main amounts and levies) and levy count, by SPARQL
/// over the record graphs.
fn store_sums(store: &Path) -> BTreeMap<String, (i64, usize)> {
    let st = atlas_lod::store::open_read_only(store).expect("store");
    let rows = common::select(
        &st,
        "SELECT ?p (SUM(?a) AS ?sum) (COUNT(?l) AS ?levies) WHERE { GRAPH ?g { ?p atlas:funding ?f . \
         { ?f atlas:amount ?a } UNION { ?f atlas:levy ?l . ?l atlas:levyAmount ?a } } } GROUP BY ?p",
    );
    rows.into_iter()
        .map(|r| {
            let get = |k: &str| {
                r.iter()
                    .find_map(|c| c.strip_prefix(k))
                    .unwrap_or("0")
                    .to_string()
            };
            (
                get("p="),
                (cents(&get("sum=")), get("levies=").parse().unwrap_or(0)),
            )
        })
        .collect()
}

#[test]
fn the_seed_exports_a_valid_iati_activity() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    import(&seed_path(), &store);
    let (file, err, code) = export(&store, dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 1 IATI activities"), "{err}");
    assert_schema_valid(&file);
    let sums = check_codes(&file);
    assert_eq!(sums, store_sums(&store), "every euro exported once");
    let text = std::fs::read_to_string(&file).expect("file");
    for needle in [
        "<iati-identifier>XX-TEST-0001-654fd6cb4fd2d21f</iati-identifier>",
        "<activity-status code=\"2\"/>",
        "<recipient-country code=\"CA\" percentage=\"100\"/>",
        "<sector vocabulary=\"1\" code=\"25030\" percentage=\"100\"/>",
        "<activity-date type=\"2\" iso-date=\"2017-01-01\">",
        "le jour et le mois ne sont pas connus",
        "linked-data-default=\"https://w3id.org/atlas-lod/id/\"",
    ] {
        assert!(text.contains(needle), "{needle} missing from\n{text}");
    }
    // The README's excerpt is what the seed gives, line by line.
    let readme = std::fs::read_to_string(repo_path("README.md")).expect("README.md");
    let excerpt = readme
        .split("```xml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows an IATI excerpt");
    assert!(excerpt.lines().count() >= 5, "{excerpt}");
    for line in excerpt.lines() {
        assert!(
            text.contains(line.trim()),
            "README line {line:?} is not in the seed's IATI file\n{text}"
        );
    }
    // Byte-stable: the same store gives the same file.
    let again = dir.path().join("again");
    std::fs::create_dir_all(&again).expect("dir");
    let (second, _, _) = export(&store, &again);
    assert_eq!(std::fs::read(&file).ok(), std::fs::read(&second).ok());
}

#[test]
fn generated_records_export_valid_and_every_euro_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let records = dir.path().join("records.jsonl");
    ok(&[
        "generate",
        "--count",
        "500",
        "--seed",
        "2028",
        "--output",
        &records.to_string_lossy(),
    ]);
    let store = dir.path().join("store");
    import(&records, &store);
    let (file, err, code) = export(&store, dir.path());
    assert!(
        code == 0 || (code == 1 && err.contains("left out")),
        "{code}: {err}"
    );
    assert_schema_valid(&file);
    let exported = check_codes(&file);
    let expected = store_sums(&store);
    assert!(exported.len() > 400, "{} activities: {err}", exported.len());
    assert!(
        exported.values().any(|(_, levies)| *levies > 0),
        "levies are exported apart"
    );
    for (iri, sum) in &exported {
        assert_eq!(*sum, expected.get(iri).copied().unwrap_or((0, 0)), "{iri}");
    }
    // Levies have their own property: the naive sum of every atlas:amount is the funding rows'
    // sum, and no levy carries atlas:amount.
    let st = atlas_lod::store::open_read_only(&store).expect("store");
    let naive = common::one(
        &st,
        "SELECT (SUM(?a) AS ?s) WHERE { GRAPH ?g { ?x atlas:amount ?a } }",
    );
    let funding = common::one(
        &st,
        "SELECT (SUM(?a) AS ?s) WHERE { GRAPH ?g { ?f a atlas:Funding ; atlas:amount ?a } }",
    );
    assert_eq!(cents(&naive), cents(&funding));
    let levy_amounts = common::one(
        &st,
        "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?l a atlas:Levy ; atlas:levyAmount ?a } }",
    );
    assert!(
        levy_amounts.parse::<usize>().unwrap_or(0) > 0,
        "{levy_amounts}"
    );
    assert_eq!(
        common::one(
            &st,
            "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?l a atlas:Levy ; atlas:amount ?a } }"
        ),
        "0"
    );
    drop(st);
    // Every partnership left out is named in a warning.
    let all: BTreeSet<String> = common::select(
        &atlas_lod::store::open_read_only(&store).expect("store"),
        "SELECT ?p WHERE { GRAPH ?g { ?p a atlas:Partnership } }",
    )
    .into_iter()
    .map(|r| r[0].trim_start_matches("p=").to_string())
    .collect();
    for p in all.iter().filter(|p| !exported.contains_key(*p)) {
        assert!(
            err.contains(&format!("{p}: left out of the IATI file")),
            "{p} left out silently: {err}"
        );
    }
}

#[test]
fn an_activity_without_a_country_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    import(&seed_path(), &store);
    {
        let st = atlas_lod::store::open(&store).expect("store");
        let country = NamedNodeRef::new_unchecked("https://w3id.org/atlas-lod/ontology#country");
        let quads: Vec<_> = st
            .quads_for_pattern(None, Some(country), None, None)
            .collect::<Result<_, _>>()
            .expect("quads");
        assert!(!quads.is_empty());
        for q in &quads {
            st.remove(QuadRef::from(q)).expect("remove");
        }
    }
    let (file, err, code) = export(&store, dir.path());
    assert!(
        err.contains("654fd6cb4fd2d21f: left out of the IATI file: no partner country"),
        "{err}"
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        !file.exists(),
        "no file rather than a file IATI's schema rejects"
    );
}

#[test]
fn export_refuses_without_an_iati_organisation_identifier() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    import(&seed_path(), &store);
    let cfg = dir.path().join("empty.toml");
    std::fs::write(&cfg, "").expect("config");
    let out = dir.path().join("iati.xml");
    let o = atlas_lod(&[
        "export",
        "iati",
        "--store",
        &store.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--config",
        &cfg.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no [iati] organisation"));
    assert!(!out.exists(), "nothing written without an identifier");
}

/// Publishes the seed and the example pages into `out` with `config` (when given); returns
/// standard error.
fn publish(out: &Path, config: Option<&Path>) -> String {
    let mut args = vec![
        "publish".to_string(),
        seed_path().to_string_lossy().into_owned(),
        repo_path("examples/pages").to_string_lossy().into_owned(),
        "--out".to_string(),
        out.to_string_lossy().into_owned(),
    ];
    if let Some(c) = config {
        args.extend(["--config".to_string(), c.to_string_lossy().into_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&args)
}

#[test]
fn a_bundle_holds_a_valid_iati_file_described_in_its_catalogue() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = config(dir.path());
    let out = dir.path().join("bundle");
    let err = publish(&out, Some(&cfg));
    assert!(!err.contains("left out of the bundle"), "{err}");
    let file = out.join("iati-activities.xml");
    assert_schema_valid(&file);
    let exported = check_codes(&file);
    assert!(exported.len() >= 2, "{exported:?}");
    let sums = store_sums(&out.join("store"));
    for (iri, sum) in &exported {
        assert_eq!(Some(sum), sums.get(iri), "every euro once: {iri}");
    }
    // The partnerships IATI would reject are named, never dropped in silence.
    let all = common::select(
        &atlas_lod::store::open_read_only(&out.join("store")).expect("store"),
        "SELECT ?p WHERE { GRAPH ?g { ?p a atlas:Partnership } }",
    );
    assert_eq!(all.len(), 3, "{all:?}");
    for p in all {
        let p = p[0].trim_start_matches("p=");
        assert!(
            exported.contains_key(p) || err.contains(&format!("{p}: left out of the IATI file")),
            "{p} left out silently: {err}"
        );
    }
    // Described in the catalogue: media type, the standard, size and checksum of the file.
    let (size, sha256) = atlas_lod::publish::measure(&file).expect("measure");
    let catalog = std::fs::read_to_string(out.join("catalog.ttl")).expect("catalog.ttl");
    let store = common::store_of(&catalog, RdfFormat::Turtle);
    let rows = common::select(
        &store,
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> \
         PREFIX spdx: <http://spdx.org/rdf/terms#> \
         SELECT ?size ?sha WHERE { ?ds dcat:distribution ?d . \
         ?d dcat:downloadURL <https://w3id.org/atlas-lod/files/iati-activities.xml> ; \
         dcat:mediaType <http://www.iana.org/assignments/media-types/application/xml> ; \
         dct:conformsTo ?std ; dcat:byteSize ?size ; spdx:checksum/spdx:checksumValue ?sha . \
         ?std a dct:Standard FILTER(?std = <https://iatistandard.org/en/iati-standard/203/>) }",
    );
    assert_eq!(
        rows,
        vec![vec![format!("size={size}"), format!("sha={sha256}")]],
        "{catalog}"
    );
    // The catalogue with this distribution still meets DCAT-AP 3.0.1 (mandatory, recommended
    // and range shapes: `dct:conformsTo` wants a `dct:Standard`).
    let shapes: Vec<(String, String)> = [
        "html-shapes.ttl",
        "html-shapes_recommended.ttl",
        "html-range.ttl",
    ]
    .iter()
    .map(|f| {
        let p = repo_path(&format!("../shared/standards/dcat-ap-3.0.1/{f}"));
        (
            f.to_string(),
            std::fs::read_to_string(&p).expect("DCAT-AP shapes"),
        )
    })
    .collect();
    let validator =
        atlas_lod::validate::Validator::from_turtle(&shapes).expect("the DCAT-AP shapes compile");
    let quads: Vec<oxigraph::model::Quad> = oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(catalog.as_bytes())
        .map(|q| {
            let q = q.expect("catalog.ttl parses");
            oxigraph::model::Quad::new(
                q.subject,
                q.predicate,
                q.object,
                oxigraph::model::GraphName::DefaultGraph,
            )
        })
        .collect();
    let violations: Vec<String> = validator
        .validate_quads(&quads)
        .expect("validation runs")
        .iter()
        .filter(|f| f.severity == atlas_lod::validate::Severity::Violation)
        .map(|f| {
            format!(
                "{} {:?} {}",
                f.focus_node,
                f.path.as_ref().map(ToString::to_string),
                f.message("en")
            )
        })
        .collect();
    assert!(violations.is_empty(), "DCAT-AP: {violations:#?}");
    // The manifest lists it, and `verify` accepts the bundle.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).expect("SHA256SUMS");
    assert!(
        sums.contains(&format!("{sha256}  iati-activities.xml")),
        "{sums}"
    );
    ok(&["verify", &out.to_string_lossy()]);
    // Two runs, the same bytes.
    let again = dir.path().join("again");
    publish(&again, Some(&cfg));
    assert_eq!(
        std::fs::read(&file).expect("file"),
        std::fs::read(again.join("iati-activities.xml")).expect("second file")
    );
    assert_eq!(
        sums,
        std::fs::read_to_string(again.join("SHA256SUMS")).expect("second SHA256SUMS")
    );
}

#[test]
fn without_an_iati_section_the_bundle_has_no_iati_file_and_says_which_key_to_set() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("bundle");
    let err = publish(&out, None);
    assert!(
        err.contains("iati-activities.xml left out of the bundle")
            && err.contains("`organisation` under `[iati]`"),
        "{err}"
    );
    assert!(out.join("catalog.ttl").is_file(), "the bundle was written");
    assert!(!out.join("iati-activities.xml").exists());
    let catalog = std::fs::read_to_string(out.join("catalog.ttl")).expect("catalog.ttl");
    assert!(!catalog.contains("iati"), "{catalog}");
}
