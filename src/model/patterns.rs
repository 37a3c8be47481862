//! What personal data looks like, whoever it belongs to: e-mail addresses (plain or written
//! `name[at]domain`) and phone numbers (international `+33 6 12 34 56 78`, French national
//! `06 12 34 56 78`, North American `(418) 555-1234`). Used to keep such text out of fields that
//! are not contacts, and by the last check of every output.

use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[a-z0-9][a-z0-9._%+\-]*\s?(?:@|\[\s?at\s?\]|\(\s?at\s?\)|\{\s?at\s?\}|\[@\]|\(@\)|\(?\barobase\b\)?|%40|%2540|&#0*64;|&#x0*40;|&commat;)\s?[a-z0-9\-]+(?:\s?\.\s?[a-z0-9\-]+|\s?(?:\[dot\]|\(dot\)|\{dot\})\s?[a-z0-9\-]+)*(?:\s?\.\s?|\s?\[dot\]\s?|\s?\(dot\)\s?|\s?\{dot\}\s?)[a-z]{2,}\b",
    )
    .ok()
});

static PHONE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        // International: a plus (or the plus in brackets), a country code, then 7 to 13 more
        // digits in groups. (`00` for the plus is not read: `20 001 500` euros would match.)
        r"(?:\+|\(\+)\d{1,3}\)?(?:[ .\-]?\(0\))?(?:[ .\-]?\d){7,13}\b",
        // French national: 0 then nine digits, in pairs or not.
        // Separators: a space, a dot, a hyphen or an underscore, with up to two spaces or
        // tabs around them (`06  12`, `06 - 12`), never a line break.
        r"|\b0[1-9](?:[ \t]{0,2}[.\-_]?[ \t]{0,2}\d{2}){4}\b",
        // North American: (418) 555-1234, 418-555-1234, 418.555.1234.
        r"|\(\d{3}\) ?\d{3}[ .\-]\d{4}\b|\b\d{3}[.\-]\d{3}[.\-]\d{4}\b",
    ))
    .ok()
});

/// `text` as the patterns read it, with where each of its bytes comes from in `text` (one
/// more entry for its end): invisible characters dropped, every kind of space a space, every
/// kind of dash a hyphen, and other characters folded to ASCII (full-width forms, other
/// digits, accented letters), so that `０６ １２…`, `06 12` with narrow no-break spaces or
/// `rémi＠exemple．fr` are found as their plain forms are.
fn folded(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let mut push = |s: &str| {
            out.push_str(s);
            at.extend(std::iter::repeat_n(i, s.len()));
        };
        match c {
            '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => {}
            c if c.is_ascii() => push(c.encode_utf8(&mut [0; 4])),
            c if c.is_whitespace() => push(" "),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => {
                push("-")
            }
            '\u{fe6b}' | '\u{ff20}' => push("@"),
            c => match deunicode::deunicode_char(c) {
                // One ASCII character for one character: what an address or a number is made
                // of; a transliteration into a word is not.
                Some(s) if s.len() == 1 => push(s),
                _ => push("\u{1}"),
            },
        }
    }
    at.push(text.len());
    (out, at)
}

/// The byte ranges in `text` of every match of `re` on its folded form.
fn matches(re: &Option<Regex>, text: &str) -> Vec<(usize, usize)> {
    let Some(re) = re else { return Vec::new() };
    // Plain ASCII text needs no folding (most of every dump).
    if text.is_ascii() {
        return re.find_iter(text).map(|m| (m.start(), m.end())).collect();
    }
    let (f, at) = folded(text);
    re.find_iter(&f)
        .filter(|m| m.end() > m.start())
        .map(|m| {
            // From the first character matched to the end of the last one (invisible
            // characters inside are within, those after it are not).
            let last = at[m.end() - 1];
            let len = text[last..].chars().next().map_or(0, char::len_utf8);
            (at[m.start()], last + len)
        })
        .collect()
}

/// The byte ranges of the e-mail addresses in `text`.
pub fn emails(text: &str) -> Vec<(usize, usize)> {
    matches(&EMAIL, text)
}

/// The byte ranges of the phone numbers in `text`.
pub fn phones(text: &str) -> Vec<(usize, usize)> {
    matches(&PHONE, text)
}

/// The byte range of the first e-mail address in `text`.
pub fn find_email(text: &str) -> Option<(usize, usize)> {
    emails(text).into_iter().next()
}

/// The byte range of the first phone number in `text`.
pub fn find_phone(text: &str) -> Option<(usize, usize)> {
    phones(text).into_iter().next()
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
        let found = matches(re, &out);
        if found.is_empty() {
            continue;
        }
        count += found.len();
        let mut next = String::with_capacity(out.len());
        let mut kept = 0;
        for (start, end) in found {
            next.push_str(&out[kept..start]);
            next.push_str(word);
            kept = end;
        }
        next.push_str(&out[kept..]);
        out = next;
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
            "Syndicat d’eau 20 000 15 000 2 500 2014",
            "20 001 500 000 € en 2014",
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
    fn other_spaces_dashes_digits_and_forms_are_read_as_plain_ones() {
        for t in [
            "tél. 01\u{202f}43\u{202f}17\u{202f}53\u{202f}53",
            "tél. (+33) 143175353",
            "tél. 01\u{2013}43\u{2013}17\u{2013}53\u{2013}53",
            "tél. 01\u{2011}43\u{2011}17\u{2011}53\u{2011}53",
            "tél. 0\u{200b}1 43 17 53 53",
            "tél. 06  12  34  56  78",
            "tél. 06\t12\t34\t56\t78",
            "tél. 06 - 12 - 34 - 56 - 78",
            "tél. 06_12_34_56_78",
            "tél. ０１４３１７５３５３",
            "tél. \u{660}\u{661}\u{664}\u{663}\u{661}\u{667}\u{665}\u{663}\u{665}\u{663}",
        ] {
            assert!(find_phone(t).is_some(), "{t}");
            let (r, n) = redact(t);
            assert!(n == 1 && r.ends_with("[téléphone retiré]"), "{t}: {r}");
        }
        for t in [
            "remi.quintard\u{ff20}diplomatie\u{ff0e}gouv\u{ff0e}fr",
            "rémi@exämple.fr",
            "ｒｅｍｉ@ｄｉｐｌｏ.ｆｒ",
            "remi [@] diplo.fr",
            "remi{at}diplo.fr",
            "remi%40diplo.fr",
            "remi&#64;diplo.fr",
            "remi&#x40;diplo.fr",
            "remi [ at ] diplo.fr",
            "remi (arobase) diplo.fr",
            "remi arobase diplo.fr",
            "remi%2540diplo.fr",
            "remi.quin\u{200b}tard@diplo.fr",
            "remi.quin\u{ad}tard@diplo.fr",
        ] {
            let (r, n) = redact(&format!("écrire à {t} demain"));
            assert_eq!(n, 1, "{t}: {r}");
            assert_eq!(r, "écrire à [courriel retiré] demain", "{t}");
        }
    }

    #[test]
    fn redaction_replaces_and_counts() {
        let (t, n) = redact("Écrire à a@b.fr ou au 06 12 34 56 78.");
        assert_eq!(n, 2);
        assert!(!has_contact_details(&t), "{t}");
    }
}
