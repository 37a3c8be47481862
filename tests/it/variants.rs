//! Page variants beyond the seed, and bad inputs with their exact messages.

use crate::common::*;
use atlas_lod::Record;
use atlas_lod::ingest::read_page_bytes;
use atlas_lod::model::{Amount, Levy, LevyLaw};
use atlas_lod::rdf::OutputFormat;

fn seed_text() -> String {
    std::fs::read_to_string(seed_path()).unwrap_or_else(|e| panic!("{e}"))
}

fn read(text: &str) -> Record {
    read_page_bytes(text.as_bytes(), "page.txt").unwrap_or_else(|e| panic!("{e}"))
}

fn example(name: &str) -> Record {
    let bytes = std::fs::read(repo_path(&format!("examples/pages/{name}")))
        .unwrap_or_else(|e| panic!("{e}"));
    read_page_bytes(&bytes, name).unwrap_or_else(|e| panic!("{e}"))
}

/// The record without what legitimately differs between two renderings of one page.
fn essence(mut r: Record) -> Record {
    r.source = Default::default();
    r.warnings.clear();
    r
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or(0)
}

#[test]
fn finished_status_and_triennial() {
    let text = seed_text()
        .replace(
            "Le partenariat est\nEn cours",
            "Le partenariat est\nTerminé",
        )
        .replace(
            "Le partenariat n'est pas triennal",
            "Le partenariat est triennal",
        );
    let r = read(&text);
    assert_eq!(r.status.as_deref(), Some("Terminé"));
    assert_eq!(r.triennial, Some(true));
    let (ttl, _, _) = convert_texts(&[text.as_bytes()], OutputFormat::Turtle);
    assert!(
        ttl.contains("status:termine") && ttl.contains("atlas:triennial true"),
        "{ttl}"
    );
}

#[test]
fn other_themes_rows_with_priorities() {
    let text = seed_text().replace(
        "Thématique éligible Sous-thématique Sous-sous-thématique Priorité\n",
        "Thématique éligible Sous-thématique Sous-sous-thématique Priorité\nEconomie durable Attractivité des territoires Tourisme 1\nGouvernance Démocratie locale 2\nEconomie durable 3\n",
    );
    let r = read(&text);
    let got: Vec<(Vec<&str>, Option<&str>)> = r
        .other_themes
        .iter()
        .map(|t| {
            (
                t.path.iter().map(String::as_str).collect(),
                t.priority.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                vec![
                    "Economie durable",
                    "Attractivité des territoires",
                    "Tourisme"
                ],
                Some("1")
            ),
            (vec!["Gouvernance", "Démocratie locale"], Some("2")),
            (vec!["Economie durable"], Some("3")),
        ]
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let (ttl, _, _) = convert_texts(&[text.as_bytes()], OutputFormat::Nquads);
    let s = store_of(&ttl, oxigraph::io::RdfFormat::NQuads);
    let rows = select(
        &s,
        "SELECT ?label ?prio WHERE { GRAPH ?g { ?p atlas:qualifiedTheme ?q . ?q atlas:priority ?prio ; atlas:theme ?c }
           GRAPH ?t { ?c skos:prefLabel ?label FILTER(lang(?label) = 'fr') } }",
    );
    assert_eq!(
        rows,
        vec![
            vec!["label=Démocratie locale", "prio=2"],
            vec!["label=Economie durable", "prio=3"],
            vec!["label=Tourisme", "prio=1"]
        ]
    );
}

#[test]
fn unknown_theme_rows_are_kept_with_a_warning_and_minted() {
    let text = seed_text().replace(
        "Thématique éligible Sous-thématique Sous-sous-thématique Priorité\n",
        "Thématique éligible Sous-thématique Sous-sous-thématique Priorité\nSécurité civile Pompiers volontaires 1\n",
    );
    let line = line_of(&text, "Sécurité civile");
    let r = read(&text);
    assert_eq!(
        r.other_themes[0].path,
        vec!["Sécurité civile Pompiers volontaires".to_string()]
    );
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(
        (r.warnings[0].line, r.warnings[0].field.as_str()),
        (line, "other_themes")
    );
    let (_, _, events) = convert_texts(&[text.as_bytes()], OutputFormat::Turtle);
    assert!(
        events
            .iter()
            .any(|e| e == "note: new theme Sécurité civile Pompiers volontaires"),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.starts_with(&"".to_string())
                && e.contains(&format!(":{line}: other_themes: "))),
        "{events:?}"
    );
}

#[test]
fn several_partners_contacts_authorities_funders_levies_and_volunteers() {
    let r = example("eau-dogbo.txt");
    assert_eq!(r.status.as_deref(), Some("Terminé"));
    assert_eq!(r.triennial, Some(true));
    assert_eq!(r.foreign_partners.len(), 2);
    assert!(
        r.foreign_partners
            .iter()
            .all(|p| p.country.as_deref() == Some("BJ"))
    );
    assert_eq!(r.french_partners.len(), 2);
    assert_eq!(
        r.french_partners[1].name,
        "Syndicat intercommunal d’eau de Bordeaux"
    );
    let post = r.diplomatic_post.clone().unwrap_or_default();
    assert_eq!(post.contacts[0].given_name.as_deref(), Some("Jean"));
    assert_eq!(
        post.contacts[0].family_name.as_deref(),
        Some("DE LA FONTAINE")
    );
    assert_eq!(
        post.contacts[0].email.as_deref(),
        Some("jean.delafontaine@diplomatie.gouv.fr")
    );
    let c = &r.foreign_contacts;
    assert_eq!(c.len(), 2);
    assert_eq!(
        (
            c[0].organisation.as_deref(),
            c[0].family_name.as_deref(),
            c[0].given_name.as_deref(),
            c[0].role.as_deref(),
            c[0].email.as_deref()
        ),
        (
            Some("Commune de Dogbo"),
            Some("HOUNKPATIN"),
            Some("Marie-Claire"),
            Some("Chargée de mission coopération"),
            Some("mc.hounkpatin@dogbo.bj")
        )
    );
    assert_eq!(c[1].organisation.as_deref(), Some("Commune de Lalo"));
    let amounts: Vec<(i32, i64)> = r
        .funding
        .iter()
        .map(|f| (f.year, f.amount.cents()))
        .collect();
    assert_eq!(
        amounts,
        vec![
            (2013, 1_250_000),
            (2013, 425_050),
            (2014, 2_000_000),
            (2014, 3_000_000)
        ]
    );
    assert_eq!(
        r.funding[2].levies,
        vec![
            Levy {
                law: Some(LevyLaw::Water2005),
                amount: Amount::from_cents(1_500_000)
            },
            Levy {
                law: Some(LevyLaw::Waste2014),
                amount: Amount::from_cents(250_000)
            },
        ]
    );
    assert_eq!(
        r.implementers,
        vec!["Association Eau Vive Internationale".to_string()]
    );
    assert_eq!(
        (
            r.communication_france,
            r.communication_partner_countries,
            r.evaluation
        ),
        (Some(true), Some(false), Some(false))
    );
    let v = &r.volunteers[0];
    assert_eq!(
        (
            v.family_name.as_deref(),
            v.given_name.as_deref(),
            v.mission.as_deref(),
            v.fields.as_deref(),
            v.entity.as_deref(),
            v.raw.as_deref()
        ),
        (
            Some("MARTIN"),
            Some("Léa"),
            Some("Appui au service de l'eau"),
            Some("Environnement, climat et énergie"),
            Some("Département de la Gironde"),
            None
        )
    );
    // The plain-space groups of the levy row are a guess, and said so with the line.
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].field, "funding");
}

#[test]
fn levies_the_header_cannot_attribute_are_kept_with_a_warning() {
    let text = seed_text().replace(
        "Cosmetic Valley 20400 2017",
        "Cosmetic Valley 20400 1500 2017",
    );
    let line = line_of(&text, "Cosmetic Valley 20400 1500");
    let r = read(&text);
    let row = r
        .funding
        .iter()
        .find(|f| f.levies.len() == 1)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        row.levies,
        vec![Levy {
            law: None,
            amount: Amount::from_cents(150_000)
        }]
    );
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(
        (r.warnings[0].line, r.warnings[0].field.as_str()),
        (line, "funding")
    );
    assert!(
        r.warnings[0]
            .message
            .contains("Cosmetic Valley 20400 1500 2017")
    );
}

#[test]
fn empty_and_missing_optional_sections() {
    let r = example("jumelage-cuenca.txt");
    assert_eq!(r.main_theme.len(), 2);
    assert!(
        r.diplomatic_post.is_none()
            && r.foreign_contacts.is_empty()
            && r.funding.is_empty()
            && r.volunteers.is_empty()
    );
    assert!(
        r.end_date.is_none()
            && r.history.is_none()
            && r.objective.is_none()
            && r.description.is_none()
            && r.beneficiaries.is_none()
    );
    assert_eq!(
        r.triennial,
        Some(false),
        "typographic apostrophe in the flag sentence"
    );
    assert_eq!(
        (
            r.communication_france,
            r.communication_partner_countries,
            r.evaluation
        ),
        (Some(true), Some(true), Some(true))
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let minimal = read("Titre\nUn titre seul\n");
    assert_eq!(minimal.title, "Un titre seul");
    let (ttl, summary, _) = convert_texts(&[b"Titre\nUn titre seul\n"], OutputFormat::Turtle);
    assert_eq!(summary.converted, 1);
    assert!(ttl.contains("\"Un titre seul\"@fr"));
}

#[test]
fn encodings_line_endings_and_spaces() {
    let text = seed_text();
    let reference = essence(read(&text));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "the seed fits in Windows-1252");
    let crlf = text.replace('\n', "\r\n");
    let no_nbsp = text.replace('\u{a0}', " ");
    let straight = text.replace('’', "'");
    for (name, bytes) in [
        ("bom", bom),
        ("cp1252", cp1252.into_owned()),
        ("crlf", crlf.into_bytes()),
        ("no-nbsp", no_nbsp.into_bytes()),
    ] {
        let r = read_page_bytes(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(essence(r), reference, "{name}");
    }
    // Straight apostrophes change the texts, not the structure.
    let r = essence(read(&straight));
    assert_eq!(
        (r.title.clone(), r.funding.len(), r.triennial),
        (reference.title.clone(), 8, Some(false))
    );
}

#[test]
fn guessed_splits_keep_the_row_and_name_the_line() {
    let text = seed_text()
        .replace(
            "Québec International Garro Jean Michel Directeur développement des affaires jmgarro@quebecinternational.ca",
            "Québec International Garro Jean Michel Gérant jmgarro@quebecinternational.ca",
        )
        .replace("Québec International Canada commun.ico.loupe.alter", "Québec International Atlantide commun.ico.loupe.alter");
    let r = read(&text);
    let fields: Vec<(&str, usize)> = r
        .warnings
        .iter()
        .map(|w| (w.field.as_str(), w.line))
        .collect();
    assert!(
        fields.contains(&("foreign_partners", line_of(&text, "Atlantide"))),
        "{fields:?}"
    );
    let contact_line = line_of(&text, "Gérant");
    let w = r
        .warnings
        .iter()
        .find(|w| w.field == "foreign_contacts")
        .unwrap_or_else(|| panic!("{fields:?}"));
    assert_eq!(w.line, contact_line);
    // The row holds a person's name: the warning names the line, not the row.
    assert!(
        !w.message.contains("Garro") && w.message.contains("row not quoted: personal data"),
        "{}",
        w.message
    );
    assert_eq!(r.foreign_partners[0].country, None);
    assert_eq!(r.foreign_partners[0].name, "Québec International Atlantide");
}

#[test]
fn bad_inputs_have_clear_errors_and_do_not_stop_the_others() {
    let seed = seed_text();
    let no_title = seed.replace("Titre\nLa Beauté connectée de la France au Québec\n", "");
    let bad_date = seed.replace("31/12/2018", "31/02/2018");
    let bad_year = seed.replace(
        "Année de première signature de la convention\n2017",
        "Année de première signature de la convention\n20l7",
    );
    let cases: Vec<(&[u8], String)> = vec![
        (no_title.as_bytes(), "page.txt:1: title: the page has no title".into()),
        (
            bad_date.as_bytes(),
            format!("page.txt:{}: end_date: impossible date: \"31/02/2018\"", line_of(&bad_date, "31/02/2018")),
        ),
        (
            bad_year.as_bytes(),
            format!("page.txt:{}: first_agreement_year: not a year: \"20l7\"", line_of(&bad_year, "20l7")),
        ),
        (b"", "page.txt:1: file: the input is empty".into()),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "page.txt:1: file: the input looks binary (byte 8 is a control character), not a text page".into()),
    ];
    for (bytes, expected) in &cases {
        let err = read_page_bytes(bytes, "page.txt")
            .map(|r| r.title)
            .map_err(|e| e.to_string());
        assert_eq!(err, Err(expected.clone()));
    }
    // In one run: the good pages are written, each bad one is reported once.
    let mut texts: Vec<&[u8]> = vec![seed.as_bytes()];
    texts.extend(cases.iter().map(|(b, _)| *b));
    texts.push(seed.as_bytes());
    let (ttl, summary, events) = convert_texts(&texts, OutputFormat::Turtle);
    // The seed twice is one partnership read twice: written once, said as a duplicate.
    assert_eq!(
        (summary.converted, summary.rejected, summary.duplicates),
        (1, 5, 1),
        "{events:?}"
    );
    assert_eq!(
        events.iter().filter(|e| e.starts_with("error: ")).count(),
        5,
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.ends_with("01.txt:1: title: the page has no title")),
        "{events:?}"
    );
    assert!(ttl.contains("La Beauté connectée de la France au Québec"));
}
