//! The people of a page: the diplomatic post's contact blocks, the partner-contact rows and
//! the volunteer rows, split into name, function, organisation and e-mail by what the page
//! itself says. Personal data: a warning names the line, never the row.

use super::Lines;
use crate::ingest::values;
use crate::model::names::normalise;
use crate::model::{Contact, Record, Volunteer};
use crate::model::{patterns, themes};

/// What a warning says in place of a value that is personal data: the line number leads to it.
const NOT_QUOTED: &str = "not quoted: personal data";

/// Whether a contact line gives a phone number (`Tél : ...`, `Téléphone`, `Portable`, `Fax`).
fn is_phone_line(key: &str) -> bool {
    [
        "tel ",
        "tel",
        "telephone",
        "portable",
        "mobile",
        "fax",
        "phone",
    ]
    .iter()
    .any(|p| key == *p || key.starts_with(&format!("{p} ")))
}

/// Blocks of `role`, `Given FAMILY`, `Courriel : x[at]y`, separated by blank lines (a block
/// also ends at its e-mail, or when a third line comes).
pub(super) fn read_post_contacts(rec: &mut Record, lines: &Lines) -> Vec<Contact> {
    const FIELD: &str = "diplomatic_post.contacts";
    let mut contacts = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let mut email: Option<String> = None;
    let mut open = false;
    let mut finish = |rec: &mut Record,
                      block: &mut Vec<(usize, &str)>,
                      email: &mut Option<String>,
                      open: &mut bool| {
        if *open {
            contacts.push(post_contact(rec, block, email.take()));
        }
        block.clear();
        *open = false;
    };
    for (n, line) in lines {
        let line = line.trim();
        if line.is_empty() {
            finish(rec, &mut block, &mut email, &mut open);
            continue;
        }
        let key = normalise(line);
        if is_phone_line(&key)
            || (patterns::find_phone(line).is_some() && !values::looks_like_email(line))
        {
            // No field holds a phone number: it is dropped, and the line named.
            rec.warn(
                *n,
                FIELD,
                format!("a phone number was not read: no field holds one ({NOT_QUOTED})"),
            );
            continue;
        }
        if key.starts_with("courriel") || key.starts_with("e mail") || key.starts_with("email") {
            let value = line.split_once(':').map_or("", |(_, v)| v.trim());
            match values::email(value) {
                Ok(e) => email = Some(e),
                Err(_) => rec.warn(*n, FIELD, format!("not an e-mail address ({NOT_QUOTED})")),
            }
            open = true;
            finish(rec, &mut block, &mut email, &mut open);
            continue;
        }
        if block.len() == 2 {
            // A third line before the e-mail: a new block without a blank line between.
            finish(rec, &mut block, &mut email, &mut open);
        }
        block.push((*n, line));
        open = true;
    }
    finish(rec, &mut block, &mut email, &mut open);
    contacts
}

/// Whether a line holds a word that opens a function (`Conseiller`, `Correspondant`); words
/// in capitals are family names in this layout (`Marie MAIRE`), not functions.
fn has_role_word(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| !values::is_upper_word(w) && values::is_role_word(w))
}

/// Whether a line reads as `Given FAMILY`: a few capitalised words then words in capitals,
/// no function word, no digit.
fn looks_like_name(line: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "du", "des", "d'", "da", "di", "van", "von", "le", "la",
    ];
    let words: Vec<&str> = line.split_whitespace().collect();
    let (given, family, guessed) = values::given_family(line);
    (2..=6).contains(&words.len())
        && given.is_some()
        && family.is_some()
        && !guessed
        && !has_role_word(line)
        && !line.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| {
            values::is_upper_word(w)
                || w.starts_with(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
}

/// A function and a `Given FAMILY` name written on one line, in either order: the name is
/// the family name in capitals at one end with the capitalised given names next to it.
fn split_role_and_name(line: &str) -> Option<(String, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let given_word = |w: &&&str| {
        w.starts_with(char::is_uppercase)
            && !values::is_upper_word(w)
            && crate::model::roles::function_only(w).0.is_none()
    };
    let upper = |w: &&&str| {
        values::is_upper_word(w) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
    };
    // The name last: `... Given FAMILY`.
    let family = words.iter().rev().take_while(upper).count();
    if family > 0 && family < words.len() {
        let head = &words[..words.len() - family];
        let given = head.iter().rev().take_while(given_word).count();
        let role = &head[..head.len() - given];
        if given > 0 && !role.is_empty() && has_role_word(&role.join(" ")) {
            return Some((role.join(" "), words[role.len()..].join(" ")));
        }
    }
    // The name first: `Given FAMILY ...`.
    let given = words.iter().take_while(given_word).count();
    let family = words[given..].iter().take_while(upper).count();
    let role = &words[given + family..];
    if given > 0 && family > 0 && !role.is_empty() && has_role_word(&role.join(" ")) {
        return Some((role.join(" "), words[..given + family].join(" ")));
    }
    None
}

/// One block of the diplomatic post's contacts: its function and name lines, told apart by
/// what they say rather than by their order alone.
fn post_contact(rec: &mut Record, block: &[(usize, &str)], email: Option<String>) -> Contact {
    const FIELD: &str = "diplomatic_post.contacts";
    let mut c = Contact {
        email,
        line: block.first().map_or(0, |(n, _)| *n),
        ..Default::default()
    };
    let set_name = |rec: &mut Record, c: &mut Contact, n: usize, text: &str| {
        let (given, family, guessed) = values::given_family(text);
        if guessed {
            rec.warn(
                n,
                FIELD,
                "no family name in capitals; the last word was taken as the family name",
            );
        }
        c.given_name = given;
        c.family_name = family;
    };
    match block {
        [] => {}
        [(n, a)] => {
            if let Some((role, name)) = split_role_and_name(a) {
                // "Correspondant coopération Sarah VAILLANT": both on one line.
                c.role = Some(role);
                set_name(rec, &mut c, *n, &name);
            } else if has_role_word(a) {
                c.role = Some(a.to_string());
            } else if looks_like_name(a) {
                rec.warn(
                    *n,
                    FIELD,
                    "a contact without a function line: its one line was read as a name",
                );
                set_name(rec, &mut c, *n, a);
            } else {
                rec.warn(*n, FIELD, "a contact line that is neither a known function nor a name written Given FAMILY: kept as the function with --contacts full only");
                c.role = Some(a.to_string());
                c.raw = Some(a.to_string());
            }
        }
        [(na, a), (nb, b), ..] => {
            let a_name = !has_role_word(a) && looks_like_name(a);
            if a_name && (has_role_word(b) || !looks_like_name(b)) {
                // The name came first: `Sarah VAILLANT` then `Correspondant ...`.
                c.role = Some(b.to_string());
                set_name(rec, &mut c, *na, a);
            } else {
                c.role = Some(a.to_string());
                set_name(rec, &mut c, *nb, b);
                if a_name {
                    rec.warn(*na, FIELD, "both lines of this contact read as names: the first was kept as the function, with --contacts full only");
                    c.raw = Some(format!("{a} / {b}"));
                }
            }
        }
    }
    c
}

/// `Organisation Family Given Function e-mail`, the organisation being a listed partner.
pub(super) fn read_foreign_contact(rec: &mut Record, line: usize, row: &str) -> Contact {
    const FIELD: &str = "foreign_contacts";
    let mut words: Vec<&str> = row.split_whitespace().collect();
    let mut contact = Contact {
        line,
        ..Default::default()
    };
    let mut guesses = Vec::new();
    // The e-mail closes the row; whatever follows it (a phone number, a second address, a
    // word) has no column, so it is dropped and counted rather than read as the function.
    if let Some(at) = words.iter().position(|w| values::looks_like_email(w)) {
        let after = words.len() - at - 1;
        if after > 0 {
            rec.warn(
                line,
                FIELD,
                format!("{after} word(s) after the e-mail address were not read: no column holds them ({NOT_QUOTED})"),
            );
        }
        match values::email(words[at]) {
            Ok(e) => contact.email = Some(e),
            Err(_) => rec.warn(line, FIELD, format!("not an e-mail address ({NOT_QUOTED})")),
        }
        words.truncate(at);
    }
    let before = words.len();
    words.retain(|w| !w.chars().any(|c| c.is_ascii_digit()));
    if words.len() < before {
        rec.warn(
            line,
            FIELD,
            format!("{} word(s) with digits (a phone number?) were not read: no column holds them ({NOT_QUOTED})", before - words.len()),
        );
    }
    let mut partners: Vec<&str> = rec
        .foreign_partners
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    partners.sort_by_key(|p| std::cmp::Reverse(p.split_whitespace().count()));
    let matched = partners.iter().find_map(|p| {
        let k = p.split_whitespace().count();
        (k <= words.len() && normalise(&words[..k].join(" ")) == normalise(p)).then_some(k)
    });
    match matched {
        Some(k) => {
            contact.organisation = Some(words[..k].join(" "));
            words.drain(..k);
        }
        None => guesses
            .push("the organisation is not one of the listed foreign partners, so it was left out"),
    }
    let family_len = match words
        .iter()
        .take_while(|w| values::is_upper_word(w))
        .count()
    {
        0 => usize::from(!words.is_empty()),
        k => k,
    };
    if family_len > 0 {
        contact.family_name = Some(words[..family_len].join(" "));
    }
    let rest = &words[family_len..];
    let role_at = rest.iter().position(|w| values::is_role_word(w));
    let given_len = match role_at {
        Some(0) if !rest.is_empty() => {
            guesses.push("no given name before the function");
            0
        }
        Some(k) => k,
        None if rest.len() >= 2 => {
            guesses.push("no known function word: the first word after the family name was taken as the given name, and the function is kept with --contacts full only");
            contact.raw = Some(row.to_string());
            1
        }
        None => rest.len(),
    };
    if given_len > 0 {
        contact.given_name = Some(rest[..given_len].join(" "));
    }
    if rest.len() > given_len {
        contact.role = Some(rest[given_len..].join(" "));
    }
    if !guesses.is_empty() {
        rec.warn(
            line,
            FIELD,
            format!("{} (row {NOT_QUOTED})", guesses.join("; ")),
        );
    }
    contact
}

/// `FAMILY Given Mission Fields Entity`: the entity is a listed organisation, the fields a
/// top-level theme; what lies between is the mission.
pub(super) fn read_volunteer(rec: &mut Record, line: usize, row: &str) -> Volunteer {
    let words: Vec<&str> = row.split_whitespace().collect();
    let mut v = Volunteer::default();
    let family_len = words
        .iter()
        .take_while(|w| values::is_upper_word(w))
        .count();
    let mut guessed = family_len == 0;
    let family_len = family_len.max(usize::from(!words.is_empty()));
    v.family_name = (family_len > 0).then(|| words[..family_len].join(" "));
    let mut rest: &[&str] = &words[family_len..];
    if let Some((given, tail)) = rest.split_first() {
        v.given_name = Some(given.to_string());
        rest = tail;
    } else {
        guessed = true;
    }
    let orgs: Vec<String> = rec
        .french_partners
        .iter()
        .map(|p| p.name.clone())
        .chain(rec.foreign_partners.iter().map(|p| p.name.clone()))
        .chain(rec.project_owners.iter().cloned())
        .chain(rec.implementers.iter().cloned())
        .chain(rec.diplomatic_post.iter().map(|p| p.name.clone()))
        .collect();
    match take_suffix(rest, &orgs) {
        Some((head, entity)) => {
            v.entity = Some(entity);
            rest = head;
        }
        None => guessed = true,
    }
    let fields: Vec<String> = themes::known()
        .paths()
        .into_iter()
        .filter(|p| p.len() == 1)
        .flatten()
        .chain(rec.main_theme.first().cloned())
        .collect();
    match take_suffix(rest, &fields) {
        Some((head, f)) => {
            v.fields = Some(f);
            rest = head;
        }
        None => guessed = true,
    }
    // A second given name would open the mission: two capitalised words there may be one.
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase) && !values::is_role_word(w);
    if rest.len() >= 2 && rest[..2].iter().all(capitalised) {
        guessed = true;
    }
    v.mission = (!rest.is_empty()).then(|| rest.join(" "));
    if guessed {
        v.raw = Some(row.to_string());
        rec.warn(
            line,
            "volunteers",
            format!("the columns of this row could not all be told apart: the mission and the raw row are kept with --contacts full only (row {NOT_QUOTED})"),
        );
    }
    v
}

/// The longest of `candidates` that ends `words`, with the words before it.
fn take_suffix<'a>(words: &'a [&'a str], candidates: &[String]) -> Option<(&'a [&'a str], String)> {
    let mut best: Option<(usize, String)> = None;
    for c in candidates {
        let k = c.split_whitespace().count();
        if k == 0 || k > words.len() || best.as_ref().is_some_and(|(b, _)| *b >= k) {
            continue;
        }
        let tail = words[words.len() - k..].join(" ");
        if normalise(&tail) == normalise(c) {
            best = Some((k, tail));
        }
    }
    best.map(|(k, tail)| (&words[..words.len() - k], tail))
}
