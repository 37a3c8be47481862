//! The real Atlas page: every field survives into RDF with the right value and datatype.

use crate::common::*;
use atlas_lod::ingest::{Input, InputFormat};
use atlas_lod::model::privacy::ContactPolicy;
use atlas_lod::rdf::OutputFormat;
use oxigraph::io::RdfFormat;

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

fn seed_store() -> oxigraph::store::Store {
    let (ttl, summary, events) = convert_files(&[seed_path()], OutputFormat::Turtle);
    assert_eq!((summary.converted, summary.rejected), (1, 0), "{events:?}");
    assert!(
        events.is_empty(),
        "the seed reads without warnings: {events:?}"
    );
    store_of(&ttl, RdfFormat::Turtle)
}

#[test]
fn scalar_fields_have_their_values_and_datatypes() {
    let s = seed_store();
    assert_eq!(
        one(
            &s,
            "SELECT ?t WHERE { ?p a atlas:Partnership ; dcterms:title ?t FILTER(lang(?t) = 'fr') }"
        ),
        "La Beauté connectée de la France au Québec"
    );
    for prop in ["firstAgreementYear", "startYear"] {
        let q = format!("SELECT ?y WHERE {{ ?p atlas:{prop} ?y }}");
        assert_eq!(one(&s, &q), "2017", "{prop}");
        assert_eq!(datatype(&s, &q), format!("{XSD}gYear"), "{prop}");
    }
    let q = "SELECT ?d WHERE { ?p atlas:endDate ?d }";
    assert_eq!(one(&s, q), "2018-12-31");
    assert_eq!(datatype(&s, q), format!("{XSD}date"));
    assert_eq!(
        one(&s, "SELECT ?s WHERE { ?p atlas:status ?s }"),
        "https://w3id.org/atlas-lod/status/en-cours"
    );
    assert_eq!(
        one(&s, "SELECT ?k WHERE { ?p atlas:partnershipKind ?k }"),
        "https://w3id.org/atlas-lod/kind/cooperation-decentralisee"
    );
    let flags = select(
        &s,
        "SELECT ?t ?cf ?cp ?e WHERE { ?p atlas:triennial ?t ; atlas:communicationInFrance ?cf ;
           atlas:communicationInPartnerCountries ?cp ; atlas:evaluation ?e }",
    );
    assert_eq!(
        flags,
        vec![vec!["t=false", "cf=false", "cp=true", "e=true"]]
    );
    assert_eq!(
        datatype(&s, "SELECT ?t WHERE { ?p atlas:triennial ?t }"),
        format!("{XSD}boolean")
    );
}

#[test]
fn texts_survive_whole() {
    let s = seed_store();
    let context = one(
        &s,
        "SELECT ?c WHERE { ?p atlas:context ?c FILTER(lang(?c) = 'fr') }",
    );
    assert!(
        context.starts_with("1)Sur le plan international : Plusieurs signaux"),
        "{context}"
    );
    assert!(context.ends_with("sur les deux territoires."), "{context}");
    assert!(
        context.contains("\n\n2)Sur le plan national"),
        "paragraphs kept"
    );
    assert!(!context.contains('\u{a0}'), "trailing U+00A0 trimmed");
    let history = one(&s, "SELECT ?h WHERE { ?p atlas:history ?h }");
    assert!(
        history.starts_with("L’arrivée puis la généralisation")
            && history.ends_with("très rapide.")
    );
    let objective = one(&s, "SELECT ?o WHERE { ?p atlas:objective ?o }");
    assert!(
        objective.starts_with("Objectifs locaux :")
            && objective.ends_with("objets connectés, etc.")
    );
    let description = one(&s, "SELECT ?d WHERE { ?p dcterms:description ?d }");
    assert!(
        description.starts_with("La Cosmétique française")
            && description.ends_with("cosmeto-digitales.")
    );
    let beneficiaries = one(&s, "SELECT ?b WHERE { ?p atlas:beneficiaries ?b }");
    assert!(
        beneficiaries.starts_with("Les entreprises et centres")
            && beneficiaries.ends_with("main d’œuvre qualifiée.")
    );
}

#[test]
fn three_level_theme_path() {
    let s = seed_store();
    let rows = select(
        &s,
        "SELECT ?l3 ?l2 ?l1 WHERE {
           ?p atlas:mainTheme ?c3 . ?c3 skos:prefLabel ?l3 ; skos:broader ?c2 ; skos:inScheme ?scheme .
           ?c2 skos:prefLabel ?l2 ; skos:broader ?c1 . ?c1 skos:prefLabel ?l1 ; skos:topConceptOf ?scheme .
           FILTER(lang(?l3) = 'fr' && lang(?l2) = 'fr' && lang(?l1) = 'fr') }",
    );
    assert_eq!(
        rows,
        vec![vec![
            "l3=Pôles de compétitivité, clusters, filières",
            "l2=Attractivité des territoires",
            "l1=Economie durable"
        ]]
    );
}

#[test]
fn partners_owner_and_country() {
    let s = seed_store();
    let rows = select(
        &s,
        "SELECT ?name ?a2 ?country WHERE { ?p atlas:foreignPartner ?o . ?o rdfs:label ?name ;
           atlas:country ?country . ?country atlas:iso3166Alpha2 ?a2 }",
    );
    assert_eq!(
        rows,
        vec![vec![
            "name=Québec International",
            "a2=CA",
            "country=http://publications.europa.eu/resource/authority/country/CAN"
        ]]
    );
    let owner = select(
        &s,
        "SELECT ?name WHERE { ?p atlas:projectOwner ?o ; atlas:frenchPartner ?o . ?o rdfs:label ?name ; a atlas:FrenchLocalAuthority }",
    );
    assert_eq!(
        owner,
        vec![vec!["name=Communauté d'agglomération Chartres métropole"]]
    );
    assert_eq!(
        one(
            &s,
            "SELECT (COUNT(?o) AS ?n) WHERE { ?p atlas:implementer ?o }"
        ),
        "0"
    );
}

#[test]
fn three_contacts_with_roles_and_organisations() {
    let s = seed_store();
    let rows = select(
        &s,
        "SELECT ?kind ?given ?family ?mbox ?role ?orgname WHERE {
           ?p ?kind ?r . VALUES ?kind { atlas:diplomaticContact atlas:partnerContact }
           ?r atlas:roleLabel ?role ; org:organization ?o ; org:member ?m .
           ?o rdfs:label ?orgname .
           ?m foaf:givenName ?given ; foaf:familyName ?family ; foaf:mbox ?mbox }",
    );
    let atlas = "https://w3id.org/atlas-lod/ontology#";
    assert_eq!(
        rows,
        vec![
            vec![
                format!("kind={atlas}diplomaticContact"),
                "given=Sarah".into(),
                "family=VAILLANT".into(),
                "mbox=mailto:sarah.vaillant@diplomatie.gouv.fr".into(),
                "role=Correspondant coopération décentralisée".into(),
                "orgname=Ambassade de France à Ottawa".into(),
            ],
            vec![
                format!("kind={atlas}diplomaticContact"),
                "given=Stéphane".into(),
                "family=CATTA".into(),
                "mbox=mailto:stephane.catta@diplomatie.gouv.fr".into(),
                "role=Conseiller de coopération et d'action culturelle".into(),
                "orgname=Ambassade de France à Ottawa".into(),
            ],
            vec![
                format!("kind={atlas}partnerContact"),
                "given=Jean Michel".into(),
                "family=Garro".into(),
                "mbox=mailto:jmgarro@quebecinternational.ca".into(),
                "role=Directeur développement des affaires".into(),
                "orgname=Québec International".into(),
            ],
        ]
    );
}

#[test]
fn eight_funding_rows_sum_to_95370_euros() {
    let s = seed_store();
    assert_eq!(
        one(
            &s,
            "SELECT (COUNT(?f) AS ?n) WHERE { ?p atlas:funding ?f . ?f a atlas:Funding }"
        ),
        "8"
    );
    assert_eq!(
        one(
            &s,
            "SELECT (SUM(?a) AS ?total) WHERE { ?p atlas:funding ?f . ?f atlas:amount ?a }"
        ),
        "95370"
    );
    assert_eq!(
        datatype(&s, "SELECT ?a WHERE { ?f atlas:amount ?a } LIMIT 1"),
        format!("{XSD}decimal")
    );
    let per_funder_year = select(
        &s,
        "SELECT ?name ?y ?a WHERE { ?p atlas:funding ?f . ?f atlas:funder ?o ; atlas:year ?y ; atlas:amount ?a ;
           schema:currency 'EUR' . ?o rdfs:label ?name }",
    );
    let expected = [
        ("Collectivités et partenaires étrangers", "2017", "10514"),
        ("Collectivités et partenaires étrangers", "2018", "10514"),
        (
            "Communauté d'agglomération Chartres métropole",
            "2017",
            "9514",
        ),
        (
            "Communauté d'agglomération Chartres métropole",
            "2018",
            "11514",
        ),
        ("Cosmetic Valley", "2017", "20400"),
        ("Cosmetic Valley", "2018", "22400"),
        (
            "Ministère de l'Europe et des Affaires étrangères",
            "2017",
            "5257",
        ),
        (
            "Ministère de l'Europe et des Affaires étrangères",
            "2018",
            "5257",
        ),
    ];
    let expected: Vec<Vec<String>> = expected
        .iter()
        .map(|(n, y, a)| vec![format!("name={n}"), format!("y={y}"), format!("a={a}")])
        .collect();
    assert_eq!(per_funder_year, expected);
    // The French partner that funds is the same resource, not a namesake.
    assert_eq!(
        one(
            &s,
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?p atlas:frenchPartner ?o ; atlas:funding/atlas:funder ?o }"
        ),
        "1"
    );
}

#[test]
fn provenance_on_the_record_graph() {
    let (nq, _, _) = convert_files(&[seed_path()], OutputFormat::Nquads);
    let s = store_of(&nq, RdfFormat::NQuads);
    let rows = select(
        &s,
        "SELECT ?file ?line WHERE { GRAPH ?g { ?g foaf:primaryTopic ?p ; atlas:sourceFile ?file ; atlas:sourceLine ?line . ?p a atlas:Partnership } }",
    );
    assert_eq!(rows, vec![vec!["file=000_2c1789aab79a3d11.txt", "line=1"]]);
    // Every record triple sits in the record's graph; only the theme scheme is elsewhere.
    let graphs = select(&s, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }");
    assert_eq!(graphs.len(), 2, "{graphs:?}");
}

#[test]
fn output_is_byte_identical_and_matches_the_golden_file() {
    let (a, _, _) = convert_files(&[seed_path()], OutputFormat::Turtle);
    let (b, _, _) = convert_files(&[seed_path()], OutputFormat::Turtle);
    assert_eq!(a, b, "two runs differ");
    let golden_path = repo_path("tests/golden/seed.ttl");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden_path, &a).unwrap_or_else(|e| panic!("{e}"));
    }
    let golden = std::fs::read_to_string(&golden_path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", golden_path.display()));
    assert!(
        a == golden,
        "Turtle output differs from tests/golden/seed.ttl (rerun with UPDATE_GOLDEN=1 after checking the diff)"
    );
}

#[test]
fn records_jsonl_reads_back_to_the_same_rdf() {
    let (jsonl, _, _) = convert_files(&[seed_path()], OutputFormat::RecordsJsonl);
    assert_eq!(jsonl.lines().count(), 1);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("seed.jsonl");
    std::fs::write(&p, &jsonl).unwrap_or_else(|e| panic!("{e}"));
    for format in [OutputFormat::Turtle, OutputFormat::Nquads] {
        let (direct, _, _) = convert_files(&[seed_path()], format);
        let (via_jsonl, summary, events) = convert_inputs(
            vec![Input::File(p.clone())],
            InputFormat::Jsonl,
            format,
            ContactPolicy::Full,
        );
        assert_eq!(summary.converted, 1, "{events:?}");
        assert_eq!(direct, via_jsonl, "{format:?}");
    }
}
