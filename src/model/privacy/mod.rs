//! Contacts are personal data: the profiles that decide how much of them leaves the tool.

use super::Record;
use super::patterns;
use super::roles::function_only;
use serde::{Deserialize, Serialize};

mod quoted;
mod written;
pub use quoted::{contact_detail, quoted_person, refusal};

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
                // A row's own line when the reader knew it, else the record's.
                let record_line = record.source.line.max(1);
                for (line, n) in dropped {
                    record.warn(
                        if line == 0 { record_line } else { line },
                        "privacy",
                        format!("{n} word(s) of a contact's function or a volunteer's mission were not published: not in the list of function words (--contacts role; not quoted)"),
                    );
                }
                redact_contact_details(record);
            }
            ContactPolicy::None => {
                if let Some(post) = &mut record.diplomatic_post {
                    post.contacts.clear();
                }
                record.foreign_contacts.clear();
                record.volunteers.clear();
                record.warnings.retain(|w| !is_personal_field(&w.field));
                redact_contact_details(record);
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

/// The names a record publishes as labels whatever the profile (the post, partners, owners,
/// implementers, funders, themes, a contact's organisation, a volunteer's entity, fields and
/// mission), by field.
fn labels_mut(record: &mut Record) -> Vec<(&'static str, &mut String)> {
    let mut out: Vec<(&'static str, &mut String)> = Vec::new();
    if let Some(post) = record.diplomatic_post.as_mut() {
        out.push(("diplomatic_post", &mut post.name));
        for c in &mut post.contacts {
            out.extend(c.organisation.as_mut().map(|o| ("contacts", o)));
        }
    }
    for c in &mut record.foreign_contacts {
        out.extend(c.organisation.as_mut().map(|o| ("contacts", o)));
    }
    out.extend(
        record
            .french_partners
            .iter_mut()
            .map(|p| ("french_partners", &mut p.name)),
    );
    out.extend(
        record
            .foreign_partners
            .iter_mut()
            .map(|p| ("foreign_partners", &mut p.name)),
    );
    out.extend(
        record
            .project_owners
            .iter_mut()
            .map(|n| ("project_owners", n)),
    );
    out.extend(record.implementers.iter_mut().map(|n| ("implementers", n)));
    out.extend(
        record
            .funding
            .iter_mut()
            .map(|f| ("funding", &mut f.funder)),
    );
    out.extend(record.main_theme.iter_mut().map(|t| ("main_theme", t)));
    for t in &mut record.other_themes {
        out.extend(t.path.iter_mut().map(|l| ("other_themes", l)));
    }
    for v in &mut record.volunteers {
        for t in [&mut v.entity, &mut v.fields, &mut v.mission] {
            out.extend(t.as_mut().map(|t| ("volunteers", t)));
        }
    }
    out
}

/// E-mail addresses and phone numbers in free text and in labels are someone's: replaced, and
/// counted.
fn redact_contact_details(record: &mut Record) {
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
    // Names published as labels whatever the profile: an address in one is someone's too.
    for (field, label) in labels_mut(record) {
        let (redacted, n) = patterns::redact(label);
        if n > 0 {
            *label = redacted;
            notes.push((field, n));
        }
    }
    let line = record.source.line.max(1);
    for (field, n) in notes {
        record.warn(
            line,
            field,
            format!("{n} e-mail address(es) or phone number(s) in the text were replaced (--contacts role or none)"),
        );
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
/// in both orders (spaced and glued), and family names written in capitals (four letters or more), which rarely
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
            // Glued ("SarahVaillant", "sarah_vaillant", "sarah.vaillant"), in both orders:
            // what a bundle is searched for too.
            let parts = |t: &str| -> Vec<String> {
                t.split(|c: char| c.is_whitespace() || c == '-')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            // As written and folded to ASCII (an IRI's slug writes `remi-quintard`).
            let mut forms = vec![(parts(g), parts(f))];
            let ascii = (deunicode::deunicode(g), deunicode::deunicode(f));
            if (ascii.0.as_str(), ascii.1.as_str()) != (g, f) {
                push(format!("{} {}", ascii.0, ascii.1), false);
                push(format!("{} {}", ascii.1, ascii.0), false);
                forms.push((parts(&ascii.0), parts(&ascii.1)));
            }
            for (g, f) in forms {
                if g.is_empty() || f.is_empty() {
                    continue;
                }
                for sep in ["", "_", ".", "-"] {
                    push([g.as_slice(), f.as_slice()].concat().join(sep), false);
                    push([f.as_slice(), g.as_slice()].concat().join(sep), false);
                }
            }
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
pub(crate) mod tests {
    use super::*;
    use crate::model::{Contact, DiplomaticPost, Volunteer};

    /// A record with one contact (an e-mail, a family name in capitals) and one volunteer.
    pub(crate) fn sample() -> Record {
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
    fn an_address_or_a_phone_in_a_label_is_replaced_under_role_and_none() {
        for profile in [ContactPolicy::Role, ContactPolicy::None] {
            let mut r = sample();
            r.foreign_partners.push(crate::model::ForeignPartner {
                name: "Mairie (contact: maire@ville.example, +33 1 23 45 67 89)".into(),
                ..Default::default()
            });
            r.implementers.push("ONG x@y.org".into());
            r.source.line = 5;
            let r = profile.redact(r);
            let json = serde_json::to_string(&*r).unwrap_or_default();
            // The warnings name the record's line (a JSON Lines or CSV record's own).
            assert!(
                r.warnings_to_report()
                    .iter()
                    .filter(|w| w.message.contains("replaced"))
                    .all(|w| w.line == 5),
                "{:?}",
                r.warnings_to_report()
            );
            for leaked in ["maire@ville.example", "23 45 67 89", "x@y.org"] {
                assert!(!json.contains(leaked), "{leaked} kept: {json}");
            }
            let fields: Vec<&str> = r
                .warnings_to_report()
                .iter()
                .map(|w| w.field.as_str())
                .collect();
            assert!(
                fields.contains(&"foreign_partners") && fields.contains(&"implementers"),
                "{fields:?}"
            );
        }
        let mut r = sample();
        r.implementers.push("ONG x@y.org".into());
        let full = ContactPolicy::Full.redact(r.clone());
        assert_eq!(*full, r, "full keeps what was read");
    }
}
