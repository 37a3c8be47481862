//! The contacts check: a record whose published text names one of its own contacts or
//! volunteers (by full name, family name, e-mail, glued or folded) is not published under
//! `role` or `none`.

use super::written::{FamilyName, Spelled, tokens, words};
use super::{Record, personal_texts};

/// Why `record` is not published under `role` or `none`, if it is not: the field and what it
/// holds. The record's other texts are read once for both checks (this runs on every record).
pub fn refusal(record: &Record) -> Option<(&'static str, &'static str)> {
    let others = other_texts(record);
    quoted_in(record, &others)
        .map(|f| (f, "the text names a contact or volunteer of the page"))
        .or_else(|| {
            detail_in(&others).map(|f| {
                (
                    f,
                    "an e-mail address or a phone number where it would be published as read",
                )
            })
        })
}

/// The first free-text field of `record` (title included) that quotes one of its contacts or
/// volunteers by name or e-mail: under `role` or `none` such a record is not published.
pub fn quoted_person(record: &Record) -> Option<&'static str> {
    quoted_in(record, &other_texts(record))
}

/// [`quoted_person`], the record's other texts given.
fn quoted_in(record: &Record, others: &[(&'static str, String)]) -> Option<&'static str> {
    let people = personal_texts(record);
    if people.is_empty() {
        return None;
    }
    let fields = [
        ("title", Some(&record.title)),
        ("context", record.context.as_ref()),
        ("history", record.history.as_ref()),
        ("objective", record.objective.as_ref()),
        ("description", record.description.as_ref()),
        ("beneficiaries", record.beneficiaries.as_ref()),
    ];
    // A family name alone ("Mme Vaillant", "M. GARRO") names the person too: in free text it
    // is looked for written as a name, in any of its forms ([`FamilyName`]). A false hit
    // refuses one record with its line named; a miss would publish a name.
    let families: Vec<FamilyName> = record
        .diplomatic_post
        .iter()
        .flat_map(|p| p.contacts.iter())
        .chain(record.foreign_contacts.iter())
        .filter_map(|c| c.family_name.as_deref())
        .chain(
            record
                .volunteers
                .iter()
                .filter_map(|v| v.family_name.as_deref()),
        )
        .filter_map(|f| FamilyName::new(&fold_keep_case(f)))
        .collect();
    // Both sides folded the same way (accents, decomposed letters, full-width forms, invisible
    // characters), so that "Hélène Lefèvre" in a text names the contact "Helene LEFEVRE".
    let people: Vec<(bool, String)> = people
        .iter()
        .map(|p| {
            if p.exact_case {
                (true, fold_keep_case(&p.text))
            } else {
                (false, fold(&p.text))
            }
        })
        .collect();
    // A full name written glued ("JeanMichelVaillant", "jean_michel.vaillant") names the
    // person as well as the name spaced.
    let glued_names: Vec<String> = people
        .iter()
        .filter(|(exact_case, p)| !exact_case && !p.contains('@'))
        .map(|(_, p)| words(p))
        .filter(|w| w.len() >= 2)
        .map(|w| w.concat())
        .collect();
    let names_someone = |text: &str| {
        let (kept, lower) = (fold_keep_case(text), fold(text));
        people.iter().any(|(exact_case, p)| {
            if *exact_case {
                contains_word(&kept, p)
            } else {
                contains_word(&lower, p)
            }
        }) || (!glued_names.is_empty() && {
            let spelled = Spelled::new(&kept);
            glued_names.iter().any(|n| spelled.spells(n))
        })
    };
    fields
        .into_iter()
        .find_map(|(field, text)| {
            let text = text?;
            (names_someone(text) || {
                let written = tokens(&fold_keep_case(text));
                families.iter().any(|f| f.written_in(&written))
            })
            .then_some(field)
        })
        // An organisation's name is published whatever the profile: one that is a contact's
        // full name or e-mail (a person's row read as a partner, a funder, a post) names them.
        // The family name alone counts there after a civility only: towns and families share
        // names ("Commune de Vaillant"), a civility says a person ("Ambassade (M. Vaillant)").
        .or_else(|| {
            organisation_names(record).find_map(|(field, name)| {
                (names_someone(name) || {
                    let written = tokens(&fold_keep_case(name));
                    families.iter().any(|f| f.named_after_civility(&written))
                })
                .then_some(field)
            })
        })
        // Every other text of the record, whatever its field (the file it was read from, its
        // id, kind, status, a partner's country label, a warning given with it...): what a
        // field added tomorrow holds is looked at too.
        .or_else(|| {
            others
                .iter()
                .find_map(|(field, text)| names_someone(text).then_some(*field))
        })
}

/// The first field of `record` that holds an e-mail address or a phone number where the
/// profiles do not replace them (free text and labels are replaced): under `role` or `none`
/// such a record is not published.
pub fn contact_detail(record: &Record) -> Option<&'static str> {
    detail_in(&other_texts(record))
}

/// [`contact_detail`] over the record's other texts.
fn detail_in(others: &[(&'static str, String)]) -> Option<&'static str> {
    others
        .iter()
        .find_map(|(field, text)| super::patterns::has_contact_details(text).then_some(*field))
}

/// The fields of a record, by name (what an error names).
const FIELDS: &[&str] = &[
    "atlas_id",
    "source",
    "title",
    "diplomatic_post",
    "first_agreement_year",
    "main_theme",
    "other_themes",
    "start_year",
    "status",
    "end_date",
    "context",
    "history",
    "objective",
    "description",
    "kind",
    "project_owners",
    "implementers",
    "beneficiaries",
    "foreign_partners",
    "foreign_contacts",
    "french_partners",
    "triennial",
    "funding",
    "communication_france",
    "communication_partner_countries",
    "evaluation",
    "volunteers",
    "warnings",
];

/// Every text of `record` that neither the contacts check above nor the profiles' redaction
/// reads, by field: the record walked as its JSON form, without the free text, the labels
/// and the people's own fields (names, e-mail, the raw row, a function, which the profiles
/// remove or cut to known words).
fn other_texts(record: &Record) -> Vec<(&'static str, String)> {
    const READ_ELSEWHERE: &[&str] = &[
        "title",
        "context",
        "history",
        "objective",
        "description",
        "beneficiaries",
        "main_theme",
        "project_owners",
        "implementers",
    ];
    const PEOPLE_OR_LABELS: &[&str] = &[
        "given_name",
        "family_name",
        "email",
        "raw",
        "role",
        "mission",
        "fields",
        "entity",
        "organisation",
        "name",
        "funder",
        "path",
    ];
    fn walk(v: &serde_json::Value, field: &'static str, out: &mut Vec<(&'static str, String)>) {
        match v {
            serde_json::Value::String(s) => out.push((field, s.clone())),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, field, out)),
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    if !PEOPLE_OR_LABELS.contains(&k.as_str()) {
                        walk(v, field, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(serde_json::Value::Object(m)) = serde_json::to_value(record) {
        for (k, v) in &m {
            let field = FIELDS
                .iter()
                .find(|f| **f == k.as_str())
                .copied()
                .unwrap_or("record");
            if !READ_ELSEWHERE.contains(&field) {
                walk(v, field, &mut out);
            }
        }
    }
    out
}

/// `text` with accents, decomposed letters, full-width forms and invisible characters folded
/// to ASCII, the case kept; what the contacts check compares.
fn fold_keep_case(text: &str) -> String {
    let visible: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
            )
        })
        .collect();
    deunicode::deunicode(&visible)
}

/// [`fold_keep_case`], lowercased.
fn fold(text: &str) -> String {
    fold_keep_case(text).to_lowercase()
}

/// The organisation names of a record, by field: what is published as a label whatever the
/// contacts profile (themes, a contact's organisation and a volunteer's entity and fields
/// included: they are published as labels or text too).
fn organisation_names(record: &Record) -> impl Iterator<Item = (&'static str, &str)> {
    let post = record
        .diplomatic_post
        .iter()
        .map(|p| ("diplomatic_post", p.name.as_str()));
    let french = record
        .french_partners
        .iter()
        .map(|p| ("french_partners", p.name.as_str()));
    let foreign = record
        .foreign_partners
        .iter()
        .map(|p| ("foreign_partners", p.name.as_str()));
    let owners = record
        .project_owners
        .iter()
        .map(|n| ("project_owners", n.as_str()));
    let implementers = record
        .implementers
        .iter()
        .map(|n| ("implementers", n.as_str()));
    let funders = record
        .funding
        .iter()
        .map(|f| ("funding", f.funder.as_str()));
    let main_theme = record.main_theme.iter().map(|t| ("main_theme", t.as_str()));
    let other_themes = record
        .other_themes
        .iter()
        .flat_map(|t| t.path.iter().map(|l| ("other_themes", l.as_str())));
    let contact_organisations = record
        .diplomatic_post
        .iter()
        .flat_map(|p| p.contacts.iter())
        .chain(record.foreign_contacts.iter())
        .filter_map(|c| c.organisation.as_deref().map(|o| ("contacts", o)));
    let volunteers = record.volunteers.iter().flat_map(|v| {
        [
            v.entity.as_deref(),
            v.fields.as_deref(),
            v.mission.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(|t| ("volunteers", t))
    });
    post.chain(french)
        .chain(foreign)
        .chain(owners)
        .chain(implementers)
        .chain(funders)
        .chain(main_theme)
        .chain(other_themes)
        .chain(contact_organisations)
        .chain(volunteers)
}

/// Whether `needle` occurs in `hay` as whole words (not inside a longer word).
fn contains_word(hay: &str, needle: &str) -> bool {
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "-'’".contains(c));
    hay.match_indices(needle).any(|(i, m)| {
        !joined(hay[..i].chars().next_back()) && !joined(hay[i + m.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::privacy::tests::sample;

    #[test]
    fn a_family_name_alone_in_free_text_names_the_person() {
        let mut r = sample();
        assert_eq!(quoted_person(&r), None);
        r.description = Some("Mme Vaillant coordonne le projet.".into());
        assert_eq!(quoted_person(&r), Some("description"));
        r.description = Some("Mme VAILLANT coordonne le projet.".into());
        assert_eq!(quoted_person(&r), Some("description"));
        // Written as a word, not as a name: the common word a family name may be.
        r.description = Some("Le travail vaillant des équipes.".into());
        assert_eq!(quoted_person(&r), None, "a lowercase word is not a name");
        r.description = Some("Les travaillants.".into());
        assert_eq!(quoted_person(&r), None, "whole words only");
    }

    #[test]
    fn a_contact_read_as_an_organisation_names_the_person() {
        let mut r = sample();
        r.foreign_partners.push(crate::model::ForeignPartner {
            name: "Sarah VAILLANT".into(),
            ..Default::default()
        });
        assert_eq!(quoted_person(&r), Some("foreign_partners"));
        let mut r = sample();
        if let Some(p) = &mut r.diplomatic_post {
            p.name = "Vaillant Sarah".into();
        }
        assert_eq!(quoted_person(&r), Some("diplomatic_post"));
        let mut r = sample();
        r.foreign_partners.push(crate::model::ForeignPartner {
            name: "Commune de Vaillant".into(),
            ..Default::default()
        });
        assert_eq!(
            quoted_person(&r),
            None,
            "a family name alone is a place too"
        );
    }

    #[test]
    fn a_name_is_found_whatever_its_accents_forms_or_invisible_characters() {
        for text in [
            "Suivi par Sàrah Vaillânt.",
            "Suivi par Sa\u{0301}rah VAILLANT.",
            "Suivi par Sa\u{200b}rah VAIL\u{200b}LANT.",
            "Suivi par Ｓａｒａｈ ＶＡＩＬＬＡＮＴ.",
        ] {
            let mut r = sample();
            r.description = Some(text.into());
            assert_eq!(quoted_person(&r), Some("description"), "{text}");
        }
        let mut r = sample();
        r.other_themes = vec![crate::model::OtherTheme {
            path: vec!["Gouvernance".into(), "Sarah VAILLANT".into()],
            ..Default::default()
        }];
        assert_eq!(quoted_person(&r), Some("other_themes"));
        let mut r = sample();
        if let Some(p) = r.diplomatic_post.as_mut() {
            p.contacts[0].organisation = Some("Cabinet Sarah Vaillant".into());
        }
        assert_eq!(quoted_person(&r), Some("contacts"));
        // Towns that share a family name stay whole words apart from it.
        let mut r = sample();
        r.description = Some("Jumelage avec Saint-Vaillant.".into());
        assert_eq!(quoted_person(&r), None);
    }

    #[test]
    fn a_full_name_written_glued_names_the_person() {
        for text in [
            "Suivi par SarahVaillant.",
            "Suivi par SARAHVAILLANT.",
            "Suivi par sarah_vaillant et d'autres.",
            "contact:sarah.vaillant",
            "Suivi par VaillantSarah.",
            "Suivi par Sarah-VAILLANT.",
            "Suivi par S\u{200b}arahVaillant.",
        ] {
            let mut r = sample();
            r.description = Some(text.into());
            assert_eq!(quoted_person(&r), Some("description"), "{text}");
        }
        // A glued name read as an organisation names the person too.
        let mut r = sample();
        r.foreign_partners.push(crate::model::ForeignPartner {
            name: "SarahVaillant Consulting".into(),
            ..Default::default()
        });
        assert_eq!(quoted_person(&r), Some("foreign_partners"));
        // Letters of the name across other words are not the name.
        for text in ["Les sarahvaillantes.", "Une osarah vaillante."] {
            let mut r = sample();
            r.description = Some(text.into());
            assert_eq!(quoted_person(&r), None, "{text}");
        }
    }

    #[test]
    fn every_other_text_of_the_record_is_looked_at_too() {
        let mut r = sample();
        r.kind = Some("Projet de Sarah Vaillant".into());
        assert_eq!(quoted_person(&r), Some("kind"));
        let mut r = sample();
        r.status = Some("Terminé SarahVaillant".into());
        assert_eq!(quoted_person(&r), Some("status"));
        let mut r = sample();
        r.source.file = "pages/VAILLANT Sarah notes.txt".into();
        assert_eq!(quoted_person(&r), Some("source"));
        let mut r = sample();
        r.foreign_partners.push(crate::model::ForeignPartner {
            name: "Ville".into(),
            country_label: Some("Sarah Vaillant".into()),
            ..Default::default()
        });
        assert_eq!(quoted_person(&r), Some("foreign_partners"));
        let mut r = sample();
        r.warn(3, "x", "voir Sarah VAILLANT");
        assert_eq!(quoted_person(&r), Some("warnings"));
        // Addresses and numbers where no profile replaces them.
        assert_eq!(contact_detail(&sample()), None);
        let mut r = sample();
        r.source.file = "pages/notes 06 12 34 56 78.txt".into();
        assert_eq!(contact_detail(&r), Some("source"));
        let mut r = sample();
        r.kind = Some("écrire à x@y.org".into());
        assert_eq!(contact_detail(&r), Some("kind"));
        // Free text and labels are replaced by the profiles, not refused here.
        let mut r = sample();
        r.description = Some("écrire à x@y.org".into());
        r.implementers.push("ONG x@y.org".into());
        assert_eq!(contact_detail(&r), None);
    }
}
