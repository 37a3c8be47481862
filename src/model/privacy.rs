//! Contacts are personal data: the profiles that decide how much of them leaves the tool.

use super::Record;
use serde::{Deserialize, Serialize};

/// How much of the people named on a page is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
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
    /// Removes from `record` what this profile does not publish.
    pub fn apply(self, record: &mut Record) {
        match self {
            ContactPolicy::Full => {}
            ContactPolicy::Role => {
                let contacts = record
                    .diplomatic_post
                    .iter_mut()
                    .flat_map(|p| p.contacts.iter_mut())
                    .chain(record.foreign_contacts.iter_mut());
                for c in contacts {
                    c.given_name = None;
                    c.family_name = None;
                    c.email = None;
                    if c.raw.take().is_some() {
                        c.role = None;
                    }
                }
                for v in &mut record.volunteers {
                    v.given_name = None;
                    v.family_name = None;
                    if v.raw.take().is_some() {
                        v.mission = None;
                    }
                }
                // Warnings quote raw rows, which may hold names.
                record.warnings.retain(|w| !is_personal_field(&w.field));
            }
            ContactPolicy::None => {
                if let Some(post) = &mut record.diplomatic_post {
                    post.contacts.clear();
                }
                record.foreign_contacts.clear();
                record.volunteers.clear();
                record.warnings.retain(|w| !is_personal_field(&w.field));
            }
        }
    }
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
                mission: Some("M".into()),
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
        assert!(json.contains("Correspondant") && json.contains("\"mission\":\"M\""));
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
    fn none_profile_drops_every_person() {
        let mut r = sample();
        ContactPolicy::None.apply(&mut r);
        assert!(r.diplomatic_post.map(|p| p.contacts.is_empty()) == Some(true));
        assert!(r.volunteers.is_empty());
    }
}
