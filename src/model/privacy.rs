//! Contacts are personal data: the profiles that decide how much of them leaves the tool.

use super::Record;
use super::patterns;
use super::roles::function_only;
use serde::{Deserialize, Serialize};

/// How much of the people named on a page is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ContactPolicy {
    /// Names, e-mails, roles and organisations.
    Full,
    /// Roles and organisations only: names and e-mails are dropped, and so is a role label or
    /// a mission whose split from the name was a guess (it may hold part of the name).
    #[default]
    Role,
    /// No contact or volunteer at all.
    None,
}

impl ContactPolicy {
    /// The profile's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ContactPolicy::Full => "full",
            ContactPolicy::Role => "role",
            ContactPolicy::None => "none",
        }
    }

    /// Applies this profile to `record`: the one way to a [`Redacted`] record, which is what
    /// the mapping takes. Under `role` and `none`, the names and e-mails removed are kept
    /// beside the record (never written) for the last check of a bundle.
    pub fn redact(self, mut record: Record) -> Redacted {
        let (removed, kept) = match self {
            ContactPolicy::Full => (Vec::new(), record.warnings.len()),
            ContactPolicy::Role | ContactPolicy::None => (
                personal_texts(&record),
                record
                    .warnings
                    .iter()
                    .filter(|w| !is_personal_field(&w.field))
                    .count(),
            ),
        };
        let mut reported = record.warnings.clone();
        self.apply(&mut record);
        // What the profile added (words withheld, text replaced) follows what the reader said.
        reported.extend(record.warnings.iter().skip(kept).cloned());
        Redacted {
            record,
            profile: self,
            removed,
            reported,
        }
    }

    /// Removes from `record` what this profile does not publish.
    fn apply(self, record: &mut Record) {
        match self {
            ContactPolicy::Full => {}
            ContactPolicy::Role => {
                let contacts = record
                    .diplomatic_post
                    .iter_mut()
                    .flat_map(|p| p.contacts.iter_mut())
                    .chain(record.foreign_contacts.iter_mut());
                let mut dropped: Vec<(usize, usize)> = Vec::new();
                for c in contacts {
                    c.given_name = None;
                    c.family_name = None;
                    c.email = None;
                    if c.raw.take().is_some() {
                        c.role = None;
                    }
                    // Only the words of the closed list reach a published function label.
                    if let Some(role) = c.role.take() {
                        let (kept, n) = function_only(&role);
                        c.role = kept;
                        if n > 0 {
                            dropped.push((c.line, n));
                        }
                    }
                }
                for v in &mut record.volunteers {
                    v.given_name = None;
                    v.family_name = None;
                    if v.raw.take().is_some() {
                        v.mission = None;
                    }
                    if let Some(mission) = v.mission.take() {
                        let (kept, n) = function_only(&mission);
                        // A mission with a word left out says something else: all or nothing.
                        v.mission = if n == 0 { kept } else { None };
                        if n > 0 {
                            dropped.push((0, n));
                        }
                    }
                }
                // Warnings quote raw rows, which may hold names.
                record.warnings.retain(|w| !is_personal_field(&w.field));
                for (line, n) in dropped {
                    record.warn(
                        line.max(1),
                        "privacy",
                        format!("{n} word(s) of a contact's function or a volunteer's mission were not published: not in the list of function words (--contacts role; not quoted)"),
                    );
                }
                redact_free_text(record);
            }
            ContactPolicy::None => {
                if let Some(post) = &mut record.diplomatic_post {
                    post.contacts.clear();
                }
                record.foreign_contacts.clear();
                record.volunteers.clear();
                record.warnings.retain(|w| !is_personal_field(&w.field));
                redact_free_text(record);
            }
        }
    }
}

/// A record with a contact profile applied. Only [`ContactPolicy::redact`] makes one, so a
/// record whose contacts were not redacted cannot reach the mapping or an output.
#[derive(Debug, Clone, PartialEq)]
pub struct Redacted {
    record: Record,
    profile: ContactPolicy,
    removed: Vec<PersonalText>,
    reported: Vec<super::Warning>,
}

impl Redacted {
    /// The profile applied.
    pub fn profile(&self) -> ContactPolicy {
        self.profile
    }

    /// The names and e-mails the profile removed (empty under `full`): what a bundle is
    /// searched for before it is published. Never written anywhere.
    pub fn removed(&self) -> &[PersonalText] {
        &self.removed
    }

    /// The warnings to tell the person running the job: every warning of the reader (those on
    /// contact fields too, which the redacted record no longer carries: they name a line, never
    /// the row), then what the profile withheld or replaced.
    pub fn warnings_to_report(&self) -> &[super::Warning] {
        &self.reported
    }
}

impl std::ops::Deref for Redacted {
    type Target = Record;

    fn deref(&self) -> &Record {
        &self.record
    }
}

/// The free-text fields of a record, by field name.
fn free_texts(record: &mut Record) -> [(&'static str, &mut Option<String>); 5] {
    [
        ("context", &mut record.context),
        ("history", &mut record.history),
        ("objective", &mut record.objective),
        ("description", &mut record.description),
        ("beneficiaries", &mut record.beneficiaries),
    ]
}

/// E-mail addresses and phone numbers in free text are someone's: replaced, and counted.
fn redact_free_text(record: &mut Record) {
    let mut notes = Vec::new();
    let (title, n) = patterns::redact(&record.title);
    if n > 0 {
        record.title = title;
        notes.push(("title", n));
    }
    for (field, text) in free_texts(record) {
        if let Some(t) = text.as_mut() {
            let (redacted, n) = patterns::redact(t);
            if n > 0 {
                *t = redacted;
                notes.push((field, n));
            }
        }
    }
    for (field, n) in notes {
        record.warn(
            1,
            field,
            format!("{n} e-mail address(es) or phone number(s) in the text were replaced (--contacts role or none)"),
        );
    }
}

/// The first free-text field of `record` (title included) that quotes one of its contacts or
/// volunteers by name or e-mail: under `role` or `none` such a record is not published.
pub fn quoted_person(record: &Record) -> Option<&'static str> {
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
    // is looked for in any case (four letters or more, whole words). A false hit refuses one
    // record with its line named; a miss would publish a name.
    let families: Vec<String> = record
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
        .filter(|f| f.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .map(str::to_lowercase)
        .collect();
    let families: Vec<String> = families.iter().map(|f| fold(f)).collect();
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
    let names_someone = |text: &str| {
        let (kept, lower) = (fold_keep_case(text), fold(text));
        people.iter().any(|(exact_case, p)| {
            if *exact_case {
                contains_word(&kept, p)
            } else {
                contains_word(&lower, p)
            }
        })
    };
    fields
        .into_iter()
        .find_map(|(field, text)| {
            let text = text?;
            (names_someone(text) || families.iter().any(|f| contains_word(&fold(text), f)))
                .then_some(field)
        })
        // An organisation's name is published whatever the profile: one that is a contact's
        // full name or e-mail (a person's row read as a partner, a funder, a post) names them.
        // The family name alone is not looked for here: towns and families share names.
        .or_else(|| {
            organisation_names(record)
                .find_map(|(field, name)| names_someone(name).then_some(field))
        })
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

/// A name or an e-mail address read from a contact, with where it was read: what `publish`
/// looks for in every file before it writes one under `role` or `none`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PersonalText {
    /// The text, as read: `Sarah VAILLANT`, `VAILLANT Sarah`, `VAILLANT`, `a@b.fr`.
    pub text: String,
    /// Matched with the case as written (a family name in capitals alone) or in any case.
    pub exact_case: bool,
    /// The file of the record.
    pub file: String,
    /// The line of the record.
    pub line: usize,
}

/// The names and e-mails of a record's contacts and volunteers: each e-mail, each full name
/// in both orders, and family names written in capitals (four letters or more), which rarely
/// mean anything else.
pub fn personal_texts(record: &Record) -> Vec<PersonalText> {
    let mut out = Vec::new();
    let mut push = |text: String, exact_case: bool| {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(PersonalText {
                text,
                exact_case,
                file: record.source.file.clone(),
                line: record.source.line,
            });
        }
    };
    let contacts = record
        .diplomatic_post
        .iter()
        .flat_map(|p| p.contacts.iter())
        .chain(record.foreign_contacts.iter());
    let people = contacts
        .map(|c| {
            (
                c.given_name.as_deref(),
                c.family_name.as_deref(),
                c.email.as_deref(),
            )
        })
        .chain(
            record
                .volunteers
                .iter()
                .map(|v| (v.given_name.as_deref(), v.family_name.as_deref(), None)),
        );
    for (given, family, email) in people {
        if let Some(e) = email {
            push(e.to_string(), false);
        }
        if let (Some(g), Some(f)) = (given, family) {
            push(format!("{g} {f}"), false);
            push(format!("{f} {g}"), false);
        }
        if let Some(f) = family {
            let upper = f.chars().any(char::is_alphabetic) && !f.chars().any(char::is_lowercase);
            if upper && f.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                push(f.to_string(), true);
            }
        }
    }
    out
}

fn is_personal_field(field: &str) -> bool {
    matches!(
        field,
        "diplomatic_post.contacts" | "foreign_contacts" | "volunteers"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, DiplomaticPost, Volunteer};

    fn sample() -> Record {
        Record {
            title: "T".into(),
            diplomatic_post: Some(DiplomaticPost {
                name: "Ambassade".into(),
                contacts: vec![Contact {
                    role: Some("Correspondant".into()),
                    given_name: Some("Sarah".into()),
                    family_name: Some("VAILLANT".into()),
                    email: Some("s@d.fr".into()),
                    ..Default::default()
                }],
            }),
            volunteers: vec![Volunteer {
                given_name: Some("Ana".into()),
                mission: Some("Appui au service de l'eau".into()),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn role_profile_keeps_roles_and_drops_names() {
        let mut r = sample();
        ContactPolicy::Role.apply(&mut r);
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(
            json.contains("Correspondant")
                && json.contains("\"mission\":\"Appui au service de l'eau\"")
        );
        for personal in ["Sarah", "VAILLANT", "s@d.fr", "Ana"] {
            assert!(!json.contains(personal), "{personal} leaked: {json}");
        }
    }

    #[test]
    fn role_profile_withholds_guessed_splits() {
        let mut r = sample();
        if let Some(post) = &mut r.diplomatic_post {
            post.contacts[0].role = Some("Jean Analyste".into());
            post.contacts[0].raw = Some("Org DUPONT Pierre Jean Analyste".into());
        }
        r.volunteers[0].mission = Some("Michel Appui".into());
        r.volunteers[0].raw = Some("MARTIN Ana Michel Appui".into());
        let mut full = r.clone();
        ContactPolicy::Full.apply(&mut full);
        assert_eq!(full, r);
        ContactPolicy::Role.apply(&mut r);
        let json = serde_json::to_string(&r).unwrap_or_default();
        for personal in ["Jean", "Michel", "DUPONT", "MARTIN", "raw"] {
            assert!(!json.contains(personal), "{personal} leaked: {json}");
        }
    }

    #[test]
    fn a_family_name_alone_in_free_text_names_the_person() {
        let mut r = sample();
        assert_eq!(quoted_person(&r), None);
        r.description = Some("Mme Vaillant coordonne le projet.".into());
        assert_eq!(quoted_person(&r), Some("description"));
        r.description = Some("Le travail vaillant des équipes.".into());
        assert_eq!(
            quoted_person(&r),
            Some("description"),
            "any case: refused, not guessed"
        );
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
    fn redaction_keeps_what_it_removed_aside() {
        let r = ContactPolicy::Role.redact(sample());
        assert_eq!(r.profile(), ContactPolicy::Role);
        let removed: Vec<&str> = r.removed().iter().map(|t| t.text.as_str()).collect();
        assert!(
            removed.contains(&"s@d.fr") && removed.iter().any(|t| t.contains("VAILLANT")),
            "{removed:?}"
        );
        let json = serde_json::to_string(&*r).unwrap_or_default();
        assert!(
            !json.contains("VAILLANT") && !json.contains("s@d.fr"),
            "{json}"
        );
        let full = ContactPolicy::Full.redact(sample());
        assert!(full.removed().is_empty());
        assert_eq!(*full, sample());
    }

    #[test]
    fn none_profile_drops_every_person() {
        let mut r = sample();
        ContactPolicy::None.apply(&mut r);
        assert!(r.diplomatic_post.map(|p| p.contacts.is_empty()) == Some(true));
        assert!(r.volunteers.is_empty());
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
}
