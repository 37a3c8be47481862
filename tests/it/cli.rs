//! The command line as a user runs it: exit codes, stderr lines, files written.

use crate::common::*;
use std::process::{Command, Output};

fn atlas_lod(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap_or_else(|e| panic!("cannot run atlas-lod: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn convert_all_good_exits_0_and_writes_the_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out.ttl");
    let seed = seed_path();
    // The golden file is the full mapping, names included: asked for.
    let o = atlas_lod(&[
        "convert",
        &seed.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--contacts",
        "full",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    let golden = std::fs::read_to_string(repo_path("tests/golden/seed.ttl")).unwrap_or_default();
    assert_eq!(written, golden);
    assert!(
        text(&o.stderr).contains(
            "converted 1 record(s), 164 quad(s); rejected 0 (0 invalid); 0 with warnings"
        ),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn convert_with_bad_inputs_exits_1_and_keeps_the_good_ones() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "Titre\nX\nDate de fin du partenariat\n31/02/2018\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let seed = seed_path();
    let o = atlas_lod(&[
        "convert",
        &bad.to_string_lossy(),
        &seed.to_string_lossy(),
        "--to",
        "ntriples",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "error: {}:4: end_date: impossible date: \"31/02/2018\"",
            bad.display()
        )),
        "{err}"
    );
    assert!(
        text(&o.stdout).contains("La Beauté connectée"),
        "the good page is written"
    );
    assert!(err.contains("rejected 1"), "{err}");
}

#[test]
fn warnings_are_one_line_each_on_stderr() {
    let o = atlas_lod(&[
        "convert",
        &repo_path("examples/pages/eau-dogbo.txt").to_string_lossy(),
        "-o",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = text(&o.stderr);
    let line = err.lines().next().unwrap_or_default();
    assert!(line.ends_with("eau-dogbo.txt:84: funding: numbers separated by plain spaces were read as thousands groups; check the split of \"Syndicat intercommunal d’eau de Bordeaux 20 000 15 000 2 500 2014\""), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(atlas_lod(&["convert"]).status.code(), Some(2));
    assert_eq!(
        atlas_lod(&["convert", "x.txt", "--to", "nope"])
            .status
            .code(),
        Some(2)
    );
    let o = atlas_lod(&[
        "convert",
        &seed_path().to_string_lossy(),
        "--base",
        "not-an-iri",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("invalid --base"),
        "{}",
        text(&o.stderr)
    );
    let o = atlas_lod(&[
        "convert",
        &seed_path().to_string_lossy(),
        "-o",
        "/nonexistent/dir/out.ttl",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_input_is_reported_and_the_rest_converted() {
    let o = atlas_lod(&[
        "convert",
        "/nonexistent/page.txt",
        &seed_path().to_string_lossy(),
    ]);
    // An input that cannot be found is an I/O error: 2, whatever else was converted.
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("error: /nonexistent/page.txt: No such file"),
        "{}",
        text(&o.stderr)
    );
    assert!(text(&o.stdout).contains("La Beauté connectée"));
}

#[test]
fn base_and_generated_at_options() {
    let seed = seed_path();
    let o = atlas_lod(&[
        "convert",
        &seed.to_string_lossy(),
        "--base",
        "https://data.example.org/atlas/",
        "--generated-at",
        "2026-01-02T03:04:05Z",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.contains("<https://data.example.org/atlas/partnership/"),
        "{out}"
    );
    assert!(!out.contains("w3id.org/atlas-lod/id/"));
    assert!(
        out.contains("prov:generatedAtTime \"2026-01-02T03:04:05Z\"^^xsd:dateTime"),
        "{out}"
    );
}

#[test]
fn stdin_and_folders() {
    let seed = std::fs::read(seed_path()).unwrap_or_default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .args(["convert", "-", "--to", "nquads"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(&seed).unwrap_or_else(|e| panic!("{e}"));
    }
    let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("\"-\" <https://w3id.org/atlas-lod/id/graph/"),
        "source file of stdin is -"
    );
    let o = atlas_lod(&[
        "convert",
        &repo_path("examples").to_string_lossy(),
        "--to",
        "nquads",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("converted 5 record(s)"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn generate_pages_and_records_then_convert_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pages = dir.path().join("pages");
    let jsonl = dir.path().join("records.jsonl");
    let o = atlas_lod(&[
        "generate",
        "--count",
        "25",
        "--seed",
        "5",
        "--to",
        "atlas-text",
        "-o",
        &pages.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = atlas_lod(&[
        "generate",
        "--count",
        "25",
        "--seed",
        "5",
        "--to",
        "records-jsonl",
        "-o",
        &jsonl.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let from_pages = atlas_lod(&["convert", &pages.to_string_lossy(), "--to", "nquads"]);
    let from_jsonl = atlas_lod(&["convert", &jsonl.to_string_lossy(), "--to", "nquads"]);
    assert_eq!(
        from_pages.status.code(),
        Some(0),
        "{}",
        text(&from_pages.stderr)
    );
    assert_eq!(from_jsonl.status.code(), Some(0));
    assert!(text(&from_pages.stderr).contains("converted 25 record(s)"));
    // Same records, so the same IRIs and triples apart from the source file names.
    let strip = |o: &Output| -> Vec<String> {
        let mut v: Vec<String> = text(&o.stdout)
            .lines()
            .filter(|l| !l.contains("#sourceFile>") && !l.contains("#sourceLine>"))
            .map(str::to_string)
            .collect();
        v.sort();
        v
    };
    assert_eq!(strip(&from_pages), strip(&from_jsonl));
}

#[test]
fn validate_reports_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Conforming inputs, warnings allowed: exit 0; --strict makes the warnings fail.
    let examples = repo_path("examples");
    let o = atlas_lod(&["validate", &examples.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("warning  shapes:Partnership-funding  atlas:funding"),
        "{out}"
    );
    assert!(
        out.lines()
            .last()
            .unwrap_or_default()
            .starts_with("CONFORMS: 0 violation(s)"),
        "{out}"
    );
    assert_eq!(
        atlas_lod(&["validate", "--strict", &examples.to_string_lossy()])
            .status
            .code(),
        Some(1)
    );

    // A violation: exit 1, grouped text, a standard report and JSON.
    let bad = dir.path().join("bad.txt");
    let page =
        std::fs::read_to_string(repo_path("examples/pages/eau-dogbo.txt")).unwrap_or_default();
    std::fs::write(&bad, page.replace("Terminé", "Suspendu")).unwrap_or_else(|e| panic!("{e}"));
    let report = dir.path().join("report.ttl");
    let o = atlas_lod(&[
        "validate",
        &bad.to_string_lossy(),
        "--report",
        &report.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains("VIOLATION  shapes:Partnership-status  atlas:status"),
        "{out}"
    );
    assert!(
        out.contains("value <https://w3id.org/atlas-lod/status/suspendu>"),
        "{out}"
    );
    assert!(
        out.contains("DOES NOT CONFORM: 1 violation(s) in 1 record(s)"),
        "{out}"
    );
    let ttl = std::fs::read_to_string(&report).unwrap_or_default();
    let store = store_of(&ttl, oxigraph::io::RdfFormat::Turtle);
    let rows = select(
        &store,
        "PREFIX sh: <http://www.w3.org/ns/shacl#>
         SELECT ?conforms ?component ?path ?severity WHERE {
           ?r a sh:ValidationReport ; sh:conforms ?conforms ; sh:result ?x .
           ?x sh:focusNode ?f ; sh:resultPath ?path ; sh:value ?v ; sh:sourceShape ?s ;
              sh:sourceConstraintComponent ?component ; sh:resultSeverity ?severity ; sh:resultMessage ?m }",
    );
    assert_eq!(rows.len(), 2, "one result with two messages: {rows:?}");
    assert_eq!(
        rows[0],
        vec![
            "conforms=false",
            "component=http://www.w3.org/ns/shacl#InConstraintComponent",
            "path=https://w3id.org/atlas-lod/ontology#status",
            "severity=http://www.w3.org/ns/shacl#Violation"
        ]
    );
    // Another SHACL tool reads it: the engine's own report parser.
    let mut data = sparql_service::RdfData::from_str(
        &ttl,
        &rudof_rdf::rdf_core::RDFFormat::Turtle,
        None,
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let node = oxigraph::model::BlankNode::new_unchecked("report");
    let parsed = {
        use rudof_rdf::rdf_core::NeighsRDF;
        let subject = data
            .triples_matching(
                &rudof_rdf::rdf_core::Any,
                &oxigraph::model::NamedNode::new_unchecked(
                    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                ),
                &oxigraph::model::Term::NamedNode(oxigraph::model::NamedNode::new_unchecked(
                    "http://www.w3.org/ns/shacl#ValidationReport",
                )),
            )
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|t| oxigraph::model::Term::from(t.subject))
            .next()
            .unwrap_or_else(|| panic!("no report node ({node})"));
        shacl::validator::report::ValidationReport::parse(&mut data, subject)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(parsed.results().len(), 1);
    assert!(!parsed.conforms());

    let o = atlas_lod(&["validate", &bad.to_string_lossy(), "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["conforms"], false);
    assert_eq!(
        json["results"][0]["results"][0]["sourceConstraintComponent"],
        "http://www.w3.org/ns/shacl#InConstraintComponent"
    );

    // RDF inputs: the N-Quads that convert writes validate per record graph.
    let nq = dir.path().join("examples.nq");
    let o = atlas_lod(&[
        "convert",
        &examples.to_string_lossy(),
        "--to",
        "nquads",
        "-o",
        &nq.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = atlas_lod(&["validate", &nq.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).starts_with("Validated 5 record(s)"),
        "{}",
        text(&o.stdout)
    );

    // Usage and I/O errors: exit 2.
    assert_eq!(
        atlas_lod(&["validate", "/nonexistent.ttl"]).status.code(),
        Some(2)
    );
    let broken = dir.path().join("broken.ttl");
    std::fs::write(&broken, "<a> <b> .").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        atlas_lod(&["validate", &broken.to_string_lossy()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn user_shapes_add_to_ours() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shapes = dir.path().join("mine.ttl");
    std::fs::write(
        &shapes,
        "@prefix sh: <http://www.w3.org/ns/shacl#> .
         @prefix atlas: <https://w3id.org/atlas-lod/ontology#> .
         <https://example.org/shapes#NeedsVolunteers> a sh:NodeShape ;
           sh:targetClass atlas:Partnership ;
           sh:property [ sh:path atlas:volunteer ; sh:minCount 1 ; sh:message \"A volunteer is required.\"@en ] .",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let o = atlas_lod(&[
        "validate",
        &seed_path().to_string_lossy(),
        "--shapes",
        &shapes.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("A volunteer is required."),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn convert_rejects_invalid_records_to_the_rejects_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.txt");
    let page = std::fs::read_to_string(seed_path()).unwrap_or_default();
    std::fs::write(&bad, page.replace("31/12/2018", "31/12/2015"))
        .unwrap_or_else(|e| panic!("{e}"));
    let unreadable = dir.path().join("empty.txt");
    std::fs::write(&unreadable, "").unwrap_or_else(|e| panic!("{e}"));
    let rejects = dir.path().join("rejects.jsonl");
    let o = atlas_lod(&[
        "convert",
        &bad.to_string_lossy(),
        &unreadable.to_string_lossy(),
        &repo_path("examples/pages").to_string_lossy(),
        "--rejects",
        &rejects.to_string_lossy(),
        "--to",
        "nquads",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("converted 2 record(s)") && err.contains("rejected 2 (1 invalid)"),
        "{err}"
    );
    assert!(err.contains(&format!("error: {}:1: shacl violation <https://w3id.org/atlas-lod/ontology#endDate>: The end date (2015-12-31) is before the start year.", bad.display())), "{err}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&rejects)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2);
    let invalid = lines
        .iter()
        .find(|l| l.get("results").is_some())
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(invalid["source"]["file"], bad.to_string_lossy().as_ref());
    assert_eq!(
        invalid["results"][0]["sourceConstraintComponent"],
        "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"
    );
    assert!(
        invalid["record"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://w3id.org/atlas-lod/id/partnership/")
    );
    let unread = lines
        .iter()
        .find(|l| l.get("error").is_some())
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(unread["error"]["field"], "file");
    assert!(
        !text(&o.stdout).contains("La Beauté connectée"),
        "the invalid record is not written"
    );
}

#[test]
fn completions_and_man_page_come_from_the_flags() {
    for (shell, needle) in [
        ("bash", "_atlas__lod()"),
        ("zsh", "#compdef atlas-lod"),
        ("fish", "complete -c atlas-lod"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = atlas_lod(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = text(&o.stdout);
        assert!(out.contains(needle), "{shell}: {out}");
        assert!(
            out.contains("publish") && out.contains("previous"),
            "{shell}"
        );
    }
    let o = atlas_lod(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let man = text(&atlas_lod(&["man"]).stdout);
    assert!(man.contains(".TH atlas-lod 1"), "{man}");
    assert!(
        man.contains("publish") && man.contains("\\-\\-quiet"),
        "{man}"
    );
}

#[test]
fn quiet_progress_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_path();
    let seed = seed.to_str().unwrap();
    // --quiet: the data on stdout, nothing on stderr; errors still said.
    let o = atlas_lod(&["--quiet", "convert", seed]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!o.stdout.is_empty());
    assert_eq!(text(&o.stderr), "");
    let o = atlas_lod(&["convert", seed, "/nonexistent/page.txt", "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).starts_with("error: /nonexistent/page.txt"),
        "{}",
        text(&o.stderr)
    );
    // --progress: a line every 1,000 records off a terminal with `always`, none with `never`.
    let records = dir.path().join("r.jsonl");
    let r = records.to_str().unwrap();
    let o = atlas_lod(&[
        "generate",
        "--count",
        "1200",
        "--to",
        "records-jsonl",
        "-o",
        r,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let store = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    let o = atlas_lod(&["import", r, "--store", &store("a"), "--progress", "always"]);
    assert!(
        text(&o.stderr).contains("1000 records read"),
        "{}",
        text(&o.stderr)
    );
    let o = atlas_lod(&["import", r, "--store", &store("b"), "--progress", "never"]);
    assert!(
        !text(&o.stderr).contains("records read,"),
        "{}",
        text(&o.stderr)
    );
    // NO_COLOR: on a terminal (util-linux `script` gives one), the help is coloured unless
    // NO_COLOR is set.
    let help = |no_color: bool| {
        let mut c = Command::new("script");
        c.args([
            "-qc",
            &format!("{} --help", env!("CARGO_BIN_EXE_atlas-lod")),
            "/dev/null",
        ]);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        let o = c
            .output()
            .expect("`script` (util-linux) runs: scripts/test-tools.sh installs it");
        text(&o.stdout)
    };
    assert!(help(false).contains('\u{1b}'), "no colour on a terminal");
    let plain = help(true);
    assert!(
        plain.contains("Usage") && !plain.contains('\u{1b}'),
        "{plain:?}"
    );
}
