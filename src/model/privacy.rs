//! Contacts are personal data: the profiles that decide how much of them leaves the tool.

use super::Record;
use serde::{Deserialize, Serialize};

/// How much of the people named on a page is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ContactPolicy {
    /// Names, e-mails, roles and organisations.
    #[default]
    Full,
    /// Roles and organisations only: names and e-mails are dropped.
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
                }
                for v in &mut record.volunteers {
                    v.given_name = None;
                    v.family_name = None;
                    v.raw = None;
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
                    organisation: None,
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
    fn none_profile_drops_every_person() {
        let mut r = sample();
        ContactPolicy::None.apply(&mut r);
        assert!(r.diplomatic_post.map(|p| p.contacts.is_empty()) == Some(true));
        assert!(r.volunteers.is_empty());
    }
}
