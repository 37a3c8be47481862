//! What personal data looks like, whoever it belongs to: e-mail addresses (plain or written
//! `name[at]domain`) and phone numbers (international `+33 6 12 34 56 78`, French national
//! `06 12 34 56 78`, North American `(418) 555-1234`). Used to keep such text out of fields that
//! are not contacts, and by the last check of every output.

use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[a-z0-9][a-z0-9._%+\-]*\s?(?:[@＠﹫]|\[at\]|\(at\))\s?[a-z0-9\-]+(?:\.[a-z0-9\-]+|\s?(?:\[dot\]|\(dot\))\s?[a-z0-9\-]+)*(?:\.|\s?\[dot\]\s?|\s?\(dot\)\s?)[a-z]{2,}",
    )
    .ok()
});

static PHONE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        // International: a plus, a country code, then 7 to 13 more digits in groups.
        r"\+\d{1,3}(?:[ .\-\u{a0}]?\(0\))?(?:[ .\-\u{a0}]?\d){7,13}\b",
        // French national: 0 then nine digits, in pairs or not.
        r"|\b0[1-9](?:[ .\-\u{a0}]?\d{2}){4}\b",
        // North American: (418) 555-1234, 418-555-1234, 418.555.1234.
        r"|\(\d{3}\)[ \u{a0}]?\d{3}[ .\-\u{a0}]\d{4}\b|\b\d{3}[.\-]\d{3}[.\-]\d{4}\b",
    ))
    .ok()
});

/// The byte range of the first e-mail address in `text`.
pub fn find_email(text: &str) -> Option<(usize, usize)> {
    let m = EMAIL.as_ref()?.find(text)?;
    Some((m.start(), m.end()))
}

/// The byte range of the first phone number in `text`.
pub fn find_phone(text: &str) -> Option<(usize, usize)> {
    let m = PHONE.as_ref()?.find(text)?;
    Some((m.start(), m.end()))
}

/// Whether `text` holds an e-mail address or a phone number.
pub fn has_contact_details(text: &str) -> bool {
    find_email(text).is_some() || find_phone(text).is_some()
}

/// Whether `text` opens with a civility (`M.`, `Mme`, `Monsieur`, `Dr` ...): a person, not an
/// organisation.
pub fn names_a_person(text: &str) -> bool {
    const CIVILITIES: &[&str] = &[
        "m.",
        "mme",
        "mme.",
        "mlle",
        "mlle.",
        "monsieur",
        "madame",
        "mademoiselle",
        "dr",
        "dr.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "sr.",
        "sra.",
    ];
    text.split_whitespace()
        .next()
        .is_some_and(|w| CIVILITIES.contains(&w.to_lowercase().as_str()))
}

/// `text` with every e-mail address and phone number replaced by a bracketed word, and how
/// many were replaced.
pub fn redact(text: &str) -> (String, usize) {
    let mut out = text.to_string();
    let mut count = 0;
    for (re, word) in [
        (&*EMAIL, "[courriel retiré]"),
        (&*PHONE, "[téléphone retiré]"),
    ] {
        if let Some(re) = re {
            let n = re.find_iter(&out).count();
            if n > 0 {
                count += n;
                out = re.replace_all(&out, word).into_owned();
            }
        }
    }
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_plain_and_obfuscated() {
        for t in [
            "jmgarro@quebecinternational.ca",
            "écrire à sarah.vaillant[at]diplomatie.gouv.fr demain",
            "a (at) b [dot] fr",
            "Contact: J.Doe@Example.ORG.",
            "ou paul.durand\u{ff20}exemple.fr (arobase pleine largeur)",
        ] {
            assert!(find_email(t).is_some(), "{t}");
        }
        for t in [
            "Cosmetic Valley 20400 2017",
            "1% Eau (Loi Oudin 2005)",
            "a @ home",
            "x@y",
        ] {
            assert!(find_email(t).is_none(), "{t}");
        }
    }

    #[test]
    fn phones_in_common_forms_and_not_amounts() {
        for t in [
            "+33 6 12 34 56 78",
            "tél. 06 12 34 56 78",
            "0612345678",
            "06.12.34.56.78",
            "+1 418 555 1234",
            "(418) 555-1234",
            "+229 97 00 00 00",
        ] {
            assert!(find_phone(t).is_some(), "{t}");
        }
        for t in [
            "Cosmetic Valley 20400 2017",
            "Ministère 5 257 2018",
            "SIREN 200033181",
            "2018-12-31",
            "31/12/2018",
            "Paris 2024 500 2017",
            "1 250 000 €",
        ] {
            assert!(find_phone(t).is_none(), "{t}");
        }
    }

    #[test]
    fn a_civility_opens_a_person_not_an_organisation() {
        for t in [
            "M. Jean DUPONT",
            "Mme Vaillant",
            "Monsieur le Maire",
            "Dr. Okafor",
        ] {
            assert!(names_a_person(t), "{t}");
        }
        for t in [
            "Mairie de Lyon",
            "Ministère de l'Europe",
            "Madagascar Initiative",
        ] {
            assert!(!names_a_person(t), "{t}");
        }
    }

    #[test]
    fn redaction_replaces_and_counts() {
        let (t, n) = redact("Écrire à a@b.fr ou au 06 12 34 56 78.");
        assert_eq!(n, 2);
        assert!(!has_contact_details(&t), "{t}");
    }
}
